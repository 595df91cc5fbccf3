"""The registries are the one source: rule ids, help, SARIF metadata, the README's rule table."""

from __future__ import annotations

import json
from pathlib import Path

from copilot.cli import main
from copilot.registry import formats, rule_help, rule_ids, rules

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_builtin_rule_module_registers_with_a_summary() -> None:
    ids = rule_ids()
    assert len(ids) == len(set(ids)) >= 12
    assert all(rule_help()[r] for r in ids)
    assert {s.plugin for s in rules()} >= {"builtin"}
    assert "other" in rule_help() and "other" not in ids


def test_the_readme_rule_table_is_the_registry(capsys) -> None:
    assert main(["rules", "--format", "markdown"]) == 0
    table = capsys.readouterr().out
    assert table.strip() in README.read_text(encoding="utf-8")


def test_rules_json_lists_rules_and_formats(capsys) -> None:
    assert main(["rules", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in data["rules"]] == list(rule_ids())
    assert {f["name"] for f in data["formats"]} == set(formats()) >= {"text", "json", "markdown", "sarif"}
