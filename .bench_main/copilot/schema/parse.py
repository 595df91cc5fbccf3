"""Avro schemas from files, text and JSON values: ``.avsc``, ``.avpr`` (its ``types``), inline strings.

An :class:`AvroSchema` holds the schema three ways: the normalized model (``resolved``), the
self-contained fully-qualified JSON (``json``, which fastavro and the ``avro`` package parse) and
both libraries' parsed objects, plus its Parsing Canonical Form and fingerprints.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from copilot.schema.canonical import canonical_form, rabin_fingerprint, sha256_fingerprint
from copilot.schema.errors import SchemaError
from copilot.schema.jsonpos import load_json
from copilot.schema.resolve import Resolved, label, resolve, standalone

_BARE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\Z")


@dataclass
class AvroSchema:
    """One parsed, validated Avro schema."""

    json: Any  # self-contained JSON, names fully qualified
    resolved: Resolved
    source: str | None = None  # the file (or label) it came from, for messages
    text: str | None = None  # the text it was parsed from, when known
    pointer: str = ""  # where in that text (``/types/3`` for a protocol's type)
    warnings: list[str] = field(default_factory=list)
    fastavro: Any = None  # fastavro.parse_schema() result
    avro: Any = None  # avro.schema.Schema (what the compatibility checker walks)

    # computed when asked for: a compatibility check never needs them, and the Rabin
    # fingerprint alone cost as much as the check itself
    @cached_property
    def canonical(self) -> str:
        return canonical_form(self.json)

    @cached_property
    def fingerprint(self) -> str:
        """CRC-64-AVRO (Rabin) of the Parsing Canonical Form, hex."""
        return rabin_fingerprint(self.canonical)

    @cached_property
    def sha256(self) -> str:
        return sha256_fingerprint(self.canonical)

    @property
    def name(self) -> str:
        """The full name of a named type, else a short description (``array<string>``)."""
        root = self.resolved.root
        return root if isinstance(root, str) else label(root, self.resolved.named)

    @property
    def named(self) -> dict[str, dict]:
        return self.resolved.named

    def describe(self) -> str:
        return f"{self.source}{self.pointer}" if self.source else self.name


def _checker_json(value: Any) -> Any:
    """The ``avro`` package's checker knows no "error" type; Java treats an error as a record."""
    if isinstance(value, list):
        return [_checker_json(v) for v in value]
    if isinstance(value, dict):
        out = {k: _checker_json(v) for k, v in value.items() if k != "fields"}
        if "fields" in value:
            out["fields"] = [{**f, "type": _checker_json(f["type"])} for f in value["fields"]]
        if out.get("type") == "error" and "fields" in value:
            out["type"] = "record"
        return out
    return value


def _build(resolved: Resolved, node: Any, source: str | None, text: str | None, ptr: str) -> AvroSchema:
    import avro.errors
    import avro.name
    import avro.schema
    import fastavro

    schema_json = standalone(node, resolved.named)
    where = {"source": source, "pointer": ptr or "/"}
    try:
        parsed_fastavro = fastavro.parse_schema(schema_json)
    except Exception as exc:  # noqa: BLE001 - fastavro raises many types; all mean "not valid Avro"
        raise SchemaError(f"fastavro cannot parse the schema: {exc}", **where) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # straight from the JSON value (no text round trip); names and enum symbols were
            # already validated by `resolve`, so the avro package need not check them again
            has_error = any(d.get("type") == "error" for d in resolved.named.values())
            parsed_avro = avro.schema.make_avsc_object(
                _checker_json(schema_json) if has_error else schema_json, avro.name.Names(validate_names=False), False, False
            )
    except RecursionError:
        raise SchemaError("schema nested too deeply", **where) from None
    except (avro.errors.AvroException, ValueError, TypeError, KeyError) as exc:
        raise SchemaError(f"the avro package cannot parse the schema: {exc}", **where) from None
    return AvroSchema(
        json=schema_json,
        resolved=Resolved(root=node, named=resolved.named, def_pointers=resolved.def_pointers),
        source=source,
        text=text,
        pointer=ptr,
        warnings=list(resolved.warnings),
        fastavro=parsed_fastavro,
        avro=parsed_avro,
    )


