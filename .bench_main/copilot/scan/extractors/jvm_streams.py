"""Kafka Streams endpoints: ``builder.stream/table/globalTable``, ``Topology.addSource/addSink``,
``.to(...)`` / ``.through(...)``, serdes from ``Consumed.with`` / ``Produced.with``, and a
``stream`` HandlerFact over the lambdas of the topology."""

from __future__ import annotations

from copilot.model.facts import Endpoint, SchemaRef, Setting, TopicRef
from copilot.scan.extractors.jvm_calls import Scope
from copilot.scan.extractors.jvm_context import FileCtx
from copilot.scan.extractors.jvm_handlers import make_handler
from copilot.scan.extractors.jvm_ir import ClassDecl, Expr, Method, TypeRef
from copilot.scan.extractors.jvm_settings import format_label

_SOURCES = {"stream", "table", "globalTable"}
_SERDE_CARRIERS = {"Consumed", "Produced", "Materialized", "Grouped", "Joined", "Repartitioned"}
_LIBRARY = "kafka-streams"


def detect(ctx: FileCtx) -> None:
    for cls in ctx.ir.classes:
        for m in cls.methods:
            found = False
            for call in m.calls:
                if call.kind != "call" or call.recv is None:
                    continue
                kind = ctx.kind_of(call.recv, cls, m)
                if kind == "builder" and call.name in _SOURCES and call.args:
                    _source(ctx, cls, m, call)
                    found = True
                elif kind == "topology" and call.name in ("addSource", "addSink"):
                    found = _topology(ctx, cls, m, call) or found
                elif call.name in ("to", "through") and call.args and kind == "stream":
                    _sink(ctx, cls, m, call)
                    found = True
            if found:
                _stream_handler(ctx, cls, m)


def _serdes(ctx: FileCtx, arg: Expr | None, cls: ClassDecl, m: Method) -> tuple[dict[str, Setting], SchemaRef | None]:
    """Formats and value schema from ``Consumed.with(keySerde, valueSerde)`` and friends."""
    cur = arg
    while cur is not None and cur.kind == "call" and cur.name != "with" and cur.recv is not None:
        cur = cur.recv  # Consumed.with(a, b).withName("x")
    if cur is None or cur.kind != "call" or cur.name != "with" or cur.recv is None or cur.recv.text not in _SERDE_CARRIERS:
        return {}, None
    settings: dict[str, Setting] = {}
    schema = None
    for side, serde in zip(("key", "value"), cur.args[:2], strict=False):
        label, t = _serde(ctx, serde, cls, m)
        if label is not None:
            settings[f"{side}.format"] = Setting(f"{side}.format", label, ctx.loc(serde.line),
                                                 raw_key=f"{cur.recv.text}.with")
        if side == "value" and t is not None:
            schema = ctx.schema_ref(t)
    return settings, schema


def _serde(ctx: FileCtx, e: Expr, cls: ClassDecl, m: Method, depth: int = 0) -> tuple[str | None, TypeRef | None]:
    if depth > 3:
        return None, None
    if e.kind == "call" and e.recv is not None and e.recv.text == "Serdes":
        if e.name == "serdeFrom" and e.args:
            return _serde(ctx, e.args[0], cls, m, depth + 1)
        return format_label(e.name + "Serde"), None
    if e.kind == "new":
        t = TypeRef(e.name, e.name, list(e.type_args), e.line)
        if not t.args and e.args and e.args[0].kind == "classlit":
            t.args = [TypeRef(e.args[0].name, e.args[0].name, [], e.args[0].line)]
        return format_label(e.name), t
    if e.kind == "name" and "." not in e.name:
        v = ctx.var(e.name, cls, m)
        if v is None:
            return format_label(e.name) if format_label(e.name) != "unknown" else None, None
        label, t = (None, None)
        if v.init is not None:
            label, t = _serde(ctx, v.init, cls, m if v.kind != "field" else None, depth + 1)
        if v.type is not None:
            t = v.type if v.type.args else t
            if label is None or label == "unknown":
                label = format_label(v.type.base) if format_label(v.type.base) != "unknown" else label
        return label, t
    return None, None


def _schema_for_source(ctx: FileCtx, cls: ClassDecl, m: Method, call: Expr) -> SchemaRef | None:
    if call.ctx == "var":
        v = m.vars.get(call.ctx_name) or cls.fields.get(call.ctx_name)
        if v is not None and v.type is not None:
            s = ctx.schema_ref(v.type)
            if s is not None:
                return s
    if call.type_args:
        return ctx.schema_ref(call.type_args[-1])
    return None


