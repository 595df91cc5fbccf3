"""What every rule gets: both scans, the change, and helpers to cite lines and walk the graph.

A rule is a module with ``RULE`` (its id) and ``check(ctx) -> list[Finding]``.  Rules are
deterministic and self-contained: each finding carries its own citations, reasoning, graph
paths and alternatives, so the review is useful with no LLM at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from copilot.changes import ChangeSet
from copilot.config import Config
from copilot.model.facts import ConnectorFact, HandlerFact, Loc, Setting
from copilot.model.findings import Alternative, Citation, Finding
from copilot.model.graph import PipelineGraph
from copilot.model.ids import kind_of
from copilot.rules.client_defaults import effective
from copilot.scan.repo import ScanResult
from copilot.scan.resolve import ResolvedEndpoint

MAX_SNIPPET_LINES = 8


@dataclass
class RuleContext:
    changes: ChangeSet
    base: ScanResult
    head: ScanResult
    config: Config
    _lines: dict[tuple[str, str], list[str] | None] = field(default_factory=dict)
    memo: dict[str, object] = field(default_factory=dict)  # results rules share with the engine
    _pairs: dict[str, list[tuple[ResolvedEndpoint | None, ResolvedEndpoint | None]]] = field(default_factory=dict)

    # -- files and citations ------------------------------------------------------------
    def lines(self, side: str, path: str) -> list[str] | None:
        key = (side, path)
        if key not in self._lines:
            text = self.changes.read(side, path)
            self._lines[key] = None if text is None else text.splitlines()
        return self._lines[key]

    def cite(self, side: str, path: str, start: int, end: int | None = None) -> Citation | None:
        """A citation whose snippet is the exact text of those lines, or None if they don't exist."""
        lines = self.lines(side, path)
        end = max(start, end or start)
        if not lines or start < 1 or start > len(lines):
            return None
        end = min(end, len(lines), start + MAX_SNIPPET_LINES - 1)
        return Citation(path, start, end, side, "\n".join(lines[start - 1 : end]))  # type: ignore[arg-type]

    def cite_loc(self, side: str, loc: Loc | None, end: int | None = None) -> Citation | None:
        return None if loc is None else self.cite(side, loc.path, loc.line, end)

    @cached_property
    def added(self) -> dict[str, set[int]]:
        """Head-side line numbers added, per head path."""
        return {fc.new_path: fc.added_lines() for fc in self.changes.files if fc.new_path}

    @cached_property
    def removed(self) -> dict[str, set[int]]:
        """Base-side line numbers removed, per base path."""
        return {fc.old_path: fc.removed_lines() for fc in self.changes.files if fc.old_path}

    @cached_property
    def renamed(self) -> dict[str, str]:
        """base path -> head path."""
        return {fc.old_path: fc.new_path for fc in self.changes.files if fc.old_path and fc.new_path}

    def head_path(self, base_path: str) -> str:
        return self.renamed.get(base_path, base_path)

    def head_line(self, base_path: str, line: int) -> int | None:
        """Where base line `line` of `base_path` is in the head (None if the change removed it)."""
        fc = next((f for f in self.changes.files if f.old_path == base_path), None)
        if fc is None:
            return line
        if fc.new_path is None:
            return None
        offset = 0
        for h in fc.hunks:
            if line < h.old_start or (h.old_lines == 0 and line == h.old_start):  # a pure insertion goes after old_start
                break
            if line < h.old_start + h.old_lines:
                removed, added = set(h.removed), set(h.added)
                if line in removed:
                    return None
                old_kept = [n for n in range(h.old_start, h.old_start + h.old_lines) if n not in removed]
                new_kept = [n for n in range(h.new_start, h.new_start + h.new_lines) if n not in added]
                return dict(zip(old_kept, new_kept, strict=False)).get(line)
            offset += h.new_lines - h.old_lines
        return line + offset

    def is_added(self, path: str, line: int) -> bool:
        return line in self.added.get(path, ())

    def is_removed(self, path: str, line: int) -> bool:
        return line in self.removed.get(path, ())

    def connector_pairs(self) -> list[tuple[str, ConnectorFact, ConnectorFact]]:
        """(name, before, after) for every Kafka Connect connector present on both sides."""

        def by_name(scan: ScanResult) -> dict[str, ConnectorFact]:
            return {c.name: c for f in scan.files.values() for c in f.connectors}

        head = by_name(self.head)
        return [(n, b, head[n]) for n, b in sorted(by_name(self.base).items()) if n in head]

    def handler_topics(self, side: str, path: str, h: HandlerFact) -> list[str]:
        """Topic node ids the handler reads: consumers it names or that sit inside it; else the
        file's consumers; else the service's."""
        scan = self.head if side == "head" else self.base
        mine = [e for e in scan.endpoints if e.role == "consume" and e.loc.path == path]
        inside = [e for e in mine if (h.name and e.ep.handler == h.name) or h.loc.line <= e.loc.line <= max(h.end_line, h.loc.line)]
        chosen = inside or mine or [e for e in scan.endpoints_of(scan.services.service_of(path)) if e.role == "consume"]
        return sorted({e.topic_id for e in chosen})

    def line_existed(self, loc: Loc) -> bool:
        """Was the head line at `loc` already in the base version of its file (moved or re-indented,
        not written by this change)? A scan that finds an old endpoint only now is not a new one."""
        base_path = next((b for b, h in self.renamed.items() if h == loc.path), loc.path)
        head_lines, base_lines = self.lines("head", loc.path), self.lines("base", base_path)
        if not head_lines or not base_lines or not 1 <= loc.line <= len(head_lines):
            return False
        text = head_lines[loc.line - 1].strip()
        return len(text) > 8 and any(line.strip() == text for line in base_lines)

    def rewritten(self, rep: ResolvedEndpoint) -> bool:
        """A head endpoint whose line already existed, or whose topic expression sits on a line this
        change removed from the same file: an existing call rewritten (a new client API, a
        re-wrapped argument list), not a new producer or consumer."""
        if self.line_existed(rep.loc):
            return True
        text = (rep.topic.text or "").strip()
        if len(text) < 4:
            return False
        base_path = next((b for b, h in self.renamed.items() if h == rep.loc.path), rep.loc.path)
        same_text = [b for b in self.base.endpoints if b.loc.path == base_path and b.topic.text == rep.topic.text]
        if same_text and not any(b.role == rep.role for b in same_text):
            return False  # the removed line was the other side (a producer's line for this consumer's topic)
        lines = self.lines("base", base_path) or []
        return any(text in lines[n - 1] for n in self.removed.get(base_path, ()) if n <= len(lines))

    def changed_files(self) -> set[str]:
        return {p for fc in self.changes.files for p in (fc.old_path, fc.new_path) if p}

    # -- endpoints ----------------------------------------------------------------------
    def pairs(self, role: str) -> list[tuple[ResolvedEndpoint | None, ResolvedEndpoint | None]]:
        """Base and head endpoints of one role, matched: same service and topic first, then the
        same file and client/handler (a renamed topic), else unmatched (added or removed)."""
        cached = self._pairs.get(role)
        if cached is None:
            cached = self._pairs[role] = self._match(role)
        return list(cached)  # rules ask for the same role many times; each gets its own list

    def _match(self, role: str) -> list[tuple[ResolvedEndpoint | None, ResolvedEndpoint | None]]:
        base = [e for e in self.base.endpoints if e.role == role]
        head = [e for e in self.head.endpoints if e.role == role]
        out: list[tuple[ResolvedEndpoint | None, ResolvedEndpoint | None]] = []

        def take(key: Callable[[ResolvedEndpoint, str, str], object]) -> None:
            """Each base endpoint, in order, with the first head endpoint not yet taken whose key is
            equal.  `key(endpoint, its path in the head, its side)`."""
            nonlocal base, head
            waiting: dict[object, list[int]] = {}
            for i, h in enumerate(head):
                waiting.setdefault(key(h, h.loc.path, "head"), []).append(i)
            used_h: set[int] = set()
            left_b = []
            for b in base:
                queue = waiting.get(key(b, self.head_path(b.loc.path), "base"))
                if not queue:
                    left_b.append(b)
                else:
                    match = queue.pop(0)
                    used_h.add(match)
                    out.append((b, head[match]))
            base = left_b
            head = [h for i, h in enumerate(head) if i not in used_h]

        # the same call site, where the diff moved it (several sends to one topic in one file)
        take(
            lambda e, path, side: (
                e.service,
                e.topic_name,
                path,
                e.ep.library,
                e.loc.line if side == "head" else self.head_line(e.loc.path, e.loc.line),
            )
        )
        # the same call, moved (a function reordered): the call's own text
        take(lambda e, path, side: (e.service, e.topic_name, path, e.ep.library, self._call_text(e, side)))
        take(lambda e, path, _side: (e.service, e.topic_name, path, e.ep.library))
        take(lambda e, path, _side: (e.service, e.topic_name))
        take(lambda e, path, _side: (e.service, path, e.ep.client or e.ep.handler or e.ep.library))
        # run-time topic names whose expression was renamed (`<cfg.topic>` → `<config.topic>`)
        take(lambda e, path, _side: (e.service, path, e.ep.library) if e.topic.name is None else id(e))
        out.extend((b, None) for b in base)
        out.extend((None, h) for h in head)
        return out

    def _call_text(self, e: ResolvedEndpoint, side: str) -> str | object:
        lines = self.lines(side, e.loc.path) or []
        text = lines[e.loc.line - 1].strip() if 0 < e.loc.line <= len(lines) else ""
        return text or id(e)  # no text: matches nothing

    # -- graph --------------------------------------------------------------------------
    def downstream_services(self, graph: PipelineGraph, start: str) -> list[str]:
        return [n for n in graph.downstream(start) if kind_of(n) == "service"]

    def impact_paths(self, graph: PipelineGraph, start: str, prefix: Iterable[str] = ()) -> list[list[str]]:
        pre = list(prefix)
        return [pre + p for _, p in sorted(graph.impact_paths(start).items())]


