"""Settings of the actions commands that ``Config`` does not carry (yet).

``[actions] deploy_timeout = 600`` in ``.pipeline-copilot.toml`` (or
``[tool.pipeline-copilot.actions]`` in pyproject.toml): seconds a deploy command may run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from copilot.config import Config
from copilot.errors import CopilotError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_DEPLOY_TIMEOUT = 600.0


def deploy_timeout(config: Config) -> float:
    if not config.source:
        return DEFAULT_DEPLOY_TIMEOUT
    path = Path(config.source)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return DEFAULT_DEPLOY_TIMEOUT
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("pipeline-copilot", {})
    value = data.get("actions", {}).get("deploy_timeout", DEFAULT_DEPLOY_TIMEOUT)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise CopilotError(f"{path}: [actions].deploy_timeout must be a positive number of seconds")
    return float(value)
