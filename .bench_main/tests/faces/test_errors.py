"""Never a traceback: one line for the person, the details in a log file; a crashing rule is a warning."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.cli import main
from copilot.plugins import hookimpl, plugin_manager
from copilot.registry import RuleSpec
from tests.conftest import MakeRepo, commit, git
from tests.faces.pushing import RISKY, cli
from tests.review.helpers import BASE, PRODUCER

WEAKER = {"checkout/app.py": PRODUCER.replace('"acks": "all"', '"acks": "1"'), **RISKY}


def _boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom: the unexpected\nsecond line of the message")


def test_an_unexpected_exception_is_one_line_and_a_logged_traceback(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = make_repo(BASE)
    monkeypatch.setattr("copilot.review.engine.review_change", _boom)  # a fault injected under the command
    code = main(["review", "--repo", str(repo), "--llm", "off"])
    captured = capsys.readouterr()
    log = repo / ".git" / "pipeline-copilot" / "errors.log"
    assert code == 2 and captured.out == ""
    assert captured.err.splitlines() == [
        f"pipeline-copilot: internal error: RuntimeError: boom: the unexpected (details in {log}; please report it)"
    ]
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "second line of the message" in text
    assert "command: review --repo" in text and "in _boom" in text
    assert main(["review", "--repo", str(repo), "--llm", "off"]) == 2  # appended, not overwritten
    assert log.read_text().count("Traceback (most recent call last)") == 2


def test_outside_a_repository_the_log_goes_to_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "not-a-repo"
    plain.mkdir()
    monkeypatch.chdir(plain)
    monkeypatch.setattr("copilot.commands.review.check_range_arguments", _boom)
    assert main(["review"]) == 2
    err = capsys.readouterr().err
    log = Path(os.environ["XDG_CACHE_HOME"]) / "pipeline-copilot" / "errors.log"
    assert err.count("\n") == 1 and f"details in {log}" in err
    assert "RuntimeError: boom" in log.read_text()
    assert not (plain / ".git").exists() and list(plain.iterdir()) == []


def test_review_output_into_a_missing_directory_is_a_one_line_error(make_repo: MakeRepo) -> None:
    repo = make_repo(BASE)
    for target, why in (("missing/dir/x", "directory missing/dir does not exist"), ("checkout", "is a directory")):
        done = cli("review", "--llm", "off", "-o", target, cwd=repo)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.splitlines() == [f"pipeline-copilot: error: --output {target}: {why}"]
    assert not (repo / "missing").exists()
    assert not (repo / ".git" / "pipeline-copilot" / "errors.log").exists()  # a user error is not a crash


class CrashingRule:
    """A plugin whose rule raises: registered through the real plugin manager for one test."""

    @hookimpl
    def pipeline_copilot_rules(self) -> list[RuleSpec]:
        def check(ctx: object) -> list:
            return [1 / 0]

        return [RuleSpec("org-crashing", "always fails", check, plugin="tests")]


@pytest.fixture
def crashing_rule() -> Iterator[None]:
    pm = plugin_manager()
    pm.register(CrashingRule(), name="tests.crashing")
    try:
        yield
    finally:
        pm.unregister(name="tests.crashing")


def test_a_crashing_rule_is_a_warning_in_every_format_and_the_others_still_run(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], tmp_path: Path, crashing_rule: None
) -> None:
    repo = make_repo(BASE)
    commit(repo, WEAKER, "weaker acks, new group")
    args = ["review", "--repo", str(repo), "--base", "HEAD~1", "--llm", "off", "--fail-on", "never"]
    log = Path(git(repo, "rev-parse", "--absolute-git-dir").strip()) / "pipeline-copilot" / "errors.log"
    warning = "rule org-crashing crashed and was skipped (ZeroDivisionError: division by zero)"

    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rules = {f["rule"] for f in data["findings"]}
    assert {"delivery-weakened", "consumer-group-change"} <= rules
    assert [w for w in data["warnings"] if w.startswith(warning)] == [
        f"{warning}; the other rules ran; details in {log}"
    ]
    assert "ZeroDivisionError" in log.read_text() and "command: rule org-crashing" in log.read_text()

    assert main([*args, "--format", "markdown"]) == 0
    assert f"- ⚠️ {warning}" in capsys.readouterr().out

    assert main([*args, "--format", "sarif"]) == 0
    sarif = json.loads(capsys.readouterr().out)
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any(n["level"] == "warning" and n["message"]["text"].startswith(warning) for n in notes)
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"delivery-weakened", "consumer-group-change"}

    out = tmp_path / "review.txt"
    assert main([*args, "-o", str(out)]) == 0
    text = " ".join(out.read_text().split())
    assert "warning: " + warning in text and "delivery-weakened" in text


def test_the_line_quotes_no_terminal_controls(
    make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An exception's message may quote the repository under review (untrusted text)."""
    repo = make_repo(BASE)

    def hostile(*_args: object, **_kwargs: object) -> None:
        raise ValueError("svc/\x1b[2Japp.py\u202e.txt: unexpected")

    monkeypatch.setattr("copilot.review.engine.review_change", hostile)
    assert main(["review", "--repo", str(repo), "--llm", "off"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err
    assert "ValueError: svc/?[2Japp.py?.txt: unexpected" in err
