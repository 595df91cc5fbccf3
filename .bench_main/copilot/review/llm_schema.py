"""What the AI reviewer must answer: pydantic models and the JSON schema sent to the endpoint.

Validation is lenient where a model's wording varies (rule ids in other casings, "critical"
for high, confidence clamped to 0..1) and strict where it matters: an answer without a
``findings`` list is not an answer.  A single malformed finding is dropped (and counted) rather
than throwing the whole answer away; see `parse_answer`.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from copilot.registry import rule_ids

SCHEMA_NAME = "pipeline_review"
SCHEMA_DESCRIPTION = "Findings of a pipeline change review. Every claim cites exact lines of the change."
RULE_IDS = rule_ids()
RuleId = Literal[RULE_IDS + ("other",)]  # type: ignore[valid-type]
Severity = Literal["high", "medium", "low", "info"]

_SEVERITY_ALIASES = {
    "critical": "high",
    "blocker": "high",
    "major": "high",
    "error": "high",
    "warning": "medium",
    "warn": "medium",
    "moderate": "medium",
    "minor": "low",
    "note": "info",
    "informational": "info",
    "none": "info",
}


class LLMCitation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    path: str = Field(description="repository-relative path of the cited file")
    start_line: int = Field(description="first cited line (1-based) on that side")
    end_line: int = Field(description="last cited line (inclusive)")
    side: Literal["base", "head"] = Field(description="base = before the change, head = after it")
    snippet: str = Field(description="the exact text of the cited lines, copied verbatim")

    @field_validator("side", mode="before")
    @classmethod
    def _side(cls, value: Any) -> Any:
        text = str(value).strip().lower()
        return {"old": "base", "before": "base", "new": "head", "after": "head"}.get(text, text)


class LLMAlternative(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str = Field(description="another way to make this change")
    tradeoff: str = Field(description="what it costs or risks compared with the recommendation")


class LLMFinding(BaseModel):
    model_config = ConfigDict(extra="ignore")

    rule: RuleId = Field(description="one rule id from the list, or 'other'")
    severity: Severity
    title: str = Field(description="one line: what is wrong")
    reasoning: str = Field(
        description="why it matters for the pipeline, step by step, naming the services affected"
    )
    citations: list[LLMCitation] = Field(default_factory=list, description="evidence for every claim")
    alternatives: list[LLMAlternative] = Field(default_factory=list, description="remedies considered")
    recommendation: str = Field(
        default="", description="the remedy you recommend and why it beats the alternatives"
    )
    confidence: float = Field(default=0.5, description="0..1: how sure you are")
    related_finding: str | None = Field(
        default=None, description="the `ref` of the rule finding this finding explains, or null"
    )
    patch: str | None = Field(default=None, description="optional unified diff of a proposed fix, or null")

    @field_validator("rule", mode="before")
    @classmethod
    def _rule(cls, value: Any) -> Any:
        text = re.sub(r"[\s_]+", "-", str(value).strip().lower())
        return text if text in RULE_IDS else "other"

    @field_validator("severity", mode="before")
    @classmethod
    def _severity(cls, value: Any) -> Any:
        text = str(value).strip().lower()
        return _SEVERITY_ALIASES.get(text, text)

    @field_validator("confidence", mode="before")
    @classmethod
    def _confidence(cls, value: Any) -> Any:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return 0.5
        return min(1.0, max(0.0, number)) if number == number else 0.5  # clamped; NaN → 0.5


class LLMAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    findings: list[LLMFinding] = Field(description="the findings; an empty list when there is nothing to add")


class AnswerError(ValueError):
    """The model's answer is not a review answer (not JSON, wrong shape)."""


MAX_FINDINGS = 50  # an answer's findings past this many are not read (a runaway or hostile answer)


def parse_answer(data: Any) -> tuple[LLMAnswer, int, int]:
    """Validate an answer; returns it, how many malformed findings were dropped, and how many
    findings past `MAX_FINDINGS` were ignored unread."""
    if not isinstance(data, dict):
        raise AnswerError(f"answer is a JSON {type(data).__name__}, not an object")
    if "findings" not in data:
        if isinstance(data.get("properties"), dict) and "findings" in data["properties"]:  # echoed the schema
            data = data["properties"]
        else:
            keys = ", ".join(sorted(map(str, data))[:5]) or "none"
            raise AnswerError(f"answer has no 'findings' list (keys: {keys})")
    raw = data["findings"]
    if not isinstance(raw, list):
        raise AnswerError("'findings' is not a list")
    capped = max(0, len(raw) - MAX_FINDINGS)
    raw = raw[:MAX_FINDINGS]
    kept: list[LLMFinding] = []
    dropped = 0
    for item in raw:
        try:
            kept.append(LLMFinding.model_validate(item))
        except ValidationError:
            dropped += 1
    if raw and not kept:
        raise AnswerError(f"none of the {len(raw)} findings matched the schema")
    return LLMAnswer(findings=kept), dropped, capped


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            return _inline_refs(copy.deepcopy(defs[name]), defs)
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _strict(node: Any) -> Any:
    """OpenAI strict mode: every property required, no extra keys, no defaults, no titles."""
    if isinstance(node, dict):
        out = {k: _strict(v) for k, v in node.items() if k not in ("default", "title", "properties")}
        if "properties" in node:  # a map of names to schemas: keep every name (even "title")
            out["properties"] = {name: _strict(sub) for name, sub in node["properties"].items()}
        if out.get("type") == "object" and "properties" in out:
            out["required"] = list(out["properties"])
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [_strict(v) for v in node]
    return node


def answer_schema() -> dict[str, Any]:
    """The answer's JSON schema: self-contained (no $ref) and valid for OpenAI strict mode."""
    raw = LLMAnswer.model_json_schema()
    return _strict(_inline_refs(raw, raw.get("$defs", {})))


def json_schema_format() -> dict[str, Any]:
    """For `with_structured_output(..., method="json_schema")`."""
    return {"name": SCHEMA_NAME, "description": SCHEMA_DESCRIPTION, "strict": True, "schema": answer_schema()}


def _without_descriptions(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_descriptions(v) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [_without_descriptions(v) for v in node]
    return node


def schema_text() -> str:
    """The schema as compact text (for JSON mode and the plain fallback, and for budgeting).  The
    system prompt already explains every field, so the descriptions are left out: 250 tokens
    fewer, which matters in a 4k local context window."""
    return json.dumps(_without_descriptions(answer_schema()), separators=(",", ":"))
