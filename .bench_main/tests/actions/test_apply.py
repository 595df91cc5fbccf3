"""`apply` of patches: only approved, only the approved digest, only on the expected base, all or nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from copilot.actions import writer
from copilot.actions.canonical import canonical_json, digest_of
from copilot.actions.store import ActionStore
from tests.actions.conftest import (
    BASE_FILES,
    PROJECT_ROOT,
    Cli,
    propose_fix,
    raw_db,
    status_of,
    subprocess_env,
    tree_state,
)
from tests.conftest import MakeRepo, commit, git


def _approve(cli: Cli, repo: Path, action_id: str) -> None:
    result = cli("approve", action_id, "--yes", "--repo", repo)
    assert result.code == 0, result.err


def test_apply_refuses_unless_approved(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo)
    before = tree_state(repo)
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 2
    assert (
        result.err.count("\n") == 1 and "not approved" in result.err and f"approve {action_id}" in result.err
    )
    assert tree_state(repo) == before


def test_apply_an_approved_patch(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo, **{"docs/NEW.md": "new\n", "README.md": None})
    _approve(cli, repo, action_id)
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 0, result.err
    assert f"applied {action_id}" in result.out
    assert (repo / "svc/settings.py").read_text() == "ACKS = 'all'\nRETRIES = 10\nENABLE_IDEMPOTENCE = True\n"
    assert "key=order['id']" in (repo / "svc/app.py").read_text()
    assert (repo / "docs/NEW.md").read_text() == "new\n"
    assert not (repo / "README.md").exists()
    assert git(repo, "diff", "--cached", "--name-only") == ""  # the index is the user's business
    assert not list(repo.rglob("*.pipeline-copilot"))  # no temp files left
    with ActionStore(repo) as store:
        assert store.get(action_id).status == "applied"
        last = store.audit_entries()[-1]
        assert store.verify_audit().ok
    assert (last.event, last.action_id) == ("applied", action_id)
    assert json.loads(last.result or "")["files"] == [
        "README.md",
        "docs/NEW.md",
        "svc/app.py",
        "svc/settings.py",
    ]
    again = cli("apply", action_id, "--repo", repo)
    assert again.code == 2 and "already applied" in again.err


def test_apply_keeps_the_file_mode(make_repo: MakeRepo, cli: Cli) -> None:
    repo = make_repo({"run.sh": "#!/bin/sh\necho a\n"})
    os.chmod(repo / "run.sh", 0o755)
    from copilot.actions.propose import patch_proposal

    with ActionStore(repo) as store:
        action_id = store.save(patch_proposal(repo, "t", "r", {"run.sh": "#!/bin/sh\necho b\n"}, ["fp"])).id
    _approve(cli, repo, action_id)
    assert cli("apply", action_id, "--repo", repo).code == 0
    assert os.stat(repo / "run.sh").st_mode & 0o777 == 0o755
    assert (repo / "run.sh").read_text() == "#!/bin/sh\necho b\n"


def test_a_work_tree_change_after_approval_makes_it_stale(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo)
    _approve(cli, repo, action_id)
    (repo / "svc/settings.py").write_text("ACKS = 1\n")
    before = tree_state(repo)
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 2
    assert "stale" in result.err and "svc/settings.py changed since the proposal" in result.err
    assert result.err.count("\n") == 1
    assert tree_state(repo) == before
    assert status_of(repo, action_id) == "stale"
    with ActionStore(repo) as store:
        last = store.audit_entries()[-1]
    assert last.event == "stale" and "svc/settings.py" in (last.result or "")
    later = cli("apply", action_id, "--repo", repo)
    assert later.code == 2 and "stale" in later.err


def test_a_file_the_patch_creates_appearing_makes_it_stale(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo, **{"svc/new.py": "x = 1\n"})
    _approve(cli, repo, action_id)
    (repo / "svc/new.py").write_text("someone else's\n")
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 2 and "svc/new.py exists now" in result.err
    assert (repo / "svc/new.py").read_text() == "someone else's\n"


def test_a_deleted_base_file_makes_it_stale(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo)
    _approve(cli, repo, action_id)
    (repo / "svc/app.py").unlink()
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 2 and "svc/app.py is gone" in result.err


def test_content_edited_in_the_store_after_approval_is_refused(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo)
    _approve(cli, repo, action_id)
    conn = raw_db(repo)
    stored = json.loads(conn.execute("SELECT json FROM proposals WHERE id = ?", (action_id,)).fetchone()[0])
    stored["content"] = stored["content"].replace("RETRIES = 10", "RETRIES = 0")
    conn.execute("UPDATE proposals SET json = ? WHERE id = ?", (canonical_json(stored), action_id))
    before = tree_state(repo)
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 2
    assert "no longer matches its digest" in result.err and result.err.count("\n") == 1
    assert tree_state(repo) == before
    # Rewriting the digest columns too still does not match the approval in the audit log.
    new_digest = digest_of({k: stored[k] for k in ("kind", "content", "target", "base")})
    conn.execute(
        "UPDATE proposals SET digest = ?, approved_digest = ? WHERE id = ?",
        (new_digest, new_digest, action_id),
    )
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 2 and "no approval of digest" in result.err
    assert tree_state(repo) == before
    conn.close()
    assert status_of(repo, action_id) == "approved"
    # ... and the tampering shows in the audit verification as well.
    assert cli("audit", "verify", "--repo", repo).code == 1


def test_content_edited_before_approval_cannot_be_approved(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo)
    conn = raw_db(repo)
    stored = json.loads(conn.execute("SELECT json FROM proposals WHERE id = ?", (action_id,)).fetchone()[0])
    stored["content"] += "diff --git a/.git/hooks/pre-commit b/.git/hooks/pre-commit\n"
    conn.execute("UPDATE proposals SET json = ? WHERE id = ?", (canonical_json(stored), action_id))
    conn.close()
    result = cli("approve", action_id, "--yes", "--repo", repo)
    assert result.code == 2 and "no longer matches its digest" in result.err


def test_a_store_forged_patch_to_a_hook_is_refused_at_apply(repo: Path, cli: Cli) -> None:
    """Even a forged row with consistent digests cannot write outside what a patch may touch."""
    action_id = propose_fix(repo)
    _approve(cli, repo, action_id)
    git(repo, "config", "core.hooksPath", "svc")  # the repository changed: svc/ now holds hooks
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 2 and "core.hooksPath" in result.err
    assert (repo / "svc/settings.py").read_text() == BASE_FILES["svc/settings.py"]


def test_a_symlink_swapped_in_after_approval_is_refused(repo: Path, cli: Cli, tmp_path: Path) -> None:
    action_id = propose_fix(repo)
    _approve(cli, repo, action_id)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "settings.py").write_text(BASE_FILES["svc/settings.py"])
    (outside / "app.py").write_text(BASE_FILES["svc/app.py"])
    (repo / "svc/settings.py").unlink()
    (repo / "svc/app.py").unlink()
    (repo / "svc").rmdir()
    os.symlink(outside, repo / "svc")
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 2 and "outside the repository" in result.err
    assert (outside / "settings.py").read_text() == BASE_FILES["svc/settings.py"]


def test_a_crash_after_the_first_file_leaves_the_tree_unchanged(
    repo: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    action_id = propose_fix(repo, **{"svc/new/dir/added.py": "y = 2\n", "README.md": None})
    _approve(cli, repo, action_id)
    before = tree_state(repo)
    calls = {"n": 0}
    real = writer.replace_file

    def crash_on_second(src: str, dest: str) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real(src, dest)

    monkeypatch.setattr(writer, "replace_file", crash_on_second)
    result = cli("apply", action_id, "--repo", repo)
    assert calls["n"] == 2  # the first file really was replaced before the crash
    assert result.code == 1
    assert "No space left on device" in result.err and "left unchanged" in result.err
    assert tree_state(repo) == before
    assert not (repo / "svc/new").exists()  # folders made for new files are gone too
    assert not list(repo.rglob("*.pipeline-copilot"))
    with ActionStore(repo) as store:
        action = store.get(action_id)
        assert action.status == "failed" and action.approved_digest is None
        assert store.verify_audit().ok
        last = store.audit_entries()[-1]
    assert last.event == "failed" and "No space left" in (last.result or "")
    # A failed action needs a new approval; then it applies.
    monkeypatch.setattr(writer, "replace_file", real)
    assert cli("apply", action_id, "--repo", repo).code == 2
    _approve(cli, repo, action_id)
    assert cli("apply", action_id, "--repo", repo).code == 0
    assert (repo / "svc/new/dir/added.py").read_text() == "y = 2\n"


KILL_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from copilot.actions import writer
    from copilot.cli import main
    calls = []
    real = writer.replace_file
    def die_on_second(src, dest):
        calls.append(dest)
        if len(calls) == 2:
            os._exit(137)  # the process dies: no except, no finally
        real(src, dest)
    writer.replace_file = die_on_second
    sys.exit(main(["apply", sys.argv[1], "--repo", sys.argv[2]]))
    """
)


