"""Deploy actions: only configured commands, re-checked at apply, timed out, output captured."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copilot.actions import deploy
from copilot.actions.propose import deploy_proposal
from copilot.actions.store import ActionStore
from copilot.config import load_config
from tests.actions.conftest import Cli, Result, status_of
from tests.conftest import MakeRepo, commit, git

CONFIG = """\
[deploy]
fraud-scorer = "printf 'deployed %s step %s\\\\n' \\"$PIPELINE_COPILOT_ACTION\\" \\"$PIPELINE_COPILOT_STEP\\" > deployed.txt; pwd; echo oops >&2"
broken = "echo failing; exit 3"
slow = "sleep 30"
chatty = "python3 -c \\"print('x' * 200000)\\""
"""


@pytest.fixture
def deploy_repo(make_repo: MakeRepo) -> Path:
    return make_repo({".pipeline-copilot.toml": CONFIG, "fraud/app.py": "x = 1\n"})


def _propose(repo: Path, name: str, step: int = 1) -> str:
    proposal = deploy_proposal(
        repo, load_config(repo), name, f"Deploy {name}", "after the schema", ["fp"], step
    )
    assert proposal is not None
    with ActionStore(repo) as store:
        return store.save(proposal).id


def _approve_and_apply(cli: Cli, repo: Path, action_id: str, *extra: str) -> Result:
    assert cli("approve", action_id, "--yes", "--repo", repo).code == 0
    return cli("apply", action_id, "--repo", repo, *extra)


def test_deploy_runs_the_configured_command_in_the_repo_root(deploy_repo: Path, cli: Cli) -> None:
    action_id = _propose(deploy_repo, "fraud-scorer", step=2)
    shown = cli("actions", "show", action_id, "--repo", deploy_repo)
    assert "printf 'deployed %s step %s" in shown.out
    result = _approve_and_apply(cli, deploy_repo, action_id, "--repo", str(deploy_repo / "fraud"))
    assert result.code == 0, result.err
    assert (deploy_repo / "deployed.txt").read_text() == f"deployed {action_id} step 2\n"
    assert str(deploy_repo) in result.out and "oops" in result.out  # its output is shown
    with ActionStore(deploy_repo) as store:
        assert store.get(action_id).status == "applied"
        last = store.audit_entries()[-1]
    logged = json.loads(last.result or "")
    assert logged["exit_code"] == 0 and logged["stderr"] == "oops\n" and str(deploy_repo) in logged["stdout"]


def test_a_failing_deploy_is_recorded_as_failed(deploy_repo: Path, cli: Cli) -> None:
    action_id = _propose(deploy_repo, "broken")
    result = _approve_and_apply(cli, deploy_repo, action_id)
    assert result.code == 1
    assert "exited with code 3" in result.err and "failing" in result.out
    assert status_of(deploy_repo, action_id) == "failed"
    with ActionStore(deploy_repo) as store:
        assert json.loads(store.audit_entries()[-1].result or "")["exit_code"] == 3


def test_a_deploy_that_runs_too_long_is_killed(deploy_repo: Path, cli: Cli) -> None:
    action_id = _propose(deploy_repo, "slow")
    result = _approve_and_apply(cli, deploy_repo, action_id, "--timeout", "0.5")
    assert result.code == 1 and "timed out after 0.5 s" in result.err
    with ActionStore(deploy_repo) as store:
        logged = json.loads(store.audit_entries()[-1].result or "")
    assert logged["timed_out"] is True and logged["exit_code"] is None


def test_timeout_from_config(make_repo: MakeRepo, cli: Cli) -> None:
    repo = make_repo(
        {".pipeline-copilot.toml": '[actions]\ndeploy_timeout = 0.5\n\n[deploy]\nslow = "sleep 30"\n'}
    )
    action_id = _propose(repo, "slow")
    result = _approve_and_apply(cli, repo, action_id)
    assert result.code == 1 and "timed out after 0.5 s" in result.err


def test_output_is_truncated_to_64_kib(deploy_repo: Path, cli: Cli) -> None:
    action_id = _propose(deploy_repo, "chatty")
    assert _approve_and_apply(cli, deploy_repo, action_id).code == 0
    with ActionStore(deploy_repo) as store:
        logged = json.loads(store.audit_entries()[-1].result or "")
    assert logged["stdout"].startswith("[... ")
    assert len(logged["stdout"].encode()) < deploy.OUTPUT_LIMIT + 100
    assert logged["stdout"].endswith("x" * 1000 + "\n")


def test_a_changed_deploy_command_makes_it_stale(deploy_repo: Path, cli: Cli) -> None:
    action_id = _propose(deploy_repo, "fraud-scorer")
    assert cli("approve", action_id, "--yes", "--repo", deploy_repo).code == 0
    config = (deploy_repo / ".pipeline-copilot.toml").read_text()
    commit(deploy_repo, {".pipeline-copilot.toml": config.replace("echo oops", "touch pwned")})
    result = cli("apply", action_id, "--repo", deploy_repo)
    assert result.code == 2 and "deploy command for 'fraud-scorer' changed" in result.err
    assert not (deploy_repo / "deployed.txt").exists() and not (deploy_repo / "pwned").exists()
    assert status_of(deploy_repo, action_id) == "stale"


def test_a_deploy_name_no_longer_configured_is_refused(deploy_repo: Path, cli: Cli) -> None:
    action_id = _propose(deploy_repo, "broken")
    assert cli("approve", action_id, "--yes", "--repo", deploy_repo).code == 0
    config = (deploy_repo / ".pipeline-copilot.toml").read_text()
    commit(deploy_repo, {".pipeline-copilot.toml": config.replace('broken = "echo failing; exit 3"\n', "")})
    result = cli("apply", action_id, "--repo", deploy_repo)
    assert result.code == 2 and "no deploy command named 'broken'" in result.err


def test_an_uncommitted_edit_of_the_deploy_command_never_runs(deploy_repo: Path, cli: Cli) -> None:
    """Only the trusted configuration (committed at HEAD, the user's config) decides what a deploy runs."""
    action_id = _propose(deploy_repo, "fraud-scorer")
    config = (deploy_repo / ".pipeline-copilot.toml").read_text()
    (deploy_repo / ".pipeline-copilot.toml").write_text(config.replace("pwd;", "touch pwned;"))
    shown = cli("actions", "show", action_id, "--repo", deploy_repo)
    sha = git(deploy_repo, "rev-parse", "HEAD").strip()
    assert f"command defined in: .pipeline-copilot.toml at commit {sha[:12]}" in shown.out
    result = _approve_and_apply(cli, deploy_repo, action_id)
    assert result.code == 0, result.err
    assert (deploy_repo / "deployed.txt").exists() and not (deploy_repo / "pwned").exists()


def test_a_deploy_command_from_the_user_config_says_so(deploy_repo: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "user.toml"
    user.write_text('[deploy]\nlocal-only = "echo from-user-config > user.txt"\n')
    monkeypatch.setenv("PIPELINE_COPILOT_CONFIG", str(user))
    action_id = _propose(deploy_repo, "local-only")
    result = cli("approve", action_id, "--yes", "--repo", deploy_repo)
    assert f"command defined in: user config {user}" in result.out
    assert cli("apply", action_id, "--repo", deploy_repo).code == 0
    assert (deploy_repo / "user.txt").read_text() == "from-user-config\n"


def test_a_deploy_command_gone_from_the_trusted_config_is_refused_at_approve(
    deploy_repo: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "user.toml"
    user.write_text('[deploy]\nlocal-only = "touch pwned"\n')
    monkeypatch.setenv("PIPELINE_COPILOT_CONFIG", str(user))
    action_id = _propose(deploy_repo, "local-only")
    monkeypatch.delenv("PIPELINE_COPILOT_CONFIG")
    result = cli("approve", action_id, "--yes", "--repo", deploy_repo)
    assert result.code == 2 and "no deploy command named 'local-only' in the trusted configuration" in result.err
    assert cli("apply", action_id, "--repo", deploy_repo).code == 2
    assert not (deploy_repo / "pwned").exists()


def test_a_deploy_name_not_in_config_is_never_proposed(deploy_repo: Path) -> None:
    assert deploy_proposal(deploy_repo, load_config(deploy_repo), "rm -rf /", "t", "r", ["fp"], 1) is None


def test_a_forged_command_in_the_store_never_runs(deploy_repo: Path, cli: Cli) -> None:
    """Whatever the store says, apply runs only what config says, and only if they agree."""
    from tests.actions.conftest import raw_db

    action_id = _propose(deploy_repo, "fraud-scorer")
    assert cli("approve", action_id, "--yes", "--repo", deploy_repo).code == 0
    conn = raw_db(deploy_repo)
    row = conn.execute("SELECT json FROM proposals WHERE id = ?", (action_id,)).fetchone()[0]
    conn.execute(
        "UPDATE proposals SET json = ? WHERE id = ?", (row.replace("pwd;", "touch pwned;"), action_id)
    )
    conn.close()
    result = cli("apply", action_id, "--repo", deploy_repo)
    assert result.code == 2 and "digest" in result.err
    assert not (deploy_repo / "pwned").exists() and not (deploy_repo / "deployed.txt").exists()


def test_head_moving_after_approval_makes_a_deploy_stale(deploy_repo: Path, cli: Cli) -> None:
    action_id = _propose(deploy_repo, "fraud-scorer")
    assert cli("approve", action_id, "--yes", "--repo", deploy_repo).code == 0
    commit(deploy_repo, {"fraud/app.py": "x = 2\n"})
    result = cli("apply", action_id, "--repo", deploy_repo)
    assert result.code == 2 and "HEAD moved" in result.err
    assert not (deploy_repo / "deployed.txt").exists()


def test_a_failed_deploy_can_be_approved_again_and_retried(deploy_repo: Path, cli: Cli) -> None:
    action_id = _propose(deploy_repo, "slow")
    assert _approve_and_apply(cli, deploy_repo, action_id, "--timeout", "0.2").code == 1
    assert cli("apply", action_id, "--repo", deploy_repo).code == 2  # the approval was used up
    result = _approve_and_apply(cli, deploy_repo, action_id, "--timeout", "0.2")
    assert result.code == 1
    with ActionStore(deploy_repo) as store:
        events = [e.event for e in store.audit_entries()]
    assert events == ["proposed", "approved", "failed", "approved", "failed"]
