"""What the AI reviewer is shown: rule findings, the impacted subgraph, relevant hunks and excerpts.

Not the whole diff and not the whole repository:

- **nodes**: the changed nodes, everything downstream of them (data-flow paths through topics
  and consumers, in the head and the base graph), one hop upstream (the producers feeding a
  changed topic, the topics a changed service reads and their producers), and the schemas the
  kept topics carry.  A changed schema starts from the topics carrying it and the services
  using it.
- **hunks**: every changed pipeline-relevant file, whether or not a rule fired: files holding
  any producer/consumer/topic evidence (in either side's whole graph), files a rule finding
  cites, files using a streaming client library, schema files and client/config files.  The
  nodes whose evidence lies in a changed file are changed nodes too, so their graph
  neighbourhood is shown even when no rule looked at them.  Every line carries its
  number (``- 12 |`` base, ``+ 14 |`` head, ``  15 |`` context with its head number).
- **excerpts**: ±`EXCERPT_RADIUS` lines around each evidence line of the kept producers and
  consumers, with line numbers and the side they come from (lines a hunk already shows are
  left out of them).

Everything is redacted (`copilot.review.redact`) before it is measured.  When the estimate of
the messages exceeds the budget, content is cut in this order, each step only as far as needed
(`CUT_ORDER`); what was cut is recorded in `ContextStats.cuts` and logged:

1. excerpts of services beyond one hop, farthest first
2. the far lines of the remaining excerpts (±EXCERPT_RADIUS → ±NEAR_RADIUS)
3. context (unchanged) lines of hunks
4. hunks away from any pipeline evidence (in relevant files), largest first
5. evidence lists of the subgraph (at most 3, 1, then 0 per node/edge)
6. the remaining excerpts: the changed services' own first (their hunks are shown), then
   the one-hop producers' and consumers'
7. changed lines of the largest hunks, from their end
8. details (reasoning, alternatives, paths) of the rule findings

Rule findings and changed lines are kept last; the rule findings themselves are never cut.
When even the minimum does not fit, `ContextTooLarge` is raised and the review goes on without
the LLM.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import prompts
from copilot.changes import ChangeSet, FileChange
from copilot.model.findings import Finding, Review
from copilot.model.graph import PipelineGraph
from copilot.model.ids import kind_of
from copilot.review.inputs import ReviewInputs
from copilot.review.llm_schema import schema_text
from copilot.review.redact import redact

log = logging.getLogger("copilot.review.llm")

CHARS_PER_TOKEN = 4
EXCERPT_RADIUS = 8
NEAR_RADIUS = 2
SYSTEM_PROMPT = "review_system"
USER_PROMPT = "review_user"
PLAIN_SUFFIX = "plain_suffix"
CUT_ORDER = (
    "excerpts of services beyond one hop",
    "far lines of excerpts",
    "context lines of hunks",
    "hunks away from pipeline evidence",
    "subgraph evidence lists",
    "excerpts of changed and one-hop services",
    "changed lines of the largest hunks",
    "rule finding details",
)
SCHEMA_EXTS = (".avsc", ".avpr", ".avdl", ".proto")
CONFIG_EXTS = (".properties", ".yaml", ".yml", ".toml", ".conf", ".env", ".ini", ".cfg", ".json", ".hocon")
NOT_CONFIG_DIRS = (".github/", "docs/", "doc/", ".vscode/", ".idea/")
NOT_CONFIG_NAMES = ("package-lock.json", "poetry.lock", "tsconfig.json", ".pre-commit-config.yaml")
DOC_EXTS = (".md", ".rst", ".txt", ".adoc", ".html")
CLIENT_MARKERS = re.compile(
    r"kafka|pulsar|faust|confluent|sarama|KafkaTemplate|@KafkaListener|StreamsBuilder|bootstrap[._]servers|"
    r"avro|schema[._]registry|\bIncoming\b|\bOutgoing\b",
    re.I,
)


def system_prompt() -> prompts.Prompt:
    """The system prompt, its rule list filled in from the rule registry (plugins' rules too)."""
    from dataclasses import replace

    from copilot.registry import prompt_rule_list

    template = prompts.load(SYSTEM_PROMPT)
    return replace(template, text=template.render(rule_list=prompt_rule_list()))


def estimate_tokens(text: str) -> int:
    """A deliberately simple, offline token estimate: one token per 4 characters, rounded up."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


class ContextTooLarge(ValueError):
    """Even the rule findings do not fit the token budget."""


# -- what is relevant ----------------------------------------------------------------------


def is_schema_file(path: str) -> bool:
    low = path.lower()
    return low.endswith(SCHEMA_EXTS) or (low.endswith(".json") and "schema" in low)


def is_config_file(path: str) -> bool:
    low = path.lower()
    name = low.rsplit("/", 1)[-1]
    if any(low.startswith(d) or f"/{d}" in low for d in NOT_CONFIG_DIRS) or name in NOT_CONFIG_NAMES:
        return False
    return low.endswith(CONFIG_EXTS) or name.startswith((".env", "docker-compose", "compose.", "application"))


def _flow_next(graph: PipelineGraph, nid: str) -> list[str]:
    if kind_of(nid) == "topic":
        return graph.consumers(nid)
    if kind_of(nid) == "service":
        return graph.produced_topics(nid)
    return []


def _schema_users(graph: PipelineGraph, schema: str) -> list[str]:
    return sorted(s for s, t, k, _, _ in graph.edges("uses-schema") if t == schema)


def impacted_nodes(graph: PipelineGraph, changed: Iterable[str]) -> dict[str, int]:
    """Node id → distance in data-flow edges from the nearest changed node (0 = changed).

    Downstream along produces/consumes, one hop upstream, schemas of kept topics added.
    """
    dist: dict[str, int] = {}
    frontier: list[str] = []
    for nid in changed:
        if nid not in graph:
            continue
        seeds = [nid]
        if kind_of(nid) == "schema":
            seeds += graph.topics_carrying(nid) + _schema_users(graph, nid)
        for seed in seeds:
            if dist.get(seed, 1) > 0:
                dist[seed] = 0
                frontier.append(seed)
    seeds = list(frontier)
    while frontier:  # breadth first, downstream (this is graph.downstream with distances)
        nxt: list[str] = []
        for nid in frontier:
            for other in _flow_next(graph, nid):
                if other not in dist:
                    dist[other] = dist[nid] + 1
                    nxt.append(other)
        frontier = nxt
    for nid in seeds:  # one hop upstream: who feeds a changed topic / service
        if kind_of(nid) == "topic":
            ups = [(p, 1) for p in graph.producers(nid)]
        elif kind_of(nid) == "service":
            ups = [(t, 1) for t in graph.consumed_topics(nid)]
            ups += [(p, 2) for t in graph.consumed_topics(nid) for p in graph.producers(t)]
        else:
            ups = []
        for other, d in ups:
            dist[other] = min(dist.get(other, d), d)
    for nid in [n for n in dist if kind_of(n) == "topic"]:
        for schema in graph.schemas_of(nid):
            dist.setdefault(schema, dist[nid] + 1)
    return dist


def service_hops(distance: int) -> int:
    """Flow edges to service hops: service→topic→service is one hop."""
    return math.ceil(distance / 2)


# -- sources, redacted once ----------------------------------------------------------------


class Sources:
    """Both sides' file contents, redacted (line numbers preserved), read once."""

    def __init__(self, changeset: ChangeSet) -> None:
        self.changeset = changeset
        self._lines: dict[tuple[str, str], list[str] | None] = {}
        self._altered: dict[tuple[str, str], set[int]] = {}

    def lines(self, side: str, path: str) -> list[str] | None:
        key = (side, path)
        if key not in self._lines:
            text = self.changeset.read(side, path)
            if text is None or "\0" in text[:8192]:
                self._lines[key] = None
                self._altered[key] = set()
            else:
                original = text.splitlines()
                redacted_text, _ = redact(text)
                redacted = redacted_text.splitlines()
                if len(redacted) != len(original):  # cannot happen (redaction keeps lines); be safe
                    redacted = [redact(line)[0] for line in original]
                self._lines[key] = redacted
                self._altered[key] = {
                    i + 1 for i, (a, b) in enumerate(zip(original, redacted, strict=True)) if a != b
                }
        return self._lines[key]

    def line(self, side: str, path: str, number: int) -> str | None:
        lines = self.lines(side, path)
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]

    def altered(self, side: str, path: str) -> set[int]:
        self.lines(side, path)
        return self._altered.get((side, path), set())


