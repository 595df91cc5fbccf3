"""Property tests with real data: whenever the checker says "compatible", fastavro must decode data
written with the writer schema through the reader schema to what the Avro resolution rules give.

Schema pairs come from random evolutions (schema_gen); expected values are computed independently
(avro_values.resolve), never by the checker or fastavro.  For a curated set of incompatible pairs,
a concrete record fails to decode.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import fastavro
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copilot.schema.compatibility import can_read
from tests.schema.avro_values import normalize, resolve, roundtrip
from tests.schema.schema_gen import evolutions, values

STATS: Counter[str] = Counter()
MAX_EXAMPLES = 300


def _find_str_for_bytes(got: Any, expected: Any) -> bool:
    """fastavro returns a bytes/fixed field's *default* as the JSON string, not as bytes."""
    if isinstance(got, str) and isinstance(expected, bytes):
        return got.encode("latin-1") == expected
    if isinstance(got, dict) and isinstance(expected, dict) and got.keys() == expected.keys():
        return all(g == e or _find_str_for_bytes(g, e) for g, e in ((got[k], expected[k]) for k in got))
    if isinstance(got, list) and isinstance(expected, list) and len(got) == len(expected):
        return all(g == e or _find_str_for_bytes(g, e) for g, e in zip(got, expected, strict=True))
    return False


def _check_decode(writer: dict, reader: dict, record: Any) -> str:
    """Decode with fastavro and compare with the spec; returns the outcome's name (raises on a real bug)."""
    try:
        expected = normalize(resolve(writer, reader, record), reader)
    except UnicodeDecodeError:
        # bytes -> string is a legal promotion, but these bytes are not UTF-8: no string to give
        with pytest.raises(UnicodeDecodeError):
            roundtrip(writer, reader, record)
        return "known: bytes read as string are not UTF-8 (fastavro raises)"
    got = normalize(roundtrip(writer, reader, record), reader)
    if got == expected:
        return "decoded as the spec says"
    if _find_str_for_bytes(got, expected):
        return "known: fastavro returns a bytes/fixed default as str"
    raise AssertionError(
        f"fastavro decoded {got!r}, the spec says {expected!r}\nwriter={writer}\nreader={reader}"
    )


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(pair=evolutions(), data=st.data())
def _compatible_pairs_decode(pair: tuple[dict, dict, list[str]], data: st.DataObject) -> None:
    old, new, _steps = pair
    for direction, reader, writer in (("backward", new, old), ("forward", old, new)):
        STATS["pairs checked"] += 1
        verdict = can_read(reader, writer)
        if not verdict.compatible:
            STATS[f"incompatible ({direction})"] += 1
            assert verdict.problems, "an incompatible verdict must say why"
            record = data.draw(values(writer))
            try:
                roundtrip(writer, reader, record)
                kinds = ", ".join(sorted({p.kind for p in verdict.problems}))
                STATS[f"incompatible, yet this record decoded ({kinds})"] += 1
            except Exception:  # noqa: BLE001 - any failure to decode is the point
                STATS["incompatible: fastavro failed to decode the record"] += 1
            continue
        STATS[f"compatible ({direction})"] += 1
        for record in data.draw(st.lists(values(writer), min_size=1, max_size=3)):
            STATS["records decoded"] += 1
            STATS[_check_decode(writer, reader, record)] += 1


def test_compatible_verdicts_decode_with_fastavro_as_the_spec_says() -> None:
    STATS.clear()
    _compatible_pairs_decode()
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(STATS.items()))
    print(f"\nhypothesis schema pairs: {summary}")
    assert STATS["pairs checked"] >= 2 * MAX_EXAMPLES
    assert STATS["compatible (backward)"] + STATS["compatible (forward)"] >= MAX_EXAMPLES // 2
    assert STATS["incompatible (backward)"] + STATS["incompatible (forward)"] >= MAX_EXAMPLES // 4
    assert STATS["decoded as the spec says"] >= MAX_EXAMPLES


# -- curated incompatible pairs: a concrete record that breaks ------------------------------------

ORDER = {"type": "record", "name": "Order", "namespace": "shop", "fields": [{"name": "id", "type": "long"}]}


def _order(*fields: dict, name: str = "Order") -> dict:
    return {**ORDER, "name": name, "fields": [*ORDER["fields"], *fields]}


INCOMPATIBLE = [
    pytest.param(
        _order({"name": "email", "type": "string"}),
        _order(),
        {"id": 1},
        "READER_FIELD_MISSING_DEFAULT_VALUE",
        id="new-field-without-default",
    ),
    pytest.param(
        _order({"name": "qty", "type": "int"}),
        _order({"name": "qty", "type": "long"}),
        {"id": 1, "qty": 2**40},
        "TYPE_MISMATCH",
        id="long-narrowed-to-int",
    ),
    pytest.param(
        _order({"name": "qty", "type": "string"}),
        _order({"name": "qty", "type": "int"}),
        {"id": 1, "qty": 7},
        "TYPE_MISMATCH",
        id="int-to-string",
    ),
    pytest.param(
        _order(name="Purchase"),
        _order(),
        {"id": 1},
        "NAME_MISMATCH",
        id="record-renamed-without-alias",
    ),
    pytest.param(
        _order({"name": "s", "type": {"type": "enum", "name": "S", "symbols": ["NEW"]}}),
        _order({"name": "s", "type": {"type": "enum", "name": "S", "symbols": ["NEW", "PAID"]}}),
        {"id": 1, "s": "PAID"},
        "MISSING_ENUM_SYMBOLS",
        id="enum-symbol-removed",
    ),
    pytest.param(
        _order({"name": "n", "type": ["null", "string"]}),
        _order({"name": "n", "type": ["null", "string", "long"]}),
        {"id": 1, "n": 5},
        "MISSING_UNION_BRANCH",
        id="union-branch-missing",
    ),
    pytest.param(
        _order({"name": "n", "type": "string"}),
        _order({"name": "n", "type": ["null", "string"]}),
        {"id": 1, "n": None},
        "TYPE_MISMATCH",
        id="optional-made-required",
    ),
    pytest.param(
        _order({"name": "h", "type": {"type": "fixed", "name": "H", "size": 4}}),
        _order({"name": "h", "type": {"type": "fixed", "name": "H", "size": 8}}),
        {"id": 1, "h": b"12345678"},
        "FIXED_SIZE_MISMATCH",
        id="fixed-resized",
    ),
]


@pytest.mark.parametrize(("reader", "writer", "record", "kind"), INCOMPATIBLE)
def test_incompatible_pairs_have_a_record_that_fails_to_decode(
    reader: dict, writer: dict, record: dict, kind: str
) -> None:
    verdict = can_read(reader, writer)
    assert not verdict.compatible
    assert kind in [p.kind for p in verdict.problems]
    with pytest.raises(Exception) as failure:  # noqa: PT011 - fastavro raises several types
        roundtrip(writer, reader, record)
    assert not isinstance(failure.value, AssertionError)
    # the same record written and read with the writer's own schema is fine
    assert roundtrip(writer, writer, record) == record


def test_fastavro_schema_objects_from_the_parser_roundtrip() -> None:
    from copilot.schema.parse import as_schema

    schema = as_schema(_order({"name": "n", "type": ["null", "string"], "default": None}))
    import io

    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, schema.fastavro, {"id": 3, "n": "x"})
    buf.seek(0)
    assert fastavro.schemaless_reader(buf, schema.fastavro, None) == {"id": 3, "n": "x"}
