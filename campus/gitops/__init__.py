"""GitOps tree validation: render overlays with kustomize, check them against contracts, stack graphs and Argo CD
projects, generate the topic catalog ConfigMaps and promote images between environments."""

from campus.gitops.addons import check_addons
from campus.gitops.consistency import check_consistency
from campus.gitops.kustomize import build_all, build_overlay
from campus.gitops.promote import promote
from campus.gitops.rules import consistency_rules

__all__ = ["build_all", "build_overlay", "check_addons", "check_consistency", "consistency_rules", "promote"]
