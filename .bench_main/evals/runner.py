"""Run the labelled change cases of ``evals/corpora/`` through the review engine and score the results.

Cases are data. A corpus is a folder ``evals/corpora/<corpus>/`` of case files, one per rule family
(``schema-breaking.toml``, ..., ``safe.toml``, as sqlfluff keeps its rule cases), each holding
``[[case]]`` tables::

    [[case]]
    id = "delivery-weakened-java-acks"
    world = "payments-java"          # a base tree in evals/worlds/, shared by many cases
    description = "..."
    languages = ["java"]
    [[case.expect]]                  # or: expect_none_above = "info" (a SAFE case)
    rule = "delivery-weakened"
    min_severity = "medium"
    impacted = ["service:ledger"]
    path = "payments-api/src/main/java/.../PaymentEventProducer.java"

and the change itself as ``patches/<id>.diff`` (a git diff with renames, deletions and binary files).

For each case a real git repository is built in a temp dir (base committed, then the change
committed on top) and ``copilot.review.engine.review_change(repo, base="HEAD~1", head="HEAD")``
reviews it.  The scoring functions here are pure: they take ``Review``/``Finding`` objects and a
line reader, so they are unit-tested without the engine or git.

Metrics:

- recall, per rule and overall: an expectation is met when one finding has its rule, at least its
  ``min_severity``, lists every service of its ``impacted`` and (when ``path`` is given) has a
  citation pointing at that path.  Expectations of cases that errored count as misses.
- precision, per rule and overall: findings above info of a rule that the case expects, over all
  findings above info of that rule.
- false-positive rate on safe cases: share of safe cases (``expect_none_above = "info"``) with any
  finding above info.
- citation validity: share of citations whose line range exists on its side (base = HEAD~1,
  head = HEAD) and whose snippet equals those lines after whitespace normalisation.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copilot.model.findings import SEVERITIES, SEVERITY_RANK, Citation, Finding, Review
from copilot.registry import rule_ids

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

EVALS_DIR = Path(__file__).resolve().parent
WORLDS_DIR = EVALS_DIR / "worlds"
CORPORA_DIR = EVALS_DIR / "corpora"
CASES_DIR = CORPORA_DIR / "labelled"  # the default corpus
SIDE_REVS = {"base": "HEAD~1", "head": "HEAD"}

# --strict fails the run when any of these is missed (or any case errored).
TARGET_RECALL = 0.95
TARGET_FP_RATE = 0.05
TARGET_CITATION_VALIDITY = 1.0

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Eval Runner",
    "GIT_AUTHOR_EMAIL": "evals@pipeline-copilot.invalid",
    "GIT_COMMITTER_NAME": "Eval Runner",
    "GIT_COMMITTER_EMAIL": "evals@pipeline-copilot.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
}
BASE_DATE = "2024-05-01T10:00:00+00:00"
HEAD_DATE = "2024-05-02T10:00:00+00:00"

# A line reader: (side, path) -> the file's lines on that side, or None when it does not exist there.
LineReader = Callable[[str, str], "list[str] | None"]
ReviewFn = Callable[..., Review]


class CaseFormatError(ValueError):
    """A case folder that does not follow the corpus layout."""


# --------------------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expectation:
    rule: str
    min_severity: str
    impacted: tuple[str, ...] = ()
    path: str | None = None

    def describe(self) -> str:
        parts = [f"{self.rule} >= {self.min_severity}"]
        if self.impacted:
            parts.append("impacted " + ", ".join(self.impacted))
        if self.path:
            parts.append(f"cites {self.path}")
        return "; ".join(parts)


@dataclass
class EvalCase:
    id: str
    world: str  # a folder of evals/worlds/: the tree before the change
    patch: Path  # the change, a git diff applied on the world
    description: str
    languages: list[str]
    expectations: list[Expectation] = field(default_factory=list)
    expect_none_above: str | None = None
    corpus: str = ""
    worlds_dir: Path = WORLDS_DIR

    @property
    def safe(self) -> bool:
        return self.expect_none_above is not None

    @property
    def expected_rules(self) -> set[str]:
        return {e.rule for e in self.expectations}

    @property
    def base_dir(self) -> Path:
        return self.worlds_dir / self.world


def _str_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CaseFormatError(f"{where} must be a list of strings")
    return list(value)


CASE_KEYS = {"id", "world", "description", "languages", "expect", "expect_none_above"}


def _expectation(raw: Any, where: str) -> Expectation:
    if not isinstance(raw, dict):
        raise CaseFormatError(f"{where} must be a table")
    unknown = set(raw) - {"rule", "min_severity", "impacted", "path"}
    if unknown:
        raise CaseFormatError(f"{where}: unknown keys {sorted(unknown)}")
    rule = raw.get("rule")
    if rule not in rule_ids():
        raise CaseFormatError(f"{where}: unknown rule {rule!r}")
    severity = raw.get("min_severity")
    if severity not in SEVERITIES:
        raise CaseFormatError(f"{where}: min_severity must be one of {', '.join(SEVERITIES)}")
    impacted = _str_list(raw.get("impacted", []), f"{where}: impacted")
    for node in impacted:
        if not node.startswith("service:"):
            raise CaseFormatError(f"{where}: impacted entries are service ids (service:<name>): {node!r}")
    path = raw.get("path")
    if path is not None and (not isinstance(path, str) or not path):
        raise CaseFormatError(f"{where}: path must be a non-empty string")
    return Expectation(rule, severity, tuple(impacted), path)


def load_case(data: dict[str, Any], corpus_dir: Path, where: str, worlds_dir: Path = WORLDS_DIR) -> EvalCase:
    """Validate one ``[[case]]`` table of a case file; raises CaseFormatError on any problem."""
    case_id = data.get("id")
    if not isinstance(case_id, str) or not case_id.strip():
        raise CaseFormatError(f"{where}: every case needs an id")
    where = f"{where} case {case_id}"
    unknown = set(data) - CASE_KEYS
    if unknown:
        raise CaseFormatError(f"{where}: unknown keys {sorted(unknown)}")
    description = data.get("description")
    if not isinstance(description, str) or not description.strip():
        raise CaseFormatError(f"{where}: description must be a non-empty string")
    languages = _str_list(data.get("languages", []), f"{where}: languages")
    if not languages:
        raise CaseFormatError(f"{where}: languages must not be empty")
    none_above = data.get("expect_none_above")
    if none_above is not None and none_above not in SEVERITIES:
        raise CaseFormatError(f"{where}: expect_none_above must be one of {', '.join(SEVERITIES)}")
    raw_expects = data.get("expect", [])
    if not isinstance(raw_expects, list):
        raise CaseFormatError(f"{where}: expect must be an array of tables ([[case.expect]])")
    expectations = [_expectation(raw, f"{where}: expect #{i}") for i, raw in enumerate(raw_expects, 1)]
    if expectations and none_above is not None:
        raise CaseFormatError(f"{where}: a case has either [[case.expect]] tables or expect_none_above, not both")
    if not expectations and none_above is None:
        raise CaseFormatError(f"{where}: needs [[case.expect]] tables or expect_none_above")
    world = data.get("world")
    if isinstance(world, str) and (corpus_dir / "worlds" / world).is_dir():
        worlds_dir = corpus_dir / "worlds"  # a corpus may carry its own worlds
    if not isinstance(world, str) or not world or not (worlds_dir / world).is_dir():
        raise CaseFormatError(f"{where}: world {world!r} is not a folder of {worlds_dir}")
    if not any(p.is_file() for p in (worlds_dir / world).rglob("*")):
        raise CaseFormatError(f"{where}: world {world} is empty")
    patch = corpus_dir / "patches" / f"{case_id}.diff"
    if not patch.is_file() or not patch.stat().st_size:
        raise CaseFormatError(f"{where}: the change {patch} is missing or empty")
    return EvalCase(case_id, world, patch, description.strip(), languages, expectations, none_above,
                    corpus_dir.name, worlds_dir)  # fmt: skip


def load_corpus(corpus_dir: Path, worlds_dir: Path = WORLDS_DIR) -> list[EvalCase]:
    """Every case of every case file in `corpus_dir`, in file then file-order; ids are unique."""
    cases: list[EvalCase] = []
    for path in sorted(corpus_dir.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise CaseFormatError(f"{path}: {exc}") from exc
        unknown = set(data) - {"case"}
        if unknown or not isinstance(data.get("case", []), list):
            raise CaseFormatError(f"{path}: a case file holds only [[case]] tables")
        cases.extend(load_case(raw, corpus_dir, str(path), worlds_dir) for raw in data.get("case", []))
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise CaseFormatError(f"{corpus_dir}: case id {case.id} appears twice")
        seen.add(case.id)
    return cases


def discover_cases(pattern: str = "*", cases_dir: Path = CASES_DIR) -> list[EvalCase]:
    """Every case of the corpus in `cases_dir` whose id matches the glob `pattern` (comma-separated)."""
    globs = [p.strip() for p in pattern.split(",") if p.strip()] or ["*"]
    return [c for c in load_corpus(cases_dir) if any(fnmatch.fnmatchcase(c.id, g) for g in globs)]


def corpora() -> list[Path]:
    """Every corpus folder of evals/corpora/."""
    return sorted(p for p in CORPORA_DIR.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


# --------------------------------------------------------------------------------------------------
# Git repositories for a case
# --------------------------------------------------------------------------------------------------


def _git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    proc = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc.stdout


def build_case_repo(case: EvalCase, dest: Path) -> Path:
    """Create a git repo at `dest`: the case's world committed on main, then its patch committed on top."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(case.base_dir, dest)
    _git(dest, "init", "-q", "-b", "main")
    _git(dest, "config", "commit.gpgsign", "false")
    _git(dest, "config", "core.autocrlf", "false")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", f"{case.id}: base", date=BASE_DATE)
    try:
        _git(dest, "apply", "--index", "--binary", str(case.patch))
    except RuntimeError as exc:
        raise CaseFormatError(f"{case.id}: the patch does not apply to world {case.world}: {exc}") from None
    _git(dest, "commit", "-q", "--allow-empty", "-m", f"{case.id}: change", date=HEAD_DATE)
    return dest


