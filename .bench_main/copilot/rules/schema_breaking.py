"""schema-breaking: a schema change incompatible under the topic's mode with earlier versions,
or removing/retyping a field that a downstream consumer reads."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from copilot.changes import EMPTY_TREE
from copilot.model.facts import SchemaFact
from copilot.model.findings import Citation, Finding
from copilot.model.ids import display_name, schema_id
from copilot.rules.base import RuleContext, alternatives, finding

RULE = "schema-breaking"
SUMMARY = "A schema change incompatible under the topic's mode with earlier versions (the registry's exact verdict), or removing/retyping a field a downstream consumer reads."
MAX_READ_CITES = 4
PROMPT = (
    "schema change incompatible with earlier versions under the topic's mode, or removing/retyping a field a downstream consumer reads"
)


@dataclass
class SchemaChange:
    """What the schema rule found for one changed schema; the engine turns it into rollout steps and actions."""

    name: str
    mode: str
    topics: list[str]
    old: SchemaFact
    new: SchemaFact
    compatible: bool
    problems: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    rollout_key: str = ""
    rollout_text: str = ""
    finding: Finding | None = None


def _same(a: str, b: str) -> bool:
    try:
        return json.loads(a) == json.loads(b)
    except ValueError:
        return a == b


def _history(ctx: RuleContext, old: SchemaFact) -> list[str]:
    """Earlier versions of the schema file from git (oldest first), ending with the base version."""
    from copilot.schema.history import history_of

    if old.inline or ctx.changes.base == EMPTY_TREE:
        return [old.text]
    try:
        versions = history_of(ctx.changes.history(old.loc.path))
    except Exception:  # a history that cannot be read is no reason to drop the finding
        return [old.text]
    texts = [v.text for v in versions] or [old.text]
    if not _same(texts[-1], old.text):
        texts.append(old.text)
    return texts


def _camel(name: str) -> str:
    parts = re.split(r"[_\-]", name)
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def field_reads(ctx: RuleContext, service: str, field_name: str) -> list[Citation]:
    """Lines in a consuming service's files that read `field_name` (head side)."""
    folder = ctx.head.services.folders().get(service)
    if folder is None:
        folder = next((f for f, _ in [ctx.head.services.lookup(e.loc.path)[::-1] for e in ctx.head.endpoints_of(service)]), None)
    if folder is None:
        return []
    camel = _camel(field_name)
    getter = "get" + camel[:1].upper() + camel[1:]
    patterns = [
        re.compile(rf"""["']{re.escape(field_name)}["']"""),
        re.compile(rf"\.{re.escape(getter)}\s*\("),
        re.compile(rf"\.{re.escape(field_name)}\b"),
    ]
    if camel != field_name:
        patterns.append(re.compile(rf"""["']{re.escape(camel)}["']"""))
    cites: list[Citation] = []
    for line in ctx.head.grep("-n", "-F", "-e", field_name, "-e", getter, path=folder):
        path, _, rest = line.partition(":")
        num, _, text = rest.partition(":")
        if path.endswith((".avsc", ".avpr", ".avdl", ".md", ".txt")) or "/test" in path or path.startswith("test"):
            continue
        if not num.isdigit() or not any(p.search(text) for p in patterns) or _writes(text, field_name, camel):
            continue
        c = ctx.cite("head", path, int(num))
        if c:
            cites.append(c)
        if len(cites) >= MAX_READ_CITES:
            break
    return cites


def _writes(text: str, field_name: str, camel: str) -> bool:
    """A line that sets the field (an assignment, a dict literal key, a put/set call) is not a read."""
    for name in {field_name, camel}:
        n = re.escape(name)
        if re.search(rf"\.{n}\s*=[^=]", text) or re.search(rf"""["']{n}["']\s*:(?!:)""", text):
            return True
        if re.search(rf"""\b(put|set|with|setdefault)\w*\(\s*["']{n}["']""", text, re.IGNORECASE):
            return True
        if re.search(rf"\bset{re.escape(camel[:1].upper() + camel[1:])}\s*\(", text):
            return True
    return False


