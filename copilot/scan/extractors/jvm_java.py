"""Lower a tree-sitter-java syntax tree into the ``jvm_ir`` view."""

from __future__ import annotations

from tree_sitter import Node

from copilot.lang.jvm_strings import java_string
from copilot.scan.extractors.jvm_ir import (
    Annotation,
    Catch,
    ClassDecl,
    EnumEntry,
    Expr,
    FileIR,
    Lambda,
    Loop,
    Method,
    TypeRef,
    Var,
)

_CLASS_KINDS = {
    "class_declaration": "class",
    "interface_declaration": "interface",
    "enum_declaration": "enum",
    "record_declaration": "record",
    "annotation_type_declaration": "interface",
}
_COMMENTS = ("line_comment", "block_comment")
_LOOPS = {"while_statement": "while", "do_statement": "do", "for_statement": "for"}
_LITERALS = {
    "true", "false", "null_literal", "decimal_integer_literal", "hex_integer_literal",
    "octal_integer_literal", "binary_integer_literal", "decimal_floating_point_literal",
    "hex_floating_point_literal", "character_literal",
}


_MAX_EXPR_DEPTH = 120


def _line(node: Node) -> int:
    return node.start_point[0] + 1


def _end(node: Node) -> int:
    return node.end_point[0] + 1


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _named(node: Node) -> list[Node]:
    return [c for c in node.named_children if c.type not in _COMMENTS]


