"""List and read a repository's files at one revision, cheaply.

A revision is a commit sha, ``INDEX`` or ``WORKTREE``.  Listing uses ``git ls-tree`` /
``git ls-files -s`` so every file comes with its blob id (the scan cache key) without reading
it; candidate files are found with one ``git grep -l``; contents of many blobs are read with one
``git cat-file --batch``.  Plain subprocess is used here (not GitPython) because this is the
scan's hot path and each GitPython call costs a process anyway.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from copilot.changes import INDEX, WORKTREE, blob_id
from copilot.errors import CopilotError

# A file is a scan candidate when its text matches this (case-insensitive), or its name is a
# schema/config name below.  Everything else cannot produce pipeline facts on its own; constants
# it holds are read on demand by the resolver.
CANDIDATE_PATTERN = (
    r"kafka|pulsar|avro|topic|faust|sarama|KafkaListener|Incoming|Outgoing|StreamsBuilder"
    r"|group\.id|bootstrap|connector\.class|debezium|mp\.messaging|cloud\.stream|schema\.registry"
    r"|reactive\.messaging|@Channel|EnableBinding|StreamListener|StreamBridge"
    # Spring Cloud Stream functional beans need no stream import at all
    r"|Function<|Supplier<|\(\w+\) -> \w+|java\.util\.function"
)
SCHEMA_SUFFIXES = (".avsc", ".avpr", ".avdl")
CODE_SUFFIXES = (".py", ".java", ".kt", ".kts", ".go")
CONFIG_SUFFIXES = (".yml", ".yaml", ".properties", ".env", ".json", ".conf")
MANIFESTS = (
    "pyproject.toml",
    "setup.py",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "go.mod",
    "package.json",
    "Dockerfile",
)
MAX_FILE_BYTES = 2 * 1024 * 1024
SYMLINK_MODE = "120000"
SUBMODULE_MODE = "160000"


@dataclass(frozen=True)
class TreeFile:
    path: str
    blob: str  # git blob id; "" when unknown until read (modified work-tree file)
    mode: str
    size: int = -1


def run_git(root: Path, *args: str, input: bytes | None = None, ok_codes: tuple[int, ...] = (0,)) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=root, input=input, capture_output=True, check=False)
    except FileNotFoundError:
        raise CopilotError("git is not installed or not on PATH") from None
    if proc.returncode not in ok_codes:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CopilotError(f"{root}: git {args[0]} failed: {msg[-1] if msg else proc.returncode}")
    return proc.stdout


def repo_root(path: str | Path) -> Path:
    p = Path(path)
    if not p.exists():
        raise CopilotError(f"{path}: no such directory")
    if not p.is_dir():
        raise CopilotError(f"{path}: not a directory")
    proc = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=p, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise CopilotError(f"{path}: not a git repository (run `git init` there, or pass a path inside one)")
    return Path(proc.stdout.strip())


def git_dir(root: Path) -> Path:
    out = run_git(root, "rev-parse", "--git-common-dir").decode().strip()
    p = Path(out)
    return p if p.is_absolute() else (root / p).resolve()


def has_commits(root: Path) -> bool:
    proc = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "HEAD"], cwd=root, capture_output=True)
    return proc.returncode == 0


def _index_files(root: Path) -> dict[str, TreeFile]:
    """The index: every tracked file with its staged blob id (submodules skipped)."""
    files: dict[str, TreeFile] = {}
    for rec in run_git(root, "ls-files", "-s", "-z").split(b"\0"):
        if not rec:
            continue
        meta, _, path = rec.partition(b"\t")
        mode, blob, _stage = meta.decode().split()
        p = path.decode("utf-8", "surrogateescape")
        if mode != SUBMODULE_MODE:
            files[p] = TreeFile(p, blob, mode)
    return files


def list_files(root: Path, rev: str) -> dict[str, TreeFile]:
    """Every file at `rev` with its blob id (submodules skipped; symlinks listed with their mode)."""
    files: dict[str, TreeFile] = {}
    if rev == WORKTREE:
        files.update(_index_files(root))
        # one `git status` for what differs from the index: modified (blob unknown until read),
        # deleted (gone), untracked (new)
        status = run_git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames")
        for rec in status.split(b"\0"):
            if len(rec) < 4:
                continue
            code, p = rec[:2].decode(), rec[3:].decode("utf-8", "surrogateescape")
            if code == "??":
                mode = SYMLINK_MODE if (root / p).is_symlink() else "100644"
                files[p] = TreeFile(p, "", mode)
            elif "D" in code[1]:
                files.pop(p, None)
            elif code[1] in "MTA" and p in files:
                files[p] = TreeFile(p, "", files[p].mode)
        return files
    if rev == INDEX:
        files.update(_index_files(root))
        return files
    out = run_git(root, "ls-tree", "-r", "-l", "-z", "--full-tree", rev)
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, _, path = rec.partition(b"\t")
        mode, kind, blob, size = meta.decode().split()
        if kind != "blob":
            continue
        p = path.decode("utf-8", "surrogateescape")
        files[p] = TreeFile(p, blob, mode, int(size) if size.isdigit() else -1)
    return files


def grep_at(root: Path, rev: str, *options: str, path: str = ".") -> list[str]:
    """`git grep OPTIONS` over one revision (a commit, INDEX or WORKTREE), output lines without
    the `<rev>:` prefix git puts on a commit's matches; binary files are skipped."""
    args = ["grep", "-I", "--no-color", *options]
    if rev == WORKTREE:
        args.append("--untracked")
    elif rev == INDEX:
        args.append("--cached")
    else:
        args.append(rev)
    out = run_git(root, "-c", "grep.threads=4", *args, "--", path or ".", ok_codes=(0, 1))
    prefix = f"{rev}:"
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if rev in (WORKTREE, INDEX):
        return lines
    return [line[len(prefix) :] if line.startswith(prefix) else line for line in lines]


def grep_candidates(root: Path, rev: str) -> set[str]:
    """Text files whose content matches CANDIDATE_PATTERN or a language front-end's markers."""
    from copilot.lang import candidate_markers

    return set(grep_at(root, rev, "-l", "-i", "-E", "-e", "|".join((CANDIDATE_PATTERN, *candidate_markers()))))


def is_schema_or_config_name(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(SCHEMA_SUFFIXES):
        return True
    if name.startswith(("application", "bootstrap")) and name.endswith((".yml", ".yaml", ".properties")):
        return True
    if name == ".env" or name.endswith(".env"):
        return True
    return name.startswith(("docker-compose", "compose")) and name.endswith((".yml", ".yaml"))


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """Contents of many blobs through one `git cat-file --batch`."""
    if not blobs:
        return {}
    out = run_git(root, "cat-file", "--batch", input=("\n".join(blobs) + "\n").encode())
    result: dict[str, bytes] = {}
    pos = 0
    for blob in blobs:
        nl = out.index(b"\n", pos)
        header = out[pos:nl].decode()
        pos = nl + 1
        parts = header.split()
        if len(parts) < 3 or parts[1] == "missing":
            continue
        size = int(parts[2])
        result[blob] = out[pos : pos + size]
        pos += size + 1
    return result


def read_worktree(root: Path, path: str) -> bytes | None:
    file = root / path
    try:
        if file.is_symlink() or not file.is_file():
            return None
        return file.read_bytes()
    except OSError:
        return None


def worktree_blob(root: Path, path: str) -> tuple[str, bytes | None]:
    data = read_worktree(root, path)
    return (blob_id(data), data) if data is not None else ("", None)
