"""Lower a tree-sitter-kotlin syntax tree into the ``jvm_ir`` view."""

from __future__ import annotations

from tree_sitter import Node

from copilot.lang.jvm_strings import kotlin_run
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

_COMMENTS = ("line_comment", "block_comment", "multiline_comment")
_TYPES = ("user_type", "nullable_type", "function_type", "parenthesized_type", "non_nullable_type",
          "type_reference", "definitely_non_nullable_type")
_LOOPS = {"while_statement": "while", "do_while_statement": "do", "for_statement": "for"}
_LITERALS = ("number_literal", "float_literal", "boolean_literal", "null_literal", "character_literal",
             "integer_literal", "long_literal", "hex_literal", "bin_literal", "unsigned_literal", "real_literal")
_STATEMENT_PARENTS = ("block", "source_file", "statements", "control_structure_body", "class_body")


_MAX_EXPR_DEPTH = 120


_SCOPE_IMPLICIT = {"apply", "run"}  # scope functions whose lambda has the object as `this`
_SCOPE_IT = {"also", "let"}  # ... and those that pass it as `it`


def _line(node: Node) -> int:
    return node.start_point[0] + 1


def _end(node: Node) -> int:
    return node.end_point[0] + 1


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _named(node: Node) -> list[Node]:
    return [c for c in node.named_children if c.type not in _COMMENTS]


def _words(node: Node) -> set[str]:
    """Keywords of a declaration: the anonymous tokens and modifier texts (val, var, const, enum ...)."""
    out = {c.type for c in node.children if not c.is_named}
    mods = next((c for c in node.named_children if c.type == "modifiers"), None)
    if mods is not None:
        for m in mods.named_children:
            if m.type != "annotation":
                out.add(_text(m))
    return out


