"""Proposing actions: a separate step the faces run after the deterministic review.

The engine builds a `Review` and writes nothing; the review command, the TUI, the demo and the evals
pass `propose_actions` to it, which turns mechanical remedies into patch proposals, compatible schema
changes into registrations and rollout steps into deploy proposals, saved in the actions store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from copilot.model.findings import ActionSummary, Review
from copilot.model.ids import display_name

if TYPE_CHECKING:  # a face imports this module up front; the rules and the store load only when it runs
    from copilot.rules.base import RuleContext


def propose_actions(ctx: RuleContext, review: Review) -> None:
    """Mechanical remedies as patch proposals, and rollout steps as deploy proposals."""
    from copilot.actions import propose
    from copilot.actions.store import ActionStore
    from copilot.rules import remedies
    from copilot.rules.schema_breaking import analyse

    if ctx.changes.head not in ("WORKTREE",) and not _head_is_checked_out(ctx):
        return  # a patch is always against the work tree; only propose for what is checked out
    store = ActionStore(ctx.changes.root)
    proposals = []
    for f in review.findings:
        for p in remedies.patch_proposals(ctx, f, propose):
            proposals.append((f, p))
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
        service = display_name(str(step["service"]))
        fps = [f.fingerprint for f in review.findings if f.rule == "schema-breaking"]
        p = propose.deploy_proposal(
            ctx.changes.root,
            ctx.config,
            service,
            f"Deploy {service} (step {step['step']} of the {step['schema']} rollout)",
            f"{step['mode']}: {step['why']}",
            fps,
            int(step["step"]),  # type: ignore[arg-type]
            rollout=str(step["schema"]),
            after=[  # the services of earlier groups (readers before writers, or the reverse) go first
                display_name(str(s["service"])) for s in review.rollout
                if s["schema"] == step["schema"] and s["group"] != step["group"] and int(s["step"]) < int(step["step"])  # type: ignore[call-overload]
            ],
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
    from copilot.scan import gitfiles

    try:
        head = gitfiles.run_git(ctx.changes.root, "rev-parse", "HEAD").decode().strip()
    except Exception:
        return False
    return head == ctx.changes.head
