"""Normalise client setting names to Kafka property names (group.id, acks, ...).

Extractors see the same setting spelled many ways: ``group_id=`` (kafka-python), ``groupId``
(annotations), ``group-id`` (Spring YAML), ``GROUP_ID_CONFIG`` (Java constants),
``KAFKA_GROUP_ID`` (env).  Rules compare normalised names only.
"""

from __future__ import annotations

import re

KNOWN = (
    "group.id",
    "acks",
    "enable.idempotence",
    "retries",
    "auto.offset.reset",
    "enable.auto.commit",
    "auto.commit.interval.ms",
    "isolation.level",
    "max.poll.records",
    "max.poll.interval.ms",
    "fetch.min.bytes",
    "fetch.max.wait.ms",
    "session.timeout.ms",
    "linger.ms",
    "batch.size",
    "delivery.timeout.ms",
    "max.in.flight.requests.per.connection",
    "bootstrap.servers",
    "schema.registry.url",
    "key.serializer",
    "value.serializer",
    "key.deserializer",
    "value.deserializer",
    "client.id",
    "transactional.id",
    "application.id",
)
_BY_SQUASHED = {k.replace(".", ""): k for k in KNOWN}
_ALIASES = {
    "groupid": "group.id",
    "applicationid": "group.id",  # a Kafka Streams app's consumer group is its application.id
    "keyserializer": "key.serializer",
    "valueserializer": "value.serializer",
    "keydeserializer": "key.deserializer",
    "valuedeserializer": "value.deserializer",
    "idempotence": "enable.idempotence",
    "autooffsetreset": "auto.offset.reset",
    "enableautocommit": "enable.auto.commit",
}


def normalise_setting_key(raw: str) -> str | None:
    """The Kafka property name for a setting spelled `raw`, or None if it is not a client setting."""
    name = raw.strip()
    for prefix in ("spring.kafka.consumer.", "spring.kafka.producer.", "spring.kafka.streams.", "spring.kafka.properties.",
                   "spring.kafka.", "kafka.", "KAFKA_", "SPRING_KAFKA_CONSUMER_", "SPRING_KAFKA_PRODUCER_", "properties."):
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    name = re.sub(r"_CONFIG$", "", name)
    squashed = re.sub(r"[^a-z0-9]", "", name.lower())
    return _BY_SQUASHED.get(squashed) or _ALIASES.get(squashed)
