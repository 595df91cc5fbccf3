"""A patch may not change the copilot's trusted settings: deploy commands, the registry, the LLM
endpoint and key variable, the gate (``[review]``, ``[rules]``) or ``[actions]``.  A compatibility
mode may change (a finding can recommend it; the patch shows it).

Those live in the repository's configuration (``.pipeline-copilot.toml``, else
``[tool.pipeline-copilot]`` in ``pyproject.toml``); a proposal that rewrote them would let proposed
text decide what runs, where code is sent or what blocks.  A person edits them by hand (and the
review of that edit reports it: the ``config-trust`` rule).
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
GUARDED = ("deploy", "registry", "llm", "review", "rules", "actions")


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
            "refused: the patch changes the [deploy] or [registry] configuration (or another trusted setting: "
            "[llm], [review], [rules], [actions]); a person must edit those by hand"
        )
