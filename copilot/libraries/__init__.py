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
(``client``).  JVM frameworks add endpoints declared by annotations (``annotations``: a
function annotated ``@KafkaListener(topics = ...)`` consumes; the topic, pattern, group, client
and settings sit in named elements) and functional beans (``beans``: a ``@Bean`` whose declared
type is ``Function<A, B>`` consumes ``<name>-in-0`` and produces ``<name>-out-0``).  A topic
may name a binding or channel the scan resolves from configuration (``pending``: ``binding`` /
``channel`` with a ``key`` template such as ``incoming:{}``), a client may be an injected
annotation (``clients: [{annotations: [Channel]}]``: ``@Channel("x") Emitter<T> e``), the
topic a client holds may be set by a call on it (``client_topic``: ``setDefaultTopic``) or a
configuration key (``default_topic``), and ``constants`` give the values of the library's own
constants (``Sink.INPUT: input``).  (``client``).  A setting may sit at an argument of its own (``settings: {at: {service_url: {arg: 0}}}``),
a subscription may name a pattern at a place of its own (``pattern``) or by how its topic starts
(``pattern_prefix``), every keyword argument that names a client property may be a setting
(``settings: {keywords: true}``, a spread ``**conf`` mapping too; a keyword given null is the
library's default), and a send is acknowledged by a delivery handler given by name
(``confirm: {handler_names}``) or by waiting on what it returned (``confirm: {waited: [get]}``).
A message may be an object filled by calls on it (``message: {arg: 0, built_by: append}``:
aiokafka's ``batch.append(key=k, value=v)``), and a library may read a produced key's and value's
wire format off the code that builds them (``infer_formats: true``: ``json.dumps(x)``).
A client may be made for one topic (``clients: [{calls: [topic], topic: {arg: 0}}]``: faust's
``app.topic("orders")``); an endpoint with no topic of its own sends to its client's.
``unanalysed.yaml`` lists
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
    # or set by a call of the builder chain that made the argument, whose first argument names
    # one of these headers: `MessageBuilder.withPayload(p).setHeader(KafkaHeaders.TOPIC, t).build()`
    header: tuple[str, ...] = ()
    # the object there is filled by calls of this method on it (`batch.append(key=k, value=v)`):
    # its fields are the keywords of the last such call before the endpoint's, in the same function
    built_by: str | None = None
    # overloads that put other things first (Kafka Streams' old `stream(keySerde, valueSerde, topic)`):
    # arguments from `arg` on whose text matches one of these are passed over
    skip: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def parse(cls, raw: Any) -> Place | None:
        if not raw:
            return None
        f = raw.get("field")
        fields = tuple(f) if isinstance(f, list) else ((f,) if f else ())
        return cls(
            raw.get("arg"),
            raw.get("name"),
            fields,
            raw.get("of"),
            raw.get("each"),
            bool(raw.get("rest")),
            tuple(raw.get("header", ())),
            raw.get("built_by"),
            tuple(re.compile(p) for p in raw.get("skip", ())),
        )


@dataclass(frozen=True)
class SettingsPlace:
    args: tuple[int, ...] = ()
    nested: tuple[str, ...] = ()
    fields: bool = False  # the construction's own fields (`&kafka.Writer{RequiredAcks: ...}`)
    options: bool = False  # option calls among the arguments (`kgo.NewClient(kgo.ConsumerGroup("g"))`)
    # a config variable's assigned fields taken, by path prefix (a sarama producer: `Producer.`, `Net.`)
    prefixes: tuple[str, ...] = ()
    # a factory call among the arguments whose positional arguments are settings:
    # `Consumed.with: [key.serde, value.serde]` (Kafka Streams)
    positional: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # calls on the config variable that set one setting (`cfg.SetKey("acks", "1")`: key, value)
    setters: tuple[str, ...] = ()
    at: tuple[tuple[str, Place], ...] = ()  # a setting given as an argument (`pulsar.Client(service_url)`)
    # every keyword argument naming a client property is a setting (`KafkaProducer(linger_ms=5, **conf)`)
    keywords: bool = False

    @classmethod
    def parse(cls, raw: Any) -> SettingsPlace:
        raw = raw or {}
        at = tuple((str(k), p) for k, v in (raw.get("at") or {}).items() if (p := Place.parse(v)) is not None)
        return cls(
            tuple(raw.get("args", ())),
            tuple(raw.get("nested", ())),
            bool(raw.get("fields")),
            bool(raw.get("options")),
            tuple(raw.get("prefixes", ())),
            tuple((str(k), tuple(map(str, v))) for k, v in (raw.get("positional") or {}).items()),
            tuple(raw.get("setters", ())),
            at=at,
            keywords=bool(raw.get("keywords")),
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
    handler_names: tuple[str, ...] = ()  # a delivery handler given by name (`on_delivery=report`)
    waited: tuple[str, ...] = ()  # methods that wait on what the send returned (`future.get()`)

    @classmethod
    def parse(cls, raw: Any) -> Confirm | None:
        if not raw:
            return None
        return cls(
            bool(raw.get("awaited")), raw.get("handler_arg"), tuple(raw.get("flush", ())), bool(raw.get("sync")), raw.get("async_field"),
            handler_names=tuple(raw.get("handler_names", ())), waited=tuple(raw.get("waited", ())),
        )  # fmt: skip


@dataclass(frozen=True)
class ClientSpec:
    role: str
    new: tuple[str, ...] = ()
    calls: tuple[str, ...] = ()
    settings: SettingsPlace = SettingsPlace()
    group: Place | None = None  # a group id given as an argument (`sarama.NewConsumerGroup(b, "g", c)`)
    annotations: tuple[str, ...] = ()  # injected by the container as an annotation says (`@Channel("x") Emitter<T>`)
    # the construction that runs this client, taking it (or what it builds) as its first argument,
    # and where that construction's settings sit: Kafka Streams `new KafkaStreams(builder.build(), props)`
    run_by: tuple[str, ...] = ()
    run_settings: SettingsPlace = SettingsPlace()
    topic: Place | None = None  # the topic the client is made for (faust `app.topic("orders")`)


@dataclass(frozen=True)
class Pend:
    """A topic value that names something the scan resolves from the service's configuration: a
    Spring Cloud Stream binding (``binding``) or a SmallRye channel (``channel``), its key built
    from the value (``incoming:{}``)."""

    kind: str
    key: str = "{}"

    @classmethod
    def parse(cls, raw: Any) -> Pend | None:
        if not raw:
            return None
        if isinstance(raw, str):
            return cls(raw)
        return cls(str(raw["kind"]), str(raw.get("key", "{}")))


@dataclass(frozen=True)
class FactorySpec:
    """A client an annotation names by its bean (``containerFactory = "invoiceFactory"``, else the
    bean named ``default``): the function of that name returns the factory, a ``setters`` call on
    it is given a construction of one of ``new`` whose settings sit at ``settings``
    (``factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(props))``)."""

    setters: tuple[str, ...]
    new: tuple[str, ...]
    settings: SettingsPlace
    default: str = ""

    @classmethod
    def parse(cls, raw: Any) -> FactorySpec | None:
        if not raw:
            return None
        return cls(tuple(raw["setters"]), tuple(raw["new"]), SettingsPlace.parse(raw.get("settings")), str(raw.get("default", "")))


@dataclass(frozen=True)
class AnnotationSpec:
    """An endpoint declared by an annotation on a function (``@KafkaListener(topics = "t")``)."""

    role: str
    annotated: tuple[str, ...]  # the annotation's simple names
    topics: tuple[str, ...] = ()  # elements holding a topic or a list of them
    patterns: tuple[str, ...] = ()  # elements holding a topic pattern
    nested: dict[str, str] = field(default_factory=dict)  # element -> the topic element of the annotations it holds
    group: tuple[str, ...] = ()  # elements giving the group id, the first one present
    group_unless: dict[str, str] = field(default_factory=dict)  # a group element skipped when this element is `false`
    client: str | None = None  # the element naming the client (`containerFactory`)
    properties: str | None = None  # the element holding `key=value` settings
    pending: Pend | None = None  # the value names a binding or channel
    requires: tuple[str, ...] = ()  # only on a function that also has one of these annotations
    excludes: tuple[str, ...] = ()  # not on a function that has one of these
    bare: bool = False  # with no topic element, still an endpoint (its topic unresolved)
    parameter: bool = False  # on a parameter of the function (`@Input("orders") KStream<K, V> in`): the client
    # on a field or parameter declared as one of these types (`@Channel("quotes") Multi<Quote> quotes`:
    # a stream the container fills from the channel): the endpoint is the declaration
    declared: tuple[str, ...] = ()
    # on a class, whose methods annotated with one of these handle what it receives (`@KafkaHandler`)
    class_handlers: tuple[str, ...] = ()
    unless_used: bool = False
    named: bool = False  # with no topic element, the function's name is the value (`@Output MessageChannel orders()`)
    # the element counts only when it is one of the library's `constants` (`@ServiceActivator(inputChannel
    # = Sink.INPUT)`; another channel is Spring Integration's own)
    constants_only: bool = False
    factory: FactorySpec | None = None  # the client element names a factory bean: its settings  # a declaration only when no call of the file uses the same topic (an emitter never sent)


@dataclass(frozen=True)
class EnableSpec:
    """A class annotation naming the library's own binding interfaces (``@EnableBinding(Source.class)``):
    each creates its bindings at start-up (``Source: {produce: [output]}``), an endpoint at the
    annotation unless a call or handler of the file uses the binding."""

    annotated: tuple[str, ...]
    interfaces: dict[str, tuple[tuple[str, str], ...]]  # interface -> (role, binding) pairs
    pending: Pend


@dataclass(frozen=True)
class BeanSpec:
    """Functional beans: a function with one of the ``annotated`` annotations whose declared type is one of ``types``
    (base name -> number of inputs, outputs; Kotlin's ``(A) -> B`` too) consumes and produces on
    bindings named from the bean (``{name}-in-{i}``)."""

    annotated: tuple[str, ...]  # the annotation making a function a bean
    types: dict[str, tuple[int, int]]
    package: str  # where the types come from: an import of the same name from elsewhere is another type
    consume: str
    produce: str
    pending: Pend
    names: tuple[str, ...] = ()  # elements of the annotation that rename the bean
    branches: str = ""  # an output type ending in `[]` is one binding per configured branch: this index


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
    max_args: int | None = None  # overloads: the first spec of a method whose arity fits is taken
    pending: Pend | None = None  # the topic value names a binding or channel
    default_topic: str | None = None  # a configuration key holding the topic when the client sets none
    # the receiver is a method declared with one of these annotations (a binding interface's
    # `@Output("orders") MessageChannel orders();`): its element `value`, else its name, is the topic
    channel: tuple[str, ...] = ()
    pattern_prefix: str | None = None  # a topic starting with it is a regular expression (librdkafka `^`)
    # settings a method itself implies (kafka-go `FetchMessage`: offsets committed by hand), cited at the call
    implies: dict[str, dict[str, str]] = field(default_factory=dict)
    # settings given as positional arguments of the call (sarama `ConsumePartition(t, p, sarama.OffsetOldest)`)
    arg_settings: dict[str, int] = field(default_factory=dict)
    pattern: Place | None = None  # where a topic pattern sits instead (`subscribe(pattern="^a-.*")`)


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
    # value types whose constructor arguments are named fields: `Topic: [name]` makes `Topic(x).name` x;
    # overloaded constructors name them by argument count (`ProducerRecord: {3: [topic, key, value]}`)
    holders: dict[str, tuple[str, ...] | dict[int, tuple[str, ...]]] = field(default_factory=dict)
    annotations: tuple[AnnotationSpec, ...] = ()
    beans: tuple[BeanSpec, ...] = ()
    constants: dict[str, str] = field(default_factory=dict)  # the library's own constants (`Sink.INPUT: input`)
    enable: tuple[EnableSpec, ...] = ()
    # a handler's parameters that are not its payload (`Acknowledgment`): the payload's type is the
    # endpoint's schema
    payload_skip: frozenset[str] = frozenset()
    # setting -> how its value is written: `duration` (`10 * time.Millisecond` -> "10", in ms),
    # `attempts` (a count of tries: the retries are one less)
    setting_kinds: dict[str, str] = field(default_factory=dict)
    # a produced key's and value's wire format read off the code that builds them (`json.dumps(x)`)
    # when no serializer says it
    infer_formats: bool = False

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
            c["role"],
            tuple(c.get("new", ())),
            tuple(c.get("calls", ())),
            SettingsPlace.parse(c.get("settings")),
            Place.parse(c.get("group")),
            tuple(c.get("annotations", ())),
            tuple((c.get("run_by") or {}).get("new", ())),
            SettingsPlace.parse((c.get("run_by") or {}).get("settings")),
            topic=Place.parse(c.get("topic")),
        )
        for c in raw.get("clients", ())
    )
    endpoints = []
    for e in raw.get("endpoints", ()):
        topic = Place.parse(e.get("topic"))
        made_for = any(c.get("topic") and c["role"] == e["role"] for c in raw.get("clients", ()))
        assert topic is not None or e.get("client_topic") or e.get("channel") or made_for, f"{raw['library']}: an endpoint needs a topic, a client_topic, a channel or a client made for one"
        max_args = e.get("max_args")
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
                int(max_args) if max_args is not None else None,
                Pend.parse(e.get("pending")),
                e.get("default_topic"),
                tuple(e.get("channel", ())),
                e.get("pattern_prefix"),
                {str(m): {str(k): str(v) for k, v in kv.items()} for m, kv in (e.get("implies") or {}).items()},
                {str(k): int(v) for k, v in (e.get("arg_settings") or {}).items()},
                Place.parse(e.get("pattern")),
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
        {str(k): ({int(n): tuple(names) for n, names in v.items()} if isinstance(v, dict) else tuple(v)) for k, v in (raw.get("holders") or {}).items()},
        tuple(_annotation(a) for a in raw.get("annotations", ())),
        tuple(_bean(b) for b in raw.get("beans", ())),
        {str(k): str(v) for k, v in (raw.get("constants") or {}).items()},
        tuple(_enable(x) for x in raw.get("enable", ())),
        frozenset((raw.get("payload") or {}).get("skip", ())),
        {str(k): str(v) for k, v in (raw.get("setting_kinds") or {}).items()},
        bool(raw.get("infer_formats")),
    )


