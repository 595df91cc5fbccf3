"""Finish what a dead process left half-done: an action stuck in ``applying`` with a free lock.

A patch that has a journal gets its original files back (from the blobs the journal names); any
such action is then marked ``failed`` with the reason, so the store and the work tree agree again.
"""

from __future__ import annotations

import os
from pathlib import Path

from copilot import git
from copilot.actions import journal, locks, writer
from copilot.actions.canonical import canonical_json
from copilot.actions.errors import ProposalRefused
from copilot.actions.model import ABSENT
from copilot.actions.pathsafety import RepoGuard, check_path
from copilot.actions.store import ActionStore


def restore_patch(store: ActionStore, action_id: str) -> int:
    """Put back the files a journal names; remove the journal; return how many files it named."""
    originals = journal.read(store.dir, action_id)
    if originals is None:
        return 0
    root = store.root
    guard = RepoGuard.load(root)
    data: dict[str, bytes | None] = {}
    modes: dict[str, int] = {}
    for rel, blob in originals.items():
        try:
            check_path(guard, rel)
        except ProposalRefused:
            continue  # never write where a patch may not write, whatever the journal says
        data[rel] = None if blob == ABSENT else git.read_blob(root, blob)
        full = Path(root, rel)
        if full.exists():
            modes[rel] = os.stat(full).st_mode & 0o7777
    writer.restore(root, data, modes)
    for rel in data:
        writer.remove_leftovers(root, rel)  # temp files and empty folders a dead process left
    journal.remove(store.dir, action_id)
    return len(data)


def _journalled(store: ActionStore) -> set[str]:
    folder = journal.journal_path(store.dir, "x").parent
    return {p.stem for p in folder.glob("*.json")} if folder.is_dir() else set()


def recover(store: ActionStore) -> list[str]:
    """Recover every interrupted apply; return one message per action recovered."""
    messages = []
    candidates = {a.id for a in store.list() if a.status == "applying"} | _journalled(store)
    for action_id in sorted(candidates):
        with locks.try_lock(store.dir, action_id) as held:
            if not held:
                continue  # a live process is applying it
            try:
                action = store.get(action_id)
            except Exception:
                journal.remove(store.dir, action_id)
                continue
            if action.status != "applying":
                journal.remove(store.dir, action_id)  # the outcome was recorded; the journal is left over
                continue
            restored = restore_patch(store, action_id)
            note = "interrupted: the process applying it died"
            note += f"; restored {restored} file(s) to their state before the apply" if restored else ""
            if action.kind != "patch":
                note += "; the outcome is unknown, check the target before retrying"
            store.decide(
                action_id, "failed", allowed_from=("applying",), verb="recover",
                result=canonical_json({"error": note}),
            )  # fmt: skip
            messages.append(f"pipeline-copilot: recovered {action_id}: {note}; marked failed")
    return messages
