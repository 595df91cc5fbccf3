"""can_read and check: every problem kind and every mode, both verdicts, with locations, field paths
and remedies; transitive histories; and the explanations agree with Java's on the conformance cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from copilot.errors import CopilotError
from copilot.schema.compatibility import (
    BACKWARD_DIRECTION,
    FORWARD_DIRECTION,
    can_read,
    check,
)
from copilot.schema.explain import explain
from copilot.schema.parse import as_schema, parse_protocol

CASES = Path(__file__).resolve().parent / "conformance" / "avro-compat-cases.jsonl"


def record(*fields: dict, name: str = "Order", namespace: str = "shop", **extra: Any) -> dict:
    return {"type": "record", "name": name, "namespace": namespace, "fields": list(fields), **extra}


def f(name: str, type_: Any, **extra: Any) -> dict:
    return {"name": name, "type": type_, **extra}


ID = f("id", "long")
CUSTOMER = {"type": "record", "name": "Customer", "fields": [f("name", "string")]}


def customer(*fields: dict) -> dict:
    return {**CUSTOMER, "fields": [f("name", "string"), *fields]}


def avro_checker_verdict(reader: Any, writer: Any) -> bool:
    """The reference the verdicts are held to: the `avro` package's port of Java SchemaCompatibility."""
    from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

    result = ReaderWriterCompatibilityChecker().get_compatibility(reader.avro, writer.avro)
    return result.compatibility is SchemaCompatibilityType.compatible


def only(result: Any) -> Any:
    assert not result.compatible
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


# -- READER_FIELD_MISSING_DEFAULT_VALUE ----------------------------------------------------------


def test_nested_field_without_default_names_the_field_path_and_suggests_a_default() -> None:
    writer = record(ID, f("customer", customer()))
    reader = record(ID, f("customer", customer(f("email", "string"))))
    problem = only(can_read(reader, writer))
    assert problem.kind == "READER_FIELD_MISSING_DEFAULT_VALUE"
    assert problem.location == "/fields/1/type/fields/1"
    assert problem.field == "Order.customer.email"
    assert problem.detail == "email"
    assert '"default": ""' in problem.remedy
    assert '["null", "string"] with "default": null' in problem.remedy
    # with a default it reads fine
    fixed = record(ID, f("customer", customer(f("email", "string", default=""))))
    assert can_read(fixed, writer).compatible


def test_a_likely_rename_suggests_an_alias_and_the_alias_makes_it_compatible() -> None:
    writer = record(ID, f("email", "string"))
    reader = record(ID, f("email_address", "string"))
    problem = only(can_read(reader, writer))
    assert 'add "aliases": ["email"] to `email_address`' in problem.remedy
    assert can_read(record(ID, f("email_address", "string", aliases=["email"])), writer).compatible


def test_optional_field_without_default_suggests_default_null() -> None:
    problem = only(can_read(record(ID, f("note", ["null", "string"])), record(ID)))
    assert problem.remedy == 'add "default": null to `note`'


# -- TYPE_MISMATCH -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("writer", "reader"),
    [
        ("int", "long"),
        ("int", "float"),
        ("int", "double"),
        ("long", "float"),
        ("long", "double"),
        ("float", "double"),
        ("string", "bytes"),
        ("bytes", "string"),
    ],
)
def test_promotions_are_compatible_one_way(writer: str, reader: str) -> None:
    assert can_read(record(f("x", reader)), record(f("x", writer))).compatible
    if {writer, reader} != {"string", "bytes"}:
        problem = only(can_read(record(f("x", writer)), record(f("x", reader))))
        assert problem.kind == "TYPE_MISMATCH"
        assert problem.location == "/fields/0/type"
        assert problem.field == "Order.x"
        assert f"never narrows {reader} back to {writer}" in problem.message


