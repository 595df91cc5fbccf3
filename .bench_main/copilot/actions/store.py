"""ActionStore: proposals, their status, acknowledgements and the audit log, in one SQLite file.

The file lives at ``<git common dir>/pipeline-copilot/actions.db`` (shared by all worktrees, never
in the tracked tree).  Ids are ``A1``, ``A2``, ... in the order proposals were first saved; saving a
proposal whose digest is already stored returns the stored one, with its id and status -- unless
that one is spent (``stale`` or ``applied``): then the proposal is a new action bound to today's
state, whose base names the one it supersedes (so its digest differs), and the old row keeps its
status and audit history.

Every decision is one ``BEGIN IMMEDIATE`` transaction that checks the current status, writes the
audit entry and moves the status, so two processes can never both approve-then-apply the same row.
"""

from __future__ import annotations

import builtins
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copilot import git
from copilot.actions import anchor, audit, db
from copilot.actions.canonical import canonical_json
from copilot.actions.errors import ActionRefused, UnknownAction
from copilot.actions.identity import Actor, current_actor
from copilot.actions.model import Proposal
from copilot.model.findings import ActionSummary

STORE_DIR = "pipeline-copilot"
SPENT = ("stale", "applied")  # a new review proposing the same remedy again gets a new action
STATUS_EVENT = {
    "proposed": "proposed",
    "approved": "approved",
    "applying": "approved",  # claimed for apply; the approval is still its latest decision
    "rejected": "rejected",
    "applied": "applied",
    "failed": "failed",
    "stale": "stale",
}


@dataclass
class StoredAction:
    """A proposal as stored: what ``ActionSummary`` shows plus the full proposal and its history."""

    id: str
    kind: str
    title: str
    digest: str  # the digest stored when it was proposed
    status: str
    proposal: Proposal
    approved_digest: str | None
    audit_seq: int | None
    created_at: str
    updated_at: str

    @property
    def intact(self) -> bool:
        """Does the stored content still hash to the stored digest?"""
        return self.proposal.digest == self.digest

    def summary(self) -> ActionSummary:
        return ActionSummary(
            id=self.id, kind=self.kind, title=self.title, digest=self.digest, status=self.status
        )

    def to_json(self) -> dict[str, Any]:
        return self.summary().to_json()

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> StoredAction:
        proposal = Proposal.from_json(json.loads(row["json"]))
        proposal.id, proposal.status = row["id"], row["status"]
        return cls(
            id=row["id"],
            kind=row["kind"],
            title=row["title"],
            digest=row["digest"],
            status=row["status"],
            proposal=proposal,
            approved_digest=row["approved_digest"],
            audit_seq=row["audit_seq"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )


@dataclass(frozen=True)
class Acknowledgement:
    fingerprint: str
    base: str
    head: str
    reason: str | None
    actor: Actor
    created_at: str
    audit_seq: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "base": self.base,
            "head": self.head,
            "reason": self.reason,
            "by": {"name": self.actor.name, "email": self.actor.email, "os_user": self.actor.os_user},
            "created_at": self.created_at,
        }

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Acknowledgement:
        return cls(
            fingerprint=row["fingerprint"],
            base=row["base"],
            head=row["head"],
            reason=row["reason"],
            actor=Actor(row["actor_name"], row["actor_email"], row["os_user"]),
            created_at=row["created_at"],
            audit_seq=row["audit_seq"],
        )


def refusal(action_id: str, status: str, verb: str) -> str:
    """Why ``verb`` (approve | reject | apply) is not possible in ``status``: one line."""
    reasons = {
        "applied": f"{action_id} was already applied",
        "applying": f"{action_id} is being applied right now (by another process)",
        "stale": f"{action_id} is stale: the repository moved on since it was proposed; "
        "review again for a fresh proposal",
        "approved": f"{action_id} is already approved",
        "rejected": f"{action_id} was rejected"
        + (f"; approve it before you {verb} it" if verb == "apply" else ""),
        "failed": f"{action_id} failed when it was applied; approve it again to retry",
        "proposed": f"{action_id} is not approved; run `pipeline-copilot approve {action_id}` first",
    }
    return f"cannot {verb}: " + reasons.get(status, f"{action_id} has status {status!r}")