FUNC_START = re.compile(
    r"^\s*((public|private|protected|internal|override|suspend|static|final|open)\s+)*"
    r"(async\s+def|def|func|fun|void|[A-Z]\w*(<.*>)?)\s+\w+\s*\("
)


def function_bounds(lines: list[str], line: int) -> tuple[int, int]:
    """(first, last) line of the function around `line`: from its definition to the next one.
    A textual approximation that works across Python, Java, Kotlin and Go."""
    start = line
    while start > 1 and not FUNC_START.match(lines[start - 1]):
        start -= 1
    end = line
    while end < len(lines) and not FUNC_START.match(lines[end]):
        end += 1
    return start, end


def origin_citations(ctx: RuleContext, rep: ResolvedEndpoint, side: str) -> list[Citation]:
    """Where the endpoint's topic name is defined (a constant, a property, an env file), when the
    change touched that line: the place a reviewer must look."""
    changed = ctx.added if side == "head" else ctx.removed
    out = []
    for loc in rep.topic.via:
        if loc.line in changed.get(loc.path, ()) and (c := ctx.cite(side, loc.path, loc.line)):
            out.append(c)
    return out


def setting_citations(ctx: RuleContext, before: Setting | None, after: Setting | None) -> list[Citation]:
    """The setting's line on each side, plus — when the value was changed somewhere else (a local
    variable, a constant) — the changed line that holds the value."""
    cites: list[Citation] = []
    for side, s, changed in (("head", after, ctx.added), ("base", before, ctx.removed)):
        if s is None:
            continue
        if (c := ctx.cite_loc(side, s.loc)) is not None:
            cites.append(c)
        if s.loc.line in changed.get(s.loc.path, ()):
            continue
        where = _changed_line_holding(ctx, side, s.loc.path, s.value, changed)
        if where is not None and (c := ctx.cite(side, *where)) is not None:
            cites.append(c)
    return cites


