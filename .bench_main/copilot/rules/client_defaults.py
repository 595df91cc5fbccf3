"""What a client does when a setting is not given: the library's default.

A change that *adds* `acks=0` where nothing was set before weakens delivery just as much as
changing `acks=all` to `acks=0`; comparing against the default sees it.  Values are the
normalised ones rules compare (acks "all"/"1"/"0", reset "earliest"/"latest", booleans).
"""

from __future__ import annotations

from copilot.model.facts import Setting
from copilot.scan.resolve import ResolvedEndpoint

# library -> setting -> default
DEFAULTS: dict[str, dict[str, str]] = {
    # Apache Kafka Java clients 3.x (acks=all and idempotence on since 3.0)
    "kafka-clients": {"acks": "all", "enable.idempotence": "true", "auto.offset.reset": "latest", "enable.auto.commit": "true"},
    "kafka-streams": {"acks": "all", "auto.offset.reset": "earliest", "enable.auto.commit": "false"},
    # Spring Kafka turns auto-commit off and commits through the listener container
    "spring-kafka": {"acks": "all", "enable.idempotence": "true", "auto.offset.reset": "latest", "enable.auto.commit": "false"},
    "spring-cloud-stream": {"acks": "all", "auto.offset.reset": "latest", "enable.auto.commit": "false"},
    "smallrye": {"acks": "all", "auto.offset.reset": "latest", "enable.auto.commit": "false"},
    # librdkafka (confluent-kafka-python, confluent-kafka-go): acks=-1 (all) by default
    "confluent-kafka": {"acks": "all", "enable.idempotence": "false", "auto.offset.reset": "latest", "enable.auto.commit": "true"},
    "confluent-kafka-go": {"acks": "all", "enable.idempotence": "false", "auto.offset.reset": "latest", "enable.auto.commit": "true"},
    "kafka-python": {"acks": "1", "auto.offset.reset": "latest", "enable.auto.commit": "true"},
    "aiokafka": {"acks": "1", "auto.offset.reset": "latest", "enable.auto.commit": "true"},
    "faust": {"acks": "all", "auto.offset.reset": "earliest", "enable.auto.commit": "false"},
    # segmentio/kafka-go: Writer.RequiredAcks defaults to RequireNone; a group reader starts at FirstOffset
    "kafka-go": {"acks": "0", "auto.offset.reset": "earliest"},
    # IBM/sarama: WaitForLocal, OffsetNewest, auto-commit on
    "sarama": {"acks": "1", "auto.offset.reset": "latest", "enable.auto.commit": "true"},
}
NORMAL = {"-1": "all", "true": "true", "false": "false", "smallest": "earliest", "beginning": "earliest", "largest": "latest", "end": "latest"}


def normal(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip().strip("\"'").lower()
    return NORMAL.get(v, v)


def default_for(rep: ResolvedEndpoint, key: str) -> str | None:
    if rep.ep.library in DEFAULTS:
        return DEFAULTS[rep.ep.library].get(key)
    from copilot.libraries import by_name  # libraries of the catalogue carry their own defaults

    entry = by_name(rep.ep.library)
    return entry.defaults.get(key) if entry is not None else None


def effective(rep: ResolvedEndpoint, key: str, setting: Setting | None = None) -> str | None:
    """The value in force: the setting when given, else the library's default."""
    s = setting if setting is not None else rep.settings.get(key)
    return normal(s.value) if s is not None else default_for(rep, key)


def describe(rep: ResolvedEndpoint, key: str, setting: Setting | None) -> str:
    value = effective(rep, key, setting)
    if setting is None and value is not None:
        return f"{value} ({rep.ep.library} default)"
    return value or "unset"
