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
"""

from __future__ import annotations

import contextvars
import difflib
import os
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from copilot import config_sources as sources
from copilot.config_sources import CONFIG_FILE, Layer
from copilot.errors import CopilotError

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


def _mode(value: str) -> str:
    mode = str(value).upper()
    if mode not in MODES:
        raise ValueError(f"unknown compatibility mode {value!r} (one of {', '.join(MODES)})")
    return mode


def _command(value: str) -> str:
    if not value.strip():
        raise ValueError("must be a non-empty command string")
    return value


Mode = Annotated[str, AfterValidator(_mode)]
Command = Annotated[str, AfterValidator(_command)]
Gate = Literal["high", "medium", "low", "info", "never"]
Severity = Literal["high", "medium", "low", "info"]


class _Table(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class CompatibilityTable(_Table):
    default: Mode = "BACKWARD"
    subjects: dict[str, Mode] = {}


class TopicTable(_Table):
    schema_path: str | None = Field(None, alias="schema")
    compatibility: Mode | None = None


class RegistryTable(_Table):
    url: str | None = None


class ReviewTable(_Table):
    fail_on: Gate = "high"
    ignore: list[str] = []
    llm_blocks: bool = False


class LLMTable(_Table):
    provider: str | None = None
    model: str | None = None
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    timeout: Annotated[float, Field(gt=0)] = 60.0
    max_retries: Annotated[int, Field(ge=0)] = 2
    max_context_tokens: Annotated[int, Field(gt=0)] | None = None
    max_tokens: Annotated[int, Field(gt=0)] = 1024
    structured_output: Literal["auto", "json_schema", "json_mode", "tools", "plain"] = "auto"
    unverified: Literal["show", "drop"] = "show"


class RuleSettings(_Table):
    """``[rules.<rule-id>]``: switch a rule off, change its severity, limit it to paths, pass options."""

    enabled: bool = True
    severity: Severity | None = None
    paths: list[str] = []
    options: dict[str, Any] = {}


class ActionsTable(_Table):
    deploy_timeout: Annotated[float, Field(gt=0)] = 600.0


_LAYERS: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("pipeline_copilot_layers", default=None)


class _FilesAndEnv(PydanticBaseSettingsSource):
    """The merged files and environment (each validated on its own first, to name it in errors)."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:  # pragma: no cover
        return (_LAYERS.get() or {}).get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(_LAYERS.get() or {})


