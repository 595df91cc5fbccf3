"""The client-library catalogue: every built-in entry loads, and a plugin adds a library."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from copilot import libraries
from copilot.plugins import hookimpl, plugin_manager
from copilot.scan.repo import scan


def test_builtin_entries_load_with_their_languages():
    names = {lib.name: lib for lib in libraries.catalogue()}
    assert {"confluent-kafka-dotnet", "kafkajs", "confluent-kafka-javascript", "node-rdkafka", "otelcol-kafka"} <= set(names)
    assert names["kafkajs"].languages == ("javascript", "typescript")
    assert all(e.markers for e in libraries.unanalysed())


@contextmanager
def library_plugin(name: str, entries: list[dict[str, Any]]) -> Iterator[None]:
    """`entries` registered for the test's duration by an in-process plugin, as an installed one is."""
    module = types.ModuleType(name)

    @hookimpl
    def pipeline_copilot_libraries():
        return entries

    module.pipeline_copilot_libraries = pipeline_copilot_libraries
    sys.modules[name] = module
    pm = plugin_manager()
    pm.register(module, name=name)
    libraries.catalogue.cache_clear()
    libraries.unanalysed.cache_clear()
    try:
        yield
    finally:
        pm.unregister(name=name)
        del sys.modules[name]
        libraries.catalogue.cache_clear()
        libraries.unanalysed.cache_clear()


def test_a_plugin_library_entry_is_matched(make_repo):
    entry = {
        "library": "acme-bus",
        "languages": ["typescript"],
        "uses": ["^@acme/bus$"],
        "clients": [{"new": ["BusPublisher"], "role": "produce", "settings": {"args": [0]}}],
        "endpoints": [{"role": "produce", "methods": ["publish"], "topic": {"arg": 0}, "value": {"arg": 1}}],
    }
    with library_plugin("acme_bus_plugin", [entry]):
        repo = make_repo({
            "web/package.json": "{}\n",
            "web/src/pub.ts": "import { BusPublisher } from '@acme/bus';\nconst bus = new BusPublisher({ acks: 'all' });\nbus.publish('kafka.orders', body);\n",
        })
        [ep] = scan(repo, "HEAD", use_cache=False).endpoints
        assert (ep.ep.library, ep.topic.name, ep.loc.line, ep.setting("acks")) == ("acme-bus", "kafka.orders", 3, "all")


HASKELL_CONSUMER = "module Main where\nimport Kafka.Consumer\n\nmain = runConsumer props (Subscription [TopicName \"ledger\"])\n"


def test_a_plugin_adds_a_client_it_knows_by_sight_but_does_not_read(make_repo):
    """An in-house blind spot: files using it are listed as not analysed, like the built-in ones."""
    repo = make_repo({"ledger/Main.hs": HASKELL_CONSUMER})
    assert scan(repo, "HEAD", use_cache=False).blind_spots == []
    entry = {"unanalysed": [{"library": "hw-kafka-client", "language": "haskell", "suffixes": [".hs"], "markers": [r"import\s+Kafka\."]}]}
    with library_plugin("acme_blind_spots", [entry]):
        [spot] = scan(repo, "HEAD", use_cache=False).blind_spots
        assert (spot.path, spot.line, spot.library, spot.language) == ("ledger/Main.hs", 2, "hw-kafka-client", "haskell")
        assert {u.library for u in libraries.unanalysed()} >= {"rust-rdkafka", "hw-kafka-client"}
