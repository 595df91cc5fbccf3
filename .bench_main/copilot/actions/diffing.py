"""Unified diffs that ``git apply`` accepts, built with difflib (``a/`` and ``b/`` prefixes)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from copilot.actions.errors import ProposalRefused

NO_NEWLINE = "\\ No newline at end of file\n"


def split_lines(text: str) -> list[str]:
    """Lines with their ``\\n`` kept; only ``\\n`` ends a line (CR, form feed etc. stay content)."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def decode_text(data: bytes, rel: str) -> str:
    """The file as text, or ProposalRefused for a binary file (NUL byte or not UTF-8)."""
    if b"\0" in data:
        raise ProposalRefused(f"refused: {rel} is a binary file; patches only change text files")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProposalRefused(
            f"refused: {rel} is not UTF-8 text (binary?); patches only change text files"
        ) from None


@dataclass(frozen=True)
class FileChange:
    path: str
    old: str | None  # None: the file does not exist yet
    new: str | None  # None: the patch deletes it
    old_blob: str
    new_blob: str
    mode: str = "100644"


def _hunks(change: FileChange) -> str:
    a = split_lines(change.old or "")
    b = split_lines(change.new or "")
    fromfile = f"a/{change.path}" if change.old is not None else "/dev/null"
    tofile = f"b/{change.path}" if change.new is not None else "/dev/null"
    out = []
    for line in difflib.unified_diff(a, b, fromfile, tofile, n=3):
        out.append(line if line.endswith("\n") else line + "\n" + NO_NEWLINE)
    return "".join(out)


def file_diff(change: FileChange) -> str:
    """One file's section of a git-style patch."""
    head = [f"diff --git a/{change.path} b/{change.path}\n"]
    if change.old is None:
        head.append(f"new file mode {change.mode}\n")
    elif change.new is None:
        head.append(f"deleted file mode {change.mode}\n")
    head.append(f"index {change.old_blob}..{change.new_blob}\n")
    # An empty file created or deleted has no hunks, and then git writes no ---/+++ lines either.
    return "".join(head) + _hunks(change)


def unified_diff(changes: list[FileChange]) -> str:
    return "".join(file_diff(c) for c in sorted(changes, key=lambda c: c.path))
