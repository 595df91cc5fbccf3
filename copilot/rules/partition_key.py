"""partition-key-change: a producer's message key changes or is dropped, so per-key ordering is lost."""

from __future__ import annotations

import re

from copilot.model.findings import Finding
from copilot.rules.base import RuleContext, alternatives, finding, function_bounds, norm_expr

RULE = "partition-key-change"
SUMMARY = "The message key changes or is dropped (renaming a local variable does not count)."
MAX_LOOKBACK = 40


def dealias(lines: list[str] | None, line: int, expr: str | None) -> str | None:
    """Follow `name = <expr>` back from the produce call, so renaming a local is not a key change."""
    text = norm_expr(expr)
    if lines is None or not expr or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", expr.strip()):
        return text
    name = re.escape(expr.strip())
    assign = re.compile(rf"^\s*(?:val |var |final |String |auto |let |[\w<>\[\], ]+\s)?{name}\s*(?::[^=]+)?:?=\s*(.+?);?\s*$")
    for i in range(min(line - 1, len(lines)) - 1, max(-1, line - 1 - MAX_LOOKBACK), -1):
        m = assign.match(lines[i])
        if m:
            return norm_expr(m.group(1))
    return text


IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\S")


def _function_text(lines: list[str], line: int) -> str:
    start, end = function_bounds(lines, line)
    return "\n".join(lines[start - 1 : end])


def _defines(text: str, name: str) -> bool:
    """Is `name` a local variable or parameter in this function text?"""
    n = re.escape(name)
    header = text.splitlines()[0] if text else ""
    return bool(
        re.search(rf"\b{n}\b", header)
        or re.search(rf"(^|[\s,(])(val |var |let |final |auto )?{n}\s*(:[^=\n]*)?:?=[^=]", text, re.MULTILINE)
        or re.search(rf"\b\w+(<[^>]*>)?\s+{n}\s*=[^=]", text)
    )


def _only_renamed(ctx: RuleContext, b, h, old: str | None, new: str | None) -> bool:  # type: ignore[no-untyped-def]
    """The key expressions differ only in identifiers renamed throughout the file
    (`event["id"]` → `payload["id"]` after renaming `event`): a refactor, not a new key."""
    if old is None or new is None:
        return False
    a, z = IDENT.findall(old), IDENT.findall(new)
    if len(a) != len(z):
        return False
    base_text = _function_text(ctx.lines("base", b.loc.path) or [], b.loc.line)
    head_text = _function_text(ctx.lines("head", h.loc.path) or [], h.loc.line)
    renames = set()
    for i, (x, y) in enumerate(zip(a, z, strict=True)):
        if x == y:
            continue
        if i > 0 and a[i - 1] in (".", "->", "?"):
            return False  # another attribute of the record: a different key, not a renamed variable
        renames.add((x, y))
    for x, y in renames:
        if not (x.isidentifier() and y.isidentifier()):
            return False
        if not (_defines(base_text, x) and _defines(head_text, y)):
            return False
        if re.search(rf"\b{re.escape(x)}\b", head_text) or re.search(rf"\b{re.escape(y)}\b", base_text):
            return False
    return True


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for b, h in ctx.pairs("produce"):
        if b is None or h is None:
            continue
        if b.ep.key is None and h.ep.key is None:
            continue
        if b.ep.key == h.ep.key and h.loc.path not in ctx.added and b.loc.path not in ctx.removed:
            continue  # nothing changed in either file
        old = dealias(ctx.lines("base", b.loc.path), b.loc.line, b.ep.key)
        new = dealias(ctx.lines("head", h.loc.path), h.loc.line, h.ep.key)
        if old == new or (h.service, h.topic_name) in seen or _only_renamed(ctx, b, h, old, new):
            continue
        seen.add((h.service, h.topic_name))
        me, topic = f"service:{h.service}", f"topic:{h.topic_name}"
        downstream = ctx.downstream_services(ctx.head.graph, topic)
        if h.ep.key is None:
            title = f"{h.service}: the message key for `{h.topic_name}` is dropped"
            what = f"the key `{b.ep.key}` is no longer sent: records are spread over partitions without a key"
        elif b.ep.key is None:
            title = f"{h.service}: `{h.topic_name}` is now keyed by `{h.ep.key}`"
            what = f"records gain the key `{h.ep.key}`: they move to key-hashed partitions"
        else:
            title = f"{h.service}: the message key for `{h.topic_name}` changes from `{b.ep.key}` to `{h.ep.key}`"
            what = f"the key changes from `{b.ep.key}` to `{h.ep.key}`: the same entity now lands on different partitions"
        readers = ", ".join(d.split(":", 1)[1] for d in downstream) or "consumers"
        out.append(
            finding(
                RULE,
                "medium",
                title,
                f"{h.service} produces `{h.topic_name}`; {what}. Kafka orders records per partition only, so "
                f"{readers} can now see updates for one entity out of order, and per-key state (joins, "
                "aggregations, compaction) splits across partitions during the switch.",
                [ctx.cite_loc("head", h.loc, h.ep.end_line or None), ctx.cite_loc("base", b.loc, b.ep.end_line or None)],
                f"{h.service}|{h.topic_name}|key",
                graph_paths=ctx.impact_paths(ctx.head.graph, topic, [me]) or [[me, topic]],
                impacted=downstream,
                alts=alternatives(
                    ("Keep the old key and carry the new attribute in the value", "Ordering guarantees stay; consumers needing the new grouping re-key on their side."),
                    ("Publish to a new topic keyed the new way and migrate consumers", "Clean cut-over, at the cost of running both topics for a while."),
                ),
                confidence=0.8,
            )
        )
    return out
