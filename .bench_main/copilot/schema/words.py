"""Plain-English messages, impacts and concrete remedies for compatibility problems.

A problem is told from one of three points of view:

- ``reader``   (``can_read``): the reader's schema is the one to fix;
- ``backward`` (new reads old): the reader is the *new* schema, the writer the *old* one; the records
  at stake are those already written, and the new schema is the one to fix;
- ``forward``  (old reads new): the reader is the *old* schema (consumers not upgraded yet), the
  writer the *new* one (what producers will write); the new schema is the one to fix.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from copilot.schema import explain as ex
from copilot.schema.explain import PROMOTABLE_FROM, RawProblem, Walker, kind_of

PERSPECTIVES = ("reader", "backward", "forward")
NEW_TOPIC = "publish a new topic (or subject version) with the new shape and migrate consumers to it"


@dataclass(frozen=True)
class Words:
    message: str
    impact: str
    remedy: str


def tlabel(schema: Any, depth: int = 0) -> str:
    """``string``, ``long (timestamp-millis)``, ``record Customer``, ``array<string>``, ``union [null, string]``."""
    kind = kind_of(schema)
    if kind == "union":
        return "union [" + ", ".join(tlabel(b, depth + 1) for b in schema.schemas) + "]"
    if kind == "array":
        return f"array<{tlabel(schema.items, depth + 1)}>"
    if kind == "map":
        return f"map<{tlabel(schema.values, depth + 1)}>"
    if kind in ("record", "enum", "fixed"):
        size = f"({schema.size})" if kind == "fixed" else ""
        return f"{schema.name}{size}" if depth else f"{kind} {schema.name}{size}"
    logical = getattr(schema, "logical_type", None) or schema.props.get("logicalType")
    return f"{kind} ({logical})" if isinstance(logical, str) else kind


def code(text: str) -> str:
    return f"`{text}`"


def suggest_default(schema: Any, depth: int = 0) -> Any:
    """A JSON value that is a valid default for `schema` (None also means JSON null)."""
    kind = kind_of(schema)
    simple = {
        "null": None,
        "boolean": False,
        "int": 0,
        "long": 0,
        "float": 0.0,
        "double": 0.0,
        "string": "",
        "bytes": "",
    }
    if kind in simple:
        return simple[kind]
    if kind == "union":
        return suggest_default(schema.schemas[0], depth) if schema.schemas else None
    if kind == "array":
        return []
    if kind == "map":
        return {}
    if kind == "enum":
        return schema.props.get("default") or schema.symbols[0]
    if kind == "fixed":
        return "\u0000" * schema.size
    if depth > 3:
        return {}
    return {f.name: suggest_default(f.type, depth + 1) for f in schema.fields if not f.has_default}


def default_advice(schema: Any, name: str) -> str:
    """How to give field `name` of type `schema` a default, concretely."""
    kind = kind_of(schema)
    if kind == "union":
        branches = [kind_of(b) for b in schema.schemas]
        if branches and branches[0] == "null":
            return f'add "default": null to {code(name)}'
        if "null" in branches:
            return f'make "null" the first branch of {code(name)}\'s union and add "default": null'
    value = json.dumps(suggest_default(schema), ensure_ascii=True)
    advice = f'add a default to {code(name)}, e.g. "default": {value}'
    if kind != "union":
        advice += f', or make it optional: ["null", {json.dumps(_json_type(schema))}] with "default": null'
    return advice


def _json_type(schema: Any) -> Any:
    kind = kind_of(schema)
    if kind in ("record", "enum", "fixed"):
        return schema.fullname
    if kind in ("array", "map"):
        return kind_of(schema.items if kind == "array" else schema.values)
    return kind


def rename_candidate(raw: RawProblem) -> str | None:
    """A writer field no reader field reads, whose data the missing reader field could read: a rename?"""
    reader_field, writer = raw.reader_field, raw.writer_record
    if reader_field is None or writer is None or kind_of(writer) != "record":
        return None
    reader_record = raw.reader
    taken = set()
    if kind_of(reader_record) == "record":
        for f in reader_record.fields:
            found = ex.lookup_writer_field(writer, f)
            if found is not None:
                taken.add(found.name)
    walker = Walker()
    fits = [
        f.name
        for f in writer.fields
        if f.name not in taken and not walker.problems(reader_field.type, f.type)
    ]
    if not fits:
        return None
    name = reader_field.name.lower()
    related = [f for f in fits if f.lower() in name or name in f.lower()]
    close = related or difflib.get_close_matches(reader_field.name, fits, n=1, cutoff=0.6)
    return close[0] if close else None


def _field_name(raw: RawProblem) -> str:
    if raw.reader_field is not None:
        return raw.reader_field.name
    path = raw.field_path
    return path.rsplit(".", 1)[-1] if path else tlabel(raw.reader)


def _where(raw: RawProblem) -> str:
    return code(raw.field_path) if raw.field_path else f"the top-level {tlabel(raw.reader)}"


def describe(raw: RawProblem, perspective: str = "reader") -> Words:
    if perspective not in PERSPECTIVES:
        raise ValueError(f"unknown perspective {perspective!r}")
    handler = {
        ex.READER_FIELD_MISSING_DEFAULT_VALUE: _missing_default,
        ex.TYPE_MISMATCH: _type_mismatch,
        ex.NAME_MISMATCH: _name_mismatch,
        ex.MISSING_ENUM_SYMBOLS: _enum_symbols,
        ex.MISSING_UNION_BRANCH: _union_branch,
        ex.FIXED_SIZE_MISMATCH: _fixed_size,
    }[raw.kind]
    return handler(raw, perspective)


# -- one function per kind ----------------------------------------------------------------------


def _missing_default(raw: RawProblem, view: str) -> Words:
    name, where = _field_name(raw), _where(raw)
    field_type = tlabel(raw.reader_field.type) if raw.reader_field is not None else "?"
    renamed = rename_candidate(raw)
    add_default = (
        default_advice(raw.reader_field.type, name) if raw.reader_field is not None else "add a default"
    )
    alias = (
        f'; if {code(name)} is the renamed {code(renamed)}, add "aliases": ["{renamed}"] to {code(name)} instead'
        if renamed
        else ""
    )
    if view == "forward":
        return Words(
            message=f"the new schema drops {where} ({field_type}), which the old schema requires: "
            "it has no default there",
            impact=f"consumers still on the old schema cannot read records producers write with the new schema: "
            f"they have no value for {code(name)}",
            remedy=f"keep {code(name)} in the new schema and keep writing it (an alias in the new schema does not "
            "help old readers); to retire it, first ship a schema where it has a default and upgrade every "
            f"consumer, then drop it; or {NEW_TOPIC}",
        )
    if view == "backward":
        return Words(
            message=f"the new schema adds {where} ({field_type}) with no default, and the old schema has no "
            f"{code(name)}" + (f" (but it has {code(renamed)})" if renamed else ""),
            impact=f"consumers on the new schema cannot read records already written without {code(name)}",
            remedy=f"in the new schema, {add_default}{alias}",
        )
    return Words(
        message=f"{where} ({field_type}) has no default in the reader's schema and the writer's schema has no "
        f"field {code(name)} (nor one named by its aliases)",
        impact=f"the reader has no value for {code(name)} in records written with the writer's schema",
        remedy=f"{add_default}{alias}",
    )


def _promotion_note(reader: Any, writer: Any) -> str:
    rk, wk = kind_of(reader), kind_of(writer)
    if rk in PROMOTABLE_FROM.get(wk, ()) and wk not in PROMOTABLE_FROM.get(rk, ()):
        return f"Avro promotes {rk} to {wk} but never narrows {wk} back to {rk}"
    return "Avro resolves only int→long→float→double and string↔bytes between different types"


def _type_mismatch(raw: RawProblem, view: str) -> Words:
    reader, writer = raw.reader, raw.writer
    if raw.reader_field is not None and kind_of(reader) == "enum" and kind_of(writer) == "record":
        return _enum_field_missing(raw, view)
    where, name = _where(raw), _field_name(raw)
    rl, wl = tlabel(reader), tlabel(writer)
    note = _promotion_note(reader, writer)
    wider = [t for t, sources in PROMOTABLE_FROM.items() if kind_of(writer) in sources]
    readable = PROMOTABLE_FROM.get(kind_of(reader), ())
    if view == "forward":
        keep = f"keep writing {rl}" + (
            f" (or {', '.join(readable)}, which old consumers promote to {kind_of(reader)})"
            if readable
            else ""
        )
        return Words(
            message=f"the new schema changes {where} from {rl} to {wl}; {note}",
            impact=f"consumers still on the old schema cannot read the {wl} values producers will write in {code(name)}",
            remedy=f"{keep}; to change the type, add a new field with the new type (and a default) beside the old "
            f"one, or {NEW_TOPIC}",
        )
    if kind_of(writer) == "null":
        fix = f'widen {code(name)} to a union with null: ["null", {json.dumps(_json_type(reader))}] with "default": null'
    else:
        verb = "keep" if view == "backward" else "use the writer's type,"
        fix = f"{verb} {wl}" + (f" (or a type Avro promotes {wl} to: {' or '.join(wider)})" if wider else "")
        fix += f", or widen {code(name)} to a union that also holds {wl}, e.g. [{json.dumps(_json_type(writer))}, "
        fix += f"{json.dumps(_json_type(reader))}]"
    fix += f"; or add a new field with the new type (and a default) and keep the old one; or {NEW_TOPIC}"
    if view == "backward":
        return Words(
            message=f"the new schema changes {where} from {wl} to {rl}; {note}",
            impact=f"consumers on the new schema cannot read {code(name)} in records already written as {wl}",
            remedy=fix,
        )
    return Words(
        message=f"{where} is {rl} in the reader's schema but {wl} in the writer's; {note}",
        impact=f"the reader cannot decode {code(name)} from records written with the writer's schema",
        remedy=fix,
    )


def _enum_field_missing(raw: RawProblem, view: str) -> Words:
    name, where = _field_name(raw), _where(raw)
    symbol = raw.reader.props.get("default")
    if view == "forward":
        return Words(
            message=f"the new schema drops {where}, which the old schema requires: its enum has a default symbol, "
            "but the field itself has no default",
            impact=f"consumers still on the old schema cannot read records producers write without {code(name)}",
            remedy=f"keep {code(name)} in the new schema; or {NEW_TOPIC}",
        )
    subject = "the new schema's" if view == "backward" else "the reader's"
    return Words(
        message=f"{where} is missing from the writer's schema and {subject} field has no default; the enum's "
        '"default" symbol only stands in for unknown symbols, never for a missing field',
        impact=f"records written without {code(name)} cannot be read",
        remedy=f'add "default": "{symbol}" to the field {code(name)} itself',
    )


def _name_mismatch(raw: RawProblem, view: str) -> Words:
    kind = kind_of(raw.reader)
    where = _where(raw)
    rname, wname = raw.reader.fullname, raw.writer.fullname
    if view == "forward":
        return Words(
            message=f"the new schema renames {kind} {code(rname)} to {code(wname)} at {where}",
            impact=f"consumers still on the old schema do not know {code(wname)} (an alias helps only the reader "
            "that declares it)",
            remedy=f'keep the name {code(rname)}; or first add "aliases": ["{wname}"] to the consumers\' schema '
            f"and upgrade every consumer, then rename; or {NEW_TOPIC}",
        )
    fix = f'add "aliases": ["{wname}"] to {kind} {code(raw.reader.name)}, or keep the name {code(wname)}'
    if view == "backward":
        return Words(
            message=f"the new schema renames {kind} {code(wname)} to {code(rname)} at {where}; Avro matches named "
            "types by the reader's name or aliases",
            impact=f"consumers on the new schema cannot read records already written with {code(wname)}",
            remedy=fix,
        )
    return Words(
        message=f"at {where} the reader's {kind} is {code(rname)} but the writer's is {code(wname)}; Avro matches "
        "named types by the reader's name or aliases",
        impact="the reader cannot resolve the writer's type",
        remedy=fix,
    )


def _enum_symbols(raw: RawProblem, view: str) -> Words:
    symbols = ", ".join(raw.symbols)
    enum = code(raw.reader.name)
    where = _where(raw)
    example = raw.reader.symbols[0] if raw.reader.symbols else "UNKNOWN"
    if view == "forward":
        return Words(
            message=f"the new schema adds [{symbols}] to enum {enum} ({where}), and the old schema's enum has no "
            "default symbol",
            impact=f"consumers still on the old schema fail on any record carrying {symbols}",
            remedy=f'first ship a schema whose enum has a "default" symbol (e.g. "default": "{example}") and upgrade '
            f"every consumer, then add [{symbols}]; or {NEW_TOPIC}",
        )
    default_fix = f'give it a default symbol ("default": "{example}", or an added "UNKNOWN") so symbols it lacks read as that'
    if view == "backward":
        return Words(
            message=f"the new schema removes [{symbols}] from enum {enum} ({where}), which has no default symbol",
            impact=f"consumers on the new schema cannot read records already written with {symbols}",
            remedy=f"keep [{symbols}] in the enum (producers can simply stop writing them), or {default_fix}",
        )
    fix = f"add [{symbols}] to enum {enum}, or {default_fix}"
    return Words(
        message=f"the writer's enum at {where} has [{symbols}], which the reader's enum {enum} lacks, and the "
        "reader's enum has no default symbol",
        impact=f"the reader fails on any record carrying {symbols}",
        remedy=fix,
    )


def _root_cause(raw: RawProblem) -> RawProblem | None:
    """Why the closest union branch cannot read the writer's value (None: no branch comes close)."""
    cause = raw.causes[0] if raw.causes else None
    while cause is not None and cause.kind == ex.MISSING_UNION_BRANCH:
        cause = cause.causes[0] if cause.causes else None
    return cause


