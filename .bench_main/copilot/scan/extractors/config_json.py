"""JSON with source positions: parse with the stdlib, then walk objects/arrays to find where
each member and element sits.

The stdlib parser gives no positions, so objects are walked with ``json.decoder.scanstring``
for keys and ``JSONDecoder.raw_decode`` for values (both C-accelerated); each returns the end
offset, which is all a walker needs.  Walk only text that ``json.loads`` already accepted.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from json.decoder import scanstring
from typing import Any

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")


@dataclass
class Member:
    key_line: int
    start: int  # offset of the value's first character
    end: int  # offset just past the value
    value: Any


class Lines:
    """Offset -> 1-based line, by bisecting the newline offsets."""

    def __init__(self, text: str) -> None:
        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> int:
        return bisect_left(self._newlines, offset) + 1


def parse_json(text: str, path: str, warnings: list[str]) -> tuple[bool, Any]:
    """(ok, value); malformed JSON becomes ``path:line: invalid JSON: msg (line L column C)``."""
    try:
        return True, json.loads(text)
    except json.JSONDecodeError as exc:
        warnings.append(
            f"{path}:{exc.lineno}: invalid JSON: {exc.msg} (line {exc.lineno} column {exc.colno})"
        )
    except (RecursionError, ValueError) as exc:
        warnings.append(f"{path}:1: invalid JSON: {exc.__class__.__name__}")
    return False, None


def skip_ws(text: str, pos: int) -> int:
    m = _WS.match(text, pos)
    return m.end() if m else pos


def members(text: str, pos: int, lines: Lines) -> dict[str, Member]:
    """Members of the object starting at ``text[pos] == "{"`` (last duplicate wins, like json)."""
    out: dict[str, Member] = {}
    pos = skip_ws(text, pos + 1)
    if text[pos] == "}":
        return out
    while True:
        key_start = pos
        key, pos = scanstring(text, pos + 1)
        pos = skip_ws(text, pos) + 1  # past ':'
        start = skip_ws(text, pos)
        value, end = _DECODER.raw_decode(text, start)
        out[key] = Member(lines.at(key_start), start, end, value)
        pos = skip_ws(text, end)
        if text[pos] == "}":
            return out
        pos = skip_ws(text, pos + 1)  # past ','


def elements(text: str, pos: int) -> list[tuple[int, int, Any]]:
    """(start, end, value) of each element of the array starting at ``text[pos] == "["``."""
    out: list[tuple[int, int, Any]] = []
    pos = skip_ws(text, pos + 1)
    if text[pos] == "]":
        return out
    while True:
        value, end = _DECODER.raw_decode(text, pos)
        out.append((pos, end, value))
        pos = skip_ws(text, end)
        if text[pos] == "]":
            return out
        pos = skip_ws(text, pos + 1)


def as_config_value(value: Any) -> str:
    """A JSON config value as Kafka Connect reads it (``true``, ``3``, strings as is)."""
    return value if isinstance(value, str) else json.dumps(value)
