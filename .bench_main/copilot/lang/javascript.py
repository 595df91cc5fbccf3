"""The JavaScript and TypeScript front-ends (tree-sitter-javascript, tree-sitter-typescript).

Lowered: ES imports and CommonJS `require` (plain, destructured, `.member`), exports
(`export const`, `module.exports = {...}`, `exports.X =`), functions, arrow functions bound to a
name, classes (fields, constructor parameter properties, `this.x =` assignments, methods,
getters), locals, returns, calls, `new`, object and array literals, template strings, `+`,
`||`/`??`, `?:`, TS `as`/`!`/`satisfies`, regex literals and `process.env.X` / `process.env["X"]`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from copilot.lang import treesitter as ts
from copilot.lang.ir import Assign, CallSite, Expr, Function, Module

if TYPE_CHECKING:  # tree-sitter loads when a file is parsed, not when the front-ends are listed
    from tree_sitter import Node

_FUNCS = ("function_declaration", "generator_function_declaration", "method_definition", "function_expression", "function", "arrow_function")
_WRAPPERS = ("parenthesized_expression", "await_expression", "as_expression", "non_null_expression", "satisfies_expression", "type_assertion")
_DECLS = ("lexical_declaration", "variable_declaration")
_TESTS = ("*.test.*", "*.spec.*", "*/__tests__/*", "__tests__/*", "*/__mocks__/*", "*.stories.*", "*/e2e/*", "*.d.ts")


class _JsFrontEnd:
    markers = (r"kafkajs", r"@confluentinc/kafka-javascript", r"node-rdkafka")
    test_globs = _TESTS

    def __init__(self, name: str, suffixes: tuple[str, ...], package: str, function: str, tsx_function: str = ""):
        self.name, self.suffixes = name, suffixes
        self._package, self._function, self._tsx = package, function, tsx_function

    def lower(self, path: str, source: bytes) -> Module:
        function = self._tsx if self._tsx and path.lower().endswith(".tsx") else self._function
        mod, root = ts.parse_module(path, self.name, self.name, ts.parser(self._package, function), source)
        _Lowerer(mod).body(root, "", "")
        return mod


FRONTENDS = (
    _JsFrontEnd("typescript", (".ts", ".tsx", ".mts", ".cts"), "tree_sitter_typescript", "language_typescript", "language_tsx"),
    _JsFrontEnd("javascript", (".js", ".mjs", ".cjs", ".jsx"), "tree_sitter_javascript", "language"),
)


def _string(node: Node) -> str:
    raw = ts.text(node)
    if len(raw) >= 2 and raw[0] in "'\"":
        body = raw[1:-1]
        if "\\" not in body:
            return body
        try:
            return json.loads('"' + body.replace('"', '\\"').replace("\\'", "'") + '"')
        except ValueError:
            return body
    return raw


def _awaited(n: Node) -> bool:
    """`await p.send(...)`, `p.send(...).then(...)`, or a promise returned to the caller."""
    parent = n.parent
    if parent is None:
        return False
    if parent.type in ("await_expression", "return_statement", "arrow_function"):
        return True
    return parent.type == "member_expression" and ts.text(parent.child_by_field_name("property")) in ("then", "catch", "finally")


def _require(n: Node) -> str | None:
    """`require('x')` → 'x'."""
    if n.type != "call_expression":
        return None
    fn, args = n.child_by_field_name("function"), n.child_by_field_name("arguments")
    if fn is None or ts.text(fn) != "require" or args is None or not args.named_children:
        return None
    first = args.named_children[0]
    return _string(first) if first.type == "string" else None


class _Lowerer:
    def __init__(self, mod: Module):
        self.mod = mod

    def body(self, node: Node, cls: str, scope: str, declared: set[str] | None = None) -> list[Expr]:
        """Walk statements: declarations, classes, functions, assignments, returns, calls."""
        declared = declared if declared is not None else set()
        returns: list[Expr] = []
        stack = list(reversed(node.named_children))
        while stack:
            n = stack.pop()
            t = n.type
            if t == "import_statement":
                self._import(n)
                continue
            if t in ("class_declaration", "class", "abstract_class_declaration"):
                self._class(n)
                continue
            if t == "enum_declaration":
                self._enum(n)
                continue
            if t in ("function_declaration", "generator_function_declaration"):
                self._function(n, ts.text(n.child_by_field_name("name")), cls, scope)
                continue
            if t in _FUNCS:
                self._function(n, "", cls, scope)
                continue
            if t in _DECLS:
                for d in n.named_children:
                    if d.type == "variable_declarator":
                        self._declarator(d, cls, scope, declared)
                continue
            if t == "assignment_expression":
                self._assignment(n, cls, scope, declared)
            elif t == "return_statement" and n.named_children:
                returns.append(self.expr(n.named_children[0], cls, scope))
            elif t in ("call_expression", "new_expression"):
                self.mod.calls.append(CallSite(self.expr(n, cls, scope), scope, cls, _awaited(n)))
            stack.extend(reversed(n.named_children))
        return returns

    def _import(self, n: Node) -> None:
        source = n.child_by_field_name("source")
        if source is None:
            return
        spec = _string(source)
        self.mod.uses.append(spec)
        clause = next((c for c in n.named_children if c.type == "import_clause"), None)
        for c in clause.named_children if clause else ():
            if c.type == "identifier":
                self.mod.imports[ts.text(c)] = (spec, "default")
            elif c.type == "namespace_import":
                ident = next((x for x in c.named_children if x.type == "identifier"), None)
                if ident is not None:
                    self.mod.imports[ts.text(ident)] = (spec, "*")
            elif c.type == "named_imports":
                for s in c.named_children:
                    if s.type == "import_specifier":
                        name, alias = s.child_by_field_name("name"), s.child_by_field_name("alias")
                        self.mod.imports[ts.text(alias or name)] = (spec, ts.text(name))

    def _declarator(self, d: Node, cls: str, scope: str, declared: set[str]) -> None:
        name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
        if name is None or value is None:
            return
        spec = _require(value)
        inner = value
        member: str | None = None
        if spec is None and value.type == "member_expression":  # require('x').KafkaJS
            obj = value.child_by_field_name("object")
            spec = _require(obj) if obj is not None else None
            member = ts.text(value.child_by_field_name("property")) if spec is not None else None
        if spec is not None:
            self.mod.uses.append(spec)
            if name.type == "identifier":
                self.mod.imports[ts.text(name)] = (spec, member or "*")
            elif name.type == "object_pattern":
                for p in name.named_children:
                    if p.type == "shorthand_property_identifier_pattern":
                        self.mod.imports[ts.text(p)] = (spec, ts.text(p))
                    elif p.type == "pair_pattern":
                        k, v = p.child_by_field_name("key"), p.child_by_field_name("value")
                        if k is not None and v is not None:
                            self.mod.imports[ts.text(v)] = (spec, ts.text(k))
            return
        if value.type in ("arrow_function", "function_expression", "function"):
            self._function(value, ts.text(name), cls, scope)
            return
        local = bool(scope)
        if name.type == "identifier":
            declared.add(ts.text(name))
            self.mod.assigns.append(Assign(ts.text(name), self.expr(inner, cls, scope), ts.line(d), scope, cls, local))
        elif name.type == "object_pattern":  # const { topic, groupId: g } = config
            src = self.expr(inner, cls, scope)
            for p in name.named_children:
                key = target = ""
                if p.type == "shorthand_property_identifier_pattern":
                    key = target = ts.text(p)
                elif p.type == "pair_pattern":
                    k, v = p.child_by_field_name("key"), p.child_by_field_name("value")
                    key, target = ts.text(k), ts.text(v)
                if key and target.isidentifier():
                    declared.add(target)
                    self.mod.assigns.append(Assign(target, Expr("member", ts.line(p), f"{src.text}.{key}", key, src), ts.line(d), scope, cls, local))
        if value.type in ("call_expression", "new_expression"):
            self.mod.calls.append(CallSite(self.expr(value, cls, scope), scope, cls, _awaited(value)))
        self.body(value, cls, scope, declared)

    def _assignment(self, n: Node, cls: str, scope: str, declared: set[str]) -> None:
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        if left is None or right is None:
            return
        if right.type in ("arrow_function", "function_expression", "function") and left.type == "member_expression":
            return
        if left.type == "identifier":
            target = ts.text(left)
        elif left.type == "member_expression":
            obj = left.child_by_field_name("object")
            target = ts.text(left.child_by_field_name("property")) if obj is not None and obj.type == "this" else ts.text(left)
        else:
            return
        self.mod.assigns.append(Assign(target, self.expr(right, cls, scope), ts.line(n), scope, cls, target in declared))

    def _class(self, n: Node) -> None:
        name = ts.text(n.child_by_field_name("name"))
        if not name:
            return
        self.mod.classes.setdefault(name, ts.line(n))
        body = n.child_by_field_name("body")
        for m in body.named_children if body is not None else ():
            if m.type in ("public_field_definition", "field_definition"):
                prop = m.child_by_field_name("name") or m.child_by_field_name("property")
                value = m.child_by_field_name("value")
                if prop is not None and value is not None:
                    self.mod.assigns.append(Assign(ts.text(prop), self.expr(value, name, name), ts.line(m), name, name))
            elif m.type == "method_definition":
                self._function(m, ts.text(m.child_by_field_name("name")), name, "")

    def _node_config(self, callee: Expr) -> bool:
        """`config.get` / `config.has`-style look-ups on the `config` package (node-config)."""
        recv = callee.obj if callee.kind == "member" else None
        return (
            callee.value == "get"
            and recv is not None
            and recv.kind == "name"
            and self.mod.imports.get(recv.value, ("", ""))[0] == "config"
        )

    def _enum(self, n: Node) -> None:
        """`enum Topics { Orders = 'orders' }`: members are static fields (a member without a
        string value is a number, not a topic)."""
        name = ts.text(n.child_by_field_name("name"))
        body = n.child_by_field_name("body")
        if not name or body is None:
            return
        self.mod.classes.setdefault(name, ts.line(n))
        for m in body.named_children:
            if m.type == "enum_assignment":
                member, value = m.child_by_field_name("name"), m.child_by_field_name("value")
                if member is not None and value is not None:
                    self.mod.assigns.append(Assign(ts.text(member), self.expr(value, name, name), ts.line(m), name, name))

    def _function(self, n: Node, name: str, cls: str, outer: str) -> None:
        qual = ".".join(x for x in (outer or cls, name or f"<fn@{ts.line(n)}>") if x)
        params: list[str] = []
        defaults: list[tuple[str, Expr]] = []
        pnode = n.child_by_field_name("parameters") or n.child_by_field_name("parameter")
        for p in (pnode.named_children if pnode is not None and pnode.type == "formal_parameters" else ([pnode] if pnode is not None else [])):
            pat = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
            if p.type == "assignment_pattern":
                pat = p.child_by_field_name("left")
            if pat is None or pat.type != "identifier":
                params.append(f"<param{len(params)}>")
                continue
            pname = ts.text(pat)
            params.append(pname)
            value = p.child_by_field_name("value") if p.type != "assignment_pattern" else p.child_by_field_name("right")
            if value is not None:
                defaults.append((pname, self.expr(value, cls, qual)))
            if cls and name == "constructor" and any(c.type == "accessibility_modifier" or ts.text(c) == "readonly" for c in p.children):
                self.mod.assigns.append(Assign(pname, Expr("name", ts.line(p), pname, pname), ts.line(p), qual, cls))
        body = n.child_by_field_name("body")
        returns: list[Expr] = []
        if body is not None and body.type == "statement_block":
            returns = self.body(body, cls, qual, set(params))
        elif body is not None:  # an arrow function's expression body
            returns = [self.expr(body, cls, qual)]
            self.body(body, cls, qual, set(params))
            if body.type in ("call_expression", "new_expression"):
                self.mod.calls.append(CallSite(returns[0], qual, cls, True))  # returned to the caller
        self.mod.functions.append(
            Function(name or qual, qual, cls, tuple(params), tuple(returns), ts.line(n), ts.end_line(n), name == "constructor" and bool(cls), tuple(defaults))
        )

    # -- expressions -------------------------------------------------------------------------
    def expr(self, n: Node, cls: str, scope: str) -> Expr:
        t, ln = n.type, ts.line(n)
        if t == "string":
            return Expr("str", ln, ts.short(n), _string(n))
        if t in ("number", "true", "false", "null", "undefined"):
            return Expr("lit", ln, ts.text(n), ts.text(n))
        if t == "unary_expression" and ts.text(n).startswith("-") and n.named_children and n.named_children[0].type == "number":
            return Expr("lit", ln, ts.text(n), ts.text(n).replace(" ", ""))
        if t == "regex":
            pattern = n.child_by_field_name("pattern")
            return Expr("regex", ln, ts.text(n), ts.text(pattern))
        if t in ("identifier", "shorthand_property_identifier", "property_identifier"):
            return Expr("name", ln, ts.text(n), ts.text(n))
        if t == "this":
            return Expr("name", ln, "this", "this")
        if t in _WRAPPERS:
            inner = n.named_children[0] if n.named_children else None
            return self.expr(inner, cls, scope) if inner is not None else Expr("unknown", ln, ts.short(n))
        if t == "template_string":
            parts = []
            for c in n.named_children:
                if c.type == "string_fragment":
                    parts.append(Expr("str", ts.line(c), ts.text(c), ts.text(c)))
                elif c.type == "template_substitution" and c.named_children:
                    parts.append(self.expr(c.named_children[0], cls, scope))
            if not n.named_children:
                return Expr("str", ln, ts.text(n), "")
            return Expr("concat", ln, ts.short(n), args=tuple(parts))
        if t == "member_expression":
            obj, prop = n.child_by_field_name("object"), n.child_by_field_name("property")
            if obj is not None and ts.text(obj) == "process.env":
                return Expr("env", ln, ts.short(n), ts.text(prop))
            return Expr("member", ln, ts.short(n), ts.text(prop), self.expr(obj, cls, scope) if obj is not None else None)
        if t == "subscript_expression":
            obj, index = n.child_by_field_name("object"), n.child_by_field_name("index")
            if obj is not None and index is not None and index.type == "string":
                if ts.text(obj) == "process.env":
                    return Expr("env", ln, ts.short(n), _string(index))
                return Expr("member", ln, ts.short(n), _string(index), self.expr(obj, cls, scope))
        if t == "binary_expression":
            op = ts.text(n.child_by_field_name("operator"))
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if left is not None and right is not None:
                a, b = self.expr(left, cls, scope), self.expr(right, cls, scope)
                if op in ("||", "??"):
                    return Expr("coalesce", ln, ts.short(n), args=(a, b))
                if op == "+":
                    parts = (a.args if a.kind == "concat" else (a,)) + (b.args if b.kind == "concat" else (b,))
                    return Expr("concat", ln, ts.short(n), args=parts)
        if t == "ternary_expression":
            c, a = n.child_by_field_name("consequence"), n.child_by_field_name("alternative")
            if c is not None and a is not None:
                return Expr("choice", ln, ts.short(n), args=(self.expr(c, cls, scope), self.expr(a, cls, scope)))
        if t == "call_expression":
            fn, args = n.child_by_field_name("function"), n.child_by_field_name("arguments")
            callee = self.expr(fn, cls, scope) if fn is not None else Expr("unknown", ln)
            items = tuple(self.expr(a, cls, scope) for a in (args.named_children if args is not None and args.type == "arguments" else ()) if a.type != "comment")
            if self._node_config(callee) and items and items[0].kind == "str":  # config.get('kafka.topic')
                return Expr("config", ln, ts.short(n), items[0].value)
            return Expr("call", ln, ts.short(n), obj=callee, args=items)
        if t == "new_expression":
            ctor, args = n.child_by_field_name("constructor"), n.child_by_field_name("arguments")
            items = tuple(self.expr(a, cls, scope) for a in (args.named_children if args is not None else ()) if a.type != "comment")
            type_name = ts.text(ctor).rsplit(".", 1)[-1] if ctor is not None else ""
            return Expr("new", ln, ts.short(n), type_name, args=items)
        if t == "object":
            fields: list[tuple[str, Expr]] = []
            for p in n.named_children:
                if p.type == "pair":
                    k, v = p.child_by_field_name("key"), p.child_by_field_name("value")
                    if k is not None and v is not None:
                        key = _string(k) if k.type == "string" else ts.text(k)
                        fields.append((key, self.expr(v, cls, scope)))
                elif p.type == "shorthand_property_identifier":
                    fields.append((ts.text(p), Expr("name", ts.line(p), ts.text(p), ts.text(p))))
                elif p.type == "spread_element" and p.named_children:
                    fields.append(("...", self.expr(p.named_children[0], cls, scope)))
            return Expr("object", ln, ts.short(n), fields=tuple(fields))
        if t == "array":
            return Expr("array", ln, ts.short(n), args=tuple(self.expr(c, cls, scope) for c in n.named_children if c.type != "comment"))
        return Expr("unknown", ln, ts.short(n))
