"""The Avro conformance cases (tests/schema/conformance/: Apache Avro, Karapace and Confluent Schema
Registry test suites), one test per case, through the project's own compatibility API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from copilot.errors import CopilotError
from copilot.schema.compatibility import can_read, check

CASES = Path(__file__).parent / "conformance" / "avro-compat-cases.jsonl"
INVALID_TAGS = {"anonymous-record", "invalid-enum-default"}  # schemas that are not valid Avro


def _rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]


ROWS = _rows()
VALID = [r for r in ROWS if not INVALID_TAGS & set(r.get("tags", []))]
INVALID = [r for r in ROWS if INVALID_TAGS & set(r.get("tags", []))]


def test_the_case_file_is_whole() -> None:
    assert len(ROWS) == 580
    assert {r["kind"] for r in ROWS} == {"pair", "mode"}
    assert len(VALID) == 574 and len(INVALID) == 6


@pytest.mark.parametrize("row", VALID, ids=[r["id"] for r in VALID])
def test_verdict_matches_the_reference(row: dict[str, Any]) -> None:
    if row["kind"] == "pair":
        got = can_read(row["reader_schema"], row["writer_schema"]).compatible
    else:
        got = check(row["new_schema"], row["previous_schemas"], row["mode"]).compatible
    assert got is row["expected_compatible"], row["source"]


@pytest.mark.parametrize("row", INVALID, ids=[r["id"] for r in INVALID])
def test_schemas_that_are_not_valid_avro_are_refused(row: dict[str, Any]) -> None:
    schemas = (
        [row["reader_schema"], row["writer_schema"]]
        if row["kind"] == "pair"
        else [row["new_schema"], *row["previous_schemas"]]
    )
    with pytest.raises(CopilotError):
        for schema in schemas:
            can_read(schema, schema)
