"""The decisions a person makes in the session, recorded exactly as the CLI records them.

- acknowledge: `ActionStore.acknowledge` (what `pipeline-copilot ack` calls), bound to the finding's
  fingerprint and the reviewed commits;
- approve: `copilot.actions.decisions` (the same checks and record as `pipeline-copilot approve`),
  bound to the digest that was on screen;
- reject: `ActionStore.decide(..., "rejected")` with a reason, as `pipeline-copilot reject` does.

All are recorded with ``interactive=True``: a person made them on a terminal.  Nothing here
applies an action; `pipeline-copilot apply ID` does that, and checks everything again.
"""

from __future__ import annotations

from copilot.actions.decisions import REJECTABLE, approvable, record_approval
from copilot.actions.errors import ActionRefused
from copilot.actions.store import Acknowledgement, ActionStore, StoredAction
from copilot.errors import CopilotError
from copilot.model.findings import Finding, Review

UNCOMMITTED = ("INDEX", "WORKTREE")


def acknowledge(
    store: ActionStore, review: Review, finding: Finding, reason: str
) -> tuple[Acknowledgement, bool]:
    """Accept `finding` for the reviewed range; (the acknowledgement, whether it is new)."""
    reason = reason.strip()
    if not reason:
        raise CopilotError("an acknowledgement needs a reason (it is kept in the audit log)")
    if review.head in UNCOMMITTED:
        raise CopilotError(
            "cannot acknowledge uncommitted changes: an acknowledgement is bound to a commit; "
            "commit first, then review the range"
        )
    return store.acknowledge(finding.fingerprint, review.base, review.head, reason=reason, interactive=True)


def approve(store: ActionStore, shown: StoredAction, typed_id: str, reason: str = "") -> StoredAction:
    """Approve the action that was shown, bound to the digest that was shown.

    `typed_id` is what the person typed to confirm; it must be the action's id exactly.
    """
    if typed_id.strip() != shown.id:
        raise ActionRefused(f"not approved: type {shown.id} exactly to approve {shown.id}")
    action = approvable(store, shown.id)
    return record_approval(store, action, shown.digest, interactive=True, reason=reason.strip() or None)


def reject(store: ActionStore, shown: StoredAction, reason: str) -> StoredAction:
    """Reject the action (or withdraw its approval); a reason is required, as on the CLI."""
    reason = reason.strip()
    if not reason:
        raise ActionRefused(f"not rejected: write why you reject {shown.id} in the reason field")
    return store.decide(
        shown.id, "rejected", allowed_from=REJECTABLE, verb="reject", reason=reason, interactive=True
    )
