"""Settings: one validated model over the repository's config, the user's config, the environment
and the command line.

The repository's file is ``.pipeline-copilot.toml`` at its root, or ``[tool.pipeline-copilot]`` in
pyproject.toml (same tables); the user's is ``~/.config/pipeline-copilot/config.toml`` (the platform's
user config dir; ``PIPELINE_COPILOT_CONFIG`` names another)::

    [compatibility]
    default = "BACKWARD"                       # the registry's default
    subjects = { orders = "FULL", "payments-value" = "FORWARD_TRANSITIVE" }

    [topics.orders]                            # pin a topic's schema when code does not say it
    schema = "schemas/order.avsc"

    [deploy]                                   # the only commands a deploy action may run
    fraud-scorer = "make -C fraud deploy"

    [registry]
    url = "http://localhost:8081"

    [llm]                                      # see copilot/review/llm.py
    provider = "openai"
    model = "gpt-4o-mini"
    base_url = "http://localhost:11434/v1"
    api_key_env = "OPENAI_API_KEY"
    timeout = 60
    max_retries = 2
    max_context_tokens = 12000                 # unset: fitted to the model
    max_tokens = 1024
    structured_output = "auto"                 # json_schema | json_mode | tools | plain
    unverified = "show"                        # or "drop"

    [review]
    fail_on = "high"
    ignore = ["vendor/**"]                     # globs never scanned
    llm_blocks = false                         # a model-only finding never blocks on its own

    [rules.lag-risk]                           # per rule: enabled, severity, paths, options
    enabled = false

    [actions]
    deploy_timeout = 600

The repository's file is read from git at a trusted revision (see ``copilot.config_sources``):
the review's base, or HEAD for commands with no range — never the work tree.  Environment variables
(``copilot.config_sources.ENV_KEYS``) override the files; flags override everything.  Unknown keys
are warned about ("did you mean"); a bad value is a one-line error naming the file and key.

Validation (``copilot.settings_model``, pydantic-settings) runs when the inputs change; the validated
result is cached in the user's cache dir, keyed by the exact text of every input, so a hook run with
unchanged settings reads one small JSON file instead.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copilot import config_sources as sources
from copilot.config_sources import CONFIG_FILE, Layer

if TYPE_CHECKING:
    from copilot.settings_model import Settings

__all__ = ["CONFIG_FILE", "MODES", "Config", "LLMSettings", "RuleSettings", "load_config", "parse_config"]

MODES = (
    "BACKWARD",
    "BACKWARD_TRANSITIVE",
    "FORWARD",
    "FORWARD_TRANSITIVE",
    "FULL",
    "FULL_TRANSITIVE",
    "NONE",
)
GATES = ("high", "medium", "low", "info", "never")
STRUCTURED_OUTPUT = ("auto", "json_schema", "json_mode", "tools", "plain")
CACHE_VERSION = 1  # the code of the settings modules is part of the key too


@dataclass
class RuleSettings:
    """``[rules.<rule-id>]``: switch a rule off, change its severity, limit it to paths, pass options."""

    enabled: bool = True
    severity: str | None = None
    paths: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class LLMSettings:
    provider: str | None = None  # "openai" (any OpenAI-compatible endpoint), "off", or None
    model: str | None = None
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    timeout: float = 60.0
    max_retries: int = 2
    max_context_tokens: int | None = None  # None: the server's context window, else 4096
    unverified: str = "show"  # show | drop
    max_tokens: int = 1024  # always sent: a local model never generates until its context is full
    structured_output: str = "auto"  # auto | json_schema | json_mode | tools | plain
    pinned: list[str] = field(default_factory=list)  # keys a command-line flag set: the environment does not override them

    def configured(self, environ: Mapping[str, str] | None = None) -> bool:
        """Is there an endpoint to talk to (a base URL or an API key)?"""
        env = os.environ if environ is None else environ
        if (self.provider or "").lower() in ("off", "none", "offline"):
            return False
        key = env.get(self.api_key_env) or env.get("OPENAI_API_KEY")
        return bool((self.base_url or "").strip() or (key or "").strip())


@dataclass
class Config:
    default_mode: str = "BACKWARD"
    subject_modes: dict[str, str] = field(default_factory=dict)
    topic_schemas: dict[str, str] = field(default_factory=dict)
    deploy: dict[str, str] = field(default_factory=dict)
    registry_url: str | None = None
    llm: LLMSettings = field(default_factory=LLMSettings)
    fail_on: str = "high"
    ignore: list[str] = field(default_factory=list)
    llm_blocks: bool = False
    rules: dict[str, RuleSettings] = field(default_factory=dict)
    deploy_timeout: float = 600.0
    source: str | None = None  # the repository file it came from, for messages
    trusted_rev: str | None = None  # the commit the repository's config was read at
    origins: dict[str, dict[str, str]] = field(default_factory=dict)  # "deploy.<name>" / "registry.url" -> origin
    warnings: list[str] = field(default_factory=list)  # unknown keys ("did you mean ...")

    def mode_for(self, topic: str | None, subject: str | None = None) -> str:
        """The compatibility mode of a topic: subject `<topic>-value`, then the topic, then the default."""
        for key in (subject, f"{topic}-value" if topic else None, topic):
            if key and key in self.subject_modes:
                return self.subject_modes[key]
        return self.default_mode

    def deploy_origin(self, name: str) -> dict[str, str]:
        return self.origins.get(f"deploy.{name}", {})

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Config:
        values = dict(data)
        values["llm"] = LLMSettings(**values.get("llm", {}))
        values["rules"] = {k: RuleSettings(**v) for k, v in values.get("rules", {}).items()}
        return cls(**values)


def describe_origin(origin: Mapping[str, Any]) -> str:
    """"repository .pipeline-copilot.toml at commit 1a2b3c4d5e6f", "user config /home/...", ..."""
    source = str(origin.get("source") or "unknown")
    if source == "repository":
        commit = str(origin.get("commit") or "")
        return f"{origin.get('file')} at commit {commit[:12]}" if commit else f"{origin.get('file')} (work tree)"
    if source == "user config":
        return f"user config {origin.get('file')}"
    if source == "environment":
        return f"environment ({origin.get('variables')})"
    return source


def build(layers: list[Layer], flags: Mapping[str, Any] | None = None) -> Config:
    """Validate and merge the layers (lowest precedence first) and the flags into a Config."""
    from copilot.settings_model import validate

    checked = validate(layers, flags)
    repo = next((la for la in layers if la.origin.get("source") == "repository"), None)
    config = _to_config(checked.settings, repo, checked.origins, checked.warnings)
    config.llm.pinned = sorted((flags or {}).get("llm") or {})
    return config


def _to_config(s: Settings, repo: Layer | None, origins: dict[str, dict[str, str]], warnings: list[str]) -> Config:
    cfg = Config(
        default_mode=s.compatibility.default,
        subject_modes=dict(s.compatibility.subjects),
        deploy=dict(s.deploy),
        registry_url=s.registry.url,
        fail_on=s.review.fail_on,
        ignore=list(s.review.ignore),
        llm_blocks=s.review.llm_blocks,
        rules={k: RuleSettings(v.enabled, v.severity, list(v.paths), dict(v.options)) for k, v in s.rules.items()},
        deploy_timeout=s.actions.deploy_timeout,
        source=repo.where if repo else None,
        trusted_rev=repo.origin.get("commit") if repo else None,
        origins=origins,
        warnings=warnings,
    )
    for topic, spec in s.topics.items():
        if spec.schema_path:
            cfg.topic_schemas[topic] = spec.schema_path
        if spec.compatibility:
            cfg.subject_modes[topic] = spec.compatibility
    llm = s.llm
    cfg.llm = LLMSettings(
        provider=llm.provider, model=llm.model, base_url=llm.base_url, api_key_env=llm.api_key_env,
        timeout=llm.timeout, max_retries=llm.max_retries,
        max_context_tokens=llm.max_context_tokens,
        max_tokens=llm.max_tokens, structured_output=llm.structured_output, unverified=llm.unverified,
    )  # fmt: skip
    return cfg


def parse_config(data: dict[str, Any], where: str) -> Config:
    """One table (as in ``.pipeline-copilot.toml``) on its own, validated."""
    return build([Layer(data, where, {"source": "repository", "file": where})])


def _code_fingerprint() -> str:
    """The settings code itself is part of the cache key: a new key or rule in it never reads a stale entry."""
    import hashlib

    digest = hashlib.sha256()
    for name in ("config.py", "config_sources.py", "settings_model.py"):
        try:
            digest.update(Path(__file__).with_name(name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def _cache_file(key: str, environ: Mapping[str, str]) -> Path | None:
    if environ.get("PIPELINE_COPILOT_NO_CONFIG_CACHE"):
        return None
    from platformdirs import user_cache_path

    return user_cache_path("pipeline-copilot") / "config" / f"{key}.json"


def _cached(path: Path | None) -> Config | None:
    if path is None:
        return None
    try:
        return Config.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None  # absent or unreadable: validate again


def _store(path: Path | None, config: Config) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(config.to_json()), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def load_config(
    repo_root: str | Path,
    rev: str | None = None,
    *,
    flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """The trusted settings: the repository's config committed at ``rev`` (None: HEAD; never the work
    tree), then the user's config file, the environment and ``flags`` (nested like the file:
    ``{"review": {"fail_on": "medium"}}``)."""
    env = os.environ if environ is None else environ
    inputs = sources.read_inputs(Path(repo_root), rev, env)
    cache = _cache_file(f"v{CACHE_VERSION}-{inputs.key({'flags': flags, 'code': _code_fingerprint()})}", env)
    config = _cached(cache)
    if config is None:
        config = build(inputs.layers(), flags)
        _store(cache, config)
    return config
