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

from copilot.lang.evaluate import Ctx, Hit, Program, Value
from copilot.lang.ir import CallSite, Expr, Function, Module
from copilot.libraries import ClientSpec, EndpointSpec, Library, Place, SettingsPlace, for_language
from copilot.libraries.value_formats import KEY as FORMAT_KEY
from copilot.libraries.value_formats import encoded, has_encodings
from copilot.model.facts import Endpoint, Loc, Pending, Setting, TopicRef
from copilot.scan.setting_keys import normalise_setting_key

MAX_CHAIN = 8
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
    out: list[Endpoint] = []
    seen: set[tuple[int, str]] = set()
    for site in mod.calls:
        e = site.expr
        name = e.method if e.kind == "call" else e.value if e.kind == "new" else ""
        if name not in methods:
            continue
        ctx = Ctx(mod.path, site.scope, site.cls)
        for lib in order:
            spec = next((s for s in lib.endpoints if name in s.methods), None)
            if spec is None:
                continue
            client = _client(program, e, ctx, lib, spec.role, spec.client)
            if client is None and not (lib in used and _shape_ok(program, spec, e, ctx)):
                continue
            mark = (e.line, e.text)
            if mark in seen:
                break
            seen.add(mark)
            acknowledged = _acknowledged(mod, spec, site)
            if acknowledged and client is not None and spec.confirm is not None and spec.confirm.async_field and _async(program, client, spec.confirm.async_field):
                acknowledged = False
            found = _endpoints(program, lib, spec, e, ctx, client, acknowledged)
            if _open(found):  # values from several callers: evaluated once per caller, they stay paired
                per_caller = [
                    ep
                    for entry in program.entries(ctx)
                    for ep in _endpoints(program, lib, spec, e, entry, _client(program, e, entry, lib, spec.role, spec.client), acknowledged)
                ]
                found = per_caller or found
            out.extend(found)
            break
    # one message sent from two places is one endpoint; one consumer joining two groups is two
    unique: dict[tuple[str, int, str, str | None, str | None], Endpoint] = {}
    for ep in out:
        group = ep.settings.get("group.id")
        unique.setdefault((ep.role, ep.loc.line, ep.topic.text, ep.topic.name, group.value if group else None), ep)
    return list(unique.values())


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
    return None


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
        made = (t.kind == "new" and t.value in spec.new) or (t.kind == "call" and t.method in spec.calls)
        if made and (lib.used_by(uses) or _reaches_library(program, h, lib)):
            settings = _settings(program, lib, spec.settings, t, h.ctx)
            _group(program, lib, spec.group, t, h.ctx, settings)
            return Client(lib, spec, h, settings)
    if t.kind == "call" and t.receiver is not None:
        for sub in program.trace(t.receiver, h.ctx):
            found = _construction(program, Hit(sub.expr, sub.ctx, h.chain + sub.chain), lib, role, depth + 1)
            if found is not None:
                return found
    return None


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


def _settings(program: Program, lib: Library, where: SettingsPlace, call: Expr, ctx: Ctx) -> dict[str, Setting]:
    out: dict[str, Setting] = {}
    for i in where.args:
        arg = call.args[i] if i < len(call.args) else None
        if arg is None:
            continue
        for h in program.trace(arg, ctx):
            _object_settings(program, lib, where, h.expr, h.ctx, out)
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
    if where.options:
        for option, octx in _options(program, call.args, ctx):
            name, args = option.method, option.args
            if name in lib.setting_names:
                _one_setting(program, lib, name, args[0] if args else Expr("lit", option.line, f"{name}()", f"{name}()"), octx, out)
    return out


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
        if key in where.nested:
            for h in program.trace(value, ctx):
                _object_settings(program, lib, where, h.expr, h.ctx, out)
            continue
        _one_setting(program, lib, key, value, ctx, out)


