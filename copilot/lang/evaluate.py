"""The value-flow evaluator: one expression → the set of values it can have, each with its evidence.

It works over every lowered module of a repository (`Program`), following, in this order:
bound parameters (a function or constructor entered from a known call), local assignments before
the use, parameters from every call site (bounded fan-in), class members (fields, properties,
enum members, assignments in any method, getters), module-level definitions, imports, static
members of other classes, function and method returns (with the arguments bound), accessors of
an object whose constructor was given the value, object/struct/record literal fields,
environment look-ups with their default and configuration keys.

Every hop is cited (`Loc(path, line)`) in the value's ``chain``.  A value that cannot be known
(``text is None``) says which hop could not be followed (``reason``).  Bounded in depth, fan-in
and number of values, and memoised per (expression, context).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from copilot.lang.ir import CallSite, Expr, Function, Module
from copilot.model.facts import Loc

OPTIONS_TYPE = re.compile(r"^I?Options(?:Monitor|Snapshot)?<([\w.]+)>$")
MAX_DEPTH = 24
MAX_FANIN = 8
MAX_VALUES = 16
RECEIVER = "<this>"  # a bound name: the object a Kotlin `run`/`with` lambda works on

Chain = tuple[Loc, ...]


@dataclass(frozen=True)
class Ctx:
    """Where an expression is evaluated: file, enclosing function and class, and the parameters
    already bound to arguments by the call that led here."""

    path: str
    scope: str = ""
    cls: str = ""
    bind: tuple[tuple[str, Expr, Ctx], ...] = ()

    def __hash__(self) -> int:
        """Computed once: a context holds the contexts its arguments came from, and hashing that
        nest afresh at every memo look-up grows with every call entered."""
        h = self.__dict__.get("_hash")
        if h is None:
            h = hash((self.path, self.scope, self.cls, self.bind))
            object.__setattr__(self, "_hash", h)
        return h


@dataclass(frozen=True)
class Hit:
    """A terminal expression a trace ends on (a literal, a construction, an unknown call...)."""

    expr: Expr
    ctx: Ctx
    chain: Chain = ()
    reason: str = ""


@dataclass(frozen=True)
class Value:
    text: str | None
    chain: Chain = ()
    origin: str = "literal"  # literal, constant, env-default, env, config, concat, unresolved
    env: str | None = None  # the environment variable the value comes from (its default, if text)
    pattern: bool = False
    reason: str = ""


@dataclass
class Program:
    """Every lowered module, indexed for lookups; modules not yet loaded are asked for on demand."""

    modules: dict[str, Module] = field(default_factory=dict)
    load: Callable[[str], Module | None] | None = None
    locate_class: Callable[[str, str], list[str]] | None = None  # (class name, language) -> paths
    resolve_import: Callable[[str, str], str | None] | None = None  # (specifier, importer) -> path
    config_lookup: Callable[[str, str], tuple[str, Loc] | None] | None = None  # (key, path)

    def __post_init__(self) -> None:
        self._functions: dict[str, list[tuple[str, Function]]] = {}
        self._classes: dict[str, list[str]] = {}
        self._calls: dict[str, list[tuple[str, CallSite]]] = {}
        self._memo: dict[tuple[Expr, Ctx], tuple[Hit, ...]] = {}
        self._active: set[tuple[Expr, Ctx]] = set()
        self._valuing: set[tuple[Expr, Ctx]] = set()
        self._asked: set[str] = set()
        self._asked_classes: set[str] = set()
        for m in list(self.modules.values()):
            self._index(m)

    # -- modules ---------------------------------------------------------------------------
    def add(self, module: Module) -> None:
        if module.path not in self.modules:
            self.modules[module.path] = module
            self._index(module)

    def _index(self, m: Module) -> None:
        for fn in m.functions:
            self._functions.setdefault(fn.name, []).append((m.path, fn))
        for cls in m.classes:
            self._classes.setdefault(cls, []).append(m.path)
        for site in m.calls:
            name = site.expr.method if site.expr.kind == "call" else site.expr.value
            if name:
                self._calls.setdefault(name, []).append((m.path, site))

    def module(self, path: str) -> Module | None:
        if path in self.modules:
            return self.modules[path]
        if self.load is not None and path not in self._asked:
            self._asked.add(path)
            m = self.load(path)
            if m is not None:
                self.add(m)
                return m
        return None

    def class_paths(self, cls: str, language: str) -> list[str]:
        """Files declaring class `cls`; a class not seen yet is looked for once (e.g. `Topics.cs`)."""
        if cls not in self._classes and cls not in self._asked_classes and self.locate_class is not None:
            self._asked_classes.add(cls)
            for p in self.locate_class(cls, language):
                self.module(p)
        return self._classes.get(cls, [])

    def calls_named(self, name: str) -> list[tuple[str, CallSite]]:
        return self._calls.get(name, [])

    # -- tracing ---------------------------------------------------------------------------
    def trace(self, e: Expr, ctx: Ctx, depth: int = 0) -> tuple[Hit, ...]:
        """The terminal expressions `e` can evaluate to, each with the hops that led there."""
        key = (e, ctx)
        if key in self._memo:
            return self._memo[key]
        if key in self._active or depth > MAX_DEPTH:
            return (Hit(Expr("unknown", e.line, e.text), ctx, (), f"`{e.text}` is defined in terms of itself"),)
        self._active.add(key)
        try:
            hits = tuple(itertools.islice(self._trace(e, ctx, depth), MAX_VALUES))
        finally:
            self._active.discard(key)
        self._memo[key] = hits
        return hits

    def _follow(self, e: Expr, ctx: Ctx, hop: Loc | None, depth: int) -> Iterable[Hit]:
        for h in self.trace(e, ctx, depth + 1):
            yield Hit(h.expr, h.ctx, ((hop,) if hop else ()) + h.chain, h.reason)

    def _unknown(self, e: Expr, ctx: Ctx, reason: str) -> Iterable[Hit]:
        yield Hit(Expr("unknown", e.line, e.text), ctx, (), reason or f"`{e.text}` could not be followed at {ctx.path}:{e.line}")

    def _trace(self, e: Expr, ctx: Ctx, depth: int) -> Iterable[Hit]:
        if e.kind == "name":
            yield from self._name(e, ctx, depth)
        elif e.kind == "member":
            yield from self._member(e, ctx, depth)
        elif e.kind == "call":
            yield from self._call(e, ctx, depth)
        else:
            yield Hit(e, ctx)

    def _name(self, e: Expr, ctx: Ctx, depth: int) -> Iterable[Hit]:
        name = e.value
        if name == "this":
            yield Hit(e, ctx)
            return
        for param, arg, actx in ctx.bind:
            if param == name:
                yield from self._follow(arg, actx, Loc(actx.path, arg.line), depth)
                return
        mod = self.module(ctx.path)
        if mod is None:
            yield from self._unknown(e, ctx, "")
            return
        if ctx.scope:
            local = [a for a in mod.assigns if a.scope == ctx.scope and a.target == name]
            # not the assignment the use is part of (`this.x = x`, `x = x + "/"`)
            before = [a for a in local if a.line < e.line or (a.line == e.line and not _contains(a.value, e))]
            if before:
                a = before[-1]
                yield from self._follow(a.value, Ctx(ctx.path, a.scope, a.cls, ctx.bind), Loc(ctx.path, a.line), depth)
                return
            fn = self._function(mod, ctx.scope)
            if fn is not None and name in fn.params:
                yield from self._fanin(fn, name, ctx, depth)
                return
        recv = next((b for b in ctx.bind if b[0] == RECEIVER), None)
        if recv is not None:  # `with(x) { topic }`: a member of the scope function's object
            found = [h for h in self._member(Expr("member", e.line, e.text, name, recv[1]), recv[2], depth) if h.expr.kind != "unknown"]
            if found:
                yield from found
                return
        if ctx.cls:  # (this function's own assignments were looked at above: those after the use cannot reach it)
            found = list(self._class_member(ctx.cls, name, ctx, depth, this_bind=ctx.bind, other_than=ctx.scope if ctx.scope != ctx.cls else ""))
            if found:
                yield from found
                return
        top = [a for a in mod.assigns if not a.scope and not a.cls and a.target == name]
        if top:
            for a in top:
                yield from self._follow(a.value, Ctx(ctx.path), Loc(ctx.path, a.line), depth)
            return
        if name in mod.imports:
            yield from self._imported(mod, name, e, ctx, depth)
            return
        yield from self._unknown(e, ctx, f"`{name}` is not defined in {ctx.path} (line {e.line})")

    def _function(self, mod: Module, qualname: str) -> Function | None:
        for fn in mod.functions:
            if fn.qualname == qualname:
                return fn
        return None

    def _imported(self, mod: Module, name: str, e: Expr, ctx: Ctx, depth: int) -> Iterable[Hit]:
        spec, imported = mod.imports[name]
        target = self.resolve_import(spec, ctx.path) if self.resolve_import else None
        other = self.module(target) if target else None
        if other is None:
            yield from self._unknown(e, ctx, f"`{name}` comes from `{spec}`, which is not in the repository")
            return
        if imported == "*":
            yield Hit(Expr("module", e.line, e.text, target or ""), Ctx(target or ""))
            return
        owner = spec.rsplit(".", 1)[-1]
        if owner in other.classes:  # a JVM static/member import: `import static acme.Topics.ORDERS`
            found = list(self._class_member(owner, imported, Ctx(other.path, owner, owner), depth))
            if found:
                yield from found
                return
        yield from self._export(other, imported, e, depth)

    def _export(self, other: Module, name: str, e: Expr, depth: int) -> Iterable[Hit]:
        for a in other.assigns:
            if not a.scope and not a.cls and a.target in (name, f"exports.{name}", f"module.exports.{name}"):
                yield from self._follow(a.value, Ctx(other.path), Loc(other.path, a.line), depth)
                return
        for a in other.assigns:  # module.exports = { NAME: ... }
            if not a.scope and a.target in ("module.exports", "exports") and a.value.kind == "object":
                value = a.value.field(name)
                if value is not None:
                    yield from self._follow(value, Ctx(other.path), Loc(other.path, value.line), depth)
                    return
        if name in other.imports:  # a re-export
            yield from self._imported(other, name, e, Ctx(other.path), depth)
            return
        yield from self._unknown(e, Ctx(other.path), f"`{name}` is not exported by {other.path}")

    def _class_member(self, cls: str, name: str, ctx: Ctx, depth: int, this_bind: tuple = (), other_than: str = "") -> Iterable[Hit]:
        lang = self.modules[ctx.path].language if ctx.path in self.modules else ""
        for path in self.class_paths(cls, lang):
            mod = self.module(path)
            if mod is None:
                continue
            assigns = [a for a in mod.assigns if a.cls == cls and a.target == name and not a.local and not (other_than and a.scope == other_than)]
            for a in assigns:
                yield from self._follow(a.value, Ctx(path, a.scope, cls, this_bind), Loc(path, a.line), depth)
            if assigns:
                return
            for fn in mod.functions:  # a getter / expression-bodied property
                if fn.cls == cls and fn.name == name and not fn.params:
                    for r in fn.returns:
                        yield from self._follow(r, Ctx(path, fn.qualname, cls, this_bind), Loc(path, r.line), depth)
                    return

    def _member(self, e: Expr, ctx: Ctx, depth: int) -> Iterable[Hit]:
        obj = e.obj
        assert obj is not None
        mod = self.module(ctx.path)
        if obj.kind == "name" and mod is not None:
            if obj.value == "this":
                yield from self._class_member(ctx.cls, e.value, ctx, depth, this_bind=ctx.bind) or ()
                return
            if obj.value in mod.imports and mod.imports[obj.value][1] == "*":
                spec = mod.imports[obj.value][0]
                target = self.resolve_import(spec, ctx.path) if self.resolve_import else None
                other = self.module(target) if target else None
                if other is not None:
                    yield from self._export(other, e.value, e, depth)
                    return
        cls = self._static_class(obj, mod, ctx) if mod is not None else None
        if cls is not None:
            found = list(self._class_member(cls, e.value, ctx, depth))
            if found:
                yield from found
                return
        found_any = False
        for h in self.trace(obj, ctx, depth + 1):
            for sub in self._member_of(h, e, depth):
                found_any = True
                yield Hit(sub.expr, sub.ctx, h.chain + sub.chain, sub.reason)
        if not found_any:
            yield from self._unknown(e, ctx, "")

    def _member_of(self, h: Hit, e: Expr, depth: int) -> Iterable[Hit]:
        t = h.expr
        if t.kind == "new" and t.obj is not None and e.value == "name":  # Kotlin `Topic.ORDERS.name`
            yield Hit(Expr("str", t.line, t.obj.text, t.obj.value), h.ctx)
            return
        if t.kind in ("object", "new") and t.field(e.value) is not None:
            value = t.field(e.value)
            assert value is not None
            yield from self._follow(value, h.ctx, Loc(h.ctx.path, value.line), depth)
            return
        if t.kind == "new":
            lang = self.modules[h.ctx.path].language if h.ctx.path in self.modules else ""
            if self.class_paths(t.value, lang):
                bind = self._ctor_bind(t, h.ctx, lang)
                yield from self._class_member(t.value, e.value, h.ctx, depth, this_bind=bind)
                return
        if t.kind == "name" and t.value == "this":
            yield from self._class_member(h.ctx.cls, e.value, h.ctx, depth, this_bind=h.ctx.bind)
            return
        if t.kind == "options" and e.value in ("Value", "CurrentValue"):
            yield Hit(Expr("bound", e.line, e.text, t.value), h.ctx)
            return
        if t.kind == "bound":
            yield from self._bound_member(t.value, e, h.ctx, depth)
            return
        if t.kind == "module":
            other = self.module(t.value)
            if other is not None:
                yield from self._export(other, e.value, e, depth)
                return
        yield Hit(Expr("unknown", e.line, e.text), h.ctx, (), f"`{e.text}`: member `{e.value}` of `{t.text}` could not be followed")

    def _bound_member(self, cls: str, e: Expr, ctx: Ctx, depth: int) -> Iterable[Hit]:
        """A property of an options class bound from a configuration section: the section's key,
        else the property's initialiser."""
        default = Expr("member", e.line, f"{cls}.{e.value}", e.value, Expr("name", e.line, cls, cls))
        found = self._options_section(cls)
        if found is None:
            yield from self._follow(default, ctx, None, depth)
            return
        section, where = found
        yield Hit(Expr("config", e.line, e.text, f"{section}:{e.value}", args=(default,)), ctx, (where,))

    def _options_section(self, cls: str) -> tuple[str, Loc] | None:
        """`services.Configure<T>(config.GetSection("Kafka"))`, `AddOptions<T>().Bind(config.GetSection("Kafka"))`
        or `AddOptions<T>().BindConfiguration("Kafka")`: the section T is bound to."""
        typed = re.compile(rf"(?:Configure|AddOptions)<\s*(?:[\w.]+\.)?{re.escape(cls)}\s*>")
        for name in ("Configure", "Bind", "BindConfiguration"):
            for path, site in self.calls_named(name):
                call = site.expr
                if call.obj is None or not typed.search(call.obj.text) or not call.args:
                    continue
                arg = call.args[0]
                if name == "BindConfiguration" and arg.kind == "str":
                    return arg.value, Loc(path, call.line)
                if arg.kind == "call" and arg.method == "GetSection" and arg.args and arg.args[0].kind == "str":
                    return arg.args[0].value, Loc(path, call.line)
        return None

    def _ctor_bind(self, new: Expr, ctx: Ctx, lang: str) -> tuple[tuple[str, Expr, Ctx], ...]:
        for path in self.class_paths(new.value, lang):
            mod = self.module(path)
            for fn in mod.functions if mod else ():
                if fn.cls == new.value and fn.is_ctor:
                    return self._bind(fn, new, ctx)
        return ()

    def _bind(self, fn: Function, call: Expr, ctx: Ctx) -> tuple[tuple[str, Expr, Ctx], ...]:
        out = []
        for i, p in enumerate(fn.params):
            arg = call.field(p) or (call.args[i] if i < len(call.args) else dict(fn.defaults).get(p))
            if arg is not None:
                out.append((p, arg, ctx))
        return tuple(out)

    def _static_class(self, e: Expr, mod: Module, ctx: Ctx) -> str | None:
        """The class a static reference names: `Topics`, or `Shop.Kafka.Topics` (a namespace-qualified name)."""
        if e.kind == "name":
            if e.value in ("this",) or self._is_variable(mod, e.value, ctx) or e.value in mod.imports and mod.imports[e.value][1] == "*":
                return None
            return e.value if self.class_paths(e.value, mod.language) else None
        if e.kind == "member" and e.value[:1].isupper():
            root = e
            while root.kind == "member" and root.obj is not None:
                root = root.obj
            if root.kind == "name" and not self._is_variable(mod, root.value, ctx) and root.value != "this":
                return e.value if self.class_paths(e.value, mod.language) else None
        return None

    def _is_variable(self, mod: Module, name: str, ctx: Ctx) -> bool:
        if any(p == name for p, _, _ in ctx.bind):
            return True
        fn = self._function(mod, ctx.scope) if ctx.scope else None
        if fn is not None and name in fn.params:
            return True
        return any(a.target == name and (a.scope == ctx.scope or not a.scope or a.cls == ctx.cls) for a in mod.assigns)

    def _scoped(self, e: Expr, ctx: Ctx, depth: int) -> Iterable[Hit] | None:
        """Kotlin scope functions: `x.apply {}` / `x.also {}` are `x`; `x.let {}`, `x.run {}`,
        `with(x) {}` and `run {}` are their lambda's result, its parameter bound to `x`."""
        method, recv = e.method, e.receiver
        if method in ("apply", "also") and recv is not None:
            return self._follow(recv, ctx, None, depth)
        lam = e.args[-1] if e.args and e.args[-1].kind == "lambda" and e.args[-1].args else None
        if lam is None or method not in ("let", "run", "with"):
            return None
        target = recv if method != "with" else (e.args[0] if len(e.args) == 2 else None)
        param = lam.value if method == "let" else RECEIVER  # `run`/`with`: the object is the lambda's `this`
        bind = ((param, target, ctx),) if target is not None and param else ()
        return self._follow(lam.args[0], Ctx(ctx.path, ctx.scope, ctx.cls, bind + ctx.bind), None, depth)

    def _call(self, e: Expr, ctx: Ctx, depth: int) -> Iterable[Hit]:
        scoped = self._scoped(e, ctx, depth)
        if scoped is not None:
            yield from scoped
            return
        callee = e.obj
        mod = self.module(ctx.path)
        candidates: list[tuple[str, Function, tuple]] = []
        if callee is not None and mod is not None:
            if callee.kind == "name":
                own = [(ctx.path, f) for f in mod.functions if f.name == callee.value and f.cls == ctx.cls]
                own = own or [(ctx.path, f) for f in mod.functions if f.name == callee.value and not f.cls]
                if not own and callee.value in mod.imports:
                    spec, imported = mod.imports[callee.value]
                    target = self.resolve_import(spec, ctx.path) if self.resolve_import else None
                    other = self.module(target) if target else None
                    if other is not None:
                        own = [(other.path, f) for f in other.functions if f.name == imported and not f.cls]
                candidates = [(p, f, ctx.bind if f.cls == ctx.cls else ()) for p, f in own]
            elif callee.kind == "member" and callee.obj is not None:
                recv = callee.obj
                if recv.kind == "name" and recv.value == "this":
                    candidates = self._methods(ctx.cls, callee.value, mod.language, ctx.bind)
                elif (cls := self._static_class(recv, mod, ctx)) is not None:
                    candidates = self._methods(cls, callee.value, mod.language, ())
                else:
                    for h in self.trace(recv, ctx, depth + 1):
                        t = h.expr
                        if t.kind == "new" and t.obj is not None and callee.value == "name" and not e.args:
                            yield Hit(Expr("str", t.line, t.obj.text, t.obj.value), h.ctx, h.chain)  # Java `Topic.ORDERS.name()`
                            return
                        if t.kind == "new":
                            candidates += self._methods(t.value, callee.value, mod.language, self._ctor_bind(t, h.ctx, mod.language))
                        elif t.kind == "module":
                            other = self.module(t.value)
                            if other is not None:
                                candidates += [(other.path, f, ()) for f in other.functions if f.name == callee.value and not f.cls]
        if not candidates:
            yield Hit(e, ctx)
            return
        arity = len(e.args) + len(e.fields)
        fitting = [c for c in candidates if len(c[1].params) == arity]  # an overload (Java, C#) by its arity
        for path, fn, this_bind in (fitting or candidates)[:MAX_FANIN]:
            bind = self._bind(fn, e, ctx) + tuple(this_bind)
            inner = Ctx(path, fn.qualname, fn.cls, bind)
            if not fn.returns:
                yield from self._unknown(e, ctx, f"`{fn.name}` ({path}:{fn.line}) returns nothing that can be followed")
            for r in fn.returns:
                yield from self._follow(r, inner, Loc(path, r.line), depth)

    def _methods(self, cls: str, name: str, lang: str, this_bind: tuple) -> list[tuple[str, Function, tuple]]:
        out = []
        for path in self.class_paths(cls, lang):
            mod = self.module(path)
            for fn in mod.functions if mod else ():
                if fn.cls == cls and fn.name == name:
                    out.append((path, fn, this_bind))
        return out

    def _fanin(self, fn: Function, param: str, ctx: Ctx, depth: int) -> Iterable[Hit]:
        """A parameter's values: the argument at each call site (bounded), else its default."""
        idx = fn.params.index(param)
        name = fn.cls if fn.is_ctor else fn.name
        sites = [
            (p, s)
            for p, s in self.calls_named(name)
            if (s.expr.kind == "new") == fn.is_ctor and (p, s.scope) != (ctx.path, fn.qualname)
        ]
        found = False
        for path, site in sites[:MAX_FANIN]:
            arg = site.expr.field(param) or (site.expr.args[idx] if idx < len(site.expr.args) else None)
            if arg is None:
                continue
            found = True
            yield from self._follow(arg, Ctx(path, site.scope, site.cls), Loc(path, site.expr.line), depth)
        default = dict(fn.defaults).get(param)
        if default is not None and not found:
            yield from self._follow(default, ctx, Loc(ctx.path, default.line), depth)
            return
        bound = OPTIONS_TYPE.match(dict(fn.types).get(param, "").replace(" ", ""))
        if bound is not None and not found:  # .NET options injected by the container: bound from configuration
            yield Hit(Expr("options", fn.line, param, bound.group(1).rsplit(".", 1)[-1]), ctx)
            return
        if not found:
            yield from self._unknown(
                Expr("name", fn.line, param, param), ctx, f"parameter `{param}` of `{fn.name}` ({ctx.path}:{fn.line}) has no call site in the repository"
            )

    # -- values ----------------------------------------------------------------------------
    def values(self, e: Expr, ctx: Ctx) -> list[Value]:
        """Every value `e` can have (at most MAX_VALUES), each with its chain of evidence."""
        key = (e, ctx)
        if key in self._valuing:  # `path = "/" + path`: a value built from itself
            return [Value(None, (), "unresolved", reason=f"`{e.text}` is defined in terms of itself")]
        self._valuing.add(key)
        out: dict[tuple[str | None, str | None, str], Value] = {}
        try:
            for h in self.trace(e, ctx):
                for v in self.terminal_values(h):
                    out.setdefault((v.text, v.env, v.reason if v.text is None else ""), v)
        finally:
            self._valuing.discard(key)
        return list(out.values())[:MAX_VALUES]

    def terminal_values(self, h: Hit) -> list[Value]:
        t, chain = h.expr, h.chain
        if t.kind == "str":
            return [Value(t.value, chain, "constant" if chain else "literal")]
        if t.kind == "lit":
            if t.value in ("null", "undefined", "None", "nil", "default"):
                return [Value(None, chain, "unresolved", reason=f"`{t.text}` is null")]
            return [Value(t.value, chain, "constant" if chain else "literal")]
        if t.kind == "regex":
            return [Value(t.value, chain, "pattern", pattern=True)]
        if t.kind == "env":
            if t.args:
                return [Value(d.text, chain + d.chain, "env-default", env=t.value, reason=d.reason) for d in self.values(t.args[0], h.ctx)]
            return [Value(None, chain, "env", env=t.value, reason=f"environment variable {t.value} has no default")]
        if t.kind == "config":
            found = self.config_lookup(t.value, h.ctx.path) if self.config_lookup else None
            if found is not None:
                return [Value(found[0], chain + (found[1],), "config")]
            if t.args:
                return [Value(d.text, chain + d.chain, "config-default", reason=d.reason) for d in self.values(t.args[0], h.ctx)]
            return [Value(None, chain, "unresolved", reason=f"configuration key `{t.value}` is not set in the repository")]
        if t.kind == "coalesce":
            return self._coalesce(t, h)
        if t.kind == "choice":
            return [Value(v.text, chain + v.chain, v.origin, v.env, v.pattern, v.reason) for a in t.args for v in self.values(a, h.ctx)]
        if t.kind == "concat":
            return self._concat(t, h)
        reason = h.reason or f"`{t.text}` at {h.ctx.path}:{t.line} is not a value the scan can know"
        return [Value(None, chain, "unresolved", reason=reason)]

    def _coalesce(self, t: Expr, h: Hit) -> list[Value]:
        first, rest = t.args[0], t.args[1:]
        head = self.values(first, h.ctx)
        known = [v for v in head if v.text is not None]
        if known and len(known) == len(head):
            return [Value(v.text, h.chain + v.chain, v.origin, v.env, v.pattern) for v in known]
        tail = [v for a in rest for v in self.values(a, h.ctx)]
        env = next((v.env for v in head if v.text is None and v.env), None)
        out = [Value(v.text, h.chain + v.chain, v.origin, v.env, v.pattern) for v in known]
        for v in tail:
            if env and v.text is not None:
                out.append(Value(v.text, h.chain + v.chain, "env-default", env, v.pattern))
            else:
                out.append(Value(v.text, h.chain + v.chain, v.origin if v.text is not None else "unresolved", v.env, v.pattern, v.reason))
        return out

    def _concat(self, t: Expr, h: Hit) -> list[Value]:
        parts = [self.values(p, h.ctx) for p in t.args]
        out: list[Value] = []
        for combo in itertools.islice(itertools.product(*parts), MAX_VALUES):
            missing = next((v for v in combo if v.text is None), None)
            chain = h.chain + tuple(loc for v in combo for loc in v.chain)
            if missing is not None:
                out.append(Value(None, chain, "unresolved", reason=missing.reason))
            else:
                envs = [v.env for v in combo if v.env]
                out.append(Value("".join(v.text or "" for v in combo), chain, "concat", envs[0] if len(envs) == 1 and len(combo) == 1 else None))
        return out


def _contains(tree: Expr, e: Expr) -> bool:
    """Is `e` (by identity or value) `tree` or a part of it?"""
    stack = [tree]
    while stack:
        x = stack.pop()
        if x == e:
            return True
        stack.extend(x.args)
        stack.extend(v for _, v in x.fields)
        if x.obj is not None:
            stack.append(x.obj)
    return False
