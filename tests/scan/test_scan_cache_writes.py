"""The per-file scan cache is rewritten whole: a few new files are not worth rewriting a large
one for (a push of a one-file change would pay it on every push), many are."""

from __future__ import annotations

from pathlib import Path

from copilot.model.facts import FileFacts
from copilot.scan.cache import SMALL_ADDITION, ScanCache


def _filled(directory: Path, n: int) -> None:
    cache = ScanCache(directory)
    for i in range(n):
        cache.put(f"svc/f{i}.py", f"blob{i}", FileFacts(f"svc/f{i}.py", "python"))
    cache.save()


def test_a_few_new_files_leave_a_large_cache_as_it_was(tmp_path: Path) -> None:
    _filled(tmp_path, 50 * SMALL_ADDITION + 1)
    [written] = list(tmp_path.iterdir())
    stamp = written.stat().st_mtime_ns
    cache = ScanCache(tmp_path)
    cache.put("svc/new.py", "blobnew", FileFacts("svc/new.py", "python"))
    cache.save()
    assert written.stat().st_mtime_ns == stamp
    assert ScanCache(tmp_path).get("svc/new.py", "blobnew") is None  # read again next time, not lost
    assert ScanCache(tmp_path).get("svc/f0.py", "blob0") is not None


def test_many_new_files_or_a_small_cache_are_written(tmp_path: Path) -> None:
    _filled(tmp_path, 3)  # a small cache: every addition is kept
    assert ScanCache(tmp_path).get("svc/f2.py", "blob2") is not None
    cache = ScanCache(tmp_path)
    for i in range(SMALL_ADDITION + 1):
        cache.put(f"web/g{i}.ts", f"b{i}", FileFacts(f"web/g{i}.ts", "typescript"))
    cache.save()
    assert ScanCache(tmp_path).get(f"web/g{SMALL_ADDITION}.ts", f"b{SMALL_ADDITION}") is not None
