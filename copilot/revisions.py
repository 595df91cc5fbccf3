"""The revisions a scan or a review reads besides commits, and git's ids for content.

Kept apart from `copilot.changes` (which loads GitPython and unidiff) so that a scan, which runs
git itself, imports neither.
"""

from __future__ import annotations

import hashlib

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
INDEX = "INDEX"  # the staged work
WORKTREE = "WORKTREE"  # the files on disk
ZERO_SHA = "0" * 40


def blob_id(data: bytes) -> str:
    """The git blob id of some bytes (what `git hash-object` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
