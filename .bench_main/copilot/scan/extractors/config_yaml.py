"""YAML documents as composed nodes, flattened to dotted keys with 1-based lines.

Composing (not loading) keeps each node's source mark, and keeps scalars as the text written
(``true``, ``3``, ``${app.topic}``) instead of converting them, which is what a config key's
value should be compared as.  libyaml's C composer is used when available (it is ~10x faster).

Composing shares an aliased node instead of copying it, but everything that walks a document
(flattening, look-ups) expands aliases, so a 15-line "billion laughs" file would expand to
billions of nodes.  Each composed document is therefore measured first, in time linear in its
distinct nodes (`expanded_size`): a document that would expand past `MAX_EXPANDED_NODES`, that
nests deeper than `MAX_DEPTH`, or whose aliases form a cycle is refused with a warning naming
the file and line, and the rest of the file's documents are still read.
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL_TAG = "tag:yaml.org,2002:null"
_MERGE_TAG = "tag:yaml.org,2002:merge"
MAX_DEPTH = 64
_MAX_DEPTH = MAX_DEPTH
MAX_EXPANDED_NODES = 200_000  # a large Spring/Helm values file has a few thousand

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
                if _accept(node, path, warnings):
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
        docs.extend(n for n in _salvage(text, consumed, cuts) if _accept(n, path, warnings))
    except (RecursionError, ValueError) as exc:  # pathological nesting / bad characters
        warnings.append(f"{path}:1: invalid YAML: {exc.__class__.__name__}")
    return docs


class _Cycle(Exception):
    pass


def expanded_size(node: Node, limit: int = MAX_EXPANDED_NODES) -> tuple[int, int]:
    """(nodes, depth) of `node` with every alias expanded, counted without expanding: each
    distinct node is visited once and its expanded size memoised.  Counting stops at `limit`
    (the size returned is then ``limit + 1``); aliases forming a cycle raise `_Cycle`."""
    sizes: dict[int, tuple[int, int]] = {}
    active: set[int] = set()
    # iterative post-order walk: no recursion limit to hit on deep documents
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, done = stack.pop()
        key = id(current)
        if done:
            active.discard(key)
            children = _children(current)
            size, depth = 1, 0
            for child in children:
                child_size, child_depth = sizes[id(child)]
                size = min(limit + 1, size + child_size)
                depth = max(depth, child_depth)
            sizes[key] = (size, depth + 1 if children else 1)
            continue
        if key in sizes:
            continue
        if key in active:
            raise _Cycle
        active.add(key)
        stack.append((current, True))
        stack.extend((child, False) for child in _children(current) if id(child) not in sizes)
    return sizes[id(node)]


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _accept(node: Node, path: str, warnings: list[str]) -> bool:
    """Whether a composed document is small and shallow enough to walk; a warning when not."""
    where = f"{path}:{line_of(node)}"
    try:
        size, depth = expanded_size(node)
    except _Cycle:
        warnings.append(f"{where}: YAML document refused: its aliases refer to themselves (a cycle)")
        return False
    if size > MAX_EXPANDED_NODES:
        warnings.append(
            f"{where}: YAML document refused: its aliases expand to more than {MAX_EXPANDED_NODES:,} nodes"
            " (an alias bomb?)"
        )
        return False
    if depth > MAX_DEPTH:
        warnings.append(f"{where}: YAML document refused: nested {depth} levels deep (limit {MAX_DEPTH})")
        return False
    return True


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
