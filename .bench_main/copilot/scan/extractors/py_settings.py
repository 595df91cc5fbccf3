"""Client settings: normalised Kafka property names, string values, serializer format labels."""

from __future__ import annotations

import ast
import re

from copilot.model.facts import Loc, Setting
from copilot.scan.extractors.py_dicts import Entry
from copilot.scan.extractors.py_index import Scope
from copilot.scan.extractors.py_resolve import Resolver
from copilot.scan.extractors.py_source import Source

# keyword-argument spellings (kafka-python, aiokafka, faust, pulsar) -> Kafka property names
KEYWORD_KEYS = {
    "group_id": "group.id",
    "bootstrap_servers": "bootstrap.servers",
    "enable_idempotence": "enable.idempotence",
    "auto_offset_reset": "auto.offset.reset",
    "enable_auto_commit": "enable.auto.commit",
    "isolation_level": "isolation.level",
    "max_poll_records": "max.poll.records",
    "max_poll_interval_ms": "max.poll.interval.ms",
    "linger_ms": "linger.ms",
    "batch_size": "batch.size",
    "max_batch_size": "batch.size",
    "schema_registry_url": "schema.registry.url",
    "key_serializer": "key.serializer",
    "value_serializer": "value.serializer",
    "key_deserializer": "key.deserializer",
    "value_deserializer": "value.deserializer",
    # faust App(...)
    "broker": "bootstrap.servers",
    "producer_acks": "acks",
    "consumer_auto_offset_reset": "auto.offset.reset",
    "producer_linger_ms": "linger.ms",
    "producer_max_batch_size": "batch.size",
    # pulsar
    "service_url": "bootstrap.servers",
    "subscription_name": "group.id",
    "initial_position": "auto.offset.reset",
}
FAUST_APP_KEYS = frozenset(
    {
        "broker",
        "value_serializer",
        "key_serializer",
        "producer_acks",
        "consumer_auto_offset_reset",
        "producer_linger_ms",
        "producer_max_batch_size",
        "processing_guarantee",
        "broker_commit_every",
        "broker_commit_interval",
    }
)
FORMAT_KEYS = {
    "value.serializer": "value.format",
    "value.deserializer": "value.format",
    "key.serializer": "key.format",
    "key.deserializer": "key.format",
    "schema": "value.format",  # pulsar create_producer/subscribe(schema=AvroSchema(Order))
}
# faust/pulsar codec names given as strings
_CODECS = {
    "json": "json",
    "raw": "bytes",
    "binary": "bytes",
    "bytes": "bytes",
    "avro": "avro",
    "protobuf": "protobuf",
    "str": "string",
    "string": "string",
}
_IDENTITY_LAMBDA = re.compile(r"lambda\s+(\w+)\s*:\s*\1\s*$")


def normalise_key(raw: str) -> str:
    if "." in raw:
        return raw
    return KEYWORD_KEYS.get(raw, raw.replace("_", "."))


def classify(text: str) -> str:
    """A format label from serializer/deserializer code text."""
    lowered = text.lower()
    if "avro" in lowered:
        return "avro"
    if (
        "protobuf" in lowered
        or "serializetostring" in lowered
        or "parsefromstring" in lowered
        or "_pb2" in lowered
    ):
        return "protobuf"
    if "json" in lowered:
        return "json"
    if "string" in lowered or ".encode(" in lowered or ".decode(" in lowered or "str.encode" in lowered:
        return "string"
    if "byte" in lowered or _IDENTITY_LAMBDA.match(lowered.strip()):
        return "bytes"
    return "unknown"


