"""Annotation-driven endpoints: Spring Kafka ``@KafkaListener`` / ``@SendTo``, Spring Cloud
Stream functional beans and ``@StreamListener``, SmallRye ``@Incoming`` / ``@Outgoing`` /
``@Channel``."""

from __future__ import annotations

from copilot.model.facts import CallFact, Endpoint, Pending, SchemaRef, Setting, TopicRef
from copilot.scan.extractors.jvm_context import EMITTER_TYPES, FileCtx
from copilot.scan.extractors.jvm_handlers import RECORD_TYPES, build_scope, make_handler, payload_param
from copilot.scan.extractors.jvm_ir import Annotation, ClassDecl, Expr, Method, TypeRef, Var

_SCS_FUNCTIONS = {
    "Function": (1, True), "Consumer": (1, False), "Supplier": (0, True),
    "BiFunction": (2, True), "BiConsumer": (2, False),
}
BRANCHES = "*"  # the index of a binding that stands for every configured `<bean>-out-<n>`
LEGACY_BINDINGS = {"Sink.INPUT": "input", "Processor.INPUT": "input", "Processor.OUTPUT": "output",
                   "Source.OUTPUT": "output"}
_CHANNEL_STREAMS = {"Multi", "Publisher", "PublisherBuilder"}  # Flow.Publisher's base is Publisher
_SMALLRYE_RETURN_WRAPPERS = {"Multi", "Uni", "Message", "CompletionStage", "Publisher", "Flow.Publisher",
                             "PublisherBuilder", "Record", "KafkaRecord", "CompletableFuture"}


def detect(ctx: FileCtx) -> None:
    for cls in ctx.ir.classes:
        class_listener = cls.annotation("KafkaListener")
        handlers = [m for m in cls.methods if m.annotation("KafkaHandler")]
        if class_listener is not None and handlers:
            _kafka_listener(ctx, class_listener.args, class_listener.line, cls, handlers[0], handlers)
        for m in cls.methods:
            _method(ctx, cls, m)
        _emitter_declarations(ctx, cls)


def _method(ctx: FileCtx, cls: ClassDecl, m: Method) -> None:
    listeners = [a for a in m.annotations if a.name == "KafkaListener"]
    for container in (a for a in m.annotations if a.name == "KafkaListeners"):
        value = container.args.get("value")
        for item in value.args if value is not None and value.kind == "array" else [value] if value else []:
            if item.kind in ("annot", "new"):
                listeners.append(Annotation("KafkaListener", item.named, item.line, item.end_line))
    for ann in listeners:
        _kafka_listener(ctx, ann.args, ann.line, cls, m, [m])
    if not listeners and m.annotation("StreamListener") is not None:
        _stream_listener(ctx, cls, m, m.annotation("StreamListener"))
    if m.annotation("Incoming") is not None or m.annotation("Outgoing") is not None:
        _smallrye(ctx, cls, m)
    if m.annotation("Bean") is not None and m.ret is not None:
        _scs_function(ctx, cls, m)
    if m.annotation("DltHandler") is not None:
        scope = build_scope(ctx, cls, m, [p for p in [payload_param(m)] if p])
        make_handler(ctx, "error-handler", cls, m, scope, m.line, m.end_line, m.name,
                     extra=[CallFact("dead-letter", "@DltHandler", m.annotation("DltHandler").line)])


def _text_value(ctx: FileCtx, e: Expr | None, cls: ClassDecl, m: Method | None) -> str | None:
    if e is None:
        return None
    v = ctx.ev.value(e, cls, m)
    return v.value if v.value is not None else e.text