def parse_json(value: Any, source: str | None = None, text: str | None = None) -> AvroSchema:
    """Validate and parse a schema given as a JSON value (dict, list or type-name string)."""
    if isinstance(value, dict) and "protocol" in value and "type" not in value:
        raise SchemaError(
            "this is an Avro protocol (.avpr), not a schema: load it with parse_protocol", source=source
        )
    resolved = resolve(value, source=source, text=text)
    return _build(resolved, resolved.root, source, text, "")


def parse_text(text: str, source: str | None = None) -> AvroSchema:
    """Parse ``.avsc`` text (or an inline JSON string from code)."""
    return parse_json(load_json(text, source), source=source, text=text)


def as_schema(value: Any, source: str | None = None) -> AvroSchema:
    """Accept an AvroSchema, JSON text, a parsed JSON value, or a bare type name (``"long"``)."""
    if isinstance(value, AvroSchema):
        return value
    if isinstance(value, str):
        stripped = value.strip()
        if _BARE_NAME.match(stripped):
            return parse_json(stripped, source=source)
        return parse_text(value, source=source)
    return parse_json(value, source=source)


@dataclass
class Protocol:
    name: str
    namespace: str | None
    types: list[AvroSchema]
    source: str | None = None

    def type(self, name: str) -> AvroSchema:
        for schema in self.types:
            if schema.name == name or schema.name.rsplit(".", 1)[-1] == name:
                return schema
        raise SchemaError(f'protocol {self.name} defines no type "{name}"', source=self.source)


def parse_protocol(value: Any, source: str | None = None) -> Protocol:
    """An Avro protocol (``.avpr``, JSON text or value): each of its ``types`` as a standalone schema."""
    text = value if isinstance(value, str) else None
    data = load_json(value, source) if isinstance(value, str) else value
    if not isinstance(data, dict) or not isinstance(data.get("protocol"), str):
        raise SchemaError(
            'not an Avro protocol: expected an object with a "protocol" name', source=source, pointer="/"
        )
    namespace = data.get("namespace")
    if namespace is not None and not isinstance(namespace, str):
        raise SchemaError('"namespace" must be a string', source=source, pointer="/namespace")
    types = data.get("types", [])
    if not isinstance(types, list):
        raise SchemaError('"types" must be an array of named types', source=source, pointer="/types")
    named: dict[str, dict] = {}
    out: list[AvroSchema] = []
    for index, item in enumerate(types):
        ptr = f"/types/{index}"
        resolved = resolve(item, source=source, text=text, namespace=namespace or None, named=named, ptr=ptr)
        if not (isinstance(resolved.root, str) and resolved.root in named and isinstance(item, dict)):
            raise SchemaError(
                "a protocol's types must be records, errors, enums or fixed types", source=source, pointer=ptr
            )
        out.append(_build(resolved, resolved.root, source, text, ptr))
    return Protocol(name=data["protocol"], namespace=namespace or None, types=out, source=source)


def load_file(path: str | Path, source: str | None = None) -> list[AvroSchema]:
    """All schemas in a file: one for ``.avsc``/JSON, every type for ``.avpr``."""
    path = Path(path)
    source = source or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SchemaError("no such file", source=source) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(f"cannot read the file: {exc}", source=source) from None
    data = load_json(text, source)
    if path.suffix == ".avpr" or (isinstance(data, dict) and "protocol" in data and "type" not in data):
        return parse_protocol(text, source=source).types
    return [parse_json(data, source=source, text=text)]


def load_schema_file(path: str | Path, source: str | None = None, type_name: str | None = None) -> AvroSchema:
    """The one schema of an ``.avsc`` file (for an ``.avpr``, the type called `type_name`)."""
    schemas = load_file(path, source)
    if type_name is not None:
        for schema in schemas:
            if schema.name == type_name or schema.name.rsplit(".", 1)[-1] == type_name:
                return schema
        raise SchemaError(f'no type "{type_name}" in this file', source=source or str(path))
    if len(schemas) != 1:
        names = ", ".join(s.name for s in schemas) or "none"
        raise SchemaError(
            f"the file holds {len(schemas)} types ({names}): name one with --type NAME",
            source=source or str(path),
        )
    return schemas[0]
