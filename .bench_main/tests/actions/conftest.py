"""Helpers for the actions tests: the real CLI entry point, proposals on real git repos."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from copilot.actions import confirm
from copilot.actions.propose import patch_proposal
from copilot.actions.store import ActionStore
from copilot.cli import main
from tests.conftest import GIT_ENV, MakeRepo, git

PROJECT_ROOT = Path(__file__).resolve().parents[2]

BASE_FILES = {
    "svc/app.py": "import json\n\nTOPIC = 'orders'\n\n\ndef send(p, order):\n    p.produce(TOPIC, json.dumps(order))\n",
    "svc/settings.py": "ACKS = 'all'\nRETRIES = 5\n",
    "README.md": "demo\n",
}


@dataclass
class Result:
    code: int
    out: str
    err: str


Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def _no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never find a controlling terminal unless they provide one."""

    def _fail() -> io.TextIOBase:
        raise OSError("no controlling terminal in tests")

    monkeypatch.setattr(confirm, "open_tty", _fail)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``copilot.cli.main(args)``; return exit code and captured output."""

    def _run(*args: str | Path) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


@pytest.fixture
def repo(make_repo: MakeRepo) -> Path:
    return make_repo(BASE_FILES)


def propose_fix(repo: Path, **extra: str | None) -> str:
    """Save a two-file patch proposal; return its id."""
    contents: dict[str, str | None] = {
        "svc/settings.py": "ACKS = 'all'\nRETRIES = 10\nENABLE_IDEMPOTENCE = True\n",
        "svc/app.py": BASE_FILES["svc/app.py"].replace(
            "json.dumps(order))", "json.dumps(order), key=order['id'])"
        ),
    }
    contents.update(extra)
    proposal = patch_proposal(
        repo, "Keep per-order ordering", "The key was dropped.", contents, ["f1a2b3c4d5e6f708"],
        [("Key by customer", "coarser ordering")],
    )  # fmt: skip
    with ActionStore(repo) as store:
        return store.save(proposal).id


def db_path(repo: Path) -> Path:
    return Path(git(repo, "rev-parse", "--absolute-git-dir").strip()) / "pipeline-copilot" / "actions.db"


def raw_db(repo: Path) -> sqlite3.Connection:
    """A direct connection for tampering (the append-only triggers dropped)."""
    conn = sqlite3.connect(db_path(repo), isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    return conn


def status_of(repo: Path, action_id: str) -> str:
    with ActionStore(repo) as store:
        return store.get(action_id).status


def tree_state(repo: Path) -> dict[str, bytes]:
    """Every file of the work tree (outside .git) and its bytes."""
    out = {}
    for path in sorted(repo.rglob("*")):
        rel = path.relative_to(repo)
        if rel.parts[0] == ".git" or not path.is_file():
            continue
        out[rel.as_posix()] = path.read_bytes()
    return out


def subprocess_env() -> dict[str, str]:
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("PYTHONSAFEPATH", None)
    return env


def run_cli_process(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m copilot ...`` in a new session: no controlling terminal, stdin closed."""
    return subprocess.run(
        [sys.executable, "-m", "copilot", *[str(a) for a in args]],
        cwd=cwd or PROJECT_ROOT, env=subprocess_env(), stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=120, start_new_session=True,
    )  # fmt: skip
