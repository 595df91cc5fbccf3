"""Build a Review: change set → both scans → rules → rollout → LLM (proposing actions is the caller's step).

The CLI, the pre-push hook, the TUI and the evals all call `review_change`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from copilot import git
from copilot.changes import EMPTY_TREE, INDEX, WORKTREE, ChangeSet, changeset
from copilot.config import Config, load_config
from copilot.model.findings import Finding, LLMReport, Review
from copilot.scan import gitfiles

if TYPE_CHECKING:  # the rules, the graph and the scanner load only when a change needs them
    from copilot.model.graph import PipelineGraph
    from copilot.review.inputs import ReviewInputs
    from copilot.rules.base import RuleContext
    from copilot.scan.repo import ScanResult

LLM_MODES = ("off", "auto", "openai")

#: Called with the rules' context and the numbered review before the LLM step, e.g.
#: `copilot.actions.proposals.propose_actions` (the faces pass it; the engine itself does no writes).
Proposer = Callable[["RuleContext", Review], None]


def scan_side(
    cs: ChangeSet, side: str, config: Config, use_cache: bool, since: ScanResult | None = None
) -> ScanResult:
    """One side's scan; the head is scanned on top of the base (`since`): only changed files are read."""
    from copilot.scan.repo import empty_scan, scan

    rev = cs.base if side == "base" else cs.head
    if rev == EMPTY_TREE:
        return empty_scan(cs.root, rev)
    return scan(cs.root, rev, use_cache=use_cache, ignore=config.ignore, since=since)


def change_needs_scan(cs: ChangeSet, config: Config, use_cache: bool) -> bool:
    """Can this change alter the pipeline graph?  When not (a README, ordinary code no scan ever
    read), the review answers without scanning either side."""
    from copilot.config import CONFIG_FILE
    from copilot.scan.cache import GraphStore
    from copilot.scan.relevance import DEFAULT_IGNORE, needs_scan

    base_read, store = None, None
    if use_cache and cs.base != EMPTY_TREE:
        store = GraphStore(git.common_dir(cs.root) / "pipeline-copilot", DEFAULT_IGNORE + tuple(config.ignore))
        base_read = store.read_set(gitfiles.tree_id(cs.root, cs.base))
    changes = [(fc.old_path, fc.new_path) for fc in cs.files]
    if needs_scan(changes, cs.read_bytes, config.ignore, base_read, always=(CONFIG_FILE,)):
        return True
    if store is not None and base_read is not None and cs.head not in (INDEX, WORKTREE):
        store.put_read(gitfiles.tree_id(cs.root, cs.head), base_read)  # the head reads what the base read
    return False


def unread_changes(ctx: RuleContext, findings: list[Finding]) -> list[Finding]:
    """A changed file the scan could not read is always said, whatever the rule settings."""
    from copilot.rules import blind_spot

    seen = {f.fingerprint for f in findings}
    return [f for f in blind_spot.check(ctx) if f.fingerprint not in seen]


def merge_duplicates(findings: list[Finding]) -> list[Finding]:
    """One finding per fingerprint: the same issue seen through several call sites (two sends of one
    service moving topic) becomes one finding carrying all their evidence."""
    merged: dict[str, Finding] = {}
    for f in findings:
        first = merged.get(f.fingerprint)
        if first is None:
            merged[f.fingerprint] = f
            continue
        seen = {(c.path, c.start_line, c.side) for c in first.citations}
        first.citations.extend(c for c in f.citations if (c.path, c.start_line, c.side) not in seen)
        first.graph_paths.extend(p for p in f.graph_paths if p not in first.graph_paths)
        first.impacted = sorted(set(first.impacted) | set(f.impacted))
    return list(merged.values())


def changed_nodes(ctx: RuleContext, findings: list[Finding]) -> list[str]:
    """Graph nodes the change touches: evidence on changed lines, added/removed nodes, and the
    nodes findings name."""
    nodes: set[str] = set()
    for side, scanres, lines in (("head", ctx.head, ctx.added), ("base", ctx.base, ctx.removed)):
        g: PipelineGraph = scanres.graph
        for info in g.nodes():
            if any(e.line in lines.get(e.path, ()) for e in info.evidence):
                nodes.add(info.id)
        for s, t, _k, ev, _ in g.edges():
            if any(e.line in lines.get(e.path, ()) for e in ev):
                nodes.update((s, t))
        other = ctx.base.graph if side == "head" else ctx.head.graph
        nodes.update(n.id for n in g.nodes() if n.id not in other)
    for f in findings:
        for p in f.graph_paths:
            nodes.update(p)
    return sorted(nodes)


