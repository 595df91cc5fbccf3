"""Every eval case of every corpus through the real engine, one test per case, so a regression names
its case. Known misses are listed in evals/known_misses.toml and run as strict xfails: a fixed case
fails the run until it is taken off the list."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from copilot.review.engine import review_change
from evals.runner import EVALS_DIR, EvalCase, corpora, load_corpus, run_case

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MANIFESTS = ("pyproject.toml", "setup.py", "pom.xml", "build.gradle", "build.gradle.kts", "go.mod", "package.json")
KNOWN_MISSES: dict[str, str] = tomllib.loads((EVALS_DIR / "known_misses.toml").read_text(encoding="utf-8"))["misses"]
CASES = [case for path in corpora() for case in load_corpus(path)]


def _key(case: EvalCase) -> str:
    return f"{case.corpus}/{case.id}"


def test_every_known_miss_names_a_case() -> None:
    assert set(KNOWN_MISSES) <= {_key(c) for c in CASES}
    assert all(reason.strip() for reason in KNOWN_MISSES.values())


def _services(repo: Path, rev: str) -> dict[str, str]:
    import subprocess

    files = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev], cwd=repo, capture_output=True,
                           text=True, check=True).stdout.split()  # fmt: skip
    return {f.rsplit("/", 2)[-2]: f.rsplit("/", 1)[0] for f in files if "/" in f and f.rsplit("/", 1)[1] in MANIFESTS}


@pytest.mark.parametrize("case", CASES, ids=[_key(c) for c in CASES])
def test_case(case: EvalCase, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if _key(case) in KNOWN_MISSES:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[_key(case)]))
    score = run_case(case, tmp_path, review_change, None)
    assert score.error is None, score.error_detail or score.error
    repo = tmp_path / case.id
    services = _services(repo, "HEAD~1") | _services(repo, "HEAD")
    assert len(services) >= 2, f"a case is a multi-service repo: {sorted(services)}"
    for result in score.results:
        for node in result.expectation.impacted:
            assert node.removeprefix("service:") in services, f"{node} is not a service of the case"
        assert result.hit, f"{result.expectation.describe()}: {result.why_missed()}"
    if case.safe:
        assert not score.safe_violated, [(f.rule, f.severity, f.title) for f in score.findings if f.severity != "info"]
    assert not score.invalid_citations, [(i.citation.path, i.citation.start_line, i.reason) for i in score.invalid_citations]
