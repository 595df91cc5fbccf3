"""The registries are the one source: rule ids, help, SARIF metadata, the README's rule table."""

from __future__ import annotations

import json
from pathlib import Path

from copilot.cli import main
from copilot.registry import formats, rule_help, rule_ids, rules

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_builtin_rule_module_registers_with_a_summary() -> None:
    ids = rule_ids()
    assert len(ids) == len(set(ids)) >= 12
    assert all(rule_help()[r] for r in ids)
    assert {s.plugin for s in rules()} >= {"builtin"}
    assert "other" in rule_help() and "other" not in ids


def test_the_readme_and_contracts_rule_tables_are_the_registry(capsys) -> None:
    assert main(["rules", "--format", "markdown"]) == 0
    table = capsys.readouterr().out
    assert table.strip() in README.read_text(encoding="utf-8")
    assert table.strip() in (README.parent / "docs" / "contracts.md").read_text(encoding="utf-8")


def test_rules_json_lists_rules_and_formats(capsys) -> None:
    assert main(["rules", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in data["rules"]] == list(rule_ids())
    assert {f["name"] for f in data["formats"]} == set(formats()) >= {"text", "json", "markdown", "sarif"}


def test_front_ends_and_library_entries_register_through_the_plugin_hooks(make_repo) -> None:
    """The built-ins come from their built-in plugins; a plugin registered next to them adds a
    language front-end (here: TypeScript read from `.acme` files) and a library entry."""
    import copilot.lang as lang
    import copilot.libraries as libraries
    from copilot.lang.javascript import FRONTENDS
    from copilot.plugins import hookimpl, plugin_manager
    from copilot.scan.repo import scan

    class AcmeScript:
        name, suffixes, markers, test_globs = "typescript", (".acme",), (), ()

        def lower(self, path: str, source: bytes):  # noqa: ANN201 - the TypeScript front-end's IR
            return FRONTENDS[0].lower(path, source)

    class Plugin:
        @hookimpl
        def pipeline_copilot_frontends(self) -> list[object]:
            return [AcmeScript()]

        @hookimpl
        def pipeline_copilot_libraries(self) -> list[dict[str, object]]:
            return [{"library": "acme-bus", "languages": ["typescript"], "uses": ["^acme-bus$"], "markers": ["acme-bus"],
                     "clients": [{"new": ["Bus"], "role": "produce"}],
                     "endpoints": [{"role": "produce", "methods": ["emit"], "topic": {"arg": 0}}]}]  # fmt: skip

    builtin = {fe.name for fe in lang.frontends()}
    assert builtin >= {"csharp", "typescript", "javascript"}
    assert {lib.name for lib in libraries.catalogue()} >= {"kafkajs", "confluent-kafka-dotnet"}
    repo = make_repo({
        "svc/package.json": '{"name": "svc"}\n',
        "svc/events.acme": 'import { Bus } from "acme-bus";\nconst bus = new Bus();\nbus.emit("audit.event.v1", {});\n',
    })  # fmt: skip
    pm = plugin_manager()
    plugin = Plugin()
    pm.register(plugin, name="test-acme")
    for cached in (lang.frontends, libraries.catalogue):
        cached.cache_clear()
    try:
        assert [fe.suffixes for fe in lang.frontends()][-1] == (".acme",)
        assert libraries.catalogue()[-1].name == "acme-bus"
        edges = scan(repo, use_cache=False).graph.to_json()["edges"]
        assert [(e["source"], e["target"]) for e in edges] == [("service:svc", "topic:audit.event.v1")]
    finally:
        pm.unregister(plugin)
        for cached in (lang.frontends, libraries.catalogue):
            cached.cache_clear()
    assert {fe.name for fe in lang.frontends()} == builtin
