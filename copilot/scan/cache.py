"""The scan caches: FileFacts keyed by (path, git blob id, extractor version), and whole scans
keyed by git tree id.

An unchanged file is never parsed twice, and an unchanged tree is never scanned twice.  The cache lives in the repository's git directory
(``.git/pipeline-copilot/scan-cache.pickle``), never in the work tree, and is written atomically
(temp file + rename) so a crash can't leave a half-written cache.  The extractor version is a
hash of the extractors' own source, so upgrading the tool invalidates stale facts.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from copilot.model.facts import FileFacts

CACHE_NAME = "scan-cache.pickle"
GRAPHS_DIR = "graphs"
GRAPHS_KEEP = 16  # snapshots kept per repository, least recently used go first (~1 MB per 10,000 files)


# the sources whose code decides a file's facts (front-ends, catalogue, redaction)
EXTRACTOR_SOURCES = ("scan/extractors/*.py", "model/facts.py", "lang/**/*.py", "libraries/**/*", "secrets.py")


@lru_cache(maxsize=1)
def extractor_version() -> str:
    return source_digest(Path(__file__).parent.parent, EXTRACTOR_SOURCES)


@lru_cache(maxsize=1)
def scanner_version() -> str:
    """A hash of all the code a scan result depends on (front-ends, resolution, graph building)."""
    return source_digest(Path(__file__).resolve().parents[1], ("scan/**/*.py", "model/**/*.py", *EXTRACTOR_SOURCES))


def source_digest(package: Path, patterns: tuple[str, ...]) -> str:
    """A hash of the source files under `package` that `patterns` match: names and contents, never
    byte code (an installed package has `__pycache__` folders, which come and go)."""
    digest = hashlib.sha256()
    files = {p for pat in patterns for p in package.glob(pat) if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    for src in sorted(files):
        digest.update(str(src.relative_to(package)).encode())
        digest.update(src.read_bytes())
    return digest.hexdigest()[:12]


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class GraphStore:
    """Whole scan results of committed trees, in ``.git/pipeline-copilot/graphs/``.

    A snapshot is keyed by the tree id, the scanner's code and the ignore patterns, so the same
    tree is scanned once ever; next to it a small file lists the paths the scan read (its
    candidates and every file resolution looked at), which tells whether a change can matter
    without loading the graph.
    """

    def __init__(self, directory: Path | None, ignore: tuple[str, ...]) -> None:
        self.dir = directory / GRAPHS_DIR if directory else None
        basis = "\0".join((scanner_version(), *ignore))
        self.key = hashlib.sha256(basis.encode()).hexdigest()[:12]

    def _path(self, tree: str, kind: str) -> Path | None:
        return self.dir / f"{tree}-{self.key}.{kind}" if self.dir and tree else None

    def _load(self, tree: str, kind: str) -> Any:
        path = self._path(tree, kind)
        if path is None or not path.is_file():
            return None
        try:
            with path.open("rb") as fh:
                value = pickle.load(fh)
            os.utime(path)  # recently used
            return value
        except Exception:  # a corrupt or foreign snapshot is no snapshot
            return None

    def get(self, tree: str) -> Any:
        """The scan result stored for `tree`, or None."""
        return self._load(tree, "scan")

    def read_set(self, tree: str) -> frozenset[str] | None:
        """The paths the scan of `tree` read, or None when there is no snapshot."""
        value = self._load(tree, "read")
        return value if isinstance(value, frozenset) else None

    def latest(self) -> Any:
        """The most recently used snapshot (a close relative of most trees scanned next), or None."""
        if self.dir is None or not self.dir.is_dir():
            return None
        try:
            snaps = sorted(self.dir.glob(f"*-{self.key}.scan"), key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return None
        return self._load(snaps[0].name.split("-", 1)[0], "scan") if snaps else None

    def put_read(self, tree: str, read: frozenset[str]) -> None:
        """Record what a scan of `tree` would read, known without scanning it (a change that
        cannot alter the graph reads what its base read)."""
        path = self._path(tree, "read")
        if path is not None and not path.exists():
            with contextlib.suppress(OSError):
                _atomic_write(path, pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL))

    def put(self, tree: str, result: Any, read: frozenset[str]) -> None:
        scan_path, read_path = self._path(tree, "scan"), self._path(tree, "read")
        if scan_path is None or read_path is None:
            return
        try:
            _atomic_write(scan_path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            _atomic_write(read_path, pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL))
            self._prune()
        except (OSError, pickle.PicklingError, RecursionError):
            pass  # a read-only git dir means no snapshot, not a failed scan

    def _prune(self) -> None:
        assert self.dir is not None
        for kind in ("scan", "read"):
            files = sorted(self.dir.glob(f"*.{kind}"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in files[GRAPHS_KEEP * (1 if kind == "scan" else 4) :]:
                old.unlink(missing_ok=True)


SMALL_ADDITION = 8  # new entries not worth rewriting a cache fifty times their number


class ScanCache:
    def __init__(self, directory: Path | None) -> None:
        self.path = directory / CACHE_NAME if directory else None
        self._entries: dict[tuple[str, str], FileFacts] = {}
        self._dirty = False
        self._added = 0  # entries put since the cache was read
        self.hits = 0
        self.misses = 0
        self._load()

    def _load(self) -> None:
        if not self.path or not self.path.is_file():
            return
        try:
            with self.path.open("rb") as fh:
                version, entries = pickle.load(fh)
        except Exception:  # a corrupt or old cache is just a cold cache
            return
        if version == extractor_version():
            self._entries = entries

    def get(self, path: str, blob: str) -> FileFacts | None:
        facts = self._entries.get((path, blob)) if blob else None
        if facts is None:
            self.misses += 1
        else:
            self.hits += 1
        return facts

    def put(self, path: str, blob: str, facts: FileFacts) -> None:
        if blob and self.path:
            self._entries[(path, blob)] = facts
            self._dirty = True
            self._added += 1

    def save(self) -> None:
        """Write the cache back, unless a few files were added to a large one: pickling every
        entry again (the IR of every front-end file) costs more than reading those few files again
        next time, which is what a push of a small change would pay on every push."""
        if not self._dirty or not self.path:
            return
        if self._added <= SMALL_ADDITION and self._added * 50 < len(self._entries):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".scan-cache.")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((extractor_version(), self._entries), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            self._dirty = False
        except OSError:
            pass  # a read-only git dir means no cache, not a failed scan
