"""The Java front-end (tree-sitter-java): a .java file lowered into the IR.

Lowered: imports (``uses``; static imports as ``imports``), classes, interfaces, enums, records
(nested ones under their simple name), fields and constants, enum constants with their arguments
(as constructions of the enum), record components (constructor parameters and accessors),
methods and constructors with parameters and returns, locals and assignments, calls and ``new``,
member access, string building (``+``, ``String.format``, ``formatted``), ``?:``,
``System.getenv`` (with ``getOrDefault`` / ``Optional...orElse`` defaults), collection builders,
and configuration look-ups: Spring ``@Value("${key:default}")`` and MicroProfile
``@ConfigProperty(name=, defaultValue=)`` on fields and parameters, ``environment.getProperty``.
"""

from __future__ import annotations

from tree_sitter import Node, Tree

from copilot.lang import jvm_common
from copilot.lang import treesitter as ts
from copilot.lang.ir import Assign, CallSite, Expr, Function, Module
from copilot.lang.jvm_strings import java_string

_CLASSES = ("class_declaration", "interface_declaration", "enum_declaration", "record_declaration", "annotation_type_declaration")
_FUNCS = ("method_declaration", "constructor_declaration", "compact_constructor_declaration")
_CALLS = ("method_invocation", "object_creation_expression")
# what a body's walk acts on (`_Lowerer._statements`)
_STATEMENTS = frozenset(
    (*_CLASSES, *_CALLS, "local_variable_declaration", "resource", "assignment_expression", "return_statement",
     "enhanced_for_statement", "block", "class_body")
)  # fmt: skip
_LITS = (
    "true", "false", "null_literal", "decimal_integer_literal", "hex_integer_literal", "octal_integer_literal",
    "binary_integer_literal", "decimal_floating_point_literal", "hex_floating_point_literal", "character_literal",
)


class Java:
    name = "java"
    suffixes = (".java",)
    markers = (r"kafka", r"KafkaTemplate", r"KafkaListener")
    test_globs = ("*/src/test/*", "src/test/*", "*Test.java", "*Tests.java", "*IT.java")

    def lower(self, path: str, source: bytes) -> Module:
        return self.lower_root(path, source, self.parse(source).root_node)

    def parse(self, source: bytes) -> Tree:
        return ts.parser("tree_sitter_java").parse(source)

    def lower_root(self, path: str, source: bytes, root: Node) -> Module:
        """The file as IR from its parse (shared with the former extractor: `copilot.lang.jvm_facts`)."""
        mod = ts.module_of(path, self.name, "Java", root)
        _Lowerer(mod).top(root)
        return mod

    def facts(self, path: str, source: bytes):  # noqa: ANN201 - FileFacts, imported lazily
        """The file lowered, with what the former extractor still reads outside the IR
        (`copilot.lang.jvm_facts`)."""
        from copilot.lang import jvm_facts

        return jvm_facts.facts(self, path, source)


FRONTENDS = (Java(),)


def _type_name(node: Node | None) -> str:
    """`KafkaTemplate<String, Order>` → KafkaTemplate, `org.acme.Topics` → Topics."""
    if node is None:
        return ""
    if node.type == "generic_type":
        return _type_name(node.named_children[0]) if node.named_children else ""
    if node.type == "annotated_type":
        rest = [c for c in node.named_children if c.type not in ("annotation", "marker_annotation")]
        return _type_name(rest[-1]) if rest else ""
    return "".join(ts.text(node).split()).rsplit(".", 1)[-1]


def _written_type(node: Node) -> str:
    """A declared type as written, without spaces or annotations: `KafkaTemplate<String,Order>`."""
    if node.type == "annotated_type":
        rest = [c for c in node.named_children if c.type not in ("annotation", "marker_annotation")]
        return _written_type(rest[-1]) if rest else ""
    return "".join(ts.text(node).split())