class KotlinLowering:
    """One pass over a Kotlin file.  ``bodies=False`` keeps declarations only (for symbols)."""

    def __init__(self, src: bytes, bodies: bool = True) -> None:
        self.src = src
        self.bodies = bodies
        self.memo: dict[int, Expr] = {}
        self.depth = 0
        self.ir = FileIR("kotlin")

    # ---- declarations -------------------------------------------------------------------

    def lower(self, root: Node) -> FileIR:
        top = ClassDecl("", "", "file", 1, _end(root))
        self.ir.classes.append(top)
        init = Method("<init>", 1, _end(root), is_init=True)
        top.methods.append(init)
        for child in root.named_children:
            t = child.type
            if t == "package_header":
                q = next((c for c in child.named_children if c.type in ("qualified_identifier", "identifier")), None)
                self.ir.package = _text(q) if q else ""
            elif t == "import":
                self._import(child)
            elif t in ("class_declaration", "object_declaration"):
                self._class(child, None)
            elif t == "function_declaration" and self.bodies:
                top.methods.append(self._function(child, top))
            elif t == "property_declaration":
                self._property(child, top, init, in_object=True)
            elif t not in _COMMENTS and t not in ("file_annotation", "shebang_line") and self.bodies:
                self._walk(child, init, top)  # script (.kts) statements
        return self.ir

    def _import(self, node: Node) -> None:
        q = next((c for c in node.named_children if c.type in ("qualified_identifier", "identifier")), None)
        if q is None:
            return
        qualified = "".join(_text(q).split())
        self.ir.import_lines.append((qualified, _line(node)))
        if _text(node).rstrip().endswith("*"):
            return
        alias = [c for c in node.named_children if c.type == "identifier" and c is not q]
        simple = _text(alias[-1]) if alias else qualified.rsplit(".", 1)[-1]
        self.ir.imports[simple] = qualified
        parts = qualified.split(".")
        if len(parts) >= 2 and (parts[-1][:1].islower() or parts[-1].isupper()) and parts[-2][:1].isupper():
            self.ir.member_imports.add(simple)  # import com.acme.Topics.ORDERS

    def _class(self, node: Node, outer: ClassDecl | None) -> ClassDecl:
        words = _words(node)
        kind = "object" if node.type == "object_declaration" else (
            "interface" if "interface" in words else "enum" if "enum" in words else "class")
        name_node = node.child_by_field_name("name") or next(
            (c for c in node.named_children if c.type in ("identifier", "type_identifier")), None)
        name = _text(name_node) if name_node else "?"
        cls = ClassDecl(name, f"{outer.qname}.{name}" if outer and outer.qname else name, kind,
                        _line(node), _end(node), self._annotations(node), outer=outer.qname if outer else None)
        self.ir.classes.append(cls)
        init = Method("<init>", cls.line, cls.end_line, is_init=True)
        cls.methods.append(init)
        for child in node.named_children:
            t = child.type
            if t == "primary_constructor":
                self._class_params(child, cls, init)
            elif t == "delegation_specifiers":
                for spec in child.named_children:
                    tnode = next((c for c in spec.named_children if c.type in _TYPES), None)
                    ctor = next((c for c in spec.named_children if c.type == "constructor_invocation"), None)
                    if ctor is not None:
                        tnode = next((c for c in ctor.named_children if c.type in _TYPES), None)
                    ref = self.type(tnode)
                    if ref:
                        cls.supers.append(ref)
            elif t in ("class_body", "enum_class_body"):
                self._members(child, cls, init)
        return cls

    def _class_params(self, node: Node, cls: ClassDecl, init: Method) -> None:
        params = next((c for c in node.named_children if c.type == "class_parameters"), None)
        for p in params.named_children if params else []:
            if p.type != "class_parameter":
                continue
            name_node = next((c for c in p.named_children if c.type == "identifier"), None)
            if name_node is None:
                continue
            words = _words(p)
            type_node = next((c for c in p.named_children if c.type in _TYPES), None)
            default = self._property_value(p)
            var = Var(_text(name_node), self.type(type_node), self.expr(default) if default is not None else None,
                      _line(p), "field", self._annotations(p), mutable="var" in words, ctor_param=True)
            cls.fields[var.name] = var
            init.params.append(var)

    def _members(self, body: Node, cls: ClassDecl, init: Method) -> None:
        for member in body.named_children:
            t = member.type
            if t == "property_declaration":
                self._property(member, cls, init, in_object=cls.kind in ("object", "file"))
            elif t == "function_declaration" and self.bodies:
                cls.methods.append(self._function(member, cls))
            elif t == "companion_object":
                self._companion(member, cls, init)
            elif t in ("class_declaration", "object_declaration"):
                self._class(member, cls)
            elif t in ("anonymous_initializer", "secondary_constructor"):
                if self.bodies:
                    self._walk(member, init, cls)
            elif t == "enum_entry":
                name_node = next((c for c in member.named_children if c.type == "identifier"), None)
                args_node = next((c for c in member.named_children if c.type == "value_arguments"), None)
                args = self._args(args_node)[0] if args_node else []
                if name_node is not None:
                    cls.enum_entries[_text(name_node)] = EnumEntry(_text(name_node), args, _line(member))

    def _companion(self, node: Node, cls: ClassDecl, init: Method) -> None:
        """Companion members are addressed through the outer class (`Outer.X`), so they join it."""
        body = next((c for c in node.named_children if c.type == "class_body"), None)
        if body is None:
            return
        for member in body.named_children:
            if member.type == "property_declaration":
                self._property(member, cls, init, in_object=True)
            elif member.type == "function_declaration" and self.bodies:
                cls.methods.append(self._function(member, cls))
            elif member.type in ("class_declaration", "object_declaration"):
                self._class(member, cls)

    def _property(self, node: Node, cls: ClassDecl, init: Method, in_object: bool) -> None:
        decl = next((c for c in node.named_children if c.type == "variable_declaration"), None)
        name_node = next((c for c in decl.named_children if c.type == "identifier"), None) if decl else None
        if name_node is None:
            return
        words = _words(node)
        value = self._property_value(node)
        mutable = "var" in words
        var = Var(
            _text(name_node),
            self.type(next((c for c in decl.named_children if c.type in _TYPES), None)),
            self.expr(value) if value is not None else None,
            _line(node),
            "field",
            self._annotations(node),
            const="const" in words or (in_object and not mutable),
            mutable=mutable,
        )
        cls.fields[var.name] = var
        if value is not None and self.bodies:
            self._walk(value, init, cls)

    @staticmethod
    def _property_value(node: Node) -> Node | None:
        seen_eq = False
        for c in node.children:
            if c.type == "=":
                seen_eq = True
            elif seen_eq and c.is_named and c.type not in _COMMENTS:
                return c
        return None

    def _function(self, node: Node, cls: ClassDecl) -> Method:
        name_node = node.child_by_field_name("name")
        method = Method(_text(name_node) if name_node else "?", _line(name_node or node), _end(node),
                        self._annotations(node))
        after_params = False
        for child in node.named_children:
            t = child.type
            if t == "function_value_parameters":
                after_params = True
                self._params(child, method)
            elif t in _TYPES and after_params and method.ret is None:
                method.ret = self.type(child)
            elif t == "function_body" and self.bodies:
                kids = _named(child)
                if kids and kids[0].type != "block":
                    method.returns.append(self.expr(kids[0]))
                self._walk(child, method, cls)
        return method

    def _params(self, node: Node, method: Method, kind: str = "param") -> None:
        pending: list[Annotation] = []
        for p in node.named_children:
            if p.type == "parameter_modifiers":
                pending = [self._annotation(a) for a in p.named_children if a.type == "annotation"]
            elif p.type == "parameter":
                name_node = next((c for c in p.named_children if c.type in ("identifier", "simple_identifier")), None)
                type_node = next((c for c in p.named_children if c.type in _TYPES), None)
                if name_node is not None:
                    var = Var(_text(name_node), self.type(type_node), None, _line(p), kind, pending)
                    if kind == "param":
                        method.params.append(var)
                        method.vars[var.name] = var
                    else:
                        method.vars.setdefault(var.name, var)
                pending = []

    def _annotations(self, node: Node) -> list[Annotation]:
        mods = next((c for c in node.named_children if c.type == "modifiers"), None)
        if mods is None:
            return []
        return [self._annotation(a) for a in mods.named_children if a.type == "annotation"]

    def _annotation(self, node: Node) -> Annotation:
        target = next((c for c in node.named_children if c.type == "use_site_target"), None)
        inner = next((c for c in node.named_children if c.type in ("constructor_invocation", "user_type")), None)
        name, args = "", {}
        if inner is not None:
            e = self._annotation_expr(inner)
            name, args = e.name, e.named
        return Annotation(name, args, _line(node), _end(node), _text(target).rstrip(":") if target else "")

    def _annotation_expr(self, node: Node) -> Expr:
        utype = node if node.type == "user_type" else next((c for c in node.named_children if c.type == "user_type"), None)
        name = self.type(utype).base if utype is not None else ""
        named: dict[str, Expr] = {}
        vargs = next((c for c in node.named_children if c.type == "value_arguments"), None)
        if vargs is not None:
            positional, named = self._args(vargs)
            for i, p in enumerate(positional):
                named["value" if i == 0 else f"_{i}"] = p
        return Expr("annot", _text(node), _line(node), _end(node), name=name, named=named)

    # ---- bodies -------------------------------------------------------------------------

    def _walk(self, root: Node, method: Method, cls: ClassDecl) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            t = node.type
            if t == "call_expression":
                e = self.expr(node)
                e.ctx, e.ctx_name = self._ctx(node)
                method.calls.append(e)
            elif t == "property_declaration" and node is not root:
                self._local(node, method)
            elif t == "assignment":
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                if left is not None and right is not None:
                    method.assigns.append((self.expr(left), self.expr(right), _line(node)))
            elif t == "return_expression":
                kids = _named(node)
                if kids:
                    method.returns.append(self.expr(kids[-1]))
            elif t == "lambda_literal":
                self._lambda(node, method)
            elif t == "catch_block":
                self._catch(node, method)
            elif t in _LOOPS:
                self._loop(node, method)
            elif t == "navigation_expression":
                parent = node.parent
                is_callee = parent is not None and parent.type == "call_expression" and parent.named_children[0] == node
                if parent is not None and parent.type != "navigation_expression" and not is_callee:
                    method.navs.append(self.expr(node))
            elif t == "index_expression":
                method.navs.append(self.expr(node))
            elif t == "function_declaration" and node is not root:
                params = next((c for c in node.named_children if c.type == "function_value_parameters"), None)
                if params is not None:
                    self._params(params, method, kind="lambda")
            elif t in ("class_declaration", "object_declaration"):
                continue
            elif t in ("string_literal", "multiline_string_literal", "binary_expression") and b"record" in (
                    node.text or b""):
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
        if t == "lambda_literal":
            kids = _named(parent)
            return ("return", "") if kids and kids[-1] == child else ("stmt", "")
        if t in _STATEMENT_PARENTS:
            return "stmt", ""
        if t == "property_declaration":
            decl = next((c for c in parent.named_children if c.type == "variable_declaration"), None)
            ident = next((c for c in decl.named_children if c.type == "identifier"), None) if decl else None
            return "var", _text(ident) if ident else ""
        if t == "assignment":
            left = parent.child_by_field_name("left")
            return "assign", _text(left).rsplit(".", 1)[-1] if left else ""
        if t in ("return_expression", "function_body"):
            return "return", ""
        if t == "value_argument":
            return "arg", ""
        if t == "navigation_expression" and parent.named_children and parent.named_children[0] == child:
            return "recv", ""
        return "expr", ""

    def _local(self, node: Node, method: Method) -> None:
        decl = next((c for c in node.named_children if c.type == "variable_declaration"), None)
        name_node = next((c for c in decl.named_children if c.type == "identifier"), None) if decl else None
        if name_node is None:
            return
        value = self._property_value(node)
        var = Var(_text(name_node), self.type(next((c for c in decl.named_children if c.type in _TYPES), None)),
                  self.expr(value) if value is not None else None, _line(node), "local",
                  self._annotations(node), mutable="var" in _words(node))
        method.vars[var.name] = var

    def _lambda(self, node: Node, method: Method) -> None:
        params = next((c for c in node.named_children if c.type == "lambda_parameters"), None)
        names: list[str] = []
        if params is not None:
            for decl in params.named_children:
                ident = decl if decl.type == "identifier" else next(
                    (c for c in decl.named_children if c.type == "identifier"), None)
                if ident is None:
                    continue
                type_node = next((c for c in decl.named_children if c.type in _TYPES), None)
                names.append(_text(ident))
                method.vars[_text(ident)] = Var(_text(ident), self.type(type_node), None, _line(decl), "lambda")
        else:
            names = ["it"]
            method.vars.setdefault("it", Var("it", None, None, _line(node), "lambda"))
        method.lambdas.append(Lambda(names, _line(node), _end(node), self._lambda_owner(node)))

    def _lambda_owner(self, node: Node) -> Expr | None:
        parent = node.parent
        if parent is not None and parent.type == "annotated_lambda":
            parent = parent.parent
            return self.expr(parent) if parent is not None and parent.type == "call_expression" else None
        if parent is not None and parent.type == "value_argument":
            call = parent.parent.parent if parent.parent is not None else None
            return self.expr(call) if call is not None and call.type == "call_expression" else None
        return None

    def _catch(self, node: Node, method: Method) -> None:
        types = [self.type(c) for c in node.named_children if c.type in _TYPES]
        body = next((c for c in node.named_children if c.type == "block"), None)
        empty = body is not None and not _named(body)
        method.catches.append(Catch(_line(node), _end(node), [t.text for t in types if t], empty))

    def _loop(self, node: Node, method: Method) -> None:
        kind = _LOOPS[node.type]
        cond = node.child_by_field_name("condition")
        if kind != "for":
            method.loops.append(Loop(kind, _line(node), _end(node), _text(cond) if cond else ""))
            return
        kids = _named(node)
        decl = next((c for c in kids if c.type == "variable_declaration"), None)
        rest = [c for c in kids if c.type not in ("variable_declaration", "block", "control_structure_body")]
        iterable = rest[0] if rest else None
        method.loops.append(Loop("foreach", _line(node), _end(node), _text(iterable) if iterable else ""))
        ident = next((c for c in decl.named_children if c.type == "identifier"), None) if decl else None
        if ident is None or iterable is None:
            return
        type_node = next((c for c in decl.named_children if c.type in _TYPES), None)
        var = Var(_text(ident), self.type(type_node), None, _line(node), "foreach")
        method.vars[var.name] = var
        method.foreach.append((var, self.expr(iterable)))

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
        if t in ("string_literal", "multiline_string_literal"):
            return self._string(node, t == "multiline_string_literal", text, line, end)
        if t in ("identifier", "simple_identifier"):
            return Expr("name", text, line, end, name=text)
        if t in ("this_expression", "super_expression"):
            return Expr("name", text, line, end, name="this")
        if t == "navigation_expression":
            return self._navigation(node, text, line, end)
        if t == "call_expression":
            return self._call(node, text, line, end)
        if t == "binary_expression":
            op = next((c.type for c in node.children if not c.is_named), "")
            if op == "+":
                return Expr("concat", text, line, end, args=self._flatten_plus(node))
            if op == "?:":
                kids = _named(node)
                return Expr("elvis", text, line, end, args=[self.expr(k) for k in kids[:2]])
            return Expr("other", text, line, end)
        if t == "infix_expression":
            kids = _named(node)
            if len(kids) == 3 and _text(kids[1]) == "to":
                return Expr("pair", text, line, end, args=[self.expr(kids[0]), self.expr(kids[2])])
            return Expr("other", text, line, end)
        if t in ("parenthesized_expression", "as_expression", "annotated_expression"):
            kids = [k for k in _named(node) if k.type != "annotation" and k.type not in _TYPES]
            return self.expr(kids[0]) if kids else Expr("other", text, line, end)
        if t == "collection_literal":
            return Expr("array", text, line, end, args=[self.expr(c) for c in _named(node)])
        if t in ("lambda_literal", "annotated_lambda"):
            lit = node if t == "lambda_literal" else next((c for c in node.named_children if c.type == "lambda_literal"), None)
            params = next((c for c in lit.named_children if c.type == "lambda_parameters"), None) if lit else None
            names = ["it"]
            if params is not None:
                names = [_text(next((i for i in d.named_children if i.type == "identifier"), d)) for d in params.named_children]
            return Expr("lambda", text, line, end, params=names)
        if t == "index_expression":
            kids = _named(node)
            return Expr("index", text, line, end, recv=self.expr(kids[0]) if kids else None,
                        args=[self.expr(k) for k in kids[1:]])
        if t in _LITERALS:
            if t == "character_literal" and text == "'$'":
                return Expr("str", text, line, end, value="$")
            return Expr("lit", text, line, end, value=text)
        if t in ("annotation", "constructor_invocation"):
            return self._annotation_expr(node)
        return Expr("other", text, line, end)

    def _string(self, node: Node, raw: bool, text: str, line: int, end: int) -> Expr:
        delim = 3 if raw else 1
        start, stop = node.start_byte + delim, node.end_byte - delim
        parts: list[Expr] = []
        pos = start

        def run(a: int, b: int) -> None:
            if b <= a:
                return
            for piece in kotlin_run(self.src[a:b].decode("utf-8", "replace"), raw_string=raw):
                if isinstance(piece, tuple):
                    parts.append(Expr("name", "$" + piece[0], line, line, name=piece[0]))
                elif parts and parts[-1].kind == "str" and parts[-1].text == "":
                    parts[-1].value = (parts[-1].value or "") + piece
                else:
                    parts.append(Expr("str", "", line, line, value=piece))

        for child in node.named_children:
            if child.type == "interpolation":
                run(pos, child.start_byte)
                inner = _named(child)
                parts.append(self.expr(inner[0]) if inner else Expr("other", _text(child), line, line))
                pos = child.end_byte
        run(pos, stop)
        if not parts:
            return Expr("str", text, line, end, value="")
        if all(p.kind == "str" for p in parts):
            return Expr("str", text, line, end, value="".join(p.value or "" for p in parts))
        return Expr("concat", text, line, end, args=parts)

    def _navigation(self, node: Node, text: str, line: int, end: int) -> Expr:
        kids = _named(node)
        if len(kids) < 2:
            return Expr("other", text, line, end)
        left, right = self.expr(kids[0]), _text(kids[-1])
        if left.kind == "classlit" and right == "java":
            return Expr("classlit", text, line, end, name=left.name)
        if left.kind == "name":
            if right == "class":
                return Expr("classlit", text, line, end, name=left.name)
            return Expr("name", text, line, end, name=right if left.name == "this" else f"{left.name}.{right}")
        return Expr("prop", text, line, end, name=right, recv=left)

    def _args(self, node: Node) -> tuple[list[Expr], dict[str, Expr]]:
        positional: list[Expr] = []
        named: dict[str, Expr] = {}
        for va in node.named_children:
            if va.type != "value_argument":
                continue
            kids = _named(va)
            if not kids:
                continue
            if any(c.type == "=" for c in va.children) and len(kids) >= 2:
                named[_text(kids[0])] = self.expr(kids[-1])
            else:
                positional.append(self.expr(kids[-1]))
        return positional, named

    def _call(self, node: Node, text: str, line: int, end: int) -> Expr:
        kids = _named(node)
        callee = kids[0] if kids else None
        args: list[Expr] = []
        named: dict[str, Expr] = {}
        type_args: list[TypeRef] = []
        for c in kids[1:]:
            if c.type == "value_arguments":
                pos, nm = self._args(c)
                args.extend(pos)
                named.update(nm)
            elif c.type == "type_arguments":
                type_args = self._type_args(c)
            elif c.type in ("annotated_lambda", "lambda_literal"):
                args.append(self.expr(c))
        kind, name, recv, name_line = "call", "", None, line
        if callee is not None and callee.type in ("identifier", "simple_identifier"):
            name = _text(callee)
            kind = "new" if name[:1].isupper() else "call"
        elif callee is not None and callee.type == "navigation_expression":
            nav = _named(callee)
            recv = self.expr(nav[0]) if nav else None
            name = _text(nav[-1]) if nav else ""
            name_line = _line(nav[-1]) if nav else line
            if recv is not None and recv.kind == "name":
                if recv.name == "this":
                    recv = None
                elif name[:1].isupper() and all(p[:1].islower() for p in recv.name.split(".")):
                    kind, name, recv = "new", f"{recv.name}.{name}", None
        elif callee is not None:
            recv = self.expr(callee)
        if kind == "call" and (recv is None or recv.kind == "name" and recv.name == "it"):
            scoped = self._scope_receiver(node, implicit=recv is None)
            if scoped is not None:  # `KafkaConsumer(props).apply { subscribe(..) }`: the call is on it
                recv = scoped
        e = Expr(kind, text, line, end, name=name, recv=recv, args=args, named=named,
                 type_args=type_args, name_line=name_line)
        if recv is not None and recv.kind in ("call", "new"):
            recv.outer = e
        return e

    def _scope_receiver(self, node: Node, implicit: bool) -> Expr | None:
        """The object a scope function's lambda works on, for a call in that lambda: `X.apply {}`,
        `X.run {}`, `with(X) {}` make it the implicit receiver; `X.also {}`, `X.let {}` make it `it`."""
        lam = node.parent
        while lam is not None and lam.type != "lambda_literal":
            if lam.type in ("function_declaration", "class_body"):
                return None
            lam = lam.parent
        holder = lam.parent if lam is not None else None
        if holder is not None and holder.type == "annotated_lambda":
            holder = holder.parent
        if holder is not None and holder.type == "value_argument":  # `with(x, { ... })`
            holder = holder.parent.parent if holder.parent is not None else None
        if holder is None or holder.type != "call_expression":
            return None
        kids = _named(holder)
        callee = kids[0] if kids else None
        names = _SCOPE_IMPLICIT if implicit else _SCOPE_IT
        if callee is not None and callee.type == "navigation_expression":
            nav = _named(callee)
            if len(nav) >= 2 and _text(nav[-1]) in names:
                return self.expr(nav[0])
        if implicit and callee is not None and callee.type == "call_expression":  # `with(x) { ... }`
            kids = _named(callee)
            callee = kids[0] if kids else None
        if implicit and callee is not None and _text(callee) == "with":
            args = next((c for c in kids[1:] if c.type == "value_arguments"), None)
            first = _named(args)[0] if args is not None and _named(args) else None
            if first is not None:
                inner = _named(first)
                return self.expr(inner[-1]) if inner else None
        return None

    def _flatten_plus(self, node: Node) -> list[Expr]:
        parts: list[Expr] = []
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type == "binary_expression" and any(c.type == "+" for c in n.children if not c.is_named):
                kids = _named(n)
                stack.extend(reversed(kids[:2]))
            else:
                parts.append(self.expr(n))
        return parts

    def _type_args(self, node: Node) -> list[TypeRef]:
        out = []
        for proj in node.named_children:
            inner = proj if proj.type in _TYPES else next((c for c in proj.named_children if c.type in _TYPES), None)
            ref = self.type(inner) if inner is not None else TypeRef(_text(proj), _text(proj), line=_line(proj))
            if ref:
                out.append(ref)
        return out

    def type(self, node: Node | None) -> TypeRef | None:
        if node is None:
            return None
        t, text = node.type, _text(node)
        if t == "user_type":
            idents = [_text(c) for c in node.named_children if c.type in ("identifier", "type_identifier")]
            targs = next((c for c in node.named_children if c.type == "type_arguments"), None)
            return TypeRef(text, ".".join(idents) or text, self._type_args(targs) if targs else [], _line(node))
        if t == "function_type":
            kids = _named(node)
            params_node = next((c for c in kids if c.type == "function_type_parameters"), None)
            params = []
            for p in params_node.named_children if params_node else []:
                inner = p if p.type in _TYPES else next((c for c in p.named_children if c.type in _TYPES), None)
                ref = self.type(inner)
                if ref:
                    params.append(ref)
            ret_nodes = [c for c in kids if c.type in _TYPES]
            return TypeRef(text, "Function", [], _line(node), fn_params=params,
                           fn_ret=self.type(ret_nodes[-1]) if ret_nodes else None)
        kids = [c for c in node.named_children if c.type in _TYPES]
        if kids:
            return self.type(kids[0])
        return TypeRef(text, text.rstrip("?"), line=_line(node))


def lower_kotlin(root: Node, src: bytes, bodies: bool = True) -> FileIR:
    return KotlinLowering(src, bodies).lower(root)