def _union_branch(raw: RawProblem, view: str) -> Words:
    where, name = _where(raw), _field_name(raw)
    rl, wl = tlabel(raw.reader), tlabel(raw.writer)
    cause = _root_cause(raw)
    because = f" ({cause.kind}: {describe(cause, view).message})" if cause else ""
    if view == "forward":
        return Words(
            message=f"the new schema lets {where} be {wl}, which the old schema's {rl} cannot hold{because}",
            impact=f"consumers still on the old schema fail on any record whose {code(name)} is {wl}",
            remedy=(
                f"keep {code(name)} non-null until consumers upgrade"
                if kind_of(raw.writer) == "null"
                else f"do not write {wl} there yet"
            )
            + f": first ship a schema whose union accepts {wl} and upgrade every consumer, then producers; or {NEW_TOPIC}",
        )
    if kind_of(raw.writer) == "null":
        fix = f'widen {code(name)} to a union with null (add "null" to its union)'
    else:
        fix = f"add {wl} to the union of {code(name)}"
    if cause:
        fix += f", or make the existing branch read it: {describe(cause, view).remedy}"
    if view == "backward":
        return Words(
            message=f"the new schema's {where} ({rl}) has no branch that can read the old schema's {wl}{because}",
            impact=f"consumers on the new schema cannot read records already written with a {wl} in {code(name)}",
            remedy=fix + " in the new schema",
        )
    return Words(
        message=f"the reader's {where} ({rl}) has no branch that can read the writer's {wl}{because}",
        impact=f"the reader fails on any record whose {code(name)} is {wl}",
        remedy=fix,
    )


def _fixed_size(raw: RawProblem, view: str) -> Words:
    where = _where(raw)
    name = code(raw.reader.name)
    old, new = (raw.reader.size, raw.writer.size) if view == "forward" else (raw.writer.size, raw.reader.size)
    fix = (
        f"keep fixed {name} at {old} bytes; for another size add a new field with a new fixed type (and a default) "
        f"beside the old one, or {NEW_TOPIC}"
    )
    if view == "reader":
        return Words(
            message=f"fixed {name} at {where} is {raw.reader.size} bytes in the reader's schema but {raw.writer.size} "
            "in the writer's; a fixed size can never change",
            impact="the reader cannot decode the writer's fixed values",
            remedy=f"use the writer's size ({raw.writer.size}); for another size add a new field with a new fixed "
            f"type (and a default), or {NEW_TOPIC}",
        )
    who = (
        "consumers on the new schema cannot read values already written"
        if view == "backward"
        else ("consumers still on the old schema cannot read values producers will write")
    )
    return Words(
        message=f"the new schema changes fixed {name} at {where} from {old} to {new} bytes; a fixed size can never change",
        impact=who,
        remedy=fix,
    )