def test_type_mismatch_inside_arrays_and_maps() -> None:
    writer = record(
        f("tags", {"type": "array", "items": "string"}), f("attrs", {"type": "map", "values": "long"})
    )
    reader = record(
        f("tags", {"type": "array", "items": "int"}), f("attrs", {"type": "map", "values": "int"})
    )
    result = can_read(reader, writer)
    assert [(p.kind, p.location, p.field) for p in result.problems] == [
        ("TYPE_MISMATCH", "/fields/0/type/items", "Order.tags[]"),
        ("TYPE_MISMATCH", "/fields/1/type/values", "Order.attrs{}"),
    ]
    assert result.problems[0].detail == "reader type: INT not compatible with writer type: STRING"
    assert "widen `tags[]` to a union that also holds string" in result.problems[0].remedy


def test_reading_an_optional_field_as_required_says_widen_to_a_union_with_null() -> None:
    writer = record(f("note", ["null", "string"]))
    problem = only(can_read(record(f("note", "string")), writer))
    assert problem.kind == "TYPE_MISMATCH"
    assert problem.location == "/fields/0/type/0"  # the writer's null branch
    assert 'widen `note` to a union with null: ["null", "string"] with "default": null' in problem.remedy
    assert can_read(record(f("note", ["null", "string"])), writer).compatible


def test_top_level_mismatch_has_no_field() -> None:
    problem = only(can_read("int", "string"))
    assert (problem.kind, problem.location, problem.field) == ("TYPE_MISMATCH", "/", None)


# -- NAME_MISMATCH -------------------------------------------------------------------------------


def test_renamed_record_needs_an_alias() -> None:
    writer = record(ID, name="Order")
    problem = only(can_read(record(ID, name="Purchase"), writer))
    assert (problem.kind, problem.location, problem.field) == ("NAME_MISMATCH", "/name", "Purchase")
    assert problem.detail == "expected: shop.Order"
    assert 'add "aliases": ["shop.Order"] to record `Purchase`' in problem.remedy
    assert can_read(record(ID, name="Purchase", aliases=["shop.Order"]), writer).compatible


def test_unqualified_alias_is_qualified_by_the_namespace_as_java_does() -> None:
    # Java resolves an alias without a dot in the type's own namespace; the avro package's port does not.
    writer = record(ID, name="Order")
    assert can_read(record(ID, name="Purchase", aliases=["Order"]), writer).compatible


def test_namespace_only_change_is_compatible_java_compares_simple_names() -> None:
    assert can_read(record(ID, namespace="billing"), record(ID, namespace="shop")).compatible


# -- MISSING_ENUM_SYMBOLS ------------------------------------------------------------------------


def status(*symbols: str, **extra: Any) -> dict:
    return {"type": "enum", "name": "Status", "symbols": list(symbols), **extra}


def test_missing_enum_symbols_and_the_enum_default_remedy() -> None:
    writer = record(f("status", status("NEW", "PAID", "SHIPPED")))
    problem = only(can_read(record(f("status", status("NEW", "PAID"))), writer))
    assert (problem.kind, problem.location, problem.field) == (
        "MISSING_ENUM_SYMBOLS",
        "/fields/0/type/symbols",
        "Order.status",
    )
    assert problem.detail == "[SHIPPED]"
    assert "add [SHIPPED] to enum `Status`" in problem.remedy
    assert 'default symbol ("default": "NEW"' in problem.remedy
    assert can_read(record(f("status", status("NEW", "PAID", default="NEW"))), writer).compatible
    assert can_read(record(f("status", status("NEW", "PAID", "SHIPPED", "LOST"))), writer).compatible


# -- MISSING_UNION_BRANCH ------------------------------------------------------------------------


def test_missing_union_branch_in_union_and_non_union_writers() -> None:
    reader = record(f("v", ["null", "string"]))
    result = can_read(reader, record(f("v", ["null", "string", "long"])))
    problem = only(result)
    assert (problem.kind, problem.location, problem.field) == (
        "MISSING_UNION_BRANCH",
        "/fields/0/type/2",
        "Order.v",
    )
    assert problem.detail == "reader union lacking writer type: LONG"
    assert problem.remedy == "add long to the union of `v`"
    problem = only(can_read(reader, record(f("v", "int"))))
    assert (problem.kind, problem.location) == ("MISSING_UNION_BRANCH", "/fields/0/type")
    assert can_read(reader, record(f("v", "string"))).compatible
    assert can_read(record(f("v", ["null", "string", "long"])), record(f("v", ["null", "int"]))).compatible


