"""Spring Cloud Stream's annotation style (before 3.x, still in many codebases).

- ``source.output().send(MessageBuilder...build())`` through a binding interface (``Source``,
  ``Processor``, or an interface of this file with ``@Output("orders-out") MessageChannel ordersOut()``)
  -> a producer on ``Pending("binding", "output")``; ``sink.input().subscribe(...)`` a consumer.
- ``@ServiceActivator(inputChannel = Sink.INPUT)`` / ``@Transformer`` / ``@InboundChannelAdapter(Source.OUTPUT)``
  -> a consumer / producer on the binding (a plain string channel only when it names a binding of this
  file's interfaces: anything else is a Spring Integration channel, such as ``errorChannel``).
- Declarations: ``@EnableBinding(Source.class / Sink::class / Processor.class)`` and this file's binding
  interfaces (``@Input("orders-in") SubscribableChannel ordersIn();``) create their bindings at start-up,
  so each is an endpoint, unless this file already has an endpoint on that binding.

``@StreamListener`` / ``@SendTo`` / ``@Input`` / ``@Output`` on listener methods are read with the
other annotations (``jvm_spring``).
"""

from __future__ import annotations

from copilot.model.facts import Endpoint, Pending, SchemaRef, TopicRef
from copilot.scan.extractors.jvm_clients import record_parts, value_type_schema
from copilot.scan.extractors.jvm_context import BindingChannel, FileCtx
from copilot.scan.extractors.jvm_handlers import build_scope, make_handler, payload_param
from copilot.scan.extractors.jvm_ir import Annotation, ClassDecl, Expr, Method
from copilot.scan.extractors.jvm_spring import LEGACY_BINDINGS, binding_ref

LIBRARY = "spring-cloud-stream"
# generic types whose last argument is the payload (`MessageSource<Tick>`); schema_ref unwraps the rest
_SOURCES = {"MessageSource", "Supplier", "Message", "Flux", "Mono", "Publisher"}
# annotation -> (attribute, role) pairs naming channels
_CHANNEL_ANNOTATIONS = {
    "ServiceActivator": (("inputChannel", "consume"), ("outputChannel", "produce")),
    "Transformer": (("inputChannel", "consume"), ("outputChannel", "produce")),
    "InboundChannelAdapter": (("value", "produce"), ("channel", "produce")),
}


def detect(ctx: FileCtx) -> None:
    enabled = _enabled_bindings(ctx)
    known = {c.binding for channels in ctx.binding_interfaces().values() for c in channels.values() if c.binding}
    for cls in ctx.ir.classes:
        for m in cls.methods:
            _channel_annotations(ctx, cls, m, known)
            for call in m.calls:
                if call.kind == "call" and call.name in ("send", "subscribe"):
                    channel = ctx.binding_channel(call.recv, cls, m)
                    if channel is not None:
                        _channel_call(ctx, cls, m, call, channel)
    _declarations(ctx, enabled)


def _channel_ref(ctx: FileCtx, text: str, channel: BindingChannel, declared: bool = False) -> TopicRef:
    via = [ctx.loc(channel.annotation.line)] if channel.annotation is not None and not declared else []
    if channel.binding is None:
        return TopicRef(text, None, "unresolved", via=via)
    return TopicRef(text, None, "binding", pending=Pending("binding", channel.binding), via=via)


def _channel_call(ctx: FileCtx, cls: ClassDecl, m: Method, call: Expr, channel: BindingChannel) -> None:
    assert call.recv is not None
    client = call.recv.recv.name if call.recv.recv is not None else None
    topic = _channel_ref(ctx, call.recv.short, channel)
    if call.name == "send" and channel.role == "produce" and call.args:
        parts = record_parts(ctx, call.args[0], cls, m)
        _, key_e, value_e = parts if parts is not None else (None, None, call.args[0])
        ctx.facts.endpoints.append(Endpoint(
            role="produce", topic=topic, loc=ctx.loc(call.name_line), library=LIBRARY, end_line=call.end_line,
            client=client, key=key_e.text if key_e is not None else None,
            value=value_e.text if value_e is not None else None,
            schema=value_type_schema(ctx, cls, m, None, value_e), awaits_ack=None))
    elif call.name == "subscribe" and channel.role == "consume":
        ctx.facts.endpoints.append(Endpoint(
            role="consume", topic=topic, loc=ctx.loc(call.name_line), library=LIBRARY, end_line=call.end_line,
            client=client, handler=m.name if not m.is_init else None))


