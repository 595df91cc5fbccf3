"""The few git plumbing calls the actions package needs (subprocess, no GitPython: fast start-up)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from copilot.errors import CopilotError

ABSENT = "absent"  # the base "blob" of a file a patch creates


class GitFailed(CopilotError):
    """A git command failed; the message carries git's own first line."""


def git(
    root: str | Path,
    *args: str,
    data: bytes | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``git args`` in ``root`` and return the completed process (bytes out)."""
    full_env = {**os.environ, **(env or {})}
    try:
        proc = subprocess.run(
            ["git", *args], cwd=root, input=data, env=full_env, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise CopilotError("git is not installed or not on PATH") from None
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        first = message[0] if message else f"exit code {proc.returncode}"
        raise GitFailed(f"git {args[0]} failed in {root}: {first}")
    return proc


def out(root: str | Path, *args: str) -> str:
    return git(root, *args).stdout.decode("utf-8", "replace").strip()


def toplevel(path: str | Path) -> Path:
    """The work tree root containing ``path`` (a CopilotError when it is not in a git work tree)."""
    where = Path(path)
    if not where.is_dir():
        raise CopilotError(f"{where}: not a directory")
    proc = git(where, "rev-parse", "--show-toplevel", check=False)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise CopilotError(f"{where}: not inside a git work tree")
    return Path(proc.stdout.decode().strip()).resolve()


def _abs(root: Path, value: str) -> Path:
    path = Path(value)
    return (path if path.is_absolute() else root / path).resolve()


def common_dir(root: Path) -> Path:
    """``git rev-parse --git-common-dir``, absolute (shared by all worktrees)."""
    return _abs(root, out(root, "rev-parse", "--git-common-dir"))


def git_dir(root: Path) -> Path:
    return _abs(root, out(root, "rev-parse", "--git-dir"))


def hooks_path(root: Path) -> Path | None:
    """``core.hooksPath`` resolved like git does (relative to the work tree root), or None."""
    proc = git(root, "config", "--path", "--get", "core.hooksPath", check=False)
    value = proc.stdout.decode("utf-8", "replace").strip()
    return _abs(root, value) if proc.returncode == 0 and value else None


def head_sha(root: Path) -> str | None:
    """The commit HEAD points at, or None in a repository with no commits yet."""
    proc = git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
    sha = proc.stdout.decode().strip()
    if proc.returncode != 0 or not sha:
        return None
    return sha


def resolve_commit(root: Path, rev: str) -> str:
    if not rev or rev.startswith("-"):
        raise CopilotError(f"not a commit: {rev!r}")
    proc = git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
    sha = proc.stdout.decode().strip()
    if proc.returncode != 0 or not sha:
        raise CopilotError(f"not a commit in {root}: {rev!r}")
    return sha


def hash_file(root: Path, rel: str, write: bool = False) -> str:
    """The blob id of the work-tree file's exact bytes (no clean/eol filters); ``write`` stores it."""
    args = ["hash-object", "--no-filters"] + (["-w"] if write else []) + ["--", rel]
    return out(root, *args)


def hash_bytes(root: Path, data: bytes, write: bool = False) -> str:
    args = ["hash-object", "--no-filters", "--stdin"] + (["-w"] if write else [])
    return git(root, *args, data=data).stdout.decode().strip()


def read_blob(root: Path, blob: str) -> bytes:
    return git(root, "cat-file", "blob", blob).stdout


def config_value(root: Path, key: str) -> str | None:
    proc = git(root, "config", "--get", key, check=False)
    value = proc.stdout.decode("utf-8", "replace").strip()
    return value if proc.returncode == 0 and value else None
