"""The built-in client-library entries (this folder's YAML files), registered through the plugin
hook like any third-party entry."""

from __future__ import annotations

from typing import Any

from copilot.libraries import builtin_entries
from copilot.plugins import hookimpl


@hookimpl
def pipeline_copilot_libraries() -> list[dict[str, Any]]:
    return builtin_entries()
