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

from copilot.errors import CopilotError

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
INDEX = "INDEX"
WORKTREE = "WORKTREE"
ZERO_SHA = "0" * 40


def _git(root: Path, *args: str, input: bytes | None = None) -> bytes:
    """Plain `git` through the scan's runner (no GitPython: importing it alone cost a safe push
    about 70 ms); a failure is a CopilotError."""
    from copilot.scan.gitfiles import run_git  # gitfiles imports this module's constants

    return run_git(root, *args, input=input)


def _git_or_none(root: Path, *args: str) -> str | None:
    """Output of a git command that may fail (a revision that does not exist), stripped; None on failure."""
    try:
        return _git(root, *args).decode("utf-8", "surrogateescape").strip()
    except CopilotError:
        return None


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


def blob_id(data: bytes) -> str:
    """The git blob id of some bytes (what `git hash-object` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class ChangeSet:
    root: Path
    base: str  # a commit sha, or EMPTY_TREE for a root commit
    head: str  # a commit sha, INDEX or WORKTREE
    files: list[FileChange] = field(default_factory=list)
    _blobs: dict[tuple[str, str], bytes | None] = field(default_factory=dict, repr=False)

    def by_path(self, path: str) -> FileChange | None:
        for change in self.files:
            if path in (change.new_path, change.old_path):
                return change
        return None

    def read_bytes(self, side: str, path: str) -> bytes | None:
        """A file's content on one side, or None when it does not exist there (or is no file)."""
        rev = self.base if side == "base" else self.head
        if rev == EMPTY_TREE:
            return None
        if rev == WORKTREE:
            return worktree_bytes(self.root, path)
        if (rev, path) not in self._blobs:
            # the first read of a side fetches every changed file of that side through one
            # `git cat-file --batch`: rules read changed files one by one
            changed = (fc.old_path if side == "base" else fc.new_path for fc in self.files if not fc.binary)
            wanted = dict.fromkeys([path, *(p for p in changed if p and (rev, p) not in self._blobs)])
            self._blobs.update(((rev, p), data) for p, data in _read_at(self.root, rev, list(wanted)).items())
        return self._blobs[(rev, path)]

    def read(self, side: str, path: str) -> str | None:
        data = self.read_bytes(side, path)
        return None if data is None else data.decode("utf-8", errors="replace")

    def mode(self, side: str, path: str) -> str | None:
        """A path's git mode on one side ("100644", "120000" for a link, ...); None where it is not
        an entry there.  The work tree has no git modes: ask the file system."""
        rev = self.base if side == "base" else self.head
        if rev in (EMPTY_TREE, WORKTREE) or "\n" in path:
            return None
        try:
            if rev == INDEX:
                out = _git(self.root, "--literal-pathspecs", "ls-files", "-s", "-z", "--", path)
            else:
                out = _git(self.root, "--literal-pathspecs", "ls-tree", "-z", rev, "--", path)
        except CopilotError:
            return None
        for rec in out.decode("utf-8", "surrogateescape").split("\0"):
            meta, _, name = rec.partition("\t")
            if name == path and meta:
                return meta.split(" ")[0]
        return None

    def describe(self) -> str:
        head = {INDEX: "staged changes", WORKTREE: "uncommitted changes"}.get(self.head, self.head[:10])
        base = "the empty tree" if self.base == EMPTY_TREE else self.base[:10]
        return f"{base}..{head}"


def _read_at(root: Path, rev: str, paths: list[str]) -> dict[str, bytes | None]:
    """Contents of `paths` at a commit or in the index (None: not a file there), in one `git cat-file
    --batch` (a name with a line break cannot go through it and is read on its own)."""
    prefix = ":" if rev == INDEX else f"{rev}:"
    out: dict[str, bytes | None] = dict.fromkeys(paths)
    batch = [p for p in paths if "\n" not in p and "\r" not in p]
    for p in paths:
        if p not in batch:
            try:
                out[p] = _git(root, "cat-file", "blob", prefix + p)
            except CopilotError:
                out[p] = None
    if not batch:
        return out
    try:
        data = _git(root, "cat-file", "--batch", input="".join(f"{prefix}{p}\n" for p in batch).encode("utf-8", "surrogateescape"))
    except CopilotError:
        return out
    pos = 0
    for p in batch:
        nl = data.index(b"\n", pos)
        header = data[pos:nl].decode("utf-8", "surrogateescape")
        pos = nl + 1
        if header.endswith((" missing", " ambiguous")):
            continue  # nothing follows the header
        _sha, kind, size = header.rsplit(" ", 2)
        if kind == "blob":
            out[p] = data[pos : pos + int(size)]
        pos += int(size) + 1
    return out


