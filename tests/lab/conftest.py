"""Fixtures for `campus lab`: moto EC2 in server mode on a free loopback port, and the lab CLI as mounted."""

from __future__ import annotations

import socket
import sys
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from moto.server import ThreadedMotoServer
from typer.testing import CliRunner

import campus.cli.app as app_module
from campus.cli.lab import lab_app
from tests.lab.support import REGION, ec2_client


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=_free_loopback_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def aws(moto_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """The standard boto3 chain pointed at a freshly reset moto server, isolated from any real AWS config."""
    request = urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_url)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    return moto_url


@pytest.fixture
def ec2(aws: str) -> Any:
    return ec2_client()


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_lab() -> Callable[..., Any]:
    """`campus lab …` in-process through typer's CliRunner; CampusInputError surfaces as result.exception."""
    root = typer.Typer()
    root.add_typer(lab_app, name="lab")
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(root, ["lab", *args], catch_exceptions=True)

    return invoke


@pytest.fixture
def campus_main(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """`campus lab …` through campus's real `main()`, which turns CampusInputError into one line and exit 2.

    Output is captured at the file-descriptor level, so it includes what child processes (ansible) print.
    """
    root = typer.Typer(name="campus", pretty_exceptions_enable=False, add_completion=False)
    root.add_typer(lab_app, name="lab")
    monkeypatch.setattr(app_module, "app", root)
    monkeypatch.setattr(app_module, "_register", lambda: None)

    def invoke(*args: str) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["campus", "lab", *args])
        code: object = 0
        try:
            app_module.main()
        except SystemExit as stopped:
            code = stopped.code
        captured = capfd.readouterr()
        return CliResult(code if isinstance(code, int) else 1, captured.out, captured.err)

    return invoke


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project root (a Pulumi.yaml, no ansible.cfg) as the working directory."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "Pulumi.yaml").write_text("name: campus\n")
    monkeypatch.chdir(root)
    return root
