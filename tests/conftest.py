"""Shared fixtures: real git repositories in temp dirs, an isolated user directory."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture(autouse=True)
def _isolate_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's cache/config, and never pick up a real LLM endpoint by accident."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PIPELINE_COPILOT_MODEL", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` and return stdout (raises on failure)."""
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Write (str/bytes) or delete (None) files under root."""
    for rel, content in files.items():
        path = root / rel
        if content is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


MakeRepo = Callable[..., Path]


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """Create a git repo with `files` committed on branch main; returns its path.

    Usage: ``repo = make_repo({"svc/app.py": "..."})``; then ``commit(repo, {...}, "msg")``.
    """
    counter = {"n": 0}

    def _make(files: dict[str, str | bytes | None], name: str | None = None) -> Path:
        counter["n"] += 1
        repo = tmp_path / (name or f"repo{counter['n']}")
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        git(repo, "config", "user.name", "Test Author")
        git(repo, "config", "user.email", "author@example.com")
        git(repo, "config", "commit.gpgsign", "false")
        write_files(repo, files)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "initial", "--allow-empty")
        return repo

    return _make


def commit(repo: Path, files: dict[str, str | bytes | None], message: str = "change") -> str:
    """Apply `files` to the work tree, commit, and return the new HEAD sha."""
    write_files(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, "--allow-empty")
    return git(repo, "rev-parse", "HEAD").strip()


