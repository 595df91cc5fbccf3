"""`pipeline-copilot schema check`: text and JSON reports, exit codes, the configured default mode."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from copilot.cli import main


def write(name: str, schema: Any) -> str:
    Path(name).write_text(json.dumps(schema, indent=2))
    return name


def order(*extra: dict, symbols: tuple[str, ...] = ("NEW", "PAID", "SHIPPED")) -> dict:
    return {
        "type": "record",
        "name": "Order",
        "namespace": "shop",
        "fields": [
            {"name": "id", "type": "long"},
            {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": list(symbols)}},
            *extra,
        ],
    }


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write("v1.avsc", order())
    write("v2.avsc", order({"name": "note", "type": ["null", "string"], "default": None}))
    write("bad.avsc", order({"name": "email", "type": "string"}, symbols=("NEW", "PAID")))
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["schema", "check", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_text_report_of_an_incompatible_change(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "bad.avsc", "--against", "v1.avsc", "--mode", "BACKWARD")
    assert (code, err) == (1, "")
    assert out.startswith("INCOMPATIBLE under BACKWARD: bad.avsc fails against version 0 (v1.avsc)")
    assert (
        "2. READER_FIELD_MISSING_DEFAULT_VALUE  Order.email  (/fields/2; new reads old, version 0 (v1.avsc))"
        in out
    )
    assert "why:    the new schema adds `Order.email` (string) with no default" in out
    assert "breaks: consumers on the new schema cannot read records already written without `email`" in out
    assert 'fix:    in the new schema, add a default to `email`, e.g. "default": ""' in out
    assert "1. MISSING_ENUM_SYMBOLS  Order.status  (/fields/1/type/symbols; new reads old" in out
    assert "breaks: consumers on the new schema cannot read records already written with SHIPPED" in out
    assert "keep [SHIPPED] in the enum" in out
    assert "Changes since version 0 (v1.avsc)" in out
    assert "  - added field `Order.email` (string) without a default" in out
    assert "  - removed symbols [SHIPPED] from enum `Status` (`Order.status`)" in out
    assert "Rollout: no deploy order is safe while the schema is incompatible; once it is fixed, BACKWARD means: upgrade consumers first" in out


def test_text_report_of_a_compatible_change(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "v2.avsc", "--against", "v1.avsc", "--mode", "full")
    assert code == 0
    assert out.startswith("COMPATIBLE under FULL: v2.avsc against 1 earlier version")
    assert "Problems" not in out
    assert "added field `Order.note` (union [null, string]) with default null" in out
    assert "Rollout: any order (any-order)" in out


def test_forward_problems_speak_of_old_consumers(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write("v3.avsc", order(symbols=("NEW", "PAID", "SHIPPED", "LOST")))
    code, out, _ = run(capsys, "v3.avsc", "--against", "v1.avsc", "--mode", "FORWARD")
    assert code == 1
    assert "MISSING_ENUM_SYMBOLS  Order.status  (/fields/1/type/symbols; old reads new" in out
    assert "breaks: consumers still on the old schema fail on any record carrying LOST" in out
    assert "no deploy order is safe while the schema is incompatible; once it is fixed, FORWARD means: upgrade producers first" in out


def test_json_report(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "bad.avsc",
        "--against",
        "v1.avsc",
        "v2.avsc",
        "--mode",
        "BACKWARD_TRANSITIVE",
        "--format",
        "json",
    )
    report = json.loads(out)
    assert code == 1
    assert report["version"] == 1
    assert (report["compatible"], report["mode"], report["failed_version"], report["checked"]) == (
        False,
        "BACKWARD_TRANSITIVE",
        1,
        [1],
    )
    assert [
        (p["kind"], p["field"], p["location"], p["version"], p["direction"]) for p in report["problems"]
    ] == [
        ("MISSING_ENUM_SYMBOLS", "Order.status", "/fields/1/type/symbols", 1, "new reads old"),
        ("READER_FIELD_MISSING_DEFAULT_VALUE", "Order.email", "/fields/2", 1, "new reads old"),
    ]
    for problem in report["problems"]:
        assert {"kind", "location", "field", "message", "remedy", "version", "direction"} <= set(problem)
        assert problem["message"] and problem["remedy"]
    assert report["rollout"]["key"] == "consumers-first"
    assert report["rollout"]["sentence"].startswith("Upgrade consumers first")
    assert {c["kind"] for c in report["changes"]} == {"field_added", "field_removed", "enum_symbols_removed"}
    assert [p["label"] for p in report["previous"]] == ["v1.avsc", "v2.avsc"]
    assert report["schema"]["name"] == "shop.Order"
    assert len(report["schema"]["fingerprint"]) == 16


def test_json_report_when_compatible_and_mode_none(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bad.avsc", "--against", "v1.avsc", "--mode", "NONE", "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert (report["compatible"], report["problems"], report["checked"]) == (True, [], [])
    assert report["rollout"]["key"] == "coordinate"
    assert report["changes"]


def test_default_mode_comes_from_the_project_config(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # bad.avsc adds a required field (fine FORWARD) and drops an enum symbol (fine FORWARD)
    assert run(capsys, "bad.avsc", "--against", "v1.avsc")[0] == 1  # the registry default: BACKWARD
    Path(".pipeline-copilot.toml").write_text('[compatibility]\ndefault = "FORWARD"\n')
    code, out, _ = run(capsys, "bad.avsc", "--against", "v1.avsc")
    assert code == 0
    assert out.startswith("COMPATIBLE under FORWARD")
    assert run(capsys, "bad.avsc", "--against", "v1.avsc", "--mode", "backward")[0] == 1


def test_usage_errors(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 2
    with pytest.raises(SystemExit) as exited:
        main(["schema", "check", "v1.avsc"])  # neither --against nor --history
    assert exited.value.code == 2
    with pytest.raises(SystemExit):
        main(["schema", "check", "v1.avsc", "--against", "v2.avsc", "--mode", "SIDEWAYS"])
    capsys.readouterr()
    code, _, err = run(capsys, "v1.avsc", "--history")
    assert code == 2
    assert err.startswith("pipeline-copilot: error: ")
    assert "not a git repository" in err or "git log" in err


def test_protocol_types_are_checked_with_type(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def protocol(*extra: dict) -> dict:
        types = [{"type": "fixed", "name": "Hash", "size": 4}, order(*extra)]
        return {"protocol": "Shop", "namespace": "shop", "types": types}

    write("v1.avpr", protocol())
    write("v2.avpr", protocol({"name": "email", "type": "string"}))
    code, out, _ = run(capsys, "v2.avpr", "--against", "v1.avpr", "--type", "Order", "--mode", "BACKWARD")
    assert code == 1
    assert "READER_FIELD_MISSING_DEFAULT_VALUE  Order.email" in out
    code, _, err = run(capsys, "v2.avpr", "--against", "v1.avpr")
    assert code == 2
    assert err.strip() == (
        "pipeline-copilot: error: v2.avpr: the file holds 2 types (shop.Hash, shop.Order): name one with --type NAME"
    )
    assert run(capsys, "v2.avpr", "--against", "v1.avpr", "--type", "Nope")[2].strip() == (
        'pipeline-copilot: error: v2.avpr: no type "Nope" in this file'
    )
