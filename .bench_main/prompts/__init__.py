"""The LLM prompts, as versioned text files shipped in the wheel (package data).

Each ``<name>.txt`` starts with a ``version: <id>`` line; the rest is the prompt text, with
``$placeholders`` (``string.Template``) where the caller fills in data.  The version goes into
every review's ``llm.prompt_version`` and into the answer cache key, so editing a prompt means
bumping its version.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from string import Template


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    text: str

    def render(self, **values: str) -> str:
        """The text with every ``$name`` replaced (a missing value is an error)."""
        return Template(self.text).substitute(values)


class PromptError(LookupError):
    pass


@functools.cache
def load(name: str) -> Prompt:
    """Read ``prompts/<name>.txt`` via importlib.resources (works from a wheel or a zip)."""
    try:
        raw = resources.files(__name__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise PromptError(f"prompt {name!r} not found in the prompts package") from exc
    first, _, body = raw.partition("\n")
    key, _, version = first.partition(":")
    if key.strip() != "version" or not version.strip():
        raise PromptError(f"prompts/{name}.txt: the first line must be 'version: <id>'")
    return Prompt(name=name, version=version.strip(), text=body)
