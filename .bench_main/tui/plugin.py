"""`tui` registers its own command through the plugin hook (entry point `pipeline_copilot: tui`), so
`copilot` never imports this package. Nothing heavy is imported here: Textual loads when `tui` runs."""

from __future__ import annotations

from copilot.plugins import hookimpl
from copilot.registry import CommandSpec


@hookimpl
def pipeline_copilot_commands() -> list[CommandSpec]:
    return [CommandSpec("tui", "review a change interactively (Textual)", "tui.command")]
