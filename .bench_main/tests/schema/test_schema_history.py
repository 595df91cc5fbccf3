"""Schema history from a real git repository (renames followed), and `schema check --history`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copilot.cli import main
from copilot.errors import CopilotError
from copilot.schema.history import schema_history
from tests.conftest import MakeRepo, commit, git


def order(*extra: dict, indent: int | None = None) -> str:
    schema = {
        "type": "record",
        "name": "Order",
        "namespace": "shop",
        "fields": [{"name": "id", "type": "long"}, *extra],
    }
    return json.dumps(schema, indent=indent) + "\n"


V0 = order()
V1 = order({"name": "coupon", "type": "string", "default": ""})
V2 = order({"name": "coupon", "type": "string"})  # the default is gone: v0 data cannot be read


@pytest.fixture
def repo(make_repo: MakeRepo) -> Path:
    """v0; a broken commit; v1; a rename (content unchanged); a reformat (same schema); v2."""
    path = make_repo({"schemas/order.avsc": V0})
    commit(path, {"schemas/order.avsc": '{"type": "record", "name": '}, "broken")
    commit(path, {"schemas/order.avsc": V1}, "coupon with a default")
    commit(path, {"schemas/order.avsc": None, "avro/order-value.avsc": V1}, "move")
    commit(
        path,
        {"avro/order-value.avsc": order({"name": "coupon", "type": "string", "default": ""}, indent=2)},
        "fmt",
    )
    commit(path, {"avro/order-value.avsc": V2}, "coupon required")
    return path


def test_history_follows_renames_and_skips_unchanged_and_broken_versions(repo: Path) -> None:
    history = schema_history(repo, "avro/order-value.avsc")
    assert [v.path for v in history] == ["schemas/order.avsc", "schemas/order.avsc", "avro/order-value.avsc"]
    assert [len(v.schema.named["shop.Order"]["fields"]) for v in history] == [1, 2, 2]
    assert "default" not in history[2].schema.named["shop.Order"]["fields"][1]
    log = git(repo, "log", "--format=%H", "--reverse").split()
    assert [v.sha for v in history] == [log[0], log[2], log[5]]
    assert all(v.date and v.date[:4].isdigit() for v in history)
    assert len(history.warnings) == 1
    assert history.warnings[0].startswith(f"skipped schemas/order.avsc@{log[1][:8]}: ")
    assert "not valid JSON" in history.warnings[0]
    # an earlier revision, and the working tree on top
    assert len(schema_history(repo, "avro/order-value.avsc", rev="HEAD~1")) == 2
    (repo / "avro/order-value.avsc").write_text(
        order({"name": "coupon", "type": "string", "default": "none"})
    )
    with_tree = schema_history(repo, repo / "avro/order-value.avsc", include_worktree=True)
    assert [v.sha for v in with_tree][-1] is None
    assert with_tree[-1].label == "avro/order-value.avsc (working tree)"


def test_history_errors_are_one_line(tmp_path: Path, repo: Path) -> None:
    with pytest.raises(CopilotError, match="nowhere: no such directory"):
        schema_history(tmp_path / "nowhere", "x.avsc")
    with pytest.raises(CopilotError, match="not a git repository"):
        schema_history(tmp_path, "x.avsc")
    with pytest.raises(CopilotError, match="git log of avro/order-value.avsc at nope failed"):
        schema_history(repo, "avro/order-value.avsc", rev="nope")


def test_check_history_backward_transitive_gives_the_registry_verdict(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    # plain BACKWARD compares with the latest earlier version only (v1): compatible
    assert main(["schema", "check", "avro/order-value.avsc", "--history", "--mode", "BACKWARD"]) == 0
    capsys.readouterr()
    # transitive: v2 cannot read v0 data (no coupon there, and no default): incompatible
    code = main(
        [
            "schema",
            "check",
            "avro/order-value.avsc",
            "--history",
            "--mode",
            "BACKWARD_TRANSITIVE",
            "--format",
            "json",
        ]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["compatible"] is False
    assert report["mode"] == "BACKWARD_TRANSITIVE"
    assert report["checked"] == [1, 0]
    assert report["failed_version"] == 0
    assert [p["kind"] for p in report["problems"]] == ["READER_FIELD_MISSING_DEFAULT_VALUE"]
    problem = report["problems"][0]
    assert (problem["field"], problem["location"], problem["version"], problem["direction"]) == (
        "Order.coupon",
        "/fields/1",
        0,
        "new reads old",
    )
    assert [p["source"] for p in report["previous"]] == ["schemas/order.avsc", "schemas/order.avsc"]
    assert report["previous"][0]["sha"] == git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    assert [c["kind"] for c in report["changes"]] == ["default_removed"]
    assert report["rollout"]["key"] == "consumers-first"
    assert any("not valid JSON" in w for w in report["warnings"])


def test_check_history_uses_the_working_tree_as_the_new_version(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo / "avro")
    Path("order-value.avsc").write_text(
        order({"name": "coupon", "type": "string"}, {"name": "n", "type": "int"})
    )
    code = main(["schema", "check", "order-value.avsc", "--history", "--mode", "BACKWARD"])
    out = capsys.readouterr().out
    assert code == 1
    assert (
        "INCOMPATIBLE under BACKWARD: order-value.avsc fails against version 2 (avro/order-value.avsc@" in out
    )
    assert "READER_FIELD_MISSING_DEFAULT_VALUE  Order.n" in out
    assert "added field `Order.n` (int) without a default" in out
