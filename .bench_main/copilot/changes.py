"""Turn a git range (or the staged / uncommitted work) into a ChangeSet.

A ChangeSet knows, for every changed file, its old and new path and blob, the hunks with line
numbers on both sides, and can read either side's full text.  Sides are ``base`` and ``head``;
``head`` may be a commit, the index (``--staged``) or the work tree (``--worktree``).
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from unidiff import PatchSet
from unidiff.errors import UnidiffParseError

from copilot import git
from copilot.errors import CopilotError

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
INDEX = "INDEX"
WORKTREE = "WORKTREE"
ZERO_SHA = "0" * 40


@dataclass
class Hunk:
    old_start: int
    old_lines: int
    new_start: int
    new_lines: int
    removed: list[int] = field(default_factory=list)  # base line numbers removed
    added: list[int] = field(default_factory=list)  # head line numbers added
    text: str = ""  # the hunk as in the diff, header included


@dataclass
class FileChange:
    old_path: str | None  # None when added
    new_path: str | None  # None when deleted
    status: str  # added | deleted | modified | renamed
    binary: bool = False
    hunks: list[Hunk] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.new_path or self.old_path or ""

    def added_lines(self) -> set[int]:
        return {n for h in self.hunks for n in h.added}

    def removed_lines(self) -> set[int]:
        return {n for h in self.hunks for n in h.removed}


@dataclass(frozen=True)
class FileVersion:
    sha: str  # the commit
    date: str  # its committer date, ISO 8601
    path: str  # the file's path at that commit
    data: bytes


_RECORD, _UNIT = "\x1e", "\x1f"


def file_versions(root: Path, rev: str, path: str) -> list[FileVersion]:
    """Every committed version of a file up to ``rev``, oldest first, following renames
    (``git log --follow``); the commit that deleted it and merges without a change of their own
    are left out."""
    found = git.call(root, "log", "--follow", f"--format={_RECORD}%H{_UNIT}%cI", "--name-status", rev, "--", path)
    if found.code != 0:
        raise CopilotError(f"git log of {path} at {rev} failed: {found.reason}")
    entries = []
    for chunk in found.out.decode("utf-8", "surrogateescape").split(_RECORD):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        sha, date = lines[0].split(_UNIT)
        changes = [line.split("\t") for line in lines[1:]]
        if not changes or changes[-1][0].startswith("D"):
            continue  # a merge without its own change, or the commit that deleted the file
        entries.append((sha, date, changes[-1][-1]))
    entries.reverse()
    contents = git.cat_file(root, [f"{sha}:{p}" for sha, _, p in entries])
    return [
        FileVersion(sha, date, p, found.data)
        for (sha, date, p), found in zip(entries, contents, strict=True)
        if found is not None
    ]


def blob_id(data: bytes) -> str:
    """The git blob id of some bytes (what `git hash-object` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class ChangeSet:
    root: Path
    base: str  # a commit sha, or EMPTY_TREE for a root commit
    head: str  # a commit sha, INDEX or WORKTREE
    files: list[FileChange] = field(default_factory=list)
    _objects: git.ObjectReader | None = field(default=None, repr=False)

    @property
    def objects(self) -> git.ObjectReader:
        """Reads a commit's files through one long-lived ``git cat-file``, not a process per file."""
        if self._objects is None:
            self._objects = git.ObjectReader(self.root)
        return self._objects

    def by_path(self, path: str) -> FileChange | None:
        for change in self.files:
            if path in (change.new_path, change.old_path):
                return change
        return None

    def read_bytes(self, side: str, path: str) -> bytes | None:
        """A file's content on one side, or None when it does not exist there."""
        rev = self.base if side == "base" else self.head
        if rev == EMPTY_TREE:
            return None
        if rev == WORKTREE:
            return worktree_bytes(self.root, path)
        if rev == INDEX:  # the index may change while a change set lives: asked each time
            found = git.call(self.root, "cat-file", "blob", f":{path}")
            return found.out if found.code == 0 else None
        found = self.objects.read(f"{rev}:{path}")
        return found.data if found is not None and found.type == "blob" else None

    def mode(self, side: str, path: str) -> str | None:
        """A file's git mode on one side (``100644``, ``100755``, ``120000`` …), or None when the
        side is the work tree or the file is not there."""
        rev = self.base if side == "base" else self.head
        if rev in (EMPTY_TREE, WORKTREE) or not path or "\n" in path:
            return None
        if rev == INDEX:
            listed = git.call(self.root, "ls-files", "-s", "-z", "--", f":(literal){path}").out
        else:
            listed = git.call(self.root, "ls-tree", "-z", "--full-tree", rev, "--", f":(literal){path}").out
        for record in listed.split(b"\0"):
            meta, _, name = record.partition(b"\t")
            fields = meta.decode().split()
            staged = rev != INDEX or (len(fields) == 3 and fields[2] == "0")  # an unmerged path has none
            if fields and staged and name.decode("utf-8", "surrogateescape") == path:
                return fields[0]
        return None

    def history(self, path: str) -> list[FileVersion]:
        """A file's committed versions up to the base, oldest first, following renames."""
        return [] if self.base == EMPTY_TREE else file_versions(self.root, self.base, path)

    def read(self, side: str, path: str) -> str | None:
        data = self.read_bytes(side, path)
        return None if data is None else data.decode("utf-8", errors="replace")

    def describe(self) -> str:
        head = {INDEX: "staged changes", WORKTREE: "uncommitted changes"}.get(self.head, self.head[:10])
        base = "the empty tree" if self.base == EMPTY_TREE else self.base[:10]
        return f"{base}..{head}"


def default_base(root: Path, head: str = "HEAD") -> str:
    """merge-base with the upstream (or the remote/default branch); else the parent of HEAD.

    A branch with nothing to compare against (the default branch itself, no upstream) is
    reviewed as its last commit; a root commit against the empty tree.
    """
    candidates = ["@{upstream}", "origin/HEAD", "origin/main", "origin/master", "main", "master"]
    head_sha = git.resolve_commit(root, head)
    for ref in candidates:
        other = git.commit_of(root, ref)
        if other is None:
            continue
        base = git.probe(root, "merge-base", head_sha, other)
        if base and base != head_sha:
            return base
    return git.commit_of(root, f"{head_sha}^") or EMPTY_TREE


def _parse_diff(diff_text: str) -> list[FileChange]:
    try:
        patch = PatchSet(diff_text)
    except UnidiffParseError as exc:  # pragma: no cover - git's own output
        raise CopilotError(f"could not parse git diff output: {exc}") from None
    files: list[FileChange] = []
    for pf in patch:
        old = None if pf.is_added_file else _strip(pf.source_file)
        new = None if pf.is_removed_file else _strip(pf.target_file)
        if pf.is_added_file:
            status = "added"
        elif pf.is_removed_file:
            status = "deleted"
        elif pf.is_rename:
            status = "renamed"
        else:
            status = "modified"
        change = FileChange(old_path=old, new_path=new, status=status, binary=pf.is_binary_file)
        for h in pf:
            hunk = Hunk(h.source_start, h.source_length, h.target_start, h.target_length, text=str(h))
            for line in h:
                if line.is_added:
                    hunk.added.append(line.target_line_no)
                elif line.is_removed:
                    hunk.removed.append(line.source_line_no)
            change.hunks.append(hunk)
        files.append(change)
    return files


def _strip(name: str) -> str:
    for prefix in ("a/", "b/"):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


DIFF_ARGS = ("--no-color", "--no-ext-diff", "-M", "--unified=3", "--src-prefix=a/", "--dst-prefix=b/")


def changeset(
    repo_path: str | Path,
    base: str | None = None,
    head: str | None = None,
    staged: bool = False,
    worktree: bool = False,
) -> ChangeSet:
    """Build the ChangeSet for a range, the index or the work tree."""
    root = git.toplevel(repo_path)
    base_sha = _base_of(root, base, head, staged, worktree)
    if staged:
        cs = ChangeSet(root, base_sha, INDEX, _diff(root, "--cached", base_sha))
    elif worktree:
        cs = ChangeSet(root, base_sha, WORKTREE, _diff(root, base_sha))
        _add_untracked(cs)
    else:
        head_sha = git.resolve_commit(root, head or "HEAD")
        cs = ChangeSet(root, base_sha, head_sha, _diff(root, base_sha, head_sha))
    return cs


def _diff(root: Path, *revs: str) -> list[FileChange]:
    return _parse_diff(git.run(root, "diff", *DIFF_ARGS, *revs).decode("utf-8", "replace"))


def worktree_bytes(root: Path, path: str) -> bytes | None:
    """A work-tree file's content as git sees it: a symbolic link is its target's *name* (never
    followed), and nothing is read through a linked directory or from outside `root`."""
    parts = path.split("/")
    if not path or path.startswith("/") or ".." in parts or any(p.lower() == ".git" for p in parts):
        return None
    current = root
    try:
        for part in parts[:-1]:
            current = current / part
            if not stat.S_ISDIR(os.lstat(current).st_mode):  # a link to a directory is not a folder
                return None
        current = current / parts[-1]
        mode = os.lstat(current).st_mode
        if stat.S_ISLNK(mode):
            return os.fsencode(os.readlink(current))
        return current.read_bytes() if stat.S_ISREG(mode) else None
    except OSError:
        return None


def _base_of(root: Path, base: str | None, head: str | None, staged: bool, worktree: bool) -> str:
    if git.head_sha(root) is None:
        if not (staged or worktree):
            raise CopilotError(f"{root}: the repository has no commits yet (use --staged or --worktree)")
        return EMPTY_TREE
    if staged or worktree:
        return git.resolve_commit(root, base) if base else git.resolve_commit(root, "HEAD")
    return git.resolve_commit(root, base) if base else default_base(root, git.resolve_commit(root, head or "HEAD"))


def resolve_base(
    repo_path: str | Path, base: str | None = None, head: str | None = None, staged: bool = False, worktree: bool = False
) -> str:
    """The base commit ``changeset`` would use for these arguments (the revision whose config is trusted)."""
    return _base_of(git.toplevel(repo_path), base, head, staged, worktree)


def _add_untracked(cs: ChangeSet) -> None:
    """Untracked, not-ignored files are part of the uncommitted work."""
    listed = git.run(cs.root, "ls-files", "--others", "--exclude-standard", "-z").decode("utf-8", "surrogateescape")
    for path in filter(None, listed.split("\0")):
        data = worktree_bytes(cs.root, path) or b""
        binary = b"\0" in data[:8192]
        change = FileChange(old_path=None, new_path=path, status="added", binary=binary)
        if not binary:
            n = data.decode("utf-8", errors="replace").count("\n") + (0 if data.endswith(b"\n") or not data else 1)
            change.hunks.append(Hunk(0, 0, 1, n, added=list(range(1, n + 1))))
        cs.files.append(change)
