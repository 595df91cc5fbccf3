"""The audit log's anchor outside the SQLite file: ``refs/pipeline-copilot/audit`` in git.

The ref points at a small blob ``count <N>\\nhead <hash of entry N>``, moved forward with every
audit entry (inside the transaction that writes the entry, compare-and-swap on the old value).  A
database truncated to 0 bytes, deleted, emptied or re-chained no longer ends where the anchor says,
and ``audit verify`` reports it.  The anchor only moves from the state it recorded: once the log
and the anchor disagree, the anchor is left as evidence (and ``apply``/``approve`` refuse) until a
person looks.

Tamper-evident against a damaged or replaced store, not against someone who rewrites both the
database and the ref; push the ref, or record ``audit verify --format json``'s head elsewhere, to pin
it further.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from copilot import git

REF = "refs/pipeline-copilot/audit"
MAGIC = "pipeline-copilot audit anchor v1"


@dataclass(frozen=True)
class Anchor:
    count: int
    head: str
    blob: str  # the object the ref points at (for compare-and-swap)


def read(root: Path) -> Anchor | None:
    """The anchor, or None when the ref does not exist.  An unreadable anchor counts as count -1."""
    found = git.cat_file(root, [REF])[0]  # one call: id and content
    if found is None:
        return None  # "<ref> missing"
    blob = found.oid
    text = found.data.decode("utf-8", "replace") if found.type == "blob" else ""
    fields = dict(line.split(" ", 1) for line in text.splitlines()[1:] if " " in line)
    if not text.startswith(MAGIC) or not fields.get("count", "").isdigit():
        return Anchor(-1, "", blob)
    return Anchor(int(fields["count"]), fields.get("head", ""), blob)


def advance(root: Path, prev_count: int, prev_head: str, count: int, head: str) -> Anchor | None:
    """Move the anchor from (prev_count, prev_head) to (count, head); the previous anchor (to restore
    on rollback), or None when it did not record the log's previous state (then it is left alone)."""
    current = read(root)
    if current is None:
        if prev_count != 0:
            return None  # a log with entries and no anchor: not ours to bless
    elif (current.count, current.head) != (prev_count, prev_head):
        return None
    body = f"{MAGIC}\ncount {count}\nhead {head}\n".encode()
    blob = git.hash_bytes(root, body, write=True)
    old = current.blob if current else ""  # "": the ref must not exist yet
    git.run(root, "update-ref", "-m", f"audit entry {count}", REF, blob, old)
    return current or Anchor(0, "", "")


def restore(root: Path, previous: Anchor) -> None:
    """Put the anchor back after the entry it recorded was rolled back."""
    if previous.blob:
        git.call(root, "update-ref", REF, previous.blob)
    else:
        git.call(root, "update-ref", "-d", REF)


def problem(root: Path, count: int, head: str) -> str | None:
    """Why a log of ``count`` entries ending in ``head`` is not the anchored one, if it is not."""
    anchor = read(root)
    if anchor is None:
        if count == 0:
            return None
        return f"the log has {count} entries but no anchor ({REF} is missing: deleted, or the store replaced)"
    if anchor.count < 0:
        return f"the anchor {REF} is unreadable (edited)"
    if anchor.count > count:
        return (
            f"the anchor records {anchor.count} entries but the log has {count} "
            "(the store was truncated, deleted, emptied or replaced)"
        )
    if anchor.count < count:
        return f"the log has {count} entries but the anchor records {anchor.count} (entries added behind its back)"
    if anchor.head != head:
        return f"entry {count} is not the entry the anchor records (the log was re-chained or replaced)"
    return None
