"""The facts a scan extracts from one file.

Every extractor (Python, JVM, Go, config) turns one file's bytes into a
`FileFacts`.  Facts are plain dataclasses so they pickle into the blob-id
keyed cache, and they never depend on other files: anything that needs
another file (an imported constant, a Spring `${property}`, a SmallRye
channel) is left as a `Pending` reference that `copilot.scan.resolve`
settles once the whole repository has been read.

Line numbers are 1-based.  Paths are repository-relative with `/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Role = Literal["produce", "consume"]


@dataclass(frozen=True)
class Loc:
    path: str
    line: int


@dataclass(frozen=True)
class Pending:
    """A name that can only be settled with the rest of the repository.

    kind:
      - ``py-const``   key = "pkg.module:NAME"   (a Python module-level constant)
      - ``jvm-const``  key = "Holder.NAME" or "com.acme.Holder.NAME" (static field, enum constant,
                       Kotlin object/companion `const val`)
      - ``property``   key = "spring.some.key" (Spring `${...}` placeholder; `default` holds `${key:default}`)
      - ``env``        key = "VAR" (environment variable; `default` holds the code's default)
      - ``channel``    key = "incoming:<name>" or "outgoing:<name>" (SmallRye/Quarkus `mp.messaging`)
      - ``binding``    key = "<binding name>" (Spring Cloud Stream `spring.cloud.stream.bindings.<name>.destination`;
                       ``<bean>-out-*`` stands for every configured branch output ``<bean>-out-<n>``)
      - ``attribute``  key = "cfg.TopicPrefix" (a settings object's field: its one default in the service)
      - ``template``   key = "{0}.orders" (or "{prefix}.orders"): its `{...}` slots are filled, in order,
                       by the values of the Pending references in `parts`
    """

    kind: str
    key: str
    default: str | None = None
    parts: tuple[Pending, ...] = ()


@dataclass
class TopicRef:
    """Where a topic name comes from.

    ``text`` is the expression as written (``ORDERS_TOPIC``, ``"orders"``, ``${app.topic}``).
    ``name`` is the resolved topic name, or None while unresolved.
    ``origin`` says how it was resolved: literal, constant, imported-constant, f-string,
    config-key, env-default, env, property, channel, binding, enum, parameter, connector,
    pattern, unresolved.
    ``via`` lists the places the resolution went through, e.g. the constant's definition.
    """

    text: str
    name: str | None
    origin: str
    pending: Pending | None = None
    via: list[Loc] = field(default_factory=list)
    pattern: bool = False  # a regex / pattern subscription (topics.regex, subscribe(pattern=...))
    why: str = ""  # for a name only the run time knows, why (said as the node's `reason`)


@dataclass
class Setting:
    """One client setting with its normalised key (Kafka property names: group.id, acks, ...)."""

    key: str
    value: str
    loc: Loc
    raw_key: str = ""  # the key as written (group_id=, spring.kafka.consumer.group-id, ...)
    # the value comes from elsewhere (os.environ.get("KAFKA_GROUP_ID", "x"), an imported constant):
    # `value` holds what this file alone says (the default), the resolver settles the rest
    pending: Pending | None = None
    # the value is only known at run time (`settings.kafka.group_id`): `value` holds the expression,
    # and rules must not compare it with a real value
    unresolved: bool = False


@dataclass
class Endpoint:
    """A producer or consumer call site.

    For a producer, ``key``/``value`` are the message key and value expressions as written
    (``None`` when the call passes no key).  ``settings`` are the client settings visible at the
    call site in code (config dict, constructor kwargs, annotation attributes), keyed by the
    normalised Kafka property name.  Service-level settings from config files are merged by the
    graph builder, code winning.
    """

    role: Role
    topic: TopicRef
    loc: Loc
    library: str
    end_line: int = 0
    client: str | None = None  # variable/bean the call goes through, to join settings
    key: str | None = None
    value: str | None = None
    settings: dict[str, Setting] = field(default_factory=dict)
    schema: SchemaRef | None = None
    awaits_ack: bool | None = None  # producer: flush/get()/callback seen; None = unknown
    handler: str | None = None  # consumer: function/method/agent that handles records
    group: str | None = None  # consumer group when given in code (also in settings['group.id'])


@dataclass
class SchemaRef:
    """How an endpoint names its schema: ``file`` (path as written, relative to repo or to the
    code file), ``name`` (Avro full or simple record name, a generated class), ``inline``
    (an Avro schema string in the code; ``key`` holds its full name)."""

    kind: Literal["file", "name", "inline"]
    key: str
    loc: Loc | None = None


@dataclass
class SchemaFact:
    """An Avro schema defined in the file (.avsc/.avpr, or an inline string in code)."""

    full_name: str
    loc: Loc
    end_line: int
    text: str  # the schema JSON text
    inline: bool = False
    fields: list[str] = field(default_factory=list)


@dataclass
class CallFact:
    """A call worth a rule's attention inside message-handling code.

    category: sleep, blocking-io, commit-sync, commit-async, produce, process, metrics,
    tracing, error-swallowed, dead-letter, retry, flush, wait-ack.
    """

    category: str
    name: str
    line: int
    detail: str = ""


@dataclass
class HandlerFact:
    """Code that handles consumed records: a poll loop, a listener method, a faust agent."""

    kind: str  # poll-loop | listener | agent | stream
    loc: Loc
    end_line: int
    calls: list[CallFact] = field(default_factory=list)
    name: str | None = None


@dataclass
class FieldRead:
    """A record field read by code (``msg["amount_cents"]``, ``rec.get("x")``, ``getAmountCents()``)."""

    name: str
    line: int


@dataclass
class ConnectorFact:
    """A Kafka Connect connector config: a deployable of its own."""

    name: str
    loc: Loc
    connector_class: str
    direction: Literal["source", "sink"]
    topics: list[TopicRef] = field(default_factory=list)
    settings: dict[str, Setting] = field(default_factory=dict)


@dataclass
class FileFacts:
    """Everything one file says about the pipeline."""

    path: str
    language: str
    endpoints: list[Endpoint] = field(default_factory=list)
    settings: list[Setting] = field(default_factory=list)  # client settings from config files
    properties: dict[str, tuple[str, int]] = field(default_factory=dict)  # flattened config keys -> (value, line)
    profile: str | None = None  # Spring profile of application-<profile>.yml
    env: dict[str, tuple[str, int]] = field(default_factory=dict)  # env vars set (.env, compose)
    schemas: list[SchemaFact] = field(default_factory=list)
    handlers: list[HandlerFact] = field(default_factory=list)
    field_reads: list[FieldRead] = field(default_factory=list)
    connectors: list[ConnectorFact] = field(default_factory=list)
    symbols: dict[str, tuple[str, int]] = field(default_factory=dict)  # exported constants -> (value, line)
    # exported constants whose value is an environment lookup's default: symbol -> env var name
    # (the deployment's env, e.g. docker-compose, overrides the default)
    symbol_env: dict[str, str] = field(default_factory=dict)
    observability: list[CallFact] = field(default_factory=list)  # metrics/tracing/lag reporting seen
    warnings: list[str] = field(default_factory=list)  # "path:line: message" for skipped parts
    # the file lowered into the language-neutral IR (`copilot.lang.ir.Module`) by a front-end; its
    # endpoints are found once every file is read (`copilot.lang.link`)
    ir: object | None = None
