"""Avro schema files -> SchemaFact: ``.avsc`` (one schema or an array), ``.avpr`` (a protocol's
``types``) and ``.avdl`` (Avro IDL, best effort).

A SchemaFact's ``text`` must parse on its own.  For a single-schema ``.avsc`` it is the whole
file.  For an array or a protocol it is the element's exact source slice, unless the element
refers to a named type defined by an earlier element (or relies on the protocol's namespace):
then that definition is inlined at its first use and the result re-serialised with
``json.dumps``, so ``fastavro.parse_schema(json.loads(text))`` works without the rest of the file.

``.avdl`` cannot be parsed without the Java Avro tools: only ``record``/``error`` declarations
are recognised, by line regexes, with ``fields`` from ``type name;`` lines (annotations,
``union { ... }``, ``array<...>`` and defaults allowed on one line).  Their ``text`` is the IDL
source of the record, *not* JSON.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from copilot.model.facts import FileFacts, Loc, SchemaFact
from copilot.scan.extractors.config_json import Lines, elements, members, parse_json, skip_ws

NAMED = ("record", "error", "enum", "fixed")
PRIMITIVES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})


def full_name(name: str, namespace: str | None) -> str:
    return name if "." in name or not namespace else f"{namespace}.{name}"


def _is_named(value: Any) -> bool:
    return isinstance(value, dict) and value.get("type") in NAMED and isinstance(value.get("name"), str)


def _field_names(schema: dict[str, Any]) -> list[str]:
    fields = schema.get("fields") if schema.get("type") in ("record", "error") else None
    if not isinstance(fields, list):
        return []
    return [f["name"] for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)]


class _Inliner:
    """Makes one schema of a multi-schema file standalone (see module docstring)."""

    def __init__(self, known: dict[str, dict[str, Any]]) -> None:
        self.known = known  # full name -> definition (namespace made explicit), from earlier schemas
        self.defined: dict[str, dict[str, Any]] = {}  # named types defined in the current schema
        self.changed = False

    def walk(self, schema: Any, namespace: str | None) -> Any:
        if isinstance(schema, str):
            if schema in PRIMITIVES:
                return schema
            name = full_name(schema, namespace)
            if name not in self.defined and name in self.known:
                self.changed = True
                return self.walk(copy.deepcopy(self.known[name]), namespace)
            return schema
        if isinstance(schema, list):
            return [self.walk(branch, namespace) for branch in schema]
        if not isinstance(schema, dict):
            return schema
        kind = schema.get("type")
        if kind in NAMED and isinstance(schema.get("name"), str):
            ns = (
                schema.get("namespace", namespace)
                if "." not in schema["name"]
                else schema["name"].rsplit(".", 1)[0]
            )
            name = full_name(schema["name"], ns)
            explicit = dict(schema)
            if ns and "namespace" not in explicit and "." not in schema["name"]:
                explicit["namespace"] = ns
            self.defined[name] = explicit
            if kind in ("record", "error") and isinstance(schema.get("fields"), list):
                for f in schema["fields"]:
                    if isinstance(f, dict) and "type" in f:
                        f["type"] = self.walk(f["type"], ns)
            return schema
        if kind == "array" and "items" in schema:
            schema["items"] = self.walk(schema["items"], namespace)
        elif kind == "map" and "values" in schema:
            schema["values"] = self.walk(schema["values"], namespace)
        elif isinstance(kind, (dict, list)):
            schema["type"] = self.walk(kind, namespace)
        return schema


def _facts_for_list(
    text: str, items: list[tuple[int, int, Any]], namespace: str | None, facts: FileFacts, lines: Lines
) -> None:
    known: dict[str, dict[str, Any]] = {}
    for start, end, value in items:
        if not _is_named(value):
            continue
        ns = value.get("namespace", namespace)
        inliner = _Inliner(known)
        standalone = copy.deepcopy(value)
        if namespace and "namespace" not in standalone and "." not in standalone["name"]:
            standalone["namespace"] = namespace  # the protocol's namespace, made explicit
            inliner.changed = True
        standalone = inliner.walk(standalone, ns)
        schema_text = json.dumps(standalone, indent=2) if inliner.changed else text[start:end]
        name_line = members(text, start, lines)["name"].key_line
        facts.schemas.append(
            SchemaFact(
                full_name=full_name(value["name"], ns),
                loc=Loc(facts.path, name_line),
                end_line=lines.at(end - 1),
                text=schema_text,
                fields=_field_names(value),
            )
        )
        known.update(inliner.defined)


def extract_avsc(text: str, facts: FileFacts) -> None:
    ok, value = parse_json(text, facts.path, facts.warnings)
    if not ok:
        return
    lines = Lines(text)
    start = skip_ws(text, 0)
    if _is_named(value):
        facts.schemas.append(
            SchemaFact(
                full_name=full_name(value["name"], value.get("namespace")),
                loc=Loc(facts.path, members(text, start, lines)["name"].key_line),
                end_line=lines.at(len(text.rstrip()) - 1),
                text=text,
                fields=_field_names(value),
            )
        )
    elif isinstance(value, list):
        _facts_for_list(text, elements(text, start), None, facts, lines)
    elif isinstance(value, dict):
        facts.warnings.append(
            f"{facts.path}:{lines.at(start)}: not a named Avro schema (type {value.get('type')!r})"
        )


def extract_avpr(text: str, facts: FileFacts) -> None:
    ok, value = parse_json(text, facts.path, facts.warnings)
    if not ok:
        return
    if not isinstance(value, dict) or not isinstance(value.get("types"), list):
        facts.warnings.append(f"{facts.path}:1: Avro protocol without a 'types' list")
        return
    lines = Lines(text)
    types = members(text, skip_ws(text, 0), lines)["types"]
    namespace = value.get("namespace") if isinstance(value.get("namespace"), str) else None
    _facts_for_list(text, elements(text, types.start), namespace, facts, lines)


# -- Avro IDL ------------------------------------------------------------------------------------

_ANNOTATION = r"@[\w.\-]+(?:\s*\([^)]*\))?"
_NS_ANNOTATION = re.compile(r'@namespace\s*\(\s*"([^"]*)"\s*\)')
_PROTOCOL = re.compile(r"^\s*(?:" + _ANNOTATION + r"\s*)*protocol\s+\w+")
_SCHEMA_NS = re.compile(r"^\s*namespace\s+([\w.]+)\s*;")
_RECORD = re.compile(r"^\s*(?P<ann>(?:" + _ANNOTATION + r"\s*)*)(?:record|error)\s+(?P<name>\w+)\s*\{")
_FIELD = re.compile(
    r"^\s*(?:" + _ANNOTATION + r"\s+)*(?P<type>\S.*?)\s+(?:" + _ANNOTATION + r"\s+)*"
    r"`?(?P<name>[A-Za-z_]\w*)`?\s*(?:=.*)?;\s*$"
)
_LINE_COMMENT = re.compile(r"//.*$")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _strip_comments(lines: list[str]) -> list[str]:
    """Blank out ``//`` and ``/* ... */`` comments (doc comments included), keeping line count."""
    out: list[str] = []
    in_block = False
    for raw in lines:
        line = raw
        result = ""
        while line:
            if in_block:
                end = line.find("*/")
                if end < 0:
                    line = ""
                    break
                line = line[end + 2 :]
                in_block = False
            else:
                start = line.find("/*")
                if start < 0:
                    result += line
                    break
                result += line[:start]
                line = line[start + 2 :]
                in_block = True
        out.append(_LINE_COMMENT.sub("", result))
    return out


