"""Schema check benchmark: pairs/s of `copilot.schema.compatibility.check` next to the plain
`avro` package's ReaderWriterCompatibilityChecker, both starting from the schemas' JSON text.

    python benchmarks/schema_bench.py [--seconds 3] [--runs 3]

Target (issue 12): copilot >= 0.8x the plain checker's pairs/s.  The pairs are a mix of
compatible and incompatible evolutions of a mid-sized record (nested record, enum, array, map,
unions), checked under BACKWARD; pairs per CPU second of this process and per wall second, each the
median of alternating runs (CPU is what a loaded machine disturbs least).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
import warnings

from common import verdict


def _order(extra: list[dict] | None = None, amount: str = "long", status: list[str] | None = None) -> str:
    fields = [
        {"name": "id", "type": "string"},
        {"name": "customer", "type": {"type": "record", "name": "Customer", "fields": [
            {"name": "id", "type": "string"},
            {"name": "email", "type": ["null", "string"], "default": None},
            {"name": "tier", "type": "int", "default": 0},
        ]}},
        {"name": "amount", "type": amount},
        {"name": "currency", "type": "string", "default": "EUR"},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": status or ["NEW", "PAID", "SHIPPED"]}},
        {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line", "fields": [
            {"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}, {"name": "price", "type": "long"},
        ]}}},
        {"name": "attributes", "type": {"type": "map", "values": "string"}, "default": {}},
        {"name": "created", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    ] + [{"name": f"f{i}", "type": ["null", "string"], "default": None} for i in range(12)]
    fields += extra or []
    return json.dumps({"type": "record", "name": "Order", "namespace": "com.acme", "fields": fields})  # fmt: skip


def pairs() -> list[tuple[str, str]]:
    """(new, old) text pairs: BACKWARD asks whether `new` reads `old`."""
    old = _order()
    return [
        (_order([{"name": "note", "type": ["null", "string"], "default": None}]), old),  # compatible
        (_order([{"name": "note", "type": "string"}]), old),  # incompatible: no default
        (_order(amount="double"), _order(amount="int")),  # compatible: promotion
        (_order(amount="int"), _order(amount="long")),  # incompatible: narrowing
        (_order(status=["NEW", "PAID"]), old),  # incompatible: symbol removed
        (old, old),  # unchanged
    ]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def rate(check, work: list[tuple[str, str]], seconds: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(pairs per CPU second, pairs per wall second) over about `seconds` of CPU."""
    done, start, wall = 0, _cpu(), time.perf_counter()
    while _cpu() - start < seconds:
        for new, old in work:
            check(new, old)
        done += len(work)
    return done / (_cpu() - start), done / (time.perf_counter() - wall)


def plain_avro(new: str, old: str) -> bool:
    import avro.schema
    from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader, writer = avro.schema.parse(new), avro.schema.parse(old)
    result = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
    return result.compatibility is SchemaCompatibilityType.compatible


def copilot_check(new: str, old: str) -> bool:
    from copilot.schema.compatibility import check

    return check(new, [old], "BACKWARD").compatible


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0, help="CPU seconds per measurement")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = pairs()
    verdicts = [plain_avro(n, o) for n, o in work]
    assert verdicts == [copilot_check(n, o) for n, o in work], "the two checkers disagree"
    avro_rates, ours = [], []
    for _ in range(args.runs):
        avro_rates.append(rate(plain_avro, work, args.seconds))
        ours.append(rate(copilot_check, work, args.seconds))
    a_cpu, c_cpu = statistics.median(r[0] for r in avro_rates), statistics.median(r[0] for r in ours)
    a_wall, c_wall = statistics.median(r[1] for r in avro_rates), statistics.median(r[1] for r in ours)
    print(f"plain avro checker  {a_cpu:8.0f} pairs/s (cpu)  {a_wall:8.0f} pairs/s (wall)   verdicts {verdicts}")
    print(f"copilot check       {c_cpu:8.0f} pairs/s (cpu)  {c_wall:8.0f} pairs/s (wall)   (median of {args.runs} alternating runs of {args.seconds:g} cpu-s)")
    print(verdict("schema check pairs/s vs plain avro (cpu)", c_cpu / a_cpu, 0.8, "x", higher_is_better=True))
    print(verdict("schema check pairs/s vs plain avro (wall)", c_wall / a_wall, 0.8, "x", higher_is_better=True))

if __name__ == "__main__":
    main()
