"""Scan benchmark: files/second cold and warm, next to `git grep -l` on the same tree.

    python benchmarks/scan_bench.py [--files 2000 10000]

Targets (issue 2): cold scan within 3x of the git grep time; warm rescan under 0.5 s for 10,000 files.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402

from copilot.scan import gitfiles  # noqa: E402
from copilot.scan.repo import scan  # noqa: E402


def best_of(n: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bench(files: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="pc-bench-"))
    try:
        repo = tmp / "mono"
        generate(repo, files, max(10, files // 100))
        grep = best_of(3, lambda: subprocess.run(["git", "grep", "-l", "-E", "kafka|pulsar|avro"], cwd=repo, capture_output=True))
        cache = gitfiles.git_dir(repo) / "pipeline-copilot"
        def cold() -> None:
            shutil.rmtree(cache, ignore_errors=True)
            scan(repo)

        cold_t = best_of(3, cold)
        scan(repo)
        warm_t = best_of(5, lambda: scan(repo))
        res = scan(repo)
        n = res.stats.files
        print(
            f"{n:>6} files | candidates {res.stats.candidates:>4} | git grep -l {grep * 1000:7.1f} ms | "
            f"cold {cold_t * 1000:7.1f} ms ({n / cold_t:9.0f} files/s, {cold_t / grep:4.1f}x grep) | "
            f"warm {warm_t * 1000:7.1f} ms ({n / warm_t:9.0f} files/s) | "
            f"{len(res.graph.nodes('topic'))} topics, {len(res.graph.nodes('service'))} services"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, nargs="+", default=[2000, 10000])
    args = ap.parse_args()
    for n in args.files:
        bench(n)


if __name__ == "__main__":
    main()
