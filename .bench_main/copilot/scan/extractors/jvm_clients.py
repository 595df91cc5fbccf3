"""Call-driven endpoints: ``KafkaTemplate.send``, kafka-clients producers and consumers
(``subscribe``/``assign`` and their poll loops), SmallRye emitters, ``StreamBridge.send``, and
error-handler wiring (``DefaultErrorHandler``, ``DeadLetterPublishingRecoverer`` ...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from copilot.model.facts import Endpoint, HandlerFact, Pending, SchemaRef, TopicRef
from copilot.scan.extractors.jvm_calls import (
    ERROR_HANDLER_CLASSES,
    ERROR_HANDLER_SETTERS,
    SEND_NAMES,
    TRANSPARENT,
    WAITERS,
    CallClassifier,
)
from copilot.scan.extractors.jvm_context import FileCtx
from copilot.scan.extractors.jvm_handlers import build_scope, make_handler
from copilot.scan.extractors.jvm_ir import ClassDecl, Expr, Method
from copilot.scan.extractors.jvm_values import _LIST_BUILDERS

_LIBRARY = {"template": "spring-kafka", "producer": "kafka-clients"}
_MESSAGE_KEYS = ("KEY", "MESSAGE_KEY")


def detect(ctx: FileCtx) -> None:
    for cls in ctx.ir.classes:
        for m in cls.methods:
            for call in m.calls:
                if call.kind != "call":
                    continue
                kind = ctx.kind_of(call.recv, cls, m) if call.recv is not None else None
                if call.name in SEND_NAMES and kind in ("template", "producer"):
                    _send(ctx, cls, m, call, kind)
                elif call.name in SEND_NAMES and call.recv is not None and call.recv.kind == "name" \
                        and call.recv.name in ctx.emitters:
                    _emit(ctx, cls, m, call)
                elif call.name == "send" and kind == "bridge" and call.args:
                    _bridge(ctx, cls, m, call)
                elif call.name in ("subscribe", "assign") and kind == "consumer" and call.args:
                    _subscribe(ctx, cls, m, call)
            _poll_loops(ctx, cls, m)
            _error_handlers(ctx, cls, m)
    _unused_emitters(ctx)


def _client_name(e: Expr | None) -> str | None:
    if e is not None and e.kind == "name":
        return e.name.rsplit(".", 1)[-1]
    return None


def value_type_schema(ctx: FileCtx, cls: ClassDecl, m: Method, client: Expr | None,
                       value: Expr | None) -> SchemaRef | None:
    t = ctx.type_of(client, cls, m)
    schema = ctx.schema_ref(t.args[-1]) if t is not None and t.args else None
    typed_value = value is not None and (value.kind == "new" or value.kind == "name" and "." not in value.name)
    if schema is None and typed_value:
        schema = ctx.schema_ref(ctx.type_of(value, cls, m))
    return schema


def record_parts(ctx: FileCtx, e: Expr, cls: ClassDecl, m: Method, depth: int = 0) -> tuple[
        Expr | None, Expr | None, Expr | None] | None:
    """(topic, key, value) of a ProducerRecord (kafka-clients, or Vert.x `KafkaProducerRecord.create`) or a
    spring Message built with MessageBuilder."""
    if depth > 3:
        return None
    if e.kind == "name" and "." not in e.name:
        v = ctx.var(e.name, cls, m)
        if v is not None and v.init is not None:
            return record_parts(ctx, v.init, cls, m, depth + 1)
        return None
    if e.kind == "new" and e.name.rsplit(".", 1)[-1] == "ProducerRecord":
        a = e.args
        if len(a) == 2:
            return a[0], None, a[1]
        if len(a) == 3:
            return a[0], a[1], a[2]
        if len(a) == 4:
            return a[0], a[2], a[3]
        if len(a) == 5:
            return (a[0], a[2], a[3]) if "header" in a[4].text.lower() else (a[0], a[3], a[4])
        if len(a) >= 6:
            return a[0], a[3], a[4]
        return None
    if e.kind == "call" and e.name == "create" and e.recv is not None and e.recv.text.rsplit(".", 1)[-1] in (
            "KafkaProducerRecord", "ProducerRecord"):
        # Vert.x `KafkaProducerRecord.create(topic, value)` / `(topic, key, value)` / `(topic, key, value, ts, partition)`
        a = e.args
        if len(a) == 2:
            return a[0], None, a[1]
        if len(a) >= 3:
            return a[0], a[1], a[2]
        return None
    if e.kind == "call" and e.name == "build":  # MessageBuilder.withPayload(x).setHeader(KafkaHeaders.TOPIC, t)
        topic = key = value = None
        cur: Expr | None = e.recv
        while cur is not None and cur.kind == "call":
            if cur.name in ("setHeader", "setHeaderIfAbsent") and len(cur.args) == 2:
                header = cur.args[0].text.rsplit(".", 1)[-1]
                if header == "TOPIC" or header.strip('"') == "kafka_topic":
                    topic = cur.args[1]
                elif header in _MESSAGE_KEYS or header.strip('"') in ("kafka_messageKey", "kafka_key"):
                    key = cur.args[1]
            elif cur.name == "withPayload" and cur.args:
                value = cur.args[0]
            cur = cur.recv
        if topic is not None or value is not None:
            return topic, key, value
    return None


def awaits_ack(ctx: FileCtx, cls: ClassDecl, m: Method, call: Expr, client: str | None) -> bool | None:
    """True when the send result is waited on or given a callback, False for fire-and-forget."""
    outer = call.outer
    while outer is not None and outer.name in TRANSPARENT:
        outer = outer.outer
    if outer is not None and outer.name in WAITERS:
        return True
    ctx_kind = call.ctx if outer is None else outer.ctx
    sends = _method_sends(ctx, m)
    flushed = client in sends.flushed
    if ctx_kind in ("var", "assign"):
        var = call.ctx_name if outer is None else outer.ctx_name
        if var in sends.waited:
            return True
        if var in sends.passed or var in sends.returned:
            return None  # handed to something else (a list of futures, the caller)
        return flushed
    if ctx_kind == "stmt":
        return flushed
    return None


@dataclass
class _MethodSends:
    """What a method does with send results, read once per method (a send used to rescan the
    method's calls, quadratic in a method with thousands of sends)."""

    flushed: set[str | None] = field(default_factory=set)  # clients `flush()`ed
    waited: set[str] = field(default_factory=set)  # variables `.get()`/`.whenComplete(...)` is called on
    passed: set[str] = field(default_factory=set)  # variables passed as an argument
    returned: set[str] = field(default_factory=set)  # variables returned


_SENDS: WeakKeyDictionary[FileCtx, dict[int, _MethodSends]] = WeakKeyDictionary()


def _method_sends(ctx: FileCtx, m: Method) -> _MethodSends:
    per_method = _SENDS.setdefault(ctx, {})
    found = per_method.get(id(m))
    if found is None:
        found = per_method[id(m)] = _MethodSends()
        for c in m.calls:
            if c.name == "flush":
                found.flushed.add(_client_name(c.recv))
            if c.recv is not None and c.recv.kind == "name" and c.name in WAITERS | TRANSPARENT:
                found.waited.add(c.recv.name)
            found.passed.update(a.name for a in c.args if a.kind == "name")
        found.returned.update(r.name for r in m.returns if r.kind == "name")
    return found


def _template_of_callback(ctx: FileCtx, m: Method, client: str | None) -> str | None:
    """`template.executeInTransaction(t -> t.send(...))`: the lambda's `t` is `template`."""
    for lam in m.lambdas:
        if client in lam.params and lam.owner is not None and lam.owner.name in ("executeInTransaction", "execute"):
            return _client_name(lam.owner.recv) or client
    return client


def _send(ctx: FileCtx, cls: ClassDecl, m: Method, call: Expr, kind: str) -> None:
    client = _template_of_callback(ctx, m, _client_name(call.recv))
    args = call.args
    topic_e = key_e = value_e = None
    topic: TopicRef | None = None
    if call.name == "sendDefault":
        value_e = args[-1] if args else None
        key_e = args[-2] if len(args) >= 2 else None
        topic = _default_topic(ctx, cls, m, client)
    else:
        parts = record_parts(ctx, args[0], cls, m) if len(args) == 1 or kind == "producer" else None
        if kind == "template" and len(args) == 1 and _is_message(ctx, cls, m, args[0], parts):
            # `send(Message<?>)` with no topic header goes to the template's default topic
            _, key_e, value_e = parts if parts is not None else (None, None, args[0])
            topic = _default_topic(ctx, cls, m, client)
        elif parts is not None:
            topic_e, key_e, value_e = parts
        elif kind == "template" and len(args) >= 2:
            topic_e = args[0]
            value_e = args[-1]
            key_e = args[-2] if len(args) >= 3 else None
        elif args:
            value_e = args[0]
        if topic_e is not None:
            topic = ctx.ev.topic(topic_e, cls, m)
        elif topic is None:
            topic = TopicRef(args[0].short if args else call.short, None, "unresolved")
    assert topic is not None
    acked = True if kind == "producer" and len(args) >= 2 else awaits_ack(ctx, cls, m, call, client)
    settings = ctx.client_settings(client, cls, m)
    ctx.facts.endpoints.append(Endpoint(
        role="produce", topic=topic, loc=ctx.loc(call.name_line), library=_LIBRARY[kind], end_line=call.end_line,
        client=client, key=key_e.text if key_e is not None else None,
        value=value_e.text if value_e is not None else None, settings=settings,
        schema=value_type_schema(ctx, cls, m, call.recv, value_e), awaits_ack=acked))


def _is_message(ctx: FileCtx, cls: ClassDecl, m: Method, arg: Expr,
                parts: tuple[Expr | None, Expr | None, Expr | None] | None) -> bool:
    """A spring `Message` argument without a topic header (built with MessageBuilder, or typed `Message<T>`)."""
    if parts is not None:
        return parts[0] is None
    t = ctx.type_of(arg, cls, m)
    return t is not None and t.base == "Message"


def _default_topic(ctx: FileCtx, cls: ClassDecl, m: Method, client: str | None) -> TopicRef:
    """The template's `setDefaultTopic(...)` in this file, else `spring.kafka.template.default-topic`."""
    default = next((c.args[0] for cc in ctx.ir.classes for mm in cc.methods for c in mm.calls
                    if c.name == "setDefaultTopic" and c.args and _client_name(c.recv) == client), None)
    if default is not None:
        return ctx.ev.topic(default, cls, m)
    key = "spring.kafka.template.default-topic"
    return TopicRef(f"{client}.defaultTopic", None, "property", pending=Pending("property", key))


def _emit(ctx: FileCtx, cls: ClassDecl, m: Method, call: Expr) -> None:
    assert call.recv is not None
    channel, decl = ctx.emitters[call.recv.name]
    key_e = value_e = None
    if call.args:
        arg = call.args[0]
        if arg.kind == "call" and arg.name == "of" and arg.recv is not None and arg.recv.text in (
                "Record", "KafkaRecord") and len(arg.args) >= 2:
            key_e, value_e = arg.args[0], arg.args[1]
        elif arg.kind == "call" and arg.name == "of" and arg.recv is not None and arg.recv.text == "Message" and arg.args:
            value_e = arg.args[0]
        else:
            value_e = arg
    schema = ctx.schema_ref(decl.type)
    ctx.facts.endpoints.append(Endpoint(
        role="produce",
        topic=TopicRef(f'"{channel}"', None, "channel", pending=Pending("channel", f"outgoing:{channel}"),
                       via=[ctx.loc(decl.line)]),
        loc=ctx.loc(call.name_line), library="smallrye", end_line=call.end_line, client=call.recv.name,
        key=key_e.text if key_e is not None else None, value=value_e.text if value_e is not None else None,
        schema=schema, awaits_ack=True if call.name.endswith("AndAwait") else awaits_ack(
            ctx, cls, m, call, call.recv.name)))


def _unused_emitters(ctx: FileCtx) -> None:
    """An emitter declared but never sent through in this file is still a producer."""
    used = {e.client for e in ctx.facts.endpoints if e.library == "smallrye" and e.role == "produce"}
    for name, (channel, decl) in ctx.emitters.items():
        if name in used:
            continue
        ctx.facts.endpoints.append(Endpoint(
            role="produce",
            topic=TopicRef(f'"{channel}"', None, "channel", pending=Pending("channel", f"outgoing:{channel}")),
            loc=ctx.loc(decl.line), library="smallrye", client=name, schema=ctx.schema_ref(decl.type)))


def _bridge(ctx: FileCtx, cls: ClassDecl, m: Method, call: Expr) -> None:
    target = call.args[0]
    v = ctx.ev.value(target, cls, m)
    if v.value:  # an empty name is no binding
        topic = TopicRef(target.short, None, "binding", pending=Pending("binding", v.value), via=v.via)
    else:
        topic = TopicRef(target.short, None, "unresolved", via=v.via)
    value_e = call.args[1] if len(call.args) >= 2 else None
    ctx.facts.endpoints.append(Endpoint(
        role="produce", topic=topic, loc=ctx.loc(call.name_line), library="spring-cloud-stream",
        end_line=call.end_line, client=_client_name(call.recv),
        value=value_e.text if value_e is not None else None,
        schema=value_type_schema(ctx, cls, m, None, value_e), awaits_ack=None))


def _subscribe(ctx: FileCtx, cls: ClassDecl, m: Method, call: Expr) -> None:
    client = _client_name(call.recv)
    arg = call.args[0]
    if call.name == "assign":
        topics = [ctx.ev.topic(tp.args[0], cls, m) for tp in _flatten_list(ctx, arg, cls, m)
                  if tp.kind == "new" and tp.name.endswith("TopicPartition") and tp.args]
    else:
        topics = ctx.ev.topics(arg, cls, m)
    if client is None and call.recv is not None:  # `KafkaConsumer(props).apply { subscribe(..) }`
        found = ctx.settings_of(call.recv, cls, m)
        settings = dict(found.settings) if found is not None else {}
    else:
        settings = ctx.client_settings(client, cls, m)
    group = settings["group.id"].value if "group.id" in settings else None
    handler = _poll_method(ctx, cls, client)
    t = ctx.type_of(call.recv, cls, m)
    schema = ctx.schema_ref(t.args[-1]) if t is not None and t.args else None
    for topic in topics:
        ctx.facts.endpoints.append(Endpoint(
            role="consume", topic=topic, loc=ctx.loc(call.name_line), library="kafka-clients",
            end_line=call.end_line, client=client, settings=dict(settings), schema=schema,
            handler=handler, group=group))


def _flatten_list(ctx: FileCtx, e: Expr, cls: ClassDecl, m: Method) -> list[Expr]:
    if e.kind in ("call", "new") and e.name in _LIST_BUILDERS:
        return list(e.args)
    if e.kind == "name":
        v = ctx.var(e.name, cls, m)
        if v is not None and v.init is not None:
            return _flatten_list(ctx, v.init, cls, m)
    return [e]


def _poll_method(ctx: FileCtx, cls: ClassDecl, client: str | None) -> str | None:
    for m in cls.methods:
        for c in m.calls:
            if c.name == "poll" and _client_name(c.recv) == client:
                return m.name
    return None


def _poll_loops(ctx: FileCtx, cls: ClassDecl, m: Method) -> None:
    polls = [c for c in m.calls if c.kind == "call" and c.name == "poll" and c.recv is not None
             and ctx.kind_of(c.recv, cls, m) == "consumer"]
    if not polls:
        return
    taken: list[tuple[int, int]] = []
    for loop in sorted(m.loops, key=lambda lp: (lp.line, -lp.end_line)):
        if any(a <= loop.line and loop.end_line <= b for a, b in taken):
            continue
        if not any(loop.line <= p.line <= loop.end_line for p in polls):
            continue
        taken.append((loop.line, loop.end_line))
        scope = build_scope(ctx, cls, m, listener=False)
        make_handler(ctx, "poll-loop", cls, m, scope, loop.line, loop.end_line, m.name,
                     skip={id(p) for p in polls})


def _error_handlers(ctx: FileCtx, cls: ClassDecl, m: Method) -> None:
    wiring = [c for c in m.calls if (c.kind == "new" and c.name.rsplit(".", 1)[-1] in ERROR_HANDLER_CLASSES)
              or (c.kind == "call" and c.name in ERROR_HANDLER_SETTERS)]
    if not wiring:
        return
    if any(h.kind == "listener" and h.loc.line == m.line for h in ctx.facts.handlers):
        return  # a listener's own body; its calls are already on the listener handler
    scope = build_scope(ctx, cls, m, listener=False)
    classifier = CallClassifier(ctx)
    calls = [f for f in classifier.handler_calls(cls, m, m.line, m.end_line, scope)
             if f.category in ("dead-letter", "retry", "error-swallowed")]
    name = m.name if not m.is_init else cls.name or "<init>"
    ctx.facts.handlers.append(HandlerFact("error-handler", ctx.loc(m.line), m.end_line, calls, name))