class JavaLowering:
    """One pass over a Java file.  ``bodies=False`` keeps declarations only (for symbols)."""

    def __init__(self, bodies: bool = True) -> None:
        self.bodies = bodies
        self.memo: dict[int, Expr] = {}
        self.depth = 0
        self.ir = FileIR("java")

    # ---- declarations -------------------------------------------------------------------

    def lower(self, root: Node) -> FileIR:
        for child in root.named_children:
            if child.type == "package_declaration":
                names = [c for c in child.named_children if c.type in ("scoped_identifier", "identifier")]
                self.ir.package = _text(names[0]) if names else ""
            elif child.type == "import_declaration":
                self._import(child)
            elif child.type in _CLASS_KINDS:
                self._class(child, None)
        return self.ir

    def _import(self, node: Node) -> None:
        kinds = {c.type for c in node.children}
        names = [c for c in node.named_children if c.type in ("scoped_identifier", "identifier")]
        if not names:
            return
        qualified = _text(names[0]).replace(" ", "")
        self.ir.import_lines.append((qualified, _line(node)))
        if "asterisk" in kinds:
            return
        simple = qualified.rsplit(".", 1)[-1]
        self.ir.imports[simple] = qualified
        if "static" in kinds:
            self.ir.member_imports.add(simple)

    def _class(self, node: Node, outer: ClassDecl | None) -> None:
        name_node = node.child_by_field_name("name")
        name = _text(name_node) if name_node else "?"
        cls = ClassDecl(
            name=name,
            qname=f"{outer.qname}.{name}" if outer else name,
            kind=_CLASS_KINDS[node.type],
            line=_line(node),
            end_line=_end(node),
            annotations=self._annotations(node),
            outer=outer.qname if outer else None,
        )
        for field_name in ("superclass", "interfaces"):
            sup = node.child_by_field_name(field_name)
            if sup is not None:
                for t in _iter_types(sup):
                    ref = self.type(t)
                    if ref:
                        cls.supers.append(ref)
        self.ir.classes.append(cls)
        init = Method("<init>", cls.line, cls.end_line, is_init=True)
        cls.methods.append(init)
        if node.type == "record_declaration":
            params = node.child_by_field_name("parameters")
            for p in _named(params) if params else []:
                var = self._param(p)
                if var:
                    var.kind = "field"
                    cls.fields[var.name] = var
        body = node.child_by_field_name("body")
        if body is not None:
            self._members(body, cls, init)

    def _members(self, body: Node, cls: ClassDecl, init: Method) -> None:
        for member in body.named_children:
            t = member.type
            if t in ("field_declaration", "constant_declaration"):
                self._field(member, cls, init)
            elif not self.bodies and t in ("method_declaration", "constructor_declaration"):
                continue  # constants only: methods do not matter
            elif t == "method_declaration":
                cls.methods.append(self._method(member, cls))
            elif t in ("constructor_declaration", "compact_constructor_declaration"):
                method = self._method(member, cls)
                method.name, method.is_init = "<ctor>", True
                cls.methods.append(method)
            elif t in _CLASS_KINDS:
                self._class(member, cls)
            elif t in ("static_initializer", "block"):
                if self.bodies:
                    self._walk(member, init, cls)
            elif t == "enum_constant":
                self._enum_constant(member, cls, init)
            elif t == "enum_body_declarations":
                self._members(member, cls, init)

    def _enum_constant(self, node: Node, cls: ClassDecl, init: Method) -> None:
        name_node = node.child_by_field_name("name")
        args_node = node.child_by_field_name("arguments")
        args = [self.expr(a) for a in _named(args_node)] if args_node else []
        if name_node:
            cls.enum_entries[_text(name_node)] = EnumEntry(_text(name_node), args, _line(node))
        body = node.child_by_field_name("body")
        if body is not None and self.bodies:
            self._walk(body, init, cls)

    def _field(self, node: Node, cls: ClassDecl, init: Method) -> None:
        mods = _modifier_words(node)
        static, final = "static" in mods, "final" in mods
        const = node.type == "constant_declaration" or cls.kind == "interface" or (static and final)
        type_ref = self.type(node.child_by_field_name("type"))
        annotations = self._annotations(node)
        for decl in node.children_by_field_name("declarator"):
            name_node, value = decl.child_by_field_name("name"), decl.child_by_field_name("value")
            if name_node is None:
                continue
            var = Var(
                name=_text(name_node),
                type=type_ref,
                init=self.expr(value) if value is not None else None,
                line=_line(decl),
                kind="field",
                annotations=annotations,
                const=const,
                mutable=not (final or const),
            )
            cls.fields[var.name] = var
            if value is not None and self.bodies:
                self._walk(value, init, cls)

    def _param(self, node: Node) -> Var | None:
        name_node = node.child_by_field_name("name")
        if name_node is None:  # spread_parameter keeps its name in a variable_declarator
            decl = next((c for c in node.named_children if c.type == "variable_declarator"), None)
            name_node = decl.child_by_field_name("name") if decl else None
        if name_node is None:
            return None
        type_node = node.child_by_field_name("type")
        if type_node is None:
            type_node = next((c for c in node.named_children if c.type not in ("modifiers", "variable_declarator")), None)
        return Var(
            name=_text(name_node),
            type=self.type(type_node),
            init=None,
            line=_line(node),
            kind="param",
            annotations=self._annotations(node),
            mutable="final" not in _modifier_words(node),
        )

    def _method(self, node: Node, cls: ClassDecl) -> Method:
        name_node = node.child_by_field_name("name")
        method = Method(
            name=_text(name_node) if name_node else "?",
            line=_line(name_node) if name_node else _line(node),
            end_line=_end(node),
            annotations=self._annotations(node),
            ret=self.type(node.child_by_field_name("type")),
        )
        params = node.child_by_field_name("parameters")
        for p in _named(params) if params else []:
            if p.type in ("formal_parameter", "spread_parameter"):
                var = self._param(p)
                if var:
                    method.params.append(var)
                    method.vars[var.name] = var
        body = node.child_by_field_name("body")
        if body is not None and self.bodies:
            self._walk(body, method, cls)
        return method

    def _annotations(self, node: Node) -> list[Annotation]:
        mods = next((c for c in node.children if c.type == "modifiers"), None)
        if mods is None:
            return []
        out = []
        for a in mods.named_children:
            if a.type in ("annotation", "marker_annotation"):
                e = self.expr(a)
                out.append(Annotation(e.name, e.named, _line(a), _end(a)))
        return out

    # ---- method bodies ----------------------------------------------------------------

    def _walk(self, root: Node, method: Method, cls: ClassDecl) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            t = node.type
            if t in ("method_invocation", "object_creation_expression"):
                e = self.expr(node)
                e.ctx, e.ctx_name = self._ctx(node)
                method.calls.append(e)
            elif t == "local_variable_declaration":
                self._locals(node, method)
            elif t == "assignment_expression":
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                if left is not None and right is not None:
                    method.assigns.append((self.expr(left), self.expr(right), _line(node)))
            elif t == "return_statement":
                values = _named(node)
                if values:
                    method.returns.append(self.expr(values[0]))
            elif t == "lambda_expression":
                self._lambda(node, method)
            elif t == "catch_clause":
                self._catch(node, method)
            elif t in _LOOPS:
                cond = node.child_by_field_name("condition")
                method.loops.append(Loop(_LOOPS[t], _line(node), _end(node), _text(cond) if cond else ""))
            elif t == "enhanced_for_statement":
                self._foreach(node, method)
            elif t == "resource":
                self._resource(node, method)
            elif t == "method_declaration":  # a method of an anonymous class: its params act like lambda params
                params = node.child_by_field_name("parameters")
                for p in _named(params) if params else []:
                    var = self._param(p)
                    if var:
                        var.kind = "lambda"
                        method.vars.setdefault(var.name, var)
            elif t in _CLASS_KINDS:
                continue  # local classes are out of scope
            elif t in ("string_literal", "binary_expression") and b"record" in (node.text or b""):
                parent = node.parent
                if parent is None or parent.type != "binary_expression":
                    e = self.expr(node)
                    if e.kind in ("str", "concat"):
                        self.ir.strings.append((e, cls, None if method.is_init else method))
            stack.extend(reversed(node.named_children))

    def _ctx(self, node: Node) -> tuple[str, str]:
        child, parent = node, node.parent
        while parent is not None and parent.type == "parenthesized_expression":
            child, parent = parent, parent.parent
        if parent is None:
            return "expr", ""
        t = parent.type
        if t == "expression_statement":
            return "stmt", ""
        if t == "variable_declarator":
            name = parent.child_by_field_name("name")
            return "var", _text(name) if name else ""
        if t == "assignment_expression":
            left = parent.child_by_field_name("left")
            return "assign", _text(left).rsplit(".", 1)[-1] if left else ""
        if t in ("return_statement", "lambda_expression"):
            return "return", ""
        if t == "argument_list":
            return "arg", ""
        if t in ("method_invocation", "field_access") and parent.child_by_field_name("object") == child:
            return "recv", ""
        return "expr", ""

    def _locals(self, node: Node, method: Method) -> None:
        type_ref = self.type(node.child_by_field_name("type"))
        mutable = "final" not in _modifier_words(node)
        for decl in node.children_by_field_name("declarator"):
            name_node, value = decl.child_by_field_name("name"), decl.child_by_field_name("value")
            if name_node is None:
                continue
            var = Var(_text(name_node), type_ref, self.expr(value) if value is not None else None,
                      _line(decl), "local", self._annotations(node), mutable=mutable)
            method.vars[var.name] = var

    def _lambda(self, node: Node, method: Method) -> None:
        params = node.child_by_field_name("parameters")
        names: list[str] = []
        if params is not None:
            if params.type == "identifier":
                names = [_text(params)]
            else:
                for p in _named(params):
                    if p.type == "identifier":
                        names.append(_text(p))
                    else:
                        var = self._param(p)
                        if var:
                            var.kind = "lambda"
                            method.vars[var.name] = var
                            names.append(var.name)
        for n in names:
            method.vars.setdefault(n, Var(n, None, None, _line(node), "lambda"))
        owner = None
        parent = node.parent
        if parent is not None and parent.type == "argument_list" and parent.parent is not None:
            owner = self.expr(parent.parent)
        method.lambdas.append(Lambda(names, _line(node), _end(node), owner))

    def _catch(self, node: Node, method: Method) -> None:
        param = next((c for c in node.named_children if c.type == "catch_formal_parameter"), None)
        types: list[str] = []
        if param is not None:
            ctype = next((c for c in param.named_children if c.type == "catch_type"), None)
            types = [_text(c) for c in ctype.named_children] if ctype else []
        body = node.child_by_field_name("body")
        empty = body is not None and not _named(body)
        method.catches.append(Catch(_line(node), _end(node), types, empty))

    def _foreach(self, node: Node, method: Method) -> None:
        name_node, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        method.loops.append(Loop("foreach", _line(node), _end(node), _text(value) if value else ""))
        if name_node is None or value is None:
            return
        var = Var(_text(name_node), self.type(node.child_by_field_name("type")), None, _line(node), "foreach")
        method.vars[var.name] = var
        method.foreach.append((var, self.expr(value)))

    def _resource(self, node: Node, method: Method) -> None:
        name_node, value = node.child_by_field_name("name"), node.child_by_field_name("value")
        if name_node is None:
            return
        var = Var(_text(name_node), self.type(node.child_by_field_name("type")),
                  self.expr(value) if value is not None else None, _line(node), "resource")
        method.vars[var.name] = var

    # ---- expressions and types --------------------------------------------------------

    def expr(self, node: Node) -> Expr:
        cached = self.memo.get(node.id)
        if cached is not None:
            return cached
        if self.depth > _MAX_EXPR_DEPTH:  # a 500-call builder chain: keep its text, not its shape
            return Expr("other", _text(node), _line(node), _end(node))
        self.depth += 1
        try:
            e = self._expr(node)
        finally:
            self.depth -= 1
        self.memo[node.id] = e
        return e

    def _expr(self, node: Node) -> Expr:
        t, text, line, end = node.type, _text(node), _line(node), _end(node)
        if t == "string_literal":
            return Expr("str", text, line, end, value=java_string(text))
        if t in ("identifier", "type_identifier"):
            return Expr("name", text, line, end, name=text)
        if t in ("this", "super"):
            return Expr("name", text, line, end, name="this")
        if t == "scoped_identifier":
            return Expr("name", text, line, end, name=text.replace(" ", ""))
        if t == "field_access":
            obj, fld = node.child_by_field_name("object"), node.child_by_field_name("field")
            o = self.expr(obj) if obj is not None else None
            f = _text(fld) if fld is not None else ""
            if o is not None and o.kind == "name":
                return Expr("name", text, line, end, name=f if o.name == "this" else f"{o.name}.{f}")
            return Expr("prop", text, line, end, name=f, recv=o)
        if t == "method_invocation":
            return self._call(node, text, line, end)
        if t == "object_creation_expression":
            type_ref = self.type(node.child_by_field_name("type"))
            args_node = node.child_by_field_name("arguments")
            return Expr("new", text, line, end, name=type_ref.qname if type_ref else "",
                        args=[self.expr(a) for a in _named(args_node)] if args_node else [],
                        type_args=type_ref.args if type_ref else [], name_line=line)
        if t == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is not None and op.type == "+":
                return Expr("concat", text, line, end, args=self._flatten_plus(node))
            return Expr("other", text, line, end)
        if t in ("parenthesized_expression", "cast_expression"):
            inner = node.child_by_field_name("value") if t == "cast_expression" else None
            kids = [inner] if inner is not None else _named(node)
            return self.expr(kids[-1]) if kids else Expr("other", text, line, end)
        if t in ("array_initializer", "element_value_array_initializer"):
            return Expr("array", text, line, end, args=[self.expr(c) for c in _named(node)])
        if t == "array_creation_expression":
            value = node.child_by_field_name("value")
            return self.expr(value) if value is not None else Expr("other", text, line, end)
        if t in ("annotation", "marker_annotation"):
            return self._annotation_expr(node, text, line, end)
        if t == "lambda_expression":
            params = node.child_by_field_name("parameters")
            names = [] if params is None else [_text(params)] if params.type == "identifier" else [
                _text(p.child_by_field_name("name") or p) for p in _named(params)]
            return Expr("lambda", text, line, end, params=names)
        if t == "class_literal":
            kids = _named(node)
            return Expr("classlit", text, line, end, name=_text(kids[0]) if kids else text)
        if t in _LITERALS:
            return Expr("lit", text, line, end, value=text)
        return Expr("other", text, line, end)

    def _call(self, node: Node, text: str, line: int, end: int) -> Expr:
        obj, name = node.child_by_field_name("object"), node.child_by_field_name("name")
        args_node = node.child_by_field_name("arguments")
        targs = node.child_by_field_name("type_arguments")
        recv = self.expr(obj) if obj is not None else None
        if recv is not None and recv.kind == "name" and recv.name == "this":
            recv = None
        e = Expr(
            "call", text, line, end,
            name=_text(name) if name is not None else "",
            recv=recv,
            args=[self.expr(a) for a in _named(args_node)] if args_node else [],
            type_args=[r for r in (self.type(c) for c in _named(targs)) if r] if targs else [],
            name_line=_line(name) if name is not None else line,
        )
        if recv is not None and recv.kind in ("call", "new"):
            recv.outer = e
        return e

    def _flatten_plus(self, node: Node) -> list[Expr]:
        parts: list[Expr] = []
        stack = [node]
        while stack:
            n = stack.pop()
            op = n.child_by_field_name("operator") if n.type == "binary_expression" else None
            if op is not None and op.type == "+":
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                stack.extend(x for x in (right, left) if x is not None)
            else:
                parts.append(self.expr(n))
        return parts

    def _annotation_expr(self, node: Node, text: str, line: int, end: int) -> Expr:
        name_node = node.child_by_field_name("name")
        named: dict[str, Expr] = {}
        args = node.child_by_field_name("arguments")
        for a in _named(args) if args is not None else []:
            if a.type == "element_value_pair":
                key, value = a.child_by_field_name("key"), a.child_by_field_name("value")
                if key is not None and value is not None:
                    named[_text(key)] = self.expr(value)
            else:
                named["value"] = self.expr(a)
        simple = _text(name_node).rsplit(".", 1)[-1] if name_node else ""
        return Expr("annot", text, line, end, name=simple, named=named)

    def type(self, node: Node | None) -> TypeRef | None:
        if node is None:
            return None
        t, text = node.type, _text(node)
        if t == "type_identifier":
            return None if text == "var" else TypeRef(text, text, line=_line(node))
        if t == "scoped_type_identifier":
            flat = "".join(text.split())
            return TypeRef(flat, flat, line=_line(node))
        if t == "generic_type":
            kids = node.named_children
            base = self.type(kids[0]) if kids else None
            targs = next((c for c in kids if c.type == "type_arguments"), None)
            args = [r for r in (self.type(c) for c in targs.named_children) if r] if targs else []
            return TypeRef(text, base.qname if base else text, args, _line(node))
        if t == "wildcard":
            kids = [c for c in node.named_children if c.type != "annotation"]
            return self.type(kids[-1]) if kids else TypeRef("?", "?", line=_line(node))
        if t == "array_type":
            element = node.child_by_field_name("element")
            return TypeRef(text, (_text(element) if element else text) + "[]", line=_line(node))
        if t == "annotated_type":
            kids = [c for c in node.named_children if c.type not in ("annotation", "marker_annotation")]
            return self.type(kids[-1]) if kids else None
        return TypeRef(text, text, line=_line(node))


def _modifier_words(node: Node) -> set[str]:
    mods = next((c for c in node.children if c.type == "modifiers"), None)
    return {c.type for c in mods.children if not c.is_named} if mods is not None else set()


def _iter_types(node: Node) -> list[Node]:
    """The type nodes under a `superclass` / `super_interfaces` clause."""
    out = []
    for c in node.named_children:
        if c.type == "type_list":
            out.extend(c.named_children)
        else:
            out.append(c)
    return out


def lower_java(root: Node, bodies: bool = True) -> FileIR:
    return JavaLowering(bodies).lower(root)
