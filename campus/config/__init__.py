"""Typed stack configuration: `stacks/Pulumi.<stack>.yaml` → `StackConfig`."""

from campus.config.loader import STACKS, load_all_stacks, load_stack_config, stack_file
from campus.config.model import StackConfig

__all__ = ["STACKS", "StackConfig", "load_all_stacks", "load_stack_config", "stack_file"]
