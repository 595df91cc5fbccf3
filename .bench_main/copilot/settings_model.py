"""The one settings model (pydantic-settings): every place's tables, the environment and the flags
validate through ``Settings``.

Imported only when settings are not in the cache (``copilot.config``), so a hook run whose
configuration did not change never pays for pydantic-settings.
"""

from __future__ import annotations

import contextvars
import difflib
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from copilot import config_sources as sources
from copilot.config import MODES  # the one list of compatibility modes
from copilot.config_sources import Layer
from copilot.errors import CopilotError


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


class RuleTable(_Table):
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
    rules: dict[str, RuleTable] = {}
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


def validate(layers: list[Layer], flags: Mapping[str, Any] | None = None) -> Validated:
    """Check each layer on its own (errors name it), merge them (lowest precedence first), add the flags."""
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
    return Validated(settings, origins, warnings)


@dataclass
class Validated:
    settings: Settings
    origins: dict[str, dict[str, str]]  # "deploy.<name>" / "registry.url" -> the layer that set it
    warnings: list[str]
