"""Normalise config keys from many dialects to Kafka client property names.

``spring.kafka.consumer.group-id``, ``kafka.consumers.default.groupId``,
``mp.messaging.incoming.orders.group.id``, ``SPRING_KAFKA_CONSUMER_GROUP_ID`` and ``group.id``
all become ``group.id``, so rules compare one key whatever the framework.  The matching is
"longest dotted suffix that is a known Kafka property" after splitting camelCase and turning
``-``/``_`` into dots, and it only applies inside a Kafka context (a ``kafka`` path segment,
``mp.messaging``) unless the caller says the whole file is a client config.  Keys that could hold
credentials are never turned into settings.

Pseudo-settings ``value.format``/``key.format`` (avro, json, protobuf, string, bytes) are derived
from serializer, deserializer, serde and Connect converter class names.
"""

from __future__ import annotations

import re

from copilot.model.facts import Loc, Setting
from copilot.secrets import MARK, is_secret_key, redact_value

_KAFKA_PROPERTIES_TEXT = """
    bootstrap.servers client.id client.rack security.protocol sasl.mechanism metadata.max.age.ms
    request.timeout.ms default.api.timeout.ms retry.backoff.ms reconnect.backoff.ms
    group.id group.instance.id auto.offset.reset enable.auto.commit auto.commit.interval.ms
    max.poll.records max.poll.interval.ms session.timeout.ms heartbeat.interval.ms fetch.min.bytes
    fetch.max.bytes fetch.max.wait.ms max.partition.fetch.bytes isolation.level
    partition.assignment.strategy group.protocol key.deserializer value.deserializer
    allow.auto.create.topics exclude.internal.topics
    acks retries enable.idempotence max.in.flight.requests.per.connection linger.ms batch.size
    buffer.memory compression.type delivery.timeout.ms max.block.ms max.request.size
    key.serializer value.serializer transactional.id transaction.timeout.ms partitioner.class
    schema.registry.url specific.avro.reader auto.register.schemas use.latest.version
    value.subject.name.strategy key.subject.name.strategy latest.compatibility.strict
    application.id processing.guarantee num.stream.threads replication.factor default.key.serde
    default.value.serde commit.interval.ms cache.max.bytes.buffering statestore.cache.max.bytes
    default.deserialization.exception.handler default.production.exception.handler
    spring.json.trusted.packages spring.json.value.default.type spring.json.add.type.headers
    spring.json.use.type.headers spring.deserializer.value.delegate.class
    spring.deserializer.key.delegate.class
"""
KAFKA_PROPERTIES = frozenset(_KAFKA_PROPERTIES_TEXT.split())

# SmallRye Reactive Messaging channel attributes that matter to rules (canonical dotted form).
SMALLRYE_ATTRIBUTES = frozenset(
    {
        "commit.strategy",
        "failure.strategy",
        "dead.letter.queue.topic",
        "throttled.unprocessed.record.max.age.ms",
    }
)

# Spring Boot / common spellings whose canonical form is not the Kafka name.
ALIASES = {
    "auto.commit.interval": "auto.commit.interval.ms",
    "fetch.max.wait": "fetch.max.wait.ms",
    "fetch.min.size": "fetch.min.bytes",
    "heartbeat.interval": "heartbeat.interval.ms",
    "session.timeout": "session.timeout.ms",
    "max.poll.interval": "max.poll.interval.ms",
    "transaction.id.prefix": "transactional.id",
    "brokers": "bootstrap.servers",
    "consumer.group": "group.id",
    "consumer.group.name": "group.id",
    "schema.registry": "schema.registry.url",
}

_PASS_THROUGH = (
    # Spring Boot passes these straight to the Kafka client.
    re.compile(r"^spring\.kafka\.(?:(?:consumer|producer|admin|streams)\.)?properties\.(?P<prop>.+)$"),
    re.compile(
        r"^spring\.cloud\.stream\.kafka\.(?:streams\.)?binder\."
        r"(?:configuration|consumer-?properties|producer-?properties)\.(?P<prop>.+)$",
        re.IGNORECASE,
    ),
    re.compile(r"^mp\.messaging\.connector\.smallrye-kafka\.(?P<prop>.+)$"),
)
_CHANNEL = re.compile(r"^mp\.messaging\.(?:incoming|outgoing)\.(?P<rest>.+)$")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_LIST_INDEX = re.compile(r"\[\d+\]$")

FORMAT_SOURCES = {
    "value.serializer": "value.format",
    "value.deserializer": "value.format",
    "key.serializer": "key.format",
    "key.deserializer": "key.format",
    "spring.deserializer.value.delegate.class": "value.format",
    "spring.deserializer.key.delegate.class": "key.format",
    "default.value.serde": "value.format",
    "default.key.serde": "key.format",
    "value.converter": "value.format",
    "key.converter": "key.format",
}


REDACTED = MARK


def is_secret(key: str) -> bool:
    """Whether a config key holds a credential (`copilot.secrets`, the one list of them)."""
    return is_secret_key(key)


