"""Plugin hooks: rules, output formats, commands, language front-ends and client-library entries.

Built-ins register through the same hooks as third-party plugins (as `llm` and `sqlfluff` do): the
plugin manager loads the built-in plugin modules listed in `BUILTIN_PLUGINS`, then every module named
by an entry point in the `pipeline_copilot` group. A plugin module implements any of the hooks below
with `@hookimpl`; each hook returns a list of specs (`copilot.registry` holds their types).

Command registration stays lazy: a command spec names its module by dotted path, so `--help` imports
no command module.
"""

from __future__ import annotations

import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
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
    for name, value in entry_points():
        if not pm.has_plugin(name) and not pm.is_blocked(name):
            pm.register(_load(value), name=name)
    return pm


_ENTRY_POINT = re.compile(r"\s*(?P<module>[\w.]+)\s*(?::\s*(?P<attr>[\w.]+)\s*)?(?:\[.*\]\s*)?\Z")


def _load(value: str) -> Any:
    """What an entry point's ``module:attr`` names (as ``importlib.metadata.EntryPoint.load``)."""
    import importlib

    match = _ENTRY_POINT.match(value)
    if match is None:
        raise ValueError(f"entry point {value!r} is not `module:attr`")
    target: Any = importlib.import_module(match["module"])
    for part in (match["attr"] or "").split(".") if match["attr"] else ():
        target = getattr(target, part)
    return target


def entry_points() -> list[tuple[str, str]]:
    """(name, value) of every installed entry point of the `pipeline_copilot` group, in the order
    of the installed distributions.  Finding them imports ``importlib.metadata`` and reads every
    installed package's metadata (about 25 ms of each run), so the list is remembered in the user
    cache dir, keyed by ``sys.path`` and each entry's modification time: installing or removing a
    package changes its folder."""
    stamps = []
    for entry in sys.path:
        try:
            stamps.append([entry, os.stat(entry or ".").st_mtime_ns if entry else None])
        except OSError:
            stamps.append([entry, None])
    import hashlib

    key = hashlib.sha256(json.dumps(stamps).encode()).hexdigest()[:16]
    cache = _cache_dir() / f"entry-points-{key}.json"
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if isinstance(cached, list) and all(isinstance(x, list) and len(x) == 2 for x in cached):
            return [(str(n), str(v)) for n, v in cached]
    except (OSError, ValueError):
        pass
    import importlib.metadata

    found, seen = [], set()
    for dist in importlib.metadata.distributions():
        for ep in dist.entry_points:
            if ep.group == PROJECT and ep.name not in seen:
                seen.add(ep.name)
                found.append((ep.name, ep.value))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(found), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass  # a cache that cannot be written only costs time
    return found


def _cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("pipeline-copilot") / "plugins"


def collect(hook_name: str) -> list[Any]:
    """Every plugin's contribution to one hook, built-ins first (pluggy calls later registrations first)."""
    results = getattr(plugin_manager().hook, hook_name)()
    return [item for contribution in reversed(results) for item in (contribution or [])]