def rollout_steps(ctx: RuleContext) -> list[dict[str, object]]:
    """Ordered deploy steps for each schema change, derived from the mode and the graph."""
    from copilot.rules.schema_breaking import analyse
    from copilot.schema.rollout import rollout_for

    steps: list[dict[str, object]] = []
    for change in analyse(ctx):
        if not change.compatible:
            continue  # no order is safe for a change the registry rejects; the finding says so
        g = ctx.head.graph
        consumers = sorted({c for t in change.topics for c in g.consumers(t)})
        producers = sorted({p for t in change.topics for p in g.producers(t)})
        try:
            key = rollout_for(change.mode).key  # the one place a mode's deploy order is decided
        except ValueError:
            key = "coordinate"
        if key == "consumers-first":
            order = [("consumers", consumers, "upgrade readers first: the new schema can read old data"), ("producers", producers, "then start writing the new schema")]
        elif key == "producers-first":
            order = [("producers", producers, "upgrade writers first: old readers can read new data"), ("consumers", consumers, "then upgrade readers")]
        elif key == "any-order":
            order = [("any", sorted(set(producers) | set(consumers)), "any order: both directions are compatible")]
        else:
            order = [("coordinated", sorted(set(producers) | set(consumers)), "no compatibility guarantee: deploy together and drain the topic")]
        n = 0
        placed: set[str] = set()
        for group, services, why in order:
            for service in services:
                if service in placed:
                    continue  # a service both reading and writing the schema upgrades once, in its first group
                placed.add(service)
                n += 1
                steps.append({"schema": change.name, "mode": change.mode, "step": n, "group": group, "service": service, "why": why})
    return steps


def rules_review(
    repo_path: str | Path = ".",
    base: str | None = None,
    head: str | None = None,
    *,
    staged: bool = False,
    worktree: bool = False,
    use_cache: bool = True,
    propose: Proposer | None = None,
    config: Config | None = None,
    changes: ChangeSet | None = None,
) -> tuple[Review, ReviewInputs]:
    """The deterministic review, and the inputs an LLM reviewer would build its context from."""
    from copilot.review.inputs import ReviewInputs
    from copilot.rules import run_rules
    from copilot.rules.base import RuleContext

    cs = changes or changeset(repo_path, base=base, head=head, staged=staged, worktree=worktree)
    config = config or load_config(cs.root, cs.base)  # trusted: the base's config, never the change's
    base_scan = scan_side(cs, "base", config, use_cache)
    head_scan = scan_side(cs, "head", config, use_cache, since=base_scan)
    ctx = RuleContext(cs, base_scan, head_scan, config)
    crashed: list[tuple[str, Exception]] = []
    findings = run_rules(ctx, crashed)
    findings += unread_changes(ctx, findings)
    findings = merge_duplicates(findings)
    from copilot.secrets import redact  # its detectors compile on import: only when there is a finding

    for finding in findings:  # reports and PR comments quote these lines: never a secret in them
        for citation in finding.citations:
            citation.snippet = redact(citation.snippet)[0]
    review = Review(base=cs.base, head=cs.head, findings=findings)
    if crashed:
        from copilot.crash import rule_crashed

        review.warnings.extend(rule_crashed(rule, exc, cs.root) for rule, exc in crashed)
    review.changed_files = sorted(ctx.changed_files())
    review.warnings.extend(dict.fromkeys(w for w in head_scan.warnings if _in_change(w, review.changed_files)))
    review.warnings.extend(config.warnings)
    review.rollout = rollout_steps(ctx)
    review.number()
    if propose is not None:  # a separate step the face chose (copilot.actions.proposals): the engine writes nothing
        propose(ctx, review)
    inputs = ReviewInputs(cs, base_scan.graph, head_scan.graph, config, changed_nodes(ctx, review.findings))
    return review, inputs


def review_change(
    repo_path: str | Path = ".",
    base: str | None = None,
    head: str | None = None,
    *,
    staged: bool = False,
    worktree: bool = False,
    llm: str = "off",
    use_cache: bool = True,
    propose: Proposer | None = None,
    config: Config | None = None,
) -> Review:
    cs = changeset(repo_path, base=base, head=head, staged=staged, worktree=worktree)
    config = config or load_config(cs.root, cs.base)  # trusted: the base's config, never the change's
    if not change_needs_scan(cs, config, use_cache):
        review = Review(base=cs.base, head=cs.head, changed_files=sorted({p for fc in cs.files for p in (fc.old_path, fc.new_path) if p}))
        review.llm.note = "no pipeline-relevant file changed: nothing to review"
        return review
    review, inputs = rules_review(
        repo_path, base, head, staged=staged, worktree=worktree, use_cache=use_cache, propose=propose, config=config,
        changes=cs,
    )  # fmt: skip
    _run_llm(review, inputs, llm, inputs.root)
    review.number()
    return review


def _in_change(warning: str, changed: list[str]) -> bool:
    return any(warning.startswith(p + ":") for p in changed)


def _run_llm(review: Review, inputs: ReviewInputs, mode: str, root: Path) -> None:
    if mode not in LLM_MODES:
        mode = "auto"
    if mode == "off":  # the AI reviewer's modules (pydantic, the HTTP client) load only when it may run
        from copilot.review.llm_flags import OFF_NOTE

        review.llm = LLMReport(provider="offline", note=OFF_NOTE)
        return
    from copilot.review import llm  # loads only when a review reaches the LLM step
    cache_dir = git.common_dir(root) / "pipeline-copilot"
    llm.review_with_llm(review, inputs, mode, cache_dir)
