"""Compatibility verdicts exactly as Confluent Schema Registry gives them, with every problem explained.

The registry calls Apache Avro's Java ``SchemaCompatibility``; ``explain`` walks the two schemas
with the same rules, in the same order, recording where and why each problem is, so its findings
are the verdict: compatible when it finds none.  The ``avro`` package's port of that checker is
the reference the tests hold it to (every conformance pair, with Java's messages, and random schema
evolutions in both directions); asking the port as well cost as much again as the walk.

- ``can_read(reader, writer)``: can data written with `writer` be read with `reader`?
- ``check(new, previous, mode)``: would the registry accept `new` after `previous` (oldest first)?
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from copilot.errors import CopilotError
from copilot.schema.errors import SchemaError
from copilot.schema.explain import RawProblem, explain
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


def _pair(reader: AvroSchema, writer: AvroSchema, perspective: str) -> PairResult:
    try:
        raws = explain(reader.avro, writer.avro)
        if not raws:
            return PairResult(True, [], reader, writer)
    except RecursionError:
        raise SchemaError("schemas nested too deeply to compare", source=reader.source) from None
    return PairResult(False, [_problem(raw, perspective) for raw in raws], reader, writer)


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
