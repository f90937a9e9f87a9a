"""Every overlay and platform directory renders with the real kubectl kustomize; broken ones fail in one line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from campus.catalog.contracts import Contract
from campus.errors import CampusInputError
from campus.gitops import build_all, build_overlay, kustomize
from campus.gitops.kustomize import ALL_ENVIRONMENTS, build_targets, kubectl_path
from campus.gitops.layout import ENVIRONMENTS
from campus.manifests import Manifest
from tests.gitops.support import ROOT, copy_tree, edit


def test_kubectl_comes_from_the_environment() -> None:
    assert kubectl_path().parent == Path(sys.executable).parent


def test_every_service_has_an_overlay_per_environment(
    rendered: dict[tuple[str, str], list[Manifest]], contracts: dict[str, Contract]
) -> None:
    assert {(s, e) for s in contracts for e in ENVIRONMENTS} <= set(rendered)


def test_every_target_renders_objects(rendered: dict[tuple[str, str], list[Manifest]]) -> None:
    assert set(rendered) == set(build_targets(ROOT))
    empty = [key for key, manifests in rendered.items() if not manifests]
    assert empty == []


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_service_overlay_kinds(rendered: dict[tuple[str, str], list[Manifest]], environment: str) -> None:
    kinds = {m.kind for m in rendered[("quiz", environment)]}
    assert {"Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy"} <= kinds
    if environment == "learner-lab":
        assert "HorizontalPodAutoscaler" not in kinds and "ExternalSecret" not in kinds
        assert "ServiceAccount" in kinds
        assert "ConfigMap" not in kinds  # <service>-infra comes from the lab host bootstrap (stack outputs)
    else:
        assert {"HorizontalPodAutoscaler", "ExternalSecret"} <= kinds
        assert not {"ServiceAccount", "ConfigMap"} & kinds  # Pulumi's on EKS


@pytest.mark.parametrize(("environment", "bounds"), [("dev", (1, 3)), ("staging", (2, 4)), ("prod", (2, 10))])
def test_hpa_bounds_per_environment(
    rendered: dict[tuple[str, str], list[Manifest]], environment: str, bounds: tuple[int, int]
) -> None:
    for service in ("api-gateway", "chatbot-rag"):
        hpa = next(m for m in rendered[(service, environment)] if m.kind == "HorizontalPodAutoscaler")
        assert (hpa.doc["spec"]["minReplicas"], hpa.doc["spec"]["maxReplicas"]) == bounds


def test_objects_name_their_source_file(rendered: dict[tuple[str, str], list[Manifest]]) -> None:
    deployment = next(m for m in rendered[("feedback", "prod")] if m.kind == "Deployment")
    assert deployment.file == "apps/feedback/base/deployment.yaml"
    assert deployment.line == 1
    assert "config.kubernetes.io/origin" not in (deployment.doc["metadata"].get("annotations") or {})


def test_restricted_pod_settings_everywhere(rendered: dict[tuple[str, str], list[Manifest]],
                                            contracts: dict[str, Contract]) -> None:
    for (service, _env), manifests in rendered.items():
        if service not in contracts:
            continue
        pod = next(m for m in manifests if m.kind == "Deployment").doc["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] > 0
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
        assert pod["automountServiceAccountToken"] is contracts[service].kubernetes_api
        for container in pod["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True and context["allowPrivilegeEscalation"] is False
            assert context["capabilities"]["drop"] == ["ALL"]
            assert {"requests", "limits"} <= set(container["resources"])
            assert {"livenessProbe", "readinessProbe", "startupProbe"} <= set(container)


def test_broken_overlay_is_one_line_naming_the_kustomization(tmp_path: Path) -> None:
    root = copy_tree(tmp_path, "apps")
    overlay = root / "apps/quiz/overlays/prod"
    edit(overlay / "kustomization.yaml", "  - ../../base\n", "  - ../../base\n  - missing.yaml\n")
    with pytest.raises(CampusInputError) as caught:
        build_overlay(overlay, root)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("apps/quiz/overlays/prod/kustomization.yaml: kustomize build failed")
    assert "missing.yaml" in message


def test_directory_without_kustomization_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(CampusInputError, match="no kustomization file"):
        build_overlay(tmp_path, tmp_path)


def test_one_kubectl_run_per_environment_gives_what_separate_builds_give(monkeypatch: pytest.MonkeyPatch) -> None:
    targets = {key: path for key, path in build_targets(ROOT).items() if key[1] == "prod"}
    separately = {key: build_overlay(path, ROOT) for key, path in targets.items()}

    def no_fallback(*_: object) -> list[Manifest]:
        raise AssertionError("the combined build fell back to one build per target")

    monkeypatch.setattr(kustomize, "build_overlay", no_fallback)
    together = kustomize.build_together(targets, ROOT)
    assert list(together) == list(targets)
    for key, manifests in separately.items():
        assert [(m.doc, m.file, m.line) for m in together[key]] == [(m.doc, m.file, m.line) for m in manifests], key


def test_only_the_environments_asked_for_are_rendered() -> None:
    rendered = build_all(ROOT, ["learner-lab"])
    assert {env for _, env in rendered} == {"learner-lab", ALL_ENVIRONMENTS}
    assert ("quiz", "learner-lab") in rendered and ("namespaces", ALL_ENVIRONMENTS) in rendered


def test_a_broken_target_among_many_is_named_by_its_own_file(tmp_path: Path) -> None:
    root = copy_tree(tmp_path, "apps", "gitops")
    overlay = root / "apps/quiz/overlays/prod"
    edit(overlay / "kustomization.yaml", "  - ../../base\n", "  - ../../base\n  - missing.yaml\n")
    with pytest.raises(CampusInputError) as caught:
        build_all(root, ["prod"])
    assert str(caught.value).startswith("apps/quiz/overlays/prod/kustomization.yaml: kustomize build failed")


def test_a_base_shared_by_two_targets_falls_back_to_separate_builds(tmp_path: Path) -> None:
    root = copy_tree(tmp_path, "apps")
    shared = {("quiz", "dev"): root / "apps/quiz/overlays/dev", ("quiz-again", "dev"): root / "apps/quiz/base"}
    rendered = kustomize.build_together(shared, root)
    deployments = [m.name for key in shared for m in rendered[key] if m.kind == "Deployment"]
    assert deployments == ["quiz", "quiz"]


def test_a_kustomization_that_is_not_yaml_is_one_line_naming_it(tmp_path: Path) -> None:
    root = copy_tree(tmp_path, "apps")
    (root / "apps/quiz/overlays/dev/kustomization.yaml").write_text("resources: [../../base\n")
    with pytest.raises(CampusInputError) as caught:
        build_all(root, ["dev"])
    assert str(caught.value).startswith("apps/quiz/overlays/dev/kustomization.yaml: line 2: malformed YAML")


def test_resources_that_are_not_a_list_are_one_line_naming_the_field(tmp_path: Path) -> None:
    root = copy_tree(tmp_path, "apps")
    (root / "apps/quiz/overlays/dev/kustomization.yaml").write_text("resources: 5\n")
    with pytest.raises(CampusInputError) as caught:
        build_all(root, ["dev"])
    assert str(caught.value) == "apps/quiz/overlays/dev/kustomization.yaml: resources: must be a list of paths, not int"