# -- blocks: hunks and excerpts -----------------------------------------------------------


@dataclass
class Line:
    mark: str  # "+", "-", " " (hunk) or "" (excerpt)
    number: int
    side: str
    text: str

    def render(self) -> str:
        return f"{self.mark or ' '}{self.number:>5} | {self.text}"


@dataclass
class HunkBlock:
    path: str
    status: str
    header: str
    lines: list[Line]
    near_evidence: bool
    context_cut: bool = False
    changed_cut: int = 0

    def render(self) -> str:
        body = [ln.render() for ln in self.lines]
        if self.changed_cut:
            body.append(f"      … {self.changed_cut} more changed lines cut to fit the budget")
        return "\n".join([self.header, *body])

    def changed(self) -> list[Line]:
        return [ln for ln in self.lines if ln.mark in "+-"]


@dataclass
class ExcerptBlock:
    path: str
    side: str
    anchors: list[int]  # evidence lines
    why: list[str]  # e.g. "service:fraud consumes topic:orders"
    hops: int  # service hops from the change
    radius: int = EXCERPT_RADIUS
    lines: list[Line] = field(default_factory=list)

    def render(self) -> str:
        if not self.lines:
            return ""
        start, end = self.lines[0].number, self.lines[-1].number
        out = [f"### {self.path} lines {start}-{end} ({self.side}) — {'; '.join(self.why[:4])}"]
        for prev, ln in zip([None, *self.lines], self.lines, strict=False):
            if prev is not None and ln.number != prev.number + 1:
                out.append("   ... |")
            out.append(ln.render())
        return "\n".join(out)


