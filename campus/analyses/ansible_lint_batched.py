"""ansible-lint's own CLI, with its per-playbook syntax checks proven by one `ansible-playbook` run.

Run as `python -m campus.analyses.ansible_lint_batched <ansible-lint arguments>` in the environment that has
ansible-lint. ansible-lint starts one `ansible-playbook --syntax-check` process per playbook, and again for every
playbook another one imports (site.yml imports four): eleven processes of about 0.8 CPU-s each for campus's six
playbooks. `ansible-playbook` accepts several playbooks and fails when any of them fails, so one run proves them all.

When that run passes, ansible-lint's syntax check of those exact files is answered "passes" without a process, which
is what each process would have answered. When it fails, nothing is answered early: ansible-lint checks every
playbook itself and reports the failure, file and line, exactly as it always does. Everything else (rules, profile,
output) is ansible-lint unchanged.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from ansible_compat.runtime import Runtime
from ansiblelint.__main__ import _run_cli_entrypoint
from ansiblelint.runner import Runner

# Playbooks (resolved paths) that the one batched syntax check proved loadable.
PROVEN: set[Path] = set()

_original_phase = Runner._run_syntax_check_phase
_original_matches = Runner._get_ansible_syntax_check_matches
_original_has_playbook = Runtime.has_playbook


def batch_syntax_check(runner: Runner, playbooks: list[Path]) -> bool:
    """True when `ansible-playbook --syntax-check` loads every playbook, run as ansible-lint runs it."""
    command = ["ansible-playbook", "--syntax-check", *(str(p) for p in playbooks)]
    if runner.app.options.extra_vars:
        command += ["--extra-vars", json.dumps(runner.app.options.extra_vars)]
    env = runner.app.runtime.environ.copy()
    # The same two settings ansible-lint gives its own syntax-check processes.
    env["PYTHONWARNINGS"] = "ignore"
    env["ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED"] = "False"
    run = subprocess.run(command, stdin=subprocess.PIPE, capture_output=True, text=True, env=env, check=False)
    return run.returncode == 0


def _phase(self: Runner, matches: list[Any]) -> Any:
    if not self.skip_ansible_syntax_check:
        playbooks = [lintable.path.expanduser().resolve() for lintable in self._collect_syntax_check_files()
                     if lintable.kind == "playbook"]
        if len(playbooks) > 1 and batch_syntax_check(self, playbooks):
            PROVEN.update(playbooks)
    return _original_phase(self, matches)


def _matches(self: Runner, lintable: Any, app: Any) -> Any:
    if lintable.kind == "playbook" and lintable.path.expanduser().resolve() in PROVEN:
        return []
    return _original_matches(self, lintable=lintable, app=app)


def _has_playbook(self: Runtime, playbook: str, *, basedir: Path | None = None) -> bool:
    if ((basedir or Path.cwd()) / playbook).resolve() in PROVEN:
        return True
    return _original_has_playbook(self, playbook, basedir=basedir)


def install() -> None:
    Runner._run_syntax_check_phase = _phase  # type: ignore[method-assign]
    Runner._get_ansible_syntax_check_matches = _matches  # type: ignore[method-assign]
    Runtime.has_playbook = _has_playbook  # type: ignore[method-assign]


if __name__ == "__main__":
    install()
    sys.argv[0] = "ansible-lint"
    _run_cli_entrypoint()  # exits with ansible-lint's own code
