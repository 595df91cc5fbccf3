"""Which paths a patch may touch: inside the work tree, not git's own files, not hooks, not links.

Checked when a patch is proposed and again when it is applied (the repository may have changed in
between, e.g. a new symlink or a new ``core.hooksPath``).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from copilot import git
from copilot.actions.errors import ProposalRefused

HOOK_DIRS = (".githooks", ".husky")


@dataclass(frozen=True)
class RepoGuard:
    """What a path must stay out of, resolved once per repository."""

    root: Path
    git_dirs: tuple[Path, ...]
    hooks: Path | None

    @classmethod
    def load(cls, root: Path) -> RepoGuard:
        root = Path(os.path.realpath(root))
        dirs = {Path(os.path.realpath(git.git_dir(root))), Path(os.path.realpath(git.common_dir(root)))}
        hooks = Path(os.path.realpath(git.hooks_dir(root)))
        return cls(root=root, git_dirs=tuple(sorted(dirs)), hooks=None if any(_inside(hooks, d) for d in dirs) else hooks)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_spelling(rel: str) -> None:
    if not isinstance(rel, str) or not rel:
        raise ProposalRefused(f"refused: empty or non-text path {rel!r}")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in rel) or '"' in rel or "\\" in rel:
        raise ProposalRefused(f"refused: path {rel!r} has control, quote or backslash characters")
    if rel != rel.strip():
        raise ProposalRefused(f"refused: path {rel!r} starts or ends with whitespace")
    if rel.startswith("/") or (len(rel) > 1 and rel[1] == ":"):
        raise ProposalRefused(
            f"refused: absolute path {rel!r}; paths must be relative to the repository root"
        )
    parts = rel.split("/")
    if ".." in parts:
        raise ProposalRefused(f"refused: path {rel!r} leaves the repository ('..')")
    if posixpath.normpath(rel) != rel or "" in parts or "." in parts:
        raise ProposalRefused(f"refused: path {rel!r} is not a normalised repository-relative path")


def _check_components(rel: str, shown: str) -> None:
    for part in rel.split("/"):
        low = part.lower().rstrip(". ")
        if low in (".git", "git~1"):
            raise ProposalRefused(f"refused: {shown} is inside git's own directory (.git)")
        if low in HOOK_DIRS:
            raise ProposalRefused(f"refused: {shown} is a git hook file ({part}/)")


def check_path(guard: RepoGuard, rel: str) -> None:
    """Raise ProposalRefused unless a patch may create, change or delete ``rel``."""
    _check_spelling(rel)
    _check_components(rel, rel)
    full = guard.root / rel
    if os.path.islink(full):
        raise ProposalRefused(f"refused: {rel} is a symbolic link; patches never write through links")
    real = Path(os.path.realpath(full))
    if not _inside(real, guard.root) or real == guard.root:
        raise ProposalRefused(f"refused: {rel} resolves outside the repository ({real})")
    _check_components(real.relative_to(guard.root).as_posix(), rel)
    for folder in guard.git_dirs:
        if _inside(real, folder):
            raise ProposalRefused(f"refused: {rel} is inside git's own directory ({folder})")
    if guard.hooks is not None and _inside(real, guard.hooks):
        raise ProposalRefused(f"refused: {rel} is inside core.hooksPath ({guard.hooks})")
    if real.is_dir():
        raise ProposalRefused(f"refused: {rel} is a directory")
