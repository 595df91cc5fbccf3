"""Real processes racing: the store is never corrupted and nothing is applied twice."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from copilot.actions.store import ActionStore
from tests.actions.conftest import PROJECT_ROOT, Cli, propose_fix, subprocess_env
from tests.conftest import MakeRepo

RACER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from copilot.cli import main
    go = Path(sys.argv[1])
    while not go.exists():
        time.sleep(0.002)
    sys.exit(main(sys.argv[2:]))
    """
)

SAVER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from copilot.actions.propose import patch_proposal
    from copilot.actions.store import ActionStore
    go, repo, n = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    while not go.exists():
        time.sleep(0.002)
    for i in range(5):
        p = patch_proposal(repo, f"p{n}-{i}", "r", {"README.md": f"{n}-{i}\\n"}, ["fp"])
        with ActionStore(repo) as store:
            store.save(p)
    """
)


def _race(
    tmp_path: Path, argvs: list[list[str]], script: str = RACER
) -> list[subprocess.CompletedProcess[str]]:
    """Start every process, let them all go at once, collect their results."""
    go = tmp_path / f"go-{time.monotonic_ns()}"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(go), *argv],
            cwd=PROJECT_ROOT,
            env=subprocess_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )  # fmt: skip
        for argv in argvs
    ]
    time.sleep(0.5)  # let them import and wait at the line
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


def test_two_processes_applying_the_same_patch(repo: Path, cli: Cli, tmp_path: Path) -> None:
    action_id = propose_fix(repo)
    assert cli("approve", action_id, "--yes", "--repo", repo).code == 0
    results = _race(tmp_path, [["apply", action_id, "--repo", str(repo)]] * 2)
    codes = sorted(r.returncode for r in results)
    assert codes == [0, 2], [r.stderr for r in results]
    loser = next(r for r in results if r.returncode == 2)
    assert "already applied" in loser.stderr or "being applied" in loser.stderr
    assert (repo / "svc/settings.py").read_text() == "ACKS = 'all'\nRETRIES = 10\nENABLE_IDEMPOTENCE = True\n"
    with ActionStore(repo) as store:
        assert store.get(action_id).status == "applied"
        assert [e.event for e in store.audit_entries()] == ["proposed", "approved", "applied"]
        assert store.verify_audit().ok


def test_many_processes_deploying_run_the_command_once(make_repo: MakeRepo, cli: Cli, tmp_path: Path) -> None:
    from copilot.actions.propose import deploy_proposal
    from copilot.config import load_config

    repo = make_repo({".pipeline-copilot.toml": '[deploy]\nsvc = "echo run >> runs.log; sleep 1"\n'})
    proposal = deploy_proposal(repo, load_config(repo), "svc", "Deploy svc", "r", ["fp"], 1)
    assert proposal is not None
    with ActionStore(repo) as store:
        action_id = store.save(proposal).id
    assert cli("approve", action_id, "--yes", "--repo", repo).code == 0
    results = _race(tmp_path, [["apply", action_id, "--repo", str(repo)]] * 4)
    assert sorted(r.returncode for r in results) == [0, 2, 2, 2], [r.stderr for r in results]
    assert (repo / "runs.log").read_text() == "run\n"
    with ActionStore(repo) as store:
        assert store.verify_audit().ok
        assert [e.event for e in store.audit_entries()].count("applied") == 1


def test_racing_approvals_record_one_approval(repo: Path, tmp_path: Path) -> None:
    action_id = propose_fix(repo)
    results = _race(tmp_path, [["approve", action_id, "--yes", "--repo", str(repo)]] * 4)
    assert sorted(r.returncode for r in results) == [0, 2, 2, 2], [r.stderr for r in results]
    with ActionStore(repo) as store:
        assert [e.event for e in store.audit_entries()] == ["proposed", "approved"]
        assert store.verify_audit().ok


def test_racing_proposals_get_distinct_ids_and_an_intact_log(repo: Path, tmp_path: Path) -> None:
    results = _race(tmp_path, [[str(repo), str(n)] for n in range(4)], script=SAVER)
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    with ActionStore(repo) as store:
        actions = store.list()
        assert [a.id for a in actions] == [f"A{i}" for i in range(1, 21)]
        assert len({a.digest for a in actions}) == 20
        verdict = store.verify_audit()
    assert verdict.ok and verdict.entries == 20