def _changed_line_holding(
    ctx: RuleContext, side: str, path: str, value: str, changed: dict[str, set[int]]
) -> tuple[str, int] | None:
    if not value or len(value) < 2:
        return None
    for p in [path, *sorted(changed)]:
        lines = ctx.lines(side, p) or []
        for n in sorted(changed.get(p, ())):
            if n <= len(lines) and value in lines[n - 1]:
                return p, n
    return None


def alternatives(*pairs: tuple[str, str]) -> list[Alternative]:
    return [Alternative(t, d) for t, d in pairs]


def norm_value(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip().strip("\"'").lower()
    return {"-1": "all", "true": "true", "false": "false"}.get(v, v)


def norm_expr(text: str | None) -> str | None:
    if text is None:
        return None
    return re.sub(r"\s+", "", text).replace("'", '"')


def unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for i in items:
        seen.setdefault(i, None)
    return list(seen)


def finding(
    rule: str,
    severity: str,
    title: str,
    reasoning: str,
    citations: Iterable[Citation | None],
    subject: str,
    *,
    graph_paths: list[list[str]] | None = None,
    impacted: Iterable[str] = (),
    alts: list[Alternative] | None = None,
    confidence: float = 0.9,
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        title=title,
        reasoning=reasoning,
        citations=[c for c in citations if c is not None],
        graph_paths=graph_paths or [],
        impacted=sorted(unique(impacted)),
        alternatives=alts or [],
        confidence=confidence,
        subject=subject,
    )


CODE_EXPRESSION = re.compile(r"[()\[\]]|\.[a-z]+[A-Z]\w*|^[a-z]+[A-Z]\w*$")


def _run_time_value(s: Setting | None) -> bool:
    """A setting whose value is code, not a value: `cfg.groupId`, `settings.kafka.group_id`, `getGroup()`."""
    if s is None:
        return False
    return s.unresolved or bool(CODE_EXPRESSION.search(s.value))


def _explicit(rep: ResolvedEndpoint) -> bool:
    """Does the scan see any client setting written for this endpoint (not just a format label)?"""
    return any(not k.endswith(".format") for k in rep.settings)


def _touched(ctx: RuleContext, before: Setting | None, after: Setting | None) -> bool:
    """Did the change edit the line of either value, or a line that holds one of the values?"""
    if after is not None and (ctx.is_added(after.loc.path, after.loc.line) or _changed_line_holding(ctx, "head", after.loc.path, after.value, ctx.added)):
        return True
    return before is not None and (
        ctx.is_removed(before.loc.path, before.loc.line)
        or _changed_line_holding(ctx, "base", before.loc.path, before.value, ctx.removed) is not None
    )


def _broken_at_head(ctx: RuleContext, base_path: str) -> bool:
    from copilot.rules.broken_files import broken_head_files

    return ctx.head_path(base_path) in broken_head_files(ctx)


def iter_changed_settings(
    ctx: RuleContext, role: str, keys: Iterable[str]
) -> Iterator[tuple[ResolvedEndpoint, ResolvedEndpoint, str, Setting | None, Setting | None]]:
    """(base endpoint, head endpoint, key, before, after) for every matched endpoint whose
    setting value differs; one per (service, topic, key)."""
    seen: set[tuple[str, str, str]] = set()
    for b, h in ctx.pairs(role):
        if b is None or h is None:
            continue
        for key in keys:
            before, after = b.settings.get(key), h.settings.get(key)
            if before is None and after is None:
                continue
            if _run_time_value(before) or _run_time_value(after):
                continue  # a value known only at run time is no evidence of a change
            if effective(b, key, before) == effective(h, key, after):
                continue
            if not _touched(ctx, before, after):
                continue  # nothing the change edited holds either value: the scan lost track, not the code
            if after is None and not _explicit(h):
                continue  # the client's config now comes from something opaque (`settings.producer_config()`)
            if after is None and before is not None and _broken_at_head(ctx, before.loc.path):
                continue  # the file holding it no longer parses: pipeline-file-broken reports that
            mark = (h.service, h.topic_name, key)
            if mark in seen:
                continue
            seen.add(mark)
            yield b, h, key, before, after
