"""The real pre-push hook, installed in a real repository, pushing to a real (bare) remote."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from copilot import hook
from copilot.cli import main
from tests.conftest import GIT_ENV, commit, git
from tests.review.helpers import BASE, CONSUMER

SAFE = {"README.md": "# shop\n\nMore docs.\n"}
RISKY = {"fraud/worker.py": CONSUMER.replace('"group.id": "fraud"', '"group.id": "fraud-v2"')}


def _setup(make_repo, tmp_path: Path) -> Path:
    repo = make_repo(BASE)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    assert main(["hook", "install", "--repo", str(repo)]) == 0
    return repo


def _push(repo: Path) -> subprocess.CompletedProcess[str]:
    # a new session has no controlling terminal: exactly what a GUI client or CI gives the hook
    env = {**os.environ, **GIT_ENV, "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]}
    return subprocess.run(
        ["git", "push", "origin", "main"], cwd=repo, env=env, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, start_new_session=True, timeout=120,
    )


def test_install_writes_an_executable_hook_and_uninstall_removes_it(make_repo, capsys):
    repo = make_repo(BASE)
    hooks = repo / ".git" / "hooks"
    assert main(["hook", "install", "--repo", str(repo)]) == 0
    assert hook.MARKER in (hooks / "pre-push").read_text()
    assert "--chain" not in (hooks / "pre-push").read_text()
    assert os.access(hooks / "pre-push", os.X_OK)
    assert main(["hook", "uninstall", "--repo", str(repo)]) == 0
    assert not (hooks / "pre-push").exists()
    assert main(["hook", "uninstall", "--repo", str(repo)]) == 0
    assert "no pipeline-copilot pre-push hook installed" in capsys.readouterr().out


def test_safe_push_goes_through(make_repo, tmp_path):
    repo = _setup(make_repo, tmp_path)
    commit(repo, SAFE, "docs")
    result = _push(repo)
    assert result.returncode == 0, result.stderr


def test_risky_push_is_blocked_without_a_terminal_until_acknowledged(make_repo, tmp_path):
    repo = _setup(make_repo, tmp_path)
    head = commit(repo, RISKY, "rename the fraud group")
    blocked = _push(repo)
    assert blocked.returncode != 0
    assert "consumer-group-change" in blocked.stderr
    assert "No terminal to ask on" in blocked.stderr
    ack_lines = [ln.strip() for ln in blocked.stderr.splitlines() if ln.strip().startswith("pipeline-copilot ack ")]
    assert len(ack_lines) == 1 and f"..{head}" in ack_lines[0]
    remote_head = git(tmp_path / "remote.git", "rev-parse", "main").strip()
    assert remote_head != head  # nothing was pushed
    fingerprint = ack_lines[0].split()[2]
    rng = ack_lines[0].split("--range ")[1].split()[0]
    assert main(["ack", fingerprint, "--range", rng, "--reason", "replay is intended", "--repo", str(repo)]) == 0
    allowed = _push(repo)
    assert allowed.returncode == 0, allowed.stderr
    assert git(tmp_path / "remote.git", "rev-parse", "main").strip() == head


def test_deleting_a_branch_and_bad_input(make_repo, tmp_path, capsys, monkeypatch):
    repo = _setup(make_repo, tmp_path)
    zero = "0" * 40
    assert hook.run_pre_push(repo, "origin", [f"(delete) {zero} refs/heads/old {'1' * 40}\n"], out=io.StringIO()) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["hook", "run", "pre-push", "origin", "--repo", str(repo)]) == 0  # nothing pushed
    monkeypatch.setattr(sys, "stdin", io.StringIO("garbage line\n"))
    assert main(["hook", "run", "pre-push", "origin", "--repo", str(repo)]) == 2
    assert "pre-push input line 1" in capsys.readouterr().err
