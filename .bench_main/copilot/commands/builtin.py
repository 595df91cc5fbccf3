"""Built-in commands registered through the plugin hook (the way `tui` and third-party plugins add theirs)."""

from __future__ import annotations

from copilot.plugins import hookimpl
from copilot.registry import CommandSpec


@hookimpl
def pipeline_copilot_commands() -> list[CommandSpec]:
    return [CommandSpec("rules", "list the review rules and output formats", "copilot.commands.rules")]
