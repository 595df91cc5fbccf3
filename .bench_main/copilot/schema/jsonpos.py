"""JSON text to a value (syntax errors as ``file:line:col``), and JSON pointers back to line:column."""

from __future__ import annotations

import contextlib
import json
import re
from json.decoder import scanstring
from typing import Any

from copilot.schema.errors import SchemaError

_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")


def load_json(text: str, source: str | None = None) -> Any:
    """Parse JSON text; a syntax error becomes a one-line SchemaError with line and column."""
    text = strip_bom(text)
    if not text.strip():
        raise SchemaError("empty file: expected an Avro schema (JSON)", source=source, line=1, col=1)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(
            f"not valid JSON: {exc.msg}", source=source, line=exc.lineno, col=exc.colno
        ) from None
    except RecursionError:
        raise SchemaError("not valid JSON: nested too deeply", source=source) from None


def strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def escape_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    """``pointer("fields", 2, "type")`` -> ``/fields/2/type`` (RFC 6901 escaping)."""
    return "".join("/" + escape_token(t) for t in tokens)


def offsets(text: str) -> dict[str, int]:
    """Map every JSON pointer in (valid) JSON text to the offset where its value starts."""
    out: dict[str, int] = {}
    with contextlib.suppress(IndexError, ValueError, RecursionError):  # invalid JSON: keep what was found
        _scan(strip_bom(text), 0, "", out)
    return out


def line_col(text: str, offset: int) -> tuple[int, int]:
    text = strip_bom(text)
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def locate(text: str, ptr: str, table: dict[str, int] | None = None) -> tuple[int, int] | None:
    """line:column of the value at `ptr` (or of its nearest existing parent)."""
    table = offsets(text) if table is None else table
    while True:
        if ptr in table:
            return line_col(text, table[ptr])
        if not ptr:
            return None
        ptr = ptr.rsplit("/", 1)[0]


def _skip(text: str, i: int) -> int:
    return _WS.match(text, i).end()  # type: ignore[union-attr]


def _scan(text: str, i: int, ptr: str, out: dict[str, int]) -> int:
    i = _skip(text, i)
    out[ptr] = i
    char = text[i]
    if char == "{":
        i = _skip(text, i + 1)
        if text[i] == "}":
            return i + 1
        while True:
            i = _skip(text, i)
            key, i = scanstring(text, i + 1)
            i = _skip(text, i) + 1  # the colon
            i = _skip(text, _scan(text, i, f"{ptr}/{escape_token(key)}", out))
            if text[i] == ",":
                i += 1
                continue
            return i + 1
    if char == "[":
        i = _skip(text, i + 1)
        if text[i] == "]":
            return i + 1
        index = 0
        while True:
            i = _skip(text, _scan(text, i, f"{ptr}/{index}", out))
            index += 1
            if text[i] == ",":
                i += 1
                continue
            return i + 1
    if char == '"':
        return scanstring(text, i + 1)[1]
    match = _SCALAR.match(text, i)
    if not match:
        raise ValueError(f"unexpected character at {i}")
    return match.end()
