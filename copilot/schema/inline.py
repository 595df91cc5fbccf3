"""Avro schemas written inline in source code: string literals (and Python dict literals) that hold one.

Python is read with ``ast`` (string constants, implicitly concatenated strings, dict literals);
other languages with a lexer for string literals: Java/Kotlin/Scala text blocks (triple quotes), Go
raw strings and JS template literals (backquotes), and double-quoted strings joined with ``+``.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass

from copilot.schema.errors import SchemaError
from copilot.schema.names import NAMED_TYPES
from copilot.schema.parse import AvroSchema, parse_text

_TRIPLE = re.compile(r'"""(.*?)"""', re.DOTALL)
_BACKQUOTE = re.compile(r"`([^`]*)`")
_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"(?:\s*\+\s*"(?:[^"\\\n]|\\.)*")*')
_PIECE = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_NAMED_TYPE = re.compile(r'"type"\s*:\s*"(?:' + "|".join(sorted(NAMED_TYPES)) + r')"')


@dataclass
class InlineSchema:
    path: str | None
    line: int  # 1-based line of the literal in the source file
    text: str  # the schema JSON as the program sees it
    schema: AvroSchema | None  # None when it does not parse
    error: SchemaError | None = None


def looks_like_schema(text: str) -> bool:
    stripped = text.strip()
    return stripped[:1] in ("{", "[") and bool(_NAMED_TYPE.search(stripped))


def find_inline_schemas(
    code: str, path: str | None = None, language: str | None = None
) -> list[InlineSchema]:
    """Every string literal in `code` that holds an Avro schema (a record, enum, fixed or error)."""
    is_python = language == "python" or (language is None and (path or "").endswith(".py"))
    found = _python_literals(code) if is_python else _other_literals(code)
    out = []
    for line, text in found:
        if not looks_like_schema(text):
            continue
        source = f"{path or '<code>'}:{line}"
        try:
            out.append(InlineSchema(path, line, text, parse_text(text, source=source)))
        except SchemaError as exc:
            inner = f" (line {exc.line}:{exc.col} of the literal)" if exc.line is not None else ""
            error = SchemaError(exc.reason + inner, source=source, pointer=exc.pointer)
            out.append(InlineSchema(path, line, text, None, error))
    return out


def _python_literals(code: str) -> list[tuple[int, str]]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return _other_literals(code)
    found: list[tuple[int, str]] = []
    taken: set[int] = set()
    for node in ast.walk(tree):  # breadth first: outer dicts come before the dicts inside them
        if id(node) in taken:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.Dict):
            try:
                value = ast.literal_eval(node)
            except (ValueError, SyntaxError, TypeError):
                continue
            if isinstance(value, dict) and value.get("type") in NAMED_TYPES:
                found.append((node.lineno, json.dumps(value)))
                taken.update(id(child) for child in ast.walk(node))
    return sorted(found)


def _blank(match: re.Match[str]) -> str:
    return "".join("\n" if ch == "\n" else " " for ch in match.group(0))


def _unescape(body: str) -> str:
    try:
        return json.loads(f'"{body}"')
    except json.JSONDecodeError:
        return body


def _other_literals(code: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []

    def line_of(offset: int) -> int:
        return code.count("\n", 0, offset) + 1

    rest = code
    for pattern in (_TRIPLE, _BACKQUOTE):
        for match in pattern.finditer(rest):
            found.append((line_of(match.start()), match.group(1)))
        rest = pattern.sub(_blank, rest)
    for match in _QUOTED.finditer(rest):
        pieces = [_unescape(piece) for piece in _PIECE.findall(match.group(0))]
        found.append((line_of(match.start()), "".join(pieces)))
    return sorted(found)