class GitLineReader:
    """Reads a file's lines at HEAD~1 (side "base") or HEAD (side "head") with ``git show``."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self._cache: dict[tuple[str, str], list[str] | None] = {}

    def __call__(self, side: str, path: str) -> list[str] | None:
        key = (side, path)
        if key not in self._cache:
            rev = SIDE_REVS.get(side)
            if rev is None:
                self._cache[key] = None
            else:
                proc = subprocess.run(
                    ["git", "show", f"{rev}:{path}"],
                    cwd=self.repo,
                    env={**os.environ, **GIT_ENV},
                    capture_output=True,
                )
                self._cache[key] = (
                    proc.stdout.decode("utf-8", errors="replace").splitlines()
                    if proc.returncode == 0
                    else None
                )
        return self._cache[key]


# --------------------------------------------------------------------------------------------------
# Scoring (pure)
# --------------------------------------------------------------------------------------------------


def above_info(finding: Finding) -> bool:
    return SEVERITY_RANK.get(finding.severity, 0) > SEVERITY_RANK["info"]


def _norm_path(path: str) -> str:
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def finding_satisfies(expectation: Expectation, finding: Finding) -> bool:
    """Rule, severity floor, every expected impacted service, and (optionally) a citation of the path."""
    if finding.rule != expectation.rule:
        return False
    if SEVERITY_RANK.get(finding.severity, -1) < SEVERITY_RANK[expectation.min_severity]:
        return False
    if not set(expectation.impacted) <= set(finding.impacted):
        return False
    if expectation.path is not None:
        want = _norm_path(expectation.path)
        if not any(_norm_path(c.path) == want for c in finding.citations):
            return False
    return True


def _closeness(expectation: Expectation, finding: Finding) -> tuple[int, ...]:
    """How near a same-rule finding comes to an expectation (to explain a miss)."""
    return (
        int(SEVERITY_RANK.get(finding.severity, -1) >= SEVERITY_RANK[expectation.min_severity]),
        len(set(expectation.impacted) & set(finding.impacted)),
        int(
            expectation.path is None
            or any(_norm_path(c.path) == _norm_path(expectation.path) for c in finding.citations)
        ),
        SEVERITY_RANK.get(finding.severity, -1),
    )


@dataclass
class ExpectationResult:
    expectation: Expectation
    matched: Finding | None = None
    nearest: Finding | None = None  # the closest same-rule finding when missed

    @property
    def hit(self) -> bool:
        return self.matched is not None

    def why_missed(self) -> str:
        if self.hit:
            return ""
        f = self.nearest
        if f is None:
            return f"no {self.expectation.rule} finding"
        reasons = []
        if SEVERITY_RANK.get(f.severity, -1) < SEVERITY_RANK[self.expectation.min_severity]:
            reasons.append(f"severity {f.severity} < {self.expectation.min_severity}")
        missing = [s for s in self.expectation.impacted if s not in f.impacted]
        if missing:
            reasons.append("impacted lacks " + ", ".join(missing))
        if self.expectation.path and not any(
            _norm_path(c.path) == _norm_path(self.expectation.path) for c in f.citations
        ):
            reasons.append(f"no citation of {self.expectation.path}")
        return "; ".join(reasons) or "not matched"


def match_expectations(case: EvalCase, findings: Sequence[Finding]) -> list[ExpectationResult]:
    """Each expectation is met by some finding satisfying it (a finding may meet several)."""
    results = []
    for exp in case.expectations:
        matched = next((f for f in findings if finding_satisfies(exp, f)), None)
        same_rule = [f for f in findings if f.rule == exp.rule]
        nearest = None if matched or not same_rule else max(same_rule, key=lambda f: _closeness(exp, f))
        results.append(ExpectationResult(exp, matched, nearest))
    return results


def unexpected_findings(case: EvalCase, findings: Sequence[Finding]) -> list[Finding]:
    """Findings above info whose rule the case does not expect (on a safe case: every one above info)."""
    return [f for f in findings if above_info(f) and f.rule not in case.expected_rules]


def normalise_ws(text: str) -> str:
    return " ".join(text.split())


def check_citation(citation: Citation, read_lines: LineReader) -> str | None:
    """None when the citation is valid, else the reason it is not."""
    if citation.side not in SIDE_REVS:
        return f"unknown side {citation.side!r}"
    lines = read_lines(citation.side, _norm_path(citation.path))
    if lines is None:
        return f"{citation.path} does not exist on the {citation.side} side"
    start, end = citation.start_line, citation.end_line
    if not (isinstance(start, int) and isinstance(end, int)) or start < 1 or end < start:
        return f"bad line range {start}-{end}"
    if end > len(lines):
        return f"line range {start}-{end} past the end of {citation.path} ({len(lines)} lines on {citation.side})"
    actual = "\n".join(lines[start - 1 : end])
    if normalise_ws(citation.snippet) != normalise_ws(actual):
        return f"snippet does not match {citation.path}:{start}-{end} on {citation.side}"
    return None


@dataclass
class InvalidCitation:
    finding: Finding
    citation: Citation
    reason: str


@dataclass
class CaseScore:
    case: EvalCase
    findings: list[Finding] = field(default_factory=list)
    results: list[ExpectationResult] = field(default_factory=list)
    unexpected: list[Finding] = field(default_factory=list)
    citations_total: int = 0
    invalid_citations: list[InvalidCitation] = field(default_factory=list)
    error: str | None = None
    error_detail: str = ""
    seconds: float = 0.0
    llm_provider: str | None = None
    llm_model: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_report: Any = None  # the review's LLMReport (latency, dropped citations, failure note)

    @property
    def judged(self) -> bool:
        return self.error is None

    @property
    def safe_violated(self) -> bool:
        return self.case.safe and self.judged and any(above_info(f) for f in self.findings)


def score_case(case: EvalCase, review: Review, read_lines: LineReader) -> CaseScore:
    """Score one case's review: expectations met, unexpected findings, citation validity."""
    findings = list(review.findings)
    score = CaseScore(case=case, findings=findings)
    score.results = match_expectations(case, findings)
    score.unexpected = unexpected_findings(case, findings)
    for finding in findings:
        for citation in finding.citations:
            score.citations_total += 1
            reason = check_citation(citation, read_lines)
            if reason:
                score.invalid_citations.append(InvalidCitation(finding, citation, reason))
    llm = review.llm
    score.llm_provider = llm.provider
    score.llm_model = llm.model
    score.prompt_tokens = llm.prompt_tokens
    score.completion_tokens = llm.completion_tokens
    score.llm_report = llm
    return score


