"""Review benchmark on the synthetic monorepo: a 5-file pipeline change and a README-only change.

    python benchmarks/review_bench.py [--files 10000] [--runs 5] [--workdir DIR]

Targets: a review of a non-pipeline change < 0.3 s (issue 12; the whole `pipeline-copilot review`
command, median wall and CPU of alternating runs); the 5-file change warm under 1 s (issue 4).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import CODE_ENV, alternate, drop_cache, git, measure, monorepo_args, synth_repo, verdict

from copilot.review.engine import review_change

FIVE_FILES = {
    "svc0000/producer.py": lambda s: s.replace('"acks": "all"', '"acks": "1"'),
    "svc0003/producer.py": lambda s: s.replace("key=key", "key=None"),
    "svc0006/consumer.py": lambda s: s.replace('"group.id": "svc0006"', '"group.id": "svc0006-v2"'),
    "svc0000/pkg/m0/mod1.py": lambda s: s + "\n# touched\n",
    "svc0003/pkg/m0/mod2.py": lambda s: s + "\n# touched\n",
}


def commit(repo: Path, edits: dict, message: str) -> None:  # type: ignore[type-arg]
    for path, edit in edits.items():
        p = repo / path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(edit(p.read_text() if p.exists() else ""))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


def cli_review(repo: Path, base: str, head: str):  # type: ignore[no-untyped-def]
    cmd = [sys.executable, "-m", "copilot", "review", "--repo", str(repo), "--base", base, "--head", head, "--llm", "off", "--format", "json"]
    return lambda: subprocess.run(cmd, env=CODE_ENV, capture_output=True, check=False)


def main() -> None:
    args = monorepo_args()
    tmp = Path(tempfile.mkdtemp(prefix="pc-review-bench-"))
    try:
        repo = tmp / "mono"
        subprocess.run(["git", "clone", "-q", str(synth_repo(args.files, args.workdir)), str(repo)], check=True)
        commit(repo, FIVE_FILES, "five-file change")
        commit(repo, {"README.md": lambda s: s + "A line of prose.\n"}, "readme only")
        drop_cache(repo)
        cold = measure(lambda: review_change(repo, base="HEAD~2", head="HEAD~1", llm="off", propose=None))
        warm = alternate(args.runs, warm=lambda: review_change(repo, base="HEAD~2", head="HEAD~1", llm="off", propose=None))["warm"]
        review = review_change(repo, base="HEAD~2", head="HEAD~1", llm="off", propose=None)
        print(f"5-file change on {args.files} files: cold {cold.wall * 1000:.0f} ms (cpu {cold.cpu * 1000:.0f}), "
              f"warm {warm.wall * 1000:.0f} ms (cpu {warm.cpu * 1000:.0f}); findings: "
              + ", ".join(f"{f.rule}/{f.severity}" for f in review.findings))  # fmt: skip
        readme = alternate(args.runs, readme=cli_review(repo, "HEAD~1", "HEAD"))["readme"]
        drop_cache(repo)
        readme_cold = measure(cli_review(repo, "HEAD~1", "HEAD"))
        print(f"README-only change, `pipeline-copilot review` command: warm median wall {readme.wall * 1000:.0f} ms, "
              f"cpu {readme.cpu * 1000:.0f} ms; with no cache {readme_cold.wall * 1000:.0f} ms (cpu {readme_cold.cpu * 1000:.0f})")  # fmt: skip
        print(verdict("review of a non-pipeline change (wall)", readme.wall, 0.3, "s"))
        print(verdict("review of a non-pipeline change (cpu)", readme.cpu, 0.3, "s"))
        print(verdict("review of a 5-file change, warm (wall)", warm.wall, 1.0, "s"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
