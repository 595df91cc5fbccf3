"""Mechanical schema remedies keep the file's layout and fix what the checker reported."""

from __future__ import annotations

import json

from copilot.rules.remedies import dump_like, remedy_schema
from copilot.schema.compatibility import check

OLD = {"type": "record", "name": "User", "namespace": "ex", "fields": [
    {"name": "name", "type": "string"}, {"name": "age", "type": "int"}, {"name": "color", "type": "string"}]}


def test_four_space_files_stay_four_space_and_one_field_per_line_stays_so():
    four = json.dumps(OLD, indent=4) + "\n"
    assert dump_like(four, OLD) == four
    compact = '{"type": "record", "name": "User", "namespace": "ex", "fields": [{"name": "name", "type": "string"}]}\n'
    assert dump_like(compact, json.loads(compact)) == json.dumps(json.loads(compact)) + "\n"
    per_line = '{\n  "type": "record",\n  "name": "User",\n  "namespace": "ex",\n  "fields": [\n    {"name": "name", "type": "string"},\n    {"name": "age", "type": "int"}\n  ]\n}\n'
    parsed = json.loads(per_line)
    parsed["fields"].append({"name": "extra", "type": "long"})
    out = dump_like(per_line, parsed)
    assert out.splitlines()[:6] == per_line.splitlines()[:6]
    assert '    {"name": "extra", "type": "long"}' in out


def test_remedies_make_the_change_backward_compatible():
    new = {**OLD, "fields": [OLD["fields"][0], {"name": "age", "type": "string"}, {"name": "email", "type": "string"}]}
    result = check(json.dumps(new), [json.dumps(OLD)], "BACKWARD")
    assert not result.compatible
    fixed, done = remedy_schema(OLD, new, result.problems, ["age", "color"])
    assert "revert `age` to its previous type" in done
    assert "restore `color` as before (deprecated)" in done
    assert "make `email` optional (null default)" in done
    assert check(json.dumps(fixed), [json.dumps(OLD)], "BACKWARD").compatible
    assert [f["name"] for f in fixed["fields"]] == ["name", "age", "color", "email"]