def _schema_cites(ctx: RuleContext, old: SchemaFact, new: SchemaFact) -> list[Citation]:
    cites: list[Citation] = []
    added = sorted(n for n in ctx.added.get(new.loc.path, ()) if new.loc.line <= n <= max(new.end_line, new.loc.line))
    removed = sorted(n for n in ctx.removed.get(old.loc.path, ()) if old.loc.line <= n <= max(old.end_line, old.loc.line))
    if added:
        cites.append(ctx.cite("head", new.loc.path, added[0], added[min(len(added), 4) - 1]))  # type: ignore[arg-type]
    if removed:
        cites.append(ctx.cite("base", old.loc.path, removed[0], removed[min(len(removed), 4) - 1]))  # type: ignore[arg-type]
    if not cites:
        cites.append(ctx.cite("head", new.loc.path, new.loc.line))  # type: ignore[arg-type]
    return [c for c in cites if c]


def analyse(ctx: RuleContext) -> list[SchemaChange]:
    """Every changed schema with its verdict under the topic's mode (computed once per review)."""
    if "schema_changes" not in ctx.memo:
        ctx.memo["schema_changes"] = _analyse(ctx)
    return ctx.memo["schema_changes"]  # type: ignore[return-value]


def _analyse(ctx: RuleContext) -> list[SchemaChange]:
    from copilot.schema.compatibility import check as compat_check
    from copilot.schema.diff import diff_schemas

    results: list[SchemaChange] = []
    by_file: dict[str, list[tuple[str, SchemaFact]]] = {}
    for n, s in ctx.base.schemas.items():
        if not s.inline and n not in ctx.head.schemas:
            by_file.setdefault(ctx.head_path(s.loc.path), []).append((n, s))
    for name, new in sorted(ctx.head.schemas.items()):
        old = ctx.base.schemas.get(name)
        old_name = name
        if old is None and not new.inline and len(by_file.get(new.loc.path, [])) == 1:
            old_name, old = by_file[new.loc.path][0]  # the record was renamed in its file
        if old is None or _same(old.text, new.text):
            continue
        topics = sorted(
            set(ctx.head.graph.topics_carrying(schema_id(name))) | set(ctx.base.graph.topics_carrying(schema_id(old_name)))
        )
        topic_names = [display_name(t) for t in topics]
        mode = ctx.config.mode_for(topic_names[0] if topic_names else None, subject=name)
        previous = _history(ctx, old) if mode.endswith("TRANSITIVE") else [old.text]
        try:
            result = compat_check(new.text, previous, mode)
            changes = diff_schemas(old.text, new.text)
        except Exception as exc:  # a schema that does not parse is reported by the scan warnings
            ctx.head.warnings.append(f"{new.loc.path}: schema check skipped: {exc}")
            continue
        rollout = getattr(result, "rollout", None)
        results.append(
            SchemaChange(
                name=name,
                mode=mode,
                topics=topics,
                old=old,
                new=new,
                compatible=bool(result.compatible),
                problems=list(result.problems),
                changes=list(changes),
                rollout_key=str(getattr(rollout, "key", "") or ""),
                rollout_text=str(getattr(rollout, "text", "") or getattr(rollout, "sentence", "") or ""),
            )
        )
    return results


