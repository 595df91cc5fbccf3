"""Endpoints declared by annotations (JVM frameworks): the catalogue's ``annotations`` and ``beans``.

A function annotated ``@KafkaListener(topics = "orders", groupId = "g")`` consumes: its topic
sits in an annotation element, evaluated like any expression (a constant, a ``${key:default}``
placeholder as a configuration look-up), one endpoint per value.  An element may hold nested
annotations (``topicPartitions = @TopicPartition(topic = ...)``); a container annotation
(``@KafkaListeners({...})``) holds repeated ones.  A topic that names a binding or channel
(``@Incoming("prices")``) becomes a pending reference the scan resolves from the service's
configuration (``mp.messaging.incoming.prices.topic``, the channel name by default).  A
functional bean (``@Bean Function<A, B> enrich()``) consumes and produces on bindings named
from the bean.
"""

from __future__ import annotations

import re

from copilot.lang.evaluate import Ctx, Program, Value, unset_config_key
from copilot.lang.ir import Expr, Function, Module
from copilot.libraries import AnnotationSpec, BeanSpec, EnableSpec, Library, Pend, for_language
from copilot.libraries.value_types import value_schema
from copilot.model.facts import Endpoint, Loc, Pending, SchemaRef, Setting, TopicRef

_GENERIC = re.compile(r"^([\w.]+)<(.*)>$")


def match_annotated(program: Program, mod: Module, calls: list[Endpoint] | None = None) -> list[Endpoint]:
    """The endpoints `mod` declares by annotations; `calls`: the endpoints of its calls (a
    declaration `unless_used` yields to a call on the same topic)."""
    libraries = [lib for lib in for_language(mod.language) if lib.annotations or lib.beans or lib.enable]
    if not libraries:
        return []
    out: list[Endpoint] = []
    for lib in libraries:
        if any(s.declared for s in lib.annotations) and lib.used_by(mod.uses):
            out.extend(_declarations(program, lib, mod, calls or []))
    for lib in libraries:
        if any(s.class_handlers for s in lib.annotations) and lib.used_by(mod.uses):
            out.extend(_class_listeners(program, lib, mod))
    later: list[Endpoint] = []  # declarations that yield to the file's other endpoints on the same topic
    for fn in mod.functions:
        if not fn.annotations:
            continue
        ctx = Ctx(mod.path, fn.qualname, fn.cls)
        present = {a.value for a in fn.annotations}
        for lib in libraries:
            if lib.annotations and lib.used_by(mod.uses):
                for ann in _expanded(fn.annotations, {n for s in lib.annotations for n in s.annotated}):
                    for spec in lib.annotations:
                        if ann.value in spec.annotated and not spec.parameter and not spec.declared and _applies(spec, present):
                            found = _annotation_endpoints(program, lib, spec, ann, fn, ctx)
                            if spec.unless_used:
                                later.extend(found)
                            else:
                                out.extend(found)
                for param, ann in fn.defaults:  # an annotated parameter: its annotation is its default
                    for spec in lib.annotations:
                        if spec.parameter and ann.kind == "annotation" and ann.value in spec.annotated and _applies(spec, present):
                            out.extend(_annotation_endpoints(program, lib, spec, ann, fn, ctx, param))
            for bean in lib.beans:
                out.extend(_bean_endpoints(program, lib, bean, mod, fn, ctx))
    for lib in libraries:
        for enable in lib.enable if lib.used_by(mod.uses) else ():
            later.extend(_enabled(lib, enable, mod))
    used = {(e.role, _topic_key(e.topic)) for e in [*(calls or []), *out]}
    for e in later:
        if (e.role, _topic_key(e.topic)) not in used:
            used.add((e.role, _topic_key(e.topic)))
            out.append(e)
    return out


