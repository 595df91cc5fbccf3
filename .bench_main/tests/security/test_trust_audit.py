"""Issue 9, item 8, through the CLI: the audit log cannot be silently emptied, and resetting a row in
SQLite cannot apply an action twice."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from copilot.actions.anchor import REF
from copilot.actions.audit import GENESIS, entry_hash
from copilot.actions.propose import deploy_proposal
from copilot.actions.store import ActionStore
from copilot.cli import main
from copilot.config import load_config
from tests.conftest import MakeRepo, git

CONFIG = '[deploy]\ncount = "echo applied >> applied.txt"\nother = "echo other"\n'


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def db_path(repo: Path) -> Path:
    return repo / ".git" / "pipeline-copilot" / "actions.db"


def raw_db(repo: Path) -> sqlite3.Connection:
    """A direct connection, append-only triggers dropped: what a tamperer has."""
    conn = sqlite3.connect(db_path(repo), isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    return conn


def propose(repo: Path, name: str) -> str:
    proposal = deploy_proposal(repo, load_config(repo), name, f"Deploy {name}", "r", ["fp"], 1)
    assert proposal is not None
    with ActionStore(repo) as store:
        return store.save(proposal).id


@pytest.fixture
def history(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> Path:
    """Five entries: proposed A1, proposed A2, approved A1, applied A1, rejected A2."""
    repo = make_repo({".pipeline-copilot.toml": CONFIG})
    first, second = propose(repo, "count"), propose(repo, "other")
    assert run(capsys, "approve", first, "--yes", "--reason", "ok", "--repo", repo)[0] == 0
    assert run(capsys, "apply", first, "--repo", repo)[0] == 0
    assert run(capsys, "reject", second, "--reason", "no", "--repo", repo)[0] == 0
    assert run(capsys, "audit", "verify", "--repo", repo)[1].strip() == "audit log intact: 5 entries"
    return repo


def verify(capsys: pytest.CaptureFixture[str], repo: Path) -> str:
    code, out, err = run(capsys, "audit", "verify", "--repo", repo)
    assert code == 1, (out, err)
    return out


def test_the_anchor_is_a_git_ref_outside_the_database(history: Path) -> None:
    blob = git(history, "rev-parse", REF).strip()
    text = git(history, "cat-file", "-p", blob)
    with ActionStore(history) as store:
        head = store.audit_entries()[-1].hash
    assert text.splitlines()[1:] == ["count 5", f"head {head}"]


def test_a_store_truncated_to_zero_bytes_is_detected(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db_path(history)}{suffix}")
        if path.exists():
            path.write_bytes(b"")
    assert "the anchor records 5 entries but the log has 0" in verify(capsys, history)


def test_a_deleted_store_is_detected(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in db_path(history).parent.glob("actions.db*"):
        path.unlink()
    assert "the anchor records 5 entries but the log has 0" in verify(capsys, history)


def test_an_emptied_store_is_detected(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = raw_db(history)
    for table in ("audit", "proposals", "acknowledgements"):
        conn.execute(f"DELETE FROM {table}")
    conn.close()
    assert "the anchor records 5 entries but the log has 0" in verify(capsys, history)


def _rechain(conn: sqlite3.Connection) -> None:
    """Recompute every hash so the chain itself verifies."""
    prev = GENESIS
    rows = conn.execute("SELECT * FROM audit ORDER BY seq").fetchall()
    cols = [d[0] for d in conn.execute("SELECT * FROM audit LIMIT 1").description]
    for row in rows:
        entry = dict(zip(cols, row, strict=True))
        body = {k: entry[k] for k in cols if k not in ("prev_hash", "hash")}
        body["interactive"] = None if body["interactive"] is None else bool(body["interactive"])
        digest = entry_hash(prev, body)
        conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, entry["seq"]))
        prev = digest


def test_a_rechained_store_is_detected(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = raw_db(history)
    conn.execute("UPDATE audit SET reason = 'approved by the boss' WHERE seq = 3")
    _rechain(conn)
    conn.close()
    out = verify(capsys, history)
    assert "entry 5 is not the entry the anchor records (the log was re-chained or replaced)" in out


def test_a_rechained_shorter_store_is_detected(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = raw_db(history)
    conn.execute("DELETE FROM audit WHERE seq = 5")
    conn.execute("UPDATE proposals SET status = 'proposed', audit_seq = 2 WHERE id = 'A2'")
    _rechain(conn)
    conn.close()
    assert "the anchor records 5 entries but the log has 4" in verify(capsys, history)


def test_a_deleted_anchor_is_detected(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(history, "update-ref", "-d", REF)
    assert f"no anchor ({REF} is missing" in verify(capsys, history)


def test_a_new_entry_after_tampering_does_not_bless_it(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in db_path(history).parent.glob("actions.db*"):
        path.unlink()
    action = propose(history, "count")  # a fresh log: entry 1
    assert "the anchor records 5 entries but the log has 1" in verify(capsys, history)
    code, _out, err = run(capsys, "approve", action, "--yes", "--repo", history)
    assert code == 2 and "the audit log is broken" in err
    assert (history / "applied.txt").read_text() == "applied\n"  # applied once, by the fixture


def test_resetting_the_status_in_sqlite_cannot_apply_twice(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = raw_db(history)
    approval = conn.execute("SELECT seq, digest FROM audit WHERE action_id = 'A1' AND event = 'approved'").fetchone()
    conn.execute(
        "UPDATE proposals SET status = 'approved', approved_digest = ?, audit_seq = ? WHERE id = 'A1'",
        (approval[1], approval[0]),
    )
    conn.close()
    code, _out, err = run(capsys, "apply", "A1", "--repo", history)
    assert code == 2 and err.count("\n") == 1
    assert "the audit log is broken" in err and "A1 is 'approved' but the log records a later decision" in err
    assert (history / "applied.txt").read_text() == "applied\n"
    assert "the log records a later decision about it (the store's status was reset)" in verify(capsys, history)


def test_the_log_itself_is_checked_when_claiming(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Even with the row and verify agreeing, apply's claim reads the log: no earlier apply, one approval."""
    from copilot.actions.audit import apply_problem

    repo = make_repo({".pipeline-copilot.toml": CONFIG})
    action = propose(repo, "count")
    assert run(capsys, "approve", action, "--yes", "--repo", repo)[0] == 0
    with ActionStore(repo) as store:
        digest = store.get(action).digest
        assert apply_problem(store.conn, action, digest) is None
        assert "of another digest" in (apply_problem(store.conn, action, "sha256:other") or "")
    assert run(capsys, "apply", action, "--repo", repo)[0] == 0
    with ActionStore(repo) as store:
        assert apply_problem(store.conn, action, digest) == f"{action} was already applied (audit entry 3)"


