""".properties files parsed with ``javaproperties``, keeping each key's 1-based line.

``javaproperties.parse`` yields every element with its exact source text (continuation lines
included), so a key's line is one plus the newlines consumed before it.  Spring Boot's
multi-document separators (a ``#---`` or ``!---`` line) are reported so a document activated
on a profile can be told apart from the default one.
"""

from __future__ import annotations

import re

Entries = list[tuple[str, str, int]]  # (key, value, line) in file order, duplicates kept

_BAD_U_ESCAPE = re.compile(r"\\u(?![0-9a-fA-F]{4})")
_DOC_SEPARATOR = re.compile(r"^[#!]---[ \t]*$")


def parse_properties(text: str, path: str, warnings: list[str]) -> Entries:
    """All key/value pairs with their lines; a bad ``\\uXXXX`` escape becomes a warning and
    is kept literally instead of aborting the file."""
    import javaproperties  # with its XML reader (urllib, http.client): loaded by a repository that has .properties files

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _BAD_U_ESCAPE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        warnings.append(f"{path}:{line}: invalid \\u escape in .properties, kept literally")
        text = _BAD_U_ESCAPE.sub(r"\\\\u", text)
    entries: Entries = []
    line = 1
    try:
        for element in javaproperties.parse(text):
            if isinstance(element, javaproperties.KeyValue):
                entries.append((element.key, element.value, line))
            line += element.source.count("\n")
    except Exception as exc:  # javaproperties never should, but an extractor never raises
        warnings.append(f"{path}:{line}: unreadable .properties: {exc}")
    return entries


def separator_lines(text: str) -> list[int]:
    """Lines of Spring Boot multi-document separators (``#---`` / ``!---``); the properties
    parser sees them as comments, so documents are told apart by these line numbers."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [i + 1 for i, raw in enumerate(lines) if _DOC_SEPARATOR.match(raw)]
