"""Where and why a reader schema cannot read a writer schema: the registry's checker, re-walked.

Confluent Schema Registry calls Apache Avro's Java ``SchemaCompatibility``; the ``avro`` package's
``ReaderWriterCompatibilityChecker`` ports it, but merges its findings into sets and loses which
message belongs to which location.  This module walks the same two ``avro.schema.Schema`` trees with
the same rules, in the same order, with the same memoization (a pair already in progress counts as
compatible), and records each incompatibility as a :class:`RawProblem`: its kind, the Java location
tokens, the field path, the two schemas involved and the registry's own message.  No problem means
compatible: this walk is the verdict (see ``compatibility``), held to the port's by the tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

READER_FIELD_MISSING_DEFAULT_VALUE = "READER_FIELD_MISSING_DEFAULT_VALUE"
TYPE_MISMATCH = "TYPE_MISMATCH"
NAME_MISMATCH = "NAME_MISMATCH"
MISSING_ENUM_SYMBOLS = "MISSING_ENUM_SYMBOLS"
MISSING_UNION_BRANCH = "MISSING_UNION_BRANCH"
FIXED_SIZE_MISMATCH = "FIXED_SIZE_MISMATCH"
KINDS = (
    READER_FIELD_MISSING_DEFAULT_VALUE,
    TYPE_MISMATCH,
    NAME_MISMATCH,
    MISSING_ENUM_SYMBOLS,
    MISSING_UNION_BRANCH,
    FIXED_SIZE_MISMATCH,
)

_SIMPLE = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})
# writer types each reader type accepts besides its own (Avro spec, "Schema Resolution")
PROMOTABLE_FROM = {
    "long": ("int",),
    "float": ("int", "long"),
    "double": ("int", "long", "float"),
    "bytes": ("string",),
    "string": ("bytes",),
}


def kind_of(schema: Any) -> str:
    """The Java ``Schema.Type`` of an ``avro.schema.Schema`` ("error" is a record there)."""
    return "record" if schema.type == "error" else schema.type


@dataclass(frozen=True)
class Seg:
    """One step of a field path: a record (``rec``), a field, array items or map values."""

    kind: str
    name: str = ""


@dataclass(frozen=True)
class RawProblem:
    kind: str
    tokens: tuple[str, ...]  # Java location tokens, relative to the root of the check
    path: tuple[Seg, ...]
    reader: Any  # avro.schema.Schema at the problem
    writer: Any
    detail: str  # the message Java SchemaCompatibility gives
    reader_field: Any = None  # the reader's avro.schema.Field, for field-level problems
    writer_record: Any = None  # the writer's record, for READER_FIELD_MISSING_DEFAULT_VALUE
    symbols: tuple[str, ...] = ()
    causes: tuple[RawProblem, ...] = field(default=())

    @property
    def location(self) -> str:
        return "/" + "/".join(self.tokens)

    @property
    def field_path(self) -> str | None:
        return render_path(self.path)

    def prefixed(self, tokens: tuple[str, ...], path: tuple[Seg, ...]) -> RawProblem:
        return replace(
            self,
            tokens=tokens + self.tokens,
            path=path + self.path,
            causes=tuple(c.prefixed(tokens, path) for c in self.causes),
        )


def render_path(path: tuple[Seg, ...]) -> str | None:
    """``Order.customer.email``; ``Order.items[].sku`` through arrays, ``{}`` through maps."""
    parts: list[str] = []
    for seg in path:
        if seg.kind == "rec":
            if not parts:
                parts.append(seg.name)
        elif seg.kind == "field":
            parts.append(seg.name)
        elif parts:
            parts[-1] += "[]" if seg.kind == "items" else "{}"
    return ".".join(parts) or None


def _prefix(
    problems: tuple[RawProblem, ...], tokens: tuple[str, ...], path: tuple[Seg, ...] = ()
) -> list[RawProblem]:
    return [p.prefixed(tokens, path) for p in problems]


def _fields_by_name(writer: Any) -> dict[str, Any]:
    """The writer's fields by name, built once per schema object (avro's ``fields_dict`` builds
    a new dict on every access, which made a lookup per field quadratic in the field count)."""
    cached = writer.__dict__.get("_copilot_fields_by_name")
    if cached is None:
        cached = writer.__dict__["_copilot_fields_by_name"] = writer.fields_dict
    return cached


def lookup_writer_field(writer: Any, reader_field: Any) -> Any:
    """The writer's field a reader field reads: same name, else the first of the reader's aliases."""
    fields = _fields_by_name(writer)
    direct = fields.get(reader_field.name)
    if direct is not None:
        return direct
    aliases = reader_field.props.get("aliases")
    for alias in aliases if isinstance(aliases, Iterable) else ():
        found = fields.get(alias)
        if found is not None:
            return found
    return None


def names_match(reader: Any, writer: Any) -> bool:
    """Java ``schemaNameEquals``: same simple name, or the writer's full name among the reader's aliases."""
    aliases = reader.props.get("aliases") or ()
    return reader.name == writer.name or writer.fullname in aliases


class Walker:
    """One compatibility walk (memoized per (reader, writer) object pair, like the Java checker)."""

    def __init__(self) -> None:
        self._memo: dict[tuple[int, int], tuple[RawProblem, ...] | None] = {}
        self._keep: list[Any] = []  # keep the pairs alive so their ids stay unique

    def problems(self, reader: Any, writer: Any) -> tuple[RawProblem, ...]:
        key = (id(reader), id(writer))
        if key in self._memo:
            return self._memo[key] or ()  # None: in progress, counts as compatible (as in Java)
        self._memo[key] = None
        self._keep.append((reader, writer))
        result = tuple(self._calculate(reader, writer))
        self._memo[key] = result
        return result

    def _calculate(self, reader: Any, writer: Any) -> list[RawProblem]:
        rk, wk = kind_of(reader), kind_of(writer)
        if rk == wk:
            return self._same_kind(rk, reader, writer)
        if wk == "union":
            out: list[RawProblem] = []
            for index, branch in enumerate(writer.schemas):
                out += _prefix(self.problems(reader, branch), (str(index),))
            return out
        if rk == "union":
            return self._reader_union(reader, writer)
        if wk in PROMOTABLE_FROM.get(rk, ()):
            return []
        return [self._mismatch(reader, writer)]

    def _same_kind(self, kind: str, reader: Any, writer: Any) -> list[RawProblem]:
        if kind in _SIMPLE:
            return []
        if kind == "array":
            return _prefix(self.problems(reader.items, writer.items), ("items",), (Seg("items"),))
        if kind == "map":
            return _prefix(self.problems(reader.values, writer.values), ("values",), (Seg("values"),))
        if kind == "union":
            out = []
            for index, branch in enumerate(writer.schemas):
                causes = self.problems(reader, branch)
                if causes:
                    out.append(
                        RawProblem(
                            MISSING_UNION_BRANCH,
                            (str(index),),
                            (),
                            reader,
                            branch,
                            f"reader union lacking writer type: {kind_of(branch).upper()}",
                            causes=tuple(_prefix(causes, (str(index),))),
                        )
                    )
            return out
        out = self._names(reader, writer)
        if kind == "fixed":
            if reader.size != writer.size:
                out.append(
                    RawProblem(
                        FIXED_SIZE_MISMATCH,
                        ("size",),
                        (),
                        reader,
                        writer,
                        f"expected: {writer.size}, found: {reader.size}",
                    )
                )
            return out
        if kind == "enum":
            missing = sorted(set(writer.symbols) - set(reader.symbols))
            default = reader.props.get("default")
            if missing and not (default and default in reader.symbols):
                detail = "[" + ", ".join(missing) + "]"
                out.append(
                    RawProblem(
                        MISSING_ENUM_SYMBOLS, ("symbols",), (), reader, writer, detail, symbols=tuple(missing)
                    )
                )
            return out
        out += self._fields(reader, writer)
        return _prefix(tuple(out), (), (Seg("rec", reader.name),))

    def _names(self, reader: Any, writer: Any) -> list[RawProblem]:
        if names_match(reader, writer):
            return []
        return [RawProblem(NAME_MISMATCH, ("name",), (), reader, writer, f"expected: {writer.fullname}")]

    def _fields(self, reader: Any, writer: Any) -> list[RawProblem]:
        out: list[RawProblem] = []
        for index, reader_field in enumerate(reader.fields):
            tokens, path = ("fields", str(index)), (Seg("field", reader_field.name),)
            writer_field = lookup_writer_field(writer, reader_field)
            if writer_field is not None:
                out += _prefix(self.problems(reader_field.type, writer_field.type), (*tokens, "type"), path)
            elif not reader_field.has_default:
                field_type = reader_field.type
                if kind_of(field_type) == "enum" and field_type.props.get("default"):
                    # Java compares the enum with the writer *record* here (and so always fails).
                    out += [
                        replace(p, reader_field=reader_field, writer_record=writer)
                        for p in _prefix(self.problems(field_type, writer), (*tokens, "type"), path)
                    ]
                else:
                    out.append(
                        RawProblem(
                            READER_FIELD_MISSING_DEFAULT_VALUE,
                            tokens,
                            path,
                            reader,
                            writer,
                            reader_field.name,
                            reader_field=reader_field,
                            writer_record=writer,
                        )
                    )
        return out

    def _reader_union(self, reader: Any, writer: Any) -> list[RawProblem]:
        closest: tuple[RawProblem, ...] = ()
        for branch in reader.schemas:
            found = self.problems(branch, writer)
            if not found:
                return []
            if kind_of(branch) == kind_of(writer) and not closest:
                closest = found
        detail = f"reader union lacking writer type: {kind_of(writer).upper()}"
        return [RawProblem(MISSING_UNION_BRANCH, (), (), reader, writer, detail, causes=closest)]

    def _mismatch(self, reader: Any, writer: Any) -> RawProblem:
        detail = f"reader type: {kind_of(reader).upper()} not compatible with writer type: {kind_of(writer).upper()}"
        return RawProblem(TYPE_MISMATCH, (), (), reader, writer, detail)


def explain(reader: Any, writer: Any) -> list[RawProblem]:
    """Every incompatibility of reading `writer` data with `reader` (``avro.schema.Schema`` objects)."""
    return list(Walker().problems(reader, writer))
