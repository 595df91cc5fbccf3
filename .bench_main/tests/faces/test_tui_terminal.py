"""`pipeline-copilot tui` in a real pseudo-terminal: it starts, quits with q, and a crash inside the
session is one line naming the log, never Textual's traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pexpect

from tests.conftest import MakeRepo, commit
from tests.faces.pushing import BIN, RISKY, finish, spawn
from tests.review.helpers import BASE

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def _tui(repo: Path, extra_env: dict[str, str] | None = None) -> pexpect.spawn:
    return spawn(str(BIN / "pipeline-copilot"), ["tui", "--base", "HEAD~1", "--llm", "off"], repo, extra_env)


def test_the_session_starts_and_quits(make_repo: MakeRepo) -> None:
    repo = make_repo(BASE)
    commit(repo, RISKY, "rename the fraud group")
    child = _tui(repo)
    child.expect("consumer-group-change")
    child.send("q")
    code, _ = finish(child)
    assert code == 0


def test_a_crash_in_the_session_is_one_line_and_a_log(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo(BASE)
    commit(repo, RISKY, "rename the fraud group")
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(  # a fault injected into the real process
        "import tui.render\n\n\ndef _broken(*args, **kwargs):\n"
        "    raise RuntimeError('injected: the list cannot be drawn')\n\n\n"
        "tui.render.option_prompt = _broken\n"
    )
    child = _tui(repo, {"PYTHONPATH": str(inject)})
    code, shown = finish(child)
    text = ANSI.sub("", shown)
    log = repo / ".git" / "pipeline-copilot" / "errors.log"
    assert code == 2
    lines = [ln[ln.index("pipeline-copilot:") :].strip() for ln in text.splitlines() if "pipeline-copilot:" in ln]
    assert lines == [
        f"pipeline-copilot: internal error: RuntimeError: injected: the list cannot be drawn "
        f"(details in {log}; please report it)"
    ]
    assert "Traceback" not in text and "_broken" not in text
    assert "injected: the list cannot be drawn" in log.read_text() and "in _broken" in log.read_text()
