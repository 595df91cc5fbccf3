"""The scan cache: FileFacts keyed by (path, git blob id, extractor version).

An unchanged file is never parsed twice.  The cache lives in the repository's git directory
(``.git/pipeline-copilot/scan-cache.pickle``), never in the work tree, and is written atomically
(temp file + rename) so a crash can't leave a half-written cache.  The extractor version is a
hash of the extractors' own source, so upgrading the tool invalidates stale facts.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from copilot.model.facts import FileFacts

CACHE_NAME = "scan-cache.pickle"


@lru_cache(maxsize=1)
def extractor_version() -> str:
    here = Path(__file__).parent
    digest = hashlib.sha256()
    lang = here.parent / "lang"
    for src in sorted([*here.glob("extractors/*.py"), here.parent / "model" / "facts.py", *lang.glob("*.py"), here.parent / "secrets.py"]):
        digest.update(src.name.encode())
        digest.update(src.read_bytes())
    return digest.hexdigest()[:12]


class ScanCache:
    def __init__(self, directory: Path | None) -> None:
        self.path = directory / CACHE_NAME if directory else None
        self._entries: dict[tuple[str, str], FileFacts] = {}
        self._dirty = False
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

    def save(self) -> None:
        if not self._dirty or not self.path:
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
