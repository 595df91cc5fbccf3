"""Parsing: named types, namespaces, aliases, logical types, defaults, canonical form, protocols,
inline schemas, and the one-line errors for bad input (library and CLI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastavro.schema import fingerprint, to_parsing_canonical_form

from copilot.cli import main
from copilot.scan.repo import scan
from copilot.schema.errors import SchemaError
from copilot.schema.jsonpos import locate
from copilot.schema.parse import as_schema, load_file, load_schema_file, parse_protocol, parse_text
from tests.conftest import MakeRepo

ORDER = {
    "type": "record",
    "name": "Order",
    "namespace": "shop",
    "doc": "an order",
    "fields": [
        {"name": "id", "type": "long"},
        {
            "name": "customer",
            "type": {
                "type": "record",
                "name": "Customer",
                "namespace": "crm",
                "aliases": ["Client"],
                "fields": [{"name": "email", "type": "string", "default": ""}],
            },
        },
        {"name": "billing", "type": ["null", "crm.Customer"], "default": None},
        {"name": "placed", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {
            "name": "status",
            "type": {"type": "enum", "name": "Status", "symbols": ["NEW", "PAID"], "default": "NEW"},
        },
        {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
    ],
}


def test_names_namespaces_aliases_and_logical_types_resolve() -> None:
    schema = as_schema(ORDER)
    assert schema.name == "shop.Order"
    assert set(schema.named) == {"shop.Order", "crm.Customer", "shop.Status"}
    assert schema.named["crm.Customer"]["aliases"] == ["crm.Client"]  # aliases are qualified like names
    billing = schema.named["shop.Order"]["fields"][2]
    assert billing["type"] == ["null", "crm.Customer"]
    assert schema.named["shop.Order"]["fields"][3]["type"] == {
        "type": "long",
        "logicalType": "timestamp-millis",
    }
    assert schema.avro.fields[1].type.fullname == "crm.Customer"
    assert "crm.Customer" in schema.fastavro["__named_schemas"]
    assert schema.warnings == []


def test_canonical_form_and_fingerprint_match_the_spec() -> None:
    schema = as_schema(ORDER)
    assert schema.canonical == to_parsing_canonical_form(ORDER)
    assert schema.fingerprint == fingerprint(to_parsing_canonical_form(ORDER), "CRC-64-AVRO")
    assert '"doc"' not in schema.canonical and "aliases" not in schema.canonical
    # formatting, docs and defaults do not change the canonical form
    other = json.loads(json.dumps(ORDER))
    other["doc"] = "something else"
    other["fields"][1]["type"]["fields"][0].pop("default")
    assert as_schema(json.dumps(other, indent=4)).fingerprint == schema.fingerprint
    # the spec's own example: "int" has CRC-64-AVRO fingerprint 0x7275d51a3f395c8f
    assert as_schema('"int"').fingerprint == "8f5c393f1ad57572"


def test_invalid_logical_types_are_ignored_with_a_warning() -> None:
    schema = as_schema({"type": "bytes", "logicalType": "decimal", "precision": 0})
    assert schema.name == "bytes (decimal)"
    assert any("decimal" in w for w in schema.warnings)
    assert as_schema({"type": "string", "logicalType": "no-such-thing"}).warnings


def test_bare_type_names_and_json_text_are_both_accepted() -> None:
    assert as_schema("long").name == "long"
    assert as_schema('"long"').name == "long"
    assert as_schema("null").name == "null"
    assert as_schema('["null", "string"]').name == "union [null, string]"


def test_recursive_records_and_references_to_earlier_types() -> None:
    node = {
        "type": "record",
        "name": "Node",
        "fields": [
            {"name": "value", "type": "int"},
            {"name": "next", "type": ["null", "Node"], "default": None},
        ],
    }
    schema = as_schema(node)
    assert schema.named["Node"]["fields"][1]["type"] == ["null", "Node"]
    assert schema.canonical == to_parsing_canonical_form(node)


def test_protocol_types_become_standalone_schemas(tmp_path: Path) -> None:
    protocol = {
        "protocol": "Shop",
        "namespace": "shop",
        "types": [
            {"type": "fixed", "name": "Hash", "size": 16},
            {"type": "error", "name": "Oops", "fields": [{"name": "why", "type": "string"}]},
            {"type": "record", "name": "Order", "fields": [{"name": "hash", "type": "Hash"}]},
        ],
        "messages": {},
    }
    parsed = parse_protocol(json.dumps(protocol), source="shop.avpr")
    assert [t.name for t in parsed.types] == ["shop.Hash", "shop.Oops", "shop.Order"]
    order = parsed.type("Order")
    assert order.json["fields"][0]["type"] == {"type": "fixed", "name": "shop.Hash", "size": 16}
    assert order.pointer == "/types/2"
    path = tmp_path / "shop.avpr"
    path.write_text(json.dumps(protocol))
    assert [s.name for s in load_file(path)] == ["shop.Hash", "shop.Oops", "shop.Order"]
    assert load_schema_file(path, type_name="Oops").name == "shop.Oops"
    with pytest.raises(SchemaError, match="holds 3 types"):
        load_schema_file(path)


def test_inline_schemas_in_python_and_java_code_are_schema_nodes_of_the_scan(make_repo: MakeRepo) -> None:
    repo = make_repo({
        "app.py": (
            "import fastavro\n"
            "SCHEMA = fastavro.parse_schema({'type': 'record', 'name': 'Order', 'fields': [{'name': 'id', 'type': 'long'}]})\n"
            'NOT_A_SCHEMA = \'{"type": "string"}\'\n'
        ),
        "src/A.java": (
            "import org.apache.avro.Schema;\n"
            "class A {\n"
            '  static final String S = "{\\"type\\":\\"record\\",\\"name\\":\\"Invoice\\"," +\n'
            '      "\\"fields\\":[{\\"name\\":\\"id\\",\\"type\\":\\"long\\"}]}";\n'
            "  static final Schema PARSED = new Schema.Parser().parse(S);\n"
            "}\n"
        ),
    })  # fmt: skip
    nodes = {n["id"]: n for n in scan(repo).graph.to_json()["nodes"] if n["kind"] == "schema"}
    assert set(nodes) == {"schema:Order", "schema:Invoice"}
    assert nodes["schema:Order"]["evidence"] == [{"path": "app.py", "line": 2}]
    assert nodes["schema:Invoice"]["evidence"] == [{"path": "src/A.java", "line": 3}]


def test_line_and_column_of_a_json_pointer() -> None:
    text = '{\n  "type": "record",\n  "name": "R",\n  "fields": [\n    {"name": "a", "type": "int"}\n  ]\n}\n'
    assert locate(text, "/fields/0/type") == (5, 27)
    assert locate(text, "/fields/0/nothing") == (5, 5)  # the nearest existing parent


# -- bad input: one line, naming the file and the place ------------------------------------------

BAD = [
    pytest.param(
        '{"type": "record", "name": "R",\n "fields": [\n  {"name": "a", "type": "int"},\n ]}',
        "order.avsc:4:2: not valid JSON",
        None,
        id="malformed-json",
    ),
    pytest.param(
        '{"type": "record", "name": "R",\n "fields": [{"name": "a", "type": "strng"}]}',
        'order.avsc:2:35: unknown type "strng"',
        "(at /fields/0/type)",
        id="unknown-type",
    ),
    pytest.param(
        '{"type": "record", "name": "R", "namespace": "shop",\n "fields": [{"name": "c", "type": "Customer"}]}',
        'order.avsc:2:35: undefined named type "shop.Customer"',
        "(at /fields/0/type)",
        id="undefined-named-reference",
    ),
    pytest.param(
        '{"type": "record", "name": "R", "fields": [\n'
        ' {"name": "a", "type": {"type": "enum", "name": "S", "symbols": ["X"]}},\n'
        ' {"name": "b", "type": {"type": "fixed", "name": "S", "size": 2}}]}',
        'order.avsc:3:50: duplicate name "S"',
        "(at /fields/1/type/name)",
        id="duplicate-name",
    ),
    pytest.param(
        '{"type": "record", "name": "R", "fields": [\n {"name": "a", "type": "int", "default": "zero"}]}',
        'order.avsc:2:42: default "zero" of field "a" does not match its type int',
        "(at /fields/0/default)",
        id="default-does-not-match",
    ),
    pytest.param(
        '{"type": "record", "name": "R", "fields": [\n {"name": "a", "type": ["null", "int"], "default": "x"}]}',
        'order.avsc:2:52: default "x" of field "a" does not match its type union [null, int]',
        "(at /fields/0/default)",
        id="union-default-matches-no-branch",
    ),
    pytest.param(
        '{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "a", "type": "long"}]}',
        'order.avsc:1:83: duplicate field "a"',
        "(at /fields/1/name)",
        id="duplicate-field",
    ),
    pytest.param(
        '{"type": "enum", "name": "E", "symbols": ["A"], "default": "B"}',
        'order.avsc:1:60: enum default "B" is not one of its symbols',
        "(at /default)",
        id="enum-default-not-a-symbol",
    ),
]


@pytest.mark.parametrize(("text", "start", "end"), BAD)
def test_bad_schemas_give_one_line_errors(text: str, start: str, end: str | None) -> None:
    with pytest.raises(SchemaError) as caught:
        parse_text(text, source="order.avsc")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(start), message
    if end:
        assert message.endswith(end), message


@pytest.mark.parametrize(("text", "start", "end"), BAD)
def test_bad_schemas_exit_2_from_the_cli(
    text: str,
    start: str,
    end: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("order.avsc").write_text(text)
    Path("old.avsc").write_text('{"type": "record", "name": "R", "fields": []}')
    code = main(["schema", "check", "order.avsc", "--against", "old.avsc"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"pipeline-copilot: error: {start}")
    assert "Traceback" not in captured.err


def test_bad_previous_version_and_missing_file_name_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("new.avsc").write_text('"string"')
    Path("old.avsc").write_text('{"type": "array"}')
    assert main(["schema", "check", "new.avsc", "--against", "old.avsc"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == 'pipeline-copilot: error: old.avsc:1:1: array has no "items" (at /)'
    )
    assert main(["schema", "check", "new.avsc", "--against", "gone.avsc"]) == 2
    assert capsys.readouterr().err.strip() == "pipeline-copilot: error: gone.avsc: no such file"
