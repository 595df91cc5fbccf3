"""The deterministic rules: one module per rule, registered through `copilot.plugins` (built-ins in
`copilot.rules.builtin`). Each module declares `RULE` (its id), `SUMMARY` and `check(ctx)`.

`run_rules` applies the `[rules.<id>]` settings: `enabled = false` skips a rule, `severity` overrides
the severity of its findings, `paths` keeps only findings citing a matching path.
"""

from __future__ import annotations

from fnmatch import fnmatch
from typing import TYPE_CHECKING, Any

from copilot.model.findings import SEVERITIES, Finding

if TYPE_CHECKING:  # loading the built-in rule plugin (e.g. for `--help`) must not load the graph
    from copilot.rules.base import RuleContext


def _setting(settings: Any, key: str, default: Any) -> Any:
    if settings is None:
        return default
    if isinstance(settings, dict):
        return settings.get(key, default)
    return getattr(settings, key, default)


def rule_settings(config: Any, rule_id: str) -> Any:
    """The `[rules.<id>]` table of the trusted configuration, if any."""
    table = getattr(config, "rules", None) or {}
    return table.get(rule_id) if isinstance(table, dict) else None


def apply_settings(findings: list[Finding], settings: Any) -> list[Finding]:
    severity = _setting(settings, "severity", None)
    paths = list(_setting(settings, "paths", None) or [])
    kept = []
    for f in findings:
        if paths and not any(fnmatch(c.path, g) for c in f.citations for g in paths):
            continue
        if severity in SEVERITIES:
            f.severity = severity
        kept.append(f)
    return kept


def run_rules(ctx: RuleContext, crashed: list[tuple[str, Exception]] | None = None) -> list[Finding]:
    """Every enabled rule's findings. A rule that raises is skipped and reported in `crashed` as
    (rule id, exception); the other rules still run (the engine turns it into a warning)."""
    from copilot.registry import rules

    findings: list[Finding] = []
    for spec in rules():
        settings = rule_settings(ctx.config, spec.id)
        if not _setting(settings, "enabled", True):
            continue
        try:
            produced = spec.check(ctx)
        except Exception as exc:  # noqa: BLE001 - one broken rule must not take the review down
            if crashed is None:
                raise
            crashed.append((spec.id, exc))
            continue
        if spec.severity in SEVERITIES and _setting(settings, "severity", None) is None:
            for f in produced:
                f.severity = spec.severity
        findings.extend(apply_settings(produced, settings))
    return findings
