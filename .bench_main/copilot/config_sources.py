"""Where settings come from, and which of those places are trusted.

A review reads a repository that someone else may control, so the repository's configuration is
read from git *at a trusted revision* (the review's base; HEAD for commands with no range), never
from the work tree or the head under review.  The other trusted places are the user's own config
file, the environment and the command line.  See README "Security".

Layers, lowest precedence first: the repository's config at the trusted revision, the user's
config file, the environment, the command-line flags.
"""

from __future__ import annotations

import copy
import hashlib
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copilot import git
from copilot.errors import CopilotError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILE = ".pipeline-copilot.toml"
PYPROJECT = "pyproject.toml"
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's empty tree (a root commit's base)
USER_CONFIG_ENV = "PIPELINE_COPILOT_CONFIG"  # the user's config file, instead of the platform's default

# environment variable -> the key it sets (the environment wins over every file)
ENV_KEYS: dict[str, tuple[str, str]] = {
    "OPENAI_BASE_URL": ("llm", "base_url"),
    "PIPELINE_COPILOT_MODEL": ("llm", "model"),
    "PIPELINE_COPILOT_LLM_PROVIDER": ("llm", "provider"),
    "PIPELINE_COPILOT_LLM_TIMEOUT": ("llm", "timeout"),
    "PIPELINE_COPILOT_LLM_MAX_TOKENS": ("llm", "max_tokens"),
    "PIPELINE_COPILOT_LLM_CONTEXT_TOKENS": ("llm", "max_context_tokens"),
    "PIPELINE_COPILOT_LLM_STRUCTURED_OUTPUT": ("llm", "structured_output"),
    "PIPELINE_COPILOT_FAIL_ON": ("review", "fail_on"),
    "PIPELINE_COPILOT_REGISTRY_URL": ("registry", "url"),
}


@dataclass
class Layer:
    """One place settings came from: its ``pipeline-copilot`` table and how to name it."""

    data: dict[str, Any]
    where: str  # for messages: "/home/u/.config/pipeline-copilot/config.toml", ".pipeline-copilot.toml@1a2b3c4d5e6f"
    origin: dict[str, str] = field(default_factory=dict)  # {"source": "repository"|"user config"|..., "file", "commit"}


def parse_toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CopilotError(f"{where}: not valid TOML: {exc}") from None


def repo_table(own: str | None, pyproject: str | None, where: str = "") -> tuple[dict[str, Any], str] | None:
    """The project's table from ``.pipeline-copilot.toml`` (which wins) or pyproject's
    ``[tool.pipeline-copilot]``; with the file it came from.  None when neither has one."""
    if own is not None:
        return parse_toml(own, f"{where}{CONFIG_FILE}"), CONFIG_FILE
    if pyproject is not None:
        data = parse_toml(pyproject, f"{where}{PYPROJECT}").get("tool", {})
        table = data.get("pipeline-copilot") if isinstance(data, dict) else None
        if isinstance(table, dict) and table:
            return table, PYPROJECT
    return None


def _cat_files(root: Path, rev: str, paths: tuple[str, ...]) -> tuple[str | None, dict[str, str | None]] | None:
    """(commit sha, path -> text or None) at ``rev`` through one ``git cat-file --batch``; None
    when ``root`` is not in a git repository."""
    if "\n" in rev:
        raise CopilotError(f"{rev!r}: not a commit in {root}")
    try:
        commit, *files = git.cat_file(root, [f"{rev}^{{commit}}", *(f"{rev}:{p}" for p in paths)])
    except git.GitError:
        return None
    texts = {
        p: (found.data.decode("utf-8", "replace") if found is not None and found.type == "blob" else None)
        for p, found in zip(paths, files, strict=True)
    }
    return (commit.oid if commit is not None and commit.type == "commit" else None), texts


