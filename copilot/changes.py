"""Turn a git range (or the staged / uncommitted work) into a ChangeSet.

A ChangeSet knows, for every changed file, its old and new path and blob, the hunks with line
numbers on both sides, and can read either side's full text.  Sides are ``base`` and ``head``;
``head`` may be a commit, the index (``--staged``) or the work tree (``--worktree``).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import git
from unidiff import PatchSet
from unidiff.errors import UnidiffParseError

from copilot.errors import CopilotError
from copilot.revisions import EMPTY_TREE, INDEX, WORKTREE, ZERO_SHA, blob_id  # noqa: F401 - re-exported


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


@dataclass
class ChangeSet:
    root: Path
    base: str  # a commit sha, or EMPTY_TREE for a root commit
    head: str  # a commit sha, INDEX or WORKTREE
    files: list[FileChange] = field(default_factory=list)
    _repo: git.Repo | None = None
    _trees: dict[str, git.Tree] = field(default_factory=dict)

    @property
    def repo(self) -> git.Repo:
        if self._repo is None:
            self._repo = git.Repo(self.root)
        return self._repo

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
        if rev == INDEX:
            try:
                return self.repo.git.show(f":{path}", stdout_as_string=False, strip_newline_in_stdout=False)
            except git.GitCommandError:
                return None
        # through the object database: one persistent `git cat-file` process, not one per file
        try:
            tree = self._trees.get(rev)
            if tree is None:
                tree = self._trees[rev] = self.repo.commit(rev).tree
            return tree[path].data_stream.read()
        except (KeyError, ValueError, git.BadName, git.GitCommandError):
            return None

    def read(self, side: str, path: str) -> str | None:
        data = self.read_bytes(side, path)
        return None if data is None else data.decode("utf-8", errors="replace")

    def describe(self) -> str:
        head = {INDEX: "staged changes", WORKTREE: "uncommitted changes"}.get(self.head, self.head[:10])
        base = "the empty tree" if self.base == EMPTY_TREE else self.base[:10]
        return f"{base}..{head}"


def open_repo(path: str | Path) -> git.Repo:
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise CopilotError(f"{path}: not a git repository (run inside a repository or pass --repo)") from None


def _rev(repo: git.Repo, ref: str) -> str:
    try:
        return repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")
    except git.GitCommandError:
        raise CopilotError(f"{repo.working_tree_dir}: unknown revision {ref!r}") from None


def _has_commits(repo: git.Repo) -> bool:
    try:
        repo.git.rev_parse("--verify", "--quiet", "HEAD")
        return True
    except git.GitCommandError:
        return False


def default_base(repo: git.Repo, head: str = "HEAD") -> str:
    """merge-base with the upstream (or the remote/default branch); else the parent of HEAD.

    A branch with nothing to compare against (the default branch itself, no upstream) is
    reviewed as its last commit; a root commit against the empty tree.
    """
    candidates = ["@{upstream}", "origin/HEAD", "origin/main", "origin/master", "main", "master"]
    head_sha = _rev(repo, head)
    for ref in candidates:
        try:
            other = repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")
        except git.GitCommandError:
            continue
        try:
            base = repo.git.merge_base(head_sha, other)
        except git.GitCommandError:
            continue
        if base and base != head_sha:
            return base
    try:
        return repo.git.rev_parse("--verify", "--quiet", f"{head_sha}^")
    except git.GitCommandError:
        return EMPTY_TREE


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
    repo = open_repo(repo_path)
    root = Path(repo.working_tree_dir or repo_path)
    base_sha = _base_of(repo, root, base, head, staged, worktree)
    if staged:
        text = repo.git.diff(*DIFF_ARGS, "--cached", base_sha)
        cs = ChangeSet(root, base_sha, INDEX, _parse_diff(text), repo)
    elif worktree:
        text = repo.git.diff(*DIFF_ARGS, base_sha)
        cs = ChangeSet(root, base_sha, WORKTREE, _parse_diff(text), repo)
        _add_untracked(repo, cs)
    else:
        head_sha = _rev(repo, head or "HEAD")
        text = repo.git.diff(*DIFF_ARGS, base_sha, head_sha)
        cs = ChangeSet(root, base_sha, head_sha, _parse_diff(text), repo)
    return cs


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


def _base_of(repo: git.Repo, root: Path, base: str | None, head: str | None, staged: bool, worktree: bool) -> str:
    if not _has_commits(repo):
        if not (staged or worktree):
            raise CopilotError(f"{root}: the repository has no commits yet (use --staged or --worktree)")
        return EMPTY_TREE
    if staged or worktree:
        return _rev(repo, base) if base else _rev(repo, "HEAD")
    return _rev(repo, base) if base else default_base(repo, _rev(repo, head or "HEAD"))


def resolve_base(
    repo_path: str | Path, base: str | None = None, head: str | None = None, staged: bool = False, worktree: bool = False
) -> str:
    """The base commit ``changeset`` would use for these arguments (the revision whose config is trusted)."""
    repo = open_repo(repo_path)
    return _base_of(repo, Path(repo.working_tree_dir or repo_path), base, head, staged, worktree)


def _add_untracked(repo: git.Repo, cs: ChangeSet) -> None:
    """Untracked, not-ignored files are part of the uncommitted work."""
    for path in repo.untracked_files:
        data = worktree_bytes(cs.root, path) or b""
        binary = b"\0" in data[:8192]
        change = FileChange(old_path=None, new_path=path, status="added", binary=binary)
        if not binary:
            n = data.decode("utf-8", errors="replace").count("\n") + (0 if data.endswith(b"\n") or not data else 1)
            change.hunks.append(Hunk(0, 0, 1, n, added=list(range(1, n + 1))))
        cs.files.append(change)