def _kafka_listener(ctx: FileCtx, args: dict[str, Expr], line: int, cls: ClassDecl, m: Method,
                    handler_methods: list[Method]) -> None:
    topics: list[TopicRef] = []
    if "topics" in args:
        topics.extend(ctx.ev.topics(args["topics"], cls, m))
    if "topicPattern" in args:
        topics.append(ctx.ev.topic(args["topicPattern"], cls, m, pattern=True))
    partitions = args.get("topicPartitions")
    for tp in (partitions.args if partitions is not None and partitions.kind == "array" else
               [partitions] if partitions is not None else []):
        if tp.kind in ("annot", "new") and "topic" in tp.named:
            topics.append(ctx.ev.topic(tp.named["topic"], cls, m))
    settings: dict[str, Setting] = {}
    factory = _text_value(ctx, args.get("containerFactory"), cls, m)
    if factory is None:
        target = ctx.ev.method_named(cls, "kafkaListenerContainerFactory")
        factory = "kafkaListenerContainerFactory" if target is not None else None
    settings.update(ctx.client_settings(factory, cls, m))
    group_expr, raw = args.get("groupId"), "groupId"
    id_is_group = args.get("idIsGroup")
    if group_expr is None and "id" in args and not (id_is_group is not None and id_is_group.text == "false"):
        group_expr, raw = args["id"], "id"
    group = None
    if group_expr is not None:
        g = ctx.ev.value(group_expr, cls, m)
        group = g.value if g.value is not None else (
            g.pending.default if g.pending is not None and g.pending.default is not None else group_expr.short)
        settings["group.id"] = Setting("group.id", group, ctx.loc(group_expr.line), raw_key=raw, pending=g.pending)
    props = args.get("properties")
    for p in props.args if props is not None and props.kind == "array" else [props] if props is not None else []:
        text = _text_value(ctx, p, cls, m) or ""
        sep = min((i for i in (text.find("="), text.find(":")) if i > 0), default=-1)
        if sep > 0:
            key = text[:sep].strip()
            settings[key] = Setting(key, text[sep + 1:].strip(), ctx.loc(p.line), raw_key=f"properties: {key}")
    if group is None and "group.id" in settings:
        group = settings["group.id"].value
    payload = payload_param(m)
    schema = ctx.schema_ref(payload.type) if payload is not None and len(handler_methods) == 1 else None
    for topic in topics:
        ctx.facts.endpoints.append(Endpoint(
            role="consume", topic=topic, loc=ctx.loc(line), library="spring-kafka", end_line=m.end_line,
            client=factory, settings=dict(settings), schema=schema, handler=m.name, group=group))
    extra: list[CallFact] = []
    if "errorHandler" in args:
        extra.append(CallFact("retry", "errorHandler", args["errorHandler"].line,
                              _text_value(ctx, args["errorHandler"], cls, m) or ""))
    for hm in handler_methods:
        if id(hm) in ctx.listener_methods:
            continue  # a second @KafkaListener on the same method
        ctx.listener_methods.add(id(hm))
        retry = hm.annotation("RetryableTopic")
        hm_extra = list(extra)
        if retry is not None:
            hm_extra.append(CallFact("retry", "@RetryableTopic", retry.line, _ann_text(retry)))
            strategy = retry.args.get("dltStrategy")
            if strategy is None or "NO_DLT" not in strategy.text:
                hm_extra.append(CallFact("dead-letter", "@RetryableTopic", retry.line, "dead-letter topic"))
        seeds = [p for p in [payload_param(hm)] if p]
        scope = build_scope(ctx, cls, hm, seeds)
        make_handler(ctx, "listener", cls, hm, scope, hm.line, hm.end_line, hm.name, extra=hm_extra)
    send_to = m.annotation("SendTo")
    if send_to is not None:
        _send_to(ctx, cls, m, send_to, "spring-kafka")


def _ann_text(ann: Annotation) -> str:
    return ", ".join(f"{k}={v.text}" for k, v in ann.args.items())


def _send_to(ctx: FileCtx, cls: ClassDecl, m: Method, ann: Annotation, library: str) -> None:
    value = ann.args.get("value")
    schema = ctx.schema_ref(m.ret)
    if value is None:
        topic = TopicRef(f"@{ann.name}", None, "unresolved")
    elif library == "spring-cloud-stream":
        topic = binding_ref(ctx, value, cls, m)
    else:
        topic = ctx.ev.topic(value, cls, m)
    ctx.facts.endpoints.append(Endpoint(
        role="produce", topic=topic, loc=ctx.loc(ann.line), library=library, end_line=m.end_line,
        value=m.ret.text if m.ret else None, schema=schema, awaits_ack=None))


def binding_ref(ctx: FileCtx, e: Expr, cls: ClassDecl, m: Method | None) -> TopicRef:
    if e.kind == "name" and e.name in LEGACY_BINDINGS:
        name = LEGACY_BINDINGS[e.name]
        return TopicRef(e.short, None, "binding", pending=Pending("binding", name))
    v = ctx.ev.value(e, cls, m)
    if v.value:  # an empty name is no binding
        return TopicRef(e.short, None, "binding", pending=Pending("binding", v.value), via=v.via)
    return TopicRef(e.short, None, "unresolved", via=v.via)