def extract_avdl(text: str, facts: FileFacts) -> None:
    raw_lines = text.splitlines()
    lines = _strip_comments(raw_lines)
    namespace: str | None = None
    pending_ns: str | None = None  # an @namespace on its own line, for the next declaration
    i = 0
    while i < len(lines):
        line = lines[i]
        ns_ann = _NS_ANNOTATION.search(line)
        schema_ns = _SCHEMA_NS.match(line)
        record = _RECORD.match(line)
        if schema_ns:
            namespace = schema_ns.group(1)
        elif _PROTOCOL.match(line) or (ns_ann and "protocol" in line):
            namespace = (ns_ann.group(1) if ns_ann else None) or pending_ns or namespace
            pending_ns = None
        elif record:
            own = _NS_ANNOTATION.search(record.group("ann"))
            ns = own.group(1) if own else (pending_ns or namespace)
            pending_ns = None
            i = _idl_record(raw_lines, lines, i, record.group("name"), ns, facts)
            continue
        elif ns_ann and not line.replace(ns_ann.group(0), "").strip():
            pending_ns = ns_ann.group(1)
        i += 1


def _idl_record(
    raw: list[str], lines: list[str], start: int, name: str, ns: str | None, facts: FileFacts
) -> int:
    """Record the IDL record starting at line index ``start``; returns the index after it."""
    depth = 0
    fields: list[str] = []
    i = start
    while i < len(lines):
        code = _STRING.sub('""', lines[i])
        if i > start and depth == 1:
            m = _FIELD.match(code)
            if m:
                fields.append(m.group("name"))
        depth += code.count("{") - code.count("}")
        i += 1
        if depth <= 0:
            break
    else:
        facts.warnings.append(f"{facts.path}:{start + 1}: record {name} is not closed")
    facts.schemas.append(
        SchemaFact(
            full_name=full_name(name, ns),
            loc=Loc(facts.path, start + 1),
            end_line=i,
            text="\n".join(raw[start:i]),
            fields=fields,
        )
    )
    return i
