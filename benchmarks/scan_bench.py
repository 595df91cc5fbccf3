"""Scan benchmark: a cold scan next to `git grep -l` on the same synthetic tree, and a warm rescan.

    python benchmarks/scan_bench.py [--files 10000 100000] [--runs 5] [--workdir DIR]

Targets (issue 12): cold scan CPU <= 3x `git grep -l` at 10,000 files and <= 2x at 100,000.
CPU is this process plus its children (git, extractor workers), median of alternating runs.
The grep is the plain `git grep -l -E 'kafka|pulsar|avro'` a person would type.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from common import alternate, drop_cache, synth_repo, verdict

from copilot.scan.repo import scan

TARGETS = {10000: 3.0, 100000: 2.0}


def bench(files: int, runs: int, workdir: Path) -> None:
    repo = synth_repo(files, workdir)

    def grep() -> None:
        subprocess.run(["git", "grep", "-l", "-E", "kafka|pulsar|avro"], cwd=repo, capture_output=True, check=False)

    def cold() -> None:
        drop_cache(repo)
        scan(repo, "HEAD")

    got = alternate(runs, grep=grep, cold=cold)
    scan(repo, "HEAD")
    warm = alternate(runs, warm=lambda: scan(repo, "HEAD"))["warm"]
    res = scan(repo, "HEAD")
    g, c = got["grep"], got["cold"]
    print(
        f"{res.stats.files:>6} files, {res.stats.candidates} candidates, "
        f"{len(res.graph.nodes('topic'))} topics, {len(res.graph.nodes('service'))} services "
        f"(median of {runs} alternating runs)"
    )
    print(f"  git grep -l   wall {g.wall * 1000:8.1f} ms   cpu {g.cpu * 1000:8.1f} ms")
    print(f"  cold scan     wall {c.wall * 1000:8.1f} ms   cpu {c.cpu * 1000:8.1f} ms")
    print(f"  warm rescan   wall {warm.wall * 1000:8.1f} ms   cpu {warm.cpu * 1000:8.1f} ms")
    target = TARGETS.get(files, 3.0)
    print(verdict(f"cold scan / git grep -l, cpu, {files} files", c.cpu / max(g.cpu, 1e-6), target, "x"))
    print(verdict(f"cold scan / git grep -l, wall, {files} files", c.wall / max(g.wall, 1e-6), target, "x"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "pc-bench", help="generated repos are kept here")
    args = ap.parse_args()
    for n in args.files:
        bench(n, args.runs, args.workdir)


if __name__ == "__main__":
    main()