def _lost_fields(change: SchemaChange) -> list[tuple[str, str]]:
    """(field name, what happened) for fields removed or retyped at the top level."""
    out = []
    for c in change.changes:
        kind = str(getattr(c, "kind", "")).lower()
        fld = getattr(c, "field", None) or ""
        top = fld.split(".")[-1] if fld else ""
        if not top:
            continue
        if "removed" in kind and "symbol" not in kind:
            out.append((top, "removed"))
        elif "type" in kind:
            out.append((top, "retyped"))
    return out


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    for change in analyse(ctx):
        g = ctx.head.graph
        consumers = sorted({c for t in change.topics for c in g.consumers(t)} | {c for t in change.topics for c in ctx.base.graph.consumers(t) if c in g})
        producers = sorted({p for t in change.topics for p in g.producers(t)})
        readers: dict[str, list[tuple[str, str, list[Citation]]]] = {}
        for fld, what in _lost_fields(change):
            for c in consumers:
                cites = field_reads(ctx, display_name(c), fld)
                if cites:
                    readers.setdefault(c, []).append((fld, what, cites))
        if change.compatible and not readers:
            continue
        # whose behaviour changes: for a field-level break, the readers of those fields and what
        # they feed; for a schema readers cannot resolve at all, every consumer and what it feeds
        affected = sorted(readers) if (readers and change.compatible) else consumers
        impacted = sorted({d for c in affected for d in [c, *ctx.downstream_services(g, c)]})
        severity = "high" if (readers or (not change.compatible and consumers)) else "medium"
        cites = _schema_cites(ctx, change.old, change.new)
        for reads in readers.values():
            for _, _, rc in reads:
                cites.extend(rc[:2])
        parts = []
        if not change.compatible:
            probs = "; ".join(
                f"{getattr(p, 'field', None) or getattr(p, 'location', '')}: {getattr(p, 'message', '')}" for p in change.problems[:3]
            )
            parts.append(f"`{change.name}` is not {change.mode} compatible with its earlier version(s): {probs}.")
            parts.append("The schema registry will reject the registration; if forced, readers fail to decode new records.")
        for c, reads in sorted(readers.items()):
            for fld, what, rc in reads:
                where = ", ".join(f"{x.path}:{x.start_line}" for x in rc[:2])
                parts.append(
                    f"{display_name(c)} reads `{fld}` ({where}); this change {what} it, so "
                    + ("those reads get nothing (or a default) for every new record." if what == "removed" else "those reads see a different type.")
                )
        if consumers and not readers and not change.compatible:
            parts.append("Consumers on the topic(s): " + ", ".join(display_name(c) for c in consumers) + ".")
        topics_txt = ", ".join(f"`{t.split(':', 1)[1]}`" for t in change.topics)
        title_bits = "breaks " + ", ".join(display_name(c) for c in sorted(readers)) if readers else f"is not {change.mode} compatible"
        where = f" on {topics_txt}" if topics_txt else ""
        if not topics_txt:
            title_bits += " (no topic in this repository is known to carry it)"
        alts = [
            (getattr(p, "remedy", "") or "Fix the schema", f"Makes the change {change.mode} compatible.") for p in change.problems[:2]
        ]
        alts += [
            ("Keep the field and deprecate it in the doc", "No reader breaks; the field lingers until every consumer stops reading it."),
            ("Publish a new topic/version (e.g. orders.v2), dual-write and migrate consumers", "A clean break, at the cost of running two topics for the migration."),
        ]
        paths: list[list[str]] = []
        for t in change.topics:
            for c in g.consumers(t):
                for p in g.producers(t) or [None]:
                    start = [p, t] if p else [t]
                    paths.append([*start, c])
                    paths.extend([*start, *ip] for ip in g.impact_paths(c).values())
        f = finding(
            RULE,
            severity,
            f"Schema `{change.name}`{where} {title_bits}",
            " ".join(parts) + " " + _rollout_advice(change),
            cites,
            f"{change.name}|schema",
            graph_paths=[p for p in _dedupe(paths) or [[*producers, *change.topics]] if p],
            impacted=impacted,
            alts=alternatives(*_dedupe_pairs(alts)),
        )
        f.extra["schema"] = {"name": change.name, "mode": change.mode, "compatible": change.compatible}
        change.finding = f
        out.append(f)
    return out


def _rollout_advice(change: SchemaChange) -> str:
    if not change.compatible:
        return (
            f"No deploy order makes this safe while it is not {change.mode} compatible: fix the schema first, "
            "or publish it under a new subject/topic and migrate consumers."
        )
    return f"Rollout under {change.mode}: {change.rollout_text}" if change.rollout_text else ""


def _dedupe(paths: list[list[str]]) -> list[list[str]]:
    seen, out = set(), []
    for p in paths:
        if tuple(p) not in seen:
            seen.add(tuple(p))
            out.append(p)
    return out


def _dedupe_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen, out = set(), []
    for t, d in pairs:
        if t not in seen:
            seen.add(t)
            out.append((t, d))
    return out
