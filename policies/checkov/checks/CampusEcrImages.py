from __future__ import annotations

import re
from typing import Any

from campus_pod_spec import PodSpecCheck, containers

# The campus/ repositories of a private ECR registry (any account and region: one per environment), or of the
# ECR Public alias `campus` that the learner-lab environment pulls from (as the admission image-registry rule).
CAMPUS_ECR_IMAGE = re.compile(
    r"^(\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?|public\.ecr\.aws)/campus/[a-z0-9._/-]+[:@]"
)


class CampusEcrImages(PodSpecCheck):
    def __init__(self) -> None:
        super().__init__(name="Container images come from the campus ECR repositories", id="CKV_CAMPUS_K8S_8")

    def pod_is_acceptable(self, conf: dict[str, Any], metadata: dict[str, Any], spec: dict[str, Any]) -> bool:
        return all(CAMPUS_ECR_IMAGE.match(str(container.get("image", ""))) for container in containers(spec))


check = CampusEcrImages()
