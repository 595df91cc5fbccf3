"""The C# front-end (tree-sitter-c-sharp): a .cs file lowered into the IR.

Lowered: `using` directives, classes/records/structs/interfaces (fields, constants, properties with
initialisers or expression bodies, record primary-constructor parameters), methods, constructors,
local functions and top-level statements (scope ``<main>``), locals and assignments, returns,
calls, `new` with initialisers, string building (``+``, ``$"..."``), ``??``, ``?:``,
``Environment.GetEnvironmentVariable``, and configuration look-ups
(``configuration["Kafka:Topic"]``, ``GetValue<T>("key", default)``, ``GetSection("a")["b"]``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from copilot.lang import treesitter as ts
from copilot.lang.ir import Assign, CallSite, Expr, Function, Module

if TYPE_CHECKING:  # tree-sitter loads when a file is parsed, not when the front-ends are listed
    from tree_sitter import Node

_CLASSES = ("class_declaration", "record_declaration", "struct_declaration", "interface_declaration", "record_struct_declaration")
_FUNCS = ("method_declaration", "constructor_declaration", "local_function_statement")
_STRINGS = ("string_literal", "verbatim_string_literal", "raw_string_literal")
_LITS = ("integer_literal", "real_literal", "boolean_literal", "null_literal", "character_literal")
_COLLECTIONS = re.compile(r"^(List|IList|IEnumerable|ICollection|IReadOnlyList|IReadOnlyCollection|HashSet|ISet|Collection)$")
_CONFIG_RECEIVER = re.compile(r"(?i)config|configuration|settings|section")
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "0": "\0", "r": "\r"}


class CSharp:
    name = "csharp"
    suffixes = (".cs",)
    markers = (r"Confluent\.Kafka", r"ProducerBuilder", r"ConsumerBuilder")
    test_globs = ("*Tests/*", "*/*Tests/*", "*Test/*", "*/*Test/*", "*/*.Tests.*/*", "*Tests.cs", "*Test.cs")

    def lower(self, path: str, source: bytes) -> Module:
        mod, root = ts.parse_module(path, self.name, "C#", ts.parser("tree_sitter_c_sharp"), source)
        _Lowerer(mod).walk(root, "", "")
        return mod


FRONTENDS = (CSharp(),)


def _type_name(node: Node | None) -> str:
    """`ConsumerBuilder<string, byte[]>` → ConsumerBuilder, `Confluent.Kafka.ProducerConfig` → ProducerConfig."""
    if node is None:
        return ""
    if node.type == "generic_name":
        return ts.text(node.named_children[0]) if node.named_children else ""
    if node.type == "qualified_name":
        return _type_name(node.child_by_field_name("name"))
    if node.type == "nullable_type":
        return _type_name(node.named_children[0]) if node.named_children else ""
    return ts.text(node)


def _string(node: Node) -> str:
    if node.type == "verbatim_string_literal":
        return ts.text(node)[2:-1].replace('""', '"')
    if node.type == "raw_string_literal":
        return "".join(ts.text(c) for c in node.named_children if c.type == "raw_string_content")
    out = []
    for c in node.named_children:
        if c.type == "string_literal_content":
            out.append(ts.text(c))
        elif c.type == "escape_sequence":
            out.append(_ESCAPES.get(ts.text(c)[1:2], ts.text(c)))
    return "".join(out)


class _Lowerer:
    def __init__(self, mod: Module):
        self.mod = mod
        self.locals: dict[str, set[str]] = {}
        self.types: dict[str, tuple[tuple[str, str], ...]] = {}  # function qualname -> parameter types

    # -- declarations ------------------------------------------------------------------------
    def walk(self, node: Node, cls: str, scope: str) -> None:
        for child in node.named_children:
            t = child.type
            if t == "using_directive":
                name = child.named_children[-1] if child.named_children else None
                if name is not None:
                    self.mod.uses.append(ts.text(name))
            elif t in _CLASSES:
                self._class(child, cls)
            elif t == "enum_declaration":
                self._enum(child)
            elif t in _FUNCS:
                self._function(child, cls, scope)
            elif t == "global_statement":
                self._statements(child, "", "<main>")
            elif t in ("namespace_declaration", "file_scoped_namespace_declaration", "declaration_list"):
                self.walk(child, cls, scope)
            elif t == "field_declaration" or t == "event_field_declaration":
                self._field(child, cls)
            elif t == "property_declaration":
                self._property(child, cls)
            if t == "file_scoped_namespace_declaration":
                pass

    def _class(self, node: Node, outer: str) -> None:
        name = ts.text(node.child_by_field_name("name"))
        if not name:
            return
        self.mod.classes.setdefault(name, ts.line(node))
        params = next((c for c in node.named_children if c.type == "parameter_list"), None)
        if params is not None:  # record Settings(string Topic = "orders"): a constructor and properties
            names, defaults = self._params(params, f"{name}.{name}")
            self.mod.functions.append(
                Function(name, f"{name}.{name}", name, names, (), ts.line(node), ts.end_line(node), True, defaults, self.types.get(f"{name}.{name}", ()))
            )
            for p in names:
                self.mod.assigns.append(Assign(p, Expr("name", ts.line(params), p, p), ts.line(params), f"{name}.{name}", name))
        body = node.child_by_field_name("body")
        if body is not None:
            self.walk(body, name, "")

    def _enum(self, node: Node) -> None:
        name = ts.text(node.child_by_field_name("name"))
        if name:
            self.mod.classes.setdefault(name, ts.line(node))

    def _field(self, node: Node, cls: str) -> None:
        decl = next((c for c in node.named_children if c.type == "variable_declaration"), None)
        for var in decl.named_children if decl else ():
            if var.type != "variable_declarator":
                continue
            name = ts.text(var.child_by_field_name("name") or var.named_children[0])
            value = var.named_children[-1] if len(var.named_children) > 1 else None
            if value is not None:
                self.mod.assigns.append(Assign(name, self.expr(value, cls, cls), ts.line(var), cls, cls))

    def _property(self, node: Node, cls: str) -> None:
        name = ts.text(node.child_by_field_name("name"))
        value = node.child_by_field_name("value")
        if not name or value is None:
            return
        if value.type == "arrow_expression_clause":
            inner = value.named_children[0] if value.named_children else None
            if inner is not None:
                e = self.expr(inner, cls, f"{cls}.{name}")
                self.mod.functions.append(Function(name, f"{cls}.{name}", cls, (), (e,), ts.line(node), ts.end_line(node)))
            return
        self.mod.assigns.append(Assign(name, self.expr(value, cls, cls), ts.line(node), cls, cls))

    def _params(self, params: Node, scope: str) -> tuple[tuple[str, ...], tuple[tuple[str, Expr], ...]]:
        names, defaults, types = [], [], []
        for p in params.named_children:
            if p.type != "parameter":
                continue
            pname = p.child_by_field_name("name")
            if pname is None:
                continue
            names.append(ts.text(pname))
            ptype = p.child_by_field_name("type")
            if ptype is not None:
                types.append((ts.text(pname), ts.text(ptype)))
            rest = [c for c in p.named_children if c.start_byte > pname.end_byte]
            if rest:
                defaults.append((ts.text(pname), self.expr(rest[0], "", scope)))
        self.types[scope] = tuple(types)
        return tuple(names), tuple(defaults)

    def _function(self, node: Node, cls: str, outer: str) -> None:
        name = ts.text(node.child_by_field_name("name"))
        qual = f"{outer or cls}.{name}" if (outer or cls) else name
        params = node.child_by_field_name("parameters")
        names, defaults = self._params(params, qual) if params is not None else ((), ())
        self.locals[qual] = set(names)
        returns: list[Expr] = []
        body = node.child_by_field_name("body") or next((c for c in node.named_children if c.type == "arrow_expression_clause"), None)
        if body is not None and body.type == "arrow_expression_clause":
            if body.named_children:
                returns.append(self.expr(body.named_children[0], cls, qual))
                self._calls_in(body, cls, qual)
        elif body is not None:
            returns = self._statements(body, cls, qual)
        self.mod.functions.append(
            Function(
                name, qual, cls, names, tuple(returns), ts.line(node), ts.end_line(node),
                node.type == "constructor_declaration", defaults, self.types.get(qual, ()),
            )
        )

    # -- statements --------------------------------------------------------------------------
    def _statements(self, node: Node, cls: str, scope: str) -> list[Expr]:
        """Walk a body: locals, assignments, returns, calls; nested functions get their own scope."""
        returns: list[Expr] = []
        stack = [node]
        declared = self.locals.setdefault(scope, set())
        while stack:
            n = stack.pop()
            t = n.type
            if t in _FUNCS and n is not node:
                self._function(n, cls, scope)
                continue
            if t in ("lambda_expression", "anonymous_method_expression") and n is not node:
                self._calls_in(n, cls, scope)
                continue
            if t == "variable_declarator":
                name_node = n.child_by_field_name("name") or (n.named_children[0] if n.named_children else None)
                name = ts.text(name_node)
                value = n.named_children[-1] if len(n.named_children) > 1 else None
                declared.add(name)
                if value is not None:
                    self.mod.assigns.append(Assign(name, self.expr(value, cls, scope), ts.line(n), scope, cls, True))
            elif t == "assignment_expression" and (sides := ts.plain_assignment(n)) is not None:
                target = self._target(sides[0])
                if target:
                    self.mod.assigns.append(Assign(target, self.expr(sides[1], cls, scope), ts.line(n), scope, cls, target in declared))
            elif t == "return_statement" and n.named_children:
                returns.append(self.expr(n.named_children[0], cls, scope))
            elif t == "foreach_statement":
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                if left is not None and right is not None:
                    declared.add(ts.text(left))
                    self.mod.assigns.append(Assign(ts.text(left), Expr("member", ts.line(n), ts.short(right) + "[]", "[]", self.expr(right, cls, scope)), ts.line(n), scope, cls, True))
            if t in ("invocation_expression", "object_creation_expression", "implicit_object_creation_expression"):
                awaited = n.parent is not None and n.parent.type == "await_expression"
                self.mod.calls.append(CallSite(self.expr(n, cls, scope), scope, cls, awaited))
            stack.extend(reversed(n.named_children))
        return returns

    def _calls_in(self, node: Node, cls: str, scope: str) -> None:
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type in ("invocation_expression", "object_creation_expression", "implicit_object_creation_expression"):
                self.mod.calls.append(CallSite(self.expr(n, cls, scope), scope, cls))
            stack.extend(n.named_children)

    def _target(self, left: Node) -> str:
        if left.type == "identifier":
            return ts.text(left)
        if left.type == "member_access_expression":
            obj, name = left.child_by_field_name("expression"), left.child_by_field_name("name")
            if obj is not None and obj.type == "this_expression":
                return ts.text(name)
            return ts.text(left)
        return ""

    # -- expressions -------------------------------------------------------------------------
    def expr(self, n: Node, cls: str, scope: str) -> Expr:
        t, ln = n.type, ts.line(n)
        if t in _STRINGS:
            return Expr("str", ln, ts.short(n), _string(n))
        if t in _LITS:
            return Expr("lit", ln, ts.text(n), ts.text(n))
        if t == "identifier":
            return Expr("name", ln, ts.text(n), ts.text(n))
        if t in ("this_expression", "this"):
            return Expr("name", ln, "this", "this")
        if t in ("parenthesized_expression", "await_expression", "checked_expression", "postfix_unary_expression"):
            inner = n.named_children[-1] if n.named_children else None
            return self.expr(inner, cls, scope) if inner is not None else Expr("unknown", ln, ts.short(n))
        if t == "cast_expression":
            value = n.child_by_field_name("value")
            return self.expr(value, cls, scope) if value is not None else Expr("unknown", ln, ts.short(n))
        if t == "interpolated_string_expression":
            parts = []
            for c in n.named_children:
                if c.type == "string_content":
                    parts.append(Expr("str", ts.line(c), ts.text(c), ts.text(c)))
                elif c.type == "interpolation":
                    inner = next((x for x in c.named_children if x.type not in ("interpolation_brace", "interpolation_format_clause", "interpolation_alignment_clause")), None)
                    if inner is not None:
                        parts.append(self.expr(inner, cls, scope))
            return Expr("concat", ln, ts.short(n), args=tuple(parts))
        if t == "member_access_expression":
            obj, name = n.child_by_field_name("expression"), n.child_by_field_name("name")
            member = _type_name(name)
            return Expr("member", ln, ts.short(n), member, self.expr(obj, cls, scope) if obj is not None else None)
        if t == "binary_expression":
            op = ts.text(n.child_by_field_name("operator"))
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if left is not None and right is not None:
                a, b = self.expr(left, cls, scope), self.expr(right, cls, scope)
                if op == "??":
                    return Expr("coalesce", ln, ts.short(n), args=(a, b))
                if op == "+":
                    parts = (a.args if a.kind == "concat" else (a,)) + (b.args if b.kind == "concat" else (b,))
                    return Expr("concat", ln, ts.short(n), args=parts)
        if t == "conditional_expression":
            c, a = n.child_by_field_name("consequence"), n.child_by_field_name("alternative")
            if c is not None and a is not None:
                return Expr("choice", ln, ts.short(n), args=(self.expr(c, cls, scope), self.expr(a, cls, scope)))
        if t == "invocation_expression":
            return self._invocation(n, cls, scope)
        if t in ("object_creation_expression", "implicit_object_creation_expression"):
            return self._new(n, cls, scope)
        if t in ("array_creation_expression", "implicit_array_creation_expression", "collection_expression", "initializer_expression"):
            init = n if t in ("collection_expression", "initializer_expression") else next((c for c in n.named_children if c.type == "initializer_expression"), None)
            items = tuple(self.expr(c, cls, scope) for c in (init.named_children if init else ()) if c.type not in ("array_type",))
            return Expr("array", ln, ts.short(n), args=items)
        if t == "element_access_expression":
            obj = n.child_by_field_name("expression")
            args = n.child_by_field_name("subscript") or next((c for c in n.named_children if c.type == "bracketed_argument_list"), None)
            key = self._args(args, cls, scope)[0] if args is not None else ()
            if obj is not None and key and key[0].kind == "str":
                base = self._config_prefix(obj, cls, scope)
                if base is not None:
                    return Expr("config", ln, ts.short(n), base + key[0].value)
                return Expr("member", ln, ts.short(n), key[0].value, self.expr(obj, cls, scope))
        return Expr("unknown", ln, ts.short(n))

    def _config_prefix(self, obj: Node, cls: str, scope: str) -> str | None:
        """`configuration["a:b"]` → "", `configuration.GetSection("Kafka")["Topic"]` → "Kafka:"."""
        if obj.type == "invocation_expression":
            fn = obj.child_by_field_name("function")
            args = self._args(obj.child_by_field_name("arguments"), cls, scope)[0]
            if fn is not None and fn.type == "member_access_expression" and _type_name(fn.child_by_field_name("name")) == "GetSection" and args and args[0].kind == "str":
                inner = fn.child_by_field_name("expression")
                base = self._config_prefix(inner, cls, scope) if inner is not None else None
                return (base or "") + args[0].value + ":"
            return None
        return "" if _CONFIG_RECEIVER.search(ts.text(obj).rsplit(".", 1)[-1]) else None

    def _args(self, node: Node | None, cls: str, scope: str) -> tuple[tuple[Expr, ...], tuple[tuple[str, Expr], ...]]:
        args: list[Expr] = []
        named: list[tuple[str, Expr]] = []
        for a in node.named_children if node is not None else ():
            if a.type != "argument":
                continue
            name = a.child_by_field_name("name")
            start = name.end_byte if name is not None else -1
            value = next((c for c in a.named_children if c.start_byte > start and c.type != "name_colon"), None)
            if value is None:
                continue
            e = self.expr(value, cls, scope)
            if name is not None:
                named.append((ts.text(name), e))
            else:
                args.append(e)
        return tuple(args), tuple(named)

    def _invocation(self, n: Node, cls: str, scope: str) -> Expr:
        ln = ts.line(n)
        fn = n.child_by_field_name("function")
        args, named = self._args(n.child_by_field_name("arguments"), cls, scope)
        callee = self.expr(fn, cls, scope) if fn is not None else Expr("unknown", ln)
        if fn is not None and fn.type == "generic_name":
            callee = Expr("name", ln, ts.text(fn), _type_name(fn))
        method = callee.value if callee.kind in ("name", "member") else ""
        if method in ("GetEnvironmentVariable",) and args and args[0].kind == "str":
            return Expr("env", ln, ts.short(n), args[0].value)
        if method in ("GetValue", "GetConnectionString") and args and args[0].kind == "str" and fn is not None:
            recv = fn.child_by_field_name("expression") if fn.type == "member_access_expression" else None
            base = self._config_prefix(recv, cls, scope) if recv is not None else None
            if base is not None:
                return Expr("config", ln, ts.short(n), base + args[0].value, args=args[1:2])
        return Expr("call", ln, ts.short(n), obj=callee, args=args, fields=named)

    def _new(self, n: Node, cls: str, scope: str) -> Expr:
        ln = ts.line(n)
        type_name = _type_name(n.child_by_field_name("type"))
        args_node = n.child_by_field_name("arguments") or next((c for c in n.named_children if c.type == "argument_list"), None)
        args, named = self._args(args_node, cls, scope)
        init = n.child_by_field_name("initializer") or next((c for c in n.named_children if c.type == "initializer_expression"), None)
        fields: list[tuple[str, Expr]] = list(named)
        items: list[Expr] = []
        for c in init.named_children if init is not None else ():
            if c.type == "assignment_expression":
                left, right = c.child_by_field_name("left"), c.child_by_field_name("right")
                if left is not None and right is not None:
                    key = ts.text(left)
                    if left.type == "element_binding_expression" or key.startswith("["):  # ["group.id"] = "x"
                        key = key.strip('[]"')
                    fields.append((key, self.expr(right, cls, scope)))
            elif c.type == "initializer_expression" and len(c.named_children) == 2:  # {"group.id", "x"}
                k, v = c.named_children
                fields.append((_string(k) if k.type in _STRINGS else ts.text(k), self.expr(v, cls, scope)))
            else:
                items.append(self.expr(c, cls, scope))
        if _COLLECTIONS.match(type_name) and items:
            return Expr("array", ln, ts.short(n), args=tuple(items))
        return Expr("new", ln, ts.short(n), type_name, args=args, fields=tuple(fields))
