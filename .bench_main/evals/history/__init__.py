"""The real-history corpus: labelled commits of public repositories, reviewed from local mirrors.

``commits.toml`` holds references and labels only (repo, sha, scope, expectations).  For each
commit the runner exports the scope at ``sha^`` and at ``sha`` from a bare mirror
(``<mirrors>/<owner>+<name>/repo``) with ``git archive`` into a fresh repository (two commits),
reviews ``HEAD~1..HEAD`` with the rules only, and scores it with the scoring of ``evals.runner``.

It needs the mirrors, so it is a benchmark run by hand (``python -m evals.history --mirrors DIR``),
not part of ``make test``.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.runner import (
    CaseFormatError,
    CaseScore,
    EvalCase,
    Expectation,
    GitLineReader,
    ReviewFn,
    _git,
    above_info,
    error_score,
    load_review_fn,
    score_case,
)
from evals.runner import (
    _expectation as corpus_expectation,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LABELS = Path(__file__).resolve().parent / "commits.toml"
SHA = re.compile(r"[0-9a-f]{40}")
REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*")
BASE_DATE = "2024-05-01T10:00:00+00:00"
HEAD_DATE = "2024-05-02T10:00:00+00:00"


class LabelError(ValueError):
    """commits.toml does not follow the corpus layout."""


@dataclass(frozen=True)
class HistoryCommit:
    id: str
    repo: str
    sha: str
    scope: tuple[str, ...]
    why: str
    expectations: tuple[Expectation, ...] = ()

    @property
    def silent(self) -> bool:
        return not self.expectations

    @property
    def repo_name(self) -> str:
        return self.repo.split("/", 1)[1]

    def mirror(self, mirrors: Path) -> Path:
        return mirrors / self.repo.replace("/", "+") / "repo"

    def as_case(self) -> EvalCase:
        """The commit as an eval case, so ``evals.runner``'s scoring applies unchanged."""
        return EvalCase(
            id=self.id,
            world=self.repo,
            patch=Path(self.sha),
            description=self.why,
            languages=["history"],
            expectations=list(self.expectations),
            expect_none_above="info" if self.silent else None,
            corpus="history",
        )


def _expectation(raw: Any, where: str) -> Expectation:
    """An expectation, checked exactly as the eval corpora check theirs."""
    try:
        return corpus_expectation(raw, where)
    except CaseFormatError as exc:
        raise LabelError(str(exc)) from None


