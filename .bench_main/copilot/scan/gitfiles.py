"""List and read a repository's files at one revision, cheaply.

A revision is a commit sha, ``INDEX`` or ``WORKTREE``.  Listing uses ``git ls-tree`` /
``git ls-files -s`` so every file comes with its blob id (the scan cache key) without reading
it; candidate files are found with one ``git grep -l``; contents of many blobs are read with one
``git cat-file --batch``, all through the git adapter (``copilot.git``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from copilot import git
from copilot.changes import INDEX, WORKTREE, blob_id
from copilot.errors import CopilotError
from copilot.scan import markers

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


class TreeFile(NamedTuple):
    """One file of a revision (a tuple: a 100,000-file listing is built and stored quickly)."""

    path: str
    blob: str  # git blob id; "" when unknown until read (modified work-tree file)
    mode: str
    size: int = -1


# Running git belongs to the adapter (copilot.git); the scan's call sites keep this name.
run_git = git.run


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
    # no `-l`: sizes cost git a read of every object header; candidates' sizes are checked
    # before they are read (blob_sizes)
    out = run_git(root, "ls-tree", "-r", "-z", "--full-tree", rev).decode("utf-8", "surrogateescape")
    for rec in out.split("\0"):
        # "<mode> <type> <id>\t<path>": the mode has six digits; submodules are of type "commit"
        if rec[7:12] == "blob ":
            tab = rec.find("\t", 12)
            p = rec[tab + 1 :]
            files[p] = TreeFile(p, rec[12:tab], rec[:6])
    return files


_TREES: dict[tuple[Path, str], str] = {}  # commit sha -> tree id never changes (a review asks several times)
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?\Z")


def tree_id(root: Path, rev: str) -> str:
    """The id of a commit's tree: two commits with the same tree have the same files."""
    known = _TREES.get((root, rev))
    if known is not None:
        return known
    tree = run_git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{tree}}").decode().strip()
    if _SHA.match(rev):
        _TREES[(root, rev)] = tree
    return tree


def diff_trees(root: Path, old_tree: str, new_tree: str) -> dict[str, TreeFile | None]:
    """The files that differ between two trees: path -> the new file, or None where it is gone."""
    return _raw_changes(run_git(root, "diff-tree", "-r", "-z", "--no-renames", old_tree, new_tree))


def diff_index(root: Path, old_tree: str) -> dict[str, TreeFile | None] | None:
    """The files the index (the staged work) holds differently from a tree, as `diff_trees`;
    None while a merge conflict leaves paths unmerged."""
    changed = _raw_changes(run_git(root, "diff-index", "--cached", "-r", "-z", "--no-renames", old_tree))
    return None if UNMERGED in changed.values() else changed


def diff_worktree(root: Path, old_tree: str) -> dict[str, TreeFile | None] | None:
    """The files the work tree (tracked and untracked, not ignored) holds differently from a tree,
    as `diff_trees`; a modified file's blob is "" (unknown until read).  None while a merge
    conflict leaves paths unmerged."""
    changed = _raw_changes(run_git(root, "diff-index", "-r", "-z", "--no-renames", old_tree))
    if UNMERGED in changed.values():
        return None
    for p, tf in changed.items():
        if tf is not None and tf.blob.strip("0") == "":
            changed[p] = TreeFile(p, "", tf.mode)  # git shows a work-tree file out of sync with the index as 0000…
    for rec in run_git(root, "ls-files", "--others", "--exclude-standard", "-z").split(b"\0"):
        if rec:
            p = rec.decode("utf-8", "surrogateescape")
            changed[p] = TreeFile(p, "", SYMLINK_MODE if (root / p).is_symlink() else "100644")
    return changed


UNMERGED = TreeFile("", "", "")  # stands for an unmerged path in raw diff output


def _raw_changes(raw: bytes) -> dict[str, TreeFile | None]:
    fields = raw.decode("utf-8", "surrogateescape").split("\0")
    changed: dict[str, TreeFile | None] = {}
    for meta, p in zip(fields[0::2], fields[1::2], strict=False):
        if not meta.startswith(":"):
            continue
        _old_mode, mode, _old_blob, blob, status = meta[1:].split(" ")
        # a submodule is not a file of the listing (nor what a file turned into a submodule became)
        if status == "U":
            changed[p] = UNMERGED
        else:
            changed[p] = None if status == "D" or mode == SUBMODULE_MODE else TreeFile(p, blob, mode)
    return changed


