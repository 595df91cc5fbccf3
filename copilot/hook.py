"""The git pre-push hook: review what is being pushed, block on unacknowledged findings.

Git runs ``.git/hooks/pre-push <remote> <url>`` with one line per pushed ref on stdin:
``<local ref> <local sha> <remote ref> <remote sha>``.  For each ref we review
``base..local`` where base is the remote sha, or for a new branch the point where the pushed
commits leave what the remote already has.

The verdict: findings at or above ``fail_on`` that nobody acknowledged block the push.  A hook
can only ask a person through ``/dev/tty``; where there is none (GUI clients, CI) it refuses and
prints the exact commands to run instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from copilot.changes import EMPTY_TREE, ZERO_SHA
from copilot.errors import CopilotError
from copilot.sanitize import one_line

MARKER = "# pipeline-copilot pre-push hook"


@dataclass
class RefUpdate:
    local_ref: str
    local_sha: str
    remote_ref: str
    remote_sha: str


def parse_updates(lines: Iterable[str]) -> list[RefUpdate]:
    updates = []
    for n, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4:
            raise CopilotError(f"pre-push input line {n}: expected '<local ref> <local sha> <remote ref> <remote sha>'")
        updates.append(RefUpdate(*parts))
    return updates


def _git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def push_base(root: Path, remote: str, update: RefUpdate) -> str:
    """The commit the pushed range starts from."""
    if update.remote_sha != ZERO_SHA and _git(root, "cat-file", "-t", update.remote_sha) == "commit":
        return update.remote_sha
    # a new branch: the parent of the oldest commit the remote does not have yet
    new = _git(root, "rev-list", "--reverse", "--topo-order", update.local_sha, "--not", f"--remotes={remote}")
    first = new.splitlines()[0] if new else ""
    if not first:
        return update.local_sha  # nothing new
    parent = _git(root, "rev-parse", "--verify", "--quiet", f"{first}^")
    return parent or EMPTY_TREE


def open_tty() -> IO[str] | None:
    try:
        return open("/dev/tty", "r+", encoding="utf-8")  # noqa: SIM115 - closed by the caller
    except OSError:
        return None


def run_pre_push(
    root: Path,
    remote: str,
    stdin_lines: Iterable[str],
    out: IO[str] = sys.stderr,
    tty_opener: Callable[[], IO[str] | None] = open_tty,
) -> int:
    from copilot.actions.store import ActionStore
    from copilot.config import load_config
    from copilot.review.engine import review_change

    config = load_config(root)
    fail_on = os.environ.get("PIPELINE_COPILOT_FAIL_ON", config.fail_on)
    llm = os.environ.get("PIPELINE_COPILOT_HOOK_LLM", "off")
    blocking = []
    for update in parse_updates(stdin_lines):
        if update.local_sha == ZERO_SHA:
            continue  # a branch deletion pushes no code
        base = push_base(root, remote, update)
        if base == update.local_sha:
            continue
        review = review_change(root, base=base, head=update.local_sha, llm=llm, propose=False, config=config)
        llm_blocks = bool(getattr(config, "llm_blocks", False))
        if not review.worst_at_or_above(fail_on, llm_blocks):
            continue
        with ActionStore(root) as store:
            from copilot.model.findings import SEVERITY_RANK

            for f in review.findings:
                if not f.verified or (f.model_claim and not llm_blocks):
                    continue  # the AI reviewer's own claims are advice unless [review] llm_blocks
                at_or_above = fail_on != "never" and SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on]
                if at_or_above and not store.is_acknowledged(f.fingerprint, review.base, update.local_sha):
                    blocking.append((update, review, f))
    if not blocking:
        return 0
    print(f"pipeline-copilot: {len(blocking)} unacknowledged finding(s) at or above '{fail_on}' in this push:", file=out)
    for _update, _review, f in blocking:
        first = f.citations[0] if f.citations else None
        where = f" ({one_line(first.path)}:{first.start_line})" if first else ""
        print(f"  [{f.severity}] {one_line(f.rule)}: {one_line(f.title)}{where}", file=out)
        if f.impacted:
            print(f"      impacted: {one_line(', '.join(f.impacted))}", file=out)
    tty = tty_opener()
    if tty is None:
        print("No terminal to ask on. To push anyway, acknowledge each finding after reading it:", file=out)
        for update, review, f in blocking:
            print(f"  pipeline-copilot ack {f.fingerprint} --range {review.base}..{update.local_sha} --reason '...'", file=out)
        print(f"Full review: pipeline-copilot review --base {blocking[0][1].base} --head {blocking[0][0].local_sha}", file=out)
        return 1
    with tty:
        tty.write("Acknowledge these findings and push anyway? Type 'yes' to confirm: ")
        tty.flush()
        answer = tty.readline().strip().lower()
        if answer != "yes":
            print("push stopped: nothing was acknowledged.", file=out)
            return 1
        tty.write("Reason (recorded in the audit log): ")
        tty.flush()
        reason = tty.readline().strip() or "acknowledged at push time"
    with ActionStore(root) as store:
        for update, review, f in blocking:
            store.acknowledge(f.fingerprint, review.base, update.local_sha, reason=reason, interactive=True)
    print(f"acknowledged {len(blocking)} finding(s); pushing.", file=out)
    return 0


def hook_script(python: str) -> str:
    return (
        "#!/bin/sh\n"
        f"{MARKER}\n"
        "# Reviews what you push for streaming-pipeline risk; see `pipeline-copilot hook --help`.\n"
        f'exec "{python}" -m copilot hook run pre-push "$@"\n'
    )


def hooks_dir(root: Path) -> Path:
    configured = _git(root, "config", "--get", "core.hooksPath")
    if configured:
        p = Path(configured)
        return p if p.is_absolute() else root / p
    path = Path(_git(root, "rev-parse", "--git-path", "hooks"))
    return path if path.is_absolute() else (root / path).resolve()


def install(root: Path, python: str = sys.executable, force: bool = False) -> Path:
    target = hooks_dir(root) / "pre-push"
    if target.exists():
        current = target.read_text(encoding="utf-8", errors="replace")
        if MARKER not in current and not force:
            raise CopilotError(
                f"{target}: a pre-push hook already exists and is not ours; add "
                f"'{python} -m copilot hook run pre-push \"$@\"' to it, or re-run with --force "
                "(it is kept as pre-push.local)"
            )
        if MARKER not in current:
            target.rename(target.with_name("pre-push.local"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(hook_script(python), encoding="utf-8")
    target.chmod(0o755)
    return target


def uninstall(root: Path) -> Path | None:
    target = hooks_dir(root) / "pre-push"
    if target.exists() and MARKER in target.read_text(encoding="utf-8", errors="replace"):
        target.unlink()
        backup = target.with_name("pre-push.local")
        if backup.exists():
            backup.rename(target)
        return target
    return None