def load_labels(path: Path = LABELS) -> list[HistoryCommit]:
    """Read and validate the labels; LabelError names the commit and the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LabelError(f"{path.name}: {exc}") from exc
    commits: list[HistoryCommit] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("commit", []), 1):
        where = f"{path.name}: commit #{i}"
        if not isinstance(raw, dict):
            raise LabelError(f"{where} must be a table")
        unknown = set(raw) - {"id", "repo", "sha", "scope", "why", "silent", "expect"}
        if unknown:
            raise LabelError(f"{where}: unknown keys {sorted(unknown)}")
        cid = raw.get("id")
        if not isinstance(cid, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", cid) or cid in seen:
            raise LabelError(f"{where}: id must be a unique lower-case slug, got {cid!r}")
        seen.add(cid)
        where = f"{path.name}: {cid}"
        repo, sha, why = raw.get("repo"), raw.get("sha"), raw.get("why")
        if not isinstance(repo, str) or not REPO.fullmatch(repo):
            raise LabelError(f"{where}: repo must be owner/name")
        if not isinstance(sha, str) or not SHA.fullmatch(sha):
            raise LabelError(f"{where}: sha must be a full 40-hex commit id")
        if not isinstance(why, str) or not why.strip():
            raise LabelError(f"{where}: why must be a non-empty line")
        scope = raw.get("scope")
        if not isinstance(scope, list) or not scope or not all(isinstance(s, str) and s for s in scope):
            raise LabelError(f"{where}: scope must be a non-empty list of paths")
        if any(s.startswith(("/", "-")) or ".." in s.split("/") for s in scope):
            raise LabelError(f"{where}: scope paths must be relative paths inside the repository")
        expects = raw.get("expect", [])
        if not isinstance(expects, list):
            raise LabelError(f"{where}: expect must be an array of tables ([[commit.expect]])")
        expectations = tuple(_expectation(e, f"{where}: expect #{n}") for n, e in enumerate(expects, 1))
        silent = raw.get("silent", False)
        if silent is not True and silent is not False:
            raise LabelError(f"{where}: silent must be true or false")
        if silent == bool(expectations):
            raise LabelError(f"{where}: a commit is either silent = true or has [[commit.expect]] tables")
        commits.append(HistoryCommit(cid, repo, sha, tuple(scope), why.strip(), expectations))
    if not commits:
        raise LabelError(f"{path.name}: no [[commit]] tables")
    return commits


# --------------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------------


def _mirror_git(mirror: Path, *args: str, binary: bool = False) -> Any:
    proc = subprocess.run(["git", f"--git-dir={mirror}", *args], capture_output=True, text=not binary)
    if proc.returncode != 0:
        err = proc.stderr if isinstance(proc.stderr, str) else proc.stderr.decode(errors="replace")
        raise RuntimeError(f"git {' '.join(args[:2])} on {mirror}: {err.strip()[:300]}")
    return proc.stdout


def _existing(mirror: Path, rev: str, scope: Sequence[str]) -> list[str]:
    """The scope paths that exist at `rev` (a path a commit adds is absent from its parent)."""
    out = []
    for path in scope:
        probe = subprocess.run(
            ["git", f"--git-dir={mirror}", "cat-file", "-e", f"{rev}:{path.rstrip('/')}"], capture_output=True
        )
        if probe.returncode == 0:
            out.append(path)
    return out


def _extract(mirror: Path, rev: str, scope: Sequence[str], dest: Path) -> None:
    paths = _existing(mirror, rev, scope)
    if not paths:
        return
    data = _mirror_git(mirror, "archive", "--format=tar", rev, "--", *paths, binary=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = [m for m in tar.getmembers() if (m.isfile() or m.isdir()) and not m.name.startswith(("/", ".."))]
        tar.extractall(dest, members=members)  # noqa: S202 - members filtered above


def _clear_tree(repo: Path) -> None:
    for child in repo.iterdir():
        if child.name == ".git":
            continue
        if child.is_dir():
            subprocess.run(["rm", "-rf", "--", str(child)], check=True)
        else:
            child.unlink()


def export_commit(commit: HistoryCommit, mirrors: Path, workdir: Path) -> Path:
    """A fresh repo under `workdir` named after the repository: the scope at sha^, then at sha."""
    mirror = commit.mirror(mirrors)
    if not mirror.is_dir():
        raise FileNotFoundError(f"no mirror of {commit.repo} at {mirror}")
    _mirror_git(mirror, "cat-file", "-e", f"{commit.sha}^{{commit}}")
    repo = workdir / commit.id / commit.repo_name
    repo.mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "commit.gpgsign", "false")
    _git(repo, "config", "core.autocrlf", "false")
    _extract(mirror, f"{commit.sha}^", commit.scope, repo)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--allow-empty", "-m", f"{commit.id}: {commit.sha[:12]}^", date=BASE_DATE)
    _clear_tree(repo)
    _extract(mirror, commit.sha, commit.scope, repo)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--allow-empty", "-m", f"{commit.id}: {commit.sha[:12]}", date=HEAD_DATE)
    return repo


# --------------------------------------------------------------------------------------------------
# Running and the report
# --------------------------------------------------------------------------------------------------


@dataclass
class CommitResult:
    commit: HistoryCommit
    score: CaseScore

    @property
    def caught(self) -> bool:
        """A pipeline commit is caught when every one of its expectations is met."""
        return self.score.judged and all(r.hit for r in self.score.results)

    @property
    def quiet(self) -> bool:
        """A silent commit stayed silent: it ran and printed nothing above info."""
        return self.score.judged and not any(above_info(f) for f in self.score.findings)


@dataclass
class HistoryReport:
    results: list[CommitResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def pipeline(self) -> list[CommitResult]:
        return [r for r in self.results if not r.commit.silent]

    @property
    def silent(self) -> list[CommitResult]:
        return [r for r in self.results if r.commit.silent]

    @property
    def recall(self) -> float | None:
        p = self.pipeline
        return sum(r.caught for r in p) / len(p) if p else None

    @property
    def expectation_recall(self) -> float | None:
        results = [x for r in self.pipeline for x in r.score.results]
        return sum(x.hit for x in results) / len(results) if results else None

    @property
    def silent_rate(self) -> float | None:
        s = self.silent
        return sum(r.quiet for r in s) / len(s) if s else None

    @property
    def citations(self) -> tuple[int, int]:
        total = sum(r.score.citations_total for r in self.results)
        bad = sum(len(r.score.invalid_citations) for r in self.results)
        return total - bad, total

    @property
    def errors(self) -> list[CommitResult]:
        return [r for r in self.results if not r.score.judged]

    def to_json(self) -> dict[str, Any]:
        valid, total = self.citations
        return {
            "commits": len(self.results),
            "pipeline_commits": len(self.pipeline),
            "silent_commits": len(self.silent),
            "recall_pipeline_commits": self.recall,
            "recall_expectations": self.expectation_recall,
            "silent_commits_silent": self.silent_rate,
            "citations_valid": valid,
            "citations": total,
            "errors": [{"id": r.commit.id, "error": r.score.error} for r in self.errors],
            "per_commit": [
                {
                    "id": r.commit.id,
                    "repo": r.commit.repo,
                    "sha": r.commit.sha,
                    "silent": r.commit.silent,
                    "ok": r.quiet if r.commit.silent else r.caught,
                    "misses": [
                        {"expect": x.expectation.describe(), "why": x.why_missed()}
                        for x in r.score.results
                        if not x.hit
                    ],
                    "findings": [
                        {"rule": f.rule, "severity": f.severity, "title": f.title, "impacted": list(f.impacted)}
                        for f in r.score.findings
                    ],
                }
                for r in self.results
            ],
        }


def run_commit(
    commit: HistoryCommit, mirrors: Path, workdir: Path, review_fn: ReviewFn | None, import_error: str | None
) -> CommitResult:
    case = commit.as_case()
    try:
        repo = export_commit(commit, mirrors, workdir)
    except Exception as exc:
        return CommitResult(commit, error_score(case, f"could not export: {exc}", traceback.format_exc()))
    if review_fn is None:
        return CommitResult(commit, error_score(case, import_error or "engine unavailable"))
    started = time.perf_counter()
    try:
        review = review_fn(repo, base="HEAD~1", head="HEAD", llm="off")
        score = score_case(case, review, GitLineReader(repo))
    except Exception as exc:
        score = error_score(case, f"review failed: {type(exc).__name__}: {exc}", traceback.format_exc())
    score.seconds = time.perf_counter() - started
    return CommitResult(commit, score)


def run_history(
    commits: Sequence[HistoryCommit],
    mirrors: Path,
    keep_dir: Path | None = None,
    progress: Callable[[CommitResult], None] | None = None,
) -> HistoryReport:
    review_fn, import_error = load_review_fn()
    report = HistoryReport()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pipeline-copilot-history-") as tmp:
        workdir = keep_dir if keep_dir is not None else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for commit in commits:
            result = run_commit(commit, mirrors, workdir, review_fn, import_error)
            report.results.append(result)
            if progress:
                progress(result)
    report.seconds = time.perf_counter() - started
    return report