def test_union_branch_record_that_cannot_read_says_why() -> None:
    writer = record(f("c", ["null", customer(f("email", "string"))]))
    reader = record(f("c", ["null", customer(f("phone", "string"))]))
    problem = only(can_read(reader, writer))
    assert problem.kind == "MISSING_UNION_BRANCH"
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in problem.message
    assert "add a default to `phone`" in problem.remedy


# -- FIXED_SIZE_MISMATCH -------------------------------------------------------------------------


def test_fixed_size_mismatch() -> None:
    hash4 = {"type": "fixed", "name": "Hash", "size": 4}
    problem = only(can_read(record(f("h", hash4)), record(f("h", {**hash4, "size": 8}))))
    assert (problem.kind, problem.location, problem.field) == (
        "FIXED_SIZE_MISMATCH",
        "/fields/0/type/size",
        "Order.h",
    )
    assert problem.detail == "expected: 8, found: 4"
    assert "new topic" in problem.remedy
    assert can_read(record(f("h", hash4)), record(f("h", hash4))).compatible


# -- recursion, protocols, inputs ----------------------------------------------------------------


def test_recursive_schemas_terminate() -> None:
    def node(extra: list[dict]) -> dict:
        return {
            "type": "record",
            "name": "Node",
            "fields": [f("v", "int"), f("next", ["null", "Node"], default=None), *extra],
        }

    assert can_read(node([]), node([])).compatible
    problem = only(can_read(node([f("w", "int")]), node([])))
    assert (problem.kind, problem.field) == ("READER_FIELD_MISSING_DEFAULT_VALUE", "Node.w")


def test_protocol_error_types_are_records_for_the_checker() -> None:
    v1 = parse_protocol(
        {"protocol": "P", "types": [{"type": "error", "name": "Oops", "fields": [f("why", "string")]}]}
    )
    v2 = parse_protocol(
        {
            "protocol": "P",
            "types": [{"type": "error", "name": "Oops", "fields": [f("why", "string"), f("code", "int")]}],
        }
    )
    assert can_read(v1.types[0], v2.types[0]).compatible
    assert only(can_read(v2.types[0], v1.types[0])).kind == "READER_FIELD_MISSING_DEFAULT_VALUE"


def test_inputs_can_be_text_values_or_parsed_schemas() -> None:
    writer = record(ID)
    assert can_read(json.dumps(writer), writer).compatible
    assert can_read(as_schema(writer), json.dumps(writer)).compatible


# -- check(): modes -------------------------------------------------------------------------------

V1 = record(ID)
V2_ADD_DEFAULT = record(ID, f("note", "string", default=""))
V2_ADD_REQUIRED = record(ID, f("note", "string"))
V2_DROP_ID = record(f("note", "string", default=""))


@pytest.mark.parametrize(
    ("mode", "new", "compatible", "kinds_directions"),
    [
        ("BACKWARD", V2_ADD_DEFAULT, True, []),
        ("BACKWARD", V2_ADD_REQUIRED, False, [("READER_FIELD_MISSING_DEFAULT_VALUE", BACKWARD_DIRECTION)]),
        ("FORWARD", V2_ADD_REQUIRED, True, []),
        ("FORWARD", V2_DROP_ID, False, [("READER_FIELD_MISSING_DEFAULT_VALUE", FORWARD_DIRECTION)]),
        ("FULL", V2_ADD_DEFAULT, True, []),
        ("FULL", V2_ADD_REQUIRED, False, [("READER_FIELD_MISSING_DEFAULT_VALUE", BACKWARD_DIRECTION)]),
        ("FULL", V2_DROP_ID, False, [("READER_FIELD_MISSING_DEFAULT_VALUE", FORWARD_DIRECTION)]),
        ("NONE", V2_DROP_ID, True, []),
        ("NONE", "string", True, []),
    ],
)
def test_plain_modes(mode: str, new: Any, compatible: bool, kinds_directions: list[tuple[str, str]]) -> None:
    result = check(new, [V1], mode)
    assert result.mode == mode
    assert result.compatible is compatible
    assert [(p.kind, p.direction) for p in result.problems] == kinds_directions
    assert result.failed_version == (None if compatible else 0)
    assert all(p.version == 0 for p in result.problems)


