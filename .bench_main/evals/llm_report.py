"""What the AI reviewer adds over the rules, per corpus (``python -m evals --llm URL``).

From one run with the LLM on, the rules' own view is the findings whose source is not ``llm``
(the model never changes a rule finding's severity, so this is exactly the rules-only review).
Per corpus:

- **added**: expectations the rules alone miss that a finding of the model meets, with verified
  citations (an unverified claim never counts);
- **false alarms**: the model's own findings above info that the case does not expect (on a safe
  case: every one);
- **citation validity**: of every citation the model gave, the share that was verified and
  still checks against the case repository (dropped citations count as invalid);
- **tokens and latency**: prompt/completion tokens and the LLM step's time per case, and how
  many cases the LLM step failed on (the review then went on with the rules only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evals.runner import CaseScore, Report, above_info, match_expectations

SKIPPED = "LLM review skipped: "


@dataclass
class CaseLLM:
    case: str
    added: list[str] = field(default_factory=list)  # expectations met only thanks to the model
    false_alarms: list[str] = field(default_factory=list)  # titles of the model's unexpected findings
    model_findings: int = 0
    unverified: int = 0
    citations_kept: int = 0
    citations_invalid: int = 0
    citations_dropped: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0
    failure: str = ""


def case_llm(score: CaseScore) -> CaseLLM:
    out = CaseLLM(score.case.id, prompt_tokens=score.prompt_tokens, completion_tokens=score.completion_tokens)
    llm = getattr(score, "llm_report", None)
    if llm is not None:
        out.latency_ms = llm.latency_ms
        out.citations_dropped = llm.dropped_citations
        if llm.note.startswith(SKIPPED):
            out.failure = llm.note[len(SKIPPED) :]
    if not score.judged:
        out.failure = out.failure or f"case error: {score.error}"
        return out
    rules_only = [f for f in score.findings if f.source != "llm"]
    with_model = [f for f in score.findings if f.source != "llm" or f.verified]
    before = {id(r.expectation) for r in match_expectations(score.case, rules_only) if r.hit}
    for result in match_expectations(score.case, with_model):
        if result.hit and id(result.expectation) not in before:
            out.added.append(result.expectation.describe())
    invalid = {id(ic.citation) for ic in score.invalid_citations}
    for f in score.findings:
        if f.source != "llm":
            continue
        out.model_findings += 1
        out.unverified += int(not f.verified)
        out.citations_kept += len(f.citations)
        out.citations_invalid += sum(1 for c in f.citations if id(c) in invalid)
        if f.verified and above_info(f) and f in score.unexpected:
            out.false_alarms.append(f.title)
    return out


@dataclass
class CorpusLLM:
    corpus: str
    endpoint: str | None
    cases: list[CaseLLM]

    def total(self, name: str) -> int:
        return sum(len(v) if isinstance(v := getattr(c, name), list) else int(v) for c in self.cases)

    @property
    def citation_validity(self) -> float | None:
        given = self.total("citations_kept") + self.total("citations_dropped")
        return (self.total("citations_kept") - self.total("citations_invalid")) / given if given else None

    @property
    def failures(self) -> list[CaseLLM]:
        return [c for c in self.cases if c.failure]

    def latency(self) -> dict[str, float]:
        ran = [c.latency_ms for c in self.cases if c.latency_ms]
        if not ran:
            return {"total_s": 0.0, "mean_s": 0.0, "max_s": 0.0}
        return {"total_s": sum(ran) / 1000, "mean_s": sum(ran) / len(ran) / 1000, "max_s": max(ran) / 1000}

    def to_json(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "endpoint": self.endpoint,
            "cases": len(self.cases),
            "llm_failures": len(self.failures),
            "added_over_rules": self.total("added"),
            "false_alarms": self.total("false_alarms"),
            "model_findings": self.total("model_findings"),
            "unverified": self.total("unverified"),
            "citations_given": self.total("citations_kept") + self.total("citations_dropped"),
            "citation_validity": self.citation_validity,
            "prompt_tokens": self.total("prompt_tokens"),
            "completion_tokens": self.total("completion_tokens"),
            "latency": self.latency(),
            "per_case": [
                {
                    "case": c.case,
                    "added": c.added,
                    "false_alarms": c.false_alarms,
                    "model_findings": c.model_findings,
                    "unverified": c.unverified,
                    "citations_dropped": c.citations_dropped,
                    "prompt_tokens": c.prompt_tokens,
                    "completion_tokens": c.completion_tokens,
                    "latency_ms": c.latency_ms,
                    "failure": c.failure,
                }
                for c in self.cases
            ],
        }


def corpus_llm(report: Report, corpus: str) -> CorpusLLM:
    return CorpusLLM(corpus, report.llm_endpoint, [case_llm(s) for s in report.scores])


def render(summary: CorpusLLM, console: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    validity = summary.citation_validity
    lat = summary.latency()
    table = Table(title=f"AI reviewer over the rules — corpus {summary.corpus}", title_justify="left")
    for col in ("cases", "LLM failed", "added over rules", "false alarms", "model findings (unverified)",
                "citation validity", "tokens in / out", "latency total / mean / max"):  # fmt: skip
        table.add_column(col, justify="right")
    table.add_row(
        str(len(summary.cases)),
        str(len(summary.failures)),
        str(summary.total("added")),
        str(summary.total("false_alarms")),
        f"{summary.total('model_findings')} ({summary.total('unverified')})",
        "-" if validity is None else f"{validity:.0%}",
        f"{summary.total('prompt_tokens')} / {summary.total('completion_tokens')}",
        f"{lat['total_s']:.0f}s / {lat['mean_s']:.1f}s / {lat['max_s']:.1f}s",
    )
    console.print(table)
    for c in summary.cases:
        for what in c.added:
            console.print(f"  [green]added[/] {escape(c.case)}: {escape(what)}")
        for title in c.false_alarms:
            console.print(f"  [red]false alarm[/] {escape(c.case)}: {escape(title)}")
    reasons: dict[str, int] = {}
    for c in summary.failures:
        reasons[c.failure] = reasons.get(c.failure, 0) + 1
    for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1]):
        console.print(f"  [yellow]LLM step failed[/] ×{n}: {escape(reason)}")
