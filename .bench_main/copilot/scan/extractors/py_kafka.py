"""Endpoints of the Kafka client libraries: confluent-kafka, kafka-python, aiokafka."""

from __future__ import annotations

import ast

from copilot.model.facts import Endpoint, TopicRef
from copilot.scan.extractors.py_clients import Client, named_like
from copilot.scan.extractors.py_endpoints import EndpointBuilder
from copilot.scan.extractors.py_index import Scope
from copilot.scan.extractors.py_source import arg, dotted, kwarg

KAFKA_LIBRARIES = ("confluent-kafka", "kafka-python", "aiokafka")
PRODUCE_METHODS = {
    "confluent-kafka": frozenset({"produce"}),
    "kafka-python": frozenset({"send"}),
    "aiokafka": frozenset({"send", "send_and_wait", "send_batch"}),
}
_METHODS = frozenset({"produce", "send", "send_and_wait", "send_batch", "subscribe", "assign"})


def kafka_endpoints(b: EndpointBuilder) -> list[Endpoint]:
    ctx = b.ctx
    out: list[Endpoint] = []
    for call, scope in ctx.index.calls:
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr in _METHODS):
            match = ctx.clients.match_class(func) if call.args else None
            if match is not None and match[2] == "consume" and match[0] in ("kafka-python", "aiokafka"):
                out.extend(_constructor_topics(b, call, scope, match[0]))
            continue
        method = func.attr
        receiver_text = ctx.text(func.value) or ""
        client = ctx.clients.client_of(func.value, scope)
        if client is None:
            library = _fallback_library(b, method, receiver_text)
            if library is None:
                continue
            client = ctx.clients.sole("consume" if method in ("subscribe", "assign") else "produce", library)
        elif client.library in KAFKA_LIBRARIES:
            library = client.library
        else:
            continue
        if method in ("subscribe", "assign"):
            if client is None or client.role == "consume":
                out.extend(_subscribe(b, call, scope, client, library, receiver_text))
        elif method in PRODUCE_METHODS[library] and (client is None or client.role == "produce"):
            out.extend(_produce(b, call, scope, client, library, receiver_text))
    return out


def _fallback_library(b: EndpointBuilder, method: str, receiver_text: str) -> str | None:
    """A receiver we cannot follow (an untyped parameter...): judge by its name and the file's imports."""
    imported = b.ctx.clients.libraries_imported
    if method == "produce" and named_like(receiver_text, "produce") and "confluent-kafka" in imported:
        return "confluent-kafka"
    if method in ("send", "send_and_wait", "send_batch") and named_like(receiver_text, "produce"):
        for library in ("aiokafka", "kafka-python"):
            if library in imported and method in PRODUCE_METHODS[library]:
                return library
    if method in ("subscribe", "assign") and named_like(receiver_text, "consume"):
        for library in KAFKA_LIBRARIES:
            if library in imported:
                return library
    return None


def _produce(
    b: EndpointBuilder, call: ast.Call, scope: Scope, client: Client | None, library: str, receiver_text: str
) -> list[Endpoint]:
    if call.func.attr == "send_batch":  # type: ignore[attr-defined]
        topic = arg(call, 1, "topic")
        key, value = _batch_record(b, arg(call, 0, "batch"), call, scope)
    else:
        topic = arg(call, 0, "topic")
        value = arg(call, 1, "value")
        key = arg(call, 2, "key")
    if topic is None:
        return []
    config = b.config(client)
    settings = dict(config.settings)
    b.infer_formats(settings, call, scope, key, value)
    schemas = b.ctx.schemas
    schema = schemas.find(kwarg(call, "value_schema"), scope) or config.schema or schemas.find(value, scope)
    awaits = b.awaits_ack(call, scope, client)
    return [
        b.endpoint(
            "produce",
            ref,
            call,
            library,
            client_text=receiver_text,
            settings=settings,
            schema=schema,
            key=key,
            value=value,
            awaits_ack=awaits,
        )
        for ref in b.topic_refs(topic, scope)
    ]


def _batch_record(
    b: EndpointBuilder, batch: ast.expr | None, call: ast.Call, scope: Scope
) -> tuple[ast.expr | None, ast.expr | None]:
    """aiokafka ``batch = producer.create_batch()`` ... ``batch.append(key=k, value=v, timestamp=None)``
    ... ``producer.send_batch(batch, topic, partition=p)``: the (key, value) appended to the batch."""
    if not isinstance(batch, ast.Name):
        return None, None
    appends = [
        c
        for c in scope.calls
        if isinstance(c.func, ast.Attribute)
        and c.func.attr == "append"
        and isinstance(c.func.value, ast.Name)
        and c.func.value.id == batch.id
        and kwarg(c, "value") is not None
    ]
    if not appends:
        return None, None
    last = [c for c in appends if c.lineno <= call.lineno] or appends
    return kwarg(last[-1], "key"), kwarg(last[-1], "value")


def _subscribe(
    b: EndpointBuilder, call: ast.Call, scope: Scope, client: Client | None, library: str, receiver_text: str
) -> list[Endpoint]:
    refs: list[TopicRef] = []
    if call.func.attr == "subscribe":  # type: ignore[attr-defined]
        topics = arg(call, 0, "topics")
        refs = b.topic_refs(topics, scope, many=True)
        if library == "confluent-kafka":
            for ref in refs:  # librdkafka treats a subscription starting with ^ as a regex
                ref.pattern = ref.pattern or bool(ref.name and ref.name.startswith("^"))
        else:
            pattern = arg(call, 1, "pattern")
            refs.extend(b.topic_refs(pattern, scope, pattern=True))
    else:
        seen: set[tuple[str | None, str]] = set()
        for element, element_scope, _ in b.ctx.resolver.items(arg(call, 0, "partitions"), scope):
            if isinstance(element, ast.Call) and (dotted(element.func) or "").endswith("TopicPartition"):
                for ref in b.topic_refs(arg(element, 0, "topic"), element_scope):
                    if (ref.name, ref.text) not in seen:
                        seen.add((ref.name, ref.text))
                        refs.append(ref)
    return _consumers(b, refs, call, library, client, receiver_text)


def _constructor_topics(b: EndpointBuilder, call: ast.Call, scope: Scope, library: str) -> list[Endpoint]:
    """``KafkaConsumer("orders", "payments", group_id=...)`` subscribes in the constructor."""
    refs: list[TopicRef] = []
    for a in call.args:
        if isinstance(a, ast.Starred):
            refs.extend(b.topic_refs(a.value, scope, many=True))
        else:
            refs.extend(b.topic_refs(a, scope))
    client = b.ctx.clients.client_of(call, scope)
    return _consumers(b, refs, call, library, client, b.assigned_name(call))


def _consumers(
    b: EndpointBuilder, refs: list[TopicRef], call: ast.Call, library: str, client: Client | None, client_text: str
) -> list[Endpoint]:
    """One consume endpoint per topic, with the client's settings, schema and handler."""
    config = b.config(client)
    handler = b.handlers.handler_for(client, client_text)
    settings = b.consumer_settings(config.settings, client, client_text)
    return [
        b.endpoint(
            "consume", ref, call, library,
            client_text=client_text, settings=settings, schema=config.schema, handler=handler,
        )  # fmt: skip
        for ref in refs
    ]
