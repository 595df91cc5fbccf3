"""Shared pieces of the `test_harden_*` attack tests: the loopback LLM and running the CLI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from copilot.cli import main
from tests.llm.loopback import LoopbackServer, served_through_env


def loopback_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackServer]:
    """A loopback OpenAI server that the CLI reaches through the (trusted) environment."""
    yield from served_through_env(monkeypatch)


def run_in(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``pipeline-copilot ARGS`` run inside `repo`; exit code, stdout, stderr."""
    cwd = Path.cwd()
    os.chdir(repo)
    try:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
    finally:
        os.chdir(cwd)
    return code, captured.out, captured.err
