"""Build a Review: change set → both scans → rules → rollout and proposed actions → LLM.

The CLI, the pre-push hook, the TUI and the evals all call `review_change`.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from copilot.changes import EMPTY_TREE, ChangeSet, changeset
from copilot.config import Config, load_config
from copilot.model.findings import ActionSummary, Finding, Review
from copilot.model.graph import PipelineGraph
from copilot.review.inputs import ReviewInputs
from copilot.rules import run_rules
from copilot.rules.base import RuleContext
from copilot.scan import gitfiles
from copilot.scan.repo import ScanResult, empty_scan, scan
from copilot.secrets import redact

LLM_MODES = ("off", "auto", "openai")


def scan_side(cs: ChangeSet, side: str, config: Config, use_cache: bool) -> ScanResult:
    rev = cs.base if side == "base" else cs.head
    if rev == EMPTY_TREE:
        return empty_scan(cs.root, rev)
    return scan(cs.root, rev, use_cache=use_cache, ignore=config.ignore)


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

    steps: list[dict[str, object]] = []
    for change in analyse(ctx):
        if not change.compatible:
            continue  # no order is safe for a change the registry rejects; the finding says so
        g = ctx.head.graph
        consumers = sorted({c for t in change.topics for c in g.consumers(t)})
        producers = sorted({p for t in change.topics for p in g.producers(t)})
        base_mode = change.mode.replace("_TRANSITIVE", "")
        if base_mode == "BACKWARD":
            order = [("consumers", consumers, "upgrade readers first: the new schema can read old data"), ("producers", producers, "then start writing the new schema")]
        elif base_mode == "FORWARD":
            order = [("producers", producers, "upgrade writers first: old readers can read new data"), ("consumers", consumers, "then upgrade readers")]
        elif base_mode == "FULL":
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


def propose_actions(ctx: RuleContext, review: Review) -> None:
    """Mechanical remedies as patch proposals, and rollout steps as deploy proposals."""
    try:
        propose = importlib.import_module("copilot.actions.propose")
        store_mod = importlib.import_module("copilot.actions.store")
        remedies = importlib.import_module("copilot.rules.remedies")
    except ModuleNotFoundError:
        return
    if ctx.changes.head not in ("WORKTREE",) and not _head_is_checked_out(ctx):
        return  # a patch is always against the work tree; only propose for what is checked out
    store = store_mod.ActionStore(ctx.changes.root)
    proposals = []
    for f in review.findings:
        for p in remedies.patch_proposals(ctx, f, propose):
            proposals.append((f, p))
    from copilot.rules.schema_breaking import analyse

    for change in analyse(ctx):
        if not change.compatible or change.new.inline:
            continue
        fps = [f.fingerprint for f in review.findings if f.extra.get("schema", {}).get("name") == change.name]
        for topic in change.topics or []:
            subject = f"{topic.split(':', 1)[1]}-value"
            p = propose.schema_register_proposal(
                ctx.changes.root, ctx.config, subject, change.new.text, change.mode,
                f"Register {change.name} under {subject} ({change.mode})",
                f"The change is {change.mode} compatible with the registered history; registering it before "
                "the producers deploy lets them serialize with it.",
                fps,
            )  # fmt: skip
            if p is not None:
                proposals.append((None, p))
    for step in review.rollout:
        service = str(step["service"]).split(":", 1)[1]
        fps = [f.fingerprint for f in review.findings if f.rule == "schema-breaking"]
        p = propose.deploy_proposal(
            ctx.changes.root,
            ctx.config,
            service,
            f"Deploy {service} (step {step['step']} of the {step['schema']} rollout)",
            f"{step['mode']}: {step['why']}",
            fps,
            int(step["step"]),  # type: ignore[arg-type]
        )
        if p is not None:
            proposals.append((None, p))
    for f, p in proposals:
        saved = store.save(p)
        summary: ActionSummary = saved.summary() if hasattr(saved, "summary") else p.summary()
        if all(a.id != summary.id for a in review.actions):
            review.actions.append(summary)
        if f is not None and summary.id not in f.actions:
            f.actions.append(summary.id)


def _head_is_checked_out(ctx: RuleContext) -> bool:
    try:
        head = gitfiles.run_git(ctx.changes.root, "rev-parse", "HEAD").decode().strip()
    except Exception:
        return False
    return head == ctx.changes.head


def rules_review(
    repo_path: str | Path = ".",
    base: str | None = None,
    head: str | None = None,
    *,
    staged: bool = False,
    worktree: bool = False,
    use_cache: bool = True,
    propose: bool = True,
    config: Config | None = None,
) -> tuple[Review, ReviewInputs]:
    """The deterministic review, and the inputs an LLM reviewer would build its context from."""
    cs = changeset(repo_path, base=base, head=head, staged=staged, worktree=worktree)
    config = config or load_config(cs.root)
    base_scan = scan_side(cs, "base", config, use_cache)
    head_scan = scan_side(cs, "head", config, use_cache)
    ctx = RuleContext(cs, base_scan, head_scan, config)
    findings = run_rules(ctx)
    findings += unread_changes(ctx, findings)
    findings = merge_duplicates(findings)
    for finding in findings:  # reports and PR comments quote these lines: never a secret in them
        for citation in finding.citations:
            citation.snippet = redact(citation.snippet)[0]
    review = Review(base=cs.base, head=cs.head, findings=findings)
    review.changed_files = sorted(ctx.changed_files())
    review.warnings.extend(dict.fromkeys(w for w in head_scan.warnings if _in_change(w, review.changed_files)))
    review.rollout = rollout_steps(ctx)
    review.number()
    if propose:
        propose_actions(ctx, review)
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
    propose: bool = True,
    config: Config | None = None,
) -> Review:
    review, inputs = rules_review(
        repo_path, base, head, staged=staged, worktree=worktree, use_cache=use_cache, propose=propose, config=config
    )
    _run_llm(review, inputs, llm, inputs.root)
    review.number()
    return review


def _in_change(warning: str, changed: list[str]) -> bool:
    return any(warning.startswith(p + ":") for p in changed)


def _run_llm(review: Review, inputs: ReviewInputs, mode: str, root: Path) -> None:
    if mode not in LLM_MODES:
        mode = "auto"
    try:
        llm = importlib.import_module("copilot.review.llm")
    except ModuleNotFoundError:
        review.llm.note = "rules only: the LLM reviewer is not installed"
        return
    cache_dir = gitfiles.git_dir(root) / "pipeline-copilot"
    llm.review_with_llm(review, inputs, mode, cache_dir)
