"""The resource graph as the Pulumi engine's analyzer requests (`Analyze` per resource, one `AnalyzeStack`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from google.protobuf.struct_pb2 import Struct
from pulumi.runtime.proto import analyzer_pb2 as proto

from campus.engine.graph import Graph, ResourceNode

STACK_TYPE = "pulumi:pulumi:Stack"
PROVIDER_TYPE_PREFIX = "pulumi:providers:"


def analyzed(graph: Graph) -> list[ResourceNode]:
    """The resources policies see: everything but the stack root and provider resources."""
    return [r for r in graph.resources if r.type != STACK_TYPE and not r.type.startswith(PROVIDER_TYPE_PREFIX)]


def stack_urn(graph: Graph) -> str:
    return f"urn:pulumi:{graph.stack}::{graph.project}::{STACK_TYPE}::{graph.project}-{graph.stack}"


def _struct(props: Mapping[str, Any]) -> Struct:
    struct = Struct()
    struct.update(dict(props))
    return struct


def _options(node: ResourceNode) -> proto.AnalyzerResourceOptions:
    return proto.AnalyzerResourceOptions(protect=node.protect, parent=node.parent or "")


def provider_of(node: ResourceNode, by_urn: Mapping[str, ResourceNode]) -> ResourceNode | None:
    if not node.provider:
        return None
    # A provider reference is "<provider urn>::<provider id>".
    return by_urn.get(node.provider.rsplit("::", 1)[0])


def _provider(node: ResourceNode, by_urn: Mapping[str, ResourceNode]) -> proto.AnalyzerProviderResource | None:
    provider = provider_of(node, by_urn)
    if provider is None:
        return None
    return proto.AnalyzerProviderResource(
        type=provider.type, properties=_struct(provider.inputs), urn=provider.urn, name=provider.name
    )


def stack_properties(node: ResourceNode) -> dict[str, Any]:
    """What stack policies see: the resource's state, i.e. its inputs overlaid with provider outputs."""
    return {**node.inputs, **node.outputs}


def analyze_request(node: ResourceNode, by_urn: Mapping[str, ResourceNode]) -> proto.AnalyzeRequest:
    return proto.AnalyzeRequest(
        type=node.type,
        properties=_struct(node.inputs),
        urn=node.urn,
        name=node.name,
        options=_options(node),
        provider=_provider(node, by_urn),
    )


def analyze_stack_request(graph: Graph) -> proto.AnalyzeStackRequest:
    by_urn = graph.by_urn()
    return proto.AnalyzeStackRequest(
        resources=[
            proto.AnalyzerResource(
                type=node.type,
                properties=_struct(stack_properties(node)),
                urn=node.urn,
                name=node.name,
                options=_options(node),
                provider=_provider(node, by_urn),
                parent=node.parent or "",
                dependencies=node.dependencies,
                propertyDependencies={
                    key: proto.AnalyzerPropertyDependencies(urns=urns)
                    for key, urns in node.property_dependencies.items()
                },
            )
            for node in analyzed(graph)
        ]
    )