def _awaited(n: Node) -> bool:
    """`producer.send(r).get()`: a call whose result is waited on (`jvm_common.WAITERS`)."""
    outer = n.parent
    if outer is None or outer.type != "method_invocation" or outer.child_by_field_name("object") != n:
        return False
    return ts.text(outer.child_by_field_name("name")) in jvm_common.WAITERS


def _annotations(node: Node) -> list[Node]:
    mods = next((c for c in node.children if c.type == "modifiers"), None)
    return [a for a in (mods.named_children if mods else ()) if a.type in ("annotation", "marker_annotation")]


class _Lowerer(jvm_common.DepthGuard):
    def __init__(self, mod: Module):
        self.mod = mod

    # -- declarations ------------------------------------------------------------------------
    def top(self, root: Node) -> None:
        for child in root.named_children:
            if child.type == "import_declaration":
                self._import(child)
            elif child.type in _CLASSES:
                self._class(child)

    def _import(self, node: Node) -> None:
        names = [c for c in node.named_children if c.type in ("scoped_identifier", "identifier")]
        if not names:
            return
        qualified = "".join(ts.text(names[0]).split())
        kinds = {c.type for c in node.children}
        self.mod.uses.append(qualified)
        if "static" in kinds and "asterisk" not in kinds and "." in qualified:
            owner, member = qualified.rsplit(".", 1)
            self.mod.imports[member] = (owner, member)

    def _class(self, node: Node) -> None:
        name = ts.text(node.child_by_field_name("name"))
        if not name:
            return
        self.mod.classes.setdefault(name, ts.line(node))
        annotations = tuple(self._annotation(a, name) for a in _annotations(node))
        if annotations:
            self.mod.class_annotations[name] = annotations
        if node.type == "record_declaration":
            self._record(node, name)
        body = node.child_by_field_name("body")
        if body is not None:
            self._members(body, name)

    def _record(self, node: Node, cls: str) -> None:
        """`record Settings(String topic)`: a constructor, a field and an accessor per component."""
        params = node.child_by_field_name("parameters")
        if params is None:
            return
        names, defaults, types = self._params(params, cls, f"{cls}.{cls}")
        self.mod.functions.append(Function(cls, f"{cls}.{cls}", cls, names, (), ts.line(node), ts.end_line(node), True, defaults, types))
        for p in names:
            ref = Expr("name", ts.line(params), p, p)
            self.mod.assigns.append(Assign(p, ref, ts.line(params), f"{cls}.{cls}", cls))
            self.mod.functions.append(Function(p, f"{cls}.{p}", cls, (), (Expr("member", ts.line(params), f"this.{p}", p, Expr("name", ts.line(params), "this", "this")),), ts.line(params), ts.line(params)))

    def _members(self, body: Node, cls: str) -> None:
        for member in body.named_children:
            t = member.type
            if t in ("field_declaration", "constant_declaration"):
                self._field(member, cls)
            elif t in _FUNCS:
                self._function(member, cls)
            elif t in _CLASSES:
                self._class(member)
            elif t in ("static_initializer", "block"):
                self._statements(member, cls, f"{cls}.<init>")
            elif t == "enum_constant":
                self._enum_constant(member, cls)
            elif t == "enum_body_declarations":
                self._members(member, cls)

    def _enum_constant(self, node: Node, cls: str) -> None:
        name = ts.text(node.child_by_field_name("name"))
        args, _ = self._args(node.child_by_field_name("arguments"), cls, cls)
        ln = ts.line(node)
        member = Expr("enum-name", ln, name, name)
        self.mod.assigns.append(Assign(name, Expr("new", ln, ts.short(node), cls, member, args=args), ln, cls, cls))

    def _field(self, node: Node, cls: str) -> None:
        injected = self._injected(node, cls)
        ftype = node.child_by_field_name("type")
        for decl in node.children_by_field_name("declarator"):
            name, value = ts.text(decl.child_by_field_name("name")), decl.child_by_field_name("value")
            if not name:
                continue
            if ftype is not None:  # `private final KafkaTemplate<String, Order> template;`
                self.mod.field_types[f"{cls}.{name}"] = _written_type(ftype)
            if injected is not None:
                self.mod.assigns.append(Assign(name, injected, ts.line(decl), cls, cls))
            elif value is not None:
                self.mod.assigns.append(Assign(name, self.expr(value, cls, cls), ts.line(decl), cls, cls))
                self._calls_in(value, cls, cls)

    def _injected(self, node: Node, cls: str) -> Expr | None:
        """`@Value("${k:d}")` / `@ConfigProperty(name = "k", defaultValue = "d")` on a field or
        parameter; else the last annotation with elements (`@Channel("orders") Emitter<T> e`: the
        container fills it, as the annotation says)."""
        found = self._config_injected(node, cls)
        if found is not None:
            return found
        carrying = [a for a in _annotations(node) if a.type == "annotation" and self._annotation_args(a, cls)]
        return self._annotation(carrying[-1], cls) if carrying else None

    def _config_injected(self, node: Node, cls: str) -> Expr | None:
        for a in _annotations(node):
            name = ts.text(a.child_by_field_name("name")).rsplit(".", 1)[-1]
            if name not in ("Value", "ConfigProperty"):
                continue
            args = self._annotation_args(a, cls)
            ln = ts.line(a)
            if name == "Value" and "value" in args:
                value = args["value"]
                if value.kind == "str":
                    return jvm_common.placeholder(value.value, ln, ts.short(a)) or value
                return value
            if name == "ConfigProperty" and "name" in args and args["name"].kind == "str":
                default = args.get("defaultValue")
                return Expr("config", ln, ts.short(a), args["name"].value, args=(default,) if default is not None else ())
        return None

    def _annotation_args(self, node: Node, cls: str) -> dict[str, Expr]:
        out: dict[str, Expr] = {}
        for a in (node.child_by_field_name("arguments").named_children if node.child_by_field_name("arguments") else ()):
            if a.type == "element_value_pair":
                key, value = a.child_by_field_name("key"), a.child_by_field_name("value")
                if key is not None and value is not None:
                    out[ts.text(key)] = self.expr(value, cls, cls)
            elif a.type not in ("line_comment", "block_comment"):
                out["value"] = self.expr(a, cls, cls)
        return out

    def _params(self, params: Node, cls: str, scope: str) -> tuple[tuple[str, ...], tuple[tuple[str, Expr], ...], tuple[tuple[str, str], ...]]:
        names: list[str] = []
        defaults: list[tuple[str, Expr]] = []
        types: list[tuple[str, str]] = []
        for p in params.named_children:
            if p.type not in ("formal_parameter", "spread_parameter"):
                continue
            pname = p.child_by_field_name("name")
            if pname is None:
                decl = next((c for c in p.named_children if c.type == "variable_declarator"), None)
                pname = decl.child_by_field_name("name") if decl is not None else None
            if pname is None:
                continue
            name = ts.text(pname)
            names.append(name)
            ptype = p.child_by_field_name("type")
            if ptype is not None:
                types.append((name, _type_name(ptype)))
                self.mod.field_types[f"{scope}.{name}"] = _written_type(ptype)  # as a local of the function, type arguments kept
            injected = self._injected(p, cls)
            if injected is not None:  # filled by the container: its configuration look-up
                defaults.append((name, injected))
        return tuple(names), tuple(defaults), tuple(types)

    def _function(self, node: Node, cls: str) -> None:
        is_ctor = node.type != "method_declaration"
        name = cls if is_ctor else ts.text(node.child_by_field_name("name"))
        qual = f"{cls}.{name}"
        params = node.child_by_field_name("parameters")
        names, defaults, types = self._params(params, cls, qual) if params is not None else ((), (), ())
        body = node.child_by_field_name("body")
        returns = self._statements(body, cls, qual) if body is not None else []
        annotations = tuple(self._annotation(a, cls) for a in _annotations(node))
        rtype = "".join(ts.text(node.child_by_field_name("type")).split()) if node.child_by_field_name("type") is not None else ""
        named = node.child_by_field_name("name")  # the declaration's line is its name's, after its annotations
        self.mod.functions.append(Function(name, qual, cls, names, tuple(returns), ts.line(named if named is not None else node), ts.end_line(node), is_ctor, defaults, types, annotations, rtype))

    def _annotation(self, node: Node, cls: str) -> Expr:
        name = ts.text(node.child_by_field_name("name")).rsplit(".", 1)[-1]
        return jvm_common.annotation(name, self._annotation_args(node, cls), ts.line(node), ts.short(node))

    # -- statements --------------------------------------------------------------------------
    def _statements(self, node: Node, cls: str, scope: str) -> list[Expr]:
        returns: list[Expr] = []
        declared: set[str] = set()
        walk = ts.Walk(node, _STATEMENTS, ts.parser("tree_sitter_java"))
        for n in walk:
            t = n.type
            if t in _CLASSES:
                walk.skip(n)
                continue  # a local class: not followed
            if t == "local_variable_declaration":
                vtype = _written_type(n.child_by_field_name("type")) if n.child_by_field_name("type") is not None else "var"
                for decl in n.children_by_field_name("declarator"):
                    name, value = ts.text(decl.child_by_field_name("name")), decl.child_by_field_name("value")
                    declared.add(name)
                    if vtype != "var":
                        self.mod.field_types[f"{scope}.{name}"] = vtype
                    if name and value is not None:
                        self.mod.assigns.append(Assign(name, self.expr(value, cls, scope), ts.line(decl), scope, cls, True))
            elif t == "resource":
                name, value = ts.text(n.child_by_field_name("name")), n.child_by_field_name("value")
                rtype = n.child_by_field_name("type")
                if name and rtype is not None and ts.text(rtype) != "var":  # `try (KafkaConsumer<K, V> c = ...)`
                    self.mod.field_types[f"{scope}.{name}"] = _written_type(rtype)
                if name and value is not None:
                    declared.add(name)
                    self.mod.assigns.append(Assign(name, self.expr(value, cls, scope), ts.line(n), scope, cls, True))
            elif t == "assignment_expression" and (sides := ts.plain_assignment(n)) is not None:
                target = self._target(sides[0])
                if target:
                    self.mod.assigns.append(Assign(target, self.expr(sides[1], cls, scope), ts.line(n), scope, cls, target in declared))
            elif t == "return_statement" and n.named_children:
                returns.append(self.expr(n.named_children[0], cls, scope))
            elif t == "enhanced_for_statement":
                name, value = ts.text(n.child_by_field_name("name")), n.child_by_field_name("value")
                if name and value is not None:
                    declared.add(name)
                    item = Expr("member", ts.line(n), ts.short(value) + "[]", "[]", self.expr(value, cls, scope))
                    self.mod.assigns.append(Assign(name, item, ts.line(n), scope, cls, True))
            if t in _CALLS:
                self.mod.calls.append(CallSite(self.expr(n, cls, scope), scope, cls, _awaited(n)))
            if t in ("block", "class_body") and n != node and n.parent is not None and n.parent.type in ("lambda_expression", "object_creation_expression"):
                self._statements(n, cls, scope)  # its returns are the lambda's (anonymous class's), not this function's
                walk.skip(n)
        return returns

    def _calls_in(self, node: Node, cls: str, scope: str) -> None:
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type in _CALLS:
                self.mod.calls.append(CallSite(self.expr(n, cls, scope), scope, cls))
            stack.extend(n.named_children)

    def _target(self, left: Node) -> str:
        if left.type == "identifier":
            return ts.text(left)
        if left.type == "field_access":
            obj, name = left.child_by_field_name("object"), left.child_by_field_name("field")
            if obj is not None and obj.type == "this":
                return ts.text(name)
            return "".join(ts.text(left).split())
        return ""

    # -- expressions -------------------------------------------------------------------------
    def _expr(self, n: Node, cls: str, scope: str) -> Expr:
        t, ln = n.type, ts.line(n)
        if t == "string_literal":
            return Expr("str", ln, ts.short(n), java_string(ts.text(n)))
        if t in _LITS:
            return Expr("lit", ln, ts.text(n), ts.text(n))
        if t in ("identifier", "type_identifier"):
            return Expr("name", ln, ts.text(n), ts.text(n))
        if t in ("this", "super"):
            return Expr("name", ln, "this", "this")
        if t in ("parenthesized_expression", "cast_expression"):
            inner = n.child_by_field_name("value") if t == "cast_expression" else (n.named_children[-1] if n.named_children else None)
            return self.expr(inner, cls, scope) if inner is not None else Expr("unknown", ln, ts.short(n))
        if t == "scoped_identifier":
            scope_node, name = n.child_by_field_name("scope"), n.child_by_field_name("name")
            return Expr("member", ln, ts.short(n), ts.text(name), self.expr(scope_node, cls, scope) if scope_node is not None else None)
        if t == "field_access":
            obj, name = n.child_by_field_name("object"), n.child_by_field_name("field")
            return Expr("member", ln, ts.short(n), ts.text(name), self.expr(obj, cls, scope) if obj is not None else None)
        if t == "binary_expression":
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            op = n.child_by_field_name("operator")
            if op is not None and op.type == "+" and left is not None and right is not None:
                a, b = self.expr(left, cls, scope), self.expr(right, cls, scope)
                parts = (a.args if a.kind == "concat" else (a,)) + (b.args if b.kind == "concat" else (b,))
                return Expr("concat", ln, ts.short(n), args=parts)
        if t == "ternary_expression":
            c, a = n.child_by_field_name("consequence"), n.child_by_field_name("alternative")
            if c is not None and a is not None:
                return Expr("choice", ln, ts.short(n), args=(self.expr(c, cls, scope), self.expr(a, cls, scope)))
        if t == "method_invocation":
            return self._invocation(n, cls, scope)
        if t == "object_creation_expression":
            args, _ = self._args(n.child_by_field_name("arguments"), cls, scope)
            return Expr("new", ln, ts.short(n), _type_name(n.child_by_field_name("type")), args=args)
        if t in ("annotation", "marker_annotation"):  # nested in another annotation's element
            return self._annotation(n, cls)
        if t in ("array_initializer", "element_value_array_initializer"):
            return Expr("array", ln, ts.short(n), args=tuple(self.expr(c, cls, scope) for c in n.named_children if "comment" not in c.type))
        if t == "array_creation_expression":
            value = n.child_by_field_name("value")
            return self.expr(value, cls, scope) if value is not None else Expr("unknown", ln, ts.short(n))
        return Expr("unknown", ln, ts.short(n))

    def _args(self, node: Node | None, cls: str, scope: str) -> tuple[tuple[Expr, ...], tuple[tuple[str, Expr], ...]]:
        if node is None:
            return (), ()
        return tuple(self.expr(a, cls, scope) for a in node.named_children if "comment" not in a.type), ()

    def _invocation(self, n: Node, cls: str, scope: str) -> Expr:
        # a call is where its name is: `.to(topic)` on line 20 of a chain that starts on line 5
        ln = ts.line(n.child_by_field_name("name") or n)
        obj, name = n.child_by_field_name("object"), ts.text(n.child_by_field_name("name"))
        args, _ = self._args(n.child_by_field_name("arguments"), cls, scope)
        recv = self.expr(obj, cls, scope) if obj is not None else None
        known = jvm_common.known_call(name, recv, args, ln, ts.short(n))
        if known is not None:
            return known
        callee = Expr("member", ln, ts.short(n), name, recv) if recv is not None else Expr("name", ln, name, name)
        return Expr("call", ln, ts.short(n), obj=callee, args=args)
