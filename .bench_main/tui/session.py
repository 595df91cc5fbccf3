"""What the app is given: a way to (re)run the review and a way to open the action store.

`pipeline-copilot tui` builds both from its arguments; tests pass their own (a fixed `Review`, a
store on a temporary repository).  Neither imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from copilot.actions.store import ActionStore
from copilot.model.findings import Review

ReviewLoader = Callable[[], Review]
"""Runs the review (scans the repository: slow, so the app calls it in a worker thread)."""

StoreFactory = Callable[[], ActionStore]
"""Opens the repository's action store; the app opens one per decision and closes it after."""


def review_loader(
    repo: str | Path,
    *,
    base: str | None = None,
    head: str | None = None,
    staged: bool = False,
    worktree: bool = False,
    llm: str = "auto",
) -> ReviewLoader:
    """A loader that reviews this range each time it is called (config is re-read on a re-run)."""
    root = Path(repo)

    def load() -> Review:
        from copilot.actions.proposals import propose_actions
        from copilot.review.engine import review_change

        return review_change(root, base=base, head=head, staged=staged, worktree=worktree, llm=llm, propose=propose_actions)

    return load


def store_factory(repo: str | Path) -> StoreFactory:
    """Opens `ActionStore(repo)`: the same store (and audit log) the CLI commands use."""
    root = Path(repo)

    def open_store() -> ActionStore:
        return ActionStore(root)

    return open_store


def requested_range(
    base: str | None = None, head: str | None = None, staged: bool = False, worktree: bool = False
) -> str:
    """How the header names the range before the review has resolved it."""
    if staged:
        return "staged changes"
    if worktree:
        return f"{base}..uncommitted changes" if base else "uncommitted changes"
    if base or head:
        return f"{base or '<merge-base>'}..{head or 'HEAD'}"
    return "<merge-base>..HEAD"
