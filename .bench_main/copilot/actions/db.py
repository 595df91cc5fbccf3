"""The SQLite file behind ActionStore: connection settings, numbered migrations, transactions.

WAL mode so readers never block the writer; a busy timeout so concurrent writers wait instead of
failing; every write in ``BEGIN IMMEDIATE`` so a read-check-write sequence (e.g. "is it approved?
then mark it applying") cannot interleave with another process.  Migrations are applied in order
and recorded in ``schema_version`` (like simonw/llm's migrations).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from copilot.errors import CopilotError

BUSY_TIMEOUT_MS = 30_000

_APPEND_ONLY = [
    f"CREATE TRIGGER audit_no_{verb.lower()} BEFORE {verb} ON audit "
    f"BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    for verb in ("UPDATE", "DELETE")
]

# (version, statements).  Never edit a released migration: add the next number.
MIGRATIONS: list[tuple[int, list[str]]] = [
    (
        1,
        [
            """CREATE TABLE proposals (
                id TEXT PRIMARY KEY,
                n INTEGER NOT NULL UNIQUE,
                digest TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                json TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN
                    ('proposed','approved','applying','rejected','applied','failed','stale')),
                approved_digest TEXT,
                audit_seq INTEGER,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL)""",
            """CREATE TABLE acknowledgements (
                n INTEGER PRIMARY KEY AUTOINCREMENT,
                fingerprint TEXT NOT NULL,
                base TEXT NOT NULL,
                head TEXT NOT NULL,
                reason TEXT,
                actor_name TEXT,
                actor_email TEXT,
                os_user TEXT,
                audit_seq INTEGER,
                created_at TEXT NOT NULL,
                UNIQUE (fingerprint, base, head))""",
            "CREATE INDEX acknowledgements_head ON acknowledgements (fingerprint, head)",
            """CREATE TABLE audit (
                seq INTEGER PRIMARY KEY,
                ts TEXT NOT NULL,
                event TEXT NOT NULL,
                action_id TEXT,
                digest TEXT,
                subject TEXT,
                actor_name TEXT,
                actor_email TEXT,
                os_user TEXT,
                interactive INTEGER,
                reason TEXT,
                result TEXT,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL)""",
            *_APPEND_ONLY,
        ],
    ),
]
LATEST = MIGRATIONS[-1][0]


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; rolled back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    if _version(conn) == LATEST:
        return
    with transaction(conn):
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        current = _version(conn)  # again, under the write lock: another process may have migrated
        if current > LATEST:
            raise CopilotError(f"{path}: written by a newer pipeline-copilot (schema version {current})")
        for version, statements in MIGRATIONS:
            if version <= current:
                continue
            for statement in statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (version, utc_now())
            )


def _while_locked(step: Callable[[], object], attempts: int = 100) -> None:
    """Retry a step SQLite refuses with "database is locked" without calling the busy handler
    (switching a brand-new file to WAL while another process creates it does that)."""
    for attempt in range(attempts):
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


def connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _while_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"))
        conn.execute("PRAGMA synchronous = FULL")
        _while_locked(lambda: migrate(conn, path))
    except sqlite3.DatabaseError as exc:
        raise CopilotError(f"{path}: cannot open the actions store: {exc}") from None
    return conn
