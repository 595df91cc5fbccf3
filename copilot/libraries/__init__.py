"""The client-library catalogue: one YAML entry per library, read by one matcher.

An entry (``<library>.yaml``) says which languages it serves, how a file shows it uses it
(``uses``: regexes on imports/usings; ``markers``: regexes on the text), which constructions
make a client (``clients``: ``new`` type names or factory ``calls``, with where their settings
sit), which calls produce or consume (``endpoints``: method names, where the topic, message,
key, value and per-call settings sit), how setting names and values are spelled
(``setting_names``, ``setting_values``, ``setting_kinds``: a duration or a count of attempts)
and the library's defaults.  Go's libraries add: a
client's settings in its own struct literal fields (``settings: {fields: true}``) or in option
calls among its arguments (``settings: {options: true}``: ``kgo.ConsumerGroup("g")``), a group id
as a positional argument (``group``), a topic held by the client (``client_topic``: fields or
options of its construction), an endpoint that is itself an option (``option: true``: its
sibling options are its settings), sends that always wait for the broker
(``confirm: {sync: true}``) and endpoints cited where their message is built (``at: message``:
a sarama ``ProducerMessage`` literal, sent on a channel further down).  Python's add value types
whose constructor arguments are named fields (``holders``: arroyo ``Topic: [name]``), and an
endpoint may be a construction (``methods`` names the class) that takes its client as an argument
(``client``).  ``unanalysed.yaml`` lists
clients the scan recognises but does not read (blind spots); a plugin adds one by returning an
entry of the same shape (``{"unanalysed": [...]}``) from the same hook.  ``encodings.yaml`` lists
the calls that encode or decode a message value (``json.Marshal`` -> json), which give an endpoint
its ``value.format``.  Adding a library is adding a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent


def _load_yaml(path: Path) -> Any:
    """Our own catalogue files, with libyaml's loader where PyYAML has it (ten times faster: every
    scan reads the catalogue)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


@dataclass(frozen=True)
class Place:
    """Where a value sits in a call: positional `arg` (or named `name`), then `field` of it."""

    arg: int | None = None
    name: str | None = None
    fields: tuple[str, ...] = ()
    of: str | None = None  # inside another place of the same call (`message`, `messages`)
    each: str | None = None  # the place holds a list of objects; read this field of each
    rest: bool = False  # the argument at `arg` and every one after it (`ConsumeTopics(a, b)`)

    @classmethod
    def parse(cls, raw: Any) -> Place | None:
        if not raw:
            return None
        f = raw.get("field")
        fields = tuple(f) if isinstance(f, list) else ((f,) if f else ())
        return cls(raw.get("arg"), raw.get("name"), fields, raw.get("of"), raw.get("each"), bool(raw.get("rest")))


@dataclass(frozen=True)
class SettingsPlace:
    args: tuple[int, ...] = ()
    nested: tuple[str, ...] = ()
    fields: bool = False  # the construction's own fields (`&kafka.Writer{RequiredAcks: ...}`)
    options: bool = False  # option calls among the arguments (`kgo.NewClient(kgo.ConsumerGroup("g"))`)
    # a config variable's assigned fields taken, by path prefix (a sarama producer: `Producer.`, `Net.`)
    prefixes: tuple[str, ...] = ()
    # calls on the config variable that set one setting (`cfg.SetKey("acks", "1")`: key, value)
    setters: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: Any) -> SettingsPlace:
        raw = raw or {}
        return cls(
            tuple(raw.get("args", ())),
            tuple(raw.get("nested", ())),
            bool(raw.get("fields")),
            bool(raw.get("options")),
            tuple(raw.get("prefixes", ())),
            tuple(raw.get("setters", ())),
        )


@dataclass(frozen=True)
class Confirm:
    """A send is acknowledged when it is awaited (`awaited`), given a delivery handler at
    `handler_arg`, or followed by a flush (`flush` method names) on the same client in the same
    function; otherwise it is fire-and-forget."""

    awaited: bool = False
    handler_arg: int | None = None
    flush: tuple[str, ...] = ()
    sync: bool = False  # the call returns once the broker acknowledged (sarama `SendMessage`)
    async_field: str | None = None  # a client field that, set true, makes sends return at once (kafka-go `Async`)

    @classmethod
    def parse(cls, raw: Any) -> Confirm | None:
        if not raw:
            return None
        return cls(bool(raw.get("awaited")), raw.get("handler_arg"), tuple(raw.get("flush", ())), bool(raw.get("sync")), raw.get("async_field"))


