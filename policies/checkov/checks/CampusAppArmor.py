from __future__ import annotations

from typing import Any

from campus_pod_spec import PodSpecCheck, pod_annotations, security_contexts

ALLOWED_PROFILE_TYPES = frozenset({"RuntimeDefault", "Localhost"})
LEGACY_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"


class CampusAppArmor(PodSpecCheck):
    """AppArmor may be left unset, but never switched off or overridden with an unconfined profile."""

    def __init__(self) -> None:
        super().__init__(
            name="AppArmor profile, when set, is RuntimeDefault or Localhost", id="CKV_CAMPUS_K8S_2"
        )

    def pod_is_acceptable(self, conf: dict[str, Any], metadata: dict[str, Any], spec: dict[str, Any]) -> bool:
        for context in security_contexts(spec):
            profile = context.get("appArmorProfile") or {}
            if profile and profile.get("type") not in ALLOWED_PROFILE_TYPES:
                return False
        return all(
            value == "runtime/default" or value.startswith("localhost/")
            for key, value in pod_annotations(metadata).items()
            if key.startswith(LEGACY_ANNOTATION_PREFIX)
        )


check = CampusAppArmor()
