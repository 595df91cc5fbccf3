"""schema-breaking, across services: a consumer's own reader schema can no longer read what a
producer of the same topic writes (or a new pairing never could).

The registry only compares versions of one subject; it never sees the schema a consumer compiles
in (a generated class, an inline `AvroDeserializer(client, schema_str)`).  This rule resolves each
consumer's reader schema against each producer's writer schema on the same topic, on both sides
of the change, and reports the pairs that break with the change.
"""

from __future__ import annotations

from functools import lru_cache

from copilot.model.facts import SchemaFact
from copilot.model.findings import Finding
from copilot.model.ids import display_name, service_id
from copilot.rules.base import RuleContext, alternatives, finding
from copilot.scan.repo import ScanResult
from copilot.scan.resolve import ResolvedEndpoint

RULE = "schema-breaking"


def schema_of(scan: ScanResult, rep: ResolvedEndpoint) -> SchemaFact | None:
    """The schema an endpoint actually uses: its inline schema, else the repository's one."""
    ref = rep.ep.schema
    if ref is not None and ref.kind == "inline":
        facts = scan.files.get(rep.loc.path)
        for sf in facts.schemas if facts else []:
            if sf.inline and sf.full_name == ref.key:
                return sf
    return scan.schemas.get(rep.schema) if rep.schema else None


@lru_cache(maxsize=512)
def _problems(reader: str, writer: str) -> tuple[str, ...] | None:
    """None when compatible, else the problems in words."""
    from copilot.schema.compatibility import can_read

    try:
        result = can_read(reader, writer)
    except Exception:
        return None  # an unparsable schema is reported by the scan, not guessed at here
    if result.compatible:
        return None
    return tuple(f"{p.field or p.location}: {p.message}" for p in result.problems[:3])


def broken_pairs(scan: ScanResult) -> dict[tuple[str, str, str], tuple[ResolvedEndpoint, ResolvedEndpoint, SchemaFact, SchemaFact, tuple[str, ...]]]:
    out = {}
    producers = [e for e in scan.endpoints if e.role == "produce" and e.topic.name]
    consumers = [e for e in scan.endpoints if e.role == "consume" and e.topic.name]
    for c in consumers:
        reader = schema_of(scan, c)
        if reader is None:
            continue
        for p in producers:
            if p.topic_name != c.topic_name:
                continue
            writer = schema_of(scan, p)
            if writer is None or writer.text == reader.text:
                continue
            problems = _problems(reader.text, writer.text)
            if problems:
                out[(c.service, p.service, c.topic_name)] = (c, p, reader, writer, problems)
    return out


def check(ctx: RuleContext) -> list[Finding]:
    before = broken_pairs(ctx.base)
    out: list[Finding] = []
    for key, (c, p, reader, writer, problems) in sorted(broken_pairs(ctx.head).items()):
        if key in before:
            continue  # already broken before this change: not this change's doing
        consumer, producer = service_id(c.service), service_id(p.service)
        topic = c.topic_id
        downstream = ctx.downstream_services(ctx.head.graph, consumer)
        cites = [
            ctx.cite("head", reader.loc.path, reader.loc.line, reader.end_line),
            ctx.cite("head", writer.loc.path, writer.loc.line, writer.end_line),
            ctx.cite_loc("head", c.loc),
        ]
        out.append(
            finding(
                RULE,
                "high",
                f"{c.service} can no longer read `{c.topic_name}` as {p.service} writes it",
                f"{c.service} decodes `{c.topic_name}` with its own reader schema `{reader.full_name}` "
                f"({reader.loc.path}:{reader.loc.line}), and {p.service} writes it with `{writer.full_name}` "
                f"({writer.loc.path}:{writer.loc.line}). After this change the reader cannot resolve the writer's "
                "records: " + "; ".join(problems) + ". Every such record fails to deserialize in "
                f"{c.service}; the registry does not catch this because it never sees a consumer's compiled-in schema.",
                cites,
                f"{c.service}|{p.service}|{c.topic_name}|reader-writer",
                graph_paths=[[producer, topic, consumer, *[d for d in downstream[:1]]]],
                impacted=[consumer, *downstream],
                alts=alternatives(
                    ("Give the reader schema a default for every field it requires", "Old and new writers both decode; defaults must be meaningful."),
                    ("Let the consumer use the writer's registered schema (specific reader off, or regenerate its classes)", "One source of truth; the consumer must ship a new build."),
                    (f"Keep {display_name(producer)}'s writer schema unchanged until {display_name(consumer)} is upgraded", "Safe ordering; the producer change waits."),
                ),
                confidence=0.85,
            )
        )
    return out
