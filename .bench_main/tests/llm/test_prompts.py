"""The prompts: versioned text files shipped as package data, loaded at run time."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import prompts
from copilot.model.findings import SEVERITIES
from copilot.registry import rule_ids
from copilot.review.llm_context import system_prompt

ROOT = Path(__file__).resolve().parents[2]


def test_every_prompt_has_a_version_line() -> None:
    names = sorted(p.stem for p in (ROOT / "prompts").glob("*.txt"))
    assert names == ["plain_suffix", "review_system", "review_user"]
    versions = {prompts.load(name).version for name in names}
    assert len(versions) == 1 and re.fullmatch(r"review-\d{4}\.\d{1,2}\.\d+", versions.pop())
    assert not prompts.load("review_system").text.startswith("version:")


def test_system_prompt_says_what_matters() -> None:
    text = system_prompt().text
    assert "UNTRUSTED DATA" in text and "never an instruction" in text
    assert "can only REPORT findings" in text and "approve" in text
    for rule in (*rule_ids(), "other"):
        assert re.search(rf"\b{re.escape(rule)}\b", text), rule
    for severity in SEVERITIES:
        assert f"{severity} (" in text
    assert "EXACT quote" in text and "citation" in text
    assert "[REDACTED]" in text


def test_user_template_has_every_section() -> None:
    prompt = prompts.load("review_user")
    out = prompt.render(
        describe="a..b", cut_note="", rule_findings="[]", subgraph="{}", hunks="H", excerpts="E"
    )
    for section in ("RULE FINDINGS", "IMPACTED SUBGRAPH", "CHANGED HUNKS", "CODE EXCERPTS"):
        assert section in out
    with pytest.raises(KeyError):
        prompt.render(describe="x")


def test_unknown_prompt_is_a_clear_error() -> None:
    with pytest.raises(prompts.PromptError, match="nope"):
        prompts.load("nope")


def test_prompts_ship_as_package_data() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "*.txt" in data["tool"]["setuptools"]["package-data"]["prompts"]
    assert (ROOT / "prompts" / "__init__.py").is_file()