def error_score(case: EvalCase, message: str, detail: str = "") -> CaseScore:
    score = CaseScore(case=case, error=message, error_detail=detail)
    score.results = [ExpectationResult(e) for e in case.expectations]
    return score


@dataclass
class RuleStats:
    rule: str
    expected: int = 0
    hit: int = 0
    findings: int = 0  # findings above info of this rule
    expected_findings: int = 0  # ... in cases that expect this rule

    @property
    def recall(self) -> float | None:
        return self.hit / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        return self.expected_findings / self.findings if self.findings else None


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass
class Report:
    scores: list[CaseScore]
    per_rule: dict[str, RuleStats]
    llm_endpoint: str | None = None
    seconds: float = 0.0

    # ---- totals -------------------------------------------------------------------------------
    @property
    def expected(self) -> int:
        return sum(s.expected for s in self.per_rule.values())

    @property
    def hits(self) -> int:
        return sum(s.hit for s in self.per_rule.values())

    @property
    def recall(self) -> float | None:
        return _ratio(self.hits, self.expected)

    @property
    def findings_above_info(self) -> int:
        return sum(s.findings for s in self.per_rule.values())

    @property
    def expected_findings(self) -> int:
        return sum(s.expected_findings for s in self.per_rule.values())

    @property
    def precision(self) -> float | None:
        return _ratio(self.expected_findings, self.findings_above_info)

    @property
    def safe_judged(self) -> int:
        return sum(1 for s in self.scores if s.case.safe and s.judged)

    @property
    def safe_with_fp(self) -> int:
        return sum(1 for s in self.scores if s.safe_violated)

    @property
    def fp_rate(self) -> float | None:
        return _ratio(self.safe_with_fp, self.safe_judged)

    @property
    def citations_total(self) -> int:
        return sum(s.citations_total for s in self.scores)

    @property
    def citations_valid(self) -> int:
        return self.citations_total - sum(len(s.invalid_citations) for s in self.scores)

    @property
    def citation_validity(self) -> float | None:
        return _ratio(self.citations_valid, self.citations_total)

    @property
    def errors(self) -> list[CaseScore]:
        return [s for s in self.scores if not s.judged]

    @property
    def llm_ran(self) -> bool:
        return self.llm_endpoint is not None or any(
            s.prompt_tokens or (s.llm_provider not in (None, "offline")) for s in self.scores
        )

    def misses(self) -> list[tuple[CaseScore, ExpectationResult]]:
        return [(s, r) for s in self.scores for r in s.results if not r.hit]

    def false_positives(self) -> list[tuple[CaseScore, Finding]]:
        return [(s, f) for s in self.scores for f in s.unexpected]

    def target_failures(self) -> list[str]:
        """Why --strict fails (empty when every target is met)."""
        failures = []
        if not self.scores:
            failures.append("no cases ran")
        if self.errors:
            failures.append(f"{len(self.errors)} case(s) errored")
        if self.recall is not None and self.recall < TARGET_RECALL:
            failures.append(f"recall {self.recall:.1%} < {TARGET_RECALL:.0%}")
        if self.fp_rate is not None and self.fp_rate > TARGET_FP_RATE:
            failures.append(f"false-positive rate on safe cases {self.fp_rate:.1%} > {TARGET_FP_RATE:.0%}")
        validity = self.citation_validity
        if validity is not None and validity < TARGET_CITATION_VALIDITY:
            failures.append(f"citation validity {validity:.1%} < {TARGET_CITATION_VALIDITY:.0%}")
        return failures

    def to_json(self) -> dict[str, Any]:
        def finding_json(f: Finding) -> dict[str, Any]:
            return {
                "rule": f.rule,
                "severity": f.severity,
                "title": f.title,
                "impacted": list(f.impacted),
                "source": f.source,
                "citations": [c.to_json() for c in f.citations],
            }

        return {
            "version": 1,
            "llm_endpoint": self.llm_endpoint,
            "seconds": round(self.seconds, 2),
            "totals": {
                "cases": len(self.scores),
                "safe_cases": sum(1 for s in self.scores if s.case.safe),
                "errors": len(self.errors),
                "expected": self.expected,
                "hits": self.hits,
                "recall": self.recall,
                "findings_above_info": self.findings_above_info,
                "expected_findings": self.expected_findings,
                "precision": self.precision,
                "safe_judged": self.safe_judged,
                "safe_with_false_positive": self.safe_with_fp,
                "fp_rate_safe": self.fp_rate,
                "citations": self.citations_total,
                "citations_valid": self.citations_valid,
                "citation_validity": self.citation_validity,
            },
            "targets": {
                "recall": TARGET_RECALL,
                "fp_rate_safe": TARGET_FP_RATE,
                "citation_validity": TARGET_CITATION_VALIDITY,
                "met": not self.target_failures(),
                "failures": self.target_failures(),
            },
            "per_rule": {
                rule: {
                    "expected": st.expected,
                    "hit": st.hit,
                    "recall": st.recall,
                    "findings_above_info": st.findings,
                    "expected_findings": st.expected_findings,
                    "precision": st.precision,
                }
                for rule, st in self.per_rule.items()
            },
            "misses": [
                {
                    "case": s.case.id,
                    "rule": r.expectation.rule,
                    "min_severity": r.expectation.min_severity,
                    "impacted": list(r.expectation.impacted),
                    "path": r.expectation.path,
                    "reason": s.error and f"error: {s.error}" or r.why_missed(),
                    "nearest": finding_json(r.nearest) if r.nearest else None,
                }
                for s, r in self.misses()
            ],
            "false_positives": [
                {"case": s.case.id, "safe_case": s.case.safe, **finding_json(f)}
                for s, f in self.false_positives()
            ],
            "invalid_citations": [
                {"case": s.case.id, "rule": ic.finding.rule, "reason": ic.reason, **ic.citation.to_json()}
                for s in self.scores
                for ic in s.invalid_citations
            ],
            "errors": [{"case": s.case.id, "error": s.error} for s in self.errors],
            "cases": [
                {
                    "id": s.case.id,
                    "safe": s.case.safe,
                    "languages": s.case.languages,
                    "seconds": round(s.seconds, 3),
                    "error": s.error,
                    "expectations_met": sum(1 for r in s.results if r.hit),
                    "expectations": len(s.results),
                    "llm": {
                        "provider": s.llm_provider,
                        "model": s.llm_model,
                        "prompt_tokens": s.prompt_tokens,
                        "completion_tokens": s.completion_tokens,
                    },
                    "findings": [finding_json(f) for f in s.findings],
                }
                for s in self.scores
            ],
        }


