"""What changed between two versions of a schema, in words: what the compatibility checker does not say.

``diff_schemas(old, new)`` walks both schemas together, recursing into nested records, arrays,
maps and unions, and returns one :class:`Change` per difference, each with a ``kind``, the field
path (``Order.customer.email``; ``[]`` through arrays, ``{}`` through maps) and a message.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from copilot.schema.errors import SchemaError
from copilot.schema.explain import PROMOTABLE_FROM
from copilot.schema.names import PRIMITIVES, simple_name
from copilot.schema.parse import AvroSchema, as_schema
from copilot.schema.resolve import label

CHANGE_KINDS = (
    "field_added",
    "field_removed",
    "field_renamed",
    "fields_reordered",
    "type_changed",
    "type_renamed",
    "union_branches_added",
    "union_branches_removed",
    "default_added",
    "default_removed",
    "default_changed",
    "enum_symbols_added",
    "enum_symbols_removed",
    "enum_default_changed",
    "fixed_size_changed",
    "logical_type_changed",
    "aliases_changed",
    "order_changed",
    "doc_changed",
    "property_changed",
)
_STRUCTURAL = {
    "type",
    "name",
    "fields",
    "symbols",
    "size",
    "items",
    "values",
    "aliases",
    "doc",
    "default",
    "order",
}


@dataclass
class Change:
    kind: str
    field: str | None
    message: str
    old: Any = None
    new: Any = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _j(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _sym(enum: dict) -> str:
    return _j(enum["default"]) if "default" in enum else "none"


def _code(path: list[str], fallback: str = "the schema") -> str:
    return f"`{'.'.join(path)}`" if path else fallback


class _Differ:
    def __init__(self, old: AvroSchema, new: AvroSchema) -> None:
        self.old_named, self.new_named = old.named, new.named
        self.seen: set[tuple[str, str]] = set()
        self.out: list[Change] = []

    def add(self, kind: str, path: list[str], message: str, old: Any = None, new: Any = None) -> None:
        self.out.append(Change(kind, ".".join(path) or None, message, old, new))

    # -- helpers -------------------------------------------------------------------------------
    def kind(self, node: Any, named: dict[str, dict]) -> str:
        if isinstance(node, list):
            return "union"
        if isinstance(node, dict):
            return node["type"]
        if node in PRIMITIVES:
            return node
        return "record" if named[node]["type"] == "error" else named[node]["type"]

    def olabel(self, node: Any) -> str:
        return label(node, self.old_named)

    def nlabel(self, node: Any) -> str:
        return label(node, self.new_named)

    # -- nodes ---------------------------------------------------------------------------------
    def node(self, old: Any, new: Any, path: list[str]) -> None:
        ok, nk = self.kind(old, self.old_named), self.kind(new, self.new_named)
        if ok == "union" or nk == "union":
            self.union(old, new, path)
        elif ok != nk:
            self.type_changed(old, new, ok, nk, path)
        elif ok in ("record", "enum", "fixed"):
            self.named(old, new, path)
        else:
            self.props(old, new, path)
            if ok == "array":
                self.node(old["items"], new["items"], _inner(path, "[]"))
            elif ok == "map":
                self.node(old["values"], new["values"], _inner(path, "{}"))

    def type_changed(self, old: Any, new: Any, ok: str, nk: str, path: list[str]) -> None:
        if ok in PROMOTABLE_FROM.get(nk, ()):
            note = f"a promotion: the new schema reads old {ok} values"
            if nk not in PROMOTABLE_FROM.get(ok, ()):
                note += f", but readers on the old schema cannot read {nk}"
        elif nk in PROMOTABLE_FROM.get(ok, ()):
            note = f"a narrowing: readers on the old schema still read {nk} as {ok}, but the new schema cannot read old {ok} values"
        else:
            note = "not a promotion Avro can resolve in either direction"
        self.add(
            "type_changed",
            path,
            f"changed the type of {_code(path)} from {self.olabel(old)} to {self.nlabel(new)} ({note})",
            self.olabel(old),
            self.nlabel(new),
        )

    def props(self, old: Any, new: Any, path: list[str]) -> None:
        op = old if isinstance(old, dict) else {}
        np = new if isinstance(new, dict) else {}
        if op.get("logicalType") != np.get("logicalType"):
            self.add(
                "logical_type_changed",
                path,
                f"changed the logical type of {_code(path)} from {op.get('logicalType') or 'none'} to "
                f"{np.get('logicalType') or 'none'} (same encoding, different meaning for readers)",
                op.get("logicalType"),
                np.get("logicalType"),
            )
        for key in sorted((set(op) | set(np)) - _STRUCTURAL - {"logicalType"}):
            if op.get(key) != np.get(key):
                self.add(
                    "property_changed",
                    path,
                    f"changed {key!r} of {_code(path)} from {_j(op.get(key))} to {_j(np.get(key))}",
                    op.get(key),
                    np.get(key),
                )

    def union(self, old: Any, new: Any, path: list[str]) -> None:
        olds = old if isinstance(old, list) else [old]
        news = new if isinstance(new, list) else [new]
        pairs, added, removed = self.match_branches(olds, news)
        where = _code(path)
        if not isinstance(old, list):
            note = " (now optional)" if [self.kind(b, self.new_named) for b in added] == ["null"] else ""
            self.add(
                "union_branches_added",
                path,
                f"widened {where} from {self.olabel(old)} to {self.nlabel(new)}{note}",
                self.olabel(old),
                self.nlabel(new),
            )
        elif not isinstance(new, list):
            self.add(
                "union_branches_removed",
                path,
                f"narrowed {where} from {self.olabel(old)} to {self.nlabel(new)}",
                self.olabel(old),
                self.nlabel(new),
            )
        else:
            if added:
                names = [self.nlabel(b) for b in added]
                self.add(
                    "union_branches_added",
                    path,
                    f"added {', '.join(names)} to the union of {where}",
                    None,
                    names,
                )
            if removed:
                names = [self.olabel(b) for b in removed]
                self.add(
                    "union_branches_removed",
                    path,
                    f"removed {', '.join(names)} from the union of {where}",
                    names,
                )
            old_at = {id(o): i for i, o in reversed(list(enumerate(olds)))}
            new_at = {id(n): i for i, n in reversed(list(enumerate(news)))}
            order_old = [old_at[id(o)] for o, _ in sorted(pairs, key=lambda p: new_at[id(p[1])])]
            if order_old != sorted(order_old) and "null" in [
                self.kind(b, self.old_named) for b in olds[:1]
            ] + [self.kind(b, self.new_named) for b in news[:1]]:
                self.add(
                    "type_changed",
                    path,
                    f"reordered the union of {where} (the first branch decides which defaults are valid)",
                    self.olabel(old),
                    self.nlabel(new),
                )
        if not pairs and added and removed and not (isinstance(old, list) and isinstance(new, list)):
            return
        for o, n in pairs:
            self.node(o, n, path)

    def match_branches(self, olds: list, news: list) -> tuple[list[tuple[Any, Any]], list, list]:
        def key(node: Any, named: dict[str, dict]) -> str:
            kind = self.kind(node, named)
            return node if kind in ("record", "enum", "fixed") else kind

        pairs: list[tuple[Any, Any]] = []
        left_old = list(olds)
        left_new = []
        for n in news:
            match = next((o for o in left_old if key(o, self.old_named) == key(n, self.new_named)), None)
            if match is None and self.kind(n, self.new_named) in ("record", "enum", "fixed"):
                aliases = self.new_named[n].get("aliases", [])
                match = next(
                    (
                        o
                        for o in left_old
                        if self.kind(o, self.old_named) == self.kind(n, self.new_named)
                        and (o in aliases or simple_name(o) == simple_name(n))
                    ),
                    None,
                )
            if match is None:
                left_new.append(n)
            else:
                left_old.remove(match)
                pairs.append((match, n))
        if len(left_old) == 1 and len(left_new) == 1 and not isinstance(left_old[0], list):
            ok, nk = self.kind(left_old[0], self.old_named), self.kind(left_new[0], self.new_named)
            if ok == nk or ok in PROMOTABLE_FROM.get(nk, ()):
                pairs.append((left_old[0], left_new[0]))  # one branch changed: describe it as a change
                return pairs, [], []
        return pairs, left_new, left_old

    def named(self, old: str, new: str, path: list[str]) -> None:
        if (old, new) in self.seen:
            return
        self.seen.add((old, new))
        od, nd = self.old_named[old], self.new_named[new]
        kind = "record" if nd["type"] == "error" else nd["type"]
        here = path or [simple_name(new)]
        where = _code(path, f"{kind} `{simple_name(new)}`")
        if old != new:
            aliased = old in nd.get("aliases", [])
            note = (
                "the new one lists the old name as an alias"
                if aliased
                else "no alias: readers on the new schema cannot resolve the old name"
            )
            self.add("type_renamed", path, f"renamed {kind} `{old}` to `{new}` at {where} ({note})", old, new)
        self.meta(od, nd, path, where, what=f"{kind} `{simple_name(new)}`")
        if kind == "enum":
            self.enum(od, nd, path)
        elif kind == "fixed":
            if od["size"] != nd["size"]:
                self.add(
                    "fixed_size_changed",
                    path,
                    f"changed the size of fixed `{simple_name(new)}` at {where} from {od['size']} to {nd['size']} bytes",
                    od["size"],
                    nd["size"],
                )
            self.props(od, nd, path)
        else:
            self.props(od, nd, path)
            self.fields(od, nd, here)

    def meta(self, od: dict, nd: dict, path: list[str], where: str, what: str) -> None:
        if od.get("doc") != nd.get("doc"):
            self.add(
                "doc_changed",
                path,
                f"changed the doc of {what} (documentation only)",
                od.get("doc"),
                nd.get("doc"),
            )
        if sorted(od.get("aliases", [])) != sorted(nd.get("aliases", [])):
            self.add(
                "aliases_changed",
                path,
                f"changed the aliases of {what} at {where} from {od.get('aliases', [])} to {nd.get('aliases', [])}",
                od.get("aliases", []),
                nd.get("aliases", []),
            )

    def enum(self, od: dict, nd: dict, path: list[str]) -> None:
        name = f"enum `{simple_name(nd['name'])}`" + (f" ({_code(path)})" if path else "")
        old_symbols, new_symbols = set(od["symbols"]), set(nd["symbols"])
        added = [s for s in nd["symbols"] if s not in old_symbols]
        removed = [s for s in od["symbols"] if s not in new_symbols]
        if added:
            self.add("enum_symbols_added", path, f"added symbols [{', '.join(added)}] to {name}", None, added)
        if removed:
            self.add(
                "enum_symbols_removed", path, f"removed symbols [{', '.join(removed)}] from {name}", removed
            )
        if od.get("default") != nd.get("default"):
            self.add(
                "enum_default_changed",
                path,
                f"changed the default symbol of {name} from {_sym(od)} to {_sym(nd)}",
                od.get("default"),
                nd.get("default"),
            )

    def fields(self, od: dict, nd: dict, path: list[str]) -> None:
        old_fields = {f["name"]: f for f in od["fields"]}
        new_names = {f["name"] for f in nd["fields"]}
        taken: set[str] = set()
        matched: list[tuple[dict, dict]] = []
        added: list[dict] = []
        for nf in nd["fields"]:
            of = old_fields.get(nf["name"])
            if of is None:
                of = next(
                    (old_fields[a] for a in nf.get("aliases", []) if a in old_fields and a not in taken), None
                )
                if of is not None and of["name"] in new_names:
                    of = None  # the old name is still a field of its own
            if of is None or of["name"] in taken:
                added.append(nf)
                continue
            taken.add(of["name"])
            matched.append((of, nf))
        for nf in added:
            here = path + [nf["name"]]
            has = f"with default {_j(nf['default'])}" if "default" in nf else "without a default"
            self.add(
                "field_added",
                here,
                f"added field {_code(here)} ({self.nlabel(nf['type'])}) {has}",
                None,
                nf["name"],
            )
        for of in od["fields"]:
            if of["name"] not in taken:
                here = path + [of["name"]]
                had = " (it had a default)" if "default" in of else " (it had no default)"
                self.add(
                    "field_removed",
                    here,
                    f"removed field {_code(here)} ({self.olabel(of['type'])}){had}",
                    of["name"],
                )
        position = {id(of): i for i, of in enumerate(od["fields"])}  # linear: no list.index per field
        order = [position[id(of)] for of, _ in matched]
        if order != sorted(order):
            self.add(
                "fields_reordered",
                path,
                f"reordered the fields of {_code(path)} (the binary layout changes; resolution by name still works)",
            )
        for of, nf in matched:
            self.field(of, nf, path)

    def field(self, of: dict, nf: dict, path: list[str]) -> None:
        here = path + [nf["name"]]
        if of["name"] != nf["name"]:
            self.add(
                "field_renamed",
                here,
                f"renamed field `{'.'.join(path + [of['name']])}` to {_code(here)} (the new field lists "
                f"`{of['name']}` as an alias)",
                of["name"],
                nf["name"],
            )
        if "default" in of and "default" not in nf:
            self.add(
                "default_removed",
                here,
                f"removed the default of {_code(here)} (was {_j(of['default'])})",
                of["default"],
            )
        elif "default" not in of and "default" in nf:
            self.add(
                "default_added",
                here,
                f"gave {_code(here)} a default: {_j(nf['default'])}",
                None,
                nf["default"],
            )
        elif "default" in of and of["default"] != nf["default"]:
            self.add(
                "default_changed",
                here,
                f"changed the default of {_code(here)} from {_j(of['default'])} to {_j(nf['default'])}",
                of["default"],
                nf["default"],
            )
        if of.get("doc") != nf.get("doc"):
            self.add(
                "doc_changed",
                here,
                f"changed the doc of {_code(here)} (documentation only)",
                of.get("doc"),
                nf.get("doc"),
            )
        if sorted(of.get("aliases", [])) != sorted(nf.get("aliases", [])) and of["name"] == nf["name"]:
            self.add(
                "aliases_changed",
                here,
                f"changed the aliases of {_code(here)} from {of.get('aliases', [])} to {nf.get('aliases', [])}",
                of.get("aliases", []),
                nf.get("aliases", []),
            )
        if of.get("order", "ascending") != nf.get("order", "ascending"):
            self.add(
                "order_changed",
                here,
                f"changed the sort order of {_code(here)} from {of.get('order', 'ascending')} to "
                f"{nf.get('order', 'ascending')}",
                of.get("order"),
                nf.get("order"),
            )
        self.node(of["type"], nf["type"], here)


def _inner(path: list[str], suffix: str) -> list[str]:
    return path[:-1] + [path[-1] + suffix] if path else path


def diff_schemas(old: Any, new: Any) -> list[Change]:
    """Every difference from `old` to `new` (JSON text, JSON values or AvroSchema objects)."""
    old_schema = as_schema(old, "<old schema>")
    new_schema = as_schema(new, "<new schema>")
    differ = _Differ(old_schema, new_schema)
    try:
        differ.node(old_schema.resolved.root, new_schema.resolved.root, [])
    except RecursionError:
        raise SchemaError("schemas nested too deeply to compare", source=new_schema.source) from None
    return differ.out