def test_full_reports_both_directions_of_the_failing_version() -> None:
    new = record(f("id", "string"), f("note", "string"))
    result = check(new, [V1], "FULL")
    assert [(p.kind, p.direction, p.field) for p in result.problems] == [
        ("TYPE_MISMATCH", BACKWARD_DIRECTION, "Order.id"),
        ("READER_FIELD_MISSING_DEFAULT_VALUE", BACKWARD_DIRECTION, "Order.note"),
        ("TYPE_MISMATCH", FORWARD_DIRECTION, "Order.id"),
    ]
    backward, forward = result.problems[0], result.problems[2]
    assert backward.message.startswith("the new schema changes `Order.id` from long to string")
    assert forward.message.startswith("the new schema changes `Order.id` from long to string")
    assert "consumers on the new schema cannot read" in backward.impact
    assert "consumers still on the old schema" in forward.impact


def test_backward_message_speaks_of_consumers_and_old_records() -> None:
    problem = only(check(record(ID, f("email", "string")), [V1], "BACKWARD"))
    assert problem.impact == "consumers on the new schema cannot read records already written without `email`"
    assert problem.remedy.startswith("in the new schema, add a default to `email`")


def test_forward_enum_symbol_added_says_ship_a_default_first() -> None:
    old = record(f("s", status("NEW")))
    problem = only(check(record(f("s", status("NEW", "PAID"))), [old], "FORWARD"))
    assert problem.kind == "MISSING_ENUM_SYMBOLS"
    assert problem.direction == FORWARD_DIRECTION
    assert problem.impact == "consumers still on the old schema fail on any record carrying PAID"
    assert 'first ship a schema whose enum has a "default" symbol' in problem.remedy


def test_transitive_chain_where_each_step_passes_but_the_chain_does_not() -> None:
    # BACKWARD: new reads old.  v1 adds c with a default; v2 drops the default: v2 reads v1 data
    # (which always has c) but not v0 data (which never has it).
    v0 = record(ID)
    v1 = record(ID, f("c", "string", default=""))
    v2 = record(ID, f("c", "string"))
    assert check(v1, [v0], "BACKWARD").compatible
    assert check(v2, [v0, v1], "BACKWARD").compatible  # the latest only
    result = check(v2, [v0, v1], "BACKWARD_TRANSITIVE")
    assert not result.compatible
    assert result.failed_version == 0
    assert result.checked == [1, 0]  # newest first
    assert [(p.kind, p.field, p.version) for p in result.problems] == [
        ("READER_FIELD_MISSING_DEFAULT_VALUE", "Order.c", 0)
    ]
    assert result.rollout.key == "consumers-first"


def test_forward_transitive_chain() -> None:
    # FORWARD: old reads new.  v0 requires b; v1 gives b a default; v2 drops b.
    v0 = record(ID, f("b", "string"))
    v1 = record(ID, f("b", "string", default=""))
    v2 = record(ID)
    assert check(v1, [v0], "FORWARD").compatible
    assert check(v2, [v0, v1], "FORWARD").compatible
    result = check(v2, [v0, v1], "FORWARD_TRANSITIVE")
    assert (result.compatible, result.failed_version, result.checked) == (False, 0, [1, 0])
    assert [(p.kind, p.direction) for p in result.problems] == [
        ("READER_FIELD_MISSING_DEFAULT_VALUE", FORWARD_DIRECTION)
    ]


def test_full_transitive_stops_at_the_newest_failing_version() -> None:
    v0 = record(f("id", "string"))
    v1 = record(f("id", "int"))
    v2 = record(f("id", "int"), f("x", "int", default=0))
    result = check(v2, [v0, v1], "FULL_TRANSITIVE")
    assert (result.compatible, result.failed_version, result.checked) == (False, 0, [1, 0])
    assert {p.direction for p in result.problems} == {BACKWARD_DIRECTION, FORWARD_DIRECTION}
    assert check(v2, [v0, v1], "FULL").compatible


