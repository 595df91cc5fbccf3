"""The built-in rules, registered through the plugin hook like any third-party rule."""

from __future__ import annotations

import importlib

from copilot.plugins import hookimpl
from copilot.registry import RuleSpec, rule_from_module

# The order rules run in (findings of one fingerprint merge into the first one reported).
MODULES = (
    "schema_breaking",
    "reader_writer",
    "schema_unmanaged",
    "orphaned",
    "serialization",
    "consumer_group",
    "offset_reset",
    "delivery",
    "commit",
    "partition_key",
    "lag",
    "error_handling",
    "observability",
    "broken_files",
    "blind_spot",
    "config_trust",
)


@hookimpl
def pipeline_copilot_rules() -> list[RuleSpec]:
    return [spec for name in MODULES for spec in rule_from_module(importlib.import_module(f"copilot.rules.{name}"))]