def _enabled(lib: Library, spec: EnableSpec, mod: Module) -> list[Endpoint]:
    """`@EnableBinding(Source.class)`: the bindings the library's interfaces named create (an
    interface of the repository declares its own, where it is written)."""
    out = []
    for on_class in mod.class_annotations.values():
        for ann in on_class:
            if ann.value not in spec.annotated:
                continue
            element = ann.field("value")
            for item in _items(element) if element is not None else ():
                name = re.sub(r"(\.class|::class(\.java)?)$", "", item.text).rsplit(".", 1)[-1]
                for role, binding in spec.interfaces.get(name, ()):
                    ref = TopicRef(f"{name}.{binding}()", None, spec.pending.kind, Pending(spec.pending.kind, spec.pending.key.replace("{}", binding)))
                    out.append(Endpoint(role, ref, Loc(mod.path, ann.line), lib.name, end_line=ann.line))  # type: ignore[arg-type]
    return out


def _expanded(annotations: tuple[Expr, ...], wanted: set[str]) -> list[Expr]:
    """The function's annotations, with those a container annotation holds (`@KafkaListeners({...})`)."""
    out = []
    for a in annotations:
        if a.value in wanted:
            out.append(a)
            continue
        for _, element in a.fields:
            items = element.args if element.kind == "array" else (element,)
            out.extend(i for i in items if _is_annotation(i) and i.value in wanted)
    return out


def _is_annotation(e: Expr) -> bool:
    """An annotation, or (Kotlin) a nested one written as a construction (`KafkaListener(topics = [...])`)."""
    return e.kind == "annotation" or (e.kind == "new" and bool(e.fields) and not e.args)


def _applies(spec: AnnotationSpec, present: set[str]) -> bool:
    if spec.requires and not present & set(spec.requires):
        return False
    return not present & set(spec.excludes)


def _items(e: Expr) -> tuple[Expr, ...]:
    return e.args if e.kind == "array" else (e,)


def _annotation_endpoints(program: Program, lib: Library, spec: AnnotationSpec, ann: Expr, fn: Function, ctx: Ctx, param: str | None = None) -> list[Endpoint]:
    topics: list[tuple[Expr, bool]] = []  # (expression, is a pattern)
    for name in spec.topics:
        element = ann.field(name)
        if element is not None:
            topics.extend((item, False) for item in _items(element) if not spec.constants_only or item.text in lib.constants)
    for name in spec.patterns:
        element = ann.field(name)
        if element is not None:
            topics.append((element, True))
    for name, inner in spec.nested.items():
        element = ann.field(name)
        for item in _items(element) if element is not None else ():
            topic = item.field(inner) if _is_annotation(item) else None
            if topic is not None:
                topics.append((topic, False))
    settings = _factory_settings(program, lib, spec, ann, ctx)
    settings.update(_settings(program, lib, spec, ann, ctx))
    group = settings["group.id"].value if "group.id" in settings and not settings["group.id"].unresolved else None
    client = ann.field(spec.client) if spec.client else None
    client_text = _one_text(program, client, ctx) if client is not None else param
    value = (dict(fn.types).get(param) if param else fn.type) or None
    mod = program.module(ctx.path)
    payload = _payload_type(lib, mod, fn, param) if spec.role == "consume" and (fn.params or param) else (value or "")
    schema = _schema(lib, mod, payload, Loc(ctx.path, fn.line))
    common = {
        "schema": schema,
        "loc": Loc(ctx.path, ann.line),
        "library": lib.name,
        "end_line": fn.end_line,
        "client": client_text,
        "settings": settings,
        "group": group if spec.role == "consume" else None,
        "handler": fn.name if spec.role == "consume" else None,
        "value": value if spec.role == "produce" and value not in ("void", "Unit") else None,
    }
    out = []
    for expr, pattern in topics:
        for ref in topic_refs(program, lib, expr, ctx, spec.pending, pattern):
            out.append(Endpoint(spec.role, ref, **common))  # type: ignore[arg-type]
    if not topics and spec.named:  # `@Output MessageChannel orders()`: the binding is the method's name
        ref = _pending_name(spec, fn.name)
        return [Endpoint(spec.role, ref, **common)]  # type: ignore[arg-type]
    if not topics and spec.bare:
        out.append(Endpoint(spec.role, TopicRef(f"@{ann.value}", None, "unresolved"), **common))  # type: ignore[arg-type]
    return out


def _pending_name(spec: AnnotationSpec, value: str) -> TopicRef:
    pend = spec.pending
    if pend is None:
        return TopicRef(value, value, "literal")
    return TopicRef(value, None, pend.kind, Pending(pend.kind, pend.key.replace("{}", value)))


