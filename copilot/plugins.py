"""Plugin hooks: rules, output formats, commands, language front-ends and client-library entries.

Built-ins register through the same hooks as third-party plugins (as `llm` and `sqlfluff` do): the
plugin manager loads the built-in plugin modules listed in `BUILTIN_PLUGINS`, then every module named
by an entry point in the `pipeline_copilot` group. A plugin module implements any of the hooks below
with `@hookimpl`; each hook returns a list of specs (`copilot.registry` holds their types).

Command registration stays lazy: a command spec names its module by dotted path, so `--help` imports
no command module.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from copilot.registry import CommandSpec, FormatSpec, RuleSpec

PROJECT = "pipeline_copilot"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

BUILTIN_PLUGINS = (
    "copilot.rules.builtin",
    "copilot.report.builtin",
    "copilot.commands.builtin",
    "copilot.lang.builtin",
    "copilot.libraries.builtin",
)


class Hooks:
    """The hook specifications. Each returns a list; the manager concatenates every plugin's list."""

    @hookspec
    def pipeline_copilot_rules(self) -> list[RuleSpec]:
        """Rules: an id, a one-line summary, a default severity and a `check(ctx) -> list[Finding]`."""

    @hookspec
    def pipeline_copilot_formats(self) -> list[FormatSpec]:
        """Output formats for `review --format NAME`."""

    @hookspec
    def pipeline_copilot_commands(self) -> list[CommandSpec]:
        """Sub-commands: a name, a help line and the dotted path of the module with `register`/`run`."""

    @hookspec
    def pipeline_copilot_frontends(self) -> list[Any]:
        """Language front-ends (`copilot.lang.protocol.FrontEnd` objects: name, suffixes, markers,
        test globs and `lower(path, data) -> copilot.lang.ir.Module`)."""

    @hookspec
    def pipeline_copilot_libraries(self) -> list[Any]:
        """Client-library catalogue entries: dicts of the shape of `copilot/libraries/*.yaml` (or
        `copilot.libraries.Library` objects)."""


@lru_cache(maxsize=1)
def plugin_manager() -> pluggy.PluginManager:
    import importlib

    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(Hooks)
    for name in BUILTIN_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    pm.load_setuptools_entrypoints(PROJECT)
    return pm


def collect(hook_name: str) -> list[Any]:
    """Every plugin's contribution to one hook, built-ins first (pluggy calls later registrations first)."""
    results = getattr(plugin_manager().hook, hook_name)()
    return [item for contribution in reversed(results) for item in (contribution or [])]
