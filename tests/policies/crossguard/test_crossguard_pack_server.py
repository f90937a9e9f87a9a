"""The pack's own entry point, started the way `pulumi preview --policy-pack` starts it, answers over gRPC."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import grpc
import pytest
from google.protobuf import empty_pb2
from google.protobuf.struct_pb2 import Struct
from pulumi.runtime.proto import analyzer_pb2 as proto
from pulumi.runtime.proto import analyzer_pb2_grpc

from campus.analyses.crossguard import pack_rules
from campus.analyses.crossguard_pack import PACK_DIR


@pytest.fixture(scope="module")
def analyzer() -> Iterator[analyzer_pb2_grpc.AnalyzerStub]:
    # The CLI runs the pack's program in the pack directory and reads the gRPC port from its first stdout line.
    process = subprocess.Popen(
        [sys.executable, "-u", str(PACK_DIR)], cwd=PACK_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        port = process.stdout.readline().decode().strip()
        assert port.isdigit(), process.stderr.read().decode() if process.stderr else port
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield analyzer_pb2_grpc.AnalyzerStub(channel)
    finally:
        process.kill()
        process.wait()


def test_served_pack_lists_every_rule(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    info = analyzer.GetAnalyzerInfo(empty_pb2.Empty())
    assert info.name == "campus-guardrails"
    assert {p.name for p in info.policies} == {meta.id for meta in pack_rules()}


def test_served_pack_reports_a_violation(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    properties = Struct()
    properties.update({"enableKeyRotation": False})
    response = analyzer.Analyze(
        proto.AnalyzeRequest(
            type="aws:kms/key:Key", properties=properties, urn="urn:pulumi:dev::campus::aws:kms/key:Key::k", name="k"
        )
    )
    by_policy = {d.policyName: d for d in response.diagnostics}
    assert "enableKeyRotation is False" in by_policy["CG-KMS-001"].message
    assert by_policy["CG-KMS-001"].enforcementLevel == proto.MANDATORY
