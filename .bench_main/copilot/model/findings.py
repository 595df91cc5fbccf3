"""The Review object: what the CLI, the hook and the TUI all show.

`Review.to_json()` is the contract in docs/contracts.md (`pipeline-copilot review --format json`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

SEVERITIES = ("high", "medium", "low", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}  # info=0 .. high=3

Side = Literal["base", "head"]


@dataclass
class Citation:
    path: str
    start_line: int
    end_line: int
    side: Side
    snippet: str

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "side": self.side,
            "snippet": self.snippet,
        }


@dataclass
class Alternative:
    title: str
    tradeoff: str

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "tradeoff": self.tradeoff}


@dataclass
class Finding:
    rule: str
    severity: str
    title: str
    reasoning: str
    citations: list[Citation] = field(default_factory=list)
    graph_paths: list[list[str]] = field(default_factory=list)
    impacted: list[str] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)
    source: str = "rule"  # rule | llm | rule+llm
    confidence: float = 0.9
    actions: list[str] = field(default_factory=list)
    # What identifies "the same issue" across re-runs and unrelated edits: rule + the thing it is
    # about (e.g. "topic:orders|field:amount_cents"), never line numbers.
    subject: str = ""
    id: str = ""
    verified: bool = True  # False: an LLM finding none of whose citations could be checked
    recommendation: str = ""  # why the chosen remedy beats the alternatives (LLM findings)
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. rollout steps, proposed diff

    @property
    def model_claim(self) -> bool:
        """Only the AI reviewer says so (no rule corroborates it): advice, never a gate by itself."""
        return self.source == "llm"

    @property
    def fingerprint(self) -> str:
        basis = f"{self.rule}|{self.subject or self.title}"
        return hashlib.sha256(basis.encode()).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "fingerprint": self.fingerprint,
            "rule": self.rule,
            "severity": self.severity,
            "title": self.title,
            "reasoning": self.reasoning,
            "citations": [c.to_json() for c in self.citations],
            "graph_paths": self.graph_paths,
            "impacted": self.impacted,
            "alternatives": [a.to_json() for a in self.alternatives],
            "source": self.source,
            "confidence": round(self.confidence, 2),
            "actions": self.actions,
        }
        if not self.verified:
            out["verified"] = False
        if self.recommendation:
            out["recommendation"] = self.recommendation
        if self.extra:
            out.update({k: v for k, v in self.extra.items() if k not in out})
        return out


@dataclass
class ActionSummary:
    """A proposed action as the review lists it (full proposals live in copilot.actions)."""

    id: str
    kind: str  # patch | schema-register | deploy
    title: str
    digest: str
    status: str = "proposed"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "title": self.title, "digest": self.digest, "status": self.status}


@dataclass
class LLMReport:
    provider: str = "offline"
    model: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    dropped_citations: int = 0
    prompt_version: str | None = None
    latency_ms: int = 0
    cached: bool = False
    redactions: int = 0
    note: str = ""  # e.g. "offline: no endpoint configured" or the one-line failure warning

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "provider": self.provider,
            "model": self.model,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "dropped_citations": self.dropped_citations,
        }
        if self.prompt_version:
            out["prompt_version"] = self.prompt_version
        out["latency_ms"] = self.latency_ms
        out["cached"] = self.cached
        out["redactions"] = self.redactions
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Review:
    base: str
    head: str
    findings: list[Finding] = field(default_factory=list)
    actions: list[ActionSummary] = field(default_factory=list)
    llm: LLMReport = field(default_factory=LLMReport)
    rollout: list[dict[str, Any]] = field(default_factory=list)  # ordered steps for schema changes
    warnings: list[str] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)

    def number(self) -> None:
        """Sort by severity, rule findings before the AI reviewer's own claims, then rule; give
        findings their F1.. ids."""
        self.findings.sort(
            key=lambda f: (-SEVERITY_RANK[f.severity], not f.verified, f.model_claim, f.rule, f.subject, f.title)
        )
        for i, finding in enumerate(self.findings, 1):
            finding.id = f"F{i}"

    def summary(self) -> dict[str, int]:
        """Findings per severity; unverified AI claims are not counted (see `unverified`)."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            if f.verified:
                counts[f.severity] += 1
        return counts

    @property
    def unverified(self) -> list[Finding]:
        """AI reviewer claims none of whose citations could be checked."""
        return [f for f in self.findings if not f.verified]

    def worst_at_or_above(self, fail_on: str, llm_blocks: bool = False) -> bool:
        """Does a finding reach `fail_on`?  The AI reviewer's own claims count only with
        `llm_blocks` (``[review] llm_blocks = true``); unverified claims never do."""
        if fail_on == "never":
            return False
        return any(
            SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on]
            for f in self.findings
            if f.verified and (llm_blocks or not f.model_claim)
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "version": 1,
            "base": self.base,
            "head": self.head,
            "summary": self.summary(),
            "findings": [f.to_json() for f in self.findings],
            "actions": [a.to_json() for a in self.actions],
            "llm": self.llm.to_json(),
        }
        if self.rollout:
            out["rollout"] = self.rollout
        if self.warnings:
            out["warnings"] = self.warnings
        return out