@dataclass(frozen=True)
class ClientSpec:
    role: str
    new: tuple[str, ...] = ()
    calls: tuple[str, ...] = ()
    settings: SettingsPlace = SettingsPlace()
    group: Place | None = None  # a group id given as an argument (`sarama.NewConsumerGroup(b, "g", c)`)


@dataclass(frozen=True)
class EndpointSpec:
    role: str
    methods: tuple[str, ...]
    topic: Place | None
    message: Place | None = None
    messages: Place | None = None
    key: Place | None = None
    value: Place | None = None
    settings: SettingsPlace = SettingsPlace()
    min_args: int = 0
    requires: tuple[str, ...] = ()
    requires_any: tuple[str, ...] = ()
    confirm: Confirm | None = None  # how a send waits for the broker's acknowledgement
    group: Place | None = None  # a group id given as an argument of the call
    client_topic: tuple[str, ...] = ()  # fields or options of the client's construction naming the topic
    option: bool = False  # the call is an option among others (its siblings are its settings)
    at: str = "call"  # where the endpoint is cited: the call, or `message` (where the message is built, in the same file)
    client: Place | None = None  # the client is an argument (`StreamProcessor(consumer, ...)`), not the receiver
    pattern_prefix: str | None = None  # a topic starting with it is a regular expression (librdkafka `^`)
    # settings a method itself implies (kafka-go `FetchMessage`: offsets committed by hand), cited at the call
    implies: dict[str, dict[str, str]] = field(default_factory=dict)
    # settings given as positional arguments of the call (sarama `ConsumePartition(t, p, sarama.OffsetOldest)`)
    arg_settings: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Library:
    name: str
    broker: str
    languages: tuple[str, ...]
    uses: tuple[re.Pattern[str], ...]
    markers: tuple[re.Pattern[str], ...]
    clients: tuple[ClientSpec, ...]
    endpoints: tuple[EndpointSpec, ...]
    setting_names: dict[str, str] = field(default_factory=dict)
    setting_values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    role_settings: dict[str, frozenset[str]] = field(default_factory=dict)  # role -> the settings it keeps
    # value types whose constructor arguments are named fields: `Topic: [name]` makes `Topic(x).name` x
    holders: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # setting -> how its value is written: `duration` (`10 * time.Millisecond` -> "10", in ms),
    # `attempts` (a count of tries: the retries are one less)
    setting_kinds: dict[str, str] = field(default_factory=dict)

    def used_by(self, uses: list[str]) -> bool:
        return any(rx.search(u) for rx in self.uses for u in uses)


@dataclass(frozen=True)
class Unanalysed:
    library: str
    language: str
    suffixes: tuple[str, ...]
    markers: tuple[re.Pattern[str], ...]


