"""Property-based bad configs: whatever a stack file holds, the answer is a config or one line naming the key."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campus.config import load_stack_config
from campus.errors import CampusInputError

KEYS = ["campus:network", "campus:logRetentionDays", "campus:protectStateful", "campus:storage", "campus:tables",
        "campus:owner", "campus:encryption", "aws:region", "campus:accountId", "campus:unknownThing", "other:key"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5000), st.text(max_size=12),
                    st.sampled_from(["10.0.0.0/16", "us-east-1", "us-east-1a", "perAz", "single", "999"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["cidr", "availabilityZones", "natGateways", "buckets", "tables", "subnets",
                                     "public", "private", "isolated", "hashKey", "bogus"]), inner, max_size=4)),
    max_leaves=8)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(st.sampled_from(KEYS), values, min_size=1, max_size=3),
       stack=st.sampled_from(["dev", "prod", "learner-lab"]))
def test_any_config_loads_or_fails_with_one_line_naming_file_and_key(
        tmp_path_factory, repo_root: Path, changes: dict, stack: str) -> None:
    project = tmp_path_factory.mktemp("p")
    shutil.copytree(repo_root / "stacks", project / "stacks", ignore=shutil.ignore_patterns("__pycache__"))
    path = project / "stacks" / f"Pulumi.{stack}.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["config"].update(changes)
    path.write_text(yaml.safe_dump(doc))
    try:
        load_stack_config(project, stack)
    except CampusInputError as err:
        message = str(err)
        assert "\n" not in message
        assert message.startswith(f"stacks/Pulumi.{stack}.yaml: ")
        key = message.split(": ")[1]
        assert key.startswith(("campus:", "aws:", "other:", "line ")), message
