"""Schemas in Python code: schema files, inline Avro strings and dicts, record classes."""

from __future__ import annotations

import json

from copilot.model.facts import Loc, SchemaFact, SchemaRef
from copilot.scan.extractors.python import extract

PATH = "payments/app/producer.py"


def ln(src: str, needle: str, nth: int = 1) -> int:
    pos = -1
    for _ in range(nth):
        pos = src.index(needle, pos + 1)
    return src.count("\n", 0, pos) + 1


def run(src: str, path: str = PATH):
    return extract(path, src.encode("utf-8"))


INLINE = '''\
from confluent_kafka import SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer

PAYMENT_SCHEMA = """
{
  "type": "record",
  "name": "Payment",
  "namespace": "com.acme.payments",
  "fields": [
    {"name": "id", "type": "string"},
    {"name": "amount_cents", "type": "long"}
  ]
}
"""

registry = SchemaRegistryClient({"url": "http://sr:8081"})
producer = SerializingProducer(
    {"bootstrap.servers": "kafka:9092", "value.serializer": AvroSerializer(registry, PAYMENT_SCHEMA)}
)
producer.produce("payments", value={"id": "p1", "amount_cents": 100})
'''


def test_inline_avro_string_is_a_schema_fact_and_the_endpoint_names_it():
    src = INLINE
    facts = run(src)
    start = ln(src, 'PAYMENT_SCHEMA = """')
    [schema] = facts.schemas
    assert schema == SchemaFact(
        full_name="com.acme.payments.Payment",
        loc=Loc(PATH, start),
        end_line=ln(src, '"""\n\nregistry'),
        text=src.split('"""')[1],  # the string's value, as the code holds it
        inline=True,
        fields=["id", "amount_cents"],
    )
    assert json.loads(schema.text)["name"] == "Payment"
    [ep] = facts.endpoints
    assert ep.schema == SchemaRef("inline", "com.acme.payments.Payment", Loc(PATH, start))
    assert ep.settings["value.format"].value == "avro"


DICT_SCHEMA = """\
import io
import json

import fastavro
from kafka import KafkaProducer

ORDER_SCHEMA = fastavro.parse_schema(
    {
        "type": "record",
        "name": "Order",
        "fields": [
            {"name": "id", "type": "string"},
            {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line", "fields": []}}},
        ],
    }
)


def encode(order):
    out = io.BytesIO()
    fastavro.schemaless_writer(out, ORDER_SCHEMA, order)
    return out.getvalue()


producer = KafkaProducer(value_serializer=encode)
producer.send("orders", {"id": "o1", "lines": []})
"""


def test_inline_schema_dict_and_a_same_file_serializer_function():
    src = DICT_SCHEMA
    facts = run(src)
    [schema] = facts.schemas  # the nested Line record is part of Order, not a schema of its own
    assert (schema.full_name, schema.inline, schema.fields) == ("Order", True, ["id", "lines"])
    assert (schema.loc.line, schema.end_line) == (ln(src, "    {\n"), ln(src, "    }\n)"))
    assert json.loads(schema.text)["fields"][0] == {"name": "id", "type": "string"}
    [ep] = facts.endpoints
    assert ep.settings["value.format"].value == "avro"  # read off the encode() function body
    assert ep.settings["value.serializer"].value == "encode"


FILES = """\
import json
from pathlib import Path

import avro.schema
from confluent_kafka import Producer
from fastavro import parse_schema

ORDER = parse_schema(json.load(open("schemas/order.avsc")))
REFUND = avro.schema.parse(open("schemas/refund.avsc").read())
SHIPMENT = Path(__file__).parent / "schemas" / "shipment.avsc"

producer = Producer({"bootstrap.servers": "kafka:9092"})


def avro_bytes(schema, record):
    return b""


producer.produce("orders", value=avro_bytes(ORDER, {}))
producer.produce("refunds", value=avro_bytes(REFUND, {}))
producer.produce("shipments", value=avro_bytes(SHIPMENT, {}))
producer.produce("clicks", value=json.dumps({}).encode())
"""


def test_schema_files_named_by_every_loading_idiom():
    src = FILES
    facts = run(src)
    assert [(e.topic.name, e.schema) for e in facts.endpoints] == [
        ("orders", SchemaRef("file", "schemas/order.avsc", Loc(PATH, ln(src, "ORDER = ")))),
        ("refunds", SchemaRef("file", "schemas/refund.avsc", Loc(PATH, ln(src, "REFUND = ")))),
        ("shipments", SchemaRef("file", "schemas/shipment.avsc", Loc(PATH, ln(src, "SHIPMENT = ")))),
        ("clicks", None),
    ]
    assert [e.settings["value.format"].value for e in facts.endpoints] == ["avro", "avro", "avro", "json"]
    assert facts.schemas == []


def test_a_file_without_client_libraries_still_reports_its_inline_schemas():
    src = 'SCHEMA = \'{"type": "record", "name": "Click", "fields": [{"name": "url", "type": "string"}]}\'\n'
    facts = run(src, "common/schemas.py")
    assert [(s.full_name, s.loc.line, s.fields) for s in facts.schemas] == [("Click", 1, ["url"])]
    assert facts.symbols == {"SCHEMA": (src.split("'")[1], 1)}


def test_json_that_is_not_an_avro_record_is_not_a_schema():
    src = 'CONFIG = \'{"type": "record-ish", "name": 3}\'\nOTHER = \'{"record": true}\'\n'
    assert run(src).schemas == []
