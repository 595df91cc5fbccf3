"""Write several files as one change: all of them or none.

Every new content is first written to a temp file beside its target (same directory, so the final
``os.replace`` is an atomic rename), then the temp files are swapped in.  If anything fails on the
way, every file already replaced or deleted gets its original bytes back and the temp files go.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from pathlib import Path

NEW_FILE_MODE = 0o644
TEMP_SUFFIX = ".pipeline-copilot"


def replace_file(src: str, dest: str) -> None:
    """The swap step (module level so a test can make it fail half-way)."""
    os.replace(src, dest)


def remove_file(path: str) -> None:
    os.unlink(path)


def _stage(target: Path, data: bytes, mode: int) -> str:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _make_parents(folder: Path, root: Path) -> list[Path]:
    """Create missing folders up to ``root``; return the ones made, outermost first."""
    made: list[Path] = []
    while folder != root and not folder.exists():
        made.append(folder)
        folder = folder.parent
    for path in reversed(made):
        path.mkdir()
    return list(reversed(made))


def remove_leftovers(root: Path, rel: str) -> None:
    """Temp files a dead process staged beside ``rel``, and the folders it made that are now empty."""
    target = root / rel
    if target.parent.is_dir():
        for tmp in target.parent.glob(f".{glob.escape(target.name)}.*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                tmp.unlink()
    folder = target.parent
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()  # only when empty
        except OSError:
            break
        folder = folder.parent


def restore(root: Path, originals: dict[str, bytes | None], modes: dict[str, int]) -> None:
    """Put files back as they were (None: the file did not exist).  Uses plain os calls only."""
    for rel, data in originals.items():
        target = root / rel
        if data is None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(_stage(target, data, modes.get(rel, NEW_FILE_MODE)), target)


def write_all(
    root: Path, new: dict[str, bytes | None], originals: dict[str, bytes | None], modes: dict[str, int]
) -> None:
    """Make every ``root/rel`` hold ``new[rel]`` (None: delete it), or leave all as they were."""
    staged: dict[str, str] = {}
    made: list[Path] = []
    done: list[str] = []
    try:
        for rel in sorted(new):
            data = new[rel]
            if data is not None:
                target = root / rel
                made += _make_parents(target.parent, root)
                staged[rel] = _stage(target, data, modes.get(rel, NEW_FILE_MODE))
        for rel in sorted(new):
            done.append(rel)
            if new[rel] is None:
                remove_file(str(root / rel))
            else:
                replace_file(staged[rel], str(root / rel))
                del staged[rel]
    except BaseException:
        for tmp in staged.values():
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        restore(root, {rel: originals.get(rel) for rel in done}, modes)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