def test_an_acknowledgement_inserted_behind_the_logs_back_does_not_unblock_a_push(make_repo: MakeRepo) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import GIT_ENV, commit
    from tests.review.helpers import BASE, CONSUMER

    repo = make_repo(BASE)
    base = git(repo, "rev-parse", "HEAD").strip()
    head = commit(repo, {"fraud/worker.py": CONSUMER.replace('"group.id": "fraud"', '"group.id": "fraud-v2"')})

    def pre_push() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "copilot", "hook", "run", "pre-push", "origin", "file:///nowhere"],
            cwd=repo, env={**os.environ, **GIT_ENV}, input=f"refs/heads/main {head} refs/heads/main {base}\n",
            capture_output=True, text=True, start_new_session=True, timeout=300,
        )  # fmt: skip

    blocked = pre_push()
    assert blocked.returncode == 1 and "consumer-group-change" in blocked.stderr
    fingerprint = next(ln.split()[2] for ln in blocked.stderr.splitlines() if ln.strip().startswith("pipeline-copilot ack "))
    conn = raw_db(repo)
    conn.execute(
        "INSERT INTO acknowledgements (fingerprint, base, head, reason, audit_seq, created_at)"
        " VALUES (?, ?, ?, 'forged', NULL, '2026-01-01T00:00:00Z')",
        (fingerprint, base, head),
    )
    conn.close()
    assert pre_push().returncode == 1  # the forged row is not in the audit log
    assert main(["ack", fingerprint, "--range", f"{base}..{head}", "--reason", "ok", "--repo", str(repo)]) == 0
    assert pre_push().returncode == 0  # a real acknowledgement replaces the forged row
    with ActionStore(repo) as store:
        [ack] = store.acknowledgements()
        assert ack.reason == "ok" and store.verify_audit().ok