def _hunk_lines(sources: Sources, change: FileChange, hunk: Any) -> list[Line]:
    old_path, new_path = change.old_path or change.path, change.new_path or change.path
    if not hunk.text:  # an untracked file: every line added
        out = []
        for n in hunk.added:
            text = sources.line("head", new_path, n)
            out.append(Line("+", n, "head", text if text is not None else ""))
        return out
    out: list[Line] = []
    old_no, new_no = hunk.old_start, hunk.new_start
    for raw in hunk.text.splitlines()[1:]:
        if not raw or raw.startswith("\\"):
            continue
        mark, diff_text = raw[0], raw[1:]
        if mark == "-":
            text = sources.line("base", old_path, old_no)
            out.append(Line("-", old_no, "base", text if text is not None else redact(diff_text)[0]))
            old_no += 1
        elif mark == "+":
            text = sources.line("head", new_path, new_no)
            out.append(Line("+", new_no, "head", text if text is not None else redact(diff_text)[0]))
            new_no += 1
        else:
            text = sources.line("head", new_path, new_no)
            out.append(Line(" ", new_no, "head", text if text is not None else redact(diff_text)[0]))
            old_no += 1
            new_no += 1
    return out


# -- the context --------------------------------------------------------------------------


@dataclass
class ContextStats:
    budget: int
    tokens: int = 0  # estimated tokens of everything sent (system + user + schema / plain suffix)
    fixed_tokens: int = 0  # of those, the prompts and the schema: the same for every review
    nodes: list[str] = field(default_factory=list)
    files_sent: list[str] = field(default_factory=list)
    files_skipped: list[str] = field(default_factory=list)  # changed but unrelated to the pipeline
    hunks: int = 0
    excerpts: int = 0
    cuts: list[str] = field(default_factory=list)
    redactions: int = 0

    def note(self) -> str:
        text = f"context {self.tokens}/{self.budget} tokens, {self.hunks} hunks, {self.excerpts} excerpts"
        if self.files_skipped:
            text += f", {len(self.files_skipped)} unrelated files left out"
        if self.cuts:
            text += "; cut: " + "; ".join(self.cuts)
        return text


