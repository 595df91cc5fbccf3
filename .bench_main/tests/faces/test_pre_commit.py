"""The hook as the pre-commit framework runs it: `pre-commit try-repo` with this repository's
`.pre-commit-hooks.yaml`, offline (`language: unsupported` runs the installed command)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import MakeRepo, commit, git
from tests.faces.pushing import RISKY, SAFE, env, with_remote

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _hooks_repo(tmp_path: Path) -> Path:
    """A hooks repository holding exactly this project's `.pre-commit-hooks.yaml`."""
    hooks = tmp_path / "hooks-repo"
    hooks.mkdir()
    shutil.copy(PROJECT_ROOT / ".pre-commit-hooks.yaml", hooks / ".pre-commit-hooks.yaml")
    git(hooks, "init", "-q", "-b", "main")
    git(hooks, "add", "-A")
    git(hooks, "commit", "-q", "-m", "hooks")
    return hooks


def _try_repo(repo: Path, hooks: Path, base: str, head: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks), "pipeline-copilot",
         "--hook-stage", "pre-push", "--from-ref", base, "--to-ref", head, "--verbose"],
        cwd=repo, env=env(), capture_output=True, text=True, stdin=subprocess.DEVNULL,
        start_new_session=True, timeout=120,
    )  # fmt: skip


def test_the_manifest_declares_one_pre_push_hook() -> None:
    manifest = yaml.safe_load((PROJECT_ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in manifest] == ["pipeline-copilot"]
    assert manifest[0]["stages"] == ["pre-push"] and manifest[0]["pass_filenames"] is False


def test_try_repo_blocks_a_risky_range_and_passes_a_safe_one(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = with_remote(make_repo, tmp_path, install=False)
    hooks = _hooks_repo(tmp_path)
    base = git(repo, "rev-parse", "HEAD").strip()
    safe = commit(repo, SAFE, "docs")
    passed = _try_repo(repo, hooks, base, safe)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    risky = commit(repo, RISKY, "rename the fraud group")
    blocked = _try_repo(repo, hooks, safe, risky)
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "Failed" in blocked.stdout and "consumer-group-change" in blocked.stdout
    assert f"--range {safe}..{risky}" in blocked.stdout  # the exact `ack` command to run
