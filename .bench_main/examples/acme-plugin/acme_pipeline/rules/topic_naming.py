"""acme-topic-naming: every new topic is named `<domain>.<entity>.v<N>`."""

from __future__ import annotations

import re

from copilot.model.findings import Finding
from copilot.rules import rule_settings
from copilot.rules.base import RuleContext, alternatives, finding

RULE = "acme-topic-naming"
SUMMARY = "A new topic whose name does not follow <domain>.<entity>.v<N>."
SEVERITY = "low"
PATTERN = r"^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[0-9]+$"


def check(ctx: RuleContext) -> list[Finding]:
    settings = rule_settings(ctx.config, RULE)
    options = (settings.get("options") if isinstance(settings, dict) else getattr(settings, "options", None)) or {}
    pattern = re.compile(str(options.get("pattern", PATTERN)))
    base_topics = {n.id for n in ctx.base.graph.nodes() if n.kind == "topic"}
    out: list[Finding] = []
    for node in ctx.head.graph.nodes():
        if node.kind != "topic" or node.id in base_topics or node.attrs.get("unresolved") or pattern.match(node.name):
            continue
        cites = [ctx.cite("head", e.path, e.line) for e in sorted(node.evidence, key=lambda e: (e.path, e.line))]
        out.append(finding(
            RULE, SEVERITY, f"Topic `{node.name}` does not follow <domain>.<entity>.v<N>",
            f"ACME topics are named `<domain>.<entity>.v<N>` (pattern `{pattern.pattern}`) so owners, "
            f"contents and versions can be read from the name; `{node.name}` is new in this change.",
            cites[:3], node.id,
            alts=alternatives(("Rename the topic, e.g. `orders.order.v1`", "consumers must follow the new name")),
        ))
    return out
