"""faust endpoints: ``@app.agent(topic)`` consumers (and their ``sink=``), ``topic.send``/``agent.send``."""

from __future__ import annotations

import ast

from copilot.scan.extractors.py_clients import Client, faust_app_id
from copilot.scan.extractors.py_endpoints import EndpointBuilder
from copilot.scan.extractors.py_index import Scope
from copilot.scan.extractors.py_settings import FAUST_APP_KEYS
from copilot.scan.extractors.py_source import arg, kwarg, parent, root_name
from copilot.scan.extractors.py_values import through
from copilot.scan.facts import Endpoint, FieldRead, SchemaRef, Setting, TopicRef

SEND_METHODS = frozenset({"send", "send_soon", "cast", "ask"})


def faust_endpoints(b: EndpointBuilder) -> tuple[list[Endpoint], list[FieldRead]]:
    ctx = b.ctx
    out: list[Endpoint] = []
    reads: list[FieldRead] = []
    for fn in ctx.index.functions:
        agent = ctx.clients.agent(fn)
        if agent is None or agent.ctor is None or agent.scope is None:
            continue
        decorator = agent.ctor
        refs, topic_client = _channel(b, arg(decorator, 0, "channel"), agent.scope, fn)
        settings, schema = _settings(b, agent.parent, topic_client, consume=True)
        app_text = ctx.text(decorator.func.value)  # type: ignore[attr-defined]
        for ref in refs:
            out.append(
                b.endpoint(
                    "consume",
                    ref,
                    decorator,
                    "faust",
                    client_text=app_text,
                    settings=settings,
                    schema=schema,
                    handler=fn.qualname,
                )
            )
        sink = kwarg(decorator, "sink")
        if sink is not None:
            for element, element_scope, _ in ctx.resolver.items(sink, agent.scope):
                target = ctx.clients.client_of(element, element_scope)
                out.extend(_sink(b, decorator, target, element, element_scope))
        reads.extend(_stream_reads(b, fn))
    for call, scope in ctx.index.calls:
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr in SEND_METHODS):
            continue
        client = ctx.clients.client_of(func.value, scope)
        if client is None or client.library != "faust" or client.role not in ("topic", "agent"):
            continue
        refs, topic_client = _target(b, client, func.value)
        settings, schema = _settings(b, client.parent, topic_client, consume=False)
        key, value = kwarg(call, "key"), kwarg(call, "value")
        awaits = b.awaits_ack(call, scope, client)
        for ref in refs:
            out.append(
                b.endpoint(
                    "produce",
                    ref,
                    call,
                    "faust",
                    client_text=ctx.text(func.value),
                    settings=settings,
                    schema=schema,
                    key=key,
                    value=value,
                    awaits_ack=awaits,
                )
            )
    return out, reads


def _target(b: EndpointBuilder, client: Client, used_as: ast.expr) -> tuple[list[TopicRef], Client | None]:
    """The topics a faust topic/agent object sends to (`used_as`: the expression naming it)."""
    if client.role == "topic":
        return _topic_refs(b, client, None if client.ctor is used_as else used_as), client
    function = client.function
    if client.ctor is None or client.scope is None or function is None:
        return [], None
    return _channel(b, arg(client.ctor, 0, "channel"), client.scope, function)


def _channel(
    b: EndpointBuilder, channel: ast.expr | None, scope: Scope, fn: Scope
) -> tuple[list[TopicRef], Client | None]:
    if channel is None:  # faust names the agent's own topic at run time
        return [TopicRef(text=fn.qualname, name=None, origin="unresolved")], None
    topic = b.ctx.clients.client_of(channel, scope)
    if topic is not None and topic.kind == "Topic":
        return _topic_refs(b, topic, None if topic.ctor is channel else channel), topic
    return b.topic_refs(channel, scope), None


