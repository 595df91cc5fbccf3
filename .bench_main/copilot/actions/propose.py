"""The API the review engine calls to turn a remedy into a proposal a person can approve.

Builders only *describe* an action; nothing here writes to the work tree, the registry or runs a
command.  Unsafe patches are refused here (``ProposalRefused``) and re-checked at apply time.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlparse

from copilot import git
from copilot.actions.configguard import check_config_unchanged
from copilot.actions.diffing import FileChange, decode_text, unified_diff
from copilot.actions.errors import ProposalRefused
from copilot.actions.model import ABSENT, Proposal
from copilot.actions.pathsafety import RepoGuard, check_path
from copilot.config import MODES, Config
from copilot.model.findings import Alternative

__all__ = ["ProposalRefused", "deploy_proposal", "patch_proposal", "schema_register_proposal"]


def _alternatives(items: Iterable[tuple[str, str] | Alternative]) -> list[Alternative]:
    out = []
    for item in items:
        if isinstance(item, Alternative):
            out.append(item)
        else:
            title, tradeoff = item
            out.append(Alternative(title=str(title), tradeoff=str(tradeoff)))
    return out


def _file_mode(path: Path) -> str:
    return "100755" if os.stat(path).st_mode & stat.S_IXUSR else "100644"


def _change(root: Path, guard: RepoGuard, rel: str, new: str | None) -> FileChange | None:
    check_path(guard, rel)
    if new is not None and not isinstance(new, str):
        raise ProposalRefused(f"refused: new content of {rel} must be text or None, not {type(new).__name__}")
    if new is not None and "\0" in new:
        raise ProposalRefused(
            f"refused: new content of {rel} is binary (NUL byte); patches only change text files"
        )
    full = root / rel
    old: str | None = None
    old_blob: str | None = None
    mode = "100644"
    if full.exists():
        old = decode_text(full.read_bytes(), rel)
        old_blob, mode = git.hash_file(root, rel), _file_mode(full)
    if old == new:
        return None
    new_blob = git.hash_bytes(root, new.encode("utf-8")) if new is not None else None
    zero = "0" * len(new_blob or old_blob or "")  # git's null id, as long as this repo's object ids
    return FileChange(
        path=rel, old=old, new=new, old_blob=old_blob or zero, new_blob=new_blob or zero, mode=mode
    )


def patch_proposal(
    repo_root: str | Path,
    title: str,
    reasoning: str,
    new_contents: Mapping[str, str | None],
    finding_fingerprints: Sequence[str],
    alternatives: Iterable[tuple[str, str] | Alternative] = (),
) -> Proposal:
    """A patch from the work tree's current files to ``new_contents`` (None deletes a file).

    Paths are relative to the work tree root.  Raises ProposalRefused for a path outside the
    repository, in ``.git``, a hook file, a symlink, a binary file, a change to the deploy/registry
    configuration, or when nothing would change.
    """
    root = git.toplevel(repo_root)
    guard = RepoGuard.load(root)
    if not new_contents:
        raise ProposalRefused("refused: a patch proposal needs at least one file")
    changes = [c for rel in sorted(new_contents) if (c := _change(root, guard, rel, new_contents[rel]))]
    if not changes:
        raise ProposalRefused("refused: the proposed contents equal the work tree; nothing to change")
    check_config_unchanged(root, dict(new_contents))
    base = {c.path: (c.old_blob if c.old is not None else ABSENT) for c in changes}
    return Proposal(
        kind="patch",
        title=title,
        reasoning=reasoning,
        content=unified_diff(changes),
        target={"paths": sorted(base)},
        base={"files": base},
        findings=list(finding_fingerprints),
        alternatives=_alternatives(alternatives),
    )


def _defined_in(config: Config, service_name: str) -> dict[str, dict[str, str]]:
    """Where the command was defined (file and commit, or the user config): shown at approval."""
    origin = config.deploy_origin(service_name)
    return {"defined_in": dict(origin)} if origin else {}


def deploy_proposal(
    repo_root: str | Path,
    config: Config,
    service_name: str,
    title: str,
    reasoning: str,
    finding_fingerprints: Sequence[str],
    step: int,
    rollout: str | None = None,
    after: Sequence[str] = (),
) -> Proposal | None:
    """Step ``step`` of a rollout: run the deploy command configured for ``service_name``.

    None when the configuration has no deploy command of that name: the command always comes from
    ``[deploy]`` in the repository's configuration, never from anywhere else.  ``rollout`` names the
    rollout (the schema) and ``after`` the services of the same rollout that must be deployed
    first; ``apply`` keeps that order (see ``copilot.actions.rollout``).
    """
    command = config.deploy.get(service_name)
    if not command:
        return None
    if isinstance(step, bool) or not isinstance(step, int) or step < 0:
        raise ProposalRefused(f"refused: deploy step must be a non-negative integer, not {step!r}")
    target: dict[str, object] = {"name": service_name, "step": step, **_defined_in(config, service_name)}
    if rollout:
        target.update(rollout=rollout, after=sorted(set(after) - {service_name}))
    root = git.toplevel(repo_root)
    return Proposal(
        kind="deploy",
        title=title,
        reasoning=reasoning,
        content=command,
        target=target,
        base={"head": git.head_sha(root)},
        findings=list(finding_fingerprints),
    )


def schema_register_proposal(
    repo_root: str | Path,
    config: Config,
    subject: str,
    schema_text: str,
    mode: str,
    title: str,
    reasoning: str,
    finding_fingerprints: Sequence[str],
) -> Proposal | None:
    """Register ``schema_text`` under ``subject`` with compatibility ``mode`` at the configured registry.

    None when no registry URL is configured.
    """
    url = config.registry_url
    if not url:
        return None
    if urlparse(url).scheme not in ("http", "https"):
        raise ProposalRefused(f"refused: registry url {url!r} is not http(s)")
    if not subject or len(subject) > 255 or any(ord(ch) < 32 or ord(ch) == 127 for ch in subject):
        raise ProposalRefused(f"refused: invalid schema subject {subject!r}")
    if str(mode).upper() not in MODES:
        raise ProposalRefused(f"refused: unknown compatibility mode {mode!r} (one of {', '.join(MODES)})")
    try:
        json.loads(schema_text)
    except (TypeError, ValueError) as exc:
        raise ProposalRefused(f"refused: schema for {subject} is not valid JSON: {exc}") from None
    root = git.toplevel(repo_root)
    return Proposal(
        kind="schema-register",
        title=title,
        reasoning=reasoning,
        content=schema_text,
        target={"registry": url, "subject": subject, "mode": str(mode).upper()},
        base={"head": git.head_sha(root)},
        findings=list(finding_fingerprints),
    )