def grep_at(root: Path, rev: str, *options: str, path: str = ".", pathspecs: tuple[str, ...] = ()) -> list[str]:
    """`git grep OPTIONS` over one revision (a commit, INDEX or WORKTREE), output lines without
    the `<rev>:` prefix git puts on a commit's matches; binary files are skipped.  The files
    searched are those under `path`, or those `pathspecs` match."""
    args = ["grep", "-I", "--no-color", *options]
    if rev == WORKTREE:
        args.append("--untracked")
    elif rev == INDEX:
        args.append("--cached")
    else:
        args.append(rev)
    out = run_git(root, "-c", "grep.threads=4", *args, "--", *(pathspecs or (path or ".",)), ok_codes=(0, 1))
    prefix = f"{rev}:"
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if rev in (WORKTREE, INDEX):
        return lines
    return [line[len(prefix) :] if line.startswith(prefix) else line for line in lines]


_PCRE = [True]  # git built with PCRE (its -P matcher is much cheaper here than -E)


def candidate_markers() -> tuple[str, ...]:
    """Every candidate marker: the scan's own (CANDIDATE_PATTERN) and the front-ends' (a plugin's
    too, so nothing here is cached past them: what is compiled is cached by its markers)."""
    from copilot.lang import candidate_markers as front_end_markers

    # each marker's own branches apart: `from kafka|import kafka` is two words (both hold `kafka`)
    return tuple(dict.fromkeys(b for m in (CANDIDATE_PATTERN, *front_end_markers()) for b in markers.alternatives(m)))


def grep_candidates(root: Path, rev: str, suffixes: tuple[str, ...] = ()) -> set[str]:
    """Text files whose content matches a candidate marker (case-insensitively): one `git grep`
    for every language's markers.  With `suffixes`, only files whose names end so (in any case)
    are read: the others (docs, images, lock files) cost git a read each and can be no candidate."""
    pathspecs = tuple(f":(icase)*{s}" for s in suffixes)
    for pcre in (True, False) if _PCRE[0] else (False,):
        pattern, caseless = markers.grep_pattern(candidate_markers(), pcre=pcre)
        options = ("-l", *(("-i",) if caseless else ()), "-P" if pcre else "-E", "-e", pattern)
        try:
            return set(grep_at(root, rev, *options, pathspecs=pathspecs))
        except CopilotError:
            if not pcre:
                raise
            _PCRE[0] = False  # "cannot use Perl-compatible regexes when not compiled with USE_LIBPCRE"
    return set()  # not reached


def content_is_candidate(data: bytes) -> bool:
    """What `grep_candidates` decides for one file's bytes (like `git grep -I`, binary never matches)."""
    if b"\0" in data[:8000]:
        return False
    return markers.python_pattern(candidate_markers()).search(data) is not None


# schema files; Spring/Quarkus config (application*/bootstrap* .yml/.yaml/.properties); env files;
# docker compose files — matched on the file name, case-insensitively
_SCHEMA_OR_CONFIG_NAME = re.compile(
    r"(?:^|/)(?:[^/]*\.(?:avsc|avpr|avdl)|(?:application|bootstrap)[^/]*\.(?:yml|yaml|properties)"
    r"|[^/]*\.env|(?:docker-compose|compose)[^/]*\.(?:yml|yaml))\Z",
    re.IGNORECASE,
)


def is_schema_or_config_name(path: str) -> bool:
    return _SCHEMA_OR_CONFIG_NAME.search(path) is not None


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """Contents of many blobs through one `git cat-file --batch` (missing blobs left out)."""
    return {blob: obj.data for blob, obj in zip(blobs, git.cat_file(root, blobs), strict=True) if obj is not None}


def blob_sizes(root: Path, blobs: list[str]) -> dict[str, int]:
    """Sizes of many blobs through one `git cat-file --batch-check` (missing blobs left out)."""
    found = git.cat_file(root, blobs, sizes_only=True)
    return {blob: obj.size for blob, obj in zip(blobs, found, strict=True) if obj is not None}


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
