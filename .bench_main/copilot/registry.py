"""What plugins register: rules, output formats and commands, and the lookups the faces use.

Rule ids, their help text, default severities, SARIF rule metadata, the LLM prompt's rule list and
the README's rule table all come from here, so adding a rule is one module (plus its cases).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from copilot.model.findings import Finding, Review

LLM_ONLY_RULE = "other"
LLM_ONLY_SUMMARY = "A pipeline risk found by the AI reviewer that no deterministic rule covers."


@dataclass(frozen=True)
class RuleSpec:
    id: str
    summary: str
    check: Callable[[Any], list[Finding]]  # RuleContext -> findings
    severity: str | None = None  # default severity, when the rule gives one severity to every finding
    plugin: str = "builtin"
    prompt: str = ""  # what the AI reviewer's rule list says of it (default: the summary)


@dataclass(frozen=True)
class FormatOptions:
    """What the command line asks of every format, passed to `FormatSpec.write` (never through the
    environment)."""

    terminal: bool = False  # the stream is the person's terminal (colour, its width)
    show_unverified: bool = False  # list the AI reviewer's unverified claims, not only their count


@dataclass(frozen=True)
class FormatSpec:
    name: str
    description: str
    write: Callable[[Review, IO[str], FormatOptions], None]  # (review, stream, options)
    plugin: str = "builtin"


@dataclass(frozen=True)
class CommandSpec:
    name: str
    help: str
    module: str  # dotted path of a module with register(subparsers) and run(args)
    plugin: str = "builtin"


def rule_from_module(module: Any, plugin: str = "builtin") -> list[RuleSpec]:
    """The spec a rule module declares with `RULE`, `SUMMARY` (first module of an id), `check` and,
    optionally, `SEVERITY` and `PROMPT`."""
    return [
        RuleSpec(
            module.RULE, getattr(module, "SUMMARY", ""), module.check, getattr(module, "SEVERITY", None), plugin,
            getattr(module, "PROMPT", ""),
        )
    ]


def rules() -> list[RuleSpec]:
    from copilot.plugins import collect

    return collect("pipeline_copilot_rules")


@lru_cache(maxsize=1)
def rule_help() -> dict[str, str]:
    """Rule id → summary, in registration order, the AI reviewer's catch-all last."""
    out: dict[str, str] = {}
    for spec in rules():
        if spec.summary or spec.id not in out:
            out[spec.id] = out.get(spec.id) or spec.summary
    out[LLM_ONLY_RULE] = LLM_ONLY_SUMMARY
    return out


def prompt_rule_list() -> str:
    """The AI reviewer's list of rule ids, one line each with what it catches, in registration order."""
    described: dict[str, str] = {}
    for spec in rules():
        if spec.id not in described or (not described[spec.id] and (spec.prompt or spec.summary)):
            described[spec.id] = spec.prompt or spec.summary.rstrip(".")
    return "\n".join(f"  {rule} ({text})," for rule, text in described.items())


def rule_ids() -> tuple[str, ...]:
    """Every registered rule id (without the AI reviewer's catch-all `other`)."""
    return tuple(r for r in rule_help() if r != LLM_ONLY_RULE)


def formats() -> dict[str, FormatSpec]:
    from copilot.plugins import collect

    return {spec.name: spec for spec in collect("pipeline_copilot_formats")}


def plugin_commands() -> list[CommandSpec]:
    from copilot.plugins import collect

    return collect("pipeline_copilot_commands")