def test_transitive_modes_pass_when_every_version_passes() -> None:
    versions = [record(ID), record(ID, f("a", "int", default=0)), record(ID, f("a", "long", default=0))]
    assert check(versions[2], versions[:2], "BACKWARD_TRANSITIVE").compatible
    assert not check(versions[2], versions[:2], "FORWARD_TRANSITIVE").compatible


def test_no_previous_version_is_compatible_and_modes_are_validated() -> None:
    assert check(V1, [], "FULL_TRANSITIVE").compatible
    assert check(V1, [V1], "backward").mode == "BACKWARD"
    with pytest.raises(CopilotError, match="unknown compatibility mode"):
        check(V1, [V1], "SIDEWAYS")


@pytest.mark.parametrize(
    ("mode", "key", "start"),
    [
        ("BACKWARD", "consumers-first", "Upgrade consumers first"),
        ("BACKWARD_TRANSITIVE", "consumers-first", "Upgrade consumers first"),
        ("FORWARD", "producers-first", "Upgrade producers first"),
        ("FORWARD_TRANSITIVE", "producers-first", "Upgrade producers first"),
        ("FULL", "any-order", "Upgrade in any order"),
        ("FULL_TRANSITIVE", "any-order", "Upgrade in any order"),
        ("NONE", "coordinate", "No guarantee: coordinate"),
    ],
)
def test_rollout_order(mode: str, key: str, start: str) -> None:
    rollout = check(V2_ADD_DEFAULT, [V1], mode).rollout
    assert rollout.key == key
    assert rollout.sentence.startswith(start)
    assert rollout.to_json() == {"key": key, "sentence": rollout.sentence}


# -- agreement with the registry's engine and with Java's reported incompatibilities ---------------


def _pairs() -> list[dict]:
    rows = [json.loads(line) for line in CASES.read_text().splitlines() if line.strip()]
    skip = {"anonymous-record", "invalid-enum-default"}
    return [r for r in rows if r["kind"] == "pair" and not skip & set(r["tags"])]


def test_explanations_agree_with_the_checker_and_with_java_on_every_conformance_pair() -> None:
    detailed = 0
    for row in _pairs():
        reader, writer = as_schema(row["reader_schema"]), as_schema(row["writer_schema"])
        compatible = avro_checker_verdict(reader, writer)
        raws = explain(reader.avro, writer.avro)
        assert compatible == (not raws) == can_read(reader, writer).compatible, row["id"]
        if row.get("expected_messages") and row.get("expected_error_types"):
            detailed += 1
            expected = sorted(
                zip(
                    row["expected_error_types"],
                    [loc or "/" for loc in row["expected_locations"]],
                    row["expected_messages"],
                    strict=True,
                )
            )
            assert sorted((p.kind, p.location, p.detail) for p in raws) == expected, row["id"]
    assert detailed >= 60


def test_enum_default_does_not_stand_in_for_a_missing_field() -> None:
    # Java compares the reader's enum with the writer's *record* here, so the registry says TYPE_MISMATCH.
    reader = record(ID, f("s", status("NEW", "PAID", default="NEW")))
    problem = only(can_read(reader, record(ID)))
    assert (problem.kind, problem.location, problem.field) == ("TYPE_MISMATCH", "/fields/1/type", "Order.s")
    assert "never for a missing field" in problem.message
    assert problem.remedy == 'add "default": "NEW" to the field `s` itself'


def test_the_verdict_is_the_avro_checkers_on_random_evolutions() -> None:
    """Random schema evolutions (schema_gen), both directions: the walk that explains is the verdict,
    and it never disagrees with the avro package's checker."""
    from hypothesis import HealthCheck, given, settings

    from tests.schema.schema_gen import evolutions

    seen = {True: 0, False: 0}

    @settings(max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(pair=evolutions())
    def agree(pair: tuple[dict, dict, list[str]]) -> None:
        old, new, _steps = pair
        a, b = as_schema(new), as_schema(old)
        for reader, writer in ((a, b), (b, a)):
            verdict = can_read(reader, writer)
            assert verdict.compatible == avro_checker_verdict(reader, writer), (reader.json, writer.json)
            assert verdict.compatible == (not verdict.problems)
            seen[verdict.compatible] += 1

    agree()
    assert seen[True] >= 100 and seen[False] >= 50  # both verdicts were exercised
