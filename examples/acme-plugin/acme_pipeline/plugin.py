"""Registers ACME's rules and format with Pipeline Copilot, exactly as the built-ins register."""

from __future__ import annotations

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
