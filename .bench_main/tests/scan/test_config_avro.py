"""Avro schema files: .avsc (single and array), .avpr, .avdl, .json schemas, malformed input."""

from __future__ import annotations

import json

import fastavro

from copilot.model.facts import Loc
from copilot.scan.extractors.config import extract

ORDER_AVSC = """\
{
  "type": "record",
  "name": "OrderCreated",
  "namespace": "com.acme.orders",
  "doc": "An order was placed.",
  "fields": [
    {"name": "order_id", "type": "string"},
    {"name": "amount_cents", "type": "long"},
    {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"]}},
    {"name": "coupon", "type": ["null", "string"], "default": null}
  ]
}
"""


def test_single_record_avsc() -> None:
    facts = extract("schemas/order_created.avsc", ORDER_AVSC.encode())
    assert facts.language == "avro"
    assert facts.warnings == []
    [s] = facts.schemas
    assert s.full_name == "com.acme.orders.OrderCreated"
    assert s.loc == Loc("schemas/order_created.avsc", 3)
    assert s.end_line == 12
    assert s.text == ORDER_AVSC
    assert s.inline is False
    assert s.fields == ["order_id", "amount_cents", "status", "coupon"]


def test_enum_and_fixed_avsc_and_full_name_in_name() -> None:
    facts = extract(
        "schemas/currency.avsc", b'{"type": "enum", "name": "com.acme.Currency", "symbols": ["EUR"]}'
    )
    [s] = facts.schemas
    assert (s.full_name, s.loc.line, s.end_line, s.fields) == ("com.acme.Currency", 1, 1, [])
    facts = extract("schemas/md5.avsc", b'{\n"type": "fixed",\n"size": 16,\n"name": "MD5"\n}\n')
    [s] = facts.schemas
    assert (s.full_name, s.loc.line, s.end_line) == ("MD5", 4, 5)


CUSTOMER_ARRAY = """\
[
  {"type": "record", "name": "Address", "namespace": "com.acme",
   "fields": [{"name": "city", "type": "string"}]},
  {
    "type": "record",
    "name": "Customer",
    "namespace": "com.acme",
    "fields": [
      {"name": "id", "type": "string"},
      {"name": "home", "type": "Address"},
      {"name": "work", "type": ["null", "com.acme.Address"]}
    ]
  }
]
"""


def test_avsc_array_gives_one_standalone_schema_per_element() -> None:
    facts = extract("schemas/customer.avsc", CUSTOMER_ARRAY.encode())
    assert facts.warnings == []
    address, customer = facts.schemas
    assert (address.full_name, address.loc.line, address.end_line, address.fields) == (
        "com.acme.Address",
        2,
        3,
        ["city"],
    )
    # self-contained: the exact slice of the file
    assert address.text == (
        '{"type": "record", "name": "Address", "namespace": "com.acme",\n'
        '   "fields": [{"name": "city", "type": "string"}]}'
    )
    assert (customer.full_name, customer.loc.line, customer.end_line) == ("com.acme.Customer", 6, 13)
    assert customer.fields == ["id", "home", "work"]
    # Customer refers to Address from the earlier element: inlined at first use, so it parses alone
    parsed = json.loads(customer.text)
    assert parsed["fields"][1]["type"]["name"] == "Address"
    assert parsed["fields"][2]["type"] == ["null", "com.acme.Address"]
    fastavro.parse_schema(parsed)
    fastavro.parse_schema(json.loads(address.text))


def test_avpr_types_get_the_protocol_namespace() -> None:
    src = """\
{"protocol": "Payments", "namespace": "com.acme.pay",
 "types": [
   {"type": "enum", "name": "Currency", "symbols": ["EUR", "USD"]},
   {"type": "record", "name": "Payment",
    "fields": [{"name": "id", "type": "string"}, {"name": "currency", "type": "Currency"}]}
 ],
 "messages": {}
}
"""
    facts = extract("schemas/payments.avpr", src.encode())
    assert facts.language == "avro"
    currency, payment = facts.schemas
    assert (currency.full_name, currency.loc.line, currency.end_line) == ("com.acme.pay.Currency", 3, 3)
    assert (payment.full_name, payment.loc.line, payment.end_line) == ("com.acme.pay.Payment", 4, 5)
    assert payment.fields == ["id", "currency"]
    parsed = fastavro.parse_schema(json.loads(payment.text))
    assert parsed["name"] == "com.acme.pay.Payment"
    assert json.loads(currency.text)["namespace"] == "com.acme.pay"


AVDL = """\
// Shipping events
@namespace("com.acme.shipping")
protocol Shipping {
  /** A shipment left the warehouse. */
  record Shipment {
    string id;
    @logicalType("timestamp-millis") long shipped_at;
    union { null, string } carrier = null;
    array<string> tags = [];
    // string removed_field;
  }

  @namespace("com.acme.parcels")
  record Parcel {
    double weight_kg;
  }

  enum Size { S, M, L }
}
"""


def test_avdl_records_by_regex() -> None:
    facts = extract("schemas/shipping.avdl", AVDL.encode())
    assert facts.language == "avro"
    assert facts.warnings == []
    shipment, parcel = facts.schemas
    assert (shipment.full_name, shipment.loc.line, shipment.end_line) == ("com.acme.shipping.Shipment", 5, 11)
    assert shipment.fields == ["id", "shipped_at", "carrier", "tags"]
    assert shipment.text.splitlines()[0] == "  record Shipment {"
    assert (parcel.full_name, parcel.loc.line, parcel.end_line, parcel.fields) == (
        "com.acme.parcels.Parcel",
        14,
        16,
        ["weight_kg"],
    )


def test_avro_schema_stored_as_json() -> None:
    facts = extract("src/main/avro/order.json", ORDER_AVSC.encode())
    assert facts.language == "avro"
    assert [s.full_name for s in facts.schemas] == ["com.acme.orders.OrderCreated"]


def test_malformed_avsc_warns_with_line_and_column() -> None:
    facts = extract("schemas/bad.avsc", b'{"type": "record",\n "name": "X" "fields": []}')
    assert facts.schemas == []
    assert facts.warnings == ["schemas/bad.avsc:2: invalid JSON: Expecting ',' delimiter (line 2 column 14)"]


def test_avsc_that_is_not_a_named_schema() -> None:
    facts = extract("schemas/prim.avsc", b'"string"')
    assert (facts.schemas, facts.warnings) == ([], [])
    facts = extract("schemas/map.avsc", b'{"type": "map", "values": "long"}')
    assert facts.schemas == []
    assert facts.warnings == ["schemas/map.avsc:1: not a named Avro schema (type 'map')"]


def test_unclosed_idl_record_warns() -> None:
    facts = extract("schemas/cut.avdl", b"protocol P {\n  record R {\n    string a;\n")
    [s] = facts.schemas
    assert (s.full_name, s.fields, s.end_line) == ("R", ["a"], 3)
    assert facts.warnings == ["schemas/cut.avdl:2: record R is not closed"]
