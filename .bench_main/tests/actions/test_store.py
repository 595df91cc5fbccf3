"""The SQLite store: where it lives, ids, idempotent saves, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from copilot.actions import db
from copilot.actions.errors import UnknownAction
from copilot.actions.propose import patch_proposal
from copilot.actions.store import ActionStore
from copilot.model.findings import ActionSummary
from tests.actions.conftest import db_path, propose_fix
from tests.conftest import git


def test_store_lives_in_the_git_common_dir_not_the_tree(repo: Path) -> None:
    propose_fix(repo)
    assert db_path(repo).is_file()
    assert db_path(repo).parent == repo / ".git" / "pipeline-copilot"
    untracked = git(repo, "status", "--porcelain", "--untracked-files=all", "--ignored")
    assert "pipeline-copilot" not in untracked
    assert "actions.db" not in untracked


def test_worktrees_share_one_store(repo: Path, tmp_path: Path) -> None:
    action_id = propose_fix(repo)
    git(repo, "worktree", "add", "-q", str(tmp_path / "wt"), "-b", "other")
    with ActionStore(tmp_path / "wt") as store:
        assert store.path == db_path(repo)
        assert store.get(action_id).title == "Keep per-order ordering"


def test_ids_are_sequential_and_save_is_idempotent(repo: Path) -> None:
    one = patch_proposal(repo, "one", "r", {"README.md": "1\n"}, ["fp"])
    two = patch_proposal(repo, "two", "r", {"README.md": "2\n"}, ["fp"])
    with ActionStore(repo) as store:
        first = store.save(one)
        second = store.save(two)
        assert (first.id, second.id) == ("A1", "A2")
        assert one.id == "A1" and one.summary() == ActionSummary("A1", "patch", "one", one.digest, "proposed")
        store.decide("A1", "rejected", allowed_from=("proposed",), verb="reject", reason="no")
        again = store.save(patch_proposal(repo, "one, re-run", "r", {"README.md": "1\n"}, ["fp"]))
        assert (again.id, again.status) == ("A1", "rejected")  # same digest: the stored one, its status kept
        assert [a.id for a in store.list()] == ["A1", "A2"]
        assert store.get("a2").id == "A2"
        assert second.summary().to_json() == {
            "id": "A2", "kind": "patch", "title": "two", "digest": two.digest, "status": "proposed",
        }  # fmt: skip
        events = [e.event for e in store.audit_entries()]
        assert events == ["proposed", "proposed", "rejected"]  # the re-save logged nothing
    with ActionStore(repo) as store:  # ids are stable across opens
        assert store.get("A2").proposal.title == "two"
        assert store.save(patch_proposal(repo, "three", "r", {"README.md": "3\n"}, ["fp"])).id == "A3"


def test_unknown_id(repo: Path) -> None:
    with ActionStore(repo) as store, pytest.raises(UnknownAction, match="unknown action 'A9'"):
        store.get("A9")


def test_database_settings_and_migrations(repo: Path) -> None:
    propose_fix(repo)
    conn = sqlite3.connect(db_path(repo))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == [m[0] for m in db.MIGRATIONS]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"proposals", "acknowledgements", "audit", "schema_version"} <= tables
    conn.close()


def test_migrations_run_in_order_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.db"
    db.connect(path).close()
    extra = [(2, ["CREATE TABLE extra_one (x)"]), (3, ["ALTER TABLE extra_one ADD COLUMN y"])]
    monkeypatch.setattr(db, "MIGRATIONS", db.MIGRATIONS + extra)
    monkeypatch.setattr(db, "LATEST", 3)
    conn = db.connect(path)
    conn.close()
    conn = db.connect(path)  # nothing left to run: no "table already exists"
    assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")] == [1, 2, 3]
    assert [r[1] for r in conn.execute("PRAGMA table_info(extra_one)")] == ["x", "y"]
    conn.close()


def test_a_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    conn = db.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (99, 'later')")
    conn.close()
    with pytest.raises(Exception, match="newer pipeline-copilot"):
        db.connect(path)


def test_audit_rows_cannot_be_updated_or_deleted_through_sqlite(repo: Path) -> None:
    propose_fix(repo)
    conn = sqlite3.connect(db_path(repo))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit SET reason = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit")
    conn.close()


def test_store_outside_a_repository(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="not a git repository"):
        ActionStore(tmp_path)