def redact(key: str, value: str) -> str:
    """The value to keep for a config key: credentials never enter the cache or a prompt."""
    return redact_value(key, value)


def canonical(key: str) -> str:
    """``spring.kafka.consumer.groupId`` / ``group-id`` / ``GROUP_ID`` -> ``...group.id``."""
    parts = []
    for seg in key.split("."):
        if not seg.isupper():
            seg = _CAMEL.sub(".", seg)
        parts.append(seg.lower().replace("-", ".").replace("_", "."))
    return ".".join(p for p in ".".join(parts).split(".") if p)


def _known_suffix(dotted: str, extra: frozenset[str] = frozenset()) -> str | None:
    segs = dotted.split(".")
    for i in range(len(segs)):
        suffix = ".".join(segs[i:])
        if suffix in KAFKA_PROPERTIES or suffix in extra:
            return suffix
        if suffix in ALIASES:
            return ALIASES[suffix]
    return None


def normalise_key(raw_key: str, *, bare_ok: bool = False) -> str | None:
    """The Kafka property name a config key sets, or None when it is not a client setting.

    ``bare_ok``: the file is a Kafka client config, so ``acks=all`` counts without a ``kafka``
    path segment around it.
    """
    if is_secret_key(raw_key):
        return None
    key = _LIST_INDEX.sub("", raw_key)
    for rx in _PASS_THROUGH:
        m = rx.match(key)
        if m:
            return m["prop"]
    low = canonical(key)
    if low.startswith("spring.kafka.listener."):
        return "listener." + low[len("spring.kafka.listener.") :]
    if low.startswith("spring.kafka.template."):
        return None  # default-topic etc.: names, not client behaviour; kept in properties
    m = _CHANNEL.match(low)
    if m:
        # channel names may hold dots; the attribute is the longest known suffix after it
        rest = m["rest"].split(".", 1)
        return _known_suffix(rest[1], SMALLRYE_ATTRIBUTES) if len(rest) == 2 else None
    if low.startswith("mp.messaging."):
        return None
    if low == "schema.registry.url":
        return low  # Spring/Quarkus apps set it at the top level for the Confluent serdes
    if not bare_ok and "kafka" not in low.split("."):
        return None
    return _known_suffix(low)


def env_to_key(var: str) -> str:
    """``SPRING_KAFKA_CONSUMER_GROUP_ID`` -> ``spring.kafka.consumer.group.id`` (Spring's
    relaxed binding, which is also how Kafka-ish env vars are conventionally named)."""
    return var.lower().replace("_", ".")


def normalise_env(var: str) -> str | None:
    return normalise_key(env_to_key(var))


def format_of(class_name: str) -> str | None:
    """Wire format from a (de)serializer/serde/converter class name; None if it says nothing
    (``ErrorHandlingDeserializer`` wraps a delegate that is configured separately)."""
    c = class_name.lower()
    if "errorhandling" in c or "delegating" in c:
        return None
    if "avro" in c:
        return "avro"
    if "protobuf" in c:
        return "protobuf"
    if "json" in c or "objectmapper" in c:
        return "json"
    if "string" in c:
        return "string"
    if "bytearray" in c or "bytes" in c or "bytebuffer" in c:
        return "bytes"
    return None


def with_formats(settings: list[Setting]) -> list[Setting]:
    """The settings plus a ``value.format``/``key.format`` pseudo-setting after each
    (de)serializer that names a format (same line, raw_key of the class setting)."""
    out: list[Setting] = []
    for s in settings:
        out.append(s)
        target = FORMAT_SOURCES.get(s.key)
        fmt = format_of(s.value) if target else None
        if target and fmt:
            out.append(Setting(target, fmt, s.loc, s.raw_key))
    return out


def settings_from(
    entries: list[tuple[str, str, int]],
    path: str,
    *,
    bare_ok: bool = False,
    env: bool = False,
    owner: str | None = None,
) -> list[Setting]:
    """Settings for (raw key, value, line) entries, in order, formats included.

    ``owner`` (a compose service / k8s workload) prefixes ``raw_key`` as ``<owner>/VAR`` so the
    graph builder can tell whose setting it is when one file configures several services.

    List items of one key (``bootstrap-servers[0]``, ``[1]``) join into one comma-separated
    setting, the way Kafka reads a list property.
    """
    settings: list[Setting] = []
    by_list: dict[str, Setting] = {}
    for raw, value, line in entries:
        key = normalise_env(raw) if env else normalise_key(raw, bare_ok=bare_ok)
        if key is None:
            continue
        base = _LIST_INDEX.sub("", raw)
        if base != raw:
            if base in by_list:
                by_list[base].value += "," + value
                continue
            setting = Setting(key, value, Loc(path, line), f"{owner}/{base}" if owner else base)
            by_list[base] = setting
        else:
            setting = Setting(key, value, Loc(path, line), f"{owner}/{raw}" if owner else raw)
        settings.append(setting)
    return with_formats(settings)