def open_repo(path: str | Path) -> Path:
    """The work tree's top directory of the repository `path` is in."""
    from copilot.scan.gitfiles import repo_root

    try:
        return repo_root(path)
    except CopilotError:
        raise CopilotError(f"{path}: not a git repository (run inside a repository or pass --repo)") from None


def _rev(root: Path, ref: str) -> str:
    sha = _git_or_none(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if not sha:
        raise CopilotError(f"{root}: unknown revision {ref!r}")
    return sha


def _has_commits(root: Path) -> bool:
    return bool(_git_or_none(root, "rev-parse", "--verify", "--quiet", "HEAD"))


def default_base(root: Path, head: str = "HEAD") -> str:
    """merge-base with the upstream (or the remote/default branch); else the parent of HEAD.

    A branch with nothing to compare against (the default branch itself, no upstream) is
    reviewed as its last commit; a root commit against the empty tree.
    """
    candidates = ["@{upstream}", "origin/HEAD", "origin/main", "origin/master", "main", "master"]
    head_sha = _rev(root, head)
    for ref in candidates:
        other = _git_or_none(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        if not other:
            continue
        base = _git_or_none(root, "merge-base", head_sha, other)
        if base and base != head_sha:
            return base
    return _git_or_none(root, "rev-parse", "--verify", "--quiet", f"{head_sha}^") or EMPTY_TREE


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
    root = open_repo(repo_path)
    base_sha = _base_of(root, base, head, staged, worktree)
    if staged:
        cs = ChangeSet(root, base_sha, INDEX, _diff(root, "--cached", base_sha))
    elif worktree:
        cs = ChangeSet(root, base_sha, WORKTREE, _diff(root, base_sha))
        _add_untracked(cs)
    else:
        head_sha = _rev(root, head or "HEAD")
        cs = ChangeSet(root, base_sha, head_sha, _diff(root, base_sha, head_sha))
    return cs


def _diff(root: Path, *args: str) -> list[FileChange]:
    return _parse_diff(_git(root, "diff", *DIFF_ARGS, *args, "--").decode("utf-8", "surrogateescape"))


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
    if not _has_commits(root):
        if not (staged or worktree):
            raise CopilotError(f"{root}: the repository has no commits yet (use --staged or --worktree)")
        return EMPTY_TREE
    if staged or worktree:
        return _rev(root, base) if base else _rev(root, "HEAD")
    return _rev(root, base) if base else default_base(root, _rev(root, head or "HEAD"))


def resolve_base(
    repo_path: str | Path, base: str | None = None, head: str | None = None, staged: bool = False, worktree: bool = False
) -> str:
    """The base commit ``changeset`` would use for these arguments (the revision whose config is trusted)."""
    return _base_of(open_repo(repo_path), base, head, staged, worktree)


def _add_untracked(cs: ChangeSet) -> None:
    """Untracked, not-ignored files are part of the uncommitted work."""
    listing = _git(cs.root, "ls-files", "--others", "--exclude-standard", "-z")
    for path in listing.decode("utf-8", "surrogateescape").split("\0"):
        if not path:
            continue
        data = worktree_bytes(cs.root, path) or b""
        binary = b"\0" in data[:8192]
        change = FileChange(old_path=None, new_path=path, status="added", binary=binary)
        if not binary:
            n = data.decode("utf-8", errors="replace").count("\n") + (0 if data.endswith(b"\n") or not data else 1)
            change.hunks.append(Hunk(0, 0, 1, n, added=list(range(1, n + 1))))
        cs.files.append(change)
