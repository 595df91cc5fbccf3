"""A note, kept while a patch is being written, of what every file held before.

Written (and fsynced) before the first file is replaced and removed once the outcome is recorded.
A journal left behind means the process died half-way; ``recovery`` puts the originals back from
the blobs named here (``git hash-object -w`` stored them when the apply began).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path


def journal_path(store_dir: Path, action_id: str) -> Path:
    return store_dir / "journal" / f"{action_id}.json"


def write(store_dir: Path, action_id: str, digest: str, originals: dict[str, str]) -> Path:
    """``originals``: repo-relative path -> blob id it held, or "absent"."""
    path = journal_path(store_dir, action_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump({"action": action_id, "digest": digest, "originals": originals}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return path


def read(store_dir: Path, action_id: str) -> dict[str, str] | None:
    path = journal_path(store_dir, action_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError:
        return {}  # written only partly: the replace never started (the journal goes in first)
    return {str(k): str(v) for k, v in data.get("originals", {}).items()}


def remove(store_dir: Path, action_id: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        journal_path(store_dir, action_id).unlink()
