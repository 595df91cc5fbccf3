"""The git pre-push hook: review what is being pushed, block on unacknowledged findings.

Git runs ``.git/hooks/pre-push <remote> <url>`` with one line per pushed ref on stdin:
``<local ref> <local sha> <remote ref> <remote sha>``.  For each ref we review
``base..local`` where base is the remote sha, or for a new branch the point where the pushed
commits leave what the remote already has.

The verdict: findings at or above ``fail_on`` that nobody acknowledged block the push.  A hook
can only ask a person through ``/dev/tty`` (its stdin is git's input); where there is none (GUI
clients, CI) it refuses and prints the exact commands to run instead.

``install`` never disables a pre-push hook that was already there: it is kept as
``pre-push.local`` and our script runs it first, with the same arguments and input lines; its
non-zero exit stops the push.  ``uninstall`` puts it back as it was.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from copilot import git
from copilot.changes import EMPTY_TREE, ZERO_SHA
from copilot.errors import CopilotError
from copilot.sanitize import one_line

if TYPE_CHECKING:
    from copilot.actions.confirm import Terminal

MARKER = "# pipeline-copilot pre-push hook"
CHAINED = "pre-push.local"  # the hook that was there before ours


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


def push_base(root: Path, remote: str, update: RefUpdate) -> str:
    """The commit the pushed range starts from."""
    if update.remote_sha != ZERO_SHA and git.probe(root, "cat-file", "-t", update.remote_sha) == "commit":
        return update.remote_sha
    # a new branch: the parent of the oldest commit the remote does not have yet
    new = git.probe(root, "rev-list", "--reverse", "--topo-order", update.local_sha, "--not", f"--remotes={remote}")
    first = new.splitlines()[0] if new else ""
    if not first:
        return update.local_sha  # nothing new
    return git.commit_of(root, f"{first}^") or EMPTY_TREE


def run_chained(chained: Path, root: Path, args: list[str], lines: list[str], out: IO[str]) -> int:
    """Run the hook that was installed before ours, as git would have: same arguments, same input."""
    if not os.access(chained, os.X_OK):
        return 0  # git does not run a hook that is not executable either
    try:
        proc = subprocess.run([str(chained), *args], cwd=root, input="".join(lines), text=True, check=False)
    except OSError as exc:
        raise CopilotError(f"{chained}: cannot run the chained pre-push hook: {exc.strerror}") from None
    if proc.returncode != 0:
        print(f"pipeline-copilot: {chained} exited with code {proc.returncode}; push stopped", file=out)
    return proc.returncode


def run_pre_push(
    root: Path,
    remote: str,
    stdin_lines: Iterable[str],
    out: IO[str] = sys.stderr,
    tty_opener: Callable[[], Terminal | None] | None = None,
) -> int:
    from copilot.config import load_config
    from copilot.review.engine import review_change

    llm = os.environ.get("PIPELINE_COPILOT_HOOK_LLM", "off")
    blocking = []
    fail_on = "high"  # each range uses its own base's config
    for update in parse_updates(stdin_lines):
        if update.local_sha == ZERO_SHA:
            continue  # a branch deletion pushes no code
        base = push_base(root, remote, update)
        if base == update.local_sha:
            continue
        config = load_config(root, base)  # trusted: what the remote already has, never the pushed change
        fail_on = config.fail_on  # PIPELINE_COPILOT_FAIL_ON (environment) wins over the files
        review = review_change(root, base=base, head=update.local_sha, llm=llm, config=config)
        llm_blocks = bool(getattr(config, "llm_blocks", False))
        if not review.worst_at_or_above(fail_on, llm_blocks):
            continue  # a safe push never opens the actions store
        from copilot.actions.store import ActionStore

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
    if tty_opener is None:
        from copilot.actions.confirm import controlling_terminal as tty_opener
    tty = tty_opener()
    if tty is None:
        print("No terminal to ask on. To push anyway, acknowledge each finding after reading it:", file=out)
        for update, review, f in blocking:
            print(f"  pipeline-copilot ack {f.fingerprint} --range {review.base}..{update.local_sha} --reason '...'", file=out)
        print(f"Full review: pipeline-copilot review --base {blocking[0][1].base} --head {blocking[0][0].local_sha}", file=out)
        return 1
    with tty:
        answer = tty.line("Acknowledge these findings and push anyway? Type 'yes' to confirm: ")
        if answer.lower() != "yes":
            print("push stopped: nothing was acknowledged.", file=out)
            return 1
        reason = tty.line("Reason (recorded in the audit log): ") or "acknowledged at push time"
    with ActionStore(root) as store:
        for update, review, f in blocking:
            store.acknowledge(f.fingerprint, review.base, update.local_sha, reason=reason, interactive=True)
    print(f"acknowledged {len(blocking)} finding(s); pushing.", file=out)
    return 0


def hook_script(python: str, chained: Path | None = None) -> str:
    chain = ""
    if chained is not None:
        chain = f" --chain {shlex.quote(str(chained))}"
    return (
        "#!/bin/sh\n"
        f"{MARKER}\n"
        "# Reviews what you push for streaming-pipeline risk; see `pipeline-copilot hook --help`.\n"
        + (f"# First runs the pre-push hook that was here before: {chained}\n" if chained else "")
        + f'exec {shlex.quote(python)} -m copilot hook run{chain} pre-push "$@"\n'
    )


def _is_ours(path: Path) -> bool:
    return path.is_file() and MARKER in path.read_text(encoding="utf-8", errors="replace")


def install(root: Path, python: str = sys.executable) -> tuple[Path, Path | None]:
    """Write our pre-push hook; (its path, the chained earlier hook or None).

    An existing hook that is not ours is renamed (bytes and mode kept) to ``pre-push.local`` and
    run first by ours.
    """
    target = git.hooks_dir(root) / "pre-push"
    backup = target.with_name(CHAINED)
    if (target.exists() or target.is_symlink()) and not _is_ours(target):
        if backup.exists() or backup.is_symlink():
            raise CopilotError(
                f"{target}: a pre-push hook exists and {backup} too; keep one of them, then install again"
            )
        target.rename(backup)
    chained = backup if backup.exists() or backup.is_symlink() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(hook_script(python, chained), encoding="utf-8")
    target.chmod(0o755)
    return target, chained


def uninstall(root: Path) -> Path | None:
    """Remove our hook and put back the one it chained, exactly as it was."""
    target = git.hooks_dir(root) / "pre-push"
    if not _is_ours(target):
        return None
    target.unlink()
    backup = target.with_name(CHAINED)
    if backup.exists() or backup.is_symlink():
        backup.rename(target)
    return target