def test_a_killed_apply_is_rolled_back_by_the_next_command(repo: Path, cli: Cli) -> None:
    action_id = propose_fix(repo, **{"svc/added.py": "z = 3\n"})
    _approve(cli, repo, action_id)
    before = tree_state(repo)
    proc = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, action_id, str(repo)],
        cwd=PROJECT_ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 137, proc.stderr
    assert tree_state(repo) != before  # half-applied: the first file was replaced
    with ActionStore(repo) as store:
        assert store.get(action_id).status == "applying"
    result = cli("actions", "--repo", repo)  # any command recovers first
    assert f"recovered {action_id}" in result.err
    assert tree_state(repo) == before
    with ActionStore(repo) as store:
        assert store.get(action_id).status == "failed"
        assert store.verify_audit().ok
    assert not list((repo / ".git/pipeline-copilot/journal").glob("*.json"))


def test_git_apply_check_failure_is_stale(repo: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from copilot.actions import patching

    action_id = propose_fix(repo)
    _approve(cli, repo, action_id)
    monkeypatch.setattr(patching, "check_applies", lambda root, patch: "error: patch failed: svc/app.py:1")
    result = cli("apply", action_id, "--repo", repo)
    assert result.code == 2 and "git apply --check fails" in result.err
    assert status_of(repo, action_id) == "stale"


def test_apply_with_head_moved_but_files_unchanged_still_applies(repo: Path, cli: Cli) -> None:
    """A patch is bound to its files' blobs, not to HEAD."""
    action_id = propose_fix(repo)
    _approve(cli, repo, action_id)
    commit(repo, {"unrelated.txt": "x\n"})
    assert cli("apply", action_id, "--repo", repo).code == 0
