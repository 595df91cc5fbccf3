"""What a stored patch does, asked of git itself: does it apply, which paths, which new bytes."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

from copilot import git
from copilot.actions.errors import ActionRefused
from copilot.actions.model import ABSENT


def check_applies(root: Path, patch: str) -> str | None:
    """None when ``git apply --check`` accepts the patch on the work tree, else git's first line."""
    proc = git.call(root, "apply", "--check", "-", input=patch.encode("utf-8"))
    if proc.code == 0:
        return None
    lines = proc.err.decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else f"git apply --check exited {proc.code}"


def touched_paths(root: Path, patch: str) -> set[str]:
    """The paths the patch changes, as git reads it (renames and copies are refused)."""
    proc = git.call(root, "apply", "--numstat", "-z", "-", input=patch.encode("utf-8"))
    if proc.code != 0:
        raise ActionRefused("cannot apply: git cannot parse the stored patch")
    paths: set[str] = set()
    for record in proc.out.decode("utf-8", "replace").split("\0"):
        if not record:
            continue
        fields = record.split("\t")
        if len(fields) != 3 or not fields[2]:
            raise ActionRefused("cannot apply: the stored patch renames or copies files")
        paths.add(fields[2])
    return paths


def _git_mode(st_mode: int | None) -> str:
    return "100755" if st_mode is not None and st_mode & stat.S_IXUSR else "100644"


def new_contents(
    root: Path, patch: str, base_files: dict[str, str], modes: dict[str, int]
) -> dict[str, bytes | None]:
    """The bytes each file will hold (None: deleted): the patch applied to the base blobs in a
    scratch index, never touching the real index or work tree.  ``modes``: st_mode of each file."""
    with tempfile.TemporaryDirectory(prefix="pipeline-copilot-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        info = "".join(
            f"{_git_mode(modes.get(path))} {blob}\t{path}\n"
            for path, blob in sorted(base_files.items())
            if blob != ABSENT
        )
        git.run(root, "update-index", "--index-info", input=info.encode("utf-8"), env=env)
        git.run(root, "apply", "--cached", "-", input=patch.encode("utf-8"), env=env)
        listing = git.run(root, "ls-files", "-s", "-z", env=env).decode("utf-8")
    result: dict[str, bytes | None] = dict.fromkeys(base_files)
    for record in listing.split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        result[path] = git.read_blob(root, meta.split()[1])
    return result
