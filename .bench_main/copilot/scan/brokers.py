"""Which broker an endpoint talks to: Kafka, Pulsar, RabbitMQ, AMQP, MQTT, Kinesis, SQS, ...

Only endpoints of the same broker meet in the graph (a RabbitMQ exchange named ``orders`` is not
the Kafka topic ``orders``).  The broker comes, in order, from:

- the client library (pulsar-client talks to Pulsar);
- a SmallRye channel's ``mp.messaging.<incoming|outgoing>.<channel>.connector``
  (``smallrye-kafka``, ``smallrye-amqp``, ``smallrye-rabbitmq``, ``smallrye-mqtt``, ...);
- a Spring Cloud Stream binding's ``binder``, the ``binders.<name>.type`` it names, or
  ``spring.cloud.stream.default-binder``;
- with none of those: the connector or binder dependency in the service's build manifest
  (``quarkus-messaging-amqp``, ``spring-cloud-stream-binder-rabbit``), when it names exactly one
  broker.  Several and no choice in config: ``unknown`` (never a guess).
"""

from __future__ import annotations

import re

from copilot.model.ids import KAFKA, UNKNOWN_BROKER

UNKNOWN = UNKNOWN_BROKER  # re-exported for the resolver

# library name (as extractors write it) -> broker, for libraries that are not Kafka clients
LIBRARY_BROKERS = {"pulsar": "pulsar"}

# a connector or binder name, or a dependency artifact, mentions one of these words
_WORDS = (
    ("kafka", KAFKA),
    ("kstream", KAFKA),
    ("pulsar", "pulsar"),
    ("rabbit", "rabbitmq"),
    ("amqp", "amqp"),
    ("mqtt", "mqtt"),
    ("kinesis", "kinesis"),
    ("sqs", "sqs"),
    ("sns", "sns"),
    ("pubsub", "pubsub"),
    ("jms", "jms"),
    ("solace", "solace"),
    ("eventhubs", "eventhubs"),
    ("servicebus", "servicebus"),
    ("nats", "nats"),
    ("camel", "camel"),
)

# artifacts that bring a SmallRye connector or a Spring Cloud Stream binder onto the class path
_ARTIFACT = re.compile(
    r"(?:smallrye-reactive-messaging-|quarkus-messaging-|quarkus-smallrye-reactive-messaging-|quarkus-amazon-|"
    r"spring-cloud-stream-binder-|spring-cloud-starter-stream-)([a-z0-9-]+)"
)
# the channel/binding setting that names the destination on each broker
DESTINATION_KEYS = {
    KAFKA: ("topic",),
    "pulsar": ("topic",),
    "mqtt": ("topic",),
    "amqp": ("address",),
    "rabbitmq": ("exchange.name", "queue.name"),
    "sqs": ("queue",),
    "pubsub": ("topic",),
    "jms": ("destination",),
}


def broker_word(text: str) -> str | None:
    """`smallrye-kafka` -> kafka, `rabbit` -> rabbitmq, `smallrye-aws-sqs` -> sqs; None if unknown."""
    low = text.lower()
    for word, broker in _WORDS:
        if word in low:
            return broker
    return None


def manifest_brokers(text: str) -> set[str]:
    """Brokers whose SmallRye connector or Spring Cloud Stream binder a build manifest depends on."""
    out = set()
    for m in _ARTIFACT.finditer(text):
        broker = broker_word(m.group(1))
        if broker:
            out.add(broker)
    return out



_BINDER = re.compile(r"spring-cloud-stream-binder-|spring-cloud-starter-stream-|spring-cloud-stream<")


def declares_binder(text: str) -> bool:
    """The manifest makes the service a Spring Cloud Stream app (a binder or the stream starter)."""
    return bool(_BINDER.search(text))