def _library(raw: dict[str, Any]) -> Library:
    clients = tuple(
        ClientSpec(
            c["role"], tuple(c.get("new", ())), tuple(c.get("calls", ())), SettingsPlace.parse(c.get("settings")), Place.parse(c.get("group"))
        )
        for c in raw.get("clients", ())
    )
    endpoints = []
    for e in raw.get("endpoints", ()):
        topic = Place.parse(e.get("topic"))
        assert topic is not None or e.get("client_topic"), f"{raw['library']}: an endpoint needs a topic or a client_topic"
        endpoints.append(
            EndpointSpec(
                e["role"],
                tuple(e["methods"]),
                topic,
                Place.parse(e.get("message")),
                Place.parse(e.get("messages")),
                Place.parse(e.get("key")),
                Place.parse(e.get("value")),
                SettingsPlace.parse(e.get("settings")),
                int(e.get("min_args", 0)),
                tuple(e.get("requires", ())),
                tuple(e.get("requires_any", ())),
                Confirm.parse(e.get("confirm")),
                Place.parse(e.get("group")),
                tuple(e.get("client_topic", ())),
                bool(e.get("option")),
                str(e.get("at", "call")),
                Place.parse(e.get("client")),
                e.get("pattern_prefix"),
                {str(m): {str(k): str(v) for k, v in kv.items()} for m, kv in (e.get("implies") or {}).items()},
                {str(k): int(v) for k, v in (e.get("arg_settings") or {}).items()},
            )
        )
    return Library(
        raw["library"],
        raw.get("broker", "kafka"),
        tuple(raw["languages"]),
        tuple(re.compile(p) for p in raw.get("uses", ())),
        tuple(re.compile(p) for p in raw.get("markers", ())),
        clients,
        tuple(endpoints),
        {str(k): str(v) for k, v in (raw.get("setting_names") or {}).items()},
        {str(k): {str(a): str(b) for a, b in v.items()} for k, v in (raw.get("setting_values") or {}).items()},
        {str(k): str(v) for k, v in (raw.get("defaults") or {}).items()},
        {str(k): frozenset(map(str, v)) for k, v in (raw.get("role_settings") or {}).items()},
        {str(k): tuple(v) for k, v in (raw.get("holders") or {}).items()},
        {str(k): str(v) for k, v in (raw.get("setting_kinds") or {}).items()},
    )


def builtin_entries() -> list[dict[str, Any]]:
    """The YAML entries of this folder (what `copilot.libraries.builtin` registers)."""
    out = []
    for path in sorted(HERE.glob("*.yaml")):
        raw = _load_yaml(path)
        if isinstance(raw, dict) and ("library" in raw or "unanalysed" in raw):
            out.append(raw)
    return out


@lru_cache(maxsize=1)
def catalogue() -> tuple[Library, ...]:
    """Every registered entry (`pipeline_copilot_libraries`: dicts of the YAML shape or `Library`
    objects), built-ins first."""
    from copilot.plugins import collect

    return tuple(
        entry if isinstance(entry, Library) else _library(entry)
        for entry in collect("pipeline_copilot_libraries")
        if isinstance(entry, Library) or "library" in entry
    )


@lru_cache(maxsize=1)
def unanalysed() -> tuple[Unanalysed, ...]:
    """Clients known by sight but not read: every registered ``{"unanalysed": [...]}`` entry
    (``unanalysed.yaml`` and any plugin's), built-ins first."""
    from copilot.plugins import collect

    return tuple(
        Unanalysed(u["library"], u["language"], tuple(u["suffixes"]), tuple(re.compile(m) for m in u["markers"]))
        for entry in collect("pipeline_copilot_libraries")
        if isinstance(entry, dict)
        for u in entry.get("unanalysed", ())
    )


@dataclass(frozen=True)
class Encoding:
    """Calls that encode (`encode`) or decode (`decode`) a message value in `format`; `package` and
    `made_by` narrow them by where the call is made (see ``encodings.yaml``)."""

    language: str
    format: str
    encode: tuple[str, ...]
    decode: tuple[str, ...]
    package: re.Pattern[str] | None = None
    made_by: re.Pattern[str] | None = None


@lru_cache(maxsize=1)
def encodings() -> tuple[tuple[Encoding, ...], dict[str, tuple[str, ...]]]:
    """The value encodings and, per language, the calls that hand their argument on unchanged."""
    raw = _load_yaml(HERE / "encodings.yaml")
    out = tuple(
        Encoding(
            e["language"],
            e["format"],
            tuple(e.get("encode", ())),
            tuple(e.get("decode", ())),
            re.compile(e["package"]) if e.get("package") else None,
            re.compile(e["made_by"]) if e.get("made_by") else None,
        )
        for e in raw.get("encodings", ())
    )
    return out, {str(k): tuple(v) for k, v in (raw.get("wrappers") or {}).items()}


def for_language(language: str) -> tuple[Library, ...]:
    return tuple(lib for lib in catalogue() if language in lib.languages)


def by_name(name: str) -> Library | None:
    return next((lib for lib in catalogue() if lib.name == name), None)
