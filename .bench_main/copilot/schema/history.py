"""Earlier versions of a schema file, from git: ``git log --follow`` across renames, oldest first."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from copilot import git
from copilot.changes import FileVersion, file_versions
from copilot.errors import CopilotError
from copilot.schema.errors import SchemaError
from copilot.schema.parse import AvroSchema, parse_text


@dataclass
class SchemaVersion:
    sha: str | None  # None: the working tree
    date: str | None  # committer date, ISO 8601
    path: str  # the file's path (relative to the repository root) at that commit
    text: str
    schema: AvroSchema

    @property
    def label(self) -> str:
        if self.sha is None:
            return f"{self.path} (working tree)"
        return f"{self.path}@{self.sha[:8]}" + (f" ({self.date[:10]})" if self.date else "")

    def to_json(self) -> dict[str, str | None]:
        return {"sha": self.sha, "date": self.date, "path": self.path, "fingerprint": self.schema.fingerprint}


class SchemaHistory(list[SchemaVersion]):
    """A list of versions (oldest first) that also carries the warnings met on the way."""

    def __init__(
        self, versions: list[SchemaVersion] | None = None, warnings: list[str] | None = None
    ) -> None:
        super().__init__(versions or [])
        self.warnings: list[str] = warnings or []


def same_schema(a: AvroSchema, b: AvroSchema) -> bool:
    """Same schema, whatever the whitespace or key order (docs and defaults count)."""
    return json.dumps(a.json, sort_keys=True) == json.dumps(b.json, sort_keys=True)


def repo_relative(root: Path, file_path: str | Path, base: Path | None = None) -> str:
    """`file_path` as a POSIX path relative to the repository root `root`."""
    path = Path(file_path)
    if not path.is_absolute():
        path = (base or Path.cwd()) / path
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise CopilotError(f"{file_path}: not inside the repository {root}") from None


def schema_history(
    repo_path: str | Path,
    file_path: str | Path,
    rev: str = "HEAD",
    include_worktree: bool = False,
) -> SchemaHistory:
    """Distinct versions of the schema at `file_path`, oldest first, following renames.

    `file_path` is relative to the repository root (or absolute).  Versions whose schema did not
    change (whitespace, key order) are skipped; versions that do not parse are skipped with a
    warning.  With `include_worktree`, the working-tree file is added last when it differs.
    """
    root = git.toplevel(repo_path)
    rel = repo_relative(root, file_path, base=root)
    history = history_of(file_versions(root, rev, rel))
    if include_worktree:
        worktree = root / rel
        if worktree.is_file():
            text = worktree.read_text(encoding="utf-8")
            _add(history, SchemaVersion(None, None, rel, text, None), f"{rel} (working tree)")  # type: ignore[arg-type]
    return history


def history_of(versions: list[FileVersion]) -> SchemaHistory:
    """The distinct schemas among a file's committed versions (oldest first, as
    ``copilot.changes.file_versions`` lists them); unparsable ones are skipped with a warning."""
    history = SchemaHistory()
    for v in versions:
        text = v.data.decode("utf-8", "replace")
        _add(history, SchemaVersion(v.sha, v.date, v.path, text, None), f"{v.path}@{v.sha[:8]}")  # type: ignore[arg-type]
    return history


def _add(history: SchemaHistory, version: SchemaVersion, source: str) -> None:
    try:
        version.schema = parse_text(version.text, source=source)
    except SchemaError as exc:
        history.warnings.append(f"skipped {source}: {exc}")
        return
    if history and same_schema(history[-1].schema, version.schema):
        return
    history.append(version)
