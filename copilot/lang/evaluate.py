"""The value-flow evaluator: one expression → the set of values it can have, each with its evidence.

It works over every lowered module of a repository (`Program`), following, in this order:
bound parameters (a function or constructor entered from a known call), local assignments before
the use, parameters from every call site (bounded fan-in), class members (fields, properties,
enum members, assignments in any method, getters), module-level definitions, imports, static
members of other classes, function and method returns (with the arguments bound), accessors of
an object whose constructor was given the value, object/struct/record literal fields (and, for a
field no method sets, what each construction of the type gives it), a field set on a local object,
a field of a parameter whose value is unknown from its declared type's own assignments,
environment look-ups with their default and configuration keys (a key no file sets may be a
command-line flag's name: the flag's default).  `map_entries` lists what a map or `Properties` object
holds: the pairs it was built from and the entries put into it where it was built.  With `package_files` (Go), a file sees the
top-level names of the other files of its package, and types and functions are per package.

Every hop is cited (`Loc(path, line)`) in the value's ``chain``.  A value that cannot be known
(``text is None``) says which hop could not be followed (``reason``).  Bounded in depth, fan-in
and number of values, and memoised per (expression, context).
"""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from copilot.lang.ir import Assign, CallSite, Expr, Function, Module
from copilot.model.facts import Loc

OPTIONS_TYPE = re.compile(r"^I?Options(?:Monitor|Snapshot)?<([\w.]+)>$")
MAX_DEPTH = 24
MAX_FANIN = 8
MAX_VALUES = 16
RECEIVER = "<this>"  # a bound name: the object a Kotlin `run`/`with` lambda works on
NULLS = ("None", "null", "undefined", "nil")
MAX_NESTED = 40  # traces open at once (a value asked for inside a trace starts its own depth count)
MAX_ENTRIES = 64  # entries of one map or Properties object
MAP_PUTS = ("put", "setProperty", "putIfAbsent", "set", "putAll")  # calls that add entries to a map
JVM_LANGUAGES = ("java", "kotlin")
MAX_FLAGS = 2000  # flag definitions whose name is built, evaluated to find the one a key names

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
    origin: str = ""  # how a literal was reached, when not as a constant (`settings-default`)


UNSET_CONFIG = "configuration key `{}` is not set in the repository"
_UNSET_CONFIG = re.compile("^" + re.escape(UNSET_CONFIG).replace(re.escape("{}"), "(.+)") + "$")