def _channel_annotations(ctx: FileCtx, cls: ClassDecl, m: Method, known: set[str]) -> None:
    """`@ServiceActivator(inputChannel = Sink.INPUT)`, `@InboundChannelAdapter(Source.OUTPUT)` ..."""
    for ann in m.annotations:
        for attribute, role in _CHANNEL_ANNOTATIONS.get(ann.name, ()):
            e = ann.args.get(attribute)
            if e is None or not (e.kind == "name" and e.name in LEGACY_BINDINGS or e.kind == "str" and e.value in known):
                continue
            topic = binding_ref(ctx, e, cls, m)
            if role == "consume":
                payload = payload_param(m)
                ctx.facts.endpoints.append(Endpoint(
                    role="consume", topic=topic, loc=ctx.loc(ann.line), library=LIBRARY, end_line=m.end_line,
                    handler=m.name, schema=ctx.schema_ref(payload.type) if payload else None))
                if id(m) not in ctx.listener_methods:
                    ctx.listener_methods.add(id(m))
                    make_handler(ctx, "listener", cls, m, build_scope(ctx, cls, m, [payload] if payload else []),
                                 m.line, m.end_line, m.name)
            else:
                ctx.facts.endpoints.append(Endpoint(
                    role="produce", topic=topic, loc=ctx.loc(ann.line), library=LIBRARY, end_line=m.end_line,
                    value=m.ret.text if m.ret else None, schema=_generic_schema(ctx, m)))


def _generic_schema(ctx: FileCtx, m: Method) -> SchemaRef | None:
    """The record class a generic return type carries (`MessageSource<Tick>`, `Message<Tick>`)."""
    t = m.ret
    if t is None or not t.args:
        return None  # `MessageChannel`, `void`: no payload type written
    while t.base in _SOURCES and t.args:
        t = t.args[-1]
    return ctx.schema_ref(t)


def _enabled_bindings(ctx: FileCtx) -> list[tuple[str, Annotation]]:
    """The interfaces this file's `@EnableBinding(...)` names, with the annotation."""
    out: list[tuple[str, Annotation]] = []
    for cls in ctx.ir.classes:
        ann = cls.annotation("EnableBinding")
        if ann is None or not ctx.is_scs("EnableBinding"):
            continue
        value = ann.args.get("value")
        items = value.args if value is not None and value.kind == "array" else [value] if value is not None else []
        out.extend((item.name.rsplit(".", 1)[-1], ann) for item in items if item.kind == "classlit")
    return out


def _declarations(ctx: FileCtx, enabled: list[tuple[str, Annotation]]) -> None:
    """Bindings declared here: each channel of an enabled library interface and of this file's
    binding interfaces, unless an endpoint of this file already uses it."""
    used = {(e.role, e.topic.pending.key) for e in ctx.facts.endpoints
            if e.library == LIBRARY and e.topic.pending is not None and e.topic.pending.kind == "binding"}
    interfaces = ctx.binding_interfaces()
    seen: set[tuple[str, str | None]] = set()
    for name, ann in enabled:
        channels = interfaces.get(name, {})
        if any(c.method is not None for c in channels.values()):
            continue  # an interface of this file is declared below, another file's where it is written
        for method_name, channel in channels.items():
            _declare(ctx, channel, ann.line, ann.end_line, f"{name}.{method_name}()", used, seen)
    declared = {c.name for c in ctx.ir.classes if c.kind == "interface"}
    for name, channels in interfaces.items():
        if name not in declared:
            continue
        for method_name, channel in channels.items():
            if channel.method is None or channel.iface != name or channel.annotation is None:
                continue
            value = channel.annotation.args.get("value")
            text = value.short if value is not None else f"{method_name}()"
            _declare(ctx, channel, channel.annotation.line, channel.method.end_line, text, used, seen)


def _declare(ctx: FileCtx, channel: BindingChannel, line: int, end: int, text: str,
             used: set[tuple[str, str]], seen: set[tuple[str, str | None]]) -> None:
    """One declared binding as an endpoint at its declaration."""
    key = (channel.role, channel.binding)
    if channel.binding is not None and key in used or key in seen:
        return
    seen.add(key)
    schema = _generic_schema(ctx, channel.method) if channel.method is not None else None
    topic = _channel_ref(ctx, text, channel, declared=True)
    ctx.facts.endpoints.append(Endpoint(
        role=channel.role, topic=topic, loc=ctx.loc(line), library=LIBRARY, end_line=end,  # type: ignore[arg-type]
        schema=schema))