def topic_refs(program: Program, lib: Library, e: Expr, ctx: Ctx, pend: Pend | None, pattern: bool = False) -> list[TopicRef]:
    """Every topic `e` names: a value, a pattern, or a binding/channel named by the value."""
    known = lib.constants.get(e.text)
    values = [Value(known, origin="constant")] if known is not None else program.values(e, ctx)
    out = []
    for v in values:
        via = list(dict.fromkeys(v.chain))
        if v.text is None and unset_config_key(v):  # a Spring property no file sets: for the scan's resolver
            out.append(TopicRef(e.text, None, "property", Pending("property", unset_config_key(v) or ""), via))
        elif v.text is None:
            out.append(TopicRef(e.text, None, "env" if v.env else "unresolved", Pending("env", v.env) if v.env else None, via))
        elif not v.text:  # an empty name is no topic
            out.append(TopicRef(e.text, None, "unresolved", None, via))
        elif pend is not None:
            out.append(TopicRef(e.text, None, pend.kind, Pending(pend.kind, pend.key.replace("{}", v.text)), via))
        else:
            pending = Pending("env", v.env, default=v.text) if v.env else None
            out.append(TopicRef(e.text, v.text, v.origin, pending, via, pattern=pattern or v.pattern))
    return out


def _factory_settings(program: Program, lib: Library, spec: AnnotationSpec, ann: Expr, ctx: Ctx) -> dict[str, Setting]:
    """The settings of the client factory bean the annotation names (or the default bean): what
    its function gives the factory through a setter (`factory.setConsumerFactory(cf)`)."""
    # the matcher reads settings (and imports this module)
    from copilot.libraries.match import construction_settings

    where = spec.factory
    if where is None:
        return {}
    element = ann.field(spec.client) if spec.client else None
    name = _one_text(program, element, ctx) if element is not None else where.default
    mod = program.module(ctx.path)
    if not name or mod is None:
        return {}
    beans = [found for language in dict.fromkeys((mod.language, *lib.languages)) for found in program.methods_named(name, language)]
    for path, bean in beans:  # a bean may be written in another language of the library (Java config, Kotlin listener)
        bmod = program.module(path)
        if bmod is None:
            continue
        bctx = Ctx(path, bean.qualname, bean.cls)
        returned = {r.text for r in bean.returns}
        for site in bmod.calls:
            e = site.expr
            if site.scope != bean.qualname or e.method not in where.setters or not e.args or e.receiver is None or e.receiver.text not in returned:
                continue
            for h in program.trace(e.args[0], bctx):
                if h.expr.kind == "new" and h.expr.value in where.new:
                    return construction_settings(program, lib, where.settings, h.expr, h.ctx)
    return {}


def _one_text(program: Program, e: Expr, ctx: Ctx) -> str:
    values = {v.text for v in program.values(e, ctx)}
    return values.pop() if len(values) == 1 and None not in values else e.text


def _settings(program: Program, lib: Library, spec: AnnotationSpec, ann: Expr, ctx: Ctx) -> dict[str, Setting]:
    out: dict[str, Setting] = {}
    if spec.properties:
        element = ann.field(spec.properties)
        for item in _items(element) if element is not None else ():
            text = _one_text(program, item, ctx)
            sep = min((i for i in (text.find("="), text.find(":")) if i > 0), default=-1)
            if sep > 0:
                key = text[:sep].strip()
                out[key] = Setting(key, text[sep + 1 :].strip(), Loc(ctx.path, item.line), raw_key=f"{spec.properties}: {key}")
    for name in spec.group:
        element = ann.field(name)
        switch = spec.group_unless.get(name)
        off = ann.field(switch) if switch else None
        if element is None or (off is not None and off.text == "false"):
            continue
        values = program.values(element, ctx)
        known = {v.text for v in values}
        if len(known) == 1 and None not in known:
            v = values[0]
            loc = v.chain[-1] if v.chain else Loc(ctx.path, element.line)
            pending = Pending("env", v.env, default=v.text) if v.env else None
            out["group.id"] = Setting("group.id", v.text or "", loc, raw_key=name, pending=pending)
        else:
            out["group.id"] = Setting("group.id", element.text, Loc(ctx.path, element.line), raw_key=name, unresolved=True)
        break
    return out