def unset_config_key(v: Value) -> str | None:
    """The configuration key an unknown value is waiting for (none of the repository's config
    files the evaluator reads sets it): the scan may still find it (another profile, a
    deployment's env)."""
    m = _UNSET_CONFIG.match(v.reason) if v.text is None else None
    return m.group(1) if m else None


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
    # (dotted key path, path) -> every value that key has in the repository's configuration documents
    documents: Callable[[str, str], list[tuple[str, Loc]]] | None = None
    # (method name, language) -> files that define a function of that name (asked once per name)
    locate_function: Callable[[str, str], list[str]] | None = None
    # library value types whose constructor arguments are named fields (arroyo `Topic(name)`), or
    # for overloaded constructors the names by argument count (`ProducerRecord(topic, key, value)`)
    holders: dict[str, tuple[str, ...] | dict[int, tuple[str, ...]]] = field(default_factory=dict)
    # the other files of a file's package, whose top-level names it sees unimported (Go)
    package_files: Callable[[str], list[str]] | None = None
    # (name, asking file) -> files not read yet that mention the name: where a function's call
    # sites and a type's constructions and field sets may be (Go: the packages that import it)
    mentions: Callable[[str, str], list[str]] | None = None

    def __post_init__(self) -> None:
        self._functions: dict[str, list[tuple[str, Function]]] = {}
        self._classes: dict[str, list[str]] = {}
        self._calls: dict[str, list[tuple[str, CallSite]]] = {}
        self._field_sets: dict[str, list[tuple[str, Assign]]] = {}
        self._memo: dict[tuple[Expr, Ctx], tuple[Hit, ...]] = {}
        self._by_target: dict[int, tuple[list[Assign], dict[str, list[Assign]]]] = {}
        self._active: set[tuple[Expr, Ctx]] = set()
        self._asked: set[str] = set()
        self._asked_classes: set[str] = set()
        self._asked_mentions: set[tuple[str, str]] = set()
        self._asked_functions: set[str] = set()
        self._valuing: set[tuple[Expr, Ctx]] = set()
        self._flags: dict[str, list[Hit]] = {}  # a flag's evaluated name -> its definitions
        self._flags_named = 0  # how many flag definitions with a built name were evaluated
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
        for a in m.assigns:  # `v.field = x` in a function, by field name
            obj, _, name = a.target.rpartition(".")
            if a.scope and obj.isidentifier():
                self._field_sets.setdefault(name, []).append((m.path, a))
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

    def methods_named(self, name: str, language: str) -> list[tuple[str, Function]]:
        """Every method `name` defined in a class of the repository (files read on demand)."""
        key = f"{language}:{name}"
        if key not in self._asked_functions and self.locate_function is not None:
            self._asked_functions.add(key)
            for p in self.locate_function(name, language):
                self.module(p)
        return [(p, f) for p, f in self._functions.get(name, []) if f.cls and self.modules[p].language == language]

    def calls_named(self, name: str, near: str = "") -> list[tuple[str, CallSite]]:
        """Call sites of `name`; with `near` (the asking file), files that mention it are read first."""
        if near:
            self._read_mentions(name, near)
        return self._calls.get(name, [])

    def _read_mentions(self, name: str, near: str) -> None:
        if self.mentions is None or not name.isidentifier() or (name, near[-3:]) in self._asked_mentions:
            return
        self._asked_mentions.add((name, near[-3:]))  # once per name and language (file suffix)
        for p in self.mentions(name, near):
            self.module(p)

    # -- tracing ---------------------------------------------------------------------------
    def trace(self, e: Expr, ctx: Ctx, depth: int = 0) -> tuple[Hit, ...]:
        """The terminal expressions `e` can evaluate to, each with the hops that led there."""
        key = (e, ctx)
        if key in self._memo:
            return self._memo[key]
        if key in self._active or depth > MAX_DEPTH or len(self._active) > MAX_NESTED:
            return (Hit(Expr("unknown", e.line, e.text), ctx, (), f"`{e.text}` is defined in terms of itself"),)
        self._active.add(key)
        try:
            hits = tuple(itertools.islice(self._trace(e, ctx, depth), MAX_VALUES))
        finally:
            self._active.discard(key)
        self._memo[key] = hits
        return hits

    def objects(self, e: Expr, ctx: Ctx, depth: int = 0) -> list[Hit]:
        """The objects `e` can be, for a member access or a method call on it: each branch of
        `a if c else b` / `a or b`, without the null branch (it has no members)."""
        out: list[Hit] = []
        for h in self.trace(e, ctx, depth):
            t = h.expr
            if t.kind in ("choice", "coalesce"):
                for a in t.args:
                    out.extend(Hit(s.expr, s.ctx, h.chain + s.chain, s.reason) for s in self.objects(a, h.ctx, depth + 1))
            elif not (t.kind == "lit" and t.value in NULLS):
                out.append(h)
        return out[:MAX_VALUES]

    def map_entries(self, e: Expr, ctx: Ctx) -> list[tuple[Expr, Expr, Ctx]]:
        """The (key, value) entries of the map or `Properties` object `e` is: the pairs it was
        built from (`Map.of(k, v)`, `mapOf(k to v)`), and those put into it where it was built
        (`props.put(k, v)` / `setProperty` / `putIfAbsent` on the variable holding it, Kotlin
        `props[k] = v` and `apply { put(k, v) }`, `putAll(other)`), each with where it is."""
        out: list[tuple[Expr, Expr, Ctx]] = []
        self._entries(e, ctx, out, 0)
        return out[:MAX_ENTRIES]

    def _entries(self, e: Expr, ctx: Ctx, out: list[tuple[Expr, Expr, Ctx]], depth: int) -> None:
        if depth > 3:
            return
        for h in self.objects(e, ctx):
            t = h.expr
            if t.kind == "map":
                out.extend((t.args[i], t.args[i + 1], h.ctx) for i in range(0, len(t.args) - 1, 2))
                continue
            mod = self.module(h.ctx.path)
            if mod is None or t.kind not in ("new", "call"):
                continue
            # the variable (or field) the object was assigned to, where it was built
            held = {a.target for a in mod.assigns if a.scope == h.ctx.scope and (a.value is t or _applied_to(a.value, t))}
            for method in MAP_PUTS:
                for path, site in self._calls.get(method, ()):
                    c = site.expr
                    recv = c.receiver
                    if path != h.ctx.path or recv is None or len(c.args) != (1 if method == "putAll" else 2):
                        continue
                    same = recv is t or recv == t
                    if not same and recv.kind == "name" and recv.value in held:
                        same = site.scope == h.ctx.scope or (site.cls == h.ctx.cls and h.ctx.scope == h.ctx.cls)
                    if not same and recv.kind == "member" and recv.obj is not None and recv.obj.text == "this":
                        same = recv.value in held and site.cls == h.ctx.cls
                    if not same:
                        continue
                    if method == "putAll":
                        self._entries(c.args[0], Ctx(path, site.scope, site.cls, h.ctx.bind), out, depth + 1)
                    else:
                        out.append((c.args[0], c.args[1], Ctx(path, site.scope, site.cls, h.ctx.bind)))

    def _follow(self, e: Expr, ctx: Ctx, hop: Loc | None, depth: int) -> Iterable[Hit]:
        for h in self.trace(e, ctx, depth + 1):
            yield Hit(h.expr, h.ctx, ((hop,) if hop else ()) + h.chain, h.reason)

    def _unknown(self, e: Expr, ctx: Ctx, reason: str) -> Iterable[Hit]:
        yield Hit(Expr("unknown", e.line, e.text), ctx, (), reason or f"`{e.text}` could not be followed at {ctx.path}:{e.line}")

    def _trace(self, e: Expr, ctx: Ctx, depth: int) -> Iterable[Hit]:
        if e.kind in ("env", "config") and e.obj is not None:  # a name that is computed (a helper's parameter)
            yield from self._env_named(e, ctx, depth)
        elif e.kind == "name":
            yield from self._name(e, ctx, depth)
        elif e.kind == "member":
            yield from self._member(e, ctx, depth)
        elif e.kind == "call" and self.holders and self._holder_factory(e) is not None:
            yield Hit(self._holder_factory(e), ctx)  # type: ignore[arg-type]
        elif e.kind == "call":
            yield from self._call(e, ctx, depth)
        elif e.kind == "index":
            yield from self._subscript(e, ctx, depth)
        elif e.kind == "new" and e.value in self.holders and self._external(e, ctx):
            names = self.holders[e.value]
            if isinstance(names, dict):  # overloaded constructors: the names by argument count
                names = names.get(len(e.args), ())
            named = tuple((n, a) for n, a in zip(names, e.args, strict=False)) + e.fields
            yield Hit(Expr("new", e.line, e.text, e.value, e.obj, (), named), ctx)
        else:
            yield Hit(e, ctx)

    def _holder_factory(self, e: Expr) -> Expr | None:
        """A library's factory of a value type (`KafkaProducerRecord.create(topic, value)`, listed
        in `holders` as `Type.method`): the value with its arguments as named fields."""
        recv = e.receiver
        if recv is None or recv.kind not in ("name", "member"):
            return None
        owner = recv.text.rsplit(".", 1)[-1]
        names = self.holders.get(f"{owner}.{e.method}")
        if names is None:
            return None
        if isinstance(names, dict):
            names = names.get(len(e.args), ())
        named = tuple((n, a) for n, a in zip(names, e.args, strict=False)) + e.fields
        return Expr("new", e.line, e.text, owner, None, (), named)

    def _name(self, e: Expr, ctx: Ctx, depth: int) -> Iterable[Hit]:
        name = e.value
        if name == "this":
            yield Hit(e, ctx)
            return
        mod = self.module(ctx.path)
        if mod is not None and ctx.scope and ctx.bind:  # a local assigned before the use hides a bound name
            before = [a for a in self._assigned(mod, name) if a.scope == ctx.scope and not a.member and a.line <= e.line and a.value != e and not _inside(e, a.value)]
            if before:
                for a in _reaching(before):
                    yield from self._follow(a.value, Ctx(ctx.path, a.scope, a.cls, ctx.bind), Loc(ctx.path, a.line), depth)
                return
        for param, arg, actx in ctx.bind:
            if param == name:
                yield from self._follow(arg, actx, Loc(actx.path, arg.line), depth)
                return
        if mod is None:
            yield from self._unknown(e, ctx, "")
            return
        scope = ctx.scope
        while scope:  # this function, then the functions it is nested in (a closure's variables)
            local = [a for a in self._assigned(mod, name) if a.scope == scope and not a.member]
            before = [a for a in local if a.line <= e.line and a.value != e and not _inside(e, a.value)]  # not `x = f(x)` itself
            if before:
                for a in _reaching(before):
                    yield from self._follow(a.value, Ctx(ctx.path, a.scope, a.cls, ctx.bind if scope == ctx.scope else ()), Loc(ctx.path, a.line), depth)
                return
            fn = self._function(mod, scope)
            if fn is not None and name in fn.params:
                if scope == ctx.scope:
                    yield from self._fanin(fn, name, ctx, depth)
                else:
                    yield from self._fanin(fn, name, Ctx(ctx.path, scope, fn.cls), depth)
                return
            if fn is None or "." not in scope or scope.rsplit(".", 1)[0] == ctx.cls:
                break
            scope = scope.rsplit(".", 1)[0]
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
        top = [a for a in self._assigned(mod, name) if not a.scope and not a.cls]
        if top:
            for a in top:
                yield from self._follow(a.value, Ctx(ctx.path), Loc(ctx.path, a.line), depth)
            return
        if name in mod.imports:
            yield from self._imported(mod, name, e, ctx, depth)
            return
        found = list(self._package_name(mod, name, e, depth))
        if found:
            yield from found
            return
        yield from self._unknown(e, ctx, f"`{name}` is not defined in {ctx.path} (line {e.line})")

    def _env_named(self, e: Expr, ctx: Ctx, depth: int) -> Iterable[Hit]:
        assert e.obj is not None
        for v in self.values(e.obj, ctx):
            if v.text is None:
                yield Hit(Expr("unknown", e.line, e.text), ctx, v.chain, v.reason)
            else:
                yield Hit(Expr(e.kind, e.line, e.text, e.value + v.text, args=e.args), ctx, v.chain)

    def _package(self, path: str) -> list[Module]:
        """The other modules of `path`'s package (none unless the language shares package scope)."""
        if self.package_files is None:
            return []
        out = []
        for p in self.package_files(path):
            m = self.module(p) if p != path else None
            if m is not None:
                out.append(m)
        return out

    def _package_name(self, mod: Module, name: str, e: Expr, depth: int) -> Iterable[Hit]:
        """A top-level name declared in another file of the same package."""
        for other in self._package(mod.path):
            top = [a for a in self._assigned(other, name) if not a.scope and not a.cls]
            for a in top:
                yield from self._follow(a.value, Ctx(other.path), Loc(other.path, a.line), depth)
            if top:
                return

    def _assigned(self, mod: Module, target: str) -> list[Assign]:
        """`mod`'s assignments to `target`, in order (indexed once per module: a function with
        thousands of locals looked every name up in all of them)."""
        found = self._by_target.get(id(mod.assigns))
        if found is None or found[0] is not mod.assigns:
            found = self._by_target[id(mod.assigns)] = (mod.assigns, _by_target(mod.assigns))
        return found[1].get(target, [])

    def _function(self, mod: Module, qualname: str) -> Function | None:
        for fn in mod.functions:
            if fn.qualname == qualname:
                return fn
        return None

    def _imported(self, mod: Module, name: str, e: Expr, ctx: Ctx, depth: int) -> Iterable[Hit]:
        spec, imported = mod.imports[name]
        target = self.resolve_import(spec, ctx.path) if self.resolve_import else None
        other = self.module(target) if target else None
        sub = self._submodule(spec, imported, ctx) if other is None or not self._exports(other, imported) else None
        if sub is not None:  # `from pkg import module` (also from a package without __init__)
            yield Hit(Expr("module", e.line, e.text, sub), Ctx(sub))
            return
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

    def _submodule(self, spec: str, name: str, ctx: Ctx) -> str | None:
        if self.resolve_import is None or name == "*" or not ctx.path.endswith(".py"):
            return None
        sub = self.resolve_import(f"{spec}.{name}" if not spec.endswith(".") else spec + name, ctx.path)
        return sub if sub is not None and self.module(sub) is not None else None

    def _exports(self, other: Module, name: str) -> bool:
        return (
            any(not a.scope and not a.cls for a in self._assigned(other, name))
            or name in other.imports
            or name in other.classes
            or any(f.name == name and not f.cls for f in other.functions)
        )

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
        found = list(self._package_name(other, name, e, depth))
        if found:
            yield from found
            return
        yield from self._unknown(e, Ctx(other.path), f"`{name}` is not exported by {other.path}")

    def _near(self, paths: list[str], path: str) -> list[str]:
        """Of the files declaring a type, those of `path`'s own package when there are some (Go's
        types are per package: `Factory` is in many), else all, nearest to `path` first."""
        package = set(self.package_files(path)) if self.package_files is not None and path else set()
        if not package:  # a language without package scope: `path`'s own class first, then the nearest
            # (two `Ingest` classes in two packages each keep their own constants; a C# partial class
            # spans files, so the others still follow)
            return sorted(paths, key=lambda p: (p != path, -len(posixpath.commonpath([p, path])))) if path else paths
        return [p for p in paths if p in package | {path}] or paths

    def _class_member(self, cls: str, name: str, ctx: Ctx, depth: int, this_bind: tuple = (), other_than: str = "") -> Iterable[Hit]:
        lang = self.modules[ctx.path].language if ctx.path in self.modules else ""
        for path in self._near(self.class_paths(cls, lang), ctx.path):
            mod = self.module(path)
            if mod is None:
                continue
            assigns = [a for a in self._assigned(mod, name) if a.cls == cls and not a.local and not (other_than and a.scope == other_than)]
            for a in assigns:
                yield from self._follow(a.value, Ctx(path, a.scope, cls, this_bind), Loc(path, a.line), depth)
            if assigns:
                return
            for fn in mod.functions:  # a getter / expression-bodied property
                if fn.cls == cls and fn.name == name and not fn.params:
                    for r in fn.returns:
                        yield from self._follow(r, Ctx(path, fn.qualname, cls, this_bind), Loc(path, r.line), depth)
                    return

    def _constructed(self, cls: str, name: str, depth: int, near: str = "") -> Iterable[Hit]:
        """A field no method assigns: what each construction of the class gives it
        (`&Service{topic: t}`, `new Service { Topic = t }`), bounded fan-in; constructions in the
        class's own package first."""
        sites = [(p, s) for p, s in self.calls_named(cls, near) if s.expr.kind == "new" and s.expr.value == cls and s.expr.field(name) is not None]
        paths = set(self._near(sorted({p for p, _ in sites}), near))
        sites = [(p, s) for p, s in sites if p in paths]
        for path, site in sites[:MAX_FANIN]:
            value = site.expr.field(name)
            assert value is not None
            yield from self._follow(value, Ctx(path, site.scope, site.cls), Loc(path, value.line), depth)
        for path, a in self._set_on_new(cls, name, near)[:MAX_FANIN]:  # `svc := new(Service); svc.producer = p`
            yield from self._follow(a.value, Ctx(path, a.scope, a.cls), Loc(path, a.line), depth)

    def _set_on_new(self, cls: str, name: str, near: str = "") -> list[tuple[str, Assign]]:
        """Assignments `v.name = x` where `v` is a `cls`: constructed in the same function, or a
        parameter declared as one (`func start(s *server) { s.publisher = p }`)."""
        if near:
            self._read_mentions(cls, near)
        out = []
        for path, a in self._field_sets.get(name, ()):
            obj = a.target.rpartition(".")[0]
            mod = self.modules[path]
            made = [b for b in self._assigned(mod, obj) if b.scope == a.scope and b.line <= a.line]
            if made:
                ok = made[-1].value.kind == "new" and made[-1].value.value == cls
            else:
                fn = self._function(mod, a.scope)
                declared = dict(fn.types).get(obj, "") if fn is not None and obj in fn.params else ""
                ok = declared.lstrip("*&").rsplit(".", 1)[-1] == cls
            if ok:
                out.append((path, a))
        return out

    def _member(self, e: Expr, ctx: Ctx, depth: int) -> Iterable[Hit]:
        obj = e.obj
        assert obj is not None
        mod = self.module(ctx.path)
        if obj.kind == "name" and mod is not None:
            target = f"{obj.value}.{e.value}"  # `opts.Topic = v` (or a flag bound to it) earlier in the function
            set_here = [a for a in self._assigned(mod, target) if a.scope == ctx.scope and a.line <= e.line] if ctx.scope else []
            if set_here:
                a = set_here[-1]
                yield from self._follow(a.value, Ctx(ctx.path, a.scope, a.cls, ctx.bind), Loc(ctx.path, a.line), depth)
                return
            if obj.value == "this":
                found = list(self._class_member(ctx.cls, e.value, ctx, depth, this_bind=ctx.bind))
                found = found or list(self._constructed(ctx.cls, e.value, depth, ctx.path))
                yield from found or self._unknown(e, ctx, f"`{e.text}`: field `{e.value}` of `{ctx.cls}` is given no value in the repository")
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
        hits = [
            Hit(sub.expr, sub.ctx, h.chain + sub.chain, sub.reason) for h in self.objects(obj, ctx, depth + 1) for sub in self._member_of(h, e, depth)
        ]
        if all(h.expr.kind == "unknown" for h in hits) and mod is not None:
            typed = list(self._typed_member(obj, e, mod, ctx, depth))
            hits = typed or hits
        yield from hits or self._unknown(e, ctx, "")

    def _field_type(self, cls: str, name: str, near: str) -> str:
        for path in self._near(self.class_paths(cls, self.modules[near].language if near in self.modules else ""), near):
            mod = self.module(path)
            if mod is not None and f"{cls}.{name}" in mod.field_types:
                return mod.field_types[f"{cls}.{name}"]
        return ""

    def _typed_member(self, obj: Expr, e: Expr, mod: Module, ctx: Ctx, depth: int) -> Iterable[Hit]:
        """A field of a parameter whose value cannot be followed, read from its declared type: what
        the type's own methods set it to (`func (c *Shop) SetDefaults() { c.Prefix = "shop-" }`)."""
        bound = obj.kind == "name" and any(p == obj.value for p, _, _ in ctx.bind)
        declared = "" if bound else self._declared_type(obj, mod, ctx, implicit_field=False)  # `f.options.Topic`, `opts.Topic`
        qualifier, _, cls = declared.lstrip("*&").rpartition(".")
        near = ctx.path
        if qualifier in mod.imports:  # `config.Shop`: the type of that package, not a same-named one here
            near = (self.resolve_import(mod.imports[qualifier][0], ctx.path) if self.resolve_import else None) or ""
            if not near or self.module(near) is None:
                return
        if cls.isidentifier() and self.class_paths(cls, mod.language):
            for h in self._class_member(cls, e.value, Ctx(near, ctx.scope, ctx.cls, ctx.bind), depth):
                yield replace(h, origin="settings-default")  # the type's default: no construction says otherwise

    def _member_of(self, h: Hit, e: Expr, depth: int) -> Iterable[Hit]:
        t = h.expr
        if t.kind == "new" and t.obj is not None and t.obj.kind == "enum-name" and e.value == "name":  # Kotlin `Topic.ORDERS.name`
            yield Hit(Expr("str", t.line, t.obj.text, t.obj.value), h.ctx)
            return
        if t.kind in ("object", "new", "enum") and t.field(e.value) is not None:
            value = t.field(e.value)
            assert value is not None
            yield from self._follow(value, h.ctx, Loc(h.ctx.path, value.line), depth)
            return
        if t.kind == "new" and not self._external(t, h.ctx):
            self._load_declaring(t, h.ctx)
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
        if t.kind == "with" and t.obj is not None:  # a copy with some fields changed
            value = t.field(e.value)
            if value is not None:
                yield from self._follow(value, h.ctx, Loc(h.ctx.path, value.line), depth)
                return
            for sub in self.objects(t.obj, h.ctx, depth + 1):
                for inner in self._member_of(sub, e, depth):
                    yield Hit(inner.expr, inner.ctx, sub.chain + inner.chain, inner.reason)
            return
        if t.kind == "doc":  # config.topic on a loaded document
            yield Hit(Expr("doc", e.line, e.text, f"{t.value}.{e.value}" if t.value else e.value), h.ctx)
            return
        yield Hit(Expr("unknown", e.line, e.text), h.ctx, (), f"`{e.text}`: member `{e.value}` of `{t.text}` could not be followed")

    def _load_declaring(self, t: Expr, ctx: Ctx) -> None:
        """Read the module a constructed class is imported from (before looking for it by name)."""
        callee = t.obj
        mod = self.module(ctx.path)
        if callee is not None and callee.kind == "name" and mod is not None and callee.value in mod.imports and self.resolve_import:
            target = self.resolve_import(mod.imports[callee.value][0], ctx.path)
            if target is not None:
                self.module(target)

    def _external(self, t: Expr, ctx: Ctx) -> bool:
        """A construction of a class imported from outside the repository (`from arroyo import Topic`);
        a JVM `new ProducerRecord<>(...)` (no callee expression): a class no file of the
        repository declares."""
        callee = t.obj
        mod = self.module(ctx.path)
        if callee is None and t.kind == "new" and mod is not None and mod.language in JVM_LANGUAGES:
            return not self.class_paths(t.value, mod.language)
        if callee is None or callee.kind != "name" or mod is None or callee.value not in mod.imports:
            return False
        spec, name = mod.imports[callee.value]
        if self.resolve_import is None:
            return True
        return self.resolve_import(spec, ctx.path) is None and self._submodule(spec, name, ctx) is None

    def _keys(self, key: Expr, ctx: Ctx) -> list[str] | None:
        """The constant values a key can have, or None when one cannot be known."""
        values = self.values(key, ctx)
        if not values or any(v.text is None for v in values):
            return None
        return [v.text for v in values if v.text is not None]

    def _subscript(self, e: Expr, ctx: Ctx, depth: int, default: Expr | None = None) -> Iterable[Hit]:
        """`m[k]` / `m.get(k, default)`: a map literal's entry for a constant key (else the default),
        a list item, or a deeper key of a loaded configuration document."""
        obj, key = e.obj, e.args[0] if e.args else None
        assert obj is not None
        keys = self._keys(key, ctx) if key is not None else None
        found = False
        for h in self.objects(obj, ctx, depth + 1):
            t = h.expr
            if keys is None:
                if t.kind == "object" and not t.fields and default is not None:  # an empty map: the default
                    found = True
                    yield from self._follow(default, ctx, Loc(ctx.path, default.line), depth)
                continue
            for k in keys:
                if t.kind == "object":
                    value = t.field(k)
                    if value is not None:
                        found = True
                        yield from self._follow(value, h.ctx, Loc(h.ctx.path, value.line), depth)
                    elif default is not None:
                        found = True
                        yield from self._follow(default, ctx, Loc(ctx.path, default.line), depth)
                elif t.kind in ("array", "new") and k.lstrip("-").isdigit() and -len(t.args) <= int(k) < len(t.args):
                    found = True  # a list item, or a positional field of a record (`cfg[1]` of a NamedTuple)
                    item = t.args[int(k)]
                    yield from self._follow(item, h.ctx, Loc(h.ctx.path, item.line), depth)
                elif t.kind == "doc":
                    found = True
                    path = f"{t.value}.{k}" if t.value else k
                    yield Hit(Expr("doc", e.line, e.text, path, args=(default,) if default is not None else ()), h.ctx, h.chain)
        if not found:
            yield from self._unknown(e, ctx, f"`{e.text}` at {ctx.path}:{e.line}: the entry cannot be known")

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
            if self._from_library(e.value, mod, ctx):
                return None  # a class of a library, not of the repository
            return e.value if self.class_paths(e.value, mod.language) else None
        if e.kind == "member" and e.value[:1].isupper():
            root = e
            while root.kind == "member" and root.obj is not None:
                root = root.obj
            if root.kind == "name" and not self._is_variable(mod, root.value, ctx) and root.value != "this":
                return e.value if self.class_paths(e.value, mod.language) else None
        return None

    def _from_library(self, name: str, mod: Module, ctx: Ctx) -> bool:
        """`name` is imported from a module outside the repository."""
        if name not in mod.imports or self.resolve_import is None:
            return False
        spec, imported = mod.imports[name]
        return self.resolve_import(spec, ctx.path) is None and self._submodule(spec, imported, ctx) is None

    def _is_variable(self, mod: Module, name: str, ctx: Ctx) -> bool:
        if any(p == name for p, _, _ in ctx.bind):
            return True
        fn = self._function(mod, ctx.scope) if ctx.scope else None
        if fn is not None and name in fn.params:
            return True
        return any(a.scope == ctx.scope or not a.scope or a.cls == ctx.cls for a in self._assigned(mod, name))

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
                if not own:
                    own = [(m.path, f) for m in self._package(ctx.path) for f in m.functions if f.name == callee.value and not f.cls]
                candidates = [(p, f, ctx.bind if f.cls == ctx.cls else ()) for p, f in own]
            elif callee.kind == "member" and callee.obj is not None and callee.value == "get" and e.args and self._is_map(callee.obj, ctx, depth):
                index = Expr("index", e.line, e.text, "", callee.obj, e.args[:1])
                default = e.args[1] if len(e.args) > 1 else Expr("lit", e.line, "None", "None")
                yield from self._subscript(index, ctx, depth, default)
                return
            elif callee.kind == "member" and callee.obj is not None:
                recv = callee.obj
                if recv.kind == "name" and recv.value == "this":
                    candidates = self._methods(ctx.cls, callee.value, mod.language, ctx.bind, ctx.path)
                elif (cls := self._static_class(recv, mod, ctx)) is not None:
                    candidates = self._methods(cls, callee.value, mod.language, ())
                else:
                    unknown = True
                    for h in self.objects(recv, ctx, depth + 1):
                        t = h.expr
                        if t.kind == "new" and t.obj is not None and t.obj.kind == "enum-name" and callee.value == "name" and not e.args:
                            yield Hit(Expr("str", t.line, t.obj.text, t.obj.value), h.ctx, h.chain)  # Java `Topic.ORDERS.name()`
                            return
                        if t.kind == "new":
                            candidates += self._methods(t.value, callee.value, mod.language, self._ctor_bind(t, h.ctx, mod.language), h.ctx.path)
                        elif t.kind == "module":
                            other = self.module(t.value)
                            if other is not None:
                                for m in (other, *self._package(other.path)):
                                    candidates += [(m.path, f, ()) for f in m.functions if f.name == callee.value and not f.cls]
                        unknown = unknown and t.kind in ("unknown", "call")  # not a library object
                    if not candidates and unknown and self.locate_function is not None and not callee.value.startswith("__"):
                        candidates = self._only_method(callee.value, mod.language, self._declared_type(recv, mod, ctx))
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

    def _is_map(self, obj: Expr, ctx: Ctx, depth: int) -> bool:
        return any(h.expr.kind in ("object", "doc") for h in self.objects(obj, ctx, depth + 1))

    def _only_method(self, name: str, lang: str, declared: str = "") -> list[tuple[str, Function, tuple]]:
        """A method called on an object whose construction cannot be followed: when exactly one
        class of the repository defines a method of that name, that one (its fields then come
        from every construction of the class) — unless the object is declared as another type
        (a library's `NewTopic topic` is not the repository's `Topic` because both have `name()`)."""
        found = self.methods_named(name, lang)
        classes = {(p, f.cls) for p, f in found}
        if len(classes) != 1:
            return []
        if declared and _simple_type(declared) != next(iter(classes))[1]:
            return []
        return [(p, f, ()) for p, f in found]

    def _declared_type(self, recv: Expr, mod: Module, ctx: Ctx, *, implicit_field: bool = True) -> str:
        """The type `recv` is declared with, as written ('' when not declared): `this.field`'s, a
        parameter's, and with `implicit_field` a field of this class named without `this.`."""
        if recv.kind == "member" and recv.obj is not None and recv.obj.kind == "name" and recv.obj.value == "this":
            return self._field_type(ctx.cls, recv.value, ctx.path) if ctx.cls else ""
        if recv.kind != "name" or not ctx.scope:
            return ""
        fn = self._function(mod, ctx.scope)
        if fn is not None and recv.value in fn.params:
            return dict(fn.types).get(recv.value, "")
        return self._field_type(ctx.cls, recv.value, ctx.path) if implicit_field and ctx.cls else ""

    def _methods(self, cls: str, name: str, lang: str, this_bind: tuple, near: str = "") -> list[tuple[str, Function, tuple]]:
        out = []
        for path in self._near(self.class_paths(cls, lang), near):
            mod = self.module(path)
            for fn in mod.functions if mod else ():
                if fn.cls == cls and fn.name == name:
                    out.append((path, fn, this_bind))
        return out

    def _may_call(self, fn: Function, fn_path: str, path: str, call: Expr) -> bool:
        """A Go package-level function is called by its name from its own package, or through an
        import of its package (`kafka.Produce(t)`), never as a method of an object (`p.Produce(msg)`)."""
        mod = self.modules.get(path)
        if fn.cls or mod is None or mod.language != "go" or call.kind != "call" or self.package_files is None:
            return True
        recv = call.receiver
        package = set(self.package_files(fn_path)) | {fn_path}
        if recv is None:
            return path in package
        if recv.kind != "name" or recv.value not in mod.imports or self.resolve_import is None:
            return False
        return self.resolve_import(mod.imports[recv.value][0], path) in package

    def _callers(self, fn: Function, path: str) -> list[tuple[str, CallSite]]:
        """The call sites of `fn` (defined in `path`), files that mention it read first; not its own recursion."""
        name = fn.cls if fn.is_ctor else fn.name
        return [
            (p, s)
            for p, s in self.calls_named(name, path)
            if (s.expr.kind == "new") == fn.is_ctor and (p, s.scope) != (path, fn.qualname) and self._may_call(fn, path, p, s.expr)
        ]

    def entries(self, ctx: Ctx) -> list[Ctx]:
        """`ctx`'s function entered from each of its call sites (bounded): the same place with the
        parameters bound to that caller's arguments.  Evaluating a body once per entry keeps the
        values one caller passes together (its topic with its group id) instead of pairing every
        caller's topic with every caller's group.  Empty when the function takes no parameters or
        nothing in the repository calls it."""
        mod = self.module(ctx.path)
        fn = self._function(mod, ctx.scope) if mod is not None and ctx.scope else None
        if fn is None or not fn.params:
            return []
        out = []
        for path, site in self._callers(fn, ctx.path)[:MAX_FANIN]:
            bind = self._bind(fn, site.expr, Ctx(path, site.scope, site.cls))
            if bind:
                out.append(Ctx(ctx.path, ctx.scope, ctx.cls, bind))
        return out

    def _fanin(self, fn: Function, param: str, ctx: Ctx, depth: int) -> Iterable[Hit]:
        """A parameter's values: the argument at each call site (bounded), else its default."""
        idx = fn.params.index(param)
        sites = self._callers(fn, ctx.path)
        found = False
        default = dict(fn.defaults).get(param)
        for path, site in sites[:MAX_FANIN]:
            arg = site.expr.field(param) or (site.expr.args[idx] if idx < len(site.expr.args) else None)
            if arg is None:
                if default is not None:
                    found = True  # this call leaves the parameter at its default
                    yield from self._follow(default, ctx, Loc(path, site.expr.line), depth)
                continue
            found = True
            yield from self._follow(arg, Ctx(path, site.scope, site.cls), Loc(path, site.expr.line), depth)
        if default is not None and not found:
            yield from self._follow(default, ctx, Loc(ctx.path, default.line), depth)
            return
        declared = self._declared_class(dict(fn.types).get(param, ""), ctx) if not found and default is None else None
        made = [(p, s) for p, s in self.calls_named(declared) if s.expr.kind == "new"] if declared else []
        if len(made) == 1:  # the one construction of the declared class in the repository
            path, site = made[0]
            yield Hit(site.expr, Ctx(path, site.scope, site.cls), (Loc(ctx.path, fn.line), Loc(path, site.expr.line)))
            return
        bound = OPTIONS_TYPE.match(dict(fn.types).get(param, "").replace(" ", ""))
        if bound is not None and not found:  # .NET options injected by the container: bound from configuration
            yield Hit(Expr("options", fn.line, param, bound.group(1).rsplit(".", 1)[-1]), ctx)
            return
        if not found:
            yield from self._unknown(
                Expr("name", fn.line, param, param), ctx, f"parameter `{param}` of `{fn.name}` ({ctx.path}:{fn.line}) has no call site in the repository"
            )

    def _declared_class(self, declared: str, ctx: Ctx) -> str | None:
        """A parameter's declared type when it is one class of the repository (`Spec`,
        `Spec | None`, `Optional[Spec]`)."""
        text = declared.replace(" ", "").strip("'\"")
        for wrapper in ("Optional[",):
            if text.startswith(wrapper) and text.endswith("]"):
                text = text[len(wrapper) : -1]
        parts = [p for p in text.split("|") if p != "None"]
        if len(parts) != 1 or not re.fullmatch(r"[A-Z]\w*", parts[0]):
            return None
        mod = self.module(ctx.path)
        if mod is None or mod.language != "python":
            return None
        name = parts[0]
        if name in mod.classes:
            return name
        if name not in mod.imports or self.resolve_import is None:
            return None  # a builtin or a name the file does not define: not followed
        spec, imported = mod.imports[name]
        target = self.resolve_import(spec, ctx.path)
        other = self.module(target) if target else None
        return imported if other is not None and imported in other.classes else None

    # -- values ----------------------------------------------------------------------------
    def values(self, e: Expr, ctx: Ctx) -> list[Value]:
        """Every value `e` can have (at most MAX_VALUES), each with its chain of evidence."""
        key = (e, ctx)
        if key in self._valuing or len(self._valuing) > MAX_NESTED:  # `x = x or y`, or too deep
            return [Value(None, (), "unresolved", reason=f"`{e.text}` at {ctx.path}:{e.line} is defined in terms of itself or too deeply")]
        self._valuing.add(key)
        try:
            out: dict[tuple[str | None, str | None, str], Value] = {}
            for h in self.trace(e, ctx):
                for v in self.terminal_values(h):
                    out.setdefault((v.text, v.env, v.reason if v.text is None else ""), v)
        finally:
            self._valuing.discard(key)
        return list(out.values())[:MAX_VALUES]

    def terminal_values(self, h: Hit) -> list[Value]:
        t, chain = h.expr, h.chain
        if t.kind == "str":
            return [Value(t.value, chain, h.origin or ("constant" if chain else "literal"))]
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
            origin = "cli-default" if t.value.startswith("-") else "config-default"
            if t.args:  # the default; one read from the environment stays the deployment's to settle
                return [Value(d.text, chain + d.chain, origin if d.text is not None or not d.env else d.origin, d.env, reason=d.reason) for d in self.values(t.args[0], h.ctx)]
            flags = self._flag_default(t.value, h.ctx.path) if t.value and not t.value.startswith("-") else []
            if flags:
                return [Value(v.text, chain + v.chain, v.origin, v.env, v.pattern, v.reason) for flag in flags for v in self.terminal_values(flag)]
            return [Value(None, chain, "unresolved", reason=UNSET_CONFIG.format(t.value))]
        if t.kind == "enum":  # an enum member stands for its value
            value = t.field("value")
            if value is not None:
                return [Value(v.text, chain + v.chain, v.origin if v.text is None else "constant", v.env, v.pattern, v.reason) for v in self.values(value, h.ctx)]
        if t.kind == "doc":
            found = self.documents(t.value, h.ctx.path) if self.documents and t.value else []
            if found:
                return [Value(text, chain + (loc,), "config") for text, loc in found[:MAX_VALUES]]
            if t.args:
                return [Value(d.text, chain + d.chain, "config-default", reason=d.reason) for d in self.values(t.args[0], h.ctx)]
            return [Value(None, chain, "unresolved", reason=f"key `{t.value}` of the document loaded at {h.ctx.path}:{t.line} is in no configuration file of the repository")]
        if t.kind == "coalesce":
            return self._coalesce(t, h)
        if t.kind == "choice":
            return [Value(v.text, chain + v.chain, v.origin, v.env, v.pattern, v.reason) for a in t.args for v in self.values(a, h.ctx)]
        if t.kind == "concat":
            return self._concat(t, h)
        reason = h.reason or f"`{t.text}` at {h.ctx.path}:{t.line} is not a value the scan can know"
        return [Value(None, chain, "unresolved", reason=reason)]

    def _flag_default(self, key: str, near: str) -> list[Hit]:
        """A configuration key that is a command-line flag's name (Go viper reading a flag):
        the flag's definitions nearest the file that reads it (the same package, else the longest
        shared folder: each binary of a repository defines its own flags), whose default is the
        value when the flag is not given.  Flags whose name is built (`prefix + ".topic"`) are
        named once, when first asked for."""
        found = [
            Hit(site.expr, Ctx(path, site.scope, site.cls), (Loc(path, site.expr.line),))
            for path, site in self.calls_named("-" + key)
            if site.expr.kind == "config"
        ]
        sites = self.calls_named("-")
        if self._flags_named < len(sites):
            for path, site in sites[self._flags_named : MAX_FLAGS]:
                e, fctx = site.expr, Ctx(path, site.scope, site.cls)
                if e.kind == "config" and e.obj is not None:
                    for v in self.values(e.obj, fctx):
                        if v.text is not None:
                            hit = Hit(Expr("config", e.line, e.text, "-" + v.text, args=e.args), fctx, (Loc(path, e.line), *v.chain))
                            self._flags.setdefault(v.text, []).append(hit)
            self._flags_named = len(sites)
        found += self._flags.get(key, [])
        if not found:
            return []
        shared = [len(posixpath.commonpath([h.ctx.path, near])) if near else 0 for h in found]
        return [h for h, n in zip(found, shared, strict=True) if n == max(shared)]

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


