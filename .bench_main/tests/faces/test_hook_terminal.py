"""The installed pre-push hook asks the person at the terminal: a real `git push` in a pseudo-terminal."""

from __future__ import annotations

from pathlib import Path

import pexpect

from copilot.actions.store import ActionStore
from tests.conftest import MakeRepo, commit
from tests.faces.pushing import RISKY, SAFE, finish, push_detached, remote_head, spawn, with_remote

ASK = "Type 'yes' to confirm: "
REASON = "Reason (recorded in the audit log): "


def test_a_risky_push_asks_and_no_stops_it(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = with_remote(make_repo, tmp_path)
    before = remote_head(tmp_path)
    head = commit(repo, RISKY, "rename the fraud group")
    child = spawn("git", ["push", "origin", "main"], repo)
    child.expect_exact(ASK)
    child.sendline("no")
    code, shown = finish(child)
    assert code != 0
    assert "consumer-group-change" in shown and "push stopped: nothing was acknowledged." in shown
    assert "No terminal to ask on" not in shown
    assert remote_head(tmp_path) == before != head
    with ActionStore(repo) as store:
        assert store.acknowledgements() == []


def test_yes_and_a_reason_record_the_acknowledgement_and_push(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = with_remote(make_repo, tmp_path)
    base = remote_head(tmp_path)
    head = commit(repo, RISKY, "rename the fraud group")
    child = spawn("git", ["push", "origin", "main"], repo)
    child.expect_exact(ASK)
    child.sendline("yes")
    child.expect_exact(REASON)
    child.sendline("replaying a week is intended")
    code, shown = finish(child)
    assert code == 0, shown
    assert "acknowledged 1 finding(s); pushing." in shown
    assert remote_head(tmp_path) == head
    with ActionStore(repo) as store:
        acks = store.acknowledgements()
        entry = store.audit_entries()[-1]
    assert [(a.base, a.head, a.reason) for a in acks] == [(base, head, "replaying a week is intended")]
    assert (entry.event, entry.interactive, entry.reason) == ("acknowledged", True, "replaying a week is intended")


def test_a_safe_push_never_asks(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = with_remote(make_repo, tmp_path)
    head = commit(repo, SAFE, "docs")
    child = spawn("git", ["push", "origin", "main"], repo)
    code, shown = finish(child)
    assert code == 0, shown
    assert ASK not in shown and remote_head(tmp_path) == head


def test_end_of_input_at_the_question_stops_the_push(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = with_remote(make_repo, tmp_path)
    before = remote_head(tmp_path)
    commit(repo, RISKY, "rename the fraud group")
    child = spawn("git", ["push", "origin", "main"], repo)
    child.expect_exact(ASK)
    child.sendeof()
    code, shown = finish(child)
    assert code != 0 and "push stopped" in shown
    assert remote_head(tmp_path) == before


def test_without_a_terminal_it_refuses_with_the_ack_commands(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = with_remote(make_repo, tmp_path)
    before = remote_head(tmp_path)
    head = commit(repo, RISKY, "rename the fraud group")
    blocked = push_detached(repo)
    assert blocked.returncode != 0
    assert "No terminal to ask on" in blocked.stderr and ASK not in blocked.stderr
    ack_lines = [ln.strip() for ln in blocked.stderr.splitlines() if ln.strip().startswith("pipeline-copilot ack ")]
    assert len(ack_lines) == 1 and ack_lines[0].split("--range ")[1].startswith(f"{before}..{head}")
    assert remote_head(tmp_path) == before


def test_approve_with_stdin_redirected_asks_on_the_terminal(make_repo: MakeRepo, tmp_path: Path) -> None:
    from tests.actions.conftest import BASE_FILES, propose_fix

    repo = make_repo(BASE_FILES)
    action_id = propose_fix(repo)
    child = spawn("/bin/sh", ["-c", f"exec pipeline-copilot approve {action_id} --reason 'looks right' < /dev/null"], repo)
    child.expect_exact(f"Approve {action_id} (sha256:")
    child.expect_exact("[y/N] ")
    child.sendline("y")
    code, shown = finish(child)
    assert code == 0, shown
    assert f"approved {action_id} sha256:" in shown and "-RETRIES = 5" in shown
    with ActionStore(repo) as store:
        entry = store.audit_entries()[-1]
        assert store.get(action_id).status == "approved"
    assert (entry.event, entry.interactive, entry.reason) == ("approved", True, "looks right")


def test_approve_declined_on_the_terminal_approves_nothing(make_repo: MakeRepo, tmp_path: Path) -> None:
    from tests.actions.conftest import BASE_FILES, propose_fix

    repo = make_repo(BASE_FILES)
    action_id = propose_fix(repo)
    child = spawn("/bin/sh", ["-c", f"exec pipeline-copilot approve {action_id} < /dev/null"], repo)
    child.expect_exact("[y/N] ")
    child.sendline("n")
    code, shown = finish(child)
    assert code == 1 and f"{action_id} not approved" in shown
    with ActionStore(repo) as store:
        assert store.get(action_id).status == "proposed"


def test_approve_with_no_terminal_at_all_refuses(make_repo: MakeRepo, tmp_path: Path) -> None:
    from tests.actions.conftest import BASE_FILES, propose_fix
    from tests.faces.pushing import cli

    repo = make_repo(BASE_FILES)
    action_id = propose_fix(repo)
    refused = cli("approve", action_id, cwd=repo)
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        f"pipeline-copilot: error: cannot approve {action_id}: no terminal to ask on; "
        "re-run with --yes to approve it non-interactively"
    ]


def test_ctrl_c_at_the_question_stops_the_push_without_a_traceback(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = with_remote(make_repo, tmp_path)
    before = remote_head(tmp_path)
    commit(repo, RISKY, "rename the fraud group")
    child = spawn("git", ["push", "origin", "main"], repo)
    child.expect_exact(ASK)
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    shown = child.logfile_read.getvalue()
    assert child.exitstatus != 0  # git itself may die of the SIGINT (exitstatus None) or report failure
    assert "Traceback" not in shown
    assert remote_head(tmp_path) == before