def _class_listeners(program: Program, lib: Library, mod: Module) -> list[Endpoint]:
    """An annotation on a class whose handler methods say so (`@KafkaListener` on the class,
    `@KafkaHandler` on the methods that receive, by payload type): one endpoint per topic, its
    handler the first such method."""
    out = []
    for cls, on_class in mod.class_annotations.items():
        for ann in on_class:
            for spec in lib.annotations:
                if ann.value not in spec.annotated or not spec.class_handlers:
                    continue
                handlers = [f for f in mod.functions if f.cls == cls and any(a.value in spec.class_handlers for a in f.annotations)]
                if handlers:
                    out.extend(_annotation_endpoints(program, lib, spec, ann, handlers[0], Ctx(mod.path, cls, cls)))
    return out


# -- payloads -------------------------------------------------------------------------------


def _payload_type(lib: Library, mod: Module | None, fn: Function, param: str | None) -> str:
    """The declared type of a handler's payload (as written, type arguments kept): the annotated
    parameter, else the first parameter that is not one of the library's other arguments (an
    acknowledgment, a parameter annotated as a header)."""
    simple = dict(fn.types)
    written = mod.field_types if mod is not None else {}
    types = {p: written.get(f"{fn.qualname}.{p}", simple.get(p, "")) for p in fn.params}
    if param is not None:
        return types.get(param, "")
    marked = {p: a.value for p, a in fn.defaults if a.kind == "annotation"}  # `@Header(KafkaHeaders.RECEIVED_KEY) String key`
    for p in fn.params:
        t = types.get(p, "")
        if t and t.split("<", 1)[0].rsplit(".", 1)[-1] not in lib.payload_skip and marked.get(p) not in lib.payload_skip:
            return t
    return ""


def _schema(lib: Library, mod: Module | None, declared: str, loc: Loc) -> SchemaRef | None:
    """The record type a payload is (`Order`, `ConsumerRecord<String, Order>`: Order), by the
    name the file imports it as; none for a bare wrapper or a JDK type."""
    return value_schema(mod, declared, loc, depth=1) if mod is not None and declared else None


# -- injected declarations ------------------------------------------------------------------


def _topic_key(ref: TopicRef) -> tuple[str | None, str | None]:
    return ref.name, ref.pending.key if ref.pending is not None else None


def _declarations(program: Program, lib: Library, mod: Module, calls: list[Endpoint]) -> list[Endpoint]:
    """Fields and parameters the container fills as an annotation says, of a declared type the
    spec names (`@Channel("quotes") Multi<Quote> quotes`): an endpoint at the annotation, read
    by the one method of the class that uses the name (its handler)."""
    found: list[tuple[str, Expr, str, str, str]] = []  # (name, annotation, declared type, class, scope)
    for a in mod.assigns:
        if a.value.kind == "annotation" and a.cls and a.scope == a.cls:
            found.append((a.target, a.value, mod.field_types.get(f"{a.cls}.{a.target}", ""), a.cls, a.cls))
    for fn in mod.functions:
        types = dict(fn.types)
        for param, ann in fn.defaults:
            if ann.kind == "annotation" and not (fn.is_ctor and any(f[0] == param and f[3] == fn.cls for f in found)):
                found.append((param, ann, types.get(param, ""), fn.cls, fn.qualname))
    out = []
    for name, ann, declared, cls, scope in found:
        base = declared.split("<", 1)[0].rstrip("?")
        for spec in lib.annotations:
            if ann.value not in spec.annotated or not (base in spec.declared or base.rsplit(".", 1)[-1] in spec.declared):
                continue
            ctx = Ctx(mod.path, scope, cls)
            element = next((ann.field(t) for t in spec.topics if ann.field(t) is not None), None)
            if element is None:
                continue
            handler = _reader(mod, name, cls, scope)
            used = {(e.role, _topic_key(e.topic)) for e in calls}
            for ref in topic_refs(program, lib, element, ctx, spec.pending):
                if spec.unless_used and (spec.role, _topic_key(ref)) in used:
                    continue
                out.append(
                    Endpoint(
                        spec.role,  # type: ignore[arg-type]
                        ref,
                        Loc(mod.path, ann.line),
                        lib.name,
                        end_line=ann.line,
                        client=name,
                        handler=handler if spec.role == "consume" else None,
                        schema=_schema(lib, mod, declared, Loc(mod.path, ann.line)),
                    )
                )
    return out


