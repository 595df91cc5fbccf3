"""`hook install` keeps the pre-push hook that was there: it runs first, with git's input, and its
failure stops the push; `uninstall` puts it back exactly."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.conftest import MakeRepo, commit
from tests.faces.pushing import RISKY, SAFE, cli, push_detached, remote_head, with_remote

MINE = """#!/bin/sh
# the team's own pre-push hook: records what git gave it
echo "own hook: $*" >&2
cat > "$(git rev-parse --git-dir)/own-hook-input"
echo "$*" > "$(git rev-parse --git-dir)/own-hook-args"
exit "${OWN_HOOK_EXIT:-0}"
"""


def _with_own_hook(make_repo: MakeRepo, tmp_path: Path) -> tuple[Path, Path]:
    repo = with_remote(make_repo, tmp_path, install=False)
    own = repo / ".git" / "hooks" / "pre-push"
    own.write_text(MINE)
    own.chmod(0o750)
    done = cli("hook", "install", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "pre-push.local" in done.stdout
    return repo, own


def test_the_existing_hook_runs_first_with_the_same_input(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo, _ = _with_own_hook(make_repo, tmp_path)
    before = remote_head(tmp_path)
    head = commit(repo, RISKY, "rename the fraud group")
    blocked = push_detached(repo)
    assert blocked.returncode != 0
    err = blocked.stderr
    assert err.index("own hook: origin ") < err.index("consumer-group-change")  # theirs first, then ours
    gitdir = repo / ".git"
    assert (gitdir / "own-hook-input").read_text() == f"refs/heads/main {head} refs/heads/main {before}\n"
    assert (gitdir / "own-hook-args").read_text() == f"origin {tmp_path / 'remote.git'}\n"
    assert remote_head(tmp_path) == before


def test_a_failing_existing_hook_stops_even_a_safe_push(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo, _ = _with_own_hook(make_repo, tmp_path)
    before = remote_head(tmp_path)
    commit(repo, SAFE, "docs")
    os.environ["OWN_HOOK_EXIT"] = "3"
    try:
        stopped = push_detached(repo)
    finally:
        del os.environ["OWN_HOOK_EXIT"]
    assert stopped.returncode != 0
    assert "pre-push.local exited with code 3; push stopped" in stopped.stderr
    assert remote_head(tmp_path) == before
    passed = push_detached(repo)
    assert passed.returncode == 0, passed.stderr
    assert "own hook: origin" in passed.stderr


def test_uninstall_restores_the_existing_hook_exactly(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo, own = _with_own_hook(make_repo, tmp_path)
    again = cli("hook", "install", cwd=repo)  # installing twice keeps the chain
    assert again.returncode == 0 and "pre-push.local" in again.stdout
    assert "--chain" in own.read_text()
    assert cli("hook", "uninstall", cwd=repo).returncode == 0
    assert own.read_text() == MINE
    assert stat.S_IMODE(own.stat().st_mode) == 0o750
    assert not own.with_name("pre-push.local").exists()


def test_install_refuses_when_it_would_lose_a_hook(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = with_remote(make_repo, tmp_path, install=False)
    hooks = repo / ".git" / "hooks"
    (hooks / "pre-push").write_text("#!/bin/sh\nexit 0\n")
    (hooks / "pre-push.local").write_text("#!/bin/sh\nexit 1\n")
    refused = cli("hook", "install", cwd=repo)
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1 and "pre-push.local too" in refused.stderr
    assert (hooks / "pre-push").read_text() == "#!/bin/sh\nexit 0\n"
