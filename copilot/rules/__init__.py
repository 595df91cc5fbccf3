"""The deterministic rules, one module per rule family (see DESIGN.md for the ids)."""

from __future__ import annotations

import importlib
from types import ModuleType

from copilot.model.findings import Finding
from copilot.rules.base import RuleContext

RULE_MODULES = (
    "schema_breaking",
    "reader_writer",
    "schema_unmanaged",
    "orphaned",
    "serialization",
    "consumer_group",
    "offset_reset",
    "delivery",
    "commit",
    "partition_key",
    "lag",
    "error_handling",
    "observability",
)

RULE_HELP = {
    "schema-breaking": "A schema change incompatible under the topic's mode with earlier versions, or removing/retyping a field a downstream consumer reads.",
    "schema-unmanaged": "A topic written with no schema, or a schema hard-coded inline instead of a schema file/registry.",
    "topic-orphaned": "Consumers left with no producer, or a producer's topic renamed without its consumers.",
    "serialization-change": "A producer's serializer/format changes while its consumers still expect the old one.",
    "consumer-group-change": "A consumer's group id changes: offsets restart, data is replayed or skipped.",
    "offset-reset-change": "auto.offset.reset (or equivalent) changes.",
    "delivery-weakened": "acks lowered, idempotence or retries turned off, fire-and-forget sends.",
    "commit-semantics": "Auto-commit toggled, or commit moved before processing (at-most-once).",
    "partition-key-change": "Message key changed or dropped: per-key ordering lost.",
    "lag-risk": "Changes that raise consumer lag / lower data currency: blocking calls or sleeps in the poll loop, per-message synchronous commit, poll/batch settings.",
    "error-handling-removed": "Dead-letter topic or error handler removed, errors swallowed.",
    "observability-gap": "A producer or consumer added or changed with no metrics, tracing or lag reporting.",
    "other": "A pipeline risk found by the AI reviewer that no deterministic rule covers.",
}


def load_rules() -> list[ModuleType]:
    return [importlib.import_module(f"copilot.rules.{name}") for name in RULE_MODULES]


def run_rules(ctx: RuleContext, warnings: list[str] | None = None) -> list[Finding]:
    """Every rule's findings. A rule that crashes is skipped with a warning appended to `warnings`
    (its traceback logged by ``copilot.crash``); the other rules still run."""
    findings: list[Finding] = []
    for module in load_rules():
        try:
            findings.extend(module.check(ctx))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not take the review down
            from copilot import crash

            log = crash.write_log(exc, ctx.changes.root, [f"rule {module.__name__}"])
            rule = getattr(module, "RULE", module.__name__.rsplit(".", 1)[-1])
            if warnings is not None:
                warnings.append(
                    f"rule {rule} crashed and was skipped ({crash.one_line(exc)}); the other rules ran"
                    + (f"; details in {log}" if log else "")
                )
    return findings