def _applied_to(e: Expr, t: Expr) -> bool:
    """`t.apply { ... }` / `t.also { ... }` (Kotlin): the object is `t` itself."""
    while e.kind == "call" and e.method in ("apply", "also") and e.receiver is not None:
        e = e.receiver
        if e is t:
            return True
    return False


def _by_target(assigns: list[Assign]) -> dict[str, list[Assign]]:
    index: dict[str, list[Assign]] = {}
    for a in assigns:
        index.setdefault(a.target, []).append(a)
    return index


def _inside(e: Expr, tree: Expr, budget: int = 200) -> bool:
    """Is `e` a part of `tree` (the right-hand side of an assignment that reads the old value)?"""
    todo = [tree]
    while todo and budget > 0:
        budget -= 1
        t = todo.pop()
        if t == e:
            return True
        if t.obj is not None:
            todo.append(t.obj)
        todo.extend(t.args)
        todo.extend(v for _, v in t.fields)
    return False


def _reaching(before: list[Assign]) -> list[Assign]:
    """The assignments that can reach a use: the last one, and those before it back to the last
    one not made in a conditional branch (`if c: x = a` / `else: x = b`)."""
    out: list[Assign] = []
    for a in reversed(before):
        out.append(a)
        if not a.branch:
            break
    return out


def _simple_type(declared: str) -> str:
    """`final Map<String, Topic<K, V>>` -> `Map`; `acme.Topic<String>` -> `Topic`; `*Writer` -> `Writer`."""
    head = re.split(r"[<\[?]", declared.strip())[0].split()[-1:] or [""]
    return head[0].lstrip("*&").rsplit(".", 1)[-1]
