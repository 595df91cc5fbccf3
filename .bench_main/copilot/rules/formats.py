"""The wire format of an endpoint's key or value, from what the scan recorded.

The scan labels many endpoints with `value.format`; where it could not (an `IntegerSerializer`
class, a Quarkus `ObjectMapperSerde`, a kafka-go `Value: []byte`), the serializer's class name or
the client library's own default says what goes on the wire.  Shared by the rules that compare
formats (serialization-change) and the one that asks whether a payload has a managed schema
(schema-unmanaged).
"""

from __future__ import annotations

import re

from copilot.model.languages import is_code
from copilot.scan.resolve import ResolvedEndpoint

# (pattern on a serializer/deserializer/serde class name, format); first match wins
CLASS_FORMATS = (
    (r"jsonschema", "json-schema"),
    (r"protobuf", "protobuf"),
    (r"avro", "avro"),
    (r"json|objectmapper|jsonb|jackson", "json"),
    (r"bytearray|bytes|bytebuffer", "bytes"),
    (r"string", "string"),
    (r"void", "void"),
    (r"integer|\bint\b|intserde", "int"),
    (r"long", "long"),
    (r"double|float|short", "number"),
)
# libraries whose producer API takes raw bytes/strings: with no serializer configured, the payload
# is whatever bytes the code builds — no schema travels with it
RAW_LIBRARIES = {"kafka-go", "sarama", "confluent-kafka", "confluent-kafka-go", "kafka-python", "aiokafka", "franz-go"}
# libraries whose default (de)serializer is known
LIBRARY_DEFAULTS = {"spring-kafka": "string", "faust": "json"}
MANAGED = {"avro", "protobuf", "json-schema"}




def own_setting(rep: ResolvedEndpoint, key: str) -> str | None:
    """The endpoint's setting, unless it was written in another code file: that one configures a
    different client of the same service (settings are merged per service)."""
    s = rep.settings.get(key)
    if s is None:
        return None
    if s.loc.path != rep.loc.path and is_code(s.loc.path):
        return None
    return s.value


def class_format(name: str | None) -> str | None:
    if not name:
        return None
    low = name.lower()
    for pattern, fmt in CLASS_FORMATS:
        if re.search(pattern, low):
            return fmt
    return None


def wire_format(rep: ResolvedEndpoint, part: str = "value", defaults: bool = True) -> str | None:
    """The endpoint's `part` ("value" or "key") format, or None when nothing says. With
    `defaults`, a client with no serializer configured gets its library's default (raw bytes for
    kafka-go, sarama, librdkafka...): right for "does this new producer have a schema", too weak
    to claim a format *changed*."""
    label = (own_setting(rep, f"{part}.format") or "").strip().lower()
    if label and label != "unknown":
        return label
    ser = own_setting(rep, f"{part}.serializer" if rep.role == "produce" else f"{part}.deserializer")
    fmt = class_format(ser)
    if fmt is None and part == "value" and rep.ep.schema is not None:
        fmt = class_format(rep.ep.schema.key) if rep.ep.schema.key.endswith(("Serde", "Serializer", "Deserializer")) else None
    if fmt is not None:
        return fmt
    if label == "unknown" or not defaults:
        return None
    if rep.ep.library in RAW_LIBRARIES and part == "value":
        return "bytes"
    return LIBRARY_DEFAULTS.get(rep.ep.library)
