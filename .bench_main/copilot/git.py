"""The one place that runs git.

Every git command of the product goes through this module: ``call`` (the exit code, output and
error output, for callers that decide on the exit code themselves), ``run`` (the output; a
failure is a `GitError`), ``text`` and ``lines`` (the same, decoded), ``cat_file`` (many objects
through one ``git cat-file --batch``) and `ObjectReader` (one long-lived ``git cat-file --batch``
for reads one at a time).  A few queries every face needs sit on top: the work-tree root, the git
directories, resolving a commit, hashing bytes.

Plain ``subprocess``, not GitPython: each GitPython call costs a process anyway, and importing it
costs more than most commands take (the pre-push hook must start fast).  An import-linter
contract (``pyproject.toml``) keeps ``subprocess`` and GitPython out of every other module that
has no other use for them, and ``tests/core/test_git_adapter.py`` keeps git commands out of
the few that do.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from copilot.errors import CopilotError

NOT_INSTALLED = "git is not installed or not on PATH"


class GitError(CopilotError):
    """A git command failed: one line naming the repository, the command and git's own reason."""


class Result(NamedTuple):
    code: int
    out: bytes
    err: bytes

    @property
    def reason(self) -> str:
        """Git's own first line of complaint (``fatal: …``/``error: …`` first), or the exit code."""
        lines = [line.strip() for line in self.err.decode("utf-8", "replace").splitlines() if line.strip()]
        for line in lines:
            if line.startswith(("fatal:", "error:")):
                return line
        return lines[0] if lines else f"exit code {self.code}"


def command_name(args: Sequence[str]) -> str:
    """The git sub-command of an argument list (``-c key=value`` and other global options skipped)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in ("-c", "-C"):
            skip = True
        elif not arg.startswith("-"):
            return arg
    return args[0] if args else ""


def call(
    root: str | Path,
    *args: str,
    input: bytes | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> Result:
    """Run ``git ARGS`` in ``root``; the exit code is the caller's to judge.  ``env`` adds to (does
    not replace) this process's environment."""
    full_env = None if env is None else {**os.environ, **env}
    try:
        proc = subprocess.run(
            ["git", *args], cwd=root, input=input, env=full_env, capture_output=True, check=False, timeout=timeout
        )
    except FileNotFoundError:
        if not Path(root).is_dir():
            raise CopilotError(f"{root}: no such directory") from None
        raise CopilotError(NOT_INSTALLED) from None
    except subprocess.TimeoutExpired:
        raise GitError(f"{root}: git {command_name(args)} took longer than {timeout:g}s") from None
    return Result(proc.returncode, proc.stdout, proc.stderr)


def run(
    root: str | Path,
    *args: str,
    input: bytes | None = None,
    env: Mapping[str, str] | None = None,
    ok_codes: tuple[int, ...] = (0,),
) -> bytes:
    """``git ARGS`` in ``root``, its output; an exit code outside ``ok_codes`` is a `GitError`."""
    result = call(root, *args, input=input, env=env)
    if result.code not in ok_codes:
        raise GitError(f"{root}: git {command_name(args)} failed: {result.reason}")
    return result.out


def text(root: str | Path, *args: str, **kwargs: object) -> str:
    """`run`'s output as text, without the trailing newline (paths keep undecodable bytes)."""
    return run(root, *args, **kwargs).decode("utf-8", "surrogateescape").rstrip("\n")  # type: ignore[arg-type]


def lines(root: str | Path, *args: str, **kwargs: object) -> list[str]:
    """`run`'s output, one string per line."""
    return run(root, *args, **kwargs).decode("utf-8", "surrogateescape").splitlines()  # type: ignore[arg-type]


def probe(root: str | Path, *args: str) -> str | None:
    """A question git answers with its exit code (``rev-parse --verify``, ``config --get``): the
    output, stripped, or None when git says no (or says nothing)."""
    result = call(root, *args)
    answer = result.out.decode("utf-8", "surrogateescape").strip()
    return answer if result.code == 0 and answer else None


# ---------------------------------------------------------------------------------------------
# objects


class GitObject(NamedTuple):
    oid: str
    type: str  # blob | tree | commit | tag
    size: int
    data: bytes  # b"" from a size-only request


def _header(line: bytes) -> tuple[str, str, int] | None:
    """``<oid> <type> <size>``; None for ``<spec> missing`` / ``<spec> ambiguous``."""
    parts = line.decode("utf-8", "replace").split()
    if len(parts) != 3 or not parts[2].isdigit():
        return None
    return parts[0], parts[1], int(parts[2])


def cat_file(root: str | Path, specs: Sequence[str], sizes_only: bool = False) -> list[GitObject | None]:
    """Many objects (``<oid>``, ``<rev>:<path>``, a ref) through one ``git cat-file --batch``, in
    order; None for what does not exist.  ``sizes_only`` asks ``--batch-check`` (no contents)."""
    if not specs:
        return []
    if any("\n" in spec for spec in specs):
        raise GitError(f"{root}: git cat-file failed: an object name with a line break")
    out = run(root, "cat-file", "--batch-check" if sizes_only else "--batch", input="".join(f"{s}\n" for s in specs).encode())
    found: list[GitObject | None] = []
    pos = 0
    for _ in specs:
        end = out.index(b"\n", pos)
        head = _header(out[pos:end])
        pos = end + 1
        if head is None:
            found.append(None)
        elif sizes_only:
            found.append(GitObject(*head, b""))
        else:
            found.append(GitObject(*head, out[pos : pos + head[2]]))
            pos += head[2] + 1
    return found


