"""Test helpers, independent of copilot.schema: Avro values, defaults and the spec's resolution rules.

Used by the property tests to say what a reader *should* get when it reads data written with
another schema (Avro spec, "Schema Resolution"), without asking either the checker or fastavro.
Handles the schemas the generators make: every named type is defined inline (no references).
"""

from __future__ import annotations

import io
import struct
from typing import Any

import fastavro

GROUP = {
    "null": "null",
    "boolean": "num",
    "int": "num",
    "long": "num",
    "float": "real",
    "double": "real",
    "string": "text",
    "enum": "text",
    "bytes": "bin",
    "fixed": "bin",
    "record": "obj",
    "map": "obj",
    "array": "list",
}
# reader type -> writer types it reads besides its own
PROMOTABLE_FROM = {
    "long": ("int",),
    "float": ("int", "long"),
    "double": ("int", "long", "float"),
    "bytes": ("string",),
    "string": ("bytes",),
}


def kind(schema: Any) -> str:
    if isinstance(schema, list):
        return "union"
    if isinstance(schema, dict):
        return schema["type"]
    return schema


def f32(value: float) -> float:
    return struct.unpack("<f", struct.pack("<f", value))[0]


def json_valid(value: Any, schema: Any) -> bool:
    """Is `value` a valid JSON default for `schema` (a union: any branch)."""
    k = kind(schema)
    if k == "union":
        return any(json_valid(value, b) for b in schema)
    if k == "null":
        return value is None
    if k == "boolean":
        return isinstance(value, bool)
    if k == "int":
        return isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31
    if k == "long":
        return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63
    if k in ("float", "double"):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if k == "string":
        return isinstance(value, str)
    if k == "bytes":
        return isinstance(value, str) and all(ord(c) < 256 for c in value)
    if k == "fixed":
        return isinstance(value, str) and len(value) == schema["size"] and all(ord(c) < 256 for c in value)
    if k == "enum":
        return value in schema["symbols"]
    if k == "array":
        return isinstance(value, list) and all(json_valid(v, schema["items"]) for v in value)
    if k == "map":
        return isinstance(value, dict) and all(json_valid(v, schema["values"]) for v in value.values())
    if k == "record":
        return isinstance(value, dict) and all(
            json_valid(value[f["name"]], f["type"]) if f["name"] in value else "default" in f
            for f in schema["fields"]
        )
    raise AssertionError(k)


def to_json_default(value: Any, schema: Any) -> Any:
    """A Python value of `schema` written as a JSON default."""
    k = kind(schema)
    if k == "union":
        branch = writer_branch(schema, value)
        return to_json_default(value, branch)
    if k in ("bytes", "fixed"):
        return value.decode("latin-1")
    if k == "array":
        return [to_json_default(v, schema["items"]) for v in value]
    if k == "map":
        return {key: to_json_default(v, schema["values"]) for key, v in value.items()}
    if k == "record":
        return {f["name"]: to_json_default(value[f["name"]], f["type"]) for f in schema["fields"]}
    return value


def from_json_default(value: Any, schema: Any) -> Any:
    """What a reader gets for a field that takes its JSON default (spec)."""
    k = kind(schema)
    if k == "union":
        branch = next(b for b in schema if json_valid(value, b))
        return from_json_default(value, branch)
    if k in ("bytes", "fixed"):
        return value.encode("latin-1")
    if k == "float":
        return f32(float(value))
    if k == "double":
        return float(value)
    if k == "array":
        return [from_json_default(v, schema["items"]) for v in value]
    if k == "map":
        return {key: from_json_default(v, schema["values"]) for key, v in value.items()}
    if k == "record":
        return {
            f["name"]: from_json_default(value[f["name"]] if f["name"] in value else f["default"], f["type"])
            for f in schema["fields"]
        }
    return value


