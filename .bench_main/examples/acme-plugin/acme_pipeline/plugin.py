"""Registers ACME's rules, format and in-house client library with Pipeline Copilot, exactly as
the built-ins register."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from copilot.plugins import hookimpl
from copilot.registry import FormatSpec, RuleSpec, rule_from_module

from acme_pipeline import formats
from acme_pipeline.rules import pii_doc, topic_naming


@hookimpl
def pipeline_copilot_rules() -> list[RuleSpec]:
    return [*rule_from_module(topic_naming, "acme"), *rule_from_module(pii_doc, "acme")]


@hookimpl
def pipeline_copilot_formats() -> list[FormatSpec]:
    return [FormatSpec("acme-tsv", "one tab-separated line per finding", formats.write_tsv, "acme")]


@hookimpl
def pipeline_copilot_libraries() -> list[dict[str, Any]]:
    """ACME's producer wrapper: one YAML file of the catalogue's shape per library."""
    folder = Path(__file__).parent / "libraries"
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.yaml"))]