def _reader(mod: Module, name: str, cls: str, scope: str) -> str | None:
    """The method that reads an injected name: the function it is a parameter of, or the one
    method of the class that calls something on it."""
    if scope != cls:
        fn = next((f for f in mod.functions if f.qualname == scope), None)
        return fn.name if fn is not None and not fn.is_ctor else None
    users = set()
    for site in mod.calls:
        recv = site.expr.receiver
        while recv is not None and recv.kind == "call":
            recv = recv.receiver
        if site.cls == cls and site.scope != cls and recv is not None and recv.text in (name, f"this.{name}"):
            users.add(site.scope.rsplit(".", 1)[-1])
    return users.pop() if len(users) == 1 else None


# -- functional beans -----------------------------------------------------------------------


def _split_args(text: str) -> list[str]:
    """`A<B, C>, D` -> ['A<B, C>', 'D']: type arguments at the top level."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "<(":
            depth += 1
        elif ch in ">)":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(text[start:i].strip())
            start = i + 1
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _signature(spec: BeanSpec, mod: Module, declared: str) -> tuple[list[str], list[str]] | None:
    """(input types, output types) of a bean's declared type, or None when it is no functional type."""
    declared = declared.rstrip("?")
    if declared.startswith("(") and "->" in declared:  # Kotlin `(A, B) -> C`
        params, _, result = declared.partition(")->")
        return _split_args(params[1:]), [] if result.strip() in ("Unit", "") else [result.strip()]
    m = _GENERIC.match(declared)
    base = m.group(1) if m else declared
    if base.rsplit(".", 1)[-1] not in spec.types:
        return None
    short = base.rsplit(".", 1)[-1]
    qualified = "." in base and not base.startswith(spec.package + ".")
    elsewhere = any(u.endswith("." + short) and not u.startswith(spec.package + ".") for u in mod.uses)
    if qualified or elsewhere:
        return None
    n_in, n_out = spec.types[short]
    args = _split_args(m.group(2)) if m else []
    if len(args) < n_in + n_out:
        return [""] * n_in, [""] * n_out
    return args[:n_in], args[n_in : n_in + n_out]


def _bean_endpoints(program: Program, lib: Library, spec: BeanSpec, mod: Module, fn: Function, ctx: Ctx) -> list[Endpoint]:
    ann = next((a for a in fn.annotations if a.value in spec.annotated), None)
    if ann is None or not fn.type:
        return []
    sig = _signature(spec, mod, fn.type)
    if sig is None:
        return []
    ins, outs = sig
    n_in = len(ins)
    name = fn.name
    for element in spec.names:
        named = ann.field(element)
        if named is not None:
            first = _items(named)[0] if _items(named) else named
            text = _one_text(program, first, ctx)
            if text and text != first.text:
                name = text
            break
    loc = Loc(ctx.path, fn.line)
    out = []
    for i in range(n_in):
        key = spec.consume.format(name=name, i=i)
        ref = TopicRef(key, None, spec.pending.kind, Pending(spec.pending.kind, key))
        schema = _schema(lib, mod, ins[i] if i < len(ins) else "", loc)
        out.append(Endpoint("consume", ref, loc, lib.name, end_line=fn.end_line, handler=name, schema=schema))
    for i, t in enumerate(outs):
        index = spec.branches if spec.branches and t.endswith("[]") else str(i)
        key = spec.produce.format(name=name, i=index)
        ref = TopicRef(key, None, spec.pending.kind, Pending(spec.pending.kind, key))
        out.append(Endpoint("produce", ref, loc, lib.name, end_line=fn.end_line, value=t or None, schema=_schema(lib, mod, t, loc)))
    return out