def aggregate(scores: Sequence[CaseScore], llm_endpoint: str | None = None, seconds: float = 0.0) -> Report:
    per_rule = {rule: RuleStats(rule) for rule in rule_ids()}
    for score in scores:
        for result in score.results:
            stats = per_rule.setdefault(result.expectation.rule, RuleStats(result.expectation.rule))
            stats.expected += 1
            stats.hit += int(result.hit)
        if not score.judged:
            continue
        for finding in score.findings:
            if not above_info(finding):
                continue
            stats = per_rule.setdefault(finding.rule, RuleStats(finding.rule))
            stats.findings += 1
            stats.expected_findings += int(finding.rule in score.case.expected_rules)
    return Report(list(scores), per_rule, llm_endpoint, seconds)


# --------------------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------------------


def load_review_fn() -> tuple[ReviewFn | None, str | None]:
    """The engine's review_change, or (None, why it could not be imported)."""
    try:
        from copilot.review.engine import review_change  # type: ignore[import-not-found, unused-ignore]
    except Exception as exc:  # the engine may not exist yet, or fail to import
        return None, f"engine unavailable: {type(exc).__name__}: {exc}"
    return review_change, None


@contextmanager
def llm_environment(endpoint: str | None) -> Iterator[None]:
    """Point the engine's OpenAI-compatible client at `endpoint` for the duration of the run."""
    if endpoint is None:
        yield
        return
    saved = os.environ.get("OPENAI_BASE_URL")
    os.environ["OPENAI_BASE_URL"] = endpoint
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("OPENAI_BASE_URL", None)
        else:
            os.environ["OPENAI_BASE_URL"] = saved


