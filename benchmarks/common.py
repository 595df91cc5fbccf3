"""What the benchmarks share: synthetic repositories, CPU clocks, medians, target lines.

The machine these run on is usually shared, so wall time is noisy: every benchmark reports the
median of several runs and, where it can, CPU time (this process plus its waited-for children,
from ``resource.getrusage``), which other load disturbs far less.  Runs that are compared are
alternated (A B A B ...) so a burst of load hits both sides.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "b",
    "GIT_AUTHOR_EMAIL": "b@x",
    "GIT_COMMITTER_NAME": "b",
    "GIT_COMMITTER_EMAIL": "b@x",
}
# subprocesses run this checkout's code, whatever is installed in the venv, with byte code cached
# as an installed package has it (a PYTHONDONTWRITEBYTECODE environment would otherwise have
# every run compile every module it imports)
CODE_ENV = {
    **{k: v for k, v in GIT_ENV.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
}


@dataclass
class Sample:
    wall: float
    cpu: float  # user + system, this process and its children


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure(fn: Callable[[], object]) -> Sample:
    c, t = _cpu(), time.perf_counter()
    fn()
    return Sample(time.perf_counter() - t, _cpu() - c)


def median(samples: list[Sample]) -> Sample:
    return Sample(statistics.median(s.wall for s in samples), statistics.median(s.cpu for s in samples))


def alternate(runs: int, **fns: Callable[[], object]) -> dict[str, Sample]:
    """Median of `runs` runs of each function, run in turn (a b a b ...)."""
    got: dict[str, list[Sample]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            got[name].append(measure(fn))
    return {name: median(s) for name, s in got.items()}


def synth_repo(files: int, workdir: Path) -> Path:
    """The synthetic monorepo of `files` files under `workdir`, generated once and reused."""
    repo = workdir / f"mono-v5-{files}"  # v5: realistic sizes, share of candidates and of files that are not code; Go writers send
    if not (repo / ".git").is_dir():
        shutil.rmtree(repo, ignore_errors=True)
        generate(repo, files, max(10, files // 100))
    return repo


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=GIT_ENV).stdout


def drop_cache(repo: Path) -> None:
    shutil.rmtree(repo / ".git" / "pipeline-copilot", ignore_errors=True)


def verdict(name: str, value: float, target: float, unit: str, *, higher_is_better: bool = False) -> str:
    ok = value >= target if higher_is_better else value <= target
    op = ">=" if higher_is_better else "<="
    return f"{name:<44} {value:10.3f} {unit:<8} target {op} {target:g} {unit:<8} {'MET' if ok else 'MISSED'}"


def monorepo_args(files: int | list[int] = 10000) -> argparse.Namespace:
    """The options every benchmark on the synthetic monorepo takes: its size(s), runs, and where
    generated repositories are kept between runs."""
    ap = argparse.ArgumentParser()
    if isinstance(files, list):
        ap.add_argument("--files", type=int, nargs="+", default=files)
    else:
        ap.add_argument("--files", type=int, default=files)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "pc-bench", help="generated repos are kept here")
    return ap.parse_args()
