"""Python code through the whole scan: a real git repository in a temp dir holding the files,
scanned, and the facts of one file as the scan linked them (its endpoints found by the catalogue
and the matcher over every file of the repository)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from copilot.model.facts import FileFacts
from copilot.scan.repo import ScanResult, scan
from tests.conftest import git, write_files


def scan_files(files: dict[str, str | bytes]) -> ScanResult:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        write_files(repo, dict(files))
        git(repo, "add", "-A")
        git(repo, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "initial", "--allow-empty")
        return scan(repo, use_cache=False)


def scan_file(path: str, source: str | bytes, others: dict[str, str | bytes] | None = None) -> FileFacts:
    """The facts of `path` as the scan of a repository holding it (and `others`) sees them."""
    result = scan_files({**(others or {}), path: source})
    found = result.files.get(path)
    return found if found is not None else FileFacts(path, "python")
