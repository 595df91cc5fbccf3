"""Settings of the actions commands: ``[actions] deploy_timeout`` (seconds a deploy command may run).

Validated with the rest of the configuration in ``copilot.config``.
"""

from __future__ import annotations

from copilot.config import Config

DEFAULT_DEPLOY_TIMEOUT = 600.0


def deploy_timeout(config: Config) -> float:
    return float(config.deploy_timeout)
