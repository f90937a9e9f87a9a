"""What `pulumi preview --policy-pack policies/pulumi` runs: builds the pack, which serves gRPC and blocks."""

from campus_guard import PACK_NAME, policies
from pulumi_policy import EnforcementLevel, PolicyPack

PolicyPack(
    name=PACK_NAME,
    enforcement_level=EnforcementLevel.ADVISORY,
    policies=policies(),
)