@dataclass
class ReviewContext:
    system: str
    user: str
    plain_suffix: str  # appended to the user message when the endpoint has no structured output
    prompt_version: str
    stats: ContextStats
    refs: dict[str, Finding]  # "R1" → the finding shown to the model under that ref

    def messages(self, plain: bool = False) -> list[tuple[str, str]]:
        user = f"{self.user}\n\n{self.plain_suffix}" if plain else self.user
        return [("system", self.system), ("human", user)]


class _Builder:
    def __init__(self, review: Review, inputs: ReviewInputs, budget: int) -> None:
        self.review, self.inputs, self.budget = review, inputs, budget
        self.sources = Sources(inputs.changeset)
        self.system = system_prompt()
        self.user_prompt = prompts.load(USER_PROMPT)
        self.plain_prompt = prompts.load(PLAIN_SUFFIX)
        self.plain_suffix = self.plain_prompt.render(schema=schema_text())
        self.stats = ContextStats(budget=budget)
        self.extra_redactions = 0
        self.refs: dict[str, Finding] = {}
        self.findings_json: list[dict[str, Any]] = []
        self.findings_compact = False
        self.graph_json: dict[str, Any] = {}
        self.hunks: list[HunkBlock] = []
        self.excerpts: list[ExcerptBlock] = []

    # -- collection ------------------------------------------------------------------------
    def collect(self) -> None:
        head, base = self.inputs.head_graph, self.inputs.base_graph
        changed = list(dict.fromkeys(self.inputs.changed_nodes))
        for f in self.review.findings:  # the rules' own view of what is impacted
            changed += [n for path in f.graph_paths for n in path[:1]]
        self.in_changed_files = self._nodes_in_changed_files(head, base)
        changed += sorted(self.in_changed_files - set(changed))
        head_dist = impacted_nodes(head, changed)
        base_dist = impacted_nodes(base, changed)
        self.dist = {n: min(head_dist.get(n, 99), base_dist.get(n, 99)) for n in {*head_dist, *base_dist}}
        self.stats.nodes = sorted(self.dist)
        self._collect_findings()
        self._collect_graph(head, base, head_dist, base_dist)
        evidence = self._evidence(head, head_dist, "head") + self._evidence(base, base_dist, "base", head)
        relevant = self._relevant_files(evidence)
        self._collect_hunks(relevant, evidence)
        self._collect_excerpts(evidence)

    def _redact_json(self, value: Any) -> Any:
        if isinstance(value, str):
            text, n = redact(value)
            self.extra_redactions += n
            return text
        if isinstance(value, list):
            return [self._redact_json(v) for v in value]
        if isinstance(value, dict):
            return {k: self._redact_json(v) for k, v in value.items()}
        return value

    def _collect_findings(self) -> None:
        ids = [f.id for f in self.review.findings]
        for i, finding in enumerate(self.review.findings, 1):
            # the id the user sees (F1..) when the review is numbered, else R1..
            ref = finding.id if finding.id and ids.count(finding.id) == 1 else f"R{i}"
            self.refs[ref] = finding
            item = {"ref": ref, **finding.to_json()}
            for key in ("id", "fingerprint", "actions"):
                item.pop(key, None)
            self.findings_json.append(self._redact_json(item))

    def _collect_graph(
        self, head: PipelineGraph, base: PipelineGraph, hd: dict[str, int], bd: dict[str, int]
    ) -> None:
        head_sub = head.subgraph(hd).to_json()
        base_sub = base.subgraph(bd).to_json()
        head_nodes = {n["id"] for n in head_sub["nodes"]}
        head_edges = {(e["source"], e["target"], e["kind"]) for e in head_sub["edges"]}
        removed = {
            "nodes": [n for n in base_sub["nodes"] if n["id"] not in head_nodes],
            "edges": [
                e for e in base_sub["edges"] if (e["source"], e["target"], e["kind"]) not in head_edges
            ],
        }
        graph: dict[str, Any] = {"changed_nodes": sorted(set(self.inputs.changed_nodes)), "head": head_sub}
        if removed["nodes"] or removed["edges"]:
            graph["removed_by_change"] = removed
        self.graph_json = self._redact_json(graph)

    def _evidence(
        self, graph: PipelineGraph, dist: dict[str, int], side: str, newer: PipelineGraph | None = None
    ) -> list[tuple[str, str, int, str, int]]:
        """(side, path, line, why, service hops) for every evidence of a kept producer/consumer/topic.

        With `newer` (the head graph), only what the change removed: base evidence of edges and
        nodes that still exist is shown from the head side instead.
        """
        out: list[tuple[str, str, int, str, int]] = []
        for s, t, kind, evidence, _ in graph.edges():
            if s not in dist or t not in dist or kind == "carries":
                continue
            if newer is not None and newer.edge(s, t, kind) is not None:
                continue
            service = s if kind_of(s) == "service" else t
            hops = service_hops(dist[service])
            why = f"{t} consumes {s}" if kind == "consumes" else f"{s} {kind} {t}"
            for ev in evidence:
                out.append((side, ev.path, ev.line, why, hops))
        for nid, d in dist.items():
            if newer is not None and nid in newer:
                continue
            if nid.startswith(("topic:", "schema:")) and nid in graph:
                for ev in graph.node(nid).evidence:
                    out.append((side, ev.path, ev.line, f"{nid} defined", service_hops(d)))
        return out

    def _nodes_in_changed_files(self, head: PipelineGraph, base: PipelineGraph) -> set[str]:
        """Nodes (services for edges) with evidence in a changed file: what the change touched,
        whether or not it touched the very lines a rule looks at."""
        paths = {p for c in self.inputs.changeset.files for p in (c.old_path, c.new_path) if p}
        self.pipeline_paths: set[str] = set()
        nodes: set[str] = set()
        for graph in (head, base):
            for info in graph.nodes():
                for e in info.evidence:
                    if e.path in paths:
                        nodes.add(info.id)
                        self.pipeline_paths.add(e.path)
            for s, t, _, evidence, _ in graph.edges():
                for e in evidence:
                    if e.path in paths:
                        nodes.add(s if kind_of(s) == "service" else t)
                        self.pipeline_paths.add(e.path)
        return nodes

    def _uses_client(self, change: FileChange) -> bool:
        for side, path in (("head", change.new_path), ("base", change.old_path)):
            if not path or path.lower().endswith(DOC_EXTS):
                continue
            lines = self.sources.lines(side, path)
            if lines and CLIENT_MARKERS.search("\n".join(lines[:400])):
                return True
        return False

    def _relevant_files(self, evidence: list[tuple[str, str, int, str, int]]) -> set[str]:
        cited = {c.path for f in self.review.findings for c in f.citations}
        with_evidence = {path for _, path, *_ in evidence} | self.pipeline_paths
        relevant: set[str] = set()
        for change in self.inputs.changeset.files:
            paths = {p for p in (change.old_path, change.new_path) if p}
            if (
                paths & (cited | with_evidence)
                or any(is_schema_file(p) or is_config_file(p) for p in paths)
                or (not change.binary and self._uses_client(change))
            ):
                relevant.add(change.path)
            else:
                self.stats.files_skipped.append(change.path)
        return relevant

    def _collect_hunks(self, relevant: set[str], evidence: list[tuple[str, str, int, str, int]]) -> None:
        anchors: dict[tuple[str, str], set[int]] = {}
        for side, path, line, *_ in evidence:
            anchors.setdefault((side, path), set()).add(line)
        for f in self.review.findings:
            for c in f.citations:
                anchors.setdefault((c.side, c.path), set()).update(range(c.start_line, c.end_line + 1))
        for change in self.inputs.changeset.files:
            if change.path not in relevant:
                continue
            if change.binary:
                self.stats.files_skipped.append(f"{change.path} (binary)")
                continue
            whole_file = is_schema_file(change.path) or is_config_file(change.path)
            for hunk in change.hunks:
                lines = _hunk_lines(self.sources, change, hunk)
                near = whole_file or any(
                    any(abs(ln.number - a) <= EXCERPT_RADIUS for a in anchors.get((ln.side, p), ()))
                    for ln in lines
                    for p in (change.old_path, change.new_path)
                    if p
                )
                label = f"### {change.path} ({change.status}"
                if change.status == "renamed":
                    label += f" from {change.old_path}"
                header = (
                    f"{label})\n@@ -{hunk.old_start},{hunk.old_lines} +{hunk.new_start},{hunk.new_lines} @@"
                )
                self.hunks.append(HunkBlock(change.path, change.status, header, lines, near))

    def _collect_excerpts(self, evidence: list[tuple[str, str, int, str, int]]) -> None:
        grouped: dict[tuple[str, str], list[tuple[int, str, int]]] = {}
        seen: set[tuple[str, int]] = set()
        for side, path, line, why, hops in sorted(evidence, key=lambda e: (e[0] != "head", e[1], e[2])):
            if side == "base" and (path, line) in seen:
                continue
            seen.add((path, line))
            grouped.setdefault((side, path), []).append((line, why, hops))
        for (side, path), items in sorted(grouped.items()):
            if self.sources.lines(side, path) is None:
                continue
            items.sort()
            block: ExcerptBlock | None = None
            for line, why, hops in items:
                if block and line - block.anchors[-1] <= 2 * EXCERPT_RADIUS + 1:
                    block.anchors.append(line)
                    if why not in block.why:
                        block.why.append(why)
                    block.hops = min(block.hops, hops)
                    continue
                block = ExcerptBlock(path, side, [line], [why], hops)
                self.excerpts.append(block)
        self.in_hunks: dict[tuple[str, str], set[int]] = {}
        for h in self.hunks:
            change = self.inputs.changeset.by_path(h.path)
            for ln in h.lines:
                path = h.path if ln.side == "head" or change is None else (change.old_path or h.path)
                self.in_hunks.setdefault((ln.side, path), set()).add(ln.number)
        for block in self.excerpts:
            self._fill(block)
        self.excerpts = [b for b in self.excerpts if b.lines]

    def _fill(self, block: ExcerptBlock) -> None:
        lines = self.sources.lines(block.side, block.path) or []
        numbers: set[int] = set()
        for a in block.anchors:
            numbers.update(range(max(1, a - block.radius), min(len(lines), a + block.radius) + 1))
        numbers -= self.in_hunks.get((block.side, block.path), set())
        block.lines = [Line("", n, block.side, lines[n - 1]) for n in sorted(numbers)]

    # -- rendering and measuring -----------------------------------------------------------
    def render_user(self) -> str:
        findings = self.findings_json
        # the model judges the evidence; our own alternatives and paths (the graph is below) add only tokens
        keep = ("ref", "rule", "severity", "title", "citations", "impacted", "source")
        if not self.findings_compact:
            keep = (*keep[:4], "reasoning", *keep[4:])
        findings = [{k: f[k] for k in keep if k in f} for f in findings]
        hunks = "\n\n".join(h.render() for h in self.hunks) or "(no relevant hunks)"
        excerpts = "\n\n".join(e.render() for e in self.excerpts) or "(none)"
        cut_note = ""
        if self.stats.cuts:
            cut_note = "Cut to fit the context budget: " + "; ".join(self.stats.cuts) + ".\n"
        return self.user_prompt.render(
            describe=self.inputs.changeset.describe(),
            cut_note=cut_note,
            rule_findings=json.dumps(findings, separators=(",", ":"), ensure_ascii=False)
            if findings
            else "[]",
            subgraph=graph_text(self.graph_json),
            hunks=hunks,
            excerpts=excerpts,
        )

    def measure(self) -> int:
        return (
            estimate_tokens(self.system.text)
            + estimate_tokens(self.render_user())
            + estimate_tokens(self.plain_suffix)
            + 2  # the separator between the user message and the plain suffix
        )

    def fits(self) -> bool:
        return self.measure() <= self.budget

    def fit(self) -> None:
        steps = (
            self._cut_far_excerpts,
            self._shrink_excerpts,
            self._cut_hunk_context,
            self._cut_unrelated_hunks,
            self._cut_graph_evidence,
            self._cut_near_excerpts,
            self._cut_changed_lines,
            self._compact_findings,
        )
        for step in steps:
            if self.fits():
                return
            step()
        if not self.fits():
            raise ContextTooLarge(
                f"context budget of {self.budget} tokens is too small: the prompts, rule findings and changed "
                f"lines alone need {self.measure()} ([llm].max_context_tokens)"
            )

    def _cut(self, step: str, detail: str) -> None:
        assert step in CUT_ORDER, step
        what = f"{step} ({detail})"
        self.stats.cuts.append(what)
        log.info("LLM context over budget (%d tokens): cut %s", self.budget, what)

    def _drop_excerpts(self, candidates: list[ExcerptBlock], label: str) -> None:
        dropped = 0
        for block in candidates:
            if self.fits():
                break
            self.excerpts.remove(block)
            dropped += 1
        if dropped:
            self._cut(label, f"{dropped} dropped")

    def _cut_far_excerpts(self) -> None:
        far = sorted((b for b in self.excerpts if b.hops > 1), key=lambda b: (-b.hops, -len(b.lines)))
        self._drop_excerpts(far, "excerpts of services beyond one hop")

    def _shrink_excerpts(self) -> None:
        shrunk = 0
        for block in sorted(self.excerpts, key=lambda b: (-b.hops, -len(b.lines))):
            if self.fits():
                break
            if block.radius > NEAR_RADIUS:
                block.radius = NEAR_RADIUS
                self._fill(block)
                shrunk += 1
        self.excerpts = [b for b in self.excerpts if b.lines]
        if shrunk:
            self._cut("far lines of excerpts", f"{shrunk} now ±{NEAR_RADIUS} lines")

    def _cut_near_excerpts(self) -> None:
        rest = sorted(self.excerpts, key=lambda b: (b.hops, -len(b.lines)))
        self._drop_excerpts(rest, "excerpts of changed and one-hop services")

    def _cut_hunk_context(self) -> None:
        cut = 0
        for block in sorted(self.hunks, key=lambda h: (h.near_evidence, -len(h.lines))):
            if self.fits():
                break
            if not block.context_cut:
                before = len(block.lines)
                block.lines = [ln for ln in block.lines if ln.mark != " "]
                block.context_cut = True
                cut += before - len(block.lines)
        if cut:
            self._cut("context lines of hunks", f"{cut} lines")

    def _cut_unrelated_hunks(self) -> None:
        far = sorted((h for h in self.hunks if not h.near_evidence), key=lambda h: -len(h.lines))
        dropped: list[str] = []
        for block in far:
            if self.fits():
                break
            self.hunks.remove(block)
            dropped.append(block.path)
        if dropped:
            self._cut(
                "hunks away from pipeline evidence",
                f"{len(dropped)} in {', '.join(sorted(set(dropped))[:5])}",
            )

    def _cut_graph_evidence(self) -> None:
        def strip(items: list[dict[str, Any]], keep: int) -> None:
            for item in items:
                if len(item.get("evidence", ())) > keep:
                    item["evidence"] = item["evidence"][:keep]

        kept = None
        for keep in (3, 1, 0):
            if self.fits():
                break
            parts = [self.graph_json["head"]] + (
                [self.graph_json["removed_by_change"]] if "removed_by_change" in self.graph_json else []
            )
            for part in parts:
                strip(part["nodes"], keep)
                strip(part["edges"], keep)
            kept = keep
        if kept is not None:
            self._cut("subgraph evidence lists", f"at most {kept} per node/edge")

    def _cut_changed_lines(self) -> None:
        while not self.fits():
            biggest = max(self.hunks, key=lambda h: len(h.changed()), default=None)
            if biggest is None or len(biggest.changed()) <= 1:
                break
            over_chars = (self.measure() - self.budget) * CHARS_PER_TOKEN
            remove, chars = 0, 0
            kept = biggest.lines
            while kept and (chars < over_chars or remove == 0) and len(kept) > 1:
                chars += len(kept[-1].render()) + 1
                kept = kept[:-1]
                remove += 1
            biggest.lines = kept
            biggest.changed_cut += remove
        cut = sum(h.changed_cut for h in self.hunks)
        if cut:
            self._cut("changed lines of the largest hunks", f"{cut} lines from their ends")

    def _compact_findings(self) -> None:
        if self.findings_json:
            self.findings_compact = True
            self._cut("rule finding details", "reasoning, alternatives, graph paths")

    # -- result ----------------------------------------------------------------------------
    def result(self) -> ReviewContext:
        user = self.render_user()
        self.stats.tokens = self.measure()
        empty = self.user_prompt.render(
            describe="", cut_note="", rule_findings="", subgraph="", hunks="", excerpts=""
        )
        self.stats.fixed_tokens = (
            estimate_tokens(self.system.text)
            + estimate_tokens(empty)
            + estimate_tokens(self.plain_suffix)
            + 2
        )
        self.stats.hunks = len(self.hunks)
        self.stats.excerpts = len(self.excerpts)
        sent = {h.path for h in self.hunks} | {e.path for e in self.excerpts}
        self.stats.files_sent = sorted(sent)
        shown: set[tuple[str, str, int]] = set()
        for h in self.hunks:
            for ln in h.lines:
                shown.add((ln.side, h.path if ln.side == "head" else self._old_path(h.path), ln.number))
        for e in self.excerpts:
            shown.update((e.side, e.path, ln.number) for ln in e.lines)
        file_redactions = sum(1 for side, path, n in shown if n in self.sources.altered(side, path))
        self.stats.redactions = file_redactions + self.extra_redactions
        if self.stats.cuts:
            log.info("LLM context: %s", self.stats.note())
        return ReviewContext(
            system=self.system.text,
            user=user,
            plain_suffix=self.plain_suffix,
            prompt_version=self.system.version,
            stats=self.stats,
            refs=self.refs,
        )

    def _old_path(self, path: str) -> str:
        change = self.inputs.changeset.by_path(path)
        return (change.old_path or path) if change else path