def _stream_listener(ctx: FileCtx, cls: ClassDecl, m: Method, ann: Annotation) -> None:
    """`@StreamListener(Sink.INPUT)` / `@StreamListener("input")`, or a bare `@StreamListener` whose
    parameters name their bindings (`@Input("order") KStream<..> orders`, `@Output("out") FluxSender out`)."""
    target = ann.args.get("value") or ann.args.get("target")
    inputs = [(p, a) for p in m.params for a in p.annotations if a.name == "Input" and "value" in a.args]
    if target is None and not inputs:
        return
    payload = payload_param(m)
    if target is not None:
        ctx.facts.endpoints.append(Endpoint(
            role="consume", topic=binding_ref(ctx, target, cls, m), loc=ctx.loc(ann.line),
            library="spring-cloud-stream", end_line=m.end_line, handler=m.name,
            schema=ctx.schema_ref(payload.type) if payload else None))
    else:
        for p, a in inputs:
            ctx.facts.endpoints.append(Endpoint(
                role="consume", topic=binding_ref(ctx, a.args["value"], cls, m), loc=ctx.loc(a.line),
                library="spring-cloud-stream", end_line=m.end_line, handler=m.name, client=p.name,
                schema=ctx.schema_ref(p.type)))
    seeds = [p for p, _ in inputs] or ([payload] if payload else [])
    ctx.listener_methods.add(id(m))
    make_handler(ctx, "listener", cls, m, build_scope(ctx, cls, m, seeds), m.line, m.end_line, m.name)
    for out in [m.annotation("SendTo"), m.annotation("Output")]:
        if out is not None:
            _send_to(ctx, cls, m, out, "spring-cloud-stream")
    for p in m.params:
        out = next((a for a in p.annotations if a.name == "Output" and "value" in a.args), None)
        if out is not None:
            ctx.facts.endpoints.append(Endpoint(
                role="produce", topic=binding_ref(ctx, out.args["value"], cls, m), loc=ctx.loc(out.line),
                library="spring-cloud-stream", end_line=m.end_line, client=p.name,
                schema=ctx.schema_ref(p.type) if p.type is not None and p.type.args else None))


# ---- Spring Cloud Stream functional beans --------------------------------------------------

def _scs_signature(ctx: FileCtx, ret: TypeRef) -> tuple[list[TypeRef | None], TypeRef | None, bool] | None:
    """(input types, output type, has output) of a functional bean's return type."""
    if ret.fn_params is not None:  # Kotlin (A) -> B
        out = ret.fn_ret
        has_out = out is not None and out.base not in ("Unit",)
        return list(ret.fn_params), out if has_out else None, has_out
    base = ret.base
    if base not in _SCS_FUNCTIONS:
        return None
    imported = ctx.ir.imports.get(base, "")
    if imported and not imported.startswith("java.util.function") or "." in ret.qname and not ret.qname.startswith(
            "java.util.function"):
        return None
    n_in, has_out = _SCS_FUNCTIONS[base]
    args: list[TypeRef | None] = list(ret.args)
    ins = args[:n_in] + [None] * (n_in - len(args[:n_in]))
    out = args[n_in] if has_out and len(args) > n_in else None
    return ins, out, has_out


def _scs_function(ctx: FileCtx, cls: ClassDecl, m: Method) -> None:
    assert m.ret is not None
    sig = _scs_signature(ctx, m.ret)
    if sig is None:
        return
    ins, out, has_out = sig
    bean = m.name
    bean_ann = m.annotation("Bean")
    if bean_ann is not None:
        named = bean_ann.args.get("name") or bean_ann.args.get("value")
        if named is not None:
            v = ctx.ev.value(named.args[0] if named.kind == "array" and named.args else named, cls, None)
            bean = v.value or bean
    for i, t in enumerate(ins):
        key = f"{bean}-in-{i}"
        ctx.facts.endpoints.append(Endpoint(
            role="consume", topic=TopicRef(key, None, "binding", pending=Pending("binding", key)),
            loc=ctx.loc(m.line), library="spring-cloud-stream", end_line=m.end_line, handler=bean,
            schema=ctx.schema_ref(t)))
    if has_out:
        # a `KStream<K, V>[]` result is one output binding per branch: `<bean>-out-0..n` (see BRANCHES)
        key = f"{bean}-out-{BRANCHES}" if out is not None and out.text.endswith("[]") else f"{bean}-out-0"
        ctx.facts.endpoints.append(Endpoint(
            role="produce", topic=TopicRef(key, None, "binding", pending=Pending("binding", key)),
            loc=ctx.loc(m.line), library="spring-cloud-stream", end_line=m.end_line,
            schema=ctx.schema_ref(out), value=out.text if out is not None else None))
    if ins:
        lambdas = [lam for lam in m.lambdas if lam.owner is None or lam.owner.kind == "new"]
        seeds = [m.vars[p] for lam in lambdas[:1] for p in lam.params if p in m.vars]
        scope = build_scope(ctx, cls, m, [])
        in_type = ins[0]
        for s in seeds:
            (scope.records if in_type is not None and in_type.base in RECORD_TYPES else scope.values).add(s.name)
        make_handler(ctx, "listener", cls, m, scope, m.line, m.end_line, bean)


