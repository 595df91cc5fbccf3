"""A consumer's compiled-in reader schema against the producer's writer schema, across services."""

from __future__ import annotations

import json

from tests.review.helpers import above_info, only, review_of

USER = {"type": "record", "name": "User", "namespace": "ex", "fields": [
    {"name": "name", "type": "string"}, {"name": "favorite_number", "type": "long"}]}

PRODUCER = '''from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer

registry = SchemaRegistryClient({"url": "http://registry:8081"})
schema_str = open("schemas/user.avsc").read()
producer = SerializingProducer({"bootstrap.servers": "k:9092", "value.serializer": AvroSerializer(registry, schema_str)})


def publish(user: dict) -> None:
    producer.produce("users", key=user["name"], value=user, on_delivery=lambda e, m: None)
    producer.flush()
'''

CONSUMER = '''from confluent_kafka import DeserializingConsumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer

READER = """
{"type": "record", "name": "User", "namespace": "ex", "fields": [
  {"name": "name", "type": "string"},
  {"name": "favorite_number", "type": "long"}%s
]}
"""

registry = SchemaRegistryClient({"url": "http://registry:8081"})
consumer = DeserializingConsumer({"bootstrap.servers": "k:9092", "group.id": "crm", "value.deserializer": AvroDeserializer(registry, READER)})
consumer.subscribe(["users"])


def run() -> None:
    while True:
        msg = consumer.poll(1.0)
        if msg is not None:
            print(msg.value()["name"])
'''


def base(extra_reader_field: str = "") -> dict[str, str]:
    return {
        "signup/pyproject.toml": "[project]\nname='signup'\n",
        "signup/app.py": PRODUCER,
        "schemas/user.avsc": json.dumps(USER, indent=2) + "\n",
        "crm/pyproject.toml": "[project]\nname='crm'\n",
        "crm/worker.py": CONSUMER % extra_reader_field,
    }


def test_reader_requiring_a_field_the_writer_lacks_is_high(make_repo):
    change = {"crm/worker.py": CONSUMER % ',\n  {"name": "favorite_food", "type": "string"}'}
    review, _ = review_of(make_repo, change, base=base())
    f = only(review, "schema-breaking")
    assert f.severity == "high" and f.impacted == ["service:crm"]
    assert "favorite_food" in f.reasoning
    assert {c.path for c in f.citations} >= {"crm/worker.py", "schemas/user.avsc"}


def test_writer_dropping_a_field_the_reader_requires_is_high(make_repo):
    smaller = {**USER, "fields": USER["fields"][:1]}
    review, _ = review_of(make_repo, {"schemas/user.avsc": json.dumps(smaller, indent=2) + "\n"}, base=base())
    hits = [f for f in review.findings if f.rule == "schema-breaking" and "can no longer read" in f.title]
    assert len(hits) == 1 and hits[0].impacted == ["service:crm"]


def test_reader_adding_an_optional_field_is_quiet(make_repo):
    change = {"crm/worker.py": CONSUMER % ',\n  {"name": "favorite_food", "type": ["null", "string"], "default": null}'}
    review, _ = review_of(make_repo, change, base=base())
    assert [f for f in above_info(review) if f[0] == "schema-breaking"] == []
