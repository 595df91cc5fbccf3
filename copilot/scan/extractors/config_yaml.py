"""YAML documents as composed nodes, flattened to dotted keys with 1-based lines.

Composing (not loading) keeps each node's source mark, and keeps scalars as the text written
(``true``, ``3``, ``${app.topic}``) instead of converting them, which is what a config key's
value should be compared as.  libyaml's C composer is used when available (it is ~10x faster).
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL_TAG = "tag:yaml.org,2002:null"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_MAX_DEPTH = 64

Flat = dict[str, tuple[str, int]]


def compose_documents(text: str, path: str, warnings: list[str]) -> list[Node]:
    """Every document of a YAML stream.  A syntax error becomes a warning; the documents
    before it are kept, and so is the broken document's text above the error when that much
    still parses on its own (so one bad line late in a file does not hide all its keys)."""
    docs: list[Node] = []
    consumed = 0  # lines of the stream fully composed into `docs`
    try:
        for node in yaml.compose_all(text, Loader=_Loader):
            if node is not None:
                docs.append(node)
                consumed = node.end_mark.line
    except yaml.YAMLError as exc:
        problem_mark = getattr(exc, "problem_mark", None)
        context_mark = getattr(exc, "context_mark", None)
        mark = problem_mark or context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context", None)
        where = f" ({context} at line {context_mark.line + 1})" if context and context_mark else ""
        warnings.append(f"{path}:{line}: invalid YAML: {problem}{where}")
        cuts = sorted({m.line for m in (problem_mark, context_mark) if m is not None}, reverse=True)
        docs.extend(_salvage(text, consumed, cuts))
    except (RecursionError, ValueError) as exc:  # pathological nesting / bad characters
        warnings.append(f"{path}:1: invalid YAML: {exc.__class__.__name__}")
    return docs


def _salvage(text: str, first_line: int, cuts: list[int]) -> list[Node]:
    """The broken document's lines ``[first_line, cut)`` composed alone (blank lines keep the
    numbering), trying the latest cut first; nothing if none parses."""
    lines = text.splitlines()
    for cut in cuts:
        if cut <= first_line:
            continue
        head = "\n" * first_line + "\n".join(lines[first_line:cut])
        try:
            return [n for n in yaml.compose_all(head, Loader=_Loader) if n is not None]
        except (yaml.YAMLError, RecursionError, ValueError):
            continue
    return []


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def scalar_text(node: Node) -> str:
    """A scalar's text as written; null (``~``, empty) is the empty string."""
    if isinstance(node, ScalarNode):
        return "" if node.tag == _NULL_TAG else str(node.value)
    return ""


def mapping_items(node: Node) -> Iterator[tuple[str, Node, Node]]:
    """(key text, key node, value node) of a mapping, with ``<<`` merge keys expanded first
    so explicit keys override merged ones when the caller stores them in order."""
    if not isinstance(node, MappingNode):
        return
    merged: list[tuple[Node, Node]] = []
    explicit: list[tuple[Node, Node]] = []
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.tag == _MERGE_TAG:
            sources = value.value if isinstance(value, SequenceNode) else [value]
            for src in sources:
                if isinstance(src, MappingNode):
                    merged.extend(src.value)
        else:
            explicit.append((key, value))
    for key, value in merged + explicit:
        if isinstance(key, ScalarNode):
            yield str(key.value), key, value


def get(node: Node | None, *keys: str) -> Node | None:
    """The node at a path of mapping keys, or None."""
    for wanted in keys:
        if node is None:
            return None
        found = None
        for key, _knode, value in mapping_items(node):
            if key == wanted:
                found = value
        node = found
    return node


def flatten(node: Node, prefix: str = "", out: Flat | None = None, line: int = 0, depth: int = 0) -> Flat:
    """Dotted keys (``spring.kafka.consumer.group-id``; lists as ``key[0]``) to (value, line).

    A mapping key written as ``"[a.b]"`` (Spring's bracket notation for keys holding dots) is
    kept as ``a.b``.  Empty mappings/lists are recorded with an empty value so the key exists.
    """
    if out is None:
        out = {}
    if depth > _MAX_DEPTH:
        return out
    if isinstance(node, MappingNode):
        items = list(mapping_items(node))
        if not items and prefix:
            out[prefix] = ("", line or line_of(node))
        for key, knode, value in items:
            if key.startswith("[") and key.endswith("]"):
                key = key[1:-1]
            child = f"{prefix}.{key}" if prefix else key
            flatten(value, child, out, line_of(knode), depth + 1)
    elif isinstance(node, SequenceNode):
        if not node.value and prefix:
            out[prefix] = ("", line or line_of(node))
        for i, item in enumerate(node.value):
            flatten(item, f"{prefix}[{i}]", out, line_of(item), depth + 1)
    elif prefix:
        # A key's line is where the key is written; a list item's is the item's own line.
        out[prefix] = (scalar_text(node), line or line_of(node))
    return out
