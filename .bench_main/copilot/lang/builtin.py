"""The built-in language front-ends, registered through the plugin hook like any third-party one."""

from __future__ import annotations

from copilot.lang import builtin_frontends
from copilot.lang.protocol import FrontEnd
from copilot.plugins import hookimpl


@hookimpl
def pipeline_copilot_frontends() -> list[FrontEnd]:
    return builtin_frontends()
