"""What the Java and Kotlin front-ends share: Spring/MicroProfile configuration look-ups, format
strings, JDK calls whose value is known (`System.getenv`, `List.of`, `String.trim`...)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from copilot.lang import treesitter as ts
from copilot.lang.ir import Expr
from copilot.lang.jvm_strings import split_placeholders

if TYPE_CHECKING:
    from tree_sitter import Node

MAX_EXPR_DEPTH = 150  # a builder chain hundreds of calls long is kept as its text only

# Collection builders: their arguments are the items of a list (`List.of("a", "b")`, `listOf(...)`)
LIST_BUILDERS = frozenset({
    "asList", "singletonList", "singleton", "listOf", "setOf", "mutableListOf", "arrayListOf", "arrayOf",
    "mutableSetOf", "hashSetOf", "linkedSetOf", "newArrayList",
})
LIST_OWNERS = frozenset({"List", "Set", "Stream", "ImmutableList", "ImmutableSet", "Arrays", "Collections", "Lists", "Sets"})
# Map builders: `Map.of(k1, v1, k2, v2)` (`MAP_OWNERS`), Kotlin `mapOf(k to v)` (`MAP_BUILDERS`, pairs)
MAP_OWNERS = frozenset({"Map", "ImmutableMap"})
MAP_BUILDERS = frozenset({"mapOf", "mutableMapOf", "hashMapOf", "linkedMapOf", "sortedMapOf", "propertiesOf"})
# String methods that return their receiver's value unchanged (for a topic name)
STRING_NOOPS = frozenset({"trim", "strip", "intern", "toString", "stripIndent", "trimIndent"})
# Calls on a send's result that wait for (or are told of) the broker's acknowledgement:
# `producer.send(r).get()`, `template.send(t, v).whenComplete(...)`
WAITERS = frozenset({
    "get", "join", "await", "whenComplete", "whenCompleteAsync", "addCallback", "thenAccept", "thenAcceptAsync",
    "thenApply", "handle", "handleAsync", "exceptionally", "block", "onComplete",
})
_SPEL_LITERAL = re.compile(r"#\{'([^']*)'\}")
_ENV_RECEIVER = re.compile(r"(?i)^(env|environment)$|Environment$")
_CONFIG_RECEIVER = re.compile(r"(?i)config$|^ConfigProvider\.getConfig\(\)$")


def placeholder(text: str, line: int, raw: str) -> Expr | None:
    """A Spring `${key:default}` placeholder (alone or inside text) as a `config` look-up
    (a `concat` around it when mixed with text); None when `text` holds none."""
    if "${" not in text:
        return None
    spel = _SPEL_LITERAL.fullmatch(text)
    if spel is not None:  # SpEL quoting a placeholder, `#{'${app.topic}'}`: the placeholder
        text = spel.group(1)
    pieces = split_placeholders(text)
    if not pieces:
        return None
    parts: list[Expr] = []
    for piece in pieces:
        if isinstance(piece, tuple):
            key, default = piece
            nested = placeholder(default, line, raw) if default is not None else None
            dflt = () if default is None else (nested or Expr("str", line, default, default),)
            parts.append(Expr("config", line, raw, key, args=dflt))
        else:
            parts.append(Expr("str", line, piece, piece))
    return parts[0] if len(parts) == 1 else Expr("concat", line, raw, args=tuple(parts))


def format_concat(fmt: Expr, args: tuple[Expr, ...], line: int, raw: str) -> Expr | None:
    """`String.format("%s.orders", p)` as string building, when the format holds only `%s`/`%d`
    conversions, one per argument."""
    if fmt.kind != "str":
        return None
    pieces = re.split(r"%[sd]", fmt.value)
    if len(pieces) != len(args) + 1 or any("%" in p.replace("%%", "") for p in pieces):
        return None
    parts: list[Expr] = []
    for i, piece in enumerate(pieces):
        if piece:
            text = piece.replace("%%", "%")
            parts.append(Expr("str", line, text, text))
        if i < len(args):
            parts.append(args[i])
    return Expr("concat", line, raw, args=tuple(parts))


def known_call(method: str, recv: Expr | None, args: tuple[Expr, ...], line: int, raw: str) -> Expr | None:
    """A JDK / Spring / MicroProfile call whose value the IR can say directly, else None."""
    recv_text = recv.text if recv is not None else ""
    if method == "getenv" and recv_text == "System" and args:
        return Expr("env", line, raw, args[0].value) if args[0].kind == "str" else None
    getenv = recv is not None and recv.kind == "call" and recv.method == "getenv" and not recv.args
    if method == "getOrDefault" and getenv and len(args) == 2 and args[0].kind == "str":
        return Expr("env", line, raw, args[0].value, args=(args[1],))
    spring_env = _ENV_RECEIVER.search(recv_text.rsplit(".", 1)[-1]) is not None
    if method in ("getProperty", "getRequiredProperty") and spring_env and args and args[0].kind == "str":
        return Expr("config", line, raw, args[0].value, args=args[1:2])
    if method in ("getValue", "getOptionalValue") and _CONFIG_RECEIVER.search(recv_text) and args and args[0].kind == "str":
        return Expr("config", line, raw, args[0].value)
    if method in ("orElse", "orElseGet") and recv is not None and len(args) == 1:
        inner = recv.args[0] if recv.kind == "call" and recv.method in ("ofNullable", "of") and recv.args else recv
        return Expr("coalesce", line, raw, args=(inner, args[0]))
    if method == "format" and recv_text == "String" and args:
        return format_concat(args[0], args[1:], line, raw)
    if method == "formatted" and recv is not None:
        return format_concat(recv, args, line, raw)
    if method in STRING_NOOPS and recv is not None and not args:
        return recv
    owner = recv_text.rsplit(".", 1)[-1]
    if method == "compile" and owner == "Pattern" and args and args[0].kind == "str":
        return Expr("regex", line, raw, args[0].value)
    if method == "of" and owner in MAP_OWNERS and len(args) % 2 == 0:
        return Expr("map", line, raw, args=args)
    if method == "entry" and owner in MAP_OWNERS and len(args) == 2:
        return Expr("map", line, raw, args=args)
    if (method == "ofEntries" and owner in MAP_OWNERS) or (method in MAP_BUILDERS and recv is None):
        return pairs(args, line, raw)
    if method in LIST_BUILDERS or (method in ("of", "copyOf") and recv_text.rsplit(".", 1)[-1] in LIST_OWNERS):
        if method == "copyOf" and len(args) == 1:
            return args[0]
        return Expr("array", line, raw, args=args)
    return None


def pairs(items: tuple[Expr, ...], line: int, raw: str) -> Expr | None:
    """A map of key/value pairs (`map` expressions of one entry each: Kotlin `k to v`, Java
    `Map.entry(k, v)`), as one `map`; None when an item is not a pair."""
    if not all(i.kind == "map" for i in items):
        return None
    return Expr("map", line, raw, args=tuple(a for i in items for a in i.args))


def annotation(name: str, elements: dict[str, Expr], line: int, raw: str) -> Expr:
    """An annotation as an ``annotation`` expression; `${...}` in its strings (and string arrays)
    become configuration look-ups, as Spring resolves them."""
    fields = tuple((k, _placeholders(v)) for k, v in elements.items())
    return Expr("annotation", line, raw, name, fields=fields)


def _placeholders(e: Expr) -> Expr:
    if e.kind == "str":
        return placeholder(e.value, e.line, e.text) or e
    if e.kind == "array":
        return Expr("array", e.line, e.text, args=tuple(_placeholders(a) for a in e.args))
    return e


class DepthGuard:
    """The expression entry point of a JVM lowerer: `_expr` below a bounded nesting, so a builder
    chain hundreds of calls long cannot exhaust Python's stack (beyond it, the text only)."""

    depth = 0

    def expr(self, n: Node, cls: str, scope: str) -> Expr:
        if self.depth > MAX_EXPR_DEPTH:
            return Expr("unknown", ts.line(n), ts.short(n))
        self.depth += 1
        try:
            return self._expr(n, cls, scope)
        finally:
            self.depth -= 1

    def _expr(self, n: Node, cls: str, scope: str) -> Expr:
        raise NotImplementedError
