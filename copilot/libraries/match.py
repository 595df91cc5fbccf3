"""The one matcher: every call in the lowered modules, checked against the library catalogue.

A call is an endpoint when its method is one the catalogue lists and either its receiver traces
(through the evaluator) to a client construction of that library — then the client's settings
come with it, wherever the client was built — or the file itself uses the library and the call
has the listed shape (arguments, object fields).  Topics are evaluated to every value they can
have: one endpoint per value, each citing its chain; a value that cannot be known leaves the
endpoint's topic unresolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from copilot.lang.evaluate import JVM_LANGUAGES, Ctx, Hit, Program, Value, unset_config_key
from copilot.lang.ir import CallSite, Expr, Function, Module
from copilot.libraries import ClientSpec, EndpointSpec, Library, Place, SettingsPlace, for_language
from copilot.libraries.match_annotations import topic_refs
from copilot.libraries.value_formats import KEY as FORMAT_KEY
from copilot.libraries.value_formats import encoded, has_encodings
from copilot.libraries.value_types import value_schema
from copilot.model.facts import Endpoint, Loc, Pending, SchemaRef, Setting, TopicRef
from copilot.scan.extractors.config_settings import FORMAT_SOURCES, format_of
from copilot.scan.setting_keys import format_from_code, normalise_setting_key

MAX_CHAIN = 8
_CONSTANT = re.compile(r"[A-Z][A-Z0-9_]*")
# a JVM class literal, or its name: `StringSerializer.class`, `.class.getName()`, `StringSerializer::class.java`
_CLASS_LITERAL = re.compile(r"^((?:\w+\.)*\w+?)(?:\.class|::class)(?:\.java)?(?:\.(?:getName|getCanonicalName|getTypeName|name|qualifiedName|canonicalName)(?:\(\))?)?$")
_NULLS = ("nil", "null", "undefined", "None")  # no delivery handler given


@dataclass
class Client:
    library: Library
    spec: ClientSpec
    hit: Hit  # the construction, where it is
    settings: dict[str, Setting]


def match_module(program: Program, mod: Module) -> list[Endpoint]:
    libraries = for_language(mod.language)
    if not libraries:
        return []
    used = [lib for lib in libraries if lib.used_by(mod.uses)]
    order = used + [lib for lib in libraries if lib not in used]
    methods = {m for lib in libraries for spec in lib.endpoints for m in spec.methods}
    typed = {t: lib for lib in libraries for c in lib.clients for t in c.new}  # client classes, by library
    out: list[Endpoint] = []
    seen: set[tuple[int, str, str]] = set()
    for site in mod.calls:
        e = site.expr
        name = e.method if e.kind == "call" else e.value if e.kind == "new" else ""
        if name not in methods:
            continue
        ctx = Ctx(mod.path, site.scope, site.cls)
        for lib in order:
            matched: set[str] = set()  # one endpoint per role (Kafka Streams `through` produces and consumes)
            for spec in (s for s in lib.endpoints if name in s.methods and _arity_fits(s, e)):
                if spec.role in matched:
                    continue
                found = _fits(program, mod, site, lib, lib in used, spec, typed)
                if found is None:
                    continue
                client, channel = found
                mark = (e.line, e.text, spec.role)
                matched.add(spec.role)
                if mark in seen:
                    continue
                seen.add(mark)
                acknowledged = _acknowledged(mod, spec, site)
                if acknowledged and client is not None and spec.confirm is not None and spec.confirm.async_field and _async(program, client, spec.confirm.async_field):
                    acknowledged = False
                found_eps = _endpoints(program, lib, spec, e, ctx, client, acknowledged, channel)
                if _open(found_eps):  # values from several callers: evaluated once per caller, they stay paired
                    per_caller = [
                        ep
                        for entry in program.entries(ctx)
                        for ep in _endpoints(program, lib, spec, e, entry, _client(program, e, entry, lib, spec.role, spec.client) or client, acknowledged, channel)
                    ]
                    found_eps = per_caller or found_eps
                out.extend(found_eps)
            if matched:
                break
    # one message sent from two places is one endpoint; one consumer joining two groups is two
    unique: dict[tuple[str, int, str, str | None, str | None], Endpoint] = {}
    for ep in out:
        group = ep.settings.get("group.id")
        unique.setdefault((ep.role, ep.loc.line, ep.topic.text, ep.topic.name, group.value if group else None), ep)
    return list(unique.values())


def _fits(
    program: Program, mod: Module, site: CallSite, lib: Library, used: bool, spec: EndpointSpec, typed: dict[str, Library]
) -> tuple[Client | None, list[TopicRef] | None] | None:
    """Does the call fit `spec` of `lib`: a binding-interface channel (its topics), a client of
    the library, or the listed shape in a file using the library (a receiver declared as another
    library's client does not)?"""
    e = site.expr
    ctx = Ctx(mod.path, site.scope, site.cls)
    if spec.channel:
        channel = _channel_topics(program, mod, site, lib, spec)
        return (None, channel) if channel else None
    client = _client(program, e, ctx, lib, spec.role, spec.client)
    if client is not None:
        return client, None
    if e.receiver is not None and typed:
        base = declared_type(program, mod, e.receiver, ctx).split("<", 1)[0].rsplit(".", 1)[-1]
        if base in typed and typed[base] is not lib:
            return None
    if used and _shape_ok(program, spec, e, ctx):
        return None, None
    return None


def _channel_topics(program: Program, mod: Module, site: CallSite, lib: Library, spec: EndpointSpec) -> list[TopicRef]:
    """`source.output().send(m)`: the binding of a binding interface's method, declared in the
    repository (`@Output("orders") MessageChannel orders();`) or the library's (`Source.output()`)."""
    recv = site.expr.receiver
    if recv is None or recv.kind != "call" or recv.args or not recv.method:
        return []
    owner = declared_type(program, mod, recv.receiver, Ctx(mod.path, site.scope, site.cls)).split("<", 1)[0].rsplit(".", 1)[-1] if recv.receiver is not None else ""
    known = lib.constants.get(f"{owner}.{recv.method}()") if owner else None
    if known is not None:
        return [_pending_ref(recv.text, spec, known)]
    declared = [found for language in dict.fromkeys((mod.language, *lib.languages)) for found in program.methods_named(recv.method, language)]
    for path, fn in declared:  # the interface may be written in another language of the library
        ann = next((a for a in fn.annotations if a.value in spec.channel), None)
        if ann is None:
            continue
        element = ann.field("value")
        if element is None:
            return [_pending_ref(recv.text, spec, fn.name, [Loc(path, ann.line)])]
        refs = topic_refs(program, lib, element, Ctx(path, fn.qualname, fn.cls), spec.pending)
        return [TopicRef(recv.text, r.name, r.origin, r.pending, [Loc(path, ann.line), *r.via], pattern=r.pattern) for r in refs]
    return []


def _pending_ref(text: str, spec: EndpointSpec, value: str, via: list[Loc] | None = None) -> TopicRef:
    pend = spec.pending
    if pend is None:
        return TopicRef(text, value, "literal", None, via or [])
    return TopicRef(text, None, pend.kind, Pending(pend.kind, pend.key.replace("{}", value)), via or [])


def _arity_fits(spec: EndpointSpec, call: Expr) -> bool:
    n = len(call.args) + len(call.fields)
    return spec.max_args is None or (spec.min_args <= n <= spec.max_args)


def _open(endpoints: list[Endpoint]) -> bool:
    """Several topics from one call, or a setting with several values: what a function's callers
    may each choose differently."""
    return len({ep.topic.name for ep in endpoints}) > 1 or any(s.unresolved for ep in endpoints for s in ep.settings.values())


# -- clients --------------------------------------------------------------------------------


def _client(program: Program, call: Expr, ctx: Ctx, lib: Library, role: str, place: Place | None = None) -> Client | None:
    recv = _arg(call, place) if place is not None else call.receiver
    if recv is None:
        return None
    for h in program.trace(recv, ctx):
        found = _construction(program, h, lib, role, 0)
        if found is not None:
            return found
    return _declared_client(program, recv, ctx, lib, role)


def _declared_client(program: Program, recv: Expr, ctx: Ctx, lib: Library, role: str) -> Client | None:
    """A receiver whose construction cannot be followed (injected by a container, a parameter
    with no call site) but whose declared type is a client class of the library:
    `private final KafkaProducer<K, V> producer;`, `fun handle(stream: KStream<K, V>)`.  The
    client's settings are not known here."""
    mod = program.module(ctx.path)
    if mod is None or not lib.used_by(mod.uses):
        return None
    declared = declared_type(program, mod, recv, ctx)
    base = declared.split("<", 1)[0].rsplit(".", 1)[-1]
    if not base:
        return None
    for spec in lib.clients:
        if spec.role == role and base in spec.new:
            return Client(lib, spec, Hit(Expr("new", recv.line, declared, base), ctx), {})
    return None


def declared_type(program: Program, mod: Module, e: Expr, ctx: Ctx) -> str:
    """The declared type of a name or `this.x`: a parameter of the enclosing function, else a
    field of the enclosing class ('' when not declared)."""
    if e.kind == "name" and ctx.scope:
        fn = next((f for f in mod.functions if f.qualname == ctx.scope), None)
        if fn is not None and e.value in fn.params:
            return dict(fn.types).get(e.value, "")
        if any(a.scope == ctx.scope and a.target == e.value and a.local for a in mod.assigns):
            return mod.field_types.get(f"{ctx.scope}.{e.value}", "")  # a local variable, as declared (`KafkaTemplate t = ctx.getBean(..)`)
    if e.kind == "name" or (e.kind == "member" and e.obj is not None and e.obj.kind == "name" and e.obj.value == "this"):
        return mod.field_types.get(f"{ctx.cls}.{e.value}", "")
    return ""


def _construction(program: Program, h: Hit, lib: Library, role: str, depth: int) -> Client | None:
    """Walk a builder chain (`new ProducerBuilder(c).SetX(..).Build()`) down to the client's construction."""
    if depth > MAX_CHAIN:
        return None
    t = h.expr
    mod = program.module(h.ctx.path)
    uses = mod.uses if mod else []
    for spec in lib.clients:
        if spec.role != role:
            continue
        made = (t.kind == "new" and t.value in spec.new) or (t.kind == "call" and t.method in spec.calls) or (t.kind == "annotation" and t.value in spec.annotations)
        if made and (lib.used_by(uses) or _reaches_library(program, h, lib)):
            settings = _settings(program, lib, spec.settings, t, h.ctx)
            _group(program, lib, spec.group, t, h.ctx, settings)
            if spec.run_by:
                settings = {**_run_settings(program, lib, spec, h), **settings}
            return Client(lib, spec, h, settings)
    if t.kind == "call" and t.receiver is not None:
        for sub in program.trace(t.receiver, h.ctx):
            found = _construction(program, Hit(sub.expr, sub.ctx, h.chain + sub.chain), lib, role, depth + 1)
            if found is not None:
                return found
    return None


def _run_settings(program: Program, lib: Library, spec: ClientSpec, h: Hit) -> dict[str, Setting]:
    """The settings of the construction that runs the client, in the file that made it: a
    Kafka Streams `new KafkaStreams(builder.build(), props)` whose first argument is the
    client (or is built from it, down a chain of calls)."""
    for name in spec.run_by:
        for path, site in program.calls_named(name, h.ctx.path):
            run = site.expr
            if path != h.ctx.path or run.kind != "new" or not run.args:
                continue
            sctx = Ctx(path, site.scope, site.cls)
            if _built_from(program, run.args[0], sctx, h.expr, 0):
                return _settings(program, lib, spec.run_settings, run, sctx)
    return {}


def _built_from(program: Program, e: Expr, ctx: Ctx, client: Expr, depth: int) -> bool:
    """Is `e` the object `client`, or a call on it (`builder.build()`)?"""
    if depth > MAX_CHAIN:
        return False
    for h in program.trace(e, ctx):
        if h.expr is client:
            return True
        if h.expr.kind == "call" and h.expr.receiver is not None and _built_from(program, h.expr.receiver, h.ctx, client, depth + 1):
            return True
    return False


def _reaches_library(program: Program, h: Hit, lib: Library) -> bool:
    """`kafka.producer()` where `kafka` was made in a file that imports the library."""
    t = h.expr
    recv = t.receiver
    if recv is None:
        return False
    for sub in program.trace(recv, h.ctx):
        mod = program.module(sub.ctx.path)
        if mod is not None and lib.used_by(mod.uses):
            return True
    return False


# -- settings -------------------------------------------------------------------------------


def construction_settings(program: Program, lib: Library, where: SettingsPlace, call: Expr, ctx: Ctx) -> dict[str, Setting]:
    """The settings a client construction is given (for a factory a framework annotation names)."""
    return _settings(program, lib, where, call, ctx)


def _settings(program: Program, lib: Library, where: SettingsPlace, call: Expr, ctx: Ctx) -> dict[str, Setting]:
    out: dict[str, Setting] = {}
    for i in where.args:
        arg = call.args[i] if i < len(call.args) else None
        if arg is None:
            continue
        for h in program.trace(arg, ctx):
            _object_settings(program, lib, where, h.expr, h.ctx, out)
        for key, value, ectx in program.map_entries(arg, ctx):  # a map or Properties object: its entries
            raw = _entry_key(program, key, ectx)
            if raw:
                _one_setting(program, lib, raw, value, ectx, out)
        if arg.kind == "name" and where.setters:  # cfg.SetKey("acks", "1")
            mod = program.module(ctx.path)
            for site in mod.calls if mod else ():
                c = site.expr
                recv = c.receiver
                if site.scope == ctx.scope and c.method in where.setters and recv is not None and recv.kind == "name" and recv.value == arg.value and len(c.args) == 2 and c.args[0].kind == "str":
                    _one_setting(program, lib, c.args[0].value, c.args[1], Ctx(ctx.path, site.scope, site.cls, ctx.bind), out)
        if arg.kind == "name":  # conf.GroupId = "x" after `var conf = new ConsumerConfig()`
            _assigned_settings(program, lib, where, arg.value, ctx, out)
        elif arg.kind == "call" and arg.obj is not None and arg.obj.kind == "name":  # `newConfig()` returning such a variable
            for path, fn in _functions_named(program, arg.obj.value, ctx.path):
                for r in fn.returns:
                    if r.kind == "name":
                        _assigned_settings(program, lib, where, r.value, Ctx(path, fn.qualname, fn.cls), out)
    if where.fields and call.kind in ("new", "object"):
        for key, value in call.fields:
            if key in lib.setting_names:
                _one_setting(program, lib, key, value, ctx, out)
    if where.keywords and call.kind in ("new", "call"):
        for key, value in call.fields:
            if key == "**":  # a mapping spread into the keywords
                for h in program.trace(value, ctx):
                    _object_settings(program, lib, where, h.expr, h.ctx, out)
            elif value.text not in _NULLS and (key in lib.setting_names or normalise_setting_key(key)):
                _one_setting(program, lib, key, value, ctx, out)  # a keyword given null is the library default
    for key, place in where.at:
        arg = _arg(call, place)
        if arg is not None:
            _one_setting(program, lib, key, arg, ctx, out)
    if where.options:
        for option, octx in _options(program, call.args, ctx):
            name, args = option.method, option.args
            if name in lib.setting_names:
                _one_setting(program, lib, name, args[0] if args else Expr("lit", option.line, f"{name}()", f"{name}()"), octx, out)
    if where.positional:
        _positional_settings(program, lib, where, call, ctx, out)
    for key, target in FORMAT_SOURCES.items():  # the wire format a (de)serializer or serde names
        s = out.get(key)
        fmt = format_of(s.value) if s is not None and target not in out else None
        if s is not None and fmt:
            out[target] = Setting(target, fmt, s.loc, raw_key=s.raw_key)
    return out


def _positional_settings(program: Program, lib: Library, where: SettingsPlace, call: Expr, ctx: Ctx, out: dict[str, Setting]) -> None:
    """Settings given positionally to a factory call among the arguments (Kafka Streams
    `Consumed.with(keySerde, valueSerde)`, also followed into a variable holding it and along a
    chain `Consumed.with(a, b).withName("x")`)."""
    for arg in call.args:
        for h in program.trace(arg, ctx) if arg.kind != "call" else (Hit(arg, ctx),):
            t = h.expr
            while t.kind == "call" and t.receiver is not None and t.receiver.kind == "call":
                t = t.receiver
            recv = t.receiver
            names = dict(where.positional).get(f"{recv.text.rsplit('.', 1)[-1]}.{t.method}") if t.kind == "call" and recv is not None else None
            for name, value in zip(names or (), t.args, strict=False):
                _one_setting(program, lib, name, value, h.ctx, out)


def _entry_key(program: Program, key: Expr, ctx: Ctx) -> str:
    """The setting name a map entry's key gives: its value when it has one (a string, a constant of
    the repository), else the library constant as written (`ProducerConfig.ACKS_CONFIG`, read by
    its name `ACKS_CONFIG` in `setting_names` and as a Kafka property name)."""
    if key.kind == "str":
        return key.value
    values = program.values(key, ctx)
    known = {v.text for v in values if v.text is not None}
    if len(known) == 1 and len(values) == 1:
        return known.pop()
    return key.text if key.kind in ("member", "name") else ""


def _assigned_settings(program: Program, lib: Library, where: SettingsPlace, name: str, ctx: Ctx, out: dict[str, Setting]) -> None:
    """The fields set on variable `name` in `ctx`'s function (`config.Producer.RequiredAcks = ...`)."""
    mod = program.module(ctx.path)
    for a in mod.assigns if mod else ():
        rest = a.target.split(".", 1)[1] if "." in a.target else ""
        if a.scope == ctx.scope and a.target.startswith(name + ".") and rest.startswith(where.prefixes or ("",)):
            _one_setting(program, lib, rest, a.value, Ctx(ctx.path, a.scope, a.cls, ctx.bind), out)


def _functions_named(program: Program, name: str, path: str) -> list[tuple[str, Function]]:
    """The plain functions `name` of `path`'s module, else of the other files of its package."""
    for p in [path, *(program.package_files(path) if program.package_files is not None else ())]:
        mod = program.module(p)
        found = [(p, f) for f in (mod.functions if mod else ()) if f.name == name and not f.cls]
        if found:
            return found
    return []


def _options(program: Program, args: tuple[Expr, ...], ctx: Ctx) -> list[tuple[Expr, Ctx]]:
    """Option calls among `args` (Go's functional options, `kgo.ConsumerGroup("g")`), also inside a
    slice of options passed along (`opts...`), with where they are."""
    out = []
    for arg in args:
        for h in program.trace(arg, ctx) if arg.kind != "call" else (Hit(arg, ctx),):
            items = h.expr.args if h.expr.kind == "array" else (h.expr,)
            out.extend((item, h.ctx) for item in items if item.kind == "call" and item.method)
    return out


def _group(program: Program, lib: Library, place: Place | None, call: Expr, ctx: Ctx, out: dict[str, Setting]) -> None:
    """A group id given as an argument (`sarama.NewConsumerGroup(brokers, "g", config)`)."""
    arg = _arg(call, place) if place is not None else None
    if arg is not None:
        _one_setting(program, lib, "group.id", arg, ctx, out)


def _object_settings(program: Program, lib: Library, where: SettingsPlace, obj: Expr, ctx: Ctx, out: dict[str, Setting]) -> None:
    if obj.kind not in ("object", "new"):
        return
    for key, value in obj.fields:
        if key in where.nested or key == "**":  # a nested section, or a mapping spread into this one
            for h in program.trace(value, ctx):
                _object_settings(program, lib, where, h.expr, h.ctx, out)
            continue
        _one_setting(program, lib, key, value, ctx, out)


def _one_setting(program: Program, lib: Library, raw_key: str, value: Expr, ctx: Ctx, out: dict[str, Setting]) -> None:
    key = lib.setting_names.get(raw_key, None)
    if key is None:
        key = normalise_setting_key(raw_key)
    const = raw_key.rsplit(".", 1)[-1]
    if key is None and const != raw_key and _CONSTANT.fullmatch(const):  # a library constant: `ProducerConfig.ACKS_CONFIG`
        key = lib.setting_names.get(const) or normalise_setting_key(const)
    if not key:
        return
    mapping = lib.setting_values.get(key, {})
    short = value.text.rsplit(".", 1)[-1]  # `sarama.WaitForAll` under any import alias
    named = next((n for n in (value.text, short, _symbol(value.text)) if n in mapping), None)
    if named is not None:
        out[key] = Setting(key, mapping[named], Loc(ctx.path, value.line), raw_key=raw_key)
        return
    named = _CLASS_LITERAL.match(value.text)
    if named is not None:  # a class given as itself (`StringSerializer.class`): its name is the value
        out[key] = Setting(key, named.group(1), Loc(ctx.path, value.line), raw_key=raw_key)
        return
    kind = lib.setting_kinds.get(key)
    if kind == "duration" and (ms := duration_ms(value.text)) is not None:
        out[key] = Setting(key, ms, Loc(ctx.path, value.line), raw_key=raw_key)
        return
    if value.kind == "name" and (mapping or kind == "duration"):  # `acks := kafka.RequireAll` ... `RequiredAcks: acks`
        hits = program.trace(value, ctx)
        t = hits[0].expr if len(hits) == 1 else None
        named = _symbol(t.text) if t is not None else None
        text = mapping.get(named) if named is not None else None
        if t is not None and text is None and kind == "duration":
            text = duration_ms(t.text)
        if t is not None and text is not None:
            out[key] = Setting(key, text, Loc(hits[0].ctx.path, t.line), raw_key=raw_key)
            return
    values = program.values(value, ctx)
    known = {v.text for v in values if v.text is not None}
    if len(values) == 1 and values[0].text is None and values[0].env:  # an env var without a default:
        v = values[0]  # pending, for the deployment's env (compose, .env, Kubernetes) to settle
        loc = v.chain[-1] if v.chain else Loc(ctx.path, value.line)
        out[key] = Setting(key, _defined_as(program, value, ctx), loc, raw_key=raw_key, pending=Pending("env", v.env))
        return
    if known == {""} and len(values) == 1:  # empty: none given (a flag with no default)
        loc = values[0].chain[-1] if values[0].chain else Loc(ctx.path, value.line)
        out[key] = Setting(key, value.text, loc, raw_key=raw_key, unresolved=True)
        return
    if len(known) != 1 or len(values) != 1:
        made = _made_class(program, value, ctx) if key in FORMAT_SOURCES else None
        if made is not None:  # a (de)serializer or serde object: its class says the format
            out[key] = Setting(key, made[0], made[1], raw_key=raw_key)
            return
        hits = program.trace(value, ctx)
        loc = hits[0].chain[-1] if len(hits) == 1 and hits[0].chain else Loc(ctx.path, value.line)
        out[key] = Setting(key, _defined_as(program, value, ctx), loc, raw_key=raw_key, unresolved=True)
        return
    v = values[0]
    text = mapping.get(v.text or "", v.text or "")
    if kind == "attempts" and text.isdigit():
        text = str(max(int(text) - 1, 0))
    if text == v.text and "." in text and text.split(".")[-1].isidentifier():  # an enum member: Earliest
        text = mapping.get(text, text)
    loc = v.chain[-1] if v.chain else Loc(ctx.path, value.line)
    pending = Pending("env", v.env, default=text) if v.env else None
    out[key] = Setting(key, text, loc, raw_key=raw_key, pending=pending)


def _made_class(program: Program, value: Expr, ctx: Ctx) -> tuple[str, Loc] | None:
    """The class of the one object `value` is (`quoteSerde` after `quoteSerde = new JsonSerde<>(..)`), and where it is made."""
    hits = [h for h in program.trace(value, ctx) if h.expr.kind == "new"]
    if len({h.expr.value for h in hits}) != 1:
        return None
    return hits[0].expr.value, Loc(hits[0].ctx.path, hits[0].expr.line)


_SYMBOL = re.compile(r"^[&*]*(?:new\s+)?([\w.]+?)(?:\{.*\}|\(.*\))?$", re.DOTALL)
_DURATION_MS = {"Nanosecond": 1e-6, "Microsecond": 1e-3, "Millisecond": 1, "Second": 1000, "Minute": 60_000, "Hour": 3_600_000}
_DURATION = re.compile(r"^(?:(?:\w+\.)?Duration\()?\s*(\d+(?:\.\d+)?)?\s*\)?\s*\*?\s*(?:\w+\.)?(Nanosecond|Microsecond|Millisecond|Second|Minute|Hour)$")


def _defined_as(program: Program, value: Expr, ctx: Ctx) -> str:
    """A value the code cannot know, as written where it is defined (`os.Getenv("GROUP")` rather
    than the variable holding it): the one expression it traces to, else as written here."""
    hits = program.trace(value, ctx)
    return hits[0].expr.text if len(hits) == 1 and hits[0].expr.text else value.text


def _symbol(text: str) -> str:
    """The name an enum-like value selects: `&kafka.Hash{}` -> Hash, `sarama.NewHashPartitioner()`
    -> NewHashPartitioner."""
    m = _SYMBOL.match(text.strip())
    return m.group(1).rsplit(".", 1)[-1] if m else text


def duration_ms(text: str) -> str | None:
    """A duration written as a count times a unit (`500 * time.Millisecond`, `time.Second`,
    `time.Duration(2) * time.Minute`), in milliseconds."""
    m = _DURATION.match(" ".join(text.split()))
    if m is None:
        return None
    ms = float(m.group(1) or 1) * _DURATION_MS[m.group(2)]
    return str(int(ms)) if ms.is_integer() else str(ms)


# -- endpoints ------------------------------------------------------------------------------


def _arg(call: Expr, place: Place) -> Expr | None:
    if place.name is not None:
        named = call.field(place.name)
        if named is not None:
            return named
    if place.arg is not None and place.arg < len(call.args):
        i = place.arg
        while place.skip and i + 1 < len(call.args) and call.args[i].kind != "str" and any(rx.search(call.args[i].text) for rx in place.skip):
            i += 1
        return call.args[i]
    return None


def _fields_of(program: Program, e: Expr, ctx: Ctx) -> list[Hit]:
    return [h for h in program.trace(e, ctx) if h.expr.kind in ("object", "new")]


def _shape_ok(program: Program, spec: EndpointSpec, call: Expr, ctx: Ctx) -> bool:
    if len(call.args) + len(call.fields) < max(spec.min_args, 1 if (spec.requires or spec.requires_any) else 0):
        return False
    if spec.topic is None or spec.default_topic is not None:  # the topic is the client's: no client, no endpoint
        return False
    if not spec.requires and not spec.requires_any:
        # a lambda or a number is no topic: `events.Subscribe(e => ...)`
        return any(e.kind not in ("unknown", "lit", "object", "lambda") for e, _ in _place_exprs(program, call, ctx, spec.topic))
    arg = _arg(call, Place(arg=spec.topic.arg))
    if arg is None:
        return False
    hits = _fields_of(program, arg, ctx)
    if not hits:
        return "*" in spec.requires_any  # subscribe(['a', 'b']) in the node-rdkafka style
    names = {k for h in hits for k, _ in h.expr.fields}
    return all(r in names for r in spec.requires) and (not spec.requires_any or any(r in names for r in spec.requires_any))


def _place_exprs(program: Program, call: Expr, ctx: Ctx, place: Place) -> list[tuple[Expr, Ctx]]:
    """The expressions at a place: the argument, or a field of the object it evaluates to."""
    if place.rest and place.arg is not None:  # a variadic list: `WriteMessages(ctx, m1, m2)`
        args = call.args[place.arg :]
    else:
        arg = _arg(call, place)
        args = (arg,) if arg is not None else ()
    if not place.fields and not place.header:
        return [(a, ctx) for a in args]
    out = []
    for a in args:
        for f in place.fields:
            out.extend(_field_path(program, a, ctx, f.split(".")))
        if place.header:
            out.extend(_headers(program, a, ctx, place.header))
    return out


def _headers(program: Program, e: Expr, ctx: Ctx, names: tuple[str, ...]) -> list[tuple[Expr, Ctx]]:
    """The value a builder chain gives a header: `.setHeader(KafkaHeaders.TOPIC, t)` (by the
    header's constant name or its string)."""
    out = []
    for h in program.trace(e, ctx):
        t: Expr | None = h.expr
        depth = 0
        while t is not None and t.kind == "call" and depth < MAX_CHAIN:
            if len(t.args) == 2:
                first = t.args[0]
                named = first.value if first.kind == "str" else first.text.rsplit(".", 1)[-1]
                if named in names:
                    out.append((t.args[1], h.ctx))
                    break
            t, depth = t.receiver, depth + 1
    return out


def _field_path(program: Program, e: Expr, ctx: Ctx, path: list[str]) -> list[tuple[Expr, Ctx]]:
    """`msg.TopicPartition.Topic`: a field of an object held in a field of the object `e` is."""
    out = []
    for h in _fields_of(program, e, ctx):
        value = h.expr.field(path[0])
        if value is None:
            continue
        out.extend([(value, h.ctx)] if len(path) == 1 else _field_path(program, value, h.ctx, path[1:]))
    return out


def _topic_values(program: Program, e: Expr, ctx: Ctx, each: str | None) -> list[tuple[Value, Expr]]:
    """Every topic `e` names: a list is one topic per item (or per item's `each` field); each
    value comes with the expression that names it (`e` itself unless it is a list's item)."""
    out: list[tuple[Value, Expr]] = []
    for h in program.trace(e, ctx):
        items = h.expr.args if h.expr.kind == "array" else (h.expr,)
        for item in items:
            if each is not None:
                for sub in _fields_of(program, item, h.ctx):
                    value = sub.expr.field(each)
                    if value is not None:
                        out.extend((v, value) for v in _prefixed(program.values(value, sub.ctx), h.chain + sub.chain))
                continue
            if item is h.expr:
                out.extend((v, e) for v in program.terminal_values(h))
            else:
                out.extend((v, item) for v in _prefixed(program.values(item, h.ctx), h.chain))
    return out


def _prefixed(values: list[Value], chain: tuple[Loc, ...]) -> list[Value]:
    if not chain:
        return values
    return [Value(v.text, chain + v.chain, v.origin, v.env, v.pattern, v.reason) for v in values]


def _topic_ref(text: str, v: Value, spring: bool = False) -> TopicRef:
    via = list(dict.fromkeys(v.chain))
    if v.text == "" and not v.env:  # an empty name is no topic (a flag with no default, `""`)
        return TopicRef(text, None, "unresolved", None, via)
    key = unset_config_key(v) if spring else None
    if key:  # a Spring property no file the evaluator reads sets: for the scan's resolver (profiles, env)
        return TopicRef(text, None, "property", Pending("property", key), via)
    if v.text is not None and v.text != "":  # an env var whose default is empty: its name only
        pending = Pending("env", v.env, default=v.text) if v.env else None
        return TopicRef(text, v.text, v.origin, pending, via, pattern=v.pattern)
    if v.env:
        return TopicRef(text, None, "env", Pending("env", v.env), via)
    return TopicRef(text, None, "unresolved", None, via)


def _text_at(program: Program, call: Expr, ctx: Ctx, place: Place | None, spec: EndpointSpec) -> str | None:
    found = next(_exprs_at(program, call, ctx, place, spec), None)
    return found[0].text if found is not None else None


def _exprs_at(program: Program, call: Expr, ctx: Ctx, place: Place | None, spec: EndpointSpec) -> Iterator[tuple[Expr, Ctx]]:
    """The expressions at `place`, inside the message it is a field of (`of: message`) if so."""
    if place is None:
        return
    if place.of is not None:
        container = getattr(spec, place.of, None)
        if container is None or not place.fields:
            return
        for e, ectx in _place_exprs(program, call, ctx, container):
            if container.built_by is not None:
                filled = _filled_by(program, e, ectx, container.built_by, call.line)
                value = filled.field(place.fields[0]) if filled is not None else None
                if value is not None:
                    yield value, ectx
                continue
            for h in program.trace(e, ectx):
                items = h.expr.args if h.expr.kind == "array" else (h.expr,)
                for item in items:
                    for sub in _fields_of(program, item, h.ctx):
                        value = sub.expr.field(place.fields[0])
                        if value is not None:
                            yield value, sub.ctx
        return
    yield from _place_exprs(program, call, ctx, place)


def _filled_by(program: Program, e: Expr, ctx: Ctx, method: str, line: int) -> Expr | None:
    """The last `e.<method>(...)` call before `line` in the same function (`batch.append(...)`)."""
    mod = program.module(ctx.path)
    if mod is None or e.kind != "name":
        return None
    calls = [s.expr for s in mod.calls if s.scope == ctx.scope and s.expr.method == method and s.expr.receiver is not None and s.expr.receiver.kind == "name" and s.expr.receiver.value == e.value and s.expr.fields]
    before = [c for c in calls if c.line <= line] or calls
    return before[-1] if before else None


def _produced_formats(program: Program, spec: EndpointSpec, call: Expr, ctx: Ctx, settings: dict[str, Setting]) -> None:
    """A produced key's and value's wire format read off the code building them, when no setting
    says it: the expression as written, else what it is defined as (`payload = json.dumps(x)`)."""
    for part, place in (("value", spec.value), ("key", spec.key)):
        key = f"{part}.format"
        found = next(_exprs_at(program, call, ctx, place, spec), None) if key not in settings else None
        if found is None or found[0].text in _NULLS:
            continue
        expr, ectx = found
        fmt = format_from_code(expr.text)
        if fmt == "unknown":
            for h in program.trace(expr, ectx):
                fmt = "string" if h.expr.kind in ("str", "concat") else format_from_code(h.expr.text)
                if fmt != "unknown":
                    break
        if fmt != "unknown":
            settings[key] = Setting(key, fmt, Loc(ctx.path, expr.line), raw_key=part)


def _async(program: Program, client: Client, name: str) -> bool:
    """The client was built with `name: true` (its sends return before the broker answers)."""
    return any(v.text == "true" for e, ectx in _client_topic(program, client, (name,)) for v in program.values(e, ectx))


def _acknowledged(mod: Module, spec: EndpointSpec, site: CallSite) -> bool | None:
    """Does the send wait for the broker (awaited, a delivery handler, a flush after it)?"""
    how = spec.confirm
    if how is None or spec.role != "produce":
        return None
    call = site.expr
    if how.sync:
        return True
    if how.awaited and site.awaited:
        return True
    if how.handler_arg is not None and len(call.args) > how.handler_arg and call.args[how.handler_arg].text not in _NULLS:
        return True
    if any((h := call.field(name)) is not None and h.text not in _NULLS for name in how.handler_names):
        return True
    if how.waited and _waited_on(mod, site, how.waited):
        return True
    if call.receiver is None:
        return False
    last = _last_calls(mod)
    return any(last.get((site.scope, method, call.receiver.text), -1) >= call.line for method in how.flush)


def _waited_on(mod: Module, site: CallSite, methods: tuple[str, ...]) -> bool:
    """What the send returned is waited on in the same function: `p.send(...).get()`, or
    `future = p.send(...)` then `future.get()` after it."""
    call = site.expr
    names = {a.target for a in mod.assigns if a.scope == site.scope and a.value == call}
    for other in mod.calls:
        e = other.expr
        if other.scope != site.scope or e.method not in methods or e.receiver is None or e.line < call.line:
            continue
        if e.receiver == call or (e.receiver.kind == "name" and e.receiver.value in names):
            return True
    return False


_LAST_CALLS: tuple[Module | None, dict[tuple[str, str, str], int]] = (None, {})


def _last_calls(mod: Module) -> dict[tuple[str, str, str], int]:
    """(scope, method, receiver text) -> the last line of such a call in `mod`, built once per module
    (each send used to rescan every call of the module: quadratic with thousands of sends)."""
    global _LAST_CALLS
    cached = _LAST_CALLS
    if cached[0] is mod:
        return cached[1]
    index: dict[tuple[str, str, str], int] = {}
    for other in mod.calls:
        e = other.expr
        if e.receiver is not None:
            key = (other.scope, e.method, e.receiver.text)
            index[key] = max(e.line, index.get(key, -1))
    _LAST_CALLS = (mod, index)
    return index


def _endpoints(
    program: Program,
    lib: Library,
    spec: EndpointSpec,
    call: Expr,
    ctx: Ctx,
    client: Client | None,
    acked: bool | None = None,
    channel: list[TopicRef] | None = None,
) -> list[Endpoint]:
    settings: dict[str, Setting] = dict(client.settings) if client else {}
    settings.update(_settings(program, lib, spec.settings, call, ctx))
    _group(program, lib, spec.group, call, ctx, settings)
    if spec.option:
        settings.update(_sibling_settings(program, lib, call, ctx))
    for key, i in spec.arg_settings.items():
        if i < len(call.args):
            given: dict[str, Setting] = {}
            _one_setting(program, lib, key, call.args[i], ctx, given)
            settings.update({k: replace(st, raw_key=call.method) for k, st in given.items()})
    for key, text in spec.implies.get(call.method, {}).items():
        settings.setdefault(key, Setting(key, text, Loc(ctx.path, call.line), raw_key=call.method))
    keep = lib.role_settings.get(spec.role)
    if keep is not None:  # a client that both produces and consumes: each endpoint its role's settings
        settings = {k: s for k, s in settings.items() if k in keep}
    if lib.infer_formats and spec.role == "produce":
        _produced_formats(program, spec, call, ctx, settings)
    key = _text_at(program, call, ctx, spec.key, spec)
    key = None if key in _NULLS else key  # `key=None`: no key
    value = _text_at(program, call, ctx, spec.value, spec)
    language = _language(program, ctx)
    if spec.role == "produce" and value is not None and FORMAT_KEY not in settings and has_encodings(language):
        fmt = encoded(program, list(_exprs_at(program, call, ctx, spec.value, spec))[:MAX_CHAIN], language)
        if fmt is not None:
            settings[FORMAT_KEY] = fmt
    group_id = settings.get("group.id")
    # a group read from an env var with no default is not known until the deployment's env settles it
    known_group = group_id is not None and not group_id.unresolved and (group_id.pending is None or group_id.pending.default is not None)
    group = group_id.value if group_id is not None and known_group else None
    client_text = call.receiver.text if call.receiver is not None else _bound_to(program, call, ctx) if call.kind == "new" else None
    loc = Loc(ctx.path, call.line)
    if spec.at == "message" and spec.message is not None:
        built = [h for e, ectx in _place_exprs(program, call, ctx, spec.message) for h in _fields_of(program, e, ectx)]
        if built and built[0].ctx.path == ctx.path:
            loc = Loc(ctx.path, built[0].expr.line)
    out = []
    places = _place_exprs(program, call, ctx, spec.topic) if spec.topic is not None else []
    if not places and client is not None and spec.client_topic:
        places = _client_topic(program, client, spec.client_topic)
    if not places and spec.client_topic:
        places = _set_on_client(program, call, ctx, spec.client_topic)
    if not places and client is not None and client.spec.topic is not None and spec.topic is None:
        places = _place_exprs(program, client.hit.expr, client.hit.ctx, client.spec.topic)  # the topic it was made for
    refs: list[TopicRef] = list(channel or [])
    if channel:
        places = []
    if not places and not refs and spec.default_topic is not None:
        name = f"{client_text}.defaultTopic" if client_text else spec.default_topic
        refs.append(TopicRef(name, None, "property", Pending("property", spec.default_topic)))
    each = spec.topic.each if spec.topic is not None else None
    sent: list[tuple[TopicRef, str | None, str | None]] = [(r, key, value) for r in refs]
    patterns = _place_exprs(program, call, ctx, spec.pattern) if spec.pattern is not None else []
    sends = [(e, c, k, v, False) for e, c, k, v in _per_message(program, spec, call, ctx, places, key, value)]
    sends += [(e, c, key, value, True) for e, c in patterns]  # a pattern at a place of its own
    for topic_expr, tctx, sent_key, sent_value, is_pattern in sends:
        if spec.pending is not None:
            sent.extend((r, sent_key, sent_value) for r in topic_refs(program, lib, topic_expr, tctx, spec.pending))
            continue
        mod = program.module(tctx.path)
        spring = mod is not None and mod.language in JVM_LANGUAGES
        for v, item in _topic_values(program, topic_expr, tctx, each):
            ref = _topic_ref(item.text, v, spring)
            if spec.pattern_prefix and ref.name is not None and ref.name.startswith(spec.pattern_prefix):
                ref = replace(ref, origin="pattern", pattern=True)
            elif is_pattern:
                ref = replace(ref, pattern=True)
            sent.append((ref, sent_key, sent_value))
    schema = _schema(program, call, ctx, client)
    for ref, sent_key, sent_value in sent:
        out.append(
            Endpoint(
                spec.role,  # type: ignore[arg-type]
                ref,
                loc,
                lib.name,
                end_line=call.line,
                client=client_text,
                key=sent_key if spec.role == "produce" else None,
                value=sent_value if spec.role == "produce" else None,
                settings=dict(settings),
                group=group if spec.role == "consume" else None,
                awaits_ack=acked,
                schema=schema,
            )
        )
    return out


def _bound_to(program: Program, call: Expr, ctx: Ctx) -> str | None:
    """The variable a construction that is itself an endpoint is bound to (`consumer = KafkaConsumer("t")`)."""
    mod = program.module(ctx.path)
    return next((a.target for a in mod.assigns if a.scope == ctx.scope and a.value == call), None) if mod else None


def _schema(program: Program, call: Expr, ctx: Ctx, client: Client | None) -> SchemaRef | None:
    """The value schema the client's generic type carries: the receiver's declared type
    (`KafkaProducer<String, Click> producer`), else the client's construction or declaration
    (`new KafkaProducer<String, Click>(props)`)."""
    mod = program.module(ctx.path)
    if mod is None or mod.language not in JVM_LANGUAGES:
        return None
    recv = call.receiver
    written = declared_type(program, mod, recv, ctx) if recv is not None else ""
    if "<" in written:
        assert recv is not None
        name = recv.value if recv.kind in ("name", "member") else ""
        # cited where the variable is declared (a local, a field with a value), else at the call
        declared = [a.line for a in mod.assigns if a.target == name and (a.scope == ctx.scope and a.local or a.scope == ctx.cls == a.cls)]
        return value_schema(mod, written, Loc(ctx.path, declared[0] if declared else call.line))
    if client is not None and client.hit.expr.kind == "new":
        made = client.hit.expr.text.removeprefix("new ").split("(", 1)[0]
        cmod = program.module(client.hit.ctx.path)
        if "<" in made and cmod is not None:
            return value_schema(cmod, made, Loc(client.hit.ctx.path, client.hit.expr.line))
    return None


def _per_message(
    program: Program, spec: EndpointSpec, call: Expr, ctx: Ctx, places: list[tuple[Expr, Ctx]], key: str | None, value: str | None
) -> list[tuple[Expr, Ctx, str | None, str | None]]:
    """Each topic place with the key and value sent with it: a variadic list of messages
    (`WriteMessages(ctx, m1, m2)`) gives each message's own; otherwise the call's."""
    topic = spec.topic
    if topic is None or not topic.rest or len(topic.fields) != 1 or topic.arg is None:
        return [(e, ectx, key, value) for e, ectx in places]

    def text(h: Hit, place: Place | None) -> str | None:
        found = h.expr.field(place.fields[0]) if place is not None and place.fields else None
        return found.text if found is not None else None

    out = []
    for arg in call.args[topic.arg :]:
        for h in _fields_of(program, arg, ctx):
            t = h.expr.field(topic.fields[0])
            if t is not None:
                out.append((t, h.ctx, text(h, spec.key), text(h, spec.value)))
    return out or [(e, ectx, key, value) for e, ectx in places]  # the messages name no topic: the writer's


def _language(program: Program, ctx: Ctx) -> str:
    mod = program.module(ctx.path)
    return mod.language if mod is not None else ""


def _client_topic(program: Program, client: Client, names: tuple[str, ...]) -> list[tuple[Expr, Ctx]]:
    """The topic a client holds: a field of its construction or of the config object it was given
    (`&kafka.Writer{Topic: t}`, `kafka.NewReader(kafka.ReaderConfig{Topic: t})`), or the arguments
    of an option (`kgo.DefaultProduceTopic(t)`)."""
    t, ctx = client.hit.expr, client.hit.ctx
    out: list[tuple[Expr, Ctx]] = []
    objects = [Hit(t, ctx)] if t.kind in ("new", "object", "annotation") else []
    for i in client.spec.settings.args:
        if i < len(t.args):
            objects += _fields_of(program, t.args[i], ctx)
    for name in names:
        for h in objects:
            value = h.expr.field(name)
            if value is not None:
                out.append((value, h.ctx))
        if client.spec.settings.options:
            out += [(a, octx) for opt, octx in _options(program, t.args, ctx) if opt.method == name for a in opt.args]
        if out:
            break
    return out


def _set_on_client(program: Program, call: Expr, ctx: Ctx, names: tuple[str, ...]) -> list[tuple[Expr, Ctx]]:
    """The topic a setter call gives the same client in this file (`template.setDefaultTopic(t)`)."""
    mod = program.module(ctx.path)
    recv = call.receiver
    if mod is None or recv is None:
        return []
    for site in mod.calls:
        e = site.expr
        if e.method in names and e.args and e.receiver is not None and e.receiver.text == recv.text:
            return [(e.args[0], Ctx(ctx.path, site.scope, site.cls))]
    return []


def _sibling_settings(program: Program, lib: Library, call: Expr, ctx: Ctx) -> dict[str, Setting]:
    """The settings of an option given alongside the endpoint's option, in the same call or the
    same slice of options (`NewClient(kgo.ConsumeTopics(t), kgo.ConsumerGroup(g))`)."""
    mod = program.module(ctx.path)
    out: dict[str, Setting] = {}
    for site in mod.calls if mod else ():
        if site.scope == ctx.scope and call in site.expr.args:
            return _settings(program, lib, SettingsPlace(options=True), site.expr, ctx)
    for a in mod.assigns if mod else ():
        if a.scope == ctx.scope and a.value.kind == "array" and call in a.value.args:
            return _settings(program, lib, SettingsPlace(options=True), Expr("call", a.line, a.value.text, args=a.value.args), ctx)
    return out
