"""Is the repository still in the state a proposal expects, and may it still be applied safely?

``stale_reason`` answers "has the repository moved on?" (then the proposal is marked stale).
``safety_problem`` answers "would applying it now be unsafe?" (then apply is refused).
"""

from __future__ import annotations

from pathlib import Path

from copilot import git
from copilot.actions import patching
from copilot.actions.errors import ProposalRefused
from copilot.actions.model import ABSENT, Proposal
from copilot.actions.pathsafety import RepoGuard, check_path
from copilot.config import Config, describe_origin

TRUSTED = "the repository's config committed at HEAD, your user config and the environment; never uncommitted edits"


def _short(sha: str | None) -> str:
    return sha[:12] if sha else "none"


def _patch_stale(root: Path, proposal: Proposal) -> str | None:
    for rel, expected in sorted(proposal.base_files.items()):
        full = root / rel
        exists = full.is_file() and not full.is_symlink()
        if expected == ABSENT:
            if exists or full.is_symlink():
                return f"{rel} exists now but the patch creates it"
            continue
        if not exists:
            return f"{rel} is gone (the patch expects blob {_short(expected)})"
        found = git.hash_file(root, rel, write=True)  # stored: a crash recovery may need the original
        if found != expected:
            return (
                f"{rel} changed since the proposal (expected blob {_short(expected)}, found {_short(found)})"
            )
    problem = patching.check_applies(root, proposal.content)
    return f"git apply --check fails: {problem}" if problem else None


def _head_stale(root: Path, proposal: Proposal) -> str | None:
    head = git.head_sha(root)
    if head != proposal.base_head:
        return f"HEAD moved from {_short(proposal.base_head)} to {_short(head)}"
    return None


def stale_reason(root: Path, proposal: Proposal, config: Config) -> str | None:
    if proposal.kind == "patch":
        return _patch_stale(root, proposal)
    if proposal.kind == "deploy":
        name = proposal.target.get("name", "")
        command = config.deploy.get(name)
        if command is None:
            return f"no deploy command named {name!r} in the trusted configuration ({TRUSTED}) any more"
        if command != proposal.content:
            where = describe_origin(config.deploy_origin(name))
            return (
                f"the deploy command for {name!r} changed since the proposal: the trusted configuration "
                f"({where}) now says {command!r}, not the command that was proposed"
            )
        return _head_stale(root, proposal)
    if proposal.kind == "schema-register":
        if config.registry_url != proposal.target.get("registry"):
            return f"the configured registry changed (now {config.registry_url!r})"
        return _head_stale(root, proposal)
    return f"unknown action kind {proposal.kind!r}"


def safety_problem(root: Path, proposal: Proposal) -> str | None:
    """For a patch: every path still allowed, and the patch touches exactly the paths it names."""
    if proposal.kind != "patch":
        return None
    guard = RepoGuard.load(root)
    try:
        for rel in sorted(proposal.base_files):
            check_path(guard, rel)
    except ProposalRefused as exc:
        return str(exc)
    touched = patching.touched_paths(root, proposal.content)
    if touched != set(proposal.base_files):
        return "the stored patch touches other files than the ones it names"
    return None
