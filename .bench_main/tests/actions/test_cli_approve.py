"""`actions`, `approve`, `reject` through the real CLI entry point."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from copilot.actions import confirm
from copilot.actions.store import ActionStore
from tests.actions.conftest import Cli, propose_fix, run_cli_process, status_of
from tests.conftest import commit


class FakeTty(io.StringIO):
    def __init__(self, answer: str, is_tty: bool = True) -> None:
        super().__init__(answer)
        self.is_tty = is_tty
        self.written = ""

    def isatty(self) -> bool:
        return self.is_tty

    def write(self, text: str) -> int:
        self.written += text
        return len(text)


def test_list_and_show(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo)
    result = cli("actions", "--repo", repo)
    assert result.code == 0
    assert action_id in result.out and "patch" in result.out and "proposed" in result.out
    shown = cli("actions", "show", action_id, "--repo", repo)
    assert shown.code == 0
    assert "Keep per-order ordering" in shown.out
    assert "+RETRIES = 10" in shown.out and "-RETRIES = 5" in shown.out
    assert "f1a2b3c4d5e6f708" in shown.out and "Key by customer: coarser ordering" in shown.out


def test_json_output(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo)
    listing = json.loads(cli("actions", "list", "--format", "json", "--repo", repo).out)
    [item] = listing["actions"]
    assert {"id", "kind", "title", "digest", "status"} <= set(item)
    assert item["id"] == action_id and item["status"] == "proposed"
    assert item["digest"].startswith("sha256:")
    assert item["patch"].startswith("diff --git a/svc/app.py b/svc/app.py\n")
    assert item["findings"] == ["f1a2b3c4d5e6f708"]
    assert item["reasoning"] == "The key was dropped."
    assert item["alternatives"] == [{"title": "Key by customer", "tradeoff": "coarser ordering"}]
    shown = json.loads(cli("actions", "show", action_id, "--format", "json", "--repo", repo).out)
    assert shown == item


def test_empty_store(repo: Path, cli: Cli) -> None:
    assert "no proposed actions" in cli("actions", "--repo", repo).out


def test_unknown_action_is_a_one_line_error(repo: Path, cli: Cli) -> None:
    propose_fix(repo)
    for args in (("actions", "show", "A7"), ("approve", "A7", "--yes"), ("reject", "A7", "--reason", "x"),
                 ("apply", "A7")):  # fmt: skip
        result = cli(*args, "--repo", repo)
        assert result.code == 2
        assert result.err.strip().count("\n") == 0
        assert "unknown action 'A7'" in result.err


def test_show_needs_an_id(repo: Path, cli: Cli) -> None:
    assert cli("actions", "show", "--repo", repo).code == 2


def test_approve_without_a_terminal_refuses_and_says_use_yes(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo)
    result = cli("approve", action_id, "--repo", repo)
    assert result.code == 2
    assert result.err.count("\n") == 1 and "--yes" in result.err
    assert status_of(repo, action_id) == "proposed"


def test_approve_yes_is_recorded_as_non_interactive(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo)
    result = cli("approve", action_id, "--yes", "--reason", "looks right", "--repo", repo)
    assert result.code == 0, result.err
    assert "+RETRIES = 10" in result.out  # the exact patch is shown even with --yes
    with ActionStore(repo) as store:
        action = store.get(action_id)
        assert action.status == "approved" and action.approved_digest == action.digest
        entry = store.audit_entries()[-1]
    assert (entry.event, entry.action_id, entry.digest) == ("approved", action_id, action.digest)
    assert entry.interactive is False
    assert entry.reason == "looks right"
    assert entry.actor.name == "Test Author" and entry.actor.email == "author@example.com"
    assert entry.actor.os_user
    assert entry.ts.endswith("Z")


def test_approve_interactively_on_stdin(repo: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    action_id = propose_fix(repo)
    monkeypatch.setattr("sys.stdin", FakeTty("yes\n"))
    result = cli("approve", action_id, "--repo", repo)
    assert result.code == 0, result.err
    assert f"Approve {action_id}" in result.err  # the prompt
    assert "-RETRIES = 5" in result.out
    with ActionStore(repo) as store:
        assert store.audit_entries()[-1].interactive is True
        assert store.get(action_id).status == "approved"


def test_approve_asks_dev_tty_when_stdin_is_not_a_terminal(
    repo: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    action_id = propose_fix(repo)
    tty = FakeTty("y\n")
    monkeypatch.setattr("sys.stdin", FakeTty("", is_tty=False))
    monkeypatch.setattr(confirm, "open_tty", lambda: confirm.Terminal(tty, tty))
    assert cli("approve", action_id, "--repo", repo).code == 0
    assert f"Approve {action_id}" in tty.written
    assert status_of(repo, action_id) == "approved"


@pytest.mark.parametrize("answer", ["n\n", "\n", "", "maybe\n"])
def test_declining_approves_nothing(
    repo: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    action_id = propose_fix(repo)
    monkeypatch.setattr("sys.stdin", FakeTty(answer))
    result = cli("approve", action_id, "--repo", repo)
    assert result.code == 1
    assert status_of(repo, action_id) == "proposed"
    with ActionStore(repo) as store:
        assert [e.event for e in store.audit_entries()] == ["proposed"]


def test_approve_twice_and_approve_after_apply(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo)
    assert cli("approve", action_id, "--yes", "--repo", repo).code == 0
    again = cli("approve", action_id, "--yes", "--repo", repo)
    assert again.code == 2 and "already approved" in again.err
    assert cli("apply", action_id, "--repo", repo).code == 0
    late = cli("approve", action_id, "--yes", "--repo", repo)
    assert late.code == 2 and "already applied" in late.err


def test_approving_a_proposal_whose_base_moved_marks_it_stale(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo)
    commit(repo, {"svc/settings.py": "ACKS = 1\n"})
    result = cli("approve", action_id, "--yes", "--repo", repo)
    assert result.code == 2 and "stale" in result.err and "svc/settings.py changed" in result.err
    assert status_of(repo, action_id) == "stale"


def test_reject_needs_a_reason_and_is_logged(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo)
    with pytest.raises(SystemExit):
        cli("reject", action_id, "--repo", repo)
    assert cli("reject", action_id, "--reason", "  ", "--repo", repo).code == 2
    result = cli("reject", action_id, "--reason", "we key by customer", "--repo", repo)
    assert result.code == 0
    with ActionStore(repo) as store:
        entry = store.audit_entries()[-1]
    assert (entry.event, entry.reason, entry.interactive) == ("rejected", "we key by customer", False)
    applied = cli("apply", action_id, "--repo", repo)
    assert applied.code == 2 and "rejected" in applied.err
    again = cli("reject", action_id, "--reason", "again", "--repo", repo)
    assert again.code == 2 and "was rejected" in again.err


def test_rejecting_an_approval_withdraws_it(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo)
    cli("approve", action_id, "--yes", "--repo", repo)
    assert cli("reject", action_id, "--reason", "changed my mind", "--repo", repo).code == 0
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 2 and "rejected" in result.err
    with ActionStore(repo) as store:
        assert store.get(action_id).approved_digest is None


def test_approve_in_a_real_process_without_a_terminal(repo: Path) -> None:
    action_id = propose_fix(repo)
    proc = run_cli_process("approve", action_id, "--repo", repo)
    assert proc.returncode == 2
    assert "re-run with --yes" in proc.stderr and proc.stderr.count("\n") == 1
    proc = run_cli_process("approve", action_id, "--yes", "--repo", repo)
    assert proc.returncode == 0, proc.stderr


def test_control_characters_in_proposals_are_shown_escaped(repo: Path, cli: Cli) -> None:
    from copilot.actions.propose import patch_proposal

    proposal = patch_proposal(
        repo, "title \x1b[2Khidden", "why \u202e", {"README.md": "demo\x1b[1A\x1b[2K\n"}, ["fp"]
    )
    with ActionStore(repo) as store:
        action_id = store.save(proposal).id
    shown = cli("actions", "show", action_id, "--repo", repo).out
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "\\x1b[1A" in shown and "<U+202E>" in shown


def test_on_a_terminal_the_diff_is_highlighted_and_wrapped_never_cropped(repo: Path) -> None:
    import re

    from rich.console import Console

    from copilot.actions import render
    from copilot.actions.propose import patch_proposal

    long_line = "x = '" + "very long line " * 30 + "END'\n"
    with ActionStore(repo) as store:
        action = store.get(store.save(patch_proposal(repo, "t", "r", {"README.md": long_line}, ["fp"])).id)
    buffer = io.StringIO()
    render.show(Console(file=buffer, force_terminal=True, width=60, color_system="standard"), action)
    raw = buffer.getvalue()
    assert "\x1b[" in raw  # colours
    plain = re.sub(r"\x1b\[[0-9;]*m", "", raw).replace("\n", "")
    assert plain.count("very long line") >= 29 and "END'" in plain
