"""pulsar-client endpoints.

``client.create_producer(topic)`` is the producer endpoint (at that line); the ``send``/
``send_async`` calls on that producer join it (value, partition_key, acknowledgement).
``client.subscribe(topic, subscription_name)`` / ``create_reader(topic, ...)`` are consumers;
the subscription name is the group.
"""

from __future__ import annotations

import ast

from copilot.model.facts import Endpoint, Setting
from copilot.scan.extractors.py_clients import Client
from copilot.scan.extractors.py_endpoints import EndpointBuilder
from copilot.scan.extractors.py_index import Scope
from copilot.scan.extractors.py_source import arg, kwarg

_FACTORIES = frozenset({"create_producer", "subscribe", "create_reader"})
_NOT_SETTINGS = frozenset(
    {"topic", "subscription_name", "message_listener", "start_message_id", "reader_listener"}
)


def pulsar_endpoints(b: EndpointBuilder) -> list[Endpoint]:
    out: list[Endpoint] = []
    for call, scope in b.ctx.index.calls:
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr in _FACTORIES):
            continue
        client = b.ctx.clients.client_of(call, scope)
        if client is None or client.library != "pulsar":
            continue
        settings = _client_settings(b, client.parent)
        for kw in call.keywords:
            if kw.arg is not None and kw.arg not in _NOT_SETTINGS:
                b.ctx.settings.add(settings, kw.arg, kw.value, scope, kw.lineno)
        if func.attr == "create_producer":
            out.extend(_producer(b, call, scope, client, settings))
        else:
            out.extend(_consumer(b, call, scope, client, settings))
    return out


def _client_settings(b: EndpointBuilder, client: Client | None) -> dict[str, Setting]:
    settings: dict[str, Setting] = {}
    if client is not None and client.ctor is not None and client.scope is not None:
        url = arg(client.ctor, 0, "service_url")
        if url is not None:
            b.ctx.settings.add(settings, "service_url", url, client.scope, url.lineno)
    return settings


def _producer(
    b: EndpointBuilder, call: ast.Call, scope: Scope, client: Client, settings: dict[str, Setting]
) -> list[Endpoint]:
    sends = []
    for method in ("send", "send_async"):
        for send, send_scope in b.ctx.index.calls_by_attr.get(method, ()):
            target = b.ctx.clients.client_of(send.func.value, send_scope)  # type: ignore[attr-defined]
            if target is not None and target.ctor is call:
                sends.append((send, send_scope))
    sends.sort(key=lambda pair: (pair[0].lineno, pair[0].col_offset))
    value = key = None
    awaits: bool | None = None
    if sends:
        first, first_scope = sends[0]
        value = arg(first, 0, "content")
        key = kwarg(first, "partition_key")
        b.infer_formats(settings, first, first_scope, key, value)
        # send() blocks until the broker acknowledges; send_async() needs its callback
        awaits = any(s.func.attr == "send" or arg(s, 1, "callback") is not None for s, _ in sends)  # type: ignore[attr-defined]
    schema = b.ctx.schemas.find(kwarg(call, "schema"), scope)
    client_text = b.assigned_name(call)
    return [
        b.endpoint(
            "produce",
            ref,
            call,
            "pulsar",
            client_text=client_text,
            settings=settings,
            schema=schema,
            key=key,
            value=value,
            awaits_ack=awaits,
        )
        for ref in b.topic_refs(arg(call, 0, "topic"), scope, many=True)
    ]


def _consumer(
    b: EndpointBuilder, call: ast.Call, scope: Scope, client: Client, settings: dict[str, Setting]
) -> list[Endpoint]:
    if call.func.attr == "subscribe":  # type: ignore[attr-defined]
        subscription = arg(call, 1, "subscription_name")
        if subscription is not None:
            b.ctx.settings.add(settings, "subscription_name", subscription, scope, subscription.lineno)
    client_text = b.assigned_name(call)
    handler = b.handlers.handler_for(client, client_text)
    listener = kwarg(call, "message_listener") or kwarg(call, "reader_listener")
    if isinstance(listener, ast.Name):
        found = b.ctx.index.lookup(listener.id, scope, listener.lineno)
        if found is not None and found[0] == "function":
            fn: Scope = found[1]  # type: ignore[assignment]
            b.handlers.add_function(fn, "listener")
            handler = fn.qualname
    schema = b.ctx.schemas.find(kwarg(call, "schema"), scope)
    settings = b.consumer_settings(settings, client, client_text)
    return [
        b.endpoint(
            "consume",
            ref,
            call,
            "pulsar",
            client_text=client_text,
            settings=settings,
            schema=schema,
            handler=handler,
        )
        for ref in b.topic_refs(arg(call, 0, "topic"), scope, many=True)
    ]
