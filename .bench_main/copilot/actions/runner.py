"""Apply one approved action: the checks, the claim, the work, the record.

Order (each step refuses with a one-line ActionRefused, changing nothing, unless noted):

1. take the action's lock (another process applying it -> refuse);
2. status must be ``approved``, the audit log must verify (chain and anchor), and the stored content
   must hash to the approved digest, which must be the digest of the approval entry in the audit log;
3. the patch's paths must still be safe;
4. the repository must be in the state the proposal expects -> otherwise mark ``stale`` and refuse;
   a deploy step must come after the earlier steps of its rollout (``copilot.actions.rollout``)
   unless the person passes an out-of-order reason, which is recorded with the result;
5. ``BEGIN IMMEDIATE``: approved -> applying (re-checking 2, and that the log itself holds exactly one
   standing approval of the digest and no earlier apply: resetting the row cannot apply twice);
6. do it: a patch all-or-nothing, a schema registration, or the configured deploy command;
7. record ``applied`` or ``failed`` with the result/output in the audit log.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from copilot import git
from copilot.actions import journal, locks, patching, registry, rollout, settings, state, writer
from copilot.actions.canonical import canonical_json
from copilot.actions.deploy import run_command
from copilot.actions.errors import ActionRefused
from copilot.actions.model import ABSENT
from copilot.actions.recovery import restore_patch
from copilot.actions.store import ActionStore, StoredAction, refusal
from copilot.config import Config, load_config

REGISTRY_TIMEOUT = 30.0


@dataclass(frozen=True)
class Outcome:
    action: StoredAction
    ok: bool
    summary: str  # one line
    detail: dict[str, Any]  # what went into the audit log's result


def _apply_patch(store: ActionStore, action: StoredAction) -> tuple[bool, str, dict[str, Any]]:
    root, base = store.root, action.proposal.base_files
    existing = [rel for rel, blob in base.items() if blob != ABSENT]
    modes = {rel: os.stat(root / rel).st_mode & 0o7777 for rel in existing}
    originals: dict[str, bytes | None] = dict.fromkeys(base)
    originals.update({rel: (root / rel).read_bytes() for rel in existing})
    for rel in existing:  # what the journal will restore must be exactly what is there now
        if git.hash_bytes(root, originals[rel] or b"") != base[rel]:
            raise ActionRefused(f"{rel} changed while {action.id} was being applied")
    new = patching.new_contents(root, action.proposal.content, base, modes)
    journal.write(store.dir, action.id, action.digest, base)
    writer.write_all(root, new, originals, modes)
    files = sorted(new)
    return True, f"patched {len(files)} file(s): {', '.join(files)}", {"files": files}


def _deploy(
    store: ActionStore, action: StoredAction, config: Config, timeout: float | None
) -> tuple[bool, str, dict[str, Any]]:
    name = str(action.proposal.target.get("name", ""))
    command = config.deploy[name]  # looked up again now; state.stale_reason checked it is what was approved
    limit = timeout if timeout is not None else settings.deploy_timeout(config)
    env = {
        "PIPELINE_COPILOT_ACTION": action.id,
        "PIPELINE_COPILOT_DIGEST": action.digest,
        "PIPELINE_COPILOT_DEPLOY": name,
        "PIPELINE_COPILOT_STEP": str(action.proposal.target.get("step", "")),
    }
    result = run_command(command, store.root, limit, env)
    if result.timed_out:
        summary = f"deploy {name!r} timed out after {limit:g} s and was killed"
    else:
        summary = f"deploy {name!r} exited with code {result.exit_code}"
    return result.ok, summary, result.to_json()


def _register(action: StoredAction, timeout: float | None) -> tuple[bool, str, dict[str, Any]]:
    target = action.proposal.target
    result = registry.register(
        str(target["registry"]), str(target["subject"]), action.proposal.content, str(target["mode"]),
        timeout if timeout is not None else REGISTRY_TIMEOUT,
    )  # fmt: skip
    last = result.steps[-1]
    summary = (
        f"registered {target['subject']} at {target['registry']}"
        if result.ok
        else f"schema registry answered {last['status']} to {last['method']} {last['url']}"
    )
    return result.ok, summary, result.to_json()


def _execute(
    store: ActionStore, action: StoredAction, config: Config, timeout: float | None
) -> tuple[bool, str, dict[str, Any]]:
    if action.kind == "patch":
        return _apply_patch(store, action)
    if action.kind == "deploy":
        return _deploy(store, action, config, timeout)
    if action.kind == "schema-register":
        return _register(action, timeout)
    raise ActionRefused(f"cannot apply {action.id}: unknown kind {action.kind!r}")


def apply_action(
    store: ActionStore,
    action_id: str,
    *,
    timeout: float | None = None,
    interactive: bool | None = None,
    out_of_order: str | None = None,
) -> Outcome:
    """Apply `action_id`. `out_of_order` is the person's reason to deploy a rollout step before the
    earlier ones are applied (None: such a step is refused)."""
    aid = store.get(action_id).id
    with locks.try_lock(store.dir, aid) as held:
        if not held:
            raise ActionRefused(refusal(aid, "applying", "apply"))
        action = store.get(aid)
        if action.status != "approved":
            raise ActionRefused(refusal(aid, action.status, "apply"))
        problem = store.binding_problem(aid)
        if problem:
            raise ActionRefused(f"cannot apply: {problem}")
        verdict = store.verify_audit()
        if not verdict.ok:
            raise ActionRefused(f"cannot apply {aid}: the audit log is broken ({verdict.message()}); nothing was changed")
        unsafe = state.safety_problem(store.root, action.proposal)
        if unsafe:
            raise ActionRefused(f"cannot apply {aid}: {unsafe}")
        config = load_config(store.root)
        stale = state.stale_reason(store.root, action.proposal, config)
        if stale:
            store.decide(
                aid, "stale", allowed_from=("approved",), verb="apply", result=stale, interactive=interactive
            )
            raise ActionRefused(f"cannot apply: {aid} is stale: {stale}; nothing was changed")
        unmet = rollout.unmet_predecessors(store, action)
        reason = None
        if unmet and out_of_order is None:
            raise ActionRefused(
                f"cannot apply: {rollout.describe(action, unmet)}; apply that first, "
                f"or pass --out-of-order --reason '...'"
            )
        if unmet:
            reason = f"out of order: {rollout.describe(action, unmet)}; {out_of_order}"
        action = store.claim(aid)
        try:
            ok, summary, detail = _execute(store, action, config, timeout)
        except BaseException as exc:
            restore_patch(store, aid)  # a patch's files back as they were (a no-op for other kinds)
            detail = {"error": f"{type(exc).__name__}: {exc}"}
            record = store.decide(
                aid, "failed", allowed_from=("applying",), verb="apply", result=canonical_json(detail),
                interactive=interactive, reason=reason,
            )  # fmt: skip
            if not isinstance(exc, Exception):
                raise
            left = "; the work tree was left unchanged" if action.kind == "patch" else ""
            return Outcome(record, False, f"{detail['error']}{left}", detail)
        if unmet:
            detail = {**detail, "out_of_order": [u.id for u in unmet]}
        record = store.decide(
            aid, "applied" if ok else "failed", allowed_from=("applying",), verb="apply",
            result=canonical_json(detail), interactive=interactive, reason=reason,
        )  # fmt: skip
        journal.remove(store.dir, aid)
        return Outcome(record, ok, summary, detail)
