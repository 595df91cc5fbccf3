"""The deploy steps of one rollout apply in order.

A deploy proposal made from a rollout names it (``target.rollout``, the schema) and the services
that must be deployed before it (``target.after``: the earlier group, e.g. the readers before the
writers under BACKWARD).  Steps of the same rollout are the deploy actions proposed for the same
commit (``base.head``).  A step whose predecessor was proposed but is not applied yet is refused
unless the person says ``--out-of-order`` with a reason, which goes into the audit log.
"""

from __future__ import annotations

from copilot.actions.store import ActionStore, StoredAction


def _same_rollout(action: StoredAction, other: StoredAction) -> bool:
    a, b = action.proposal, other.proposal
    return (
        b.kind == "deploy"
        and b.target.get("rollout") == a.target.get("rollout")
        and b.base_head == a.base_head
    )


def unmet_predecessors(store: ActionStore, action: StoredAction) -> list[StoredAction]:
    """The earlier steps of `action`'s rollout that are proposed but not applied (one per service,
    the newest proposal of it); empty for anything that is not an ordered deploy step."""
    p = action.proposal
    after = set(p.target.get("after") or ())
    if p.kind != "deploy" or not p.target.get("rollout") or not after:
        return []
    steps: dict[str, list[StoredAction]] = {}
    for other in store.list():
        name = other.proposal.target.get("name")
        if other.id != action.id and name in after and _same_rollout(action, other):
            steps.setdefault(str(name), []).append(other)
    unmet = []
    for name in sorted(steps):
        if not any(s.status == "applied" for s in steps[name]):
            unmet.append(steps[name][-1])
    return sorted(unmet, key=lambda s: int(s.proposal.target.get("step") or 0))


def describe(action: StoredAction, unmet: list[StoredAction]) -> str:
    """One line: which earlier steps are not applied."""
    p = action.proposal
    earlier = ", ".join(
        f"step {s.proposal.target.get('step')} ({s.id}, deploy {s.proposal.target.get('name')}, {s.status})"
        for s in unmet
    )
    return f"{action.id} is step {p.target.get('step')} of the {p.target.get('rollout')} rollout and {earlier} is not applied yet"
