"""partition-key-change: a producer's message key changes or is dropped, so per-key ordering is lost."""

from __future__ import annotations

import re

from copilot.model.facts import Setting
from copilot.model.findings import Finding
from copilot.model.ids import display_name, service_id
from copilot.rules.base import RuleContext, alternatives, finding, function_bounds, norm_expr
from copilot.rules.formats import class_format

RULE = "partition-key-change"
SUMMARY = "The message key changes or is dropped (renaming a local variable does not count)."
MAX_LOOKBACK = 40
PROMPT = "message key changed or dropped: per-key ordering lost"


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


def inline_locals(ctx: RuleContext, side: str, path: str, expr: str | None) -> str | None:
    """Replace the locals in `expr` that this change introduced (head) or removed (base) by their
    value: `[]byte(key)` with `key := fmt.Sprintf(...)` added just above is the old key expression
    extracted into a variable, not a new key."""
    text = norm_expr(expr)
    lines = ctx.lines(side, path)
    if lines is None or not expr or text is None:
        return text
    changed = (ctx.added if side == "head" else ctx.removed).get(path, set())
    out = []
    for tok in IDENT.findall(expr):
        value = None
        if tok.isidentifier():
            assign = re.compile(rf"^\s*(?:val |var |final |let |[\w<>\[\], ]+\s)?{re.escape(tok)}\s*(?::[^=]+)?:?=\s*(.+?);?\s*$")
            found = [m.group(1) for n in sorted(changed) if n <= len(lines) and (m := assign.match(lines[n - 1]))]
            value = found[0] if len(found) == 1 else None
        out.append(value if value is not None else tok)
    return norm_expr("".join(out))


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


def _key_serializers(ctx: RuleContext, side: str) -> dict[str, Setting]:
    """Producer key serializers the scan saw, by file (a service's settings are shared by its endpoints)."""
    scan = ctx.head if side == "head" else ctx.base
    out: dict[str, Setting] = {}
    for e in scan.endpoints:
        s = e.settings.get("key.serializer")
        if s is not None:
            out.setdefault(s.loc.path if side == "head" else ctx.head_path(s.loc.path), s)
    return out


def _void_keys(ctx: RuleContext, seen: set[tuple[str, str]]) -> list[Finding]:
    """A producer whose key serializer becomes a Void serializer: every record is sent with a null
    key, so the partitioner spreads one entity's records over all partitions."""
    out: list[Finding] = []
    base = _key_serializers(ctx, "base")
    for path, after in sorted(_key_serializers(ctx, "head").items()):
        before = base.get(path)
        if class_format(after.value) != "void" or before is None or class_format(before.value) == "void":
            continue
        if not ctx.is_added(after.loc.path, after.loc.line):
            continue
        producers = [e for e in ctx.head.endpoints if e.role == "produce" and e.loc.path == path]
        topics = sorted({e.topic_name for e in producers})
        if any((e.service, e.topic_name) in seen for e in producers):
            continue
        service = ctx.head.services.service_of(path)
        downstream = sorted({d for e in producers for d in ctx.downstream_services(ctx.head.graph, e.topic_id)})
        what = ", ".join(f"`{t}`" for t in topics) or f"the topic the producer in {path} writes"
        out.append(
            finding(
                RULE,
                "medium",
                f"{service}: the message key for {what} is dropped (key serializer {before.value} -> {after.value})",
                f"{path} now serializes keys with {after.value}: every record is sent with a null key, where it was "
                f"keyed before ({before.value}). Null-keyed records are spread over partitions, so records of one "
                "entity lose their order and per-key state downstream (joins, aggregations, compaction) splits.",
                [ctx.cite_loc("head", after.loc), ctx.cite_loc("base", before.loc)],
                f"{service}|{path}|key-void",
                graph_paths=[[service_id(service), e.topic_id] for e in producers],
                impacted=downstream,
                alts=alternatives(
                    ("Keep a key (the entity id) on every record", "Per-key ordering stays."),
                    ("If ordering truly does not matter, say so in the topic's docs", "Nothing breaks for order-insensitive readers."),
                ),
                confidence=0.75,
            )
        )
    return out


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
        if inline_locals(ctx, "base", b.loc.path, b.ep.key) == inline_locals(ctx, "head", h.loc.path, h.ep.key):
            continue
        seen.add((h.service, h.topic_name))
        me, topic = service_id(h.service), h.topic_id
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
        readers = ", ".join(display_name(d) for d in downstream) or "consumers"
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
    out.extend(_void_keys(ctx, seen))
    return out
