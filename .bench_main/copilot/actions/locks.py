"""A per-action lock file held for the whole of an apply (POSIX ``flock``).

The lock is taken *before* the status moves to ``applying`` and released after the final status is
recorded, so an action found ``applying`` whose lock is free was left by a process that died.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def lock_path(store_dir: Path, action_id: str) -> Path:
    return store_dir / "locks" / f"{action_id}.lock"


@contextmanager
def try_lock(store_dir: Path, action_id: str) -> Iterator[bool]:
    """Yield True holding the lock, or False at once when another process holds it."""
    path = lock_path(store_dir, action_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
