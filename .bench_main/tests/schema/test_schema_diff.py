"""diff_schemas: every change in words, recursing into nested records, arrays, maps and unions."""

from __future__ import annotations

from typing import Any

from copilot.schema.diff import CHANGE_KINDS, diff_schemas


def record(*fields: dict, name: str = "Order", **extra: Any) -> dict:
    return {"type": "record", "name": name, "namespace": "shop", "fields": list(fields), **extra}


def f(name: str, type_: Any, **extra: Any) -> dict:
    return {"name": name, "type": type_, **extra}


def item(*fields: dict) -> dict:
    return {"type": "record", "name": "Item", "fields": [f("sku", "string"), *fields]}


OLD = record(
    f("id", "long"),
    f("email", "string"),
    f("status", {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "SHIPPED"]}),
    f("amount", "int", default=0),
    f("items", {"type": "array", "items": item(f("qty", "int", default=1))}),
    f("attrs", {"type": "map", "values": "string"}),
    f(
        "payment",
        ["null", {"type": "record", "name": "Card", "fields": [f("number", "string")]}],
        default=None,
    ),
    f("legacy", "string", default=""),
    doc="An order.",
)
NEW = record(
    f("id", "long"),
    f("email_address", "string", aliases=["email"]),
    f(
        "status",
        {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID", "CANCELLED"], "default": "NEW"},
    ),
    f("amount", "long", default=5),
    f(
        "items",
        {"type": "array", "items": item(f("qty", "long", default=1), f("price", "double", default=0))},
    ),
    f("attrs", {"type": "map", "values": ["null", "string"]}),
    f(
        "payment",
        [
            "null",
            {"type": "record", "name": "Card", "fields": [f("number", "string"), f("cvv", "string")]},
            "string",
        ],
        default=None,
    ),
    f("note", ["null", "string"], default=None),
    f("country", "string"),
    doc="An order placed in the shop.",
)


def changes() -> list[tuple[str, str | None]]:
    return [(c.kind, c.field) for c in diff_schemas(OLD, NEW)]


def test_every_change_is_found_with_its_field_path() -> None:
    assert sorted(changes(), key=str) == sorted(
        [
            ("doc_changed", None),
            ("field_added", "Order.note"),
            ("field_added", "Order.country"),
            ("field_removed", "Order.legacy"),
            ("field_renamed", "Order.email_address"),
            ("enum_symbols_added", "Order.status"),
            ("enum_symbols_removed", "Order.status"),
            ("enum_default_changed", "Order.status"),
            ("default_changed", "Order.amount"),
            ("type_changed", "Order.amount"),
            ("field_added", "Order.items[].price"),
            ("type_changed", "Order.items[].qty"),
            ("union_branches_added", "Order.attrs{}"),
            ("union_branches_added", "Order.payment"),
            ("field_added", "Order.payment.cvv"),
        ],
        key=str,
    )
    assert {c.kind for c in diff_schemas(OLD, NEW)} <= set(CHANGE_KINDS)


def test_messages_say_it_in_words() -> None:
    by_field = {(c.kind, c.field): c for c in diff_schemas(OLD, NEW)}
    assert (
        by_field[("field_added", "Order.country")].message
        == "added field `Order.country` (string) without a default"
    )
    assert by_field[("field_added", "Order.note")].message == (
        "added field `Order.note` (union [null, string]) with default null"
    )
    assert (
        by_field[("field_removed", "Order.legacy")].message
        == "removed field `Order.legacy` (string) (it had a default)"
    )
    assert by_field[("field_renamed", "Order.email_address")].message == (
        "renamed field `Order.email` to `Order.email_address` (the new field lists `email` as an alias)"
    )
    assert by_field[("enum_symbols_removed", "Order.status")].message == (
        "removed symbols [SHIPPED] from enum `Status` (`Order.status`)"
    )
    amount = by_field[("type_changed", "Order.amount")]
    assert amount.message.startswith("changed the type of `Order.amount` from int to long (a promotion")
    assert (amount.old, amount.new) == ("int", "long")
    assert (
        by_field[("default_changed", "Order.amount")].message
        == "changed the default of `Order.amount` from 0 to 5"
    )
    assert by_field[("union_branches_added", "Order.attrs{}")].message == (
        "widened `Order.attrs{}` from string to union [null, string] (now optional)"
    )
    assert (
        by_field[("union_branches_added", "Order.payment")].message
        == "added string to the union of `Order.payment`"
    )


def test_doc_only_changes_are_doc_only() -> None:
    old = record(f("id", "long", doc="the id"), doc="v1")
    new = record(f("id", "long", doc="the order id"), doc="v2")
    found = diff_schemas(old, new)
    assert [c.kind for c in found] == ["doc_changed", "doc_changed"]
    assert all("documentation only" in c.message for c in found)
    assert diff_schemas(old, old) == []


def test_defaults_added_and_removed_and_narrowing() -> None:
    old = record(
        f("a", "string"),
        f("b", "string", default="x"),
        f("c", ["null", "long"], default=None),
        f("d", "double"),
    )
    new = record(f("a", "string", default=""), f("b", "string"), f("c", "long", default=0), f("d", "int"))
    found = {(c.kind, c.field): c.message for c in diff_schemas(old, new)}
    assert found[("default_added", "Order.a")] == 'gave `Order.a` a default: ""'
    assert found[("default_removed", "Order.b")] == 'removed the default of `Order.b` (was "x")'
    assert (
        found[("union_branches_removed", "Order.c")] == "narrowed `Order.c` from union [null, long] to long"
    )
    assert found[("type_changed", "Order.d")] == (
        "changed the type of `Order.d` from double to int (a narrowing: readers on the old schema still read int "
        "as double, but the new schema cannot read old double values)"
    )


def test_renamed_types_fixed_sizes_logical_types_and_order() -> None:
    old = record(
        f("h", {"type": "fixed", "name": "Hash", "size": 16}),
        f("t", {"type": "long", "logicalType": "timestamp-millis"}),
        f("k", "string"),
        f("z", "int"),
    )
    new = record(
        f("z", "int"),
        f("h", {"type": "fixed", "name": "Hash", "size": 32}),
        f("t", {"type": "long", "logicalType": "timestamp-micros"}),
        f("k", "string", order="descending"),
        name="Purchase",
        aliases=["shop.Order"],
    )
    found = {c.kind: c.message for c in diff_schemas(old, new)}
    assert found["type_renamed"] == (
        "renamed record `shop.Order` to `shop.Purchase` at record `Purchase` (the new one lists the old name as an alias)"
    )
    assert (
        found["fixed_size_changed"] == "changed the size of fixed `Hash` at `Purchase.h` from 16 to 32 bytes"
    )
    assert found["logical_type_changed"].startswith(
        "changed the logical type of `Purchase.t` from timestamp-millis to timestamp-micros"
    )
    assert found["order_changed"] == "changed the sort order of `Purchase.k` from ascending to descending"
    assert "fields_reordered" in found
    assert "aliases_changed" in found


def test_recursive_types_do_not_loop() -> None:
    def node(*extra: dict) -> dict:
        return {
            "type": "record",
            "name": "Node",
            "fields": [f("next", ["null", "Node"], default=None), *extra],
        }

    assert [(c.kind, c.field) for c in diff_schemas(node(), node(f("v", "int", default=0)))] == [
        ("field_added", "Node.v")
    ]


def test_unrelated_types_are_a_type_change() -> None:
    [change] = diff_schemas('"string"', '{"type": "array", "items": "string"}')
    assert change.kind == "type_changed"
    assert change.field is None
    assert (
        change.message
        == "changed the type of the schema from string to array<string> (not a promotion Avro can resolve in either direction)"
    )
