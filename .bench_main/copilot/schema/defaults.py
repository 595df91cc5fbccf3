"""Does a field's default value match its type?  (Avro spec, "Schema Resolution" / field defaults.)

Like Java Avro (and fastavro), a union's default may match any branch.  Stricter than Java in two
places the spec is clear about: an enum default must be one of the symbols, and a bytes/fixed
default must be a string of code points 0-255 (of exactly ``size`` characters for fixed).
"""

from __future__ import annotations

import json
from typing import Any

INT_RANGE = (-(2**31), 2**31 - 1)
LONG_RANGE = (-(2**63), 2**63 - 1)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _latin1(value: str) -> bool:
    return all(ord(ch) < 256 for ch in value)


def show(value: Any, limit: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def default_problem(node: Any, value: Any, named: dict[str, dict]) -> str | None:
    """None when `value` is a valid default for the normalized schema `node`, else the reason."""
    if isinstance(node, list):
        if any(default_problem(branch, value, named) is None for branch in node):
            return None
        return "it matches none of the union's branches"
    if isinstance(node, str):
        if node in named:
            return _named_problem(named[node], value, named)
        return _primitive_problem(node, value)
    kind = node["type"]
    if kind == "array":
        if not isinstance(value, list):
            return "expected a JSON array"
        for index, item in enumerate(value):
            reason = default_problem(node["items"], item, named)
            if reason:
                return f"item {index}: {reason}"
        return None
    if kind == "map":
        if not isinstance(value, dict):
            return "expected a JSON object"
        for key, item in value.items():
            reason = default_problem(node["values"], item, named)
            if reason:
                return f"value {show(key)}: {reason}"
        return None
    return _primitive_problem(kind, value)


def _primitive_problem(kind: str, value: Any) -> str | None:
    if kind == "null":
        return None if value is None else "expected null"
    if kind == "boolean":
        return None if isinstance(value, bool) else "expected true or false"
    if kind == "int":
        if _is_int(value) and INT_RANGE[0] <= value <= INT_RANGE[1]:
            return None
        return "expected a 32-bit integer"
    if kind == "long":
        if _is_int(value) and LONG_RANGE[0] <= value <= LONG_RANGE[1]:
            return None
        return "expected a 64-bit integer"
    if kind in ("float", "double"):
        return (
            None if (isinstance(value, (int, float)) and not isinstance(value, bool)) else "expected a number"
        )
    if kind == "string":
        return None if isinstance(value, str) else "expected a string"
    if kind == "bytes":
        if isinstance(value, str) and _latin1(value):
            return None
        return 'expected a string of bytes (characters "\\u0000" to "\\u00ff")'
    return f"unknown type {kind}"  # pragma: no cover - resolve() rejects unknown types first


def _named_problem(definition: dict, value: Any, named: dict[str, dict]) -> str | None:
    kind = definition["type"]
    if kind == "enum":
        if not isinstance(value, str):
            return "expected one of the enum's symbols (a string)"
        if value not in definition["symbols"]:
            return f"{show(value)} is not one of the symbols {definition['symbols']}"
        return None
    if kind == "fixed":
        size = definition["size"]
        if isinstance(value, str) and _latin1(value) and len(value) == size:
            return None
        return f"expected a string of exactly {size} bytes"
    if not isinstance(value, dict):
        return "expected a JSON object with the record's fields"
    for field in definition["fields"]:
        name = field["name"]
        if name in value:
            reason = default_problem(field["type"], value[name], named)
            if reason:
                return f"field {name!r}: {reason}"
        elif "default" not in field:
            return f"field {name!r} is missing and has no default of its own"
    return None
