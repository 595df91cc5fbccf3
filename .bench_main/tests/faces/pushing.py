"""A real repository with a bare remote, the hook installed by the real `pipeline-copilot` command,
and `git push` run either detached (no terminal) or inside a pseudo-terminal (pexpect)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pexpect

from tests.conftest import GIT_ENV, MakeRepo, git
from tests.review.helpers import BASE, CONSUMER

BIN = Path(sys.executable).parent
SAFE = {"README.md": "# shop\n\nMore docs.\n"}
RISKY = {"fraud/worker.py": CONSUMER.replace('"group.id": "fraud"', '"group.id": "fraud-v2"')}


def env() -> dict[str, str]:
    """The test's environment (isolated HOME), git identity, and this venv's commands on PATH."""
    out = {**os.environ, **GIT_ENV, "PATH": str(BIN) + os.pathsep + os.environ["PATH"]}
    out.pop("PYTHONSAFEPATH", None)
    return out


def cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed `pipeline-copilot` command, detached from any terminal."""
    return subprocess.run(
        [str(BIN / "pipeline-copilot"), *map(str, args)], cwd=cwd, env=env(), capture_output=True,
        text=True, stdin=subprocess.DEVNULL, start_new_session=True, timeout=120,
    )  # fmt: skip


def with_remote(make_repo: MakeRepo, tmp_path: Path, install: bool = True) -> Path:
    """The pipeline repository, pushed to a bare remote; the hook installed by `hook install`."""
    repo = make_repo(BASE)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "origin", "main")
    if install:
        done = cli("hook", "install", cwd=repo)
        assert done.returncode == 0, done.stderr
    return repo


def remote_head(tmp_path: Path) -> str:
    return git(tmp_path / "remote.git", "rev-parse", "main").strip()


def push_detached(repo: Path) -> subprocess.CompletedProcess[str]:
    """`git push` in a new session with stdin closed: no terminal, as from a GUI client or CI."""
    return subprocess.run(
        ["git", "push", "origin", "main"], cwd=repo, env=env(), capture_output=True, text=True,
        stdin=subprocess.DEVNULL, start_new_session=True, timeout=120,
    )  # fmt: skip


def spawn(command: str, args: list[str], cwd: Path, extra_env: dict[str, str] | None = None) -> pexpect.spawn:
    """`command args` with a pseudo-terminal as its controlling terminal (what a person's shell gives)."""
    child = pexpect.spawn(
        command, args, cwd=str(cwd), env={**env(), **(extra_env or {})}, encoding="utf-8", timeout=90,
        dimensions=(50, 200),
    )  # fmt: skip
    child.logfile_read = io.StringIO()
    return child


def finish(child: pexpect.spawn) -> tuple[int, str]:
    """Wait for the end; (exit status, everything the terminal showed)."""
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus is not None, f"killed by signal {child.signalstatus}"
    return child.exitstatus, child.logfile_read.getvalue()