@dataclass(frozen=True)
class Inputs:
    """The raw text of every trusted place, before parsing: what a cached result is keyed by."""

    repo: dict[str, Any] | None  # {"commit": sha or None (not git), "dir": str, "texts": {file: text or None}}
    user: tuple[str, str] | None  # (path, text)
    env: dict[str, str]

    def key(self, flags: Mapping[str, Any] | None) -> str:
        # a commit whose files hold no settings keys like no repository config at all: the next
        # push's base (another commit, the same nothing) finds the result validated before
        repo = self.repo if _repo_layer(self.repo) is not None else None
        blob = json.dumps([repo, self.user, self.env, flags or {}], sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()

    def layers(self) -> list[Layer]:
        return [la for la in (_repo_layer(self.repo), _user_layer(self.user), _env_layer(self.env)) if la is not None]


def read_inputs(root: Path, rev: str | None, environ: Mapping[str, str]) -> Inputs:
    return Inputs(_read_repo(root, rev), _read_user(environ), {v: environ[v].strip() for v in ENV_KEYS if environ.get(v, "").strip()})


def _read_repo(root: Path, rev: str | None) -> dict[str, Any] | None:
    """The repository's config files as committed at ``rev`` (``None`` = HEAD).

    Outside a git repository (nothing to trust or distrust: no review range) the files on disk.
    A repository with no commits, or the empty tree (a root commit's base), has no configuration.
    """
    if rev == EMPTY_TREE:
        return None
    found = _cat_files(root, rev or "HEAD", (CONFIG_FILE, PYPROJECT))
    if found is None:  # not a git repository
        files = {name: root / name for name in (CONFIG_FILE, PYPROJECT)}
        texts = {n: p.read_text(encoding="utf-8", errors="replace") if p.is_file() else None for n, p in files.items()}
        return {"commit": None, "dir": str(root), "texts": texts}
    commit, texts = found
    if commit is None:
        if rev not in (None, "HEAD"):
            raise CopilotError(f"{rev}: not a commit in {root}")
        return None  # no commits yet
    return {"commit": commit, "dir": str(root), "texts": texts}


def _repo_layer(raw: dict[str, Any] | None) -> Layer | None:
    if raw is None:
        return None
    commit, texts = raw["commit"], raw["texts"]
    where = f"{commit[:12]}:" if commit else f"{raw['dir']}/"
    table = repo_table(texts[CONFIG_FILE], texts[PYPROJECT], where)
    if table is None:
        return None
    if not commit:
        return Layer(table[0], f"{raw['dir']}/{table[1]}", {"source": "repository", "file": table[1]})
    return Layer(table[0], f"{table[1]} at commit {commit[:12]}", {"source": "repository", "file": table[1], "commit": commit})


def user_config_path(environ: Mapping[str, str]) -> Path:
    override = environ.get(USER_CONFIG_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path as platform_dir

    return platform_dir("pipeline-copilot") / "config.toml"


def _read_user(environ: Mapping[str, str]) -> tuple[str, str] | None:
    """The user's own config file (the same tables as ``.pipeline-copilot.toml``)."""
    path = user_config_path(environ)
    if not path.is_file():
        if environ.get(USER_CONFIG_ENV, "").strip():
            raise CopilotError(f"{path}: no such file (named by {USER_CONFIG_ENV})")
        return None
    try:
        return str(path), path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CopilotError(f"{path}: cannot read the user config: {exc}") from None


def _user_layer(raw: tuple[str, str] | None) -> Layer | None:
    if raw is None:
        return None
    path, text = raw
    return Layer(parse_toml(text, path), path, {"source": "user config", "file": path})


def _env_layer(values: Mapping[str, str]) -> Layer | None:
    data: dict[str, Any] = {}
    for var, value in values.items():
        table, key = ENV_KEYS[var]
        data.setdefault(table, {})[key] = value
    if not data:
        return None
    return Layer(data, "environment", {"source": "environment", "variables": ", ".join(values)})


def env_var_for(loc: tuple[str, ...]) -> str | None:
    for var, key in ENV_KEYS.items():
        if tuple(loc[:2]) == key:
            return var
    return None


def deep_merge(into: dict[str, Any], other: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (lists included) is replaced."""
    for key, value in other.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            deep_merge(into[key], value)
        else:
            into[key] = copy.deepcopy(value)
    return into
