"""The catch-all for what should never happen (in the manner of pre-commit's ``error_handler``).

A person sees one line saying what broke and where the details are; the traceback goes to a log
file: ``<git dir>/pipeline-copilot/errors.log`` for the repository the command was about, or the
user cache directory outside a repository.  Writing the log never raises.
"""

from __future__ import annotations

import platform
import re
import sys
import traceback
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

LOG_NAME = "errors.log"
# An exception's message may quote the repository under review: no terminal controls, no bidi tricks.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _git_dir(where: Path) -> Path | None:
    from copilot import git
    from copilot.errors import CopilotError

    try:
        found = git.call(where, "rev-parse", "--git-common-dir", timeout=10)
    except (OSError, CopilotError):
        return None
    out = found.out.decode("utf-8", "surrogateescape").strip()
    if found.code != 0 or not out:
        return None
    path = Path(out)
    return path if path.is_absolute() else (where / path).resolve()


def log_path(repo: str | Path | None = None) -> Path:
    """Where the details go for a command about `repo` (default: the current directory)."""
    where = Path(repo or ".")
    if where.is_file():
        where = where.parent
    git_dir = _git_dir(where) if where.is_dir() else None
    if git_dir is not None:
        return git_dir / "pipeline-copilot" / LOG_NAME
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("pipeline-copilot")) / LOG_NAME


def write_log(exc: BaseException, repo: str | Path | None = None, argv: Sequence[str] | None = None) -> Path | None:
    """Append the traceback of `exc` to the log; its path, or None when even that failed."""
    from copilot import __version__

    try:
        path = log_path(repo)
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"=== {stamp} pipeline-copilot {__version__}, Python {platform.python_version()}\n")
            fh.write(f"command: {' '.join(argv if argv is not None else sys.argv)}\n")
            fh.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
            fh.write("\n")
    except Exception:  # noqa: BLE001 - the handler of last resort must not fail itself
        return None
    return path


def one_line(exc: BaseException, limit: int = 200) -> str:
    """``Type: first line of the message``, at most `limit` characters."""
    text = str(exc).strip().splitlines()
    message = f"{type(exc).__name__}: {_UNSAFE.sub('?', text[0])}" if text else type(exc).__name__
    return message if len(message) <= limit else message[: limit - 1] + "…"


def rule_crashed(rule: str, exc: BaseException, repo: str | Path) -> str:
    """The review's warning for a rule that raised (its traceback logged)."""
    log = write_log(exc, repo, [f"rule {rule}"])
    return f"rule {rule} crashed and was skipped ({one_line(exc)}); the other rules ran" + (
        f"; details in {log}" if log else ""
    )


def report(exc: BaseException, repo: str | Path | None = None, argv: Sequence[str] | None = None) -> str:
    """The line to show for an unexpected exception (its traceback logged)."""
    path = write_log(exc, repo, argv)
    where = f"details in {path}" if path else "the details could not be logged"
    return f"pipeline-copilot: internal error: {one_line(exc)} ({where}; please report it)"