def _source(ctx: FileCtx, cls: ClassDecl, m: Method, call: Expr) -> None:
    serde_settings, serde_schema = _serdes(ctx, call.args[1] if len(call.args) > 1 else None, cls, m)
    schema = _schema_for_source(ctx, cls, m, call) or serde_schema
    settings = ctx.streams_settings(m)
    settings.update(serde_settings)
    for topic in ctx.ev.topics(call.args[0], cls, m):
        ctx.facts.endpoints.append(Endpoint(
            role="consume", topic=topic, loc=ctx.loc(call.name_line), library=_LIBRARY, end_line=call.end_line,
            client=call.recv.name if call.recv is not None and call.recv.kind == "name" else None,
            settings=dict(settings), schema=schema, handler=m.name,
            group=settings["group.id"].value if "group.id" in settings else None))


def _stringish(ctx: FileCtx, e: Expr, cls: ClassDecl, m: Method) -> bool:
    if e.kind == "call" and e.name == "compile":
        return True
    v = ctx.ev.value(e, cls, m)
    if v.value is not None or v.pending is not None:
        return e.kind != "name" or "AutoOffsetReset" not in e.name
    t = ctx.type_of(e, cls, m)
    return t is not None and t.base == "String"


def _topology(ctx: FileCtx, cls: ClassDecl, m: Method, call: Expr) -> bool:
    settings = ctx.streams_settings(m)
    client = call.recv.name if call.recv is not None and call.recv.kind == "name" else None
    if call.name == "addSource":
        names = [a for a in call.args if _stringish(ctx, a, cls, m)]
        topics = [t for a in names[1:] for t in ctx.ev.topics(a, cls, m)]
        for topic in topics:
            ctx.facts.endpoints.append(Endpoint(
                role="consume", topic=topic, loc=ctx.loc(call.name_line), library=_LIBRARY,
                end_line=call.end_line, client=client, settings=dict(settings), handler=m.name,
                group=settings["group.id"].value if "group.id" in settings else None))
        return bool(topics)
    if len(call.args) < 2:
        return False
    ctx.facts.endpoints.append(Endpoint(
        role="produce", topic=_sink_topic(ctx, call.args[1], cls, m), loc=ctx.loc(call.name_line),
        library=_LIBRARY, end_line=call.end_line, client=client, settings=dict(settings)))
    return True


def _sink_topic(ctx: FileCtx, e: Expr, cls: ClassDecl, m: Method) -> TopicRef:
    if e.kind in ("lambda", "new", "other"):
        return TopicRef(e.short, None, "unresolved")  # a TopicNameExtractor
    t = ctx.type_of(e, cls, m)
    if t is not None and t.base == "TopicNameExtractor":
        return TopicRef(e.short, None, "unresolved")
    return ctx.ev.topic(e, cls, m)


def _sink(ctx: FileCtx, cls: ClassDecl, m: Method, call: Expr) -> None:
    serde_settings, serde_schema = _serdes(ctx, call.args[1] if len(call.args) > 1 else None, cls, m)
    schema = None
    if call.recv is not None and call.recv.kind == "name":
        t = ctx.type_of(call.recv, cls, m)
        schema = ctx.schema_ref(t) if t is not None and t.args else None
    schema = schema or serde_schema
    settings = ctx.streams_settings(m)
    settings.update(serde_settings)
    topic = _sink_topic(ctx, call.args[0], cls, m)
    ctx.facts.endpoints.append(Endpoint(
        role="produce", topic=topic, loc=ctx.loc(call.name_line), library=_LIBRARY, end_line=call.end_line,
        settings=dict(settings), schema=schema))
    if call.name == "through":  # through() writes to the topic and reads it back
        ctx.facts.endpoints.append(Endpoint(
            role="consume", topic=ctx.ev.topic(call.args[0], cls, m), loc=ctx.loc(call.name_line),
            library=_LIBRARY, end_line=call.end_line, settings=dict(settings), schema=schema, handler=m.name,
            group=settings["group.id"].value if "group.id" in settings else None))


def _stream_handler(ctx: FileCtx, cls: ClassDecl, m: Method) -> None:
    spans: list[tuple[int, int]] = []
    scope = Scope(listener=False)
    for lam in m.lambdas:
        owner = lam.owner
        if owner is None or owner.recv is None:
            continue
        if ctx.kind_of(owner.recv, cls, m) not in ("stream", "builder"):
            continue
        spans.append((lam.line, lam.end_line))
        if lam.params:
            scope.values.add(lam.params[0] if len(lam.params) == 1 else lam.params[1])
    make_handler(ctx, "stream", cls, m, scope, m.line, m.end_line, m.name, only_lines=spans)
