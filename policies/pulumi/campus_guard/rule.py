"""What a campus rule is, and how it becomes a pulumi-policy `Policy`.

A rule's check returns violation messages that name the property at fault; applicability is decided with
pulumi-policy's own `not_applicable`, so the same pack behaves alike under `pulumi preview` and offline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pulumi_policy import (
    EnforcementLevel,
    PolicyComplianceFramework,
    PolicyConfigSchema,
    PolicyProviderResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from .props import WithDefaultTags

SeverityName = Literal["critical", "high", "medium", "low"]
EnforcementName = Literal["mandatory", "advisory"]

_SEVERITIES = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
}
_ENFORCEMENT = {"mandatory": EnforcementLevel.MANDATORY, "advisory": EnforcementLevel.ADVISORY}


@dataclass(frozen=True)
class Control:
    """A control of a versioned framework, e.g. Control("NIST-800-53", "rev5", "sc-28.1")."""

    framework: str
    version: str
    id: str

    def tag(self) -> str:
        return f"{self.framework}:{self.version}:{self.id}"


def nist(*ids: str) -> tuple[Control, ...]:
    return tuple(Control("NIST-800-53", "rev5", i) for i in ids)


def cis_aws(version: str, *ids: str) -> tuple[Control, ...]:
    return tuple(Control("CIS-AWS-Foundations", version, i) for i in ids)


def fsbp(*ids: str) -> tuple[Control, ...]:
    return tuple(Control("AWS-FSBP", "1.0.0", i) for i in ids)


def cis_eks(*ids: str) -> tuple[Control, ...]:
    return tuple(Control("CIS-EKS", "1.5.0", i) for i in ids)


ResourceCheck = Callable[[ResourceValidationArgs], Iterable[str]]
# Stack checks yield (urn, message); the urn names the resource at fault.
StackCheck = Callable[[StackValidationArgs], Iterable[tuple[str, str]]]
# Returns why the rule does not apply to a resource, or None when it does.
Applicability = Callable[[Mapping[str, Any]], str | None]


def _always(_props: Mapping[str, Any]) -> str | None:
    return None


@dataclass(frozen=True)
class RuleMetadata:
    id: str
    title: str
    description: str
    severity: SeverityName
    enforcement: EnforcementName
    remediation: str
    controls: tuple[Control, ...]
    # The properties the rule reads: named in evidence for resources that pass.
    properties: tuple[str, ...]
    config_schema: Mapping[str, Any] = field(default_factory=dict)

    def _policy_kwargs(self) -> dict[str, Any]:
        first = self.controls[0]
        schema = PolicyConfigSchema(properties=dict(self.config_schema)) if self.config_schema else None
        return {
            "name": self.id,
            "description": self.description,
            "enforcement_level": _ENFORCEMENT[self.enforcement],
            "display_name": self.title,
            "severity": _SEVERITIES[self.severity],
            "framework": PolicyComplianceFramework(name=first.framework, version=first.version, reference=first.id),
            "tags": [control.tag() for control in self.controls],
            "remediation_steps": self.remediation,
            "config_schema": schema,
        }


def _provider_props(provider: PolicyProviderResource | None) -> Mapping[str, Any] | None:
    return provider.props if provider is not None else None


def _with_default_tags(args: ResourceValidationArgs) -> ResourceValidationArgs:
    """Rules read tags as AWS applies them, with the provider's default tags (what `tagsAll` will hold)."""
    return ResourceValidationArgs(
        args.resource_type,
        WithDefaultTags(args.props, _provider_props(args.provider)),
        args.urn,
        args.name,
        args.opts,
        args.provider,
        args.get_config(),
        args.stack_tags,
    )


@dataclass(frozen=True)
class ResourceRule:
    """Judges one resource at a time, from its inputs."""

    meta: RuleMetadata
    resource_types: frozenset[str]
    check: ResourceCheck
    applies: Applicability = _always

    kind = "resource"

    def policy(self) -> ResourceValidationPolicy:
        def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
            if args.resource_type not in self.resource_types:
                args.not_applicable(f"not a {' / '.join(sorted(self.resource_types))}")
            args = _with_default_tags(args)
            reason = self.applies(args.props)
            if reason is not None:
                args.not_applicable(reason)
            for message in self.check(args):
                report_violation(message, None)

        return ResourceValidationPolicy(validate=validate, **self.meta._policy_kwargs())


@dataclass(frozen=True)
class StackRule:
    """Judges relationships across the stack: a bucket and its configurations, a role and its account."""

    meta: RuleMetadata
    subject_types: frozenset[str]
    check: StackCheck
    applies: Applicability = _always

    kind = "stack"

    def is_subject(
        self, resource_type: str, props: Mapping[str, Any], provider_props: Mapping[str, Any] | None = None
    ) -> bool:
        """The resources this rule passes or fails: those of its types it applies to."""
        return resource_type in self.subject_types and self.applies(WithDefaultTags(props, provider_props)) is None

    def policy(self) -> StackValidationPolicy:
        def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
            for resource in args.resources:
                resource.props = WithDefaultTags(resource.props, _provider_props(resource.provider))
            for urn, message in self.check(args):
                report_violation(message, urn)

        return StackValidationPolicy(validate=validate, **self.meta._policy_kwargs())


Rule = ResourceRule | StackRule
