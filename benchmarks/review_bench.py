"""Review benchmark: wall time of `review` on the synthetic 10,000-file monorepo for a 5-file change.

    python benchmarks/review_bench.py [--files 10000]

Target (issue 4): warm under 1 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402

from copilot.review.engine import review_change  # noqa: E402
from copilot.scan import gitfiles  # noqa: E402

ENV = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@x", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@x"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=10000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pc-review-bench-"))
    try:
        repo = tmp / "mono"
        generate(repo, args.files, max(10, args.files // 100))
        # a 5-file change: two producers change acks/keys, one consumer its group, two plain files
        edits = {
            "svc0000/producer.py": lambda s: s.replace('"acks": "all"', '"acks": "1"'),
            "svc0003/producer.py": lambda s: s.replace("key=key", "key=None"),
            "svc0006/consumer.py": lambda s: s.replace('"group.id": "svc0006"', '"group.id": "svc0006-v2"'),
            "svc0000/pkg/m0/mod1.py": lambda s: s + "\n# touched\n",
            "svc0003/pkg/m0/mod2.py": lambda s: s + "\n# touched\n",
        }
        for path, edit in edits.items():
            p = repo / path
            p.write_text(edit(p.read_text()))
        subprocess.run(["git", "commit", "-qam", "five-file change"], cwd=repo, check=True, env=ENV)
        cache = gitfiles.git_dir(repo) / "pipeline-copilot"
        shutil.rmtree(cache, ignore_errors=True)
        t = time.perf_counter()
        review = review_change(repo, base="HEAD~1", head="HEAD", llm="off", propose=False)
        cold = time.perf_counter() - t
        warm_times = []
        for _ in range(3):
            t = time.perf_counter()
            review = review_change(repo, base="HEAD~1", head="HEAD", llm="off", propose=False)
            warm_times.append(time.perf_counter() - t)
        print(
            f"review of a 5-file change on {args.files} files: cold {cold * 1000:.0f} ms, warm {min(warm_times) * 1000:.0f} ms; "
            f"findings: " + ", ".join(f"{f.rule}/{f.severity}" for f in review.findings)
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
