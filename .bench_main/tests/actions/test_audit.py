"""The hash-chained audit log: `audit verify` finds edits, deletions, reordering and cut-off ends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copilot.actions.audit import GENESIS, entry_hash
from tests.actions.conftest import Cli, propose_fix, raw_db


@pytest.fixture
def history(repo: Path, cli: Cli) -> Path:
    """Five entries: proposed A1, proposed A2, approved A1, applied A1, rejected A2."""
    first = propose_fix(repo)
    from copilot.actions.propose import patch_proposal
    from copilot.actions.store import ActionStore

    with ActionStore(repo) as store:
        second = store.save(patch_proposal(repo, "other", "r", {"README.md": "x\n"}, ["fp"])).id
    assert cli("approve", first, "--yes", "--reason", "ok", "--repo", repo).code == 0
    assert cli("apply", first, "--repo", repo).code == 0
    assert cli("reject", second, "--reason", "not needed", "--repo", repo).code == 0
    return repo


def test_intact_log(history: Path, cli: Cli) -> None:
    result = cli("audit", "verify", "--repo", history)
    assert (result.code, result.out.strip()) == (0, "audit log intact: 5 entries")
    verdict = json.loads(cli("audit", "verify", "--format", "json", "--repo", history).out)
    assert verdict["ok"] is True and verdict["entries"] == 5 and len(verdict["head"]) == 64


def test_log_text_and_json(history: Path, cli: Cli) -> None:
    text = cli("audit", "log", "--repo", history)
    assert text.code == 0
    lines = text.out.strip().splitlines()
    assert [line.split()[2] for line in lines] == ["proposed", "proposed", "approved", "applied", "rejected"]
    assert "Test Author <author@example.com>" in lines[2] and "non-interactive" in lines[2]
    assert "reason: 'not needed'" in lines[4]
    entries = json.loads(cli("audit", "log", "--format", "json", "--repo", history).out)["entries"]
    assert [e["seq"] for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0]["prev_hash"] == GENESIS
    for before, after in zip(entries, entries[1:], strict=False):
        assert after["prev_hash"] == before["hash"]
    for e in entries:
        body = {k: v for k, v in e.items() if k not in ("prev_hash", "hash")}
        assert e["hash"] == entry_hash(e["prev_hash"], body)
    assert entries[2]["digest"].startswith("sha256:") and entries[2]["action_id"] == "A1"
    assert set(entries[2]) >= {
        "ts",
        "event",
        "actor_name",
        "actor_email",
        "os_user",
        "interactive",
        "reason",
        "result",
    }


def _verify(cli: Cli, repo: Path) -> str:
    result = cli("audit", "verify", "--repo", repo)
    assert result.code == 1
    return result.out.strip()


def test_an_edited_entry_is_reported(history: Path, cli: Cli) -> None:
    conn = raw_db(history)
    conn.execute("UPDATE audit SET reason = 'rubber stamp' WHERE seq = 3")
    conn.close()
    assert _verify(cli, history) == "audit log broken at entry 3: its contents do not match its hash (edited)"


def test_an_edited_actor_is_reported(history: Path, cli: Cli) -> None:
    conn = raw_db(history)
    conn.execute("UPDATE audit SET actor_name = 'Someone Else' WHERE seq = 4")
    conn.close()
    assert "broken at entry 4" in _verify(cli, history)


def test_a_deleted_entry_is_reported(history: Path, cli: Cli) -> None:
    conn = raw_db(history)
    conn.execute("DELETE FROM audit WHERE seq = 2")
    conn.close()
    assert _verify(cli, history) == "audit log broken at entry 2: entry 2 is missing (deleted)"


def test_a_deleted_and_renumbered_entry_is_reported(history: Path, cli: Cli) -> None:
    conn = raw_db(history)
    conn.execute("DELETE FROM audit WHERE seq = 2")
    for seq in (3, 4, 5):
        conn.execute("UPDATE audit SET seq = ? WHERE seq = ?", (seq - 1, seq))
    conn.close()
    assert "broken at entry 2" in _verify(cli, history)


def test_reordered_entries_are_reported(history: Path, cli: Cli) -> None:
    conn = raw_db(history)
    conn.execute("UPDATE audit SET seq = 100 WHERE seq = 2")
    conn.execute("UPDATE audit SET seq = 2 WHERE seq = 3")
    conn.execute("UPDATE audit SET seq = 3 WHERE seq = 100")
    conn.close()
    assert "broken at entry 2" in _verify(cli, history)


def test_a_rehashed_forgery_breaks_the_link_to_the_next_entry(history: Path, cli: Cli) -> None:
    conn = raw_db(history)
    row = conn.execute("SELECT * FROM audit WHERE seq = 3").fetchone()
    cols = [d[0] for d in conn.execute("SELECT * FROM audit").description]
    body = {k: v for k, v in zip(cols, row, strict=True) if k not in ("prev_hash", "hash")}
    body["reason"] = "forged"
    body["interactive"] = bool(body["interactive"]) if body["interactive"] is not None else None
    conn.execute("UPDATE audit SET reason = 'forged', hash = ? WHERE seq = 3", (entry_hash(row[-2], body),))
    conn.close()
    assert "broken at entry 4" in _verify(cli, history)
    assert "deleted, inserted or reordered" in _verify(cli, history)


def test_entries_cut_off_the_end_are_reported(history: Path, cli: Cli) -> None:
    conn = raw_db(history)
    conn.execute("DELETE FROM audit WHERE seq = 5")  # A2's rejection
    conn.close()
    out = _verify(cli, history)
    assert "A2 is 'rejected'" in out and "missing" in out


def test_a_status_edited_in_the_store_is_reported(history: Path, cli: Cli) -> None:
    conn = raw_db(history)
    conn.execute("UPDATE proposals SET status = 'approved' WHERE id = 'A2'")
    conn.close()
    assert "A2 is 'approved'" in _verify(cli, history)


def test_empty_log(repo: Path, cli: Cli) -> None:
    assert cli("audit", "verify", "--repo", repo).out.strip() == "audit log intact: 0 entries"
    assert "empty" in cli("audit", "log", "--repo", repo).out