def run_case(
    case: EvalCase, workdir: Path, review_fn: ReviewFn | None, import_error: str | None, llm: str = "off"
) -> CaseScore:
    """Build the case's repo under `workdir` and review it; any failure becomes an error score."""
    started = time.perf_counter()
    try:
        repo = build_case_repo(case, workdir / case.id)
    except Exception as exc:
        score = error_score(case, f"could not build the case repo: {exc}", traceback.format_exc())
        score.seconds = time.perf_counter() - started
        return score
    if review_fn is None:
        score = error_score(case, import_error or "engine unavailable")
        score.seconds = time.perf_counter() - started
        return score
    review_started = time.perf_counter()
    try:
        review = review_fn(repo, base="HEAD~1", head="HEAD", llm=llm)
    except Exception as exc:
        score = error_score(case, f"review_change raised {type(exc).__name__}: {exc}", traceback.format_exc())
        score.seconds = time.perf_counter() - review_started
        return score
    seconds = time.perf_counter() - review_started
    try:
        score = score_case(case, review, GitLineReader(repo))
    except Exception as exc:
        score = error_score(
            case, f"could not score the review: {type(exc).__name__}: {exc}", traceback.format_exc()
        )
    score.seconds = seconds
    return score


def run_cases(
    cases: Sequence[EvalCase],
    llm_endpoint: str | None = None,
    keep_dir: Path | None = None,
    progress: Callable[[CaseScore], None] | None = None,
) -> Report:
    review_fn, import_error = load_review_fn()
    llm = "openai" if llm_endpoint else "off"
    started = time.perf_counter()
    scores: list[CaseScore] = []
    with llm_environment(llm_endpoint), tempfile.TemporaryDirectory(prefix="pipeline-copilot-evals-") as tmp:
        workdir = keep_dir if keep_dir is not None else Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for case in cases:
            score = run_case(case, workdir, review_fn, import_error, llm=llm)
            scores.append(score)
            if progress:
                progress(score)
    return aggregate(scores, llm_endpoint, time.perf_counter() - started)
