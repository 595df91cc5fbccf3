"""A patch may not change which deploy commands or which registry the copilot may use.

Those live in the repository's configuration (``[deploy]`` and ``[registry]`` of
``.pipeline-copilot.toml``, else ``[tool.pipeline-copilot]`` in ``pyproject.toml``) and are the
only commands a deploy action can run; a proposal that rewrote them would let proposed text decide
what runs.  A person edits them by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from copilot.actions.errors import ProposalRefused
from copilot.config import CONFIG_FILE

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = "pyproject.toml"
GUARDED = ("deploy", "registry")


def _read(root: Path, rel: str) -> str | None:
    path = root / rel
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None


def _effective(own: str | None, pyproject: str | None) -> dict[str, Any] | None:
    """The guarded tables as load_config would see them; None when the file is not valid TOML."""
    try:
        if own is not None:
            data = tomllib.loads(own)
        else:
            data = tomllib.loads(pyproject or "").get("tool", {}).get("pipeline-copilot", {})
    except tomllib.TOMLDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    return {key: data.get(key) for key in GUARDED}


def check_config_unchanged(root: Path, new_contents: dict[str, str | None]) -> None:
    if CONFIG_FILE not in new_contents and PYPROJECT not in new_contents:
        return
    before = _effective(_read(root, CONFIG_FILE), _read(root, PYPROJECT))
    after = _effective(
        new_contents[CONFIG_FILE] if CONFIG_FILE in new_contents else _read(root, CONFIG_FILE),
        new_contents[PYPROJECT] if PYPROJECT in new_contents else _read(root, PYPROJECT),
    )
    if after is not None and after != before:
        raise ProposalRefused(
            "refused: the patch changes the [deploy] or [registry] configuration; "
            "a person must edit deploy commands and registry settings by hand"
        )
