"""faust endpoints: ``@app.agent(topic)`` consumers (and their ``sink=``), ``topic.send``/``agent.send``.

The app may be made in this file (``app = faust.App("orders", ...)``) or imported (faust's standard
layout: ``from .app import app`` in every agents module; see `Clients.faust_apps`).  Its id is the
consumer group and the prefix of the topic an agent without a channel reads: faust names that
topic ``{app.conf.id}-{module}.{function}`` (or ``{id}-{name}`` with ``@app.agent(name=...)``).

With an imported app the id is not in this file.  The group is then, as a best effort, the app's
module path (``order_system.app``), with a ``py-const`` Pending on ``<module>:<app>.id`` that the
repository resolver settles when the app's module exports it (see `faust_symbols`); an agent
without a channel reads an unresolved topic named by its qualified name
(``order_system.orders.process_order``), with the same Pending inside a template.

``other.send(key=..., value=...)`` on a name imported from another module (an agent or topic
defined there) is a producer to an unresolved topic shown as written (``products.reserve``); the
``py-const`` Pending on it is settled only when that module exports the object's topic name.
"""

from __future__ import annotations

import ast

from copilot.model.facts import Endpoint, FieldRead, Loc, Pending, SchemaRef, Setting, TopicRef
from copilot.scan.extractors.py_clients import FAUST_SEND_METHODS, Client, faust_app_id
from copilot.scan.extractors.py_endpoints import EndpointBuilder
from copilot.scan.extractors.py_index import Scope
from copilot.scan.extractors.py_settings import FAUST_APP_KEYS
from copilot.scan.extractors.py_source import arg, kwarg, parent, root_name
from copilot.scan.extractors.py_values import UNRES, Val, combine, through

SEND_METHODS = FAUST_SEND_METHODS


def faust_endpoints(b: EndpointBuilder) -> tuple[list[Endpoint], list[FieldRead]]:
    ctx = b.ctx
    out: list[Endpoint] = []
    reads: list[FieldRead] = []
    for fn in ctx.index.functions:
        agent = ctx.clients.agent(fn)
        if agent is None or agent.ctor is None or agent.scope is None:
            continue
        decorator = agent.ctor
        refs, topic_client = _channel(b, arg(decorator, 0, "channel"), agent.scope, fn, agent)
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
        if client is None:
            out.extend(_imported_send(b, call, scope))
            continue
        if client.library != "faust" or client.role not in ("topic", "agent"):
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
    return _channel(b, arg(client.ctor, 0, "channel"), client.scope, function, client)


def _channel(
    b: EndpointBuilder, channel: ast.expr | None, scope: Scope, fn: Scope, agent: Client
) -> tuple[list[TopicRef], Client | None]:
    if channel is None:  # faust names the agent's own topic: {app id}-{module}.{function}
        # the decorator's value_type=/value_serializer= describe that topic, as app.topic's would
        return agent_topic_refs(b, agent, fn), agent
    topic = b.ctx.clients.client_of(channel, scope)
    if topic is not None and topic.kind == "Topic":
        return _topic_refs(b, topic, None if topic.ctor is channel else channel), topic
    return b.topic_refs(channel, scope), None


def agent_topic_refs(b: EndpointBuilder, agent: Client, fn: Scope) -> list[TopicRef]:
    """The topic of an agent declared without a channel, as faust names it."""
    ctx = b.ctx
    decorator = agent.ctor
    scope = agent.scope or ctx.index.module
    suffix: list[Val] = [Val(f"{ctx.index.module_name()}.{fn.name}", "literal")]
    text = f"{ctx.index.module_name()}.{fn.qualname}"
    name_expr = kwarg(decorator, "name") if decorator is not None else None
    if name_expr is not None:  # @app.agent(name="...") replaces module.function
        suffix = ctx.resolver.resolve(name_expr, scope)
        text = ctx.text(name_expr) or text
    app = agent.parent
    unresolved = TopicRef(text=text, name=None, origin="unresolved")
    if app is None:
        return [unresolved]
    if app.ctor is None:  # an imported app: its id lives in its own module
        app_id = _imported_app_id(b, app)
        if app_id is None or not all(v.known for v in suffix):
            return [unresolved]
        key = "{0}-" + (suffix[0].name or "").replace("{", "{{").replace("}", "}}")
        return [
            TopicRef(
                text=text, name=None, origin="unresolved", pending=Pending("template", key, parts=(app_id,))
            )
        ]
    id_expr = faust_app_id(app)
    if id_expr is None or app.scope is None:
        return [unresolved]
    loc = ctx.loc(id_expr)
    ids = [through(v, loc) for v in ctx.resolver.resolve(id_expr, app.scope)]
    refs: list[TopicRef] = []
    for app_id in ids:
        for tail in suffix:
            val = combine([app_id, "-", tail])
            refs.append(b.topic_ref(text, val) if val.ok else unresolved)
    return refs or [unresolved]


def _imported_app_id(b: EndpointBuilder, app: Client) -> Pending | None:
    """``<module>:<app>.id`` of an app imported from another module (its module exports it)."""
    imp = app.imported
    if imp is None or imp.attr is None or not imp.module:
        return None
    return Pending("py-const", f"{imp.module}:{imp.attr}.id")