def _one_setting(program: Program, lib: Library, raw_key: str, value: Expr, ctx: Ctx, out: dict[str, Setting]) -> None:
    key = lib.setting_names.get(raw_key, None)
    if key is None:
        key = normalise_setting_key(raw_key)
    if not key:
        return
    mapping = lib.setting_values.get(key, {})
    short = value.text.rsplit(".", 1)[-1]  # `sarama.WaitForAll` under any import alias
    named = next((n for n in (value.text, short, _symbol(value.text)) if n in mapping), None)
    if named is not None:
        out[key] = Setting(key, mapping[named], Loc(ctx.path, value.line), raw_key=raw_key)
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
        return call.args[place.arg]
    return None


def _fields_of(program: Program, e: Expr, ctx: Ctx) -> list[Hit]:
    return [h for h in program.trace(e, ctx) if h.expr.kind in ("object", "new")]


def _shape_ok(program: Program, spec: EndpointSpec, call: Expr, ctx: Ctx) -> bool:
    if spec.topic is None:  # the topic is the client's: no client, no endpoint
        return False
    if len(call.args) + len(call.fields) < max(spec.min_args, 1 if (spec.requires or spec.requires_any) else 0):
        return False
    if not spec.requires and not spec.requires_any:
        # a lambda or a number is no topic: `events.Subscribe(e => ...)`
        return any(e.kind not in ("unknown", "lit", "object") for e, _ in _place_exprs(program, call, ctx, spec.topic))
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
    if not place.fields:
        return [(a, ctx) for a in args]
    out = []
    for a in args:
        for f in place.fields:
            out.extend(_field_path(program, a, ctx, f.split(".")))
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


def _topic_ref(text: str, v: Value) -> TopicRef:
    via = list(dict.fromkeys(v.chain))
    if v.text == "" and not v.env:  # an empty name is no topic (a flag with no default, `""`)
        return TopicRef(text, None, "unresolved", None, via)
    if v.text is not None:
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
        if container is None:
            return
        for e, ectx in _place_exprs(program, call, ctx, container):
            for h in program.trace(e, ectx):
                items = h.expr.args if h.expr.kind == "array" else (h.expr,)
                for item in items:
                    for sub in _fields_of(program, item, h.ctx):
                        value = sub.expr.field(place.fields[0]) if place.fields else None
                        if value is not None:
                            yield value, sub.ctx
        return
    yield from _place_exprs(program, call, ctx, place)


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
    if call.receiver is None:
        return False
    last = _last_calls(mod)
    return any(last.get((site.scope, method, call.receiver.text), -1) >= call.line for method in how.flush)


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
    program: Program, lib: Library, spec: EndpointSpec, call: Expr, ctx: Ctx, client: Client | None, acked: bool | None = None
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
    key = _text_at(program, call, ctx, spec.key, spec)
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
    client_text = call.receiver.text if call.receiver is not None else None
    loc = Loc(ctx.path, call.line)
    if spec.at == "message" and spec.message is not None:
        built = [h for e, ectx in _place_exprs(program, call, ctx, spec.message) for h in _fields_of(program, e, ectx)]
        if built and built[0].ctx.path == ctx.path:
            loc = Loc(ctx.path, built[0].expr.line)
    out = []
    places = _place_exprs(program, call, ctx, spec.topic) if spec.topic is not None else []
    if not places and client is not None and spec.client_topic:
        places = _client_topic(program, client, spec.client_topic)
    each = spec.topic.each if spec.topic is not None else None
    for topic_expr, tctx, sent_key, sent_value in _per_message(program, spec, call, ctx, places, key, value):
        for v, item in _topic_values(program, topic_expr, tctx, each):
            ref = _topic_ref(item.text, v)
            if spec.pattern_prefix and ref.name is not None and ref.name.startswith(spec.pattern_prefix):
                ref = replace(ref, origin="pattern", pattern=True)
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
                )
            )
    return out


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
    objects = [Hit(t, ctx)] if t.kind in ("new", "object") else []
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