def _enable(raw: dict[str, Any]) -> EnableSpec:
    pend = Pend.parse(raw["pending"])
    assert pend is not None
    interfaces = {str(k): tuple((str(role), str(b)) for role, bs in v.items() for b in bs) for k, v in raw["interfaces"].items()}
    return EnableSpec(_names(raw["annotated"]), interfaces, pend)


def _names(raw: Any) -> tuple[str, ...]:
    return tuple(raw) if isinstance(raw, list) else (raw,) if raw else ()


def _annotation(a: dict[str, Any]) -> AnnotationSpec:
    return AnnotationSpec(
        a["role"],
        _names(a["annotated"]),
        _names(a.get("topics")),
        _names(a.get("patterns")),
        {str(k): str(v) for k, v in (a.get("nested") or {}).items()},
        _names(a.get("group")),
        {str(k): str(v) for k, v in (a.get("group_unless") or {}).items()},
        a.get("client"),
        a.get("properties"),
        Pend.parse(a.get("pending")),
        _names(a.get("requires")),
        _names(a.get("excludes")),
        bool(a.get("bare")),
        bool(a.get("parameter")),
        _names(a.get("declared")),
        _names(a.get("class_handlers")),
        bool(a.get("unless_used")),
        bool(a.get("named")),
        bool(a.get("constants_only")),
        FactorySpec.parse(a.get("factory")),
    )


def _bean(b: dict[str, Any]) -> BeanSpec:
    pend = Pend.parse(b["pending"])
    assert pend is not None
    return BeanSpec(
        _names(b["annotated"]),
        {str(k): (int(v[0]), int(v[1])) for k, v in b["types"].items()},
        str(b.get("package", "")),
        str(b["consume"]),
        str(b["produce"]),
        pend,
        _names(b.get("names")),
        str(b.get("branches", "")),
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