class Settings(BaseSettings):
    """The one settings model: file tables, environment and flags all validate through it."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    compatibility: CompatibilityTable = CompatibilityTable()
    topics: dict[str, TopicTable] = {}
    deploy: dict[str, Command] = {}
    registry: RegistryTable = RegistryTable()
    review: ReviewTable = ReviewTable()
    llm: LLMTable = LLMTable()
    rules: dict[str, RuleSettings] = {}
    actions: ActionsTable = ActionsTable()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, _FilesAndEnv(settings_cls))


# -- what the rest of the code reads ----------------------------------------------------------------


@dataclass
class LLMSettings:
    provider: str | None = None  # "openai" (any OpenAI-compatible endpoint), "off", or None
    model: str | None = None
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    timeout: float = 60.0
    max_retries: int = 2
    max_context_tokens: int | None = 12000  # the file's unset means "auto"; until that exists, 12000
    max_tokens: int = 1024
    structured_output: str = "auto"
    unverified: str = "show"  # show | drop

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


# -- validation ---------------------------------------------------------------------------------------


def _key_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if not parts:
        return "(top level)"
    if len(parts) == 1:
        return f"[{parts[0]}]"
    return f"[{'.'.join(parts[:-1])}].{parts[-1]}"


def _one_line(exc: ValidationError, where: str, name_var: bool = False) -> CopilotError:
    errors = exc.errors()
    first = errors[0]
    loc = tuple(p for p in first["loc"] if p != "schema_path") or tuple(first["loc"])
    msg = str(first["msg"]).removeprefix("Value error, ")
    got = repr(first.get("input"))
    got = got if len(got) <= 60 else got[:57] + "..."
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    var = sources.env_var_for(tuple(str(p) for p in loc)) if name_var else None
    if var:
        return CopilotError(f"environment variable {var}: {msg} (got {got}){more}")
    return CopilotError(f"{where}: {_key_name(loc)}: {msg} (got {got}){more}")


def _known(model: type[BaseModel]) -> dict[str, Any]:
    """key -> what its value is checked against: a model, ("*", model) for tables of models, or None."""
    out: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        ann = info.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            out[key] = ann
        elif typing.get_origin(ann) is dict:
            args = typing.get_args(ann)
            value = args[1] if len(args) == 2 else None
            out[key] = ("*", value) if isinstance(value, type) and issubclass(value, BaseModel) else None
        else:
            out[key] = None
    return out


def unknown_keys(data: Mapping[str, Any], where: str, model: type[BaseModel] = Settings, path: tuple[str, ...] = ()) -> list[str]:
    """One warning per key no setting has, with the closest known key."""
    warnings: list[str] = []
    known = _known(model)
    for key, value in data.items():
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else f" (known: {', '.join(sorted(known))})"
            warnings.append(f"{where}: unknown key {_key_name((*path, key))}{hint}")
            continue
        spec = known[key]
        if isinstance(value, Mapping) and isinstance(spec, type):
            warnings.extend(unknown_keys(value, where, spec, (*path, key)))
        elif isinstance(value, Mapping) and isinstance(spec, tuple):
            for name, sub in value.items():
                if isinstance(sub, Mapping):
                    warnings.extend(unknown_keys(sub, where, spec[1], (*path, key, str(name))))
    return warnings


def validate_layer(layer: Layer) -> list[str]:
    """Check one place's settings on their own, so an error names that place; its warnings."""
    try:
        Settings.model_validate(layer.data)
    except ValidationError as exc:
        raise _one_line(exc, layer.where, name_var=layer.where == "environment") from None
    return unknown_keys(layer.data, layer.where) if layer.where != "environment" else []


def build(layers: list[Layer], flags: Mapping[str, Any] | None = None) -> Config:
    """Merge the layers (lowest precedence first) and the flags into a Config."""
    warnings: list[str] = []
    merged: dict[str, Any] = {}
    origins: dict[str, dict[str, str]] = {}
    for layer in layers:
        warnings.extend(validate_layer(layer))
        sources.deep_merge(merged, layer.data)
        for name in layer.data.get("deploy", {}) if isinstance(layer.data.get("deploy"), dict) else ():
            origins[f"deploy.{name}"] = layer.origin
        registry = layer.data.get("registry")
        if isinstance(registry, dict) and "url" in registry:
            origins["registry.url"] = layer.origin
    token = _LAYERS.set(merged)
    try:
        settings = Settings(**dict(flags or {}))
    except ValidationError as exc:
        raise _one_line(exc, "command line") from None
    finally:
        _LAYERS.reset(token)
    repo = next((la for la in layers if la.origin.get("source") == "repository"), None)
    return _to_config(settings, repo, origins, warnings)


def _to_config(s: Settings, repo: Layer | None, origins: dict[str, dict[str, str]], warnings: list[str]) -> Config:
    cfg = Config(
        default_mode=s.compatibility.default,
        subject_modes=dict(s.compatibility.subjects),
        deploy=dict(s.deploy),
        registry_url=s.registry.url,
        fail_on=s.review.fail_on,
        ignore=list(s.review.ignore),
        llm_blocks=s.review.llm_blocks,
        rules=dict(s.rules),
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
        max_context_tokens=llm.max_context_tokens if llm.max_context_tokens is not None else 12000,
        max_tokens=llm.max_tokens, structured_output=llm.structured_output, unverified=llm.unverified,
    )  # fmt: skip
    return cfg


def parse_config(data: dict[str, Any], where: str) -> Config:
    """One table (as in ``.pipeline-copilot.toml``) on its own, validated."""
    return build([Layer(data, where, {"source": "repository", "file": where})])


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
    layers = [
        la
        for la in (sources.repo_layer(Path(repo_root), rev), sources.user_layer(env), sources.env_layer(env))
        if la is not None
    ]
    return build(layers, flags)
