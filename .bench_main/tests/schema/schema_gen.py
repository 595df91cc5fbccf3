"""Hypothesis strategies for the property tests: Avro schemas, evolutions of them, and records.

Every named type is defined inline once (no references).  A union holds at most one type of each
"group" (see avro_values.GROUP), so a writer picks its branch from the Python value unambiguously.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from tests.schema.avro_values import GROUP, json_valid, kind, to_json_default

SIMPLE = ("boolean", "int", "long", "float", "double", "string", "bytes")
SYMBOLS = ("A", "B", "C", "D", "E")
WIDER = {"int": ("long", "float", "double"), "long": ("float", "double"), "float": ("double",)}
NARROWER = {"long": ("int",), "float": ("int", "long"), "double": ("int", "long", "float")}
SWAP = {"string": ("bytes",), "bytes": ("string",)}


def values(schema: Any) -> st.SearchStrategy[Any]:
    """Records (values) valid for `schema`."""
    k = kind(schema)
    if k == "union":
        return st.one_of(*[values(b) for b in schema])
    simple = {
        "null": st.none(),
        "boolean": st.booleans(),
        "int": st.integers(-(2**31), 2**31 - 1),
        "long": st.integers(-(2**63), 2**63 - 1),
        "float": st.floats(width=32, allow_nan=False, allow_infinity=False),
        "double": st.floats(allow_nan=False, allow_infinity=False),
        "string": st.text(max_size=6),
        "bytes": st.binary(max_size=6),
    }
    if k in simple:
        return simple[k]
    if k == "enum":
        return st.sampled_from(schema["symbols"])
    if k == "fixed":
        return st.binary(min_size=schema["size"], max_size=schema["size"])
    if k == "array":
        return st.lists(values(schema["items"]), max_size=3)
    if k == "map":
        return st.dictionaries(st.text(max_size=3), values(schema["values"]), max_size=3)
    return st.fixed_dictionaries({f["name"]: values(f["type"]) for f in schema["fields"]})


class Gen:
    """Draws schemas; names are unique across one example."""

    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any]) -> None:
        self.draw = draw
        self.count = 0

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def pick(self, options: Any) -> Any:
        return self.draw(st.sampled_from(list(options)))

    def simple(self) -> str:
        return self.pick(SIMPLE)

    def type_(self, depth: int) -> Any:
        options = ["simple"] * 5 + ["enum", "fixed", "array", "map", "optional", "optional"]
        if depth < 2:
            options += ["record", "record"]
        choice = self.pick(options)
        if choice == "simple":
            return self.simple()
        if choice == "enum":
            symbols = self.draw(st.lists(st.sampled_from(SYMBOLS), min_size=1, max_size=4, unique=True))
            enum: dict[str, Any] = {"type": "enum", "name": self.name("E"), "symbols": symbols}
            if self.draw(st.booleans()):
                enum["default"] = symbols[0]
            return enum
        if choice == "fixed":
            return {"type": "fixed", "name": self.name("F"), "size": self.draw(st.integers(1, 4))}
        if choice == "array":
            return {"type": "array", "items": self.simple() if depth else self.type_(depth + 1)}
        if choice == "map":
            return {"type": "map", "values": self.simple()}
        if choice == "optional":
            return ["null", self.simple()]
        return self.record(depth + 1)

    def record(self, depth: int = 0) -> dict[str, Any]:
        count = self.draw(st.integers(1, 4 if depth == 0 else 3))
        return {
            "type": "record",
            "name": self.name("R"),
            "namespace": "gen",
            "fields": [self.field(depth) for _ in range(count)],
        }

    def field(self, depth: int, with_default: bool | None = None) -> dict[str, Any]:
        field = {"name": self.name("f"), "type": self.type_(depth)}
        if with_default is None:
            with_default = self.draw(st.booleans())
        if with_default:
            field["default"] = self.default(field["type"])
        return field

    def default(self, schema: Any) -> Any:
        if kind(schema) == "union":
            branch = self.pick(schema)
            return to_json_default(self.draw(values(branch)), branch)
        return to_json_default(self.draw(values(schema)), schema)


# -- walking a schema ---------------------------------------------------------------------------


def records(schema: Any) -> list[dict]:
    out = []
    k = kind(schema)
    if k == "record":
        out.append(schema)
        for f in schema["fields"]:
            out += records(f["type"])
    elif k == "union":
        for b in schema:
            out += records(b)
    elif k == "array":
        out += records(schema["items"])
    elif k == "map":
        out += records(schema["values"])
    return out


def named(schema: Any, type_name: str) -> list[dict]:
    out = []

    def walk(node: Any) -> None:
        k = kind(node)
        if k == type_name:
            out.append(node)
        if k == "record":
            for f in node["fields"]:
                walk(f["type"])
        elif k == "union":
            for b in node:
                walk(b)
        elif k in ("array", "map"):
            walk(node["items" if k == "array" else "values"])

    walk(schema)
    return out


def slots(schema: dict) -> list[tuple[dict, Any, Any]]:
    """(field, container, key): every place a type sits, so `container[key]` can be replaced."""
    out = []
    for rec in records(schema):
        for f in rec["fields"]:
            out.append((f, f, "type"))
            t = f["type"]
            if kind(t) == "union":
                out += [(f, t, i) for i in range(len(t))]
            elif kind(t) in ("array", "map"):
                out.append((f, t, "items" if kind(t) == "array" else "values"))
    return out


def repair_defaults(gen: Gen, schema: dict) -> None:
    """After an evolution, keep every default valid (a new type may need a new default)."""
    for enum in named(schema, "enum"):
        if "default" in enum and enum["default"] not in enum["symbols"]:
            del enum["default"]
    for rec in records(schema):
        for f in rec["fields"]:
            if "default" in f and not json_valid(f["default"], f["type"]):
                f["default"] = gen.default(f["type"])


# -- evolutions: each changes `schema` in place and says what it did (None: not applicable) -------


def _add_field(gen: Gen, schema: dict, with_default: bool) -> str:
    rec = gen.pick(records(schema))
    field = gen.field(1, with_default=with_default)
    rec["fields"].insert(gen.draw(st.integers(0, len(rec["fields"]))), field)
    return f"add field {field['name']} {'with' if with_default else 'without'} default to {rec['name']}"


def add_field_with_default(gen: Gen, schema: dict) -> str:
    return _add_field(gen, schema, True)


def add_field_without_default(gen: Gen, schema: dict) -> str:
    return _add_field(gen, schema, False)


def remove_field(gen: Gen, schema: dict) -> str | None:
    candidates = [r for r in records(schema) if len(r["fields"]) > 1]
    if not candidates:
        return None
    rec = gen.pick(candidates)
    field = rec["fields"].pop(gen.draw(st.integers(0, len(rec["fields"]) - 1)))
    return f"remove field {field['name']} from {rec['name']}"


def _retype(gen: Gen, schema: dict, table: dict[str, tuple[str, ...]], what: str) -> str | None:
    options = [(f, c, k) for f, c, k in slots(schema) if isinstance(c[k], str) and c[k] in table]
    options = [(f, c, k) for f, c, k in options if not isinstance(c, list) or _fits_union(c, k, table[c[k]])]
    if not options:
        return None
    field, container, key = gen.pick(options)
    old = container[key]
    choices = [t for t in table[old] if not isinstance(container, list) or _fits_union(container, key, (t,))]
    container[key] = gen.pick(choices)
    return f"{what} {field['name']}: {old} -> {container[key]}"


def _fits_union(union: list, index: int, new_types: tuple[str, ...]) -> bool:
    others = {GROUP[kind(b)] for i, b in enumerate(union) if i != index}
    return any(GROUP[t] not in others for t in new_types)


def promote(gen: Gen, schema: dict) -> str | None:
    return _retype(gen, schema, WIDER, "promote")


def narrow(gen: Gen, schema: dict) -> str | None:
    return _retype(gen, schema, NARROWER, "narrow")


def swap_string_bytes(gen: Gen, schema: dict) -> str | None:
    return _retype(gen, schema, SWAP, "swap")


def retype(gen: Gen, schema: dict) -> str | None:
    unrelated = {
        t: tuple(o for o in SIMPLE if GROUP[o] != GROUP[t] and o not in SWAP.get(t, ())) for t in SIMPLE
    }
    return _retype(gen, schema, unrelated, "retype")


def enum_add_symbol(gen: Gen, schema: dict) -> str | None:
    enums = [e for e in named(schema, "enum") if len(e["symbols"]) < len(SYMBOLS)]
    if not enums:
        return None
    enum = gen.pick(enums)
    symbol = gen.pick([s for s in SYMBOLS if s not in enum["symbols"]])
    enum["symbols"].append(symbol)
    return f"add symbol {symbol} to {enum['name']}"


def enum_remove_symbol(gen: Gen, schema: dict) -> str | None:
    enums = [e for e in named(schema, "enum") if len(e["symbols"]) > 1]
    if not enums:
        return None
    enum = gen.pick(enums)
    symbol = gen.pick(enum["symbols"])
    enum["symbols"].remove(symbol)
    return f"remove symbol {symbol} from {enum['name']}"


def enum_toggle_default(gen: Gen, schema: dict) -> str | None:
    enums = named(schema, "enum")
    if not enums:
        return None
    enum = gen.pick(enums)
    if "default" in enum:
        del enum["default"]
        return f"drop the default of {enum['name']}"
    enum["default"] = gen.pick(enum["symbols"])
    return f"give {enum['name']} default {enum['default']}"


def make_optional(gen: Gen, schema: dict) -> str | None:
    options = [f for rec in records(schema) for f in rec["fields"] if kind(f["type"]) in SIMPLE]
    if not options:
        return None
    field = gen.pick(options)
    field["type"] = ["null", field["type"]]
    if "default" in field and gen.draw(st.booleans()):
        field["default"] = None
    return f"make {field['name']} optional"


def widen_union(gen: Gen, schema: dict) -> str | None:
    options = [f for rec in records(schema) for f in rec["fields"] if kind(f["type"]) == "union"]
    if not options:
        return None
    field = gen.pick(options)
    groups = {GROUP[kind(b)] for b in field["type"]}
    extra = [t for t in SIMPLE if GROUP[t] not in groups]
    if not extra:
        return None
    branch = gen.pick(extra)
    field["type"].append(branch)
    return f"widen {field['name']} with {branch}"


def narrow_union(gen: Gen, schema: dict) -> str | None:
    options = [
        f
        for rec in records(schema)
        for f in rec["fields"]
        if kind(f["type"]) == "union" and len(f["type"]) > 1
    ]
    if not options:
        return None
    field = gen.pick(options)
    branch = field["type"].pop(gen.draw(st.integers(0, len(field["type"]) - 1)))
    if len(field["type"]) == 1:
        field["type"] = field["type"][0]
    return f"drop {kind(branch)} from the union of {field['name']}"


def rename_field(gen: Gen, schema: dict) -> str:
    rec = gen.pick(records(schema))
    field = gen.pick(rec["fields"])
    old = field["name"]
    field["name"] = gen.name("renamed")
    if gen.draw(st.booleans()):
        field["aliases"] = [old]
        return f"rename {old} -> {field['name']} with an alias"
    return f"rename {old} -> {field['name']} without an alias"


def rename_record(gen: Gen, schema: dict) -> str:
    rec = gen.pick(records(schema))
    old = f"{rec['namespace']}.{rec['name']}"
    how = gen.pick(("alias", "plain", "namespace"))
    if how == "namespace":
        rec["namespace"] = "gen2"
        return f"move {old} to namespace gen2"
    rec["name"] = gen.name("Renamed")
    if how == "alias":
        rec["aliases"] = [old]
    return f"rename record {old} -> {rec['name']} ({how})"


def resize_fixed(gen: Gen, schema: dict) -> str | None:
    fixed = named(schema, "fixed")
    if not fixed:
        return None
    target = gen.pick(fixed)
    target["size"] += 1
    return f"resize {target['name']}"


def reorder_fields(gen: Gen, schema: dict) -> str:
    rec = gen.pick(records(schema))
    rec["fields"] = gen.draw(st.permutations(rec["fields"]))
    return f"reorder the fields of {rec['name']}"


EVOLUTIONS = (
    add_field_with_default,
    add_field_with_default,
    add_field_without_default,
    remove_field,
    promote,
    promote,
    narrow,
    swap_string_bytes,
    retype,
    enum_add_symbol,
    enum_remove_symbol,
    enum_toggle_default,
    make_optional,
    widen_union,
    narrow_union,
    rename_field,
    rename_record,
    resize_fixed,
    reorder_fields,
)


@st.composite
def evolutions(draw: Callable[[st.SearchStrategy[Any]], Any]) -> tuple[dict, dict, list[str]]:
    """(old schema, new schema, what changed): a random schema and 1-3 evolutions of it."""
    gen = Gen(draw)
    old = gen.record()
    new = copy.deepcopy(old)
    steps = []
    for step in draw(st.lists(st.sampled_from(EVOLUTIONS), min_size=1, max_size=3)):
        said = step(gen, new)
        if said:
            steps.append(said)
        repair_defaults(gen, new)
    return old, new, steps
