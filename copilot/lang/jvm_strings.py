"""String literals of Java and Kotlin, and Spring ``${...}`` / SpEL placeholders inside them."""

from __future__ import annotations

import re
import textwrap

from copilot.model.facts import Pending

_JAVA_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "s": " ", '"': '"', "'": "'", "\\": "\\"}
_JAVA_ESCAPE_RE = re.compile(r"\\(u+[0-9a-fA-F]{4}|[0-3]?[0-7]{1,2}|\n|.)", re.S)


def _java_unescape(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] == "u":
            return chr(int(esc.lstrip("u"), 16))
        if esc[0].isdigit():
            return chr(int(esc, 8))
        if esc == "\n":  # text block line continuation
            return ""
        return _JAVA_ESCAPES.get(esc, esc)

    return _JAVA_ESCAPE_RE.sub(repl, text)


def java_string(raw: str) -> str:
    """Decode a Java string literal or text block as written (quotes included)."""
    if raw.startswith('"""'):
        body = raw[3:-3] if raw.endswith('"""') and len(raw) >= 6 else raw[3:]
        _, _, body = body.partition("\n")  # the opening delimiter's line holds no content
        lines = body.split("\n")
        closing_alone = bool(lines) and not lines[-1].strip()
        text = textwrap.dedent(body if not closing_alone else body + "x")
        if closing_alone:
            text = text[:-1]
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
        return _java_unescape(text)
    body = raw[1:-1] if len(raw) >= 2 and raw.endswith('"') else raw[1:]
    return _java_unescape(body)


_KOTLIN_TOKEN_RE = re.compile(r"\\u[0-9a-fA-F]{4}|\\.|\$[A-Za-z_][A-Za-z0-9_]*|[^\\$]+|.", re.S)
_KOTLIN_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "'": "'", '"': '"', "\\": "\\", "$": "$"}


def kotlin_run(raw: str, raw_string: bool = False) -> list[str | tuple[str]]:
    """Split a run of Kotlin string text into literal pieces and ``$name`` templates.

    Returns str pieces (decoded) and 1-tuples ``(name,)`` for ``$name`` references.  In raw
    (triple-quoted) strings backslashes are literal.
    """
    out: list[str | tuple[str]] = []
    for tok in _KOTLIN_TOKEN_RE.findall(raw):
        if tok.startswith("$") and len(tok) > 1:
            out.append((tok[1:],))
            continue
        if tok.startswith("\\") and len(tok) > 1 and not raw_string:
            tok = chr(int(tok[2:], 16)) if tok[1] == "u" else _KOTLIN_ESCAPES.get(tok[1], tok[1])
        if out and isinstance(out[-1], str):
            out[-1] += tok
        else:
            out.append(tok)
    return out


def split_placeholders(text: str) -> list[str | tuple[str, str | None]] | None:
    """Split ``a-${k:d}-b`` into ["a-", ("k", "d"), "-b"]; None when braces do not balance."""
    out: list[str | tuple[str, str | None]] = []
    i = 0
    while True:
        j = text.find("${", i)
        if j < 0:
            if text[i:]:
                out.append(text[i:])
            return out
        if j > i:
            out.append(text[i:j])
        depth, k = 1, j + 2
        while k < len(text) and depth:
            if text.startswith("${", k):
                depth += 1
                k += 2
                continue
            if text[k] == "}":
                depth -= 1
            k += 1
        if depth:
            return None
        inner = text[j + 2 : k - 1]
        key, sep, default = inner.partition(":")
        out.append((key.strip(), default if sep else None))
        i = k


def unwrap_spel(text: str) -> str | None:
    """The text inside a SpEL wrapper (``#{'${key}'}`` -> ``${key}``), the text itself when it is
    not SpEL, or None for a SpEL expression that cannot be read statically (``#{@bean.topic}``)."""
    s = text.strip()
    if not (s.startswith("#{") and s.endswith("}")):
        return None if "#{" in s else text
    inner = s[2:-1].strip()
    if len(inner) >= 2 and inner[0] == inner[-1] == "'" and "'" not in inner[1:-1]:
        return inner[1:-1]
    if inner.startswith("${") and inner.endswith("}"):
        return inner
    m = re.fullmatch(r"'(\$\{[^']*\})'\s*\.split\(.*\)", inner)
    return m.group(1) if m else None


def spring_placeholder(text: str) -> Pending | None:
    """``${key}`` / ``${key:default}`` -> ``Pending("property", key, default)``; text mixing
    literals and placeholders -> ``Pending("template", "a-{key}", parts=(property...,))``;
    None when the text holds no (well-formed) placeholder."""
    if "${" not in text:
        return None
    pieces = split_placeholders(text)
    if not pieces:
        return None
    if len(pieces) == 1 and isinstance(pieces[0], tuple):
        key, default = pieces[0]
        return Pending("property", key, default=default)
    key_parts: list[str] = []
    parts: list[Pending] = []
    for piece in pieces:
        if isinstance(piece, tuple):
            key_parts.append("{" + piece[0] + "}")
            parts.append(Pending("property", piece[0], default=piece[1]))
        else:
            key_parts.append(piece)
    return Pending("template", "".join(key_parts), parts=tuple(parts))