def normalise_id(action_id: str) -> str:
    return action_id.strip().upper()


class ActionStore:
    """The repository's proposals, acknowledgements and audit log."""

    def __init__(self, repo_root: str | Path, actor: Actor | None = None) -> None:
        self.root = git.toplevel(repo_root)
        self.dir = git.common_dir(self.root) / STORE_DIR
        self.path = self.dir / "actions.db"
        self.conn = db.connect(self.path)
        self._actor = actor
        self._moved: builtins.list[anchor.Anchor] | None = None

    # -- plumbing ---------------------------------------------------------------------------------

    @property
    def actor(self) -> Actor:
        if self._actor is None:
            self._actor = current_actor(self.root)
        return self._actor

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ActionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; the anchor moves with the entries and back on rollback."""
        moved: builtins.list[anchor.Anchor] = []
        self._moved = moved
        try:
            with db.transaction(self.conn):
                yield
        except BaseException:
            for previous in reversed(moved):
                anchor.restore(self.root, previous)
            raise
        finally:
            self._moved = None

    def _append(self, event: str, **fields: object) -> audit.AuditEntry:
        """An audit entry, and the anchor moved to it (inside ``_transaction``)."""
        entry = audit.append(self.conn, event, self.actor, **fields)  # type: ignore[arg-type]
        previous = anchor.advance(self.root, entry.seq - 1, entry.prev_hash, entry.seq, entry.hash)
        if previous is not None and self._moved is not None:
            self._moved.append(previous)
        return entry

    def _row(self, action_id: str) -> sqlite3.Row:
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT * FROM proposals WHERE id = ?", (normalise_id(action_id),)
        ).fetchone()
        if row is None:
            raise UnknownAction(f"unknown action {action_id!r} (see `pipeline-copilot actions list`)")
        return row

    # -- proposals --------------------------------------------------------------------------------

    def save(self, proposal: Proposal) -> StoredAction:
        """Store a proposal (idempotent by digest) and log it; fills in ``proposal.id``/``.status``.

        When the stored action with this digest is spent (stale or applied), ``base.supersedes`` is
        set to its id and the lookup repeats; each step moves to a later id, so it ends."""
        with self._transaction():
            while True:
                digest = proposal.digest
                row = self.conn.execute("SELECT * FROM proposals WHERE digest = ?", (digest,)).fetchone()
                if row is None or row["status"] not in SPENT:
                    break
                proposal.base = {**proposal.base, "supersedes": row["id"]}
            if row is None:
                n = self.conn.execute("SELECT COALESCE(MAX(n), 0) + 1 FROM proposals").fetchone()[0]
                action_id = f"A{n}"
                entry = self._append(
                    "proposed", action_id=action_id, digest=digest, subject=f"{proposal.kind}: {proposal.title}"
                )
                now = db.utc_now()
                self.conn.execute(
                    "INSERT INTO proposals (id, n, digest, kind, title, json, status, audit_seq, created_at,"
                    " updated_at) VALUES (?, ?, ?, ?, ?, ?, 'proposed', ?, ?, ?)",
                    (action_id, n, digest, proposal.kind, proposal.title,
                     canonical_json(proposal.to_json()), entry.seq, now, now),
                )  # fmt: skip
                row = self.conn.execute("SELECT * FROM proposals WHERE id = ?", (action_id,)).fetchone()
        stored = StoredAction.from_row(row)
        proposal.id, proposal.status = stored.id, stored.status
        return stored

    def get(self, action_id: str) -> StoredAction:
        """The action with that id; UnknownAction (a one-line CopilotError) when there is none."""
        return StoredAction.from_row(self._row(action_id))

    def list(self) -> list[StoredAction]:
        return [StoredAction.from_row(r) for r in self.conn.execute("SELECT * FROM proposals ORDER BY n")]

    def _binding_problem(self, row: sqlite3.Row) -> str | None:
        """Why a stored proposal's content is not what was proposed (or approved), if it is not."""
        stored = StoredAction.from_row(row)
        if not stored.intact:
            return f"{stored.id}'s stored content no longer matches its digest {stored.digest} (changed in the store)"
        if row["status"] in ("approved", "applying"):
            if row["approved_digest"] != stored.digest:
                return f"{stored.id}'s content ({stored.proposal.digest}) is not what was approved"
            approval = audit.entry(self.conn, row["audit_seq"]) if row["audit_seq"] else None
            if (
                approval is None
                or approval.event != "approved"
                or approval.action_id != stored.id
                or approval.digest != stored.proposal.digest
            ):
                return f"{stored.id} has no approval of digest {stored.proposal.digest} in the audit log"
        return None

    def binding_problem(self, action_id: str) -> str | None:
        return self._binding_problem(self._row(action_id))

    def decide(
        self,
        action_id: str,
        event: str,
        *,
        allowed_from: tuple[str, ...],
        verb: str,
        reason: str | None = None,
        result: str | None = None,
        interactive: bool | None = None,
        expect_digest: str | None = None,
    ) -> StoredAction:
        """Record a decision (approved, rejected, stale, applied, failed) and move the status."""
        with self._transaction():
            row = self._row(action_id)
            if row["status"] not in allowed_from:
                raise ActionRefused(refusal(row["id"], row["status"], verb))
            problem = self._binding_problem(row)
            if problem and event in ("approved", "applied"):
                raise ActionRefused(f"cannot {verb}: {problem}")
            if expect_digest is not None and row["digest"] != expect_digest:
                raise ActionRefused(f"cannot {verb}: {row['id']} changed while you were reviewing it")
            entry = self._append(
                event, action_id=row["id"], digest=row["digest"], subject=f"{row['kind']}: {row['title']}",
                interactive=interactive, reason=reason, result=result,
            )  # fmt: skip
            approved = row["digest"] if event == "approved" else row["approved_digest"]
            if event in ("rejected", "stale", "failed"):
                approved = None  # an approval is used up or withdrawn; retrying needs a new one
            self.conn.execute(
                "UPDATE proposals SET status = ?, approved_digest = ?, audit_seq = ?, updated_at = ? WHERE id = ?",
                (event, approved, entry.seq, db.utc_now(), row["id"]),
            )
        return self.get(action_id)

    def claim(self, action_id: str) -> StoredAction:
        """approved -> applying, atomically; refuses unless approved and bound to the approved digest."""
        with self._transaction():
            row = self._row(action_id)
            if row["status"] != "approved":
                raise ActionRefused(refusal(row["id"], row["status"], "apply"))
            problem = self._binding_problem(row) or audit.apply_problem(self.conn, row["id"], row["digest"])
            if problem:
                raise ActionRefused(f"cannot apply: {problem}")
            self.conn.execute(
                "UPDATE proposals SET status = 'applying', updated_at = ? WHERE id = ? AND status = 'approved'",
                (db.utc_now(), row["id"]),
            )
        return self.get(action_id)

    # -- acknowledgements -------------------------------------------------------------------------

    def acknowledge(
        self,
        fingerprint: str,
        base: str,
        head: str,
        reason: str | None = None,
        interactive: bool | None = None,
    ) -> tuple[Acknowledgement, bool]:
        """Record that a person accepts finding ``fingerprint`` for ``base..head``; (ack, newly made)."""
        with self._transaction():
            row = self.conn.execute(
                "SELECT * FROM acknowledgements WHERE fingerprint = ? AND base = ? AND head = ?",
                (fingerprint, base, head),
            ).fetchone()
            subject = f"{fingerprint} {base}..{head}"
            logged = audit.entry(self.conn, row["audit_seq"]) if row is not None and row["audit_seq"] else None
            if row is not None and logged is not None and logged.event == "acknowledged" and logged.subject == subject:
                return Acknowledgement.from_row(row), False
            if row is not None:  # a row the log does not record (written behind its back): replace it
                self.conn.execute("DELETE FROM acknowledgements WHERE n = ?", (row["n"],))
            entry = self._append("acknowledged", subject=subject, interactive=interactive, reason=reason)
            actor = self.actor
            self.conn.execute(
                "INSERT INTO acknowledgements (fingerprint, base, head, reason, actor_name, actor_email, os_user,"
                " audit_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    fingerprint,
                    base,
                    head,
                    reason,
                    actor.name,
                    actor.email,
                    actor.os_user,
                    entry.seq,
                    entry.ts,
                ),
            )
            row = self.conn.execute(
                "SELECT * FROM acknowledgements WHERE fingerprint = ? AND base = ? AND head = ?",
                (fingerprint, base, head),
            ).fetchone()
        return Acknowledgement.from_row(row), True

    def acknowledgements(self) -> builtins.list[Acknowledgement]:
        rows = self.conn.execute("SELECT * FROM acknowledgements ORDER BY n")
        return [Acknowledgement.from_row(r) for r in rows]

    def is_acknowledged(self, fingerprint: str, base: str, head: str) -> bool:
        """Has a person acknowledged this finding for exactly this pushed code?

        Exact match on the finding fingerprint and the head commit sha.  The head sha pins every
        line that was reviewed: any new commit needs a new acknowledgement, even when the finding's
        fingerprint is unchanged.  ``base`` is recorded with the acknowledgement for the record but
        not compared, so the same head pushed against a moved remote ref stays acknowledged.
        Only an acknowledgement the audit log records counts: a row inserted into the table behind
        the log's back does not.
        """
        del base  # kept in the signature (and stored by acknowledge) for the audit trail
        rows = self.conn.execute(
            "SELECT a.base, a.head, a.fingerprint, l.event, l.subject FROM acknowledgements a"
            " JOIN audit l ON l.seq = a.audit_seq WHERE a.fingerprint = ? AND a.head = ?",
            (fingerprint.strip(), head.strip().lower()),
        )
        return any(
            r["event"] == "acknowledged" and r["subject"] == f"{r['fingerprint']} {r['base']}..{r['head']}" for r in rows
        )

    # -- audit ------------------------------------------------------------------------------------

    def audit_entries(self) -> builtins.list[audit.AuditEntry]:
        return audit.entries(self.conn)

    def verify_audit(self) -> audit.Verdict:
        """The chain, then every row's latest decision must be the entry it points at."""
        verdict = audit.verify_chain(self.conn)
        if not verdict.ok:
            return verdict
        latest = dict(self.conn.execute("SELECT action_id, MAX(seq) FROM audit GROUP BY action_id").fetchall())
        for row in self.conn.execute("SELECT * FROM proposals ORDER BY n"):
            item = audit.entry(self.conn, row["audit_seq"]) if row["audit_seq"] else None
            if item is not None and latest.get(row["id"]) != item.seq:
                return audit.Verdict(
                    False, verdict.entries, verdict.head, latest.get(row["id"]) or verdict.entries + 1,
                    f"{row['id']} is {row['status']!r} but the log records a later decision about it"
                    " (the store's status was reset)",
                )  # fmt: skip
            if (
                item is None
                or item.action_id != row["id"]
                or item.event != STATUS_EVENT.get(row["status"])
                or item.digest != row["digest"]
            ):
                return audit.Verdict(
                    False, verdict.entries, verdict.head, row["audit_seq"] or verdict.entries + 1,
                    f"{row['id']} is {row['status']!r} but the entry recording that decision is missing or"
                    " different (entries cut off the end, or the store edited)",
                )  # fmt: skip
        for row in self.conn.execute("SELECT * FROM acknowledgements ORDER BY n"):
            item = audit.entry(self.conn, row["audit_seq"]) if row["audit_seq"] else None
            if (
                item is None
                or item.event != "acknowledged"
                or item.subject != (f"{row['fingerprint']} {row['base']}..{row['head']}")
            ):
                return audit.Verdict(
                    False, verdict.entries, verdict.head, row["audit_seq"] or verdict.entries + 1,
                    f"the acknowledgement of {row['fingerprint']} has no matching entry (entries cut off the end?)",
                )  # fmt: skip
        problem = anchor.problem(self.root, verdict.entries, verdict.head)
        if problem:
            return audit.Verdict(False, verdict.entries, verdict.head, verdict.entries + 1, problem)
        return verdict
