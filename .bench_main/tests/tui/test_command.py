"""`pipeline-copilot tui`: arguments, refusals, and the layering (copilot never imports tui/textual)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from copilot.cli import main
from tests.conftest import MakeRepo, commit
from tui.app import ReviewApp

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--staged", "--worktree"], "--staged and --worktree cannot be combined"),
        (["--staged", "--head", "HEAD"], "--head cannot be combined with --staged or --worktree"),
        ([], "tui needs a terminal; use `pipeline-copilot review` for a report"),
    ],
)
def test_refusals_are_one_line(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    repo = make_repo({"README.md": "x\n"})
    assert main(["tui", "--repo", str(repo), *args]) == 2
    assert capsys.readouterr().err == f"pipeline-copilot: error: {message}\n"


def test_opens_the_session_on_the_requested_range(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo({"README.md": "x\n"})
    commit(repo, {"README.md": "y\n"})
    started: list[ReviewApp] = []
    monkeypatch.setattr(ReviewApp, "run", lambda self, *a, **k: started.append(self))
    monkeypatch.setattr(sys, "stdin", TTY())
    monkeypatch.setattr(sys, "stdout", TTY())
    assert main(["tui", "--repo", str(repo), "--base", "HEAD~1", "--head", "HEAD", "--llm", "off"]) == 0
    [app] = started
    assert app.settings.requested == "HEAD~1..HEAD"
    with app.store_factory() as store:
        assert store.root == repo.resolve()
    review = app.review_loader()
    assert review.changed_files == ["README.md"] and review.findings == []


def test_cli_parses_tui_without_importing_textual() -> None:
    """`tui` registers its command through the plugin entry point; Textual loads only when it runs."""
    code = (
        "import sys; from copilot.cli import build_parser; build_parser().parse_args(['tui', '--staged']);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['tui', 'tui.command', 'tui.plugin']"


def test_copilot_never_imports_tui() -> None:
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "copilot").rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(("import tui", "from tui"))
    ]
    assert offenders == []
