"""Local SQLite stores of the AI reviewer, both under the review's cache directory.

``llm-cache.sqlite3``: validated answers keyed by the sha256 of (endpoint base URL, model, prompt
version, the exact messages), so re-reviewing an unchanged change costs no tokens and another
server never answers for the first; which structured output method an endpoint and model
accepted, so the next call starts with it; and the context window the server reported.

``llm-log.sqlite3``: an append-only audit log of every prompt and response (and every failed
attempt and cache hit), in the spirit of simonw/llm's ``logs.db``: a ``responses`` table plus an
``_llm_migrations`` table recording the schema migrations applied.  It holds only what was
sent — already redacted — and never the API key.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

CACHE_FILE = "llm-cache.sqlite3"
LOG_FILE = "llm-log.sqlite3"


def cache_key(
    model: str, prompt_version: str, messages: list[tuple[str, str]], base_url: str | None = None
) -> str:
    basis = json.dumps(
        {"base_url": base_url, "model": model, "prompt_version": prompt_version, "messages": messages},
        sort_keys=True,
    )
    return hashlib.sha256(basis.encode()).hexdigest()


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=5)
    conn.row_factory = sqlite3.Row
    return conn


@dataclass
class CachedAnswer:
    answer: dict[str, Any]
    prompt_tokens: int
    completion_tokens: int
    method: str
    created: str


class AnswerCache:
    def __init__(self, cache_dir: Path) -> None:
        self.path = Path(cache_dir) / CACHE_FILE
        with closing(_connect(self.path)) as conn, conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, model TEXT, prompt_version TEXT,"
                " method TEXT, answer TEXT, prompt_tokens INTEGER, completion_tokens INTEGER, created TEXT)"
            )
            conn.execute(
                "CREATE TABLE IF NOT EXISTS methods (endpoint TEXT PRIMARY KEY, method TEXT, updated TEXT)"
            )
            conn.execute(
                "CREATE TABLE IF NOT EXISTS windows (endpoint TEXT PRIMARY KEY, tokens INTEGER, updated TEXT)"
            )

    def get(self, key: str) -> CachedAnswer | None:
        with closing(_connect(self.path)) as conn:
            row = conn.execute("SELECT * FROM answers WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            answer = json.loads(row["answer"])
        except (TypeError, json.JSONDecodeError):
            return None
        return CachedAnswer(
            answer,
            row["prompt_tokens"] or 0,
            row["completion_tokens"] or 0,
            row["method"] or "",
            row["created"] or "",
        )

    def put(
        self,
        key: str,
        model: str,
        prompt_version: str,
        method: str,
        answer: dict[str, Any],
        prompt_tokens: int,
        completion_tokens: int,
    ) -> None:
        with closing(_connect(self.path)) as conn, conn:
            conn.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    model,
                    prompt_version,
                    method,
                    json.dumps(answer),
                    prompt_tokens,
                    completion_tokens,
                    _now(),
                ),
            )

    def method_for(self, endpoint: str) -> str | None:
        with closing(_connect(self.path)) as conn:
            row = conn.execute("SELECT method FROM methods WHERE endpoint = ?", (endpoint,)).fetchone()
        return row["method"] if row else None

    def remember_method(self, endpoint: str, method: str) -> None:
        with closing(_connect(self.path)) as conn, conn:
            conn.execute("INSERT OR REPLACE INTO methods VALUES (?, ?, ?)", (endpoint, method, _now()))


    def window_for(self, endpoint: str) -> int | None:
        with closing(_connect(self.path)) as conn:
            row = conn.execute("SELECT tokens FROM windows WHERE endpoint = ?", (endpoint,)).fetchone()
        return int(row["tokens"]) if row and row["tokens"] else None

    def remember_window(self, endpoint: str, tokens: int) -> None:
        with closing(_connect(self.path)) as conn, conn:
            conn.execute("INSERT OR REPLACE INTO windows VALUES (?, ?, ?)", (endpoint, tokens, _now()))


# -- the audit log -------------------------------------------------------------------------


def _m001_initial(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE responses (
            id TEXT PRIMARY KEY,
            datetime_utc TEXT,
            provider TEXT,
            base_url TEXT,
            model TEXT,
            prompt_version TEXT,
            method TEXT,
            system TEXT,
            prompt TEXT,
            response TEXT,
            error TEXT,
            input_tokens INTEGER,
            output_tokens INTEGER,
            duration_ms INTEGER,
            cached INTEGER NOT NULL DEFAULT 0,
            cache_key TEXT
        )"""
    )


def _m002_indexes(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE INDEX responses_cache_key ON responses (cache_key)")
    conn.execute("CREATE INDEX responses_datetime ON responses (datetime_utc)")


def _m003_review_range(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE responses ADD COLUMN review_range TEXT")


MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("m001_initial", _m001_initial),
    ("m002_indexes", _m002_indexes),
    ("m003_review_range", _m003_review_range),
]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded in `_llm_migrations`; returns their names."""
    conn.execute("CREATE TABLE IF NOT EXISTS _llm_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    done = {row[0] for row in conn.execute("SELECT name FROM _llm_migrations")}
    applied = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        with conn:
            fn(conn)
            conn.execute("INSERT INTO _llm_migrations VALUES (?, ?)", (name, _now()))
        applied.append(name)
    return applied


@dataclass
class LogEntry:
    provider: str
    base_url: str | None
    model: str
    prompt_version: str
    method: str
    system: str
    prompt: str
    response: str | None = None
    error: str | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    duration_ms: int = 0
    cached: bool = False
    cache_key: str | None = None
    review_range: str | None = None


class CallLog:
    def __init__(self, cache_dir: Path) -> None:
        self.path = Path(cache_dir) / LOG_FILE
        with closing(_connect(self.path)) as conn:
            migrate(conn)

    def record(self, entry: LogEntry) -> str:
        row_id = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"  # sorts by time, like a ULID
        with closing(_connect(self.path)) as conn, conn:
            conn.execute(
                "INSERT INTO responses (id, datetime_utc, provider, base_url, model, prompt_version, method, system,"
                " prompt, response, error, input_tokens, output_tokens, duration_ms, cached, cache_key, review_range)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row_id,
                    _now(),
                    entry.provider,
                    entry.base_url,
                    entry.model,
                    entry.prompt_version,
                    entry.method,
                    entry.system,
                    entry.prompt,
                    entry.response,
                    entry.error,
                    entry.input_tokens,
                    entry.output_tokens,
                    entry.duration_ms,
                    int(entry.cached),
                    entry.cache_key,
                    entry.review_range,
                ),
            )
        return row_id


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