def _topic_refs(b: EndpointBuilder, topic: Client, used_as: ast.expr | None) -> list[TopicRef]:
    """The topic names of an ``app.topic("a", "b", pattern=...)`` definition."""
    call, scope = topic.ctor, topic.scope
    if call is None or scope is None:
        return []
    refs: list[TopicRef] = []
    for a in call.args:
        expr = a.value if isinstance(a, ast.Starred) else a
        for element, element_scope, _ in (
            b.ctx.resolver.items(expr, scope) if isinstance(a, ast.Starred) else [(a, scope, False)]
        ):
            refs.extend(_refs_via(b, element, element_scope, used_as, call))
    pattern = kwarg(call, "pattern")
    if pattern is not None:
        refs.extend(_refs_via(b, pattern, scope, used_as, call, pattern=True))
    return refs


def _refs_via(
    b: EndpointBuilder,
    expr: ast.expr,
    scope: Scope,
    used_as: ast.expr | None,
    call: ast.Call,
    pattern: bool = False,
) -> list[TopicRef]:
    text = b.ctx.text(expr) or ""
    refs = []
    for val in b.ctx.resolver.resolve(expr, scope):
        if used_as is not None:  # reached through the topic variable: via the app.topic(...) line
            val = through(val, b.ctx.loc(call))
        refs.append(b.topic_ref(text, val, pattern))
    return refs


def _settings(
    b: EndpointBuilder, app: Client | None, topic: Client | None, consume: bool
) -> tuple[dict[str, Setting], SchemaRef | None]:
    reader = b.ctx.settings
    settings: dict[str, Setting] = {}
    if app is not None and app.ctor is not None and app.scope is not None:
        for kw in app.ctor.keywords:
            if kw.arg in FAUST_APP_KEYS:
                reader.add(settings, kw.arg, kw.value, app.scope, kw.lineno)
        app_id = faust_app_id(app)
        if consume and app_id is not None:  # the app id is the consumer group
            settings["group.id"] = Setting(
                "group.id", reader.value(app_id, app.scope), b.ctx.loc(app_id), "id"
            )
    schema = None
    if topic is not None and topic.ctor is not None and topic.scope is not None:
        for kw in topic.ctor.keywords:
            if kw.arg in ("value_serializer", "key_serializer"):
                reader.add(settings, kw.arg, kw.value, topic.scope, kw.lineno)
        schema = b.ctx.schemas.record_class(kwarg(topic.ctor, "value_type"))
    return settings, schema


def _sink(
    b: EndpointBuilder, decorator: ast.Call, target: Client | None, element: ast.expr, scope: Scope
) -> list[Endpoint]:
    """``@app.agent(source, sink=[out_topic])``: the agent's results are sent to the sink."""
    if target is None or target.library != "faust" or target.role not in ("topic", "agent"):
        return []
    refs, topic_client = _target(b, target, element)
    settings, schema = _settings(b, target.parent, topic_client, consume=False)
    return [
        b.endpoint(
            "produce",
            ref,
            decorator,
            "faust",
            client_text=b.ctx.text(element),
            settings=settings,
            schema=schema,
            awaits_ack=False,
            loc=b.ctx.loc(element),
        )
        for ref in refs
    ]


def _stream_reads(b: EndpointBuilder, fn: Scope) -> list[FieldRead]:
    """Attribute reads on records iterated from the agent's stream (``order.amount_cents``)."""
    params = [p for p in fn.params.values() if p.index is not None]
    if not params:
        return []
    stream = params[0].name
    reads: list[FieldRead] = []
    for node in ast.walk(fn.node):
        if not isinstance(node, ast.For | ast.AsyncFor) or root_name(node.iter) != stream:
            continue
        target = node.target
        names = {target.id} if isinstance(target, ast.Name) else set()
        if isinstance(target, ast.Tuple) and target.elts and isinstance(target.elts[-1], ast.Name):
            names = {target.elts[-1].id}  # async for key, value in stream.items()
        for sub in ast.walk(node):
            if (
                isinstance(sub, ast.Attribute)
                and isinstance(sub.ctx, ast.Load)
                and isinstance(sub.value, ast.Name)
                and sub.value.id in names
                and not (isinstance(parent(sub), ast.Call) and parent(sub).func is sub)  # type: ignore[union-attr]
            ):
                reads.append(FieldRead(sub.attr, sub.lineno))
    return reads
