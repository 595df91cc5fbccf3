"""Evaluate Java/Kotlin expressions to strings: literals, same-file constants and enums, Spring
placeholders, and `Pending` references for whatever lives in another file."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field

from copilot.lang.jvm_strings import spring_placeholder, unwrap_spel
from copilot.model.facts import Loc, Pending, TopicRef
from copilot.scan.extractors.jvm_ir import ClassDecl, Expr, FileIR, Method, Var

_CONST_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_LIST_BUILDERS = {
    "of", "asList", "singletonList", "singleton", "listOf", "setOf", "mutableListOf", "arrayListOf",
    "arrayOf", "mutableSetOf", "hashSetOf", "copyOf", "newArrayList", "linkedSetOf",
}
_STRING_NOOPS = {"trim", "strip", "intern", "toString", "stripIndent", "trimIndent"}
_ENUM_NON_ACCESSORS = {"ordinal", "hashCode", "getDeclaringClass", "compareTo", "equals"}
_MAX_DEPTH = 12


@dataclass
class Val:
    """The outcome of evaluating an expression to a string."""

    value: str | None
    origin: str  # literal | constant | enum | property | env | parameter | imported-constant | unresolved
    via: list[Loc] = field(default_factory=list)
    pending: Pending | None = None

    @property
    def resolved(self) -> bool:
        return self.value is not None


_UNRESOLVED = Val(None, "unresolved")


class Evaluator:
    """Resolves names within one file; anything else becomes a `Pending` reference."""

    def __init__(self, ir: FileIR, path: str) -> None:
        self.ir = ir
        self.path = path
        self.by_name: dict[str, ClassDecl] = {}
        self.by_qname: dict[str, ClassDecl] = {}
        for cls in ir.classes:
            self.by_qname.setdefault(cls.qname, cls)
            if cls.name:
                self.by_name.setdefault(cls.name, cls)
        self.top = next((c for c in ir.classes if c.kind == "file"), None)
        self._active: set[int] = set()

    # ---- lookups ----------------------------------------------------------------------

    def find_class(self, name: str) -> ClassDecl | None:
        if not name:
            return None
        found = self.by_qname.get(name) or self.by_name.get(name)
        package = self.ir.package
        if found is None and package and name.startswith(package + ".") and len(name) > len(package) + 1:
            found = self.by_qname.get(name[len(package) + 1:])
        return found

    def outer_chain(self, cls: ClassDecl | None) -> list[ClassDecl]:
        """``cls``, its enclosing classes, the same-file classes it extends, then the file level."""
        out: list[ClassDecl] = []
        cur = cls
        while cur is not None and cur not in out:
            out.append(cur)
            for sup in cur.supers:
                sc = self.find_class(sup.qname)
                if sc is not None and sc not in out:
                    out.append(sc)
            cur = self.by_qname.get(cur.outer) if cur.outer else None
        if self.top is not None and self.top not in out:
            out.append(self.top)
        return out

    def lookup_var(self, name: str, cls: ClassDecl | None, method: Method | None) -> tuple[Var, ClassDecl | None] | None:
        if method is not None and name in method.vars:
            return method.vars[name], cls
        for c in self.outer_chain(cls):
            if name in c.fields:
                return c.fields[name], c
        return None

    def method_named(self, cls: ClassDecl | None, name: str) -> Method | None:
        for c in self.outer_chain(cls):
            for m in c.methods:
                if m.name == name:
                    return m
        return None

    def loc(self, line: int) -> Loc:
        return Loc(self.path, line)

    # ---- evaluation -------------------------------------------------------------------

    def value(self, e: Expr | None, cls: ClassDecl | None, method: Method | None, depth: int = 0) -> Val:
        if e is None or depth > _MAX_DEPTH or id(e) in self._active:
            return _UNRESOLVED
        self._active.add(id(e))
        try:
            return self._value(e, cls, method, depth + 1)
        finally:
            self._active.discard(id(e))

    def _value(self, e: Expr, cls: ClassDecl | None, method: Method | None, depth: int) -> Val:
        k = e.kind
        if k == "str":
            return Val(e.value or "", "literal")
        if k == "lit":
            return Val(e.value, "literal")
        if k == "classlit":
            return Val(e.name.rsplit(".", 1)[-1], "literal")
        if k == "name":
            return self._name(e, cls, method, depth)
        if k == "concat":
            return self._concat([self.value(p, cls, method, depth) for p in e.args])
        if k == "call":
            return self._call(e, cls, method, depth)
        if k == "elvis" and len(e.args) == 2:
            return _with_default(self.value(e.args[0], cls, method, depth), self.value(e.args[1], cls, method, depth))
        return _UNRESOLVED

    def _name(self, e: Expr, cls: ClassDecl | None, method: Method | None, depth: int) -> Val:
        parts = e.name.split(".")
        if len(parts) == 1:
            found = self.lookup_var(parts[0], cls, method)
            if found is not None:
                return self.var_value(found[0], found[1], method, depth)
            if parts[0] in self.ir.member_imports:
                return Val(None, "imported-constant", pending=Pending("jvm-const", self.ir.imports[parts[0]]))
            if _CONST_RE.match(parts[0]):
                return Val(None, "imported-constant", pending=Pending("jvm-const", parts[0]))
            return _UNRESOLVED
        # Class.FIELD, Outer.Inner.FIELD, Enum.ENTRY, Enum.ENTRY.property (Kotlin)
        for i in range(len(parts) - 1, 0, -1):
            owner = self.find_class(".".join(parts[:i]))
            if owner is None:
                continue
            rest = parts[i:]
            if rest[0] in owner.fields and len(rest) == 1:
                return self.var_value(owner.fields[rest[0]], owner, None, depth)
            if rest[0] in owner.enum_entries and len(rest) <= 2:
                return self.enum_value(owner, rest[0], rest[1] if len(rest) == 2 else None, depth)
            return _UNRESOLVED
        head = parts[0]
        if self.lookup_var(head, cls, method) is not None:
            return _UNRESOLVED  # a property of an object (`config.topic`)
        if head[:1].islower() and not any(p[:1].isupper() for p in parts[1:-1]):
            return _UNRESOLVED  # `config.topic`: not a package-qualified class
        key_parts = parts
        origin = "imported-constant"
        if len(parts) >= 3 and _CONST_RE.match(parts[-2]) and parts[-1][:1].islower():
            key_parts, origin = parts[:-1], "enum"  # Topic.ORDERS.topicName (Kotlin property)
        if _CONST_RE.match(key_parts[-1]) and (len(key_parts) == 1 or key_parts[-2][:1].isupper()):
            return Val(None, origin, pending=Pending("jvm-const", ".".join(key_parts)))
        return _UNRESOLVED

    def var_value(self, var: Var, owner: ClassDecl | None, method: Method | None, depth: int) -> Val:
        via = [self.loc(var.line)]
        for ann in var.annotations:
            injected = self._injected(ann.name, ann.args, cls=owner, method=method, depth=depth)
            if injected is not None:
                injected.via = via + injected.via
                return injected
        if var.kind == "field" and var.init is None and owner is not None:
            injected_param = self._ctor_injected(var, owner, depth)
            if injected_param is not None:
                return injected_param
        if var.kind in ("param", "lambda", "foreach"):
            return Val(None, "parameter", via)
        if var.ctor_param:  # whoever constructs the object may pass another value than the default
            default = self.value(var.init, owner, None, depth) if var.init is not None else _UNRESOLVED
            return Val(default.value, "parameter", via + default.via)
        if var.init is None:
            return Val(None, "unresolved", via)
        if var.mutable and var.kind == "local" and method is not None and any(
                left.kind == "name" and left.name == var.name for left, _, _ in method.assigns):
            return Val(None, "unresolved", via)
        v = self.value(var.init, owner, method if var.kind != "field" else None, depth)
        origin = "constant" if v.origin == "literal" else v.origin
        return Val(v.value, origin, via + v.via, v.pending)

    def _injected(self, name: str, args: dict[str, Expr], cls: ClassDecl | None, method: Method | None,
                  depth: int) -> Val | None:
        """`@Value("${k}")` (Spring) and `@ConfigProperty(name = "k")` (MicroProfile) injections."""
        if name == "Value" and "value" in args:
            v = self.value(args["value"], cls, None, depth)
            if v.value is None:
                return None
            inner = unwrap_spel(v.value)
            pending = spring_placeholder(inner) if inner is not None else None
            if pending is not None:
                return Val(None, "property", v.via, pending)
            return Val(inner, "constant", v.via) if inner is not None else Val(None, "unresolved", v.via)
        if name == "ConfigProperty" and "name" in args:
            key = self.value(args["name"], cls, None, depth)
            default = self.value(args.get("defaultValue"), cls, None, depth).value if "defaultValue" in args else None
            if key.value:
                return Val(None, "property", key.via, Pending("property", key.value, default=default))
        return None

    def _ctor_injected(self, var: Var, owner: ClassDecl, depth: int) -> Val | None:
        """`this.topic = topic;` in a constructor whose parameter carries `@Value`."""
        for m in owner.methods:
            if not m.is_init:
                continue
            for left, right, _ in m.assigns:
                if left.kind == "name" and left.name.rsplit(".", 1)[-1] == var.name and right.kind == "name" \
                        and right.name in m.vars and m.vars[right.name].kind == "param":
                    v = self.var_value(m.vars[right.name], owner, m, depth)
                    if v.origin != "parameter":
                        return Val(v.value, v.origin, [self.loc(var.line)] + v.via, v.pending)
        return None

    def enum_value(self, owner: ClassDecl, entry: str, accessor: str | None, depth: int) -> Val:
        ent = owner.enum_entries[entry]
        via = [self.loc(ent.line)]
        if accessor in ("name",):
            return Val(entry, "enum", via)
        if not ent.args:
            return Val(None, "unresolved", via)
        v = self.value(ent.args[0], owner, None, depth)
        return Val(v.value, "enum", via + v.via, v.pending)

    def _concat(self, vals: list[Val]) -> Val:
        if any(v.value is None and v.pending is None for v in vals):
            return _UNRESOLVED
        via = [loc for v in vals for loc in v.via]
        if all(v.resolved for v in vals):
            origin = "constant" if any(v.origin != "literal" for v in vals) else "literal"
            origins = {v.origin for v in vals} - {"literal", "constant"}
            if len(origins) == 1:
                origin = origins.pop()
            return Val("".join(v.value or "" for v in vals), origin, via)
        key: list[str] = []
        parts: list[Pending] = []
        first_origin = ""
        for v in vals:
            if v.resolved:
                key.append(v.value or "")
                continue
            assert v.pending is not None
            first_origin = first_origin or v.origin
            if v.pending.kind == "template":
                key.append(v.pending.key)
                parts.extend(v.pending.parts)
            else:
                key.append("{" + v.pending.key + "}")
                parts.append(v.pending)
        return Val(None, first_origin, via, Pending("template", "".join(key), parts=tuple(parts)))

    def _call(self, e: Expr, cls: ClassDecl | None, method: Method | None, depth: int) -> Val:
        name, recv, args = e.name, e.recv, e.args
        recv_text = recv.name if recv is not None and recv.kind == "name" else ""
        if recv is not None and recv.kind in ("str", "concat", "call", "name") and name in _STRING_NOOPS | {
                "toLowerCase", "lowercase", "toUpperCase", "uppercase", "trimMargin"} and not args[1:]:
            v = self.value(recv, cls, method, depth)
            if v.value is not None:
                if name in ("toLowerCase", "lowercase"):
                    v = Val(v.value.lower(), v.origin, v.via)
                elif name in ("toUpperCase", "uppercase"):
                    v = Val(v.value.upper(), v.origin, v.via)
                elif name in ("trimIndent", "stripIndent"):
                    v = Val(_trim_indent(v.value), v.origin, v.via)
                elif name == "trimMargin":
                    v = Val("\n".join(ln.lstrip()[1:] if ln.lstrip().startswith("|") else ln
                                      for ln in v.value.strip("\n").split("\n")), v.origin, v.via)
                elif name in ("trim", "strip"):
                    v = Val(v.value.strip(), v.origin, v.via)
            if v.value is not None or name in _STRING_NOOPS:
                return v
        if name == "format" and args:
            fmt_args = args[1:] if recv_text == "String" else args
            fmt = args[0] if recv_text == "String" else recv
            return self._format(fmt, fmt_args, cls, method, depth)
        if name == "formatted" and recv is not None:
            return self._format(recv, args, cls, method, depth)
        if name == "getenv" and recv_text == "System" and args:
            key = self.value(args[0], cls, method, depth)
            return Val(None, "env", key.via, Pending("env", key.value)) if key.value else _UNRESOLVED
        if name == "getOrDefault" and recv is not None and recv.kind == "call" and recv.name == "getenv" and len(args) == 2:
            key, default = self.value(args[0], cls, method, depth), self.value(args[1], cls, method, depth)
            if key.value:
                return Val(None, "env", key.via, Pending("env", key.value, default=default.value))
        if name in ("getProperty", "getRequiredProperty") and recv_text and "env" in recv_text.lower() and args:
            key = self.value(args[0], cls, method, depth)
            default = self.value(args[1], cls, method, depth).value if len(args) > 1 else None
            if key.value:
                return Val(None, "property", key.via, Pending("property", key.value, default=default))
        if name in ("getValue", "getOptionalValue") and args and recv is not None and "config" in recv.text.lower():
            key = self.value(args[0], cls, method, depth)
            if key.value:
                return Val(None, "property", key.via, Pending("property", key.value))
        if name in ("orElse", "orElseGet") and recv is not None and len(args) == 1:
            inner = recv.args[0] if recv.kind == "call" and recv.name == "ofNullable" and recv.args else recv
            return _with_default(self.value(inner, cls, method, depth), self.value(args[0], cls, method, depth))
        if recv is not None and not args and name not in _ENUM_NON_ACCESSORS:
            v = self.value(recv, cls, method, depth)
            if v.origin == "enum":  # Topic.ORDERS.topicName() / .getName() / .value()
                return Val(recv.name.rsplit(".", 1)[-1], "enum", v.via) if name == "name" and v.value else v
            if v.pending is not None and v.pending.kind == "jvm-const" and name != "name" and recv.kind == "name":
                return Val(None, "enum", v.via, v.pending)  # an enum constant of another file
        if recv is None and not args:
            target = self.method_named(cls, name)
            if target is not None and len(target.returns) == 1 and not target.params:
                return self.value(target.returns[0], cls, target, depth)
        return _UNRESOLVED

    def _format(self, fmt: Expr | None, args: list[Expr], cls: ClassDecl | None, method: Method | None,
                depth: int) -> Val:
        f = self.value(fmt, cls, method, depth)
        if f.value is None or f.value.count("%s") != len(args) or "%" in f.value.replace("%s", ""):
            return _UNRESOLVED
        pieces = f.value.split("%s")
        vals: list[Val] = [Val(pieces[0], "literal")]
        for arg, piece in zip(args, pieces[1:], strict=True):
            vals.extend([self.value(arg, cls, method, depth), Val(piece, "literal")])
        return self._concat(vals)

    # ---- topics -----------------------------------------------------------------------

    def topic(self, e: Expr, cls: ClassDecl | None, method: Method | None, pattern: bool = False) -> TopicRef:
        """A TopicRef for an expression naming one topic (or one pattern)."""
        if e.kind == "call" and e.name == "compile" and e.recv is not None and e.recv.text.endswith("Pattern") and e.args:
            return self.topic(e.args[0], cls, method, pattern=True)
        v = self.value(e, cls, method)
        text = e.short
        if v.value is not None:
            inner = unwrap_spel(v.value)
            if not inner:  # a SpEL expression, or "": an empty string names no topic
                return TopicRef(text, None, "unresolved", via=v.via, pattern=pattern)
            pending = spring_placeholder(inner)
            if pending is not None:
                return TopicRef(text, None, "property", pending=_no_empty_default(pending), via=v.via,
                                pattern=pattern)
            origin = "pattern" if pattern and v.origin == "literal" else v.origin
            return TopicRef(text, inner, origin, via=v.via, pattern=pattern)
        if v.pending is not None:
            return TopicRef(text, None, v.origin, pending=_no_empty_default(v.pending), via=v.via, pattern=pattern)
        origin = "parameter" if v.origin == "parameter" else "unresolved"
        return TopicRef(text, None, origin, via=v.via, pattern=pattern)

    def topics(self, e: Expr, cls: ClassDecl | None, method: Method | None, depth: int = 0) -> list[TopicRef]:
        """TopicRefs for an expression naming one or several topics (array, List.of, a list variable)."""
        if depth > 4:
            return [self.topic(e, cls, method)]
        if e.kind == "array":
            return [t for a in e.args for t in self.topics(a, cls, method, depth + 1)]
        if e.kind in ("call", "new") and e.name in _LIST_BUILDERS | {"ArrayList", "HashSet"} and (
                e.name != "of" or (e.recv is not None and e.recv.text in ("List", "Set", "Stream", "ImmutableList",
                                                                          "ImmutableSet", "java.util.List"))):
            if e.name in ("ArrayList", "HashSet", "copyOf") and len(e.args) == 1:
                return self.topics(e.args[0], cls, method, depth + 1)
            return [t for a in e.args for t in self.topics(a, cls, method, depth + 1)]
        if e.kind == "name" and "." not in e.name:
            found = self.lookup_var(e.name, cls, method)
            if found is not None and found[0].init is not None and found[0].init.kind in ("array", "call", "new") \
                    and not _is_stringish(found[0].init):
                inner = self.topics(found[0].init, cls, method if found[0].kind != "field" else None, depth + 1)
                for t in inner:
                    t.via.insert(0, self.loc(found[0].line))
                return inner
        return [self.topic(e, cls, method)]

    # ---- exported constants -----------------------------------------------------------

    def symbols(self) -> dict[str, tuple[str, int]]:
        out: dict[str, tuple[str, int]] = {}
        for cls in self.ir.classes:
            names = [] if cls.kind == "file" else [cls.qname] if cls.qname == cls.name else [cls.qname, cls.name]
            for var in cls.fields.values():
                if not var.const or var.init is None or var.init.kind == "lit" or (
                        var.type is not None and var.type.base not in ("String", "CharSequence")):
                    continue  # only strings: topic names, prefixes, config keys
                v = self.value(var.init, cls, None)
                if not v.value:  # "" names no topic (it is filled in at run time)
                    continue
                if cls.kind == "file":
                    out.setdefault(var.name, (v.value, var.line))
                for n in names:
                    out.setdefault(f"{n}.{var.name}", (v.value, var.line))
            for entry in cls.enum_entries.values():
                if entry.args and entry.args[0].kind in ("str", "concat", "name"):
                    v = self.value(entry.args[0], cls, None)
                    if v.value:
                        for n in names:
                            out.setdefault(f"{n}.{entry.name}", (v.value, entry.line))
        return out


def _no_empty_default(p: Pending) -> Pending:
    """`${app.topic:}` / `getOrDefault("TOPIC", "")`: an empty default is no topic name, so none."""
    return Pending(p.kind, p.key, None, p.parts) if p.default == "" else p


def _with_default(primary: Val, default: Val) -> Val:
    if primary.pending is not None and primary.pending.kind in ("env", "property") and default.value is not None:
        p = primary.pending
        return Val(None, primary.origin, primary.via + default.via, Pending(p.kind, p.key, default=default.value))
    return primary if primary.resolved or primary.pending is not None else default


def _is_stringish(e: Expr) -> bool:
    return e.kind == "call" and e.name in ("format", "formatted", "getenv", "getProperty", "orElse", "trim",
                                            "toLowerCase", "lowercase", "trimIndent")


def _trim_indent(text: str) -> str:
    lines = text.split("\n")
    if lines and not lines[0].strip():
        lines = lines[1:]
    if lines and not lines[-1].strip():
        lines = lines[:-1]
    return textwrap.dedent("\n".join(lines))
