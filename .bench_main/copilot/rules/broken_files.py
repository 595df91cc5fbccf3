"""pipeline-file-broken (and schema-breaking for schema files): a change that breaks a pipeline file itself.

An application.yml that no longer parses, a connector JSON with a comment line, an ``.avsc`` that
is not valid JSON or names a type defined nowhere: the scan cannot read the file, so without this
rule it silently drops out of the graph and the review says nothing.  At run time the same file
stops the app at start-up, fails the connector registration or the schema build — so the finding
is high, names the file and the place, and lists who the file configured.
"""

from __future__ import annotations

import re

from copilot.model.findings import Finding
from copilot.model.ids import display_name, service_id, topic_id
from copilot.rules.base import RuleContext, alternatives, finding
from copilot.schema.errors import SchemaError
from copilot.schema.parse import parse_text

RULE = "pipeline-file-broken"
SUMMARY = "A config file that producer/consumer or connector settings come from no longer parses: its settings silently drop out."
SCHEMA_RULE = "schema-breaking"
SCHEMA_SUFFIXES = (".avsc",)
# what the config extractors write when a file cannot be parsed (see copilot/scan/extractors/config*.py)
INVALID = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<reason>invalid (?:YAML|JSON|TOML)\b.*)$")
UNKNOWN_NAME = re.compile(r'(?:undefined named type|unknown type) "([^"]+)"')
PROMPT = (
    "a config file that producer/consumer settings come from no longer parses"
)


def config_problem(ctx: RuleContext, side: str, path: str) -> tuple[int, str] | None:
    """(line, reason) when the scan of `side` could not parse the config file `path`."""
    scan = ctx.head if side == "head" else ctx.base
    facts = scan.files.get(path)
    if facts is None:
        return None
    for w in facts.warnings:
        m = INVALID.match(w)
        if m and m.group("path") == path:
            return _within(ctx, side, path, int(m.group("line")), m.group("reason")), m.group("reason")
    return None


def schema_problem(ctx: RuleContext, side: str, path: str) -> tuple[int, str] | None:
    """(line, reason) when the Avro schema file `path` does not parse or names an unknown type
    (a type another schema file of the repository defines is known)."""
    text = ctx.changes.read(side, path)
    if text is None:
        return None
    scan = ctx.head if side == "head" else ctx.base
    try:
        parse_text(text, source=path)
    except SchemaError as exc:
        name = UNKNOWN_NAME.search(exc.reason)
        if name and (name.group(1) in scan.schemas or any(k.endswith("." + name.group(1)) for k in scan.schemas)):
            return None  # defined in another schema file: the build imports it
        line = exc.line or _line_of(text, name.group(1) if name else None)
        return line, exc.reason
    return None


def _within(ctx: RuleContext, side: str, path: str, line: int, reason: str) -> int:
    """A parser reports "end of stream" one line past the end: cite where the scan started instead."""
    lines = ctx.lines(side, path) or []
    if 1 <= line <= len(lines):
        return line
    started = re.search(r"at line (\d+)", reason)
    if started and 1 <= int(started.group(1)) <= len(lines):
        return int(started.group(1))
    return max(1, len(lines))


def _line_of(text: str, needle: str | None) -> int:
    if needle:
        for n, line in enumerate(text.splitlines(), 1):
            if needle in line:
                return n
    return 1


def broken_head_files(ctx: RuleContext) -> dict[str, tuple[int, str]]:
    """Changed files that parse on the base side (or are new) and no longer parse on the head side."""
    cached = ctx.memo.get("broken_head_files")
    if isinstance(cached, dict):
        return cached
    out: dict[str, tuple[int, str]] = {}
    for fc in ctx.changes.files:
        path = fc.new_path
        if not path:
            continue
        check = schema_problem if path.endswith(SCHEMA_SUFFIXES) else config_problem
        problem = check(ctx, "head", path)
        if problem is None:
            continue
        if fc.old_path and check(ctx, "base", fc.old_path) is not None:
            continue  # already broken before this change
        out[path] = problem
    ctx.memo["broken_head_files"] = out
    return out


def _configured_by(ctx: RuleContext, old_path: str | None, path: str) -> tuple[list[str], list[str]]:
    """(services whose clients took settings from the file, services reading what its connectors wrote) on the base side."""
    if old_path is None:
        return [], []
    clients = sorted(
        {e.service for e in ctx.base.endpoints if any(s.loc.path == old_path for s in e.settings.values()) or e.loc.path == old_path}
    )
    facts = ctx.base.files.get(old_path)
    readers: set[str] = set()
    if facts is not None:
        g = ctx.base.graph
        for c in facts.connectors:
            for t in c.topics:
                if t.name and topic_id(t.name) in g:
                    readers.update(display_name(n) for n in g.consumers(topic_id(t.name)))
    return clients, sorted(readers)


def _relevant(ctx: RuleContext, old_path: str | None, path: str) -> bool:
    """A pipeline file: on the base side it configured clients, connectors, env or schemas; or it is
    new and sits in a service that has producers or consumers."""
    if old_path is not None and (facts := ctx.base.files.get(old_path)) is not None:
        if facts.settings or facts.connectors or facts.env or facts.schemas or facts.endpoints:
            return True
        if facts.properties and any(e.service == ctx.base.services.service_of(old_path) for e in ctx.base.endpoints):
            return True
    return path.endswith(SCHEMA_SUFFIXES) or any(e.service == ctx.head.services.service_of(path) for e in ctx.head.endpoints)


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    olds = {fc.new_path: fc.old_path for fc in ctx.changes.files if fc.new_path}
    for path, (line, reason) in sorted(broken_head_files(ctx).items()):
        old_path = olds.get(path)
        if not _relevant(ctx, old_path, path):
            continue
        schema = path.endswith(SCHEMA_SUFFIXES)
        clients, readers = _configured_by(ctx, old_path, path)
        owner = ctx.head.services.service_of(path)
        impacted = sorted({*clients, *readers} | ({owner} if any(e.service == owner for e in ctx.base.endpoints) else set()))
        if schema:
            users = sorted({e.service for e in ctx.base.endpoints if e.schema and any(s.loc.path == old_path for s in ctx.base.schemas.values() if s.full_name == e.schema)})
            impacted = sorted(set(impacted) | set(users))
            what = (
                "The Avro schema no longer parses, so code generation, the producer's serializer and any "
                "registry registration fail, and the review can no longer compare it with the earlier version."
            )
            rule = SCHEMA_RULE
        else:
            what = (
                "Every setting in it silently drops out of the scan (and the app or connector that loads it "
                "fails at start-up or registration, or falls back to defaults)"
                + (f": the settings of {', '.join(clients)} came from this file" if clients else "")
                + (f"; its connectors fed {', '.join(readers)}" if readers else "")
                + "."
            )
            rule = RULE
        out.append(
            finding(
                rule,
                "high",
                f"{path} no longer parses (line {line}): {reason}",
                f"This change leaves {path} unreadable: {reason} (line {line}). {what}",
                [ctx.cite("head", path, line)],
                f"{path}|broken",
                graph_paths=[[service_id(s)] for s in impacted],
                impacted=[service_id(s) for s in impacted],
                alts=alternatives(
                    ("Fix the syntax at the cited line", "The file parses again; nothing else changes."),
                    ("Validate pipeline files in CI (a YAML/JSON/Avro parse step)", "Catches the next one before review."),
                ),
                confidence=0.95,
            )
        )
    return out
