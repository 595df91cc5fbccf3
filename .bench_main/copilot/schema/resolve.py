"""Validate an Avro schema (a JSON value) and resolve its names, as the Avro spec defines them.

The result is a *normalized* model: every named type is stored once, under its full name, with
namespaces applied to its name and aliases; everywhere else a named type appears as its full name
(a reference).  ``standalone()`` turns a node back into self-contained JSON (each named type
defined in place at its first use), which fastavro and the ``avro`` package both read the same
way the original was meant.

Every problem raises a one-line SchemaError with the JSON pointer (and line:col when the text is
known).  Invalid logical types are not errors (the spec says to ignore them): they are warnings.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from copilot.schema.defaults import default_problem, show
from copilot.schema.errors import SchemaError
from copilot.schema.jsonpos import locate, offsets
from copilot.schema.names import (
    ALL_TYPE_KEYWORDS,
    CONTAINER_TYPES,
    NAMED_TYPES,
    PRIMITIVES,
    fullname,
    is_valid_fullname,
    is_valid_name,
    namespace_of,
    simple_name,
)

Node = Any  # str (primitive or full name) | list (union) | dict (array, map, primitive with properties)

_FIELD_ORDERS = ("ascending", "descending", "ignore")
_LOGICAL_BASE = {
    "date": ("int",),
    "time-millis": ("int",),
    "time-micros": ("long",),
    "timestamp-millis": ("long",),
    "timestamp-micros": ("long",),
    "timestamp-nanos": ("long",),
    "local-timestamp-millis": ("long",),
    "local-timestamp-micros": ("long",),
    "local-timestamp-nanos": ("long",),
    "uuid": ("string", "fixed"),
    "decimal": ("bytes", "fixed"),
    "big-decimal": ("bytes",),
    "duration": ("fixed",),
}


@dataclass
class Resolved:
    root: Node
    named: dict[str, dict] = field(default_factory=dict)
    def_pointers: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def type_key(node: Node) -> str:
    """What a union branch is, for the one-branch-per-type rule: a primitive, array, map or a full name."""
    if isinstance(node, list):
        return "union"
    if isinstance(node, dict):
        return node["type"]
    return node


class _Resolver:
    def __init__(self, source: str | None, text: str | None, named: dict[str, dict] | None) -> None:
        self.source = source
        self.text = text
        self._offsets: dict[str, int] | None = None
        self.out = Resolved(root=None, named=named if named is not None else {})

    # -- errors -------------------------------------------------------------------------------
    def error(self, reason: str, ptr: str) -> SchemaError:
        line = col = None
        if self.text is not None:
            if self._offsets is None:
                self._offsets = offsets(self.text)
            found = locate(self.text, ptr, self._offsets)
            if found:
                line, col = found
        return SchemaError(reason, source=self.source, pointer=ptr or "/", line=line, col=col)

    def warn(self, reason: str, ptr: str) -> None:
        self.out.warnings.append(f"{ptr or '/'}: {reason}")

    # -- nodes --------------------------------------------------------------------------------
    def node(self, value: Any, ptr: str, space: str | None) -> Node:
        if isinstance(value, str):
            return self.reference(value, ptr, space)
        if isinstance(value, list):
            return self.union(value, ptr, space)
        if isinstance(value, dict):
            return self.obj(value, ptr, space)
        raise self.error(
            f"a schema must be a type name, an object or an array (a union), not {show(value)}", ptr
        )

    def reference(self, name: str, ptr: str, space: str | None) -> Node:
        if name in PRIMITIVES:
            return name
        if name in NAMED_TYPES or name in CONTAINER_TYPES:
            raise self.error(
                f'"{name}" is a complex type: write it as an object, {{"type": "{name}", ...}}', ptr
            )
        full = fullname(name, space)
        if is_valid_fullname(name) and full in self.out.named:
            return full
        raise self.error(self._unknown(name, full), ptr)

    def _unknown(self, name: str, full: str) -> str:
        same = sorted(n for n in self.out.named if simple_name(n) == simple_name(name) and n != full)
        if same:
            return f'undefined named type "{full}" (did you mean "{same[0]}"?)'
        close = difflib.get_close_matches(name, sorted(ALL_TYPE_KEYWORDS), n=1, cutoff=0.75)
        if close or not (name[:1].isupper() or "." in name):
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            return (
                f'unknown type "{name}": not an Avro primitive type, and no named type "{full}" '
                f"is defined before this point{hint}"
            )
        return f'undefined named type "{full}": no record, enum or fixed of that name is defined before this point'

    def union(self, branches: list, ptr: str, space: str | None) -> Node:
        seen: dict[str, int] = {}
        out = []
        for index, branch in enumerate(branches):
            here = f"{ptr}/{index}"
            if isinstance(branch, list):
                raise self.error("a union may not contain another union directly", here)
            node = self.node(branch, here, space)
            key = type_key(node)
            if key in seen:
                raise self.error(
                    f'the union has two branches of type "{key}" (branches {seen[key]} and {index})', here
                )
            seen[key] = index
            out.append(node)
        return out

    def obj(self, value: dict, ptr: str, space: str | None) -> Node:
        if "type" not in value:
            raise self.error('schema object has no "type"', ptr)
        kind = value["type"]
        if not isinstance(kind, str):
            raise self.error(f'"type" must be a type name here, not {show(kind)}', f"{ptr}/type")
        if kind in PRIMITIVES:
            props = {k: v for k, v in value.items() if k != "type"}
            self.logical(props, kind, ptr, None)
            return {"type": kind, **props} if props else kind
        if kind in NAMED_TYPES:
            return self.define(value, kind, ptr, space)
        if kind in CONTAINER_TYPES:
            key = "items" if kind == "array" else "values"
            if key not in value:
                raise self.error(f'{kind} has no "{key}"', ptr)
            inner = self.node(value[key], f"{ptr}/{key}", space)
            props = {k: v for k, v in value.items() if k not in ("type", key)}
            return {"type": kind, key: inner, **props}
        return self.reference(kind, f"{ptr}/type", space)  # {"type": "com.acme.Customer"}

    # -- named types ---------------------------------------------------------------------------
    def define(self, value: dict, kind: str, ptr: str, space: str | None) -> Node:
        name = value.get("name")
        if not isinstance(name, str) or not name:
            raise self.error(f'a {kind} needs a "name" (a non-empty string)', ptr)
        namespace = value.get("namespace")
        if namespace is not None and not isinstance(namespace, str):
            raise self.error('"namespace" must be a string', f"{ptr}/namespace")
        if namespace is not None:  # "" is the null namespace; null (or absent) inherits the enclosing one
            space = namespace or None
        full = fullname(name, space)
        if not is_valid_fullname(full):
            raise self.error(
                f'invalid name "{full}": each part must start with a letter or "_" and hold only letters, digits and "_"',
                f"{ptr}/name",
            )
        if simple_name(full) in PRIMITIVES:
            raise self.error(f'a named type may not be called "{simple_name(full)}"', f"{ptr}/name")
        if full in self.out.named:
            first = self.out.def_pointers.get(full)
            where = f" (first defined at {first or '/'})" if first is not None else ""
            raise self.error(
                f'duplicate name "{full}": a named type can be defined only once{where}', f"{ptr}/name"
            )
        own_space = namespace_of(full)
        definition: dict[str, Any] = {"type": kind, "name": full}
        self.out.named[full] = definition
        self.out.def_pointers[full] = ptr
        if "aliases" in value:
            definition["aliases"] = [
                fullname(a, own_space) for a in self.aliases(value["aliases"], f"{ptr}/aliases", dotted=True)
            ]
        reserved = {"type", "name", "namespace", "aliases", "fields", "symbols", "size"}
        if kind in ("record", "error"):
            fields = value.get("fields")
            if not isinstance(fields, list):
                raise self.error(f'a {kind} needs "fields" (an array)', ptr)
            definition["fields"] = []  # filled in place so recursive references see it
            self.fields(fields, definition, f"{ptr}/fields", own_space)
        elif kind == "enum":
            definition["symbols"] = self.symbols(value.get("symbols"), ptr)
            if "default" in value and value["default"] not in definition["symbols"]:
                raise self.error(
                    f"enum default {show(value['default'])} is not one of its symbols {definition['symbols']}",
                    f"{ptr}/default",
                )
        else:
            size = value.get("size")
            if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                raise self.error(
                    f'fixed needs "size": a non-negative integer, not {show(size)}', f"{ptr}/size"
                )
            definition["size"] = size
        for key, prop in value.items():
            if key not in reserved:
                definition[key] = prop
        self.logical(definition, kind, ptr, definition.get("size"))
        return full

    def aliases(self, aliases: Any, ptr: str, dotted: bool) -> list[str]:
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise self.error('"aliases" must be an array of names', ptr)
        valid = is_valid_fullname if dotted else is_valid_name
        for index, alias in enumerate(aliases):
            if not valid(alias):
                raise self.error(f'invalid alias "{alias}"', f"{ptr}/{index}")
        return list(aliases)

    def symbols(self, symbols: Any, ptr: str) -> list[str]:
        if not isinstance(symbols, list):
            raise self.error('an enum needs "symbols" (an array of names)', ptr)
        seen: set[str] = set()
        for index, symbol in enumerate(symbols):
            here = f"{ptr}/symbols/{index}"
            if not isinstance(symbol, str) or not is_valid_name(symbol):
                raise self.error(f"invalid enum symbol {show(symbol)}", here)
            if symbol in seen:
                raise self.error(f'duplicate enum symbol "{symbol}"', here)
            seen.add(symbol)
        return list(symbols)

    def fields(self, fields: list, definition: dict, ptr: str, space: str | None) -> None:
        seen: dict[str, int] = {}
        for index, spec in enumerate(fields):
            here = f"{ptr}/{index}"
            if not isinstance(spec, dict):
                raise self.error("a field must be an object with a name and a type", here)
            name = spec.get("name")
            if not isinstance(name, str) or not is_valid_name(name):
                raise self.error(
                    f"invalid field name {show(name)}", f"{here}/name" if "name" in spec else here
                )
            if name in seen:
                raise self.error(f'duplicate field "{name}" (also field {seen[name]})', f"{here}/name")
            seen[name] = index
            if "type" not in spec:
                raise self.error(f'field "{name}" has no "type"', here)
            out: dict[str, Any] = {"name": name}
            out["type"] = self.node(spec["type"], f"{here}/type", space)
            for key, prop in spec.items():
                if key not in ("name", "type"):
                    out[key] = prop
            if "order" in spec and spec["order"] not in _FIELD_ORDERS:
                raise self.error(f'field "order" must be one of {", ".join(_FIELD_ORDERS)}', f"{here}/order")
            if "aliases" in spec:
                out["aliases"] = self.aliases(spec["aliases"], f"{here}/aliases", dotted=False)
            definition["fields"].append(out)
        # Defaults are checked once the whole record is known (a default may use the record itself).
        for index, out in enumerate(definition["fields"]):
            if "default" in out:
                reason = default_problem(out["type"], out["default"], self.out.named)
                if reason:
                    raise self.error(
                        f'default {show(out["default"])} of field "{out["name"]}" does not match its type '
                        f"{label(out['type'])}: {reason}",
                        f"{ptr}/{index}/default",
                    )

    # -- logical types (ignored, with a warning, when invalid: Avro spec) -----------------------
    def logical(self, props: dict, kind: str, ptr: str, size: int | None) -> None:
        logical = props.get("logicalType")
        if logical is None:
            return
        bases = _LOGICAL_BASE.get(logical) if isinstance(logical, str) else None
        if bases is None:
            self.warn(f"unknown logicalType {show(logical)} ignored (read as plain {kind})", ptr)
            return
        if kind not in bases:
            self.warn(f"logicalType {logical} needs {' or '.join(bases)}, not {kind}: ignored", ptr)
            return
        if logical == "decimal":
            precision, scale = props.get("precision"), props.get("scale", 0)
            max_digits = None if size is None else int((8 * size - 1) * 0.30102999566398120)
            if not isinstance(precision, int) or isinstance(precision, bool) or precision < 1:
                self.warn("decimal needs a positive integer precision: logicalType ignored", ptr)
            elif not isinstance(scale, int) or isinstance(scale, bool) or not 0 <= scale <= precision:
                self.warn("decimal scale must be between 0 and the precision: logicalType ignored", ptr)
            elif max_digits is not None and precision > max_digits:
                self.warn(
                    f"decimal precision {precision} does not fit in fixed({size}): logicalType ignored", ptr
                )
        elif logical == "duration" and size != 12:
            self.warn("duration needs fixed(12): logicalType ignored", ptr)
        elif logical == "uuid" and kind == "fixed" and size != 16:
            self.warn("uuid needs fixed(16): logicalType ignored", ptr)


def resolve(
    value: Any,
    *,
    source: str | None = None,
    text: str | None = None,
    namespace: str | None = None,
    named: dict[str, dict] | None = None,
    ptr: str = "",
) -> Resolved:
    """Validate `value` as an Avro schema and return its normalized model (raises SchemaError)."""
    resolver = _Resolver(source, text, named)
    try:
        resolver.out.root = resolver.node(value, ptr, namespace)
    except RecursionError:
        raise resolver.error("schema nested too deeply", ptr) from None
    return resolver.out


def standalone(node: Node, named: dict[str, dict], defined: set[str] | None = None) -> Any:
    """Self-contained JSON for `node`: each named type defined, in full, at its first use."""
    defined = set() if defined is None else defined
    if isinstance(node, list):
        return [standalone(branch, named, defined) for branch in node]
    if isinstance(node, dict):
        out = dict(node)
        for key in ("items", "values"):
            if key in out:
                out[key] = standalone(out[key], named, defined)
        return out
    if node in PRIMITIVES or node not in named:
        return node
    if node in defined:
        return node
    defined.add(node)
    out = dict(named[node])
    if "fields" in out:
        out["fields"] = [{**f, "type": standalone(f["type"], named, defined)} for f in out["fields"]]
    return out


def label(node: Node, named: dict[str, dict] | None = None) -> str:
    """A short human name for a type: ``string``, ``long (timestamp-millis)``, ``array<string>``,
    ``union [null, string]``, ``record com.acme.Customer``."""
    if isinstance(node, list):
        return "union [" + ", ".join(label(b, named) for b in node) + "]"
    if isinstance(node, dict):
        kind = node["type"]
        if kind == "array":
            return f"array<{label(node['items'], named)}>"
        if kind == "map":
            return f"map<{label(node['values'], named)}>"
        logical = node.get("logicalType")
        return f"{kind} ({logical})" if isinstance(logical, str) else kind
    if named is not None and node in named:
        return f"{named[node]['type']} {node}"
    return node
