"""Tokens the AI reviewer sends per review on the eval corpus, versus the naive prompt
(the full diff plus every touched file).

    python benchmarks/llm_tokens.py [--budget 12000]

Token counts use the reviewer's own offline estimator (characters / 4), the same one that
enforces its budget.  "context" excludes the fixed system prompt and output schema, which are
the same for every review and reported separately.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from copilot.review.engine import rules_review  # noqa: E402
from copilot.review.llm import estimate_tokens  # noqa: E402
from copilot.review.llm_context import build_context, full_diff_tokens  # noqa: E402
from evals.runner import build_case_repo, discover_cases  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget", type=int, default=12000)
    args = ap.parse_args()
    sent, naive, same_info, fixed = [], [], [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in discover_cases():
            repo = build_case_repo(case, Path(tmp) / case.id)
            review, inputs = rules_review(repo, base="HEAD~1", head="HEAD", propose=None)
            _, stats = build_context(review, inputs, args.budget)
            fixed = stats.fixed_tokens
            sent.append(stats.tokens - stats.fixed_tokens)
            naive.append(full_diff_tokens(inputs))
            touched = {p for f in inputs.changeset.files for p in (f.old_path, f.new_path) if p}
            others = [p for p in stats.files_sent if p not in touched]
            extra = sum(estimate_tokens(inputs.changeset.read("head", p) or "") for p in others)
            same_info.append(naive[-1] + extra)
    total_sent, total_naive = sum(sent), sum(naive)
    print(f"{len(sent)} cases, budget {args.budget} tokens")
    print(f"context sent:   total {total_sent:7d}  median {statistics.median(sent):7.0f}  max {max(sent):6d}")
    print(f"naive (diff + touched files): total {total_naive:7d}  median {statistics.median(naive):7.0f}  max {max(naive):6d}")
    total_same = sum(same_info)
    print(f"naive + whole files of the impacted producers/consumers (the same information): total {total_same:7d}  median {statistics.median(same_info):7.0f}")
    print(f"ratio sent/naive: {total_sent / total_naive:.2f}; sent/same-information: {total_sent / total_same:.2f}; "
          f"fixed prompt + schema per review: {fixed} tokens")


if __name__ == "__main__":
    main()