class ObjectReader:
    """One long-lived ``git cat-file --batch`` in a repository: objects read one at a time, as a
    review asks for them, without a process per file.  Reads are serialised (thread-safe); the
    process ends with `close` or when the reader is collected."""

    def __init__(self, root: str | Path) -> None:
        self.root = root
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._finalizer: weakref.finalize | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        try:
            proc = subprocess.Popen(
                ["git", "cat-file", "--batch"], cwd=self.root,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        except FileNotFoundError:
            raise CopilotError(NOT_INSTALLED) from None
        self._finalizer = weakref.finalize(self, _stop, proc)
        return proc

    def read(self, spec: str) -> GitObject | None:
        """The object ``spec`` names (an oid or ``<commit>:<path>``), or None when there is none."""
        if "\n" in spec:
            return None  # no object name holds a line break git could be asked about here
        with self._lock:
            if self._proc is None:
                self._proc = self._start()
            proc = self._proc
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(spec.encode("utf-8", "surrogateescape") + b"\n")
                proc.stdin.flush()
                head = _header(proc.stdout.readline())
                if head is None:
                    return None
                data = proc.stdout.read(head[2] + 1)[:-1]
            except (BrokenPipeError, ValueError):
                self._proc = None
                raise GitError(f"{self.root}: git cat-file failed: the reader process ended") from None
            return GitObject(*head, data)

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()
        self._proc = None

    def __enter__(self) -> ObjectReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def hash_bytes(root: str | Path, data: bytes, write: bool = False) -> str:
    """The blob id of ``data`` (no clean/eol filters); ``write`` stores the blob."""
    return text(root, "hash-object", "--no-filters", "--stdin", *(["-w"] if write else []), input=data)


def hash_file(root: str | Path, rel: str, write: bool = False) -> str:
    """The blob id of a work-tree file's exact bytes (no clean/eol filters); ``write`` stores it."""
    return text(root, "hash-object", "--no-filters", *(["-w"] if write else []), "--", rel)


def read_blob(root: str | Path, blob: str) -> bytes:
    return run(root, "cat-file", "blob", blob)


# ---------------------------------------------------------------------------------------------
# where things are


NOT_A_REPOSITORY = "not a git repository (run `git init` there, or pass a path inside one)"


def toplevel(path: str | Path) -> Path:
    """The root of the work tree holding ``path`` (a directory, or a file's directory)."""
    where = Path(path)
    if not where.exists():
        raise CopilotError(f"{path}: no such directory")
    if not where.is_dir():
        raise CopilotError(f"{path}: not a directory")
    found = probe(where, "rev-parse", "--show-toplevel")
    if found is None:
        raise CopilotError(f"{path}: {NOT_A_REPOSITORY}")
    return Path(found).resolve()


def _absolute(root: str | Path, value: str) -> Path:
    path = Path(value)
    return (path if path.is_absolute() else Path(root) / path).resolve()


def common_dir(root: str | Path) -> Path:
    """``git rev-parse --git-common-dir``, absolute: shared by all worktrees (caches, the store)."""
    return _absolute(root, text(root, "rev-parse", "--git-common-dir"))


def git_dir(root: str | Path) -> Path:
    """``git rev-parse --git-dir``, absolute: this worktree's own."""
    return _absolute(root, text(root, "rev-parse", "--git-dir"))


def hooks_dir(root: str | Path) -> Path:
    """Where git looks for hooks: ``core.hooksPath`` (relative to the work tree), else the git
    directory's ``hooks``."""
    configured = config_value(root, "core.hooksPath", path=True)
    if configured:
        return _absolute(root, configured)
    return _absolute(root, text(root, "rev-parse", "--git-path", "hooks"))


def commit_of(root: str | Path, rev: str) -> str | None:
    """The commit ``rev`` names, or None (an unknown name, or HEAD in a repository without commits)."""
    if not rev or rev.startswith("-"):
        return None
    return probe(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")


def head_sha(root: str | Path) -> str | None:
    """The commit HEAD points at, or None in a repository with no commits yet."""
    return commit_of(root, "HEAD")


def resolve_commit(root: str | Path, rev: str) -> str:
    """The commit ``rev`` names; an unknown one is a CopilotError naming it and the repository."""
    sha = commit_of(root, rev)
    if sha is None:
        raise CopilotError(f"{root}: unknown revision {rev!r}")
    return sha


def config_value(root: str | Path, key: str, path: bool = False) -> str | None:
    """``git config --get KEY`` (``--path``: expanded like a path), or None when unset or empty."""
    return probe(root, "config", *(["--path"] if path else []), "--get", key)
