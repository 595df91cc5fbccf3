"""Fold the AI reviewer's findings into the review.  The LLM can only add, never take away.

For each answer finding, after its citations were checked (`llm_verify`):

- **same rule + same place** as an existing finding (a verified citation overlapping one of its
  citations: same path, side and overlapping lines; or the model named it via
  ``related_finding``) → merged into it: ``source`` becomes ``rule+llm``, the reasoning gets
  ``AI reviewer: ...`` appended, alternatives are unioned, verified citations are added.  Its
  severity is raised only when the LLM's is higher *and* the LLM finding is verified; it is
  never lowered, and nothing is removed.
- otherwise → a new finding, ``source="llm"``, ``subject = llm|<path>|<rule>|<normalised title>``
  (a stable fingerprint), confidence from the model (0..1), impacted services from the graph
  around its citations.
- a new finding is the model's claim alone: its severity is capped at ``medium`` (the model's
  own kept in ``extra["claimed_severity"]``), it sorts after rule findings of its severity, and
  it blocks a push only when the user opted in (``[review] llm_blocks = true``).
- a finding with no verified citation is ``verified=False``; it is dropped instead when
  ``[llm].unverified = "drop"``.  An unverified claim never blocks a push and is not counted in
  the summary: its severity is shown as ``info`` and the model's kept in ``extra["claimed_severity"]``.

The merge is linear in the answer: findings are looked up by fingerprint and by rule, graph
evidence by path (an answer is capped at `llm_schema.MAX_FINDINGS` findings anyway).
- a proposed fix (``patch``) is attached as ``extra["proposed_patch"]`` text, never applied.

All model text is stripped of control characters (no terminal escapes) and length-capped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.model.findings import SEVERITY_RANK, Alternative, Citation, Finding, Review
from copilot.model.graph import PipelineGraph
from copilot.model.ids import kind_of
from copilot.review.llm_schema import LLMAnswer, LLMFinding
from copilot.review.llm_verify import CitationChecker

MAX_TITLE = 200
MAX_TEXT = 4000
MAX_PATCH = 20000
MODEL_ONLY_CAP = "medium"  # the highest severity the model's claim alone can carry
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str | None, limit: int = MAX_TEXT) -> str:
    """Untrusted model text made safe to print: no control characters, bounded length."""
    out = _CONTROL.sub("", text or "").strip()
    return out if len(out) <= limit else out[: limit - 1] + "…"


def normalised_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80]


@dataclass
class MergeStats:
    merged: int = 0
    added: int = 0
    unverified: int = 0
    dropped_unverified: int = 0
    dropped_citations: int = 0

    def note(self) -> str:
        text = f"{self.merged} merged into rule findings, {self.added} new"
        if self.unverified:
            text += f" ({self.unverified} unverified)"
        if self.dropped_unverified:
            text += f", {self.dropped_unverified} unverified dropped"
        if self.dropped_citations:
            text += f", {self.dropped_citations} unverifiable citations dropped"
        return text


def _overlap(a: Citation, b: Citation) -> bool:
    return a.path == b.path and a.side == b.side and a.start_line <= b.end_line and b.start_line <= a.end_line


def _same_citation(a: Citation, b: Citation) -> bool:
    return (a.path, a.side, a.start_line, a.end_line) == (b.path, b.side, b.start_line, b.end_line)


def evidence_index(graph: PipelineGraph) -> dict[str, list[tuple[int, str]]]:
    """path → (line, node id) of every node's and edge's evidence (an edge stands for its service)."""
    index: dict[str, list[tuple[int, str]]] = {}
    for info in graph.nodes():
        for e in info.evidence:
            index.setdefault(e.path, []).append((e.line, info.id))
    for s, t, _, evidence, _ in graph.edges():
        for e in evidence:
            index.setdefault(e.path, []).append((e.line, s if kind_of(s) == "service" else t))
    return index


def _impact(
    graph: PipelineGraph, citations: list[Citation], index: dict[str, list[tuple[int, str]]] | None = None
) -> tuple[list[list[str]], list[str]]:
    """Graph paths from the nodes whose evidence lies in the cited lines to downstream services."""
    index = evidence_index(graph) if index is None else index
    starts: set[str] = set()
    for c in citations:
        for line, nid in index.get(c.path, ()):
            if c.start_line - 2 <= line <= c.end_line + 2:
                starts.add(nid)
    paths: list[list[str]] = []
    impacted: list[str] = []
    for start in sorted(starts):
        for target, path in graph.impact_paths(start).items():
            if path not in paths:
                paths.append(path)
            if target not in impacted:
                impacted.append(target)
    return paths[:10], impacted


class Merger:
    def __init__(
        self,
        review: Review,
        checker: CitationChecker,
        refs: dict[str, Finding],
        graph: PipelineGraph,
        unverified: str = "show",
    ) -> None:
        self.review = review
        self.checker = checker
        self.refs = refs
        self.graph = graph
        self.unverified = unverified
        self.stats = MergeStats()
        self.by_fingerprint = {f.fingerprint: f for f in review.findings}
        self.rule_findings: dict[str, list[Finding]] = {}
        for f in review.findings:
            if f.source != "llm":
                self.rule_findings.setdefault(f.rule, []).append(f)
        self._index: dict[str, list[tuple[int, str]]] | None = None

    def merge(self, answer: LLMAnswer) -> MergeStats:
        for item in answer.findings:
            self._one(item)
        self.stats.dropped_citations = self.checker.dropped
        return self.stats

    def _one(self, item: LLMFinding) -> None:
        verified: list[Citation] = []
        for raw in item.citations:
            citation = self.checker.check(raw)
            if citation and not any(_same_citation(citation, v) for v in verified):
                verified.append(citation)
        target = self._target(item, verified)
        if target is not None:
            self._merge_into(target, item, verified)
            self.stats.merged += 1
            return
        if not verified and self.unverified == "drop":
            self.stats.dropped_unverified += 1
            return
        finding = self._new(item, verified)
        existing = self.by_fingerprint.get(finding.fingerprint)
        if existing is not None:  # the model said the same thing twice, or a re-run of the same claim
            self._merge_into(existing, item, verified)
            return
        self.review.findings.append(finding)
        self.by_fingerprint[finding.fingerprint] = finding
        self.stats.added += 1
        if not finding.verified:
            self.stats.unverified += 1

    def _target(self, item: LLMFinding, verified: list[Citation]) -> Finding | None:
        if item.rule == "other":
            return None
        named = self.refs.get((item.related_finding or "").strip())
        if named is not None and named.rule == item.rule and named in self.review.findings:
            return named
        for finding in self.rule_findings.get(item.rule, ()):
            if any(_overlap(v, c) for v in verified for c in finding.citations):
                return finding
        return None

    def _merge_into(self, target: Finding, item: LLMFinding, verified: list[Citation]) -> None:
        if target.source == "rule":
            target.source = "rule+llm"
        label = "AI reviewer" if verified else "AI reviewer (unverified)"
        if SEVERITY_RANK[item.severity] > SEVERITY_RANK[target.severity]:
            label += f", claims {item.severity}"
            if verified:
                target.extra.setdefault("llm_claimed_severity", item.severity)
        reasoning = clean(item.reasoning)
        paragraph = f"{label}: {reasoning}"
        if reasoning and paragraph not in target.reasoning.split("\n\n"):
            target.reasoning = f"{target.reasoning}\n\n{paragraph}".strip()
        titles = {normalised_title(a.title) for a in target.alternatives}
        for alt in item.alternatives:
            if normalised_title(alt.title) and normalised_title(alt.title) not in titles:
                target.alternatives.append(Alternative(clean(alt.title, MAX_TITLE), clean(alt.tradeoff)))
                titles.add(normalised_title(alt.title))
        for citation in verified:
            if not any(_same_citation(citation, c) for c in target.citations):
                target.citations.append(citation)
        if not target.recommendation and item.recommendation:
            target.recommendation = clean(item.recommendation)
        if item.patch and "proposed_patch" not in target.extra:
            target.extra["proposed_patch"] = clean_patch(item.patch)

    def _new(self, item: LLMFinding, verified: list[Citation]) -> Finding:
        first = verified[0].path if verified else (item.citations[0].path if item.citations else "")
        title = clean(item.title, MAX_TITLE) or f"{item.rule} (AI reviewer)"
        if self._index is None:
            self._index = evidence_index(self.graph)
        paths, impacted = _impact(self.graph, verified, self._index)
        finding = Finding(
            rule=item.rule,
            severity=item.severity,
            title=title,
            reasoning=clean(item.reasoning),
            citations=verified,
            graph_paths=paths,
            impacted=impacted,
            alternatives=[
                Alternative(clean(a.title, MAX_TITLE), clean(a.tradeoff))
                for a in item.alternatives
                if normalised_title(a.title)  # an empty alternative says nothing
            ],
            source="llm",
            confidence=min(1.0, max(0.0, item.confidence)),
            subject=f"llm|{clean(first, 300)}|{item.rule}|{normalised_title(title)}",
            verified=bool(verified),
            recommendation=clean(item.recommendation),
        )
        if not verified and item.severity != "info":
            finding.extra["claimed_severity"] = item.severity
            finding.severity = "info"
        elif SEVERITY_RANK[item.severity] > SEVERITY_RANK[MODEL_ONLY_CAP]:
            finding.extra["claimed_severity"] = item.severity
            finding.severity = MODEL_ONLY_CAP
        if item.patch:
            finding.extra["proposed_patch"] = clean_patch(item.patch)
        return finding


def clean_patch(patch: str) -> str:
    """A proposed diff kept as text: tabs and newlines survive, terminal escapes do not."""
    out = re.sub(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", patch)
    return out if len(out) <= MAX_PATCH else out[:MAX_PATCH] + "\n… (truncated)"
