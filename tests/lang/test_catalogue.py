"""The client-library catalogue: every built-in entry loads, and a plugin adds a library."""

from __future__ import annotations

import sys
import types

from copilot import libraries
from copilot.plugins import hookimpl, plugin_manager
from copilot.scan.repo import scan


def test_builtin_entries_load_with_their_languages():
    names = {lib.name: lib for lib in libraries.catalogue()}
    assert {"confluent-kafka-dotnet", "kafkajs", "confluent-kafka-javascript", "node-rdkafka", "otelcol-kafka"} <= set(names)
    assert names["kafkajs"].languages == ("javascript", "typescript")
    assert all(e.markers for e in libraries.unanalysed())


def test_a_plugin_library_entry_is_matched(make_repo):
    module = types.ModuleType("acme_bus_plugin")

    @hookimpl
    def pipeline_copilot_libraries():
        return [{
            "library": "acme-bus",
            "languages": ["typescript"],
            "uses": ["^@acme/bus$"],
            "clients": [{"new": ["BusPublisher"], "role": "produce", "settings": {"args": [0]}}],
            "endpoints": [{"role": "produce", "methods": ["publish"], "topic": {"arg": 0}, "value": {"arg": 1}}],
        }]

    module.pipeline_copilot_libraries = pipeline_copilot_libraries
    sys.modules[module.__name__] = module
    pm = plugin_manager()
    pm.register(module, name=module.__name__)
    libraries.catalogue.cache_clear()
    try:
        repo = make_repo({
            "web/package.json": "{}\n",
            "web/src/pub.ts": "import { BusPublisher } from '@acme/bus';\nconst bus = new BusPublisher({ acks: 'all' });\nbus.publish('kafka.orders', body);\n",
        })
        [ep] = scan(repo, "HEAD", use_cache=False).endpoints
        assert (ep.ep.library, ep.topic.name, ep.loc.line, ep.setting("acks")) == ("acme-bus", "kafka.orders", 3, "all")
    finally:
        pm.unregister(name=module.__name__)
        del sys.modules[module.__name__]
        libraries.catalogue.cache_clear()
