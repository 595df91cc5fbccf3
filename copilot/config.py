"""Project settings, read from ``.pipeline-copilot.toml`` or ``[tool.pipeline-copilot]`` in pyproject.toml.

Both files use the same tables::

    [tool.pipeline-copilot.compatibility]     # or [compatibility] in .pipeline-copilot.toml
    default = "BACKWARD"                       # the registry's default
    subjects = { orders = "FULL", "payments-value" = "FORWARD_TRANSITIVE" }

    [tool.pipeline-copilot.topics.orders]      # pin a topic's schema when code does not say it
    schema = "schemas/order.avsc"

    [tool.pipeline-copilot.deploy]             # the only commands a deploy action may run
    fraud-scorer = "make -C fraud deploy"

    [tool.pipeline-copilot.registry]
    url = "http://localhost:8081"

    [tool.pipeline-copilot.llm]                # see copilot/review/llm.py
    model = "gpt-4o-mini"
    base_url = "http://localhost:11434/v1"
    api_key_env = "OPENAI_API_KEY"
    timeout = 60
    max_context_tokens = 12000
    unverified = "show"                        # or "drop"

    [tool.pipeline-copilot.review]
    fail_on = "high"
    ignore = ["vendor/**"]                     # globs never scanned

Environment variables (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``PIPELINE_COPILOT_MODEL``) override the file.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copilot.errors import CopilotError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MODES = (
    "BACKWARD",
    "BACKWARD_TRANSITIVE",
    "FORWARD",
    "FORWARD_TRANSITIVE",
    "FULL",
    "FULL_TRANSITIVE",
    "NONE",
)
CONFIG_FILE = ".pipeline-copilot.toml"


@dataclass
class LLMSettings:
    provider: str | None = None  # "openai" (any OpenAI-compatible endpoint) or None
    model: str | None = None
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    timeout: float = 60.0
    max_retries: int = 2
    max_context_tokens: int | None = None  # None: the server's context window, else 4096
    unverified: str = "show"  # show | drop
    max_tokens: int = 1024  # always sent: a local model never generates until its context is full
    structured_output: str = "auto"  # auto | json_schema | json_mode | tools | plain


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
    source: str | None = None  # the file it came from, for messages
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # [rules.<id>] tables

    def mode_for(self, topic: str | None, subject: str | None = None) -> str:
        """The compatibility mode of a topic: subject `<topic>-value`, then the topic, then the default."""
        for key in (subject, f"{topic}-value" if topic else None, topic):
            if key and key in self.subject_modes:
                return self.subject_modes[key]
        return self.default_mode


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise CopilotError(f"{where}: [{key}] must be a table")
    return value


def _mode(value: Any, where: str) -> str:
    mode = str(value).upper()
    if mode not in MODES:
        raise CopilotError(f"{where}: unknown compatibility mode {value!r} (one of {', '.join(MODES)})")
    return mode


def parse_config(data: dict[str, Any], where: str) -> Config:
    cfg = Config(source=where)
    compat = _table(data, "compatibility", where)
    if "default" in compat:
        cfg.default_mode = _mode(compat["default"], f"{where} [compatibility].default")
    for subject, mode in _table(compat, "subjects", where).items():
        cfg.subject_modes[subject] = _mode(mode, f"{where} [compatibility.subjects].{subject}")
    for topic, spec in _table(data, "topics", where).items():
        if isinstance(spec, dict) and "schema" in spec:
            cfg.topic_schemas[topic] = str(spec["schema"])
        if isinstance(spec, dict) and "compatibility" in spec:
            cfg.subject_modes[topic] = _mode(spec["compatibility"], f"{where} [topics.{topic}].compatibility")
    for name, command in _table(data, "deploy", where).items():
        if not isinstance(command, str) or not command.strip():
            raise CopilotError(f"{where}: [deploy].{name} must be a non-empty command string")
        cfg.deploy[name] = command
    cfg.registry_url = _table(data, "registry", where).get("url")
    llm = _table(data, "llm", where)
    for key in ("provider", "model", "base_url", "api_key_env", "unverified", "structured_output"):
        if key in llm:
            setattr(cfg.llm, key, str(llm[key]))
    for key in ("timeout",):
        if key in llm:
            cfg.llm.timeout = float(llm[key])
    for key in ("max_retries", "max_context_tokens", "max_tokens"):
        if key in llm:
            setattr(cfg.llm, key, int(llm[key]))
    if cfg.llm.unverified not in ("show", "drop"):
        raise CopilotError(f"{where}: [llm].unverified must be 'show' or 'drop'")
    review = _table(data, "review", where)
    if "fail_on" in review:
        cfg.fail_on = str(review["fail_on"])
    cfg.ignore = [str(g) for g in review.get("ignore", [])]
    cfg.rules = {str(k): dict(v) for k, v in _table(data, "rules", where).items() if isinstance(v, dict)}
    return cfg


def load_config(repo_root: str | Path) -> Config:
    """Read the project's settings; a repository with neither file gets the defaults."""
    root = Path(repo_root)
    own = root / CONFIG_FILE
    pyproject = root / "pyproject.toml"
    for path, section in ((own, None), (pyproject, ("tool", "pipeline-copilot"))):
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise CopilotError(f"{path}: not valid TOML: {exc}") from None
        if section:
            for key in section:
                data = data.get(key, {})
            if not data:
                continue
        return parse_config(data, str(path))
    return Config()
