"""Imports every command module so each registers on the app."""

from campus.cli import deploy, stacks, synth  # noqa: F401