# ---- SmallRye / Quarkus -------------------------------------------------------------------

def _channel(ctx: FileCtx, e: Expr | None, direction: str, cls: ClassDecl, m: Method | None) -> TopicRef:
    if e is None:
        return TopicRef("?", None, "unresolved")
    v = ctx.ev.value(e, cls, m)
    if not v.value:  # unknown, or "": no channel
        return TopicRef(e.short, None, "unresolved", via=v.via)
    return TopicRef(e.short, None, "channel", pending=Pending("channel", f"{direction}:{v.value}"), via=v.via)


def _smallrye(ctx: FileCtx, cls: ClassDecl, m: Method) -> None:
    incoming, outgoing = m.annotation("Incoming"), m.annotation("Outgoing")
    if incoming is not None:
        payload = payload_param(m)
        ctx.facts.endpoints.append(Endpoint(
            role="consume", topic=_channel(ctx, incoming.args.get("value"), "incoming", cls, m),
            loc=ctx.loc(incoming.line), library="smallrye", end_line=m.end_line, handler=m.name,
            schema=ctx.schema_ref(payload.type) if payload else None))
        make_handler(ctx, "listener", cls, m, build_scope(ctx, cls, m, [payload] if payload else []),
                     m.line, m.end_line, m.name)
    if outgoing is not None:
        ctx.facts.endpoints.append(Endpoint(
            role="produce", topic=_channel(ctx, outgoing.args.get("value"), "outgoing", cls, m),
            loc=ctx.loc(outgoing.line), library="smallrye", end_line=m.end_line,
            schema=_smallrye_schema(ctx, m.ret), value=m.ret.text if m.ret else None))


def _smallrye_schema(ctx: FileCtx, t: TypeRef | None) -> SchemaRef | None:
    while t is not None and t.base in _SMALLRYE_RETURN_WRAPPERS and t.args:
        t = t.args[-1]
    return ctx.schema_ref(t)


def _emitter_declarations(ctx: FileCtx, cls: ClassDecl) -> None:
    """`@Channel("x")` fields, constructor and method parameters.

    An ``Emitter<T>`` / ``MutinyEmitter<T>`` (also ``@Broadcast``) sends to ``outgoing:x``; a
    ``Multi<T>`` / ``Publisher<T>`` / ``Flow.Publisher<T>`` (of payloads or ``Message<T>``) is a
    stream the application reads: a consumer of ``incoming:x``."""
    owners = [(var, None) for var in cls.fields.values()] + [(p, m) for m in cls.methods for p in m.params]
    seen: set[int] = set()
    for var, m in owners:
        ann = next((a for a in var.annotations if a.name == "Channel"), None)
        if ann is None or "value" not in ann.args or id(var) in seen:
            continue  # a Kotlin constructor property is a field and a constructor parameter
        seen.add(id(var))
        if _is_channel_stream(var.type):
            ctx.facts.endpoints.append(Endpoint(
                role="consume", topic=_channel(ctx, ann.args["value"], "incoming", cls, m), loc=ctx.loc(ann.line),
                library="smallrye", end_line=var.line, client=var.name, schema=_smallrye_schema(ctx, var.type),
                handler=_stream_reader(cls, var, m)))
            continue
        if var.type is not None and var.type.base not in EMITTER_TYPES:
            continue  # `@Channel` on something that is neither an emitter nor a stream
        v = ctx.ev.value(ann.args["value"], cls, None)
        if v.value:
            ctx.emitters[var.name] = (v.value, var)


def _is_channel_stream(t: TypeRef | None) -> bool:
    """A type SmallRye fills with the records of an incoming channel (`Multi<Quote>`, `Publisher<Message<T>>`)."""
    return t is not None and t.base in _CHANNEL_STREAMS


def _stream_reader(cls: ClassDecl, var: Var, m: Method | None) -> str | None:
    """The method that reads an injected channel stream: the method it is a parameter of, or the one
    method of the class that uses the field."""
    if m is not None:
        return None if m.is_init else m.name
    users = {x.name for x in cls.methods if not x.is_init and var.name not in x.vars and (
        any(_mentions(c, var.name) for c in x.calls) or any(_mentions(r, var.name) for r in x.returns))}
    return users.pop() if len(users) == 1 else None


def _mentions(e: Expr | None, name: str, depth: int = 0) -> bool:
    """`e` reads variable `name`: as a receiver (`quotes.log()`) or an argument (`publisher(prices)`)."""
    if e is None or depth > 12:
        return False
    if e.kind == "name":
        return e.name.split(".")[0] == name
    return _mentions(e.recv, name, depth + 1) or any(_mentions(a, name, depth + 1) for a in e.args)