def _imported_send(b: EndpointBuilder, call: ast.Call, scope: Scope) -> list[Endpoint]:
    """``await products.reserve.send(key=..., value=...)``: an agent/topic of another module."""
    text = b.ctx.clients.imported_send(call, scope)
    if text is None:
        return []
    return [
        b.endpoint(
            "produce",
            _imported_ref(b, text),
            call,
            "faust",
            client_text=text,
            settings={},
            key=kwarg(call, "key"),
            value=kwarg(call, "value"),
            awaits_ack=b.awaits_ack(call, scope, None),
        )
    ]


def _imported_ref(b: EndpointBuilder, text: str) -> TopicRef:
    key = b.ctx.index.import_key(text)
    pending = Pending("py-const", key) if key is not None else None
    return TopicRef(text=text, name=None, origin="unresolved", pending=pending)


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
        shown = text if val.ok else b.ctx.settings.shown_text(expr, scope)
        refs.append(b.topic_ref(shown, val, pattern))
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
            pending = b.ctx.resolver.resolve_one(app_id, app.scope).pending
            settings["group.id"] = Setting(
                "group.id", reader.value(app_id, app.scope), b.ctx.loc(app_id), "id", pending=pending
            )
    elif app is not None and app.imported is not None and consume:
        # best effort: the app's module path stands for its id; the Pending settles the real id
        imp = app.imported
        index = b.ctx.index
        module = index.display_module(imp.module, imp.level)
        settings["group.id"] = Setting(
            "group.id",
            module or imp.attr or "",
            Loc(b.ctx.path, imp.line),
            "id",
            pending=_imported_app_id(b, app),
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
    if target is None:
        return _imported_sink(b, decorator, element, scope)
    if target.library != "faust" or target.role not in ("topic", "agent"):
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


def _imported_sink(
    b: EndpointBuilder, decorator: ast.Call, element: ast.expr, scope: Scope
) -> list[Endpoint]:
    """``sink=[other.topic]`` naming an agent/topic of another module (see `_imported_send`)."""
    text = b.ctx.clients.imported_channel(element, scope, element.lineno)
    if text is None:
        return []
    return [
        b.endpoint(
            "produce",
            _imported_ref(b, text),
            decorator,
            "faust",
            client_text=text,
            settings={},
            awaits_ack=False,
            loc=b.ctx.loc(element),
        )
    ]


def faust_app_settings(b: EndpointBuilder) -> list[Setting]:
    """Client settings of a module-level faust ``App(...)`` (``consumer_auto_offset_reset=``,
    ``producer_acks=``, ...): the service's settings, for agents defined in other modules too."""
    ctx = b.ctx
    module = ctx.index.module
    out: dict[str, Setting] = {}
    for assigns in module.assigns.values():
        asg = assigns[-1]
        if asg.kind != "assign" or not isinstance(asg.value, ast.Call):
            continue
        client = ctx.clients.client_of(asg.value, module)
        if client is None or client.library != "faust" or client.role != "app" or client.ctor is not asg.value:
            continue
        for kw in client.ctor.keywords:
            if kw.arg in FAUST_APP_KEYS:
                ctx.settings.add(out, kw.arg, kw.value, module, kw.lineno)
    return list(out.values())


def faust_symbols(b: EndpointBuilder) -> dict[str, tuple[str, int]]:
    """What other modules' faust code imports from this one, as ``symbols``:

    - ``<app>.id``: the id of a module-level ``app = faust.App("orders")``;
    - ``<topic>``: the name of a module-level ``orders_topic = app.topic("orders")`` (one name);
    - ``<agent>``: the topic a module-level agent reads, when it is one known name.
    """
    ctx = b.ctx
    module = ctx.index.module
    out: dict[str, tuple[str, int]] = {}
    for name, assigns in module.assigns.items():
        asg = assigns[-1]
        if asg.kind != "assign" or not isinstance(asg.value, ast.Call):
            continue
        client = ctx.clients.client_of(asg.value, module)
        if client is None or client.library != "faust" or client.ctor is not asg.value:
            continue
        if client.role == "app":
            id_expr = faust_app_id(client)
            val = ctx.resolver.resolve_one(id_expr, module) if id_expr is not None else UNRES
            exported = val.pending is None or val.pending.kind in ("env", "template")  # as py_symbols does
            if val.ok and val.name and exported:
                out[f"{name}.id"] = (val.name, id_expr.lineno)  # type: ignore[union-attr]
        elif client.role == "topic":
            _known_single(out, name, _topic_refs(b, client, None), asg.line)
    for fn in module.functions.values():
        agent = ctx.clients.agent(fn)
        if agent is not None and agent.ctor is not None and agent.scope is not None:
            refs, _ = _channel(b, arg(agent.ctor, 0, "channel"), agent.scope, fn, agent)
            _known_single(out, fn.name, refs, agent.ctor.lineno)
    return out


def _known_single(out: dict[str, tuple[str, int]], name: str, refs: list[TopicRef], line: int) -> None:
    if len(refs) == 1 and refs[0].name is not None and refs[0].pending is None and not refs[0].pattern:
        out[name] = (refs[0].name, refs[0].via[-1].line if refs[0].via else line)


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