class SettingsReader:
    def __init__(self, src: Source, resolver: Resolver, path: str) -> None:
        self.src = src
        self.resolver = resolver
        self.index = resolver.index
        self.path = path

    def value(self, expr: ast.expr, scope: Scope) -> str:
        """A setting's value as a string: literals normalised, constants resolved, else the code text."""
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, bool):
                return "true" if expr.value else "false"
            return str(expr.value)
        val = self.resolver.resolve_one(expr, scope)
        if val.name is not None:
            return val.name
        # a variable holding a run-time value (group = sys.argv[2], brokers = args.brokers) shows
        # that; one holding an object (a serializer) keeps its name
        return self.shown_text(expr, scope, kinds=(ast.Attribute, ast.Subscript))

    def shown_text(
        self, expr: ast.expr, scope: Scope, kinds: tuple[type[ast.AST], ...] = (ast.expr,)
    ) -> str:
        """How to show an expression whose value is unknown: a local/module variable shows the
        expression it was assigned (``topic = sys.argv[2]`` -> ``sys.argv[2]``), once."""
        if isinstance(expr, ast.Name):
            found = self.index.lookup(expr.id, scope, expr.lineno)
            if found is not None and found[0] == "assign":
                asg = found[1][-1]  # type: ignore[index]
                if asg.kind == "assign" and isinstance(asg.value, kinds):
                    return self.src.segment(asg.value) or expr.id
        return self.src.segment(expr)

    def settings(self, entries: dict[str, Entry]) -> dict[str, Setting]:
        """Settings (plus value.format/key.format pseudo-settings) from config entries."""
        out: dict[str, Setting] = {}
        for raw, entry in entries.items():
            self.add(out, raw, entry.value, entry.scope, entry.line)
        return out

    def add(self, out: dict[str, Setting], raw: str, expr: ast.expr, scope: Scope, line: int) -> None:
        if isinstance(expr, ast.Constant) and expr.value is None:
            return  # group_id=None, acks=None: the library default, not a setting
        key = normalise_key(raw)
        loc = Loc(self.path, line)
        if key != "schema":
            value = self.value(expr, scope)
            resolved = None if isinstance(expr, ast.Constant) else self.resolver.resolve_one(expr, scope)
            pending = resolved.pending if resolved is not None else None
            unknown = resolved is not None and resolved.name is None and pending is None
            if key == "auto.offset.reset" and value.rsplit(".", 1)[-1].lower() in ("earliest", "latest"):
                value = value.rsplit(".", 1)[-1].lower()  # pulsar InitialPosition.Earliest
            out[key] = Setting(key, value, loc, raw, pending=pending, unresolved=unknown)
        format_key = FORMAT_KEYS.get(key)
        if format_key is not None:
            out[format_key] = Setting(format_key, self.format_label(expr, scope), loc, raw)

    def format_label(self, expr: ast.expr, scope: Scope) -> str:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return _CODECS.get(expr.value.lower(), classify(expr.value))
        label = classify(self.src.segment(expr))
        if label != "unknown":
            return label
        return classify(self.expanded_text(expr, scope))

    def inferred_format(self, expr: ast.expr | None, scope: Scope) -> str | None:
        """The format of a value passed to a plain producer (``json.dumps(x).encode()``); None if unknown."""
        if expr is None:
            return None
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, bytes):
                return "bytes"
            if isinstance(expr.value, str):
                return "string"
            return None
        label = classify(self.src.segment(expr))
        if label == "unknown":
            label = classify(self.expanded_text(expr, scope))
        return None if label == "unknown" else label

    def expanded_text(self, expr: ast.expr, scope: Scope, depth: int = 0) -> str:
        """The expression's text followed by the definitions of the same-file names it uses."""
        parts = [self.src.segment(expr)]
        if depth >= 2:
            return parts[0]
        for node in ast.walk(expr):
            if not isinstance(node, ast.Name):
                continue
            found = self.index.lookup(node.id, scope, node.lineno)
            if found is None:
                continue
            kind, obj = found
            if kind == "assign" and obj[-1].value is not None:  # type: ignore[index]
                asg = obj[-1]  # type: ignore[index]
                parts.append(self.expanded_text(asg.value, asg.scope, depth + 1))
            elif kind == "function":
                parts.append(self.src.segment(obj.node))  # type: ignore[union-attr]
        return "\n".join(parts)
