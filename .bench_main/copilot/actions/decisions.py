"""The checks before a person's approval, shared by `pipeline-copilot approve` and the TUI.

An approval is only recorded for an action that can still be approved, whose stored content
matches its digest, whose paths are still safe and whose repository has not moved on (a moved-on
action is marked stale).  The approval itself is bound to the digest the person was shown.
"""

from __future__ import annotations

from copilot.actions import state
from copilot.actions.errors import ActionRefused
from copilot.actions.store import ActionStore, StoredAction, refusal
from copilot.config import load_config

APPROVABLE = ("proposed", "rejected", "failed")
REJECTABLE = ("proposed", "approved", "failed")


def approvable(store: ActionStore, action_id: str) -> StoredAction:
    """The action, when it may be approved now; else ActionRefused with the one-line reason."""
    action = store.get(action_id)
    if action.status not in APPROVABLE:
        raise ActionRefused(refusal(action.id, action.status, "approve"))
    verdict = store.verify_audit()
    if not verdict.ok:
        raise ActionRefused(f"cannot approve {action.id}: the audit log is broken ({verdict.message()})")
    if not action.intact:
        raise ActionRefused(
            f"cannot approve: {action.id}'s stored content no longer matches its digest (changed in the store)"
        )
    unsafe = state.safety_problem(store.root, action.proposal)
    if unsafe:
        raise ActionRefused(f"cannot approve {action.id}: {unsafe}")
    stale = state.stale_reason(store.root, action.proposal, load_config(store.root))
    if stale:
        store.decide(action.id, "stale", allowed_from=APPROVABLE, verb="approve", result=stale)
        raise ActionRefused(f"cannot approve: {action.id} is stale: {stale}")
    return action


def record_approval(
    store: ActionStore, action: StoredAction, digest: str, *, interactive: bool, reason: str | None
) -> StoredAction:
    """Record the approval of exactly the content whose digest the person saw."""
    return store.decide(
        action.id, "approved", allowed_from=APPROVABLE, verb="approve", reason=reason,
        interactive=interactive, expect_digest=digest,
    )  # fmt: skip
