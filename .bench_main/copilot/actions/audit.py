"""The append-only, hash-chained audit log of every decision.

Each entry stores ``prev_hash`` (the previous entry's hash; 64 zeros for the first) and
``hash = sha256(prev_hash + canonical JSON of the entry)``, where the entry is every column except
the two hashes (its ``seq`` included).  Editing an entry breaks its hash; deleting, inserting or
reordering breaks the ``seq`` sequence or the link to the previous entry.  Entries that rows of the
store point at (each proposal's and acknowledgement's latest decision) are cross-checked by
``ActionStore.verify_audit``, which catches entries cut off the end.

The chain's end is anchored outside the database (``copilot.actions.anchor``: a git ref holding the
entry count and head hash), so a store truncated, deleted, emptied or re-chained is detected too.
``apply_problem`` reads the log itself, not the proposal row, before anything is applied.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from copilot.actions.canonical import canonical_json, sha256_hex
from copilot.actions.db import utc_now
from copilot.actions.identity import Actor

GENESIS = "0" * 64
EVENTS = ("proposed", "approved", "rejected", "applied", "failed", "stale", "acknowledged")
COLUMNS = (
    "seq", "ts", "event", "action_id", "digest", "subject", "actor_name", "actor_email", "os_user",
    "interactive", "reason", "result",
)  # fmt: skip


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: str
    event: str
    action_id: str | None
    digest: str | None
    subject: str | None
    actor: Actor
    interactive: bool | None
    reason: str | None
    result: str | None
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        """What the hash covers."""
        return {
            "seq": self.seq,
            "ts": self.ts,
            "event": self.event,
            "action_id": self.action_id,
            "digest": self.digest,
            "subject": self.subject,
            "actor_name": self.actor.name,
            "actor_email": self.actor.email,
            "os_user": self.actor.os_user,
            "interactive": self.interactive,
            "reason": self.reason,
            "result": self.result,
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "prev_hash": self.prev_hash, "hash": self.hash}

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> AuditEntry:
        interactive = row["interactive"]
        return cls(
            seq=row["seq"],
            ts=row["ts"],
            event=row["event"],
            action_id=row["action_id"],
            digest=row["digest"],
            subject=row["subject"],
            actor=Actor(name=row["actor_name"], email=row["actor_email"], os_user=row["os_user"]),
            interactive=None if interactive is None else bool(interactive),
            reason=row["reason"],
            result=row["result"],
            prev_hash=row["prev_hash"],
            hash=row["hash"],
        )


def entry_hash(prev_hash: str, body: dict[str, Any]) -> str:
    return sha256_hex(prev_hash + canonical_json(body))


def append(
    conn: sqlite3.Connection,
    event: str,
    actor: Actor,
    *,
    action_id: str | None = None,
    digest: str | None = None,
    subject: str | None = None,
    interactive: bool | None = None,
    reason: str | None = None,
    result: str | None = None,
) -> AuditEntry:
    """Add an entry; call inside the transaction that makes the decision it records."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last["seq"] + 1, last["hash"]) if last else (1, GENESIS)
    draft = AuditEntry(
        seq, utc_now(), event, action_id, digest, subject, actor, interactive, reason, result, prev, ""
    )
    entry = AuditEntry(**{**draft.__dict__, "hash": entry_hash(prev, draft.body())})
    values = entry.body()
    values["interactive"] = None if interactive is None else int(interactive)
    conn.execute(
        f"INSERT INTO audit ({', '.join(COLUMNS)}, prev_hash, hash) "
        f"VALUES ({', '.join('?' for _ in COLUMNS)}, ?, ?)",
        [values[c] for c in COLUMNS] + [entry.prev_hash, entry.hash],
    )
    return entry


def entries(conn: sqlite3.Connection) -> list[AuditEntry]:
    return [AuditEntry.from_row(r) for r in conn.execute("SELECT * FROM audit ORDER BY seq")]


def entry(conn: sqlite3.Connection, seq: int) -> AuditEntry | None:
    row = conn.execute("SELECT * FROM audit WHERE seq = ?", (seq,)).fetchone()
    return AuditEntry.from_row(row) if row else None


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    head: str  # hash of the last intact entry
    broken_at: int | None = None
    problem: str | None = None

    def message(self) -> str:
        if self.ok:
            return f"audit log intact: {self.entries} entries"
        return f"audit log broken at entry {self.broken_at}: {self.problem}"

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "head": self.head,
            "broken_at": self.broken_at,
            "problem": self.problem,
        }


def verify_chain(conn: sqlite3.Connection) -> Verdict:
    """Walk the chain from the first entry; report the first one that does not hold."""
    prev = GENESIS
    count = 0
    for expected, item in enumerate(entries(conn), 1):
        if item.seq != expected:
            return Verdict(False, count, prev, expected, f"entry {expected} is missing (deleted)")
        if entry_hash(item.prev_hash, item.body()) != item.hash:
            return Verdict(False, count, prev, item.seq, "its contents do not match its hash (edited)")
        if item.prev_hash != prev:
            return Verdict(
                False, count, prev, item.seq,
                f"it does not follow entry {item.seq - 1} (entries deleted, inserted or reordered)",
            )  # fmt: skip
        prev = item.hash
        count += 1
    return Verdict(True, count, prev)


def apply_problem(conn: sqlite3.Connection, action_id: str, digest: str) -> str | None:
    """Why the audit log does not allow applying ``action_id`` now: it must hold no earlier apply of
    it, and exactly one standing approval (since the last failure, rejection or staleness) of ``digest``."""
    rows = conn.execute("SELECT * FROM audit WHERE action_id = ? ORDER BY seq", (action_id,))
    standing: list[AuditEntry] = []
    for item in (AuditEntry.from_row(r) for r in rows):
        if item.event == "applied":
            return f"{action_id} was already applied (audit entry {item.seq})"
        if item.event in ("failed", "rejected", "stale"):
            standing = []  # an approval is used up or withdrawn by these
        elif item.event == "approved":
            standing.append(item)
    if len(standing) != 1:
        return f"the audit log holds {len(standing)} standing approvals of {action_id}, not exactly one"
    if standing[0].digest != digest:
        return f"the audit log's approval of {action_id} (entry {standing[0].seq}) is of another digest"
    return None
