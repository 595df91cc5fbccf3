"""Compatibility verdicts exactly as Confluent Schema Registry gives them, with every problem explained.

The verdict comes from the ``avro`` package's ``ReaderWriterCompatibilityChecker`` (a port of the
Java ``SchemaCompatibility`` the registry calls); ``explain`` re-walks the same schemas to say where
each problem is, and ``words`` says why it matters and how to fix it.

- ``can_read(reader, writer)``: can data written with `writer` be read with `reader`?
- ``check(new, previous, mode)``: would the registry accept `new` after `previous` (oldest first)?
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from copilot.errors import CopilotError
from copilot.schema.errors import SchemaError
from copilot.schema.explain import KINDS, RawProblem, explain
from copilot.schema.parse import AvroSchema, as_schema
from copilot.schema.rollout import MODES, Rollout, rollout_for
from copilot.schema.words import describe

BACKWARD_DIRECTION = "new reads old"
FORWARD_DIRECTION = "old reads new"


@dataclass
class Problem:
    kind: str  # one of explain.KINDS (the registry's SchemaIncompatibilityType)
    location: str  # JSON pointer in the reader schema, as the registry reports it (/fields/2/type)
    field: str | None  # Order.customer.email
    message: str  # what is wrong, in plain English
    remedy: str  # how to fix it, concretely
    detail: str = ""  # the registry's own message ("reader type: INT not compatible with writer type: LONG")
    impact: str = ""  # who breaks: producers / consumers
    version: int | None = None  # check(): index into `previous`
    direction: str | None = None  # check(): "new reads old" (BACKWARD) or "old reads new" (FORWARD)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PairResult:
    compatible: bool
    problems: list[Problem]
    reader: AvroSchema
    writer: AvroSchema

    def to_json(self) -> dict[str, Any]:
        return {"compatible": self.compatible, "problems": [p.to_json() for p in self.problems]}


@dataclass
class CheckResult:
    compatible: bool
    mode: str
    problems: list[Problem]
    failed_version: int | None
    rollout: Rollout
    new: AvroSchema
    previous: list[AvroSchema]
    checked: list[int] = field(default_factory=list)  # versions compared, in the order the registry does

    def to_json(self) -> dict[str, Any]:
        return {
            "compatible": self.compatible,
            "mode": self.mode,
            "problems": [p.to_json() for p in self.problems],
            "failed_version": self.failed_version,
            "checked": self.checked,
            "rollout": self.rollout.to_json(),
        }


def registry_verdict(reader: AvroSchema, writer: AvroSchema) -> tuple[bool, Any]:
    """The verdict of the avro package's port of Java SchemaCompatibility, and its raw result."""
    import avro.compatibility as checker_module
    from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

    # The checker looks a writer field up through `fields_dict`, which avro rebuilds on every
    # access: quadratic in the field count (a 10,000-field record took minutes).  For this call
    # it uses our lookup instead: the same rule (name, then the reader's aliases), over a dict
    # built once per schema object.
    original = checker_module.lookup_writer_field
    checker_module.lookup_writer_field = _lookup_writer_field
    try:
        result = ReaderWriterCompatibilityChecker().get_compatibility(reader.avro, writer.avro)
    finally:
        checker_module.lookup_writer_field = original
    return result.compatibility is SchemaCompatibilityType.compatible, result


def _lookup_writer_field(writer_schema: Any, reader_field: Any) -> Any:
    from copilot.schema.explain import lookup_writer_field

    return lookup_writer_field(writer_schema, reader_field)


def _problem(raw: RawProblem, perspective: str) -> Problem:
    words = describe(raw, perspective)
    return Problem(
        kind=raw.kind,
        location=raw.location,
        field=raw.field_path,
        message=words.message,
        remedy=words.remedy,
        detail=raw.detail,
        impact=words.impact,
    )


def _fallback(result: Any) -> list[Problem]:
    """Only if the re-walk found nothing the checker did: report the checker's own words."""
    kinds = [k.name.upper() for k in result.incompatibilities] or ["TYPE_MISMATCH"]
    kind = kinds[0] if kinds[0] in KINDS else "TYPE_MISMATCH"
    return [
        Problem(
            kind=kind,
            location=sorted(result.locations)[0] if result.locations else "/",
            field=None,
            message="; ".join(sorted(result.messages)) or "the schemas are incompatible",
            remedy="compare the two schemas at this location, or publish a new topic/version and migrate",
            detail="; ".join(sorted(result.messages)),
        )
    ]


def _pair(reader: AvroSchema, writer: AvroSchema, perspective: str) -> PairResult:
    try:
        compatible, result = registry_verdict(reader, writer)
        if compatible:
            return PairResult(True, [], reader, writer)
        problems = [_problem(raw, perspective) for raw in explain(reader.avro, writer.avro)]
    except RecursionError:
        raise SchemaError("schemas nested too deeply to compare", source=reader.source) from None
    return PairResult(False, problems or _fallback(result), reader, writer)


def can_read(reader: Any, writer: Any) -> PairResult:
    """Can data written with `writer` be read with `reader`?  Each is JSON text, a JSON value or an AvroSchema."""
    return _pair(as_schema(reader, "<reader schema>"), as_schema(writer, "<writer schema>"), "reader")


def normalize_mode(mode: str) -> str:
    upper = str(mode).strip().upper().replace("-", "_")
    if upper not in MODES:
        raise CopilotError(f"unknown compatibility mode {mode!r} (one of {', '.join(MODES)})")
    return upper


def check(new: Any, previous: list[Any], mode: str = "BACKWARD") -> CheckResult:
    """Would Schema Registry accept `new` after `previous` (oldest first) under `mode`?

    Plain modes compare with the latest version only; transitive modes go from the newest to the
    oldest and stop at the first version that fails; FULL checks both directions; NONE checks nothing.
    """
    mode = normalize_mode(mode)
    new_schema = as_schema(new, "<new schema>")
    olds = [as_schema(p, f"<previous schema {i}>") for i, p in enumerate(previous)]
    out = CheckResult(True, mode, [], None, rollout_for(mode), new_schema, olds)
    if mode == "NONE" or not olds:
        return out
    base = mode.replace("_TRANSITIVE", "")
    indices = list(range(len(olds) - 1, -1, -1)) if mode.endswith("_TRANSITIVE") else [len(olds) - 1]
    for index in indices:
        out.checked.append(index)
        found: list[Problem] = []
        if base in ("BACKWARD", "FULL"):
            pair = _pair(new_schema, olds[index], "backward")
            found += [replace(p, version=index, direction=BACKWARD_DIRECTION) for p in pair.problems]
        if base in ("FORWARD", "FULL"):
            pair = _pair(olds[index], new_schema, "forward")
            found += [replace(p, version=index, direction=FORWARD_DIRECTION) for p in pair.problems]
        if found:
            out.compatible, out.problems, out.failed_version = False, found, index
            break
    return out