def python_matches(value: Any, schema: Any) -> bool:
    """Would a writer (fastavro) pick `schema` for `value`?  Our unions never hold two of a group."""
    k = kind(schema)
    if k == "null":
        return value is None
    if k == "boolean":
        return isinstance(value, bool)
    if k in ("int", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if k in ("float", "double"):
        return isinstance(value, float)
    if k == "string":
        return isinstance(value, str)
    if k == "enum":
        return isinstance(value, str) and value in schema["symbols"]
    if k == "bytes":
        return isinstance(value, bytes)
    if k == "fixed":
        return isinstance(value, bytes) and len(value) == schema["size"]
    if k == "array":
        return isinstance(value, list)
    if k in ("map", "record"):
        return isinstance(value, dict)
    raise AssertionError(k)


def writer_branch(union: list, value: Any) -> Any:
    return next(b for b in union if python_matches(value, b))


def _reader_branch(union: list, writer: Any) -> Any:
    wk = kind(writer)
    for branch in union:  # the same type (and name, for named types) first
        if kind(branch) == wk and (wk not in ("record", "enum", "fixed") or _names_match(branch, writer)):
            return branch
    for branch in union:  # then the first the writer's type promotes to
        if wk in PROMOTABLE_FROM.get(kind(branch), ()):
            return branch
    raise AssertionError("no reader branch: the pair was not compatible")


def _names_match(reader: dict, writer: dict) -> bool:
    full = f"{writer.get('namespace')}.{writer['name']}" if writer.get("namespace") else writer["name"]
    return (
        reader["name"] == writer["name"]
        or full in reader.get("aliases", [])
        or writer["name"] in reader.get("aliases", [])
    )


def resolve(writer: Any, reader: Any, value: Any) -> Any:
    """The value a `reader` gets from `value` written with `writer` (Avro spec, Schema Resolution)."""
    wk, rk = kind(writer), kind(reader)
    if wk == "union":
        return resolve(writer_branch(writer, value), reader, value)
    if rk == "union":
        return resolve(writer, _reader_branch(reader, writer), value)
    if rk == "float":
        return f32(float(value))
    if rk == "double":
        return float(value)
    if rk == "bytes" and wk == "string":
        return value.encode("utf-8")
    if rk == "string" and wk == "bytes":
        return value.decode("utf-8")
    if rk == "enum":
        return value if value in reader["symbols"] else reader["default"]
    if rk == "array":
        return [resolve(writer["items"], reader["items"], v) for v in value]
    if rk == "map":
        return {k: resolve(writer["values"], reader["values"], v) for k, v in value.items()}
    if rk == "record":
        by_name = {f["name"]: f for f in writer["fields"]}
        out = {}
        for field in reader["fields"]:
            found = by_name.get(field["name"]) or next(
                (by_name[a] for a in field.get("aliases", []) if a in by_name), None
            )
            if found is not None:
                out[field["name"]] = resolve(found["type"], field["type"], value[found["name"]])
            else:
                out[field["name"]] = from_json_default(field["default"], field["type"])
        return out
    return value


def normalize(value: Any, schema: Any) -> Any:
    """Round floats read as Avro float to 32 bits, so both sides compare alike."""
    k = kind(schema)
    if k == "union":
        if isinstance(value, float):
            kinds = [kind(b) for b in schema]
            return f32(value) if "float" in kinds and "double" not in kinds else value
        for branch in schema:
            if kind(branch) in ("record", "array", "map") and python_matches(value, branch):
                return normalize(value, branch)
        return value
    if k == "float" and isinstance(value, float):
        return f32(value)
    if k == "array" and isinstance(value, list):
        return [normalize(v, schema["items"]) for v in value]
    if k == "map" and isinstance(value, dict):
        return {key: normalize(v, schema["values"]) for key, v in value.items()}
    if k == "record" and isinstance(value, dict):
        fields = {f["name"]: f["type"] for f in schema["fields"]}
        return {key: normalize(v, fields[key]) if key in fields else v for key, v in value.items()}
    return value


def roundtrip(writer: Any, reader: Any, record: Any) -> Any:
    """Write `record` with fastavro under `writer`, read it back through `reader`."""
    parsed_writer = fastavro.parse_schema(writer)
    parsed_reader = fastavro.parse_schema(reader)
    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, parsed_writer, record)
    buf.seek(0)
    return fastavro.schemaless_reader(buf, parsed_writer, parsed_reader)