def prepare(review: Review, inputs: ReviewInputs, budget: int) -> ReviewContext:
    """Collect, redact and fit the context for `review` (raises ContextTooLarge)."""
    builder = _Builder(review, inputs, budget)
    builder.collect()
    builder.fit()
    return builder.result()


def build_context(review: Review, inputs: ReviewInputs, budget: int) -> tuple[list[str], ContextStats]:
    """The texts sent to the model ([system, user]) and what went into them."""
    ctx = prepare(review, inputs, budget)
    return [ctx.system, ctx.user], ctx.stats


def graph_text(graph: dict[str, Any]) -> str:
    """The impacted subgraph as one line per edge (`a -kind-> b @ path:line, ...`): the same facts
    as the JSON export in a third of the tokens."""

    def where(evidence: list[dict[str, Any]]) -> str:
        return (" @ " + ", ".join(f"{e['path']}:{e['line']}" for e in evidence)) if evidence else ""

    def block(part: dict[str, Any]) -> list[str]:
        lines = [f"{e['source']} -{e['kind']}-> {e['target']}{where(e.get('evidence', []))}" for e in part.get("edges", [])]
        linked = {x for e in part.get("edges", []) for x in (e["source"], e["target"])}
        for n in part.get("nodes", []):
            flags = " (unresolved)" if n.get("unresolved") else ""
            if n["id"] not in linked:
                lines.append(f"{n['id']}{flags} (no edges){where(n.get('evidence', []))}")
            elif flags:
                lines.append(f"{n['id']}{flags}")
        return lines

    out = ["changed: " + (", ".join(graph.get("changed_nodes", [])) or "(none)")]
    out += block(graph.get("head", {}))
    if graph.get("removed_by_change"):
        out.append("removed by the change:")
        out += ["  " + line for line in block(graph["removed_by_change"])]
    return "\n".join(out)


def full_diff_tokens(inputs: ReviewInputs) -> int:
    """Tokens of the naive alternative: the full diff plus the full content of every touched file."""
    total = 0
    cs = inputs.changeset
    for change in cs.files:
        total += estimate_tokens("".join(h.text for h in change.hunks))
        if change.binary:
            continue
        text = cs.read("head", change.new_path) if change.new_path else None
        if text is None and change.old_path:
            text = cs.read("base", change.old_path)
        total += estimate_tokens(text or "")
    return total
