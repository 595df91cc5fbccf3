"""The Kotlin front-end (tree-sitter-kotlin): a .kt/.kts file lowered into the IR.

Lowered: imports (``uses``; member imports as ``imports``), classes, objects and companion objects
(whose members join the outer class), enum classes with their entries' arguments (as
constructions of the enum), primary-constructor parameters (constructor parameters, and the
properties they initialise), properties (initialisers, getters, ``by lazy``), top-level
declarations, functions with parameters and returns (block or expression bodies), locals and
assignments, calls and constructions (``KafkaConsumer(props)``), member access, string
templates and ``+`` as ``concat``, ``String.format``/``"...".format``, ``?:``, ``System.getenv``,
Spring ``@Value("\\${key:default}")`` and MicroProfile ``@ConfigProperty`` on properties and
constructor parameters, and the scope functions: ``x.apply {}``/``x.also {}`` are ``x``;
``x.let {}``, ``x.run {}`` and ``with(x) {}`` are their lambda's result (a ``lambda``
expression, its parameter bound to ``x``); a call in an ``apply``/``run``/``with`` lambda with no
receiver, or on ``it`` in ``also``/``let``, is a call on ``x``.
"""

from __future__ import annotations

from tree_sitter import Node, Tree

from copilot.lang import jvm_common
from copilot.lang import treesitter as ts
from copilot.lang.ir import Assign, CallSite, Expr, Function, Module
from copilot.lang.jvm_strings import kotlin_run

_COMMENTS = ("line_comment", "block_comment", "multiline_comment")
_TYPES = ("user_type", "nullable_type", "function_type", "parenthesized_type", "non_nullable_type", "type_reference", "definitely_non_nullable_type")
_LITS = ("number_literal", "float_literal", "boolean_literal", "null_literal", "character_literal", "integer_literal", "long_literal", "hex_literal", "bin_literal", "unsigned_literal", "real_literal")
_SCOPE_IMPLICIT = ("apply", "run")  # the lambda's `this` is the object
_SCOPE_IT = ("also", "let")  # the lambda's `it` is the object


class Kotlin:
    name = "kotlin"
    suffixes = (".kt", ".kts")
    markers = (r"kafka", r"KafkaTemplate", r"KafkaListener")
    test_globs = ("*/src/test/*", "src/test/*", "*Test.kt", "*Tests.kt", "*IT.kt")

    def lower(self, path: str, source: bytes) -> Module:
        # a final newline: tree-sitter-kotlin does not return on a file ending in an annotation without one
        src = source if source.endswith(b"\n") else source + b"\n"
        return self.lower_root(path, src, self.parse(src).root_node)

    def parse(self, source: bytes) -> Tree:
        return ts.parser("tree_sitter_kotlin").parse(source)

    def lower_root(self, path: str, source: bytes, root: Node) -> Module:
        """The file as IR from its parse (shared with the former extractor: `copilot.lang.jvm_facts`)."""
        mod = ts.module_of(path, self.name, "Kotlin", root)
        _Lowerer(mod, source).top(root)
        return mod

    def facts(self, path: str, source: bytes):  # noqa: ANN201 - FileFacts, imported lazily
        """The file lowered, with what the former extractor still reads outside the IR
        (`copilot.lang.jvm_facts`)."""
        from copilot.lang import jvm_facts

        return jvm_facts.facts(self, path, source)


FRONTENDS = (Kotlin(),)


def _named(node: Node) -> list[Node]:
    return [c for c in node.named_children if c.type not in _COMMENTS]


def _first(node: Node | None, *types: str) -> Node | None:
    return next((c for c in node.named_children if c.type in types), None) if node is not None else None


def _words(node: Node) -> set[str]:
    out = {c.type for c in node.children if not c.is_named}
    mods = _first(node, "modifiers")
    for m in mods.named_children if mods is not None else ():
        if m.type != "annotation":
            out.add(ts.text(m))
    return out


def _after_eq(node: Node) -> Node | None:
    """The initialiser of a property / default of a parameter (what follows `=`)."""
    seen = False
    for c in node.children:
        if c.type == "=":
            seen = True
        elif seen and c.is_named and c.type not in _COMMENTS:
            return c
    return None


class _Lowerer(jvm_common.DepthGuard):
    def __init__(self, mod: Module, src: bytes):
        self.mod = mod
        self.src = src

    # -- declarations ------------------------------------------------------------------------
    def top(self, root: Node) -> None:
        for child in root.named_children:
            t = child.type
            if t == "import":
                self._import(child)
            elif t in ("class_declaration", "object_declaration"):
                self._class(child)
            elif t == "function_declaration":
                self._function(child, "")
            elif t == "property_declaration":
                self._property(child, "", "")
            elif t not in _COMMENTS and t not in ("package_header", "file_annotation", "shebang_line"):
                self._statements(child, "", "<main>")  # a script's statements

    def _import(self, node: Node) -> None:
        q = _first(node, "qualified_identifier", "identifier")
        if q is None:
            return
        qualified = "".join(ts.text(q).split())
        self.mod.uses.append(qualified)
        if ts.text(node).rstrip().endswith("*") or "." not in qualified:
            return
        owner, member = qualified.rsplit(".", 1)
        alias = [c for c in node.named_children if c.type == "identifier" and c is not q]
        if member[:1].islower() or member.isupper():  # a member: `import com.acme.Topics.ORDERS`
            self.mod.imports[ts.text(alias[-1]) if alias else member] = (owner, member)

    def _class(self, node: Node) -> None:
        name_node = node.child_by_field_name("name") or _first(node, "identifier", "type_identifier")
        name = ts.text(name_node)
        if not name:
            return
        self.mod.classes.setdefault(name, ts.line(node))
        annotations = tuple(self._annotations(node, name))
        if annotations:
            self.mod.class_annotations[name] = annotations
        ctor = _first(node, "primary_constructor")
        self._primary(ctor, name, ts.line(node), ts.end_line(node))
        body = _first(node, "class_body", "enum_class_body")
        if body is not None:
            self._members(body, name)

    def _primary(self, ctor: Node | None, cls: str, line: int, end: int) -> None:
        """The primary constructor: parameters (with defaults and injected configuration) that
        initialise the properties of the same name."""
        params = _first(ctor, "class_parameters")
        names: list[str] = []
        defaults: list[tuple[str, Expr]] = []
        types: list[tuple[str, str]] = []
        qual = f"{cls}.{cls}"
        for p in params.named_children if params is not None else ():
            ident = _first(p, "identifier") if p.type == "class_parameter" else None
            if ident is None:
                continue
            pname = ts.text(ident)
            names.append(pname)
            ptype = _first(p, *_TYPES)
            if ptype is not None:
                types.append((pname, ts.text(ptype).split("<", 1)[0].rstrip("?")))
                if _words(p) & {"val", "var"}:  # a property: `class Svc(private val producer: KafkaProducer<K, V>)`
                    self.mod.field_types[f"{cls}.{pname}"] = _written_type(ptype)
            default = self._injected(p, cls) or (self.expr(d, cls, qual) if (d := _after_eq(p)) is not None else None)
            if default is not None:
                defaults.append((pname, default))
            self.mod.assigns.append(Assign(pname, Expr("name", ts.line(p), pname, pname), ts.line(p), qual, cls))
        self.mod.functions.append(Function(cls, qual, cls, tuple(names), (), line, end, True, tuple(defaults), tuple(types)))

    def _members(self, body: Node, cls: str) -> None:
        for member in body.named_children:
            t = member.type
            if t == "property_declaration":
                self._property(member, cls, cls)
            elif t == "function_declaration":
                self._function(member, cls)
            elif t == "companion_object":  # `Outer.X`: companion members join the outer class
                inner = _first(member, "class_body")
                if inner is not None:
                    self._members(inner, cls)
            elif t in ("class_declaration", "object_declaration"):
                self._class(member)
            elif t in ("anonymous_initializer", "secondary_constructor"):
                self._statements(member, cls, f"{cls}.<init>")
            elif t == "enum_entry":
                ident = _first(member, "identifier")
                args, named = self._args(_first(member, "value_arguments"), cls, cls)
                if ident is not None:
                    ln = ts.line(member)
                    entry = Expr("enum-name", ln, ts.text(ident), ts.text(ident))
                    self.mod.assigns.append(Assign(ts.text(ident), Expr("new", ln, ts.short(member), cls, entry, args=args, fields=named), ln, cls, cls))

    def _property(self, node: Node, cls: str, scope: str) -> None:
        decl = _first(node, "variable_declaration")
        ident = _first(decl, "identifier")
        if ident is None:
            return
        name = ts.text(ident)
        declared = _first(decl, *_TYPES)
        if declared is not None and scope:  # a property (`Class.name`) or a local (`Class.function.name`)
            self.mod.field_types[f"{scope}.{name}"] = _written_type(declared)
        value = self._injected(node, cls)
        init = _after_eq(node)
        if value is None and init is not None:
            value = self.expr(init, cls, scope)
            self._calls_in(init, cls, scope)
        delegate = _first(node, "property_delegate")
        if value is None and delegate is not None and delegate.named_children:  # `by lazy { ... }`
            d = self.expr(delegate.named_children[0], cls, scope)
            value = d.args[-1].args[0] if d.kind == "call" and d.method == "lazy" and d.args and d.args[-1].kind == "lambda" and d.args[-1].args else None
        getter = _first(node, "getter")
        body = _first(getter, "function_body")
        if value is None and body is not None:  # `val x get() = ...`: a getter
            qual = f"{cls}.{name}" if cls else name
            returns = self._body(body, cls, qual)
            self.mod.functions.append(Function(name, qual, cls, (), tuple(returns), ts.line(node), ts.end_line(node)))
            return
        if value is not None:
            self.mod.assigns.append(Assign(name, value, ts.line(node), scope, cls))

    def _injected(self, node: Node, cls: str, mods: Node | None = None) -> Expr | None:
        """`@Value("\\${k:d}")` / `@ConfigProperty(name = "k", defaultValue = "d")` (any use-site
        target); else the last annotation with elements (`@Channel("orders") val e: Emitter<T>`:
        the container fills it, as the annotation says)."""
        found = self._config_injected(node, cls, mods)
        if found is not None:
            return found
        carrying = [a for a in self._annotations(node, cls, mods) if a.fields]
        return carrying[-1] if carrying else None

    def _config_injected(self, node: Node, cls: str, mods: Node | None = None) -> Expr | None:
        mods = mods or _first(node, "modifiers")
        for a in mods.named_children if mods is not None else ():
            inv = _first(a, "constructor_invocation") if a.type == "annotation" else None
            if inv is None:
                continue
            name = ts.text(_first(inv, "user_type")).rsplit(".", 1)[-1]
            if name not in ("Value", "ConfigProperty"):
                continue
            args, named = self._args(_first(inv, "value_arguments"), cls, cls)
            fields = dict(named)
            ln = ts.line(a)
            if name == "Value" and (args or "value" in fields):
                value = args[0] if args else fields["value"]
                return (jvm_common.placeholder(value.value, ln, ts.short(a)) or value) if value.kind == "str" else value
            if name == "ConfigProperty" and "name" in fields and fields["name"].kind == "str":
                default = fields.get("defaultValue")
                return Expr("config", ln, ts.short(a), fields["name"].value, args=(default,) if default is not None else ())
        return None

    def _function(self, node: Node, cls: str) -> None:
        name = ts.text(node.child_by_field_name("name"))
        qual = f"{cls}.{name}" if cls else name
        names: list[str] = []
        defaults: list[tuple[str, Expr]] = []
        types: list[tuple[str, str]] = []
        params = _first(node, "function_value_parameters")
        mods: Node | None = None  # a parameter's annotations come before it, as a sibling
        for p in params.named_children if params is not None else ():
            if p.type == "parameter_modifiers":
                mods = p
                continue
            ident = _first(p, "identifier", "simple_identifier") if p.type == "parameter" else None
            p_mods, mods = mods, None
            if ident is None:
                continue
            names.append(ts.text(ident))
            ptype = _first(p, *_TYPES)
            if ptype is not None:
                types.append((ts.text(ident), ts.text(ptype).split("<", 1)[0].rstrip("?")))
                self.mod.field_types[f"{qual}.{ts.text(ident)}"] = _written_type(ptype)  # as a local of the function, type arguments kept
            default = _after_eq(p)
            injected = self._injected(p, cls, p_mods) if p_mods is not None else None  # `@Input("orders") input: KStream<K, V>`: filled by the container
            if default is not None or injected is not None:
                defaults.append((ts.text(ident), injected or self.expr(default, cls, qual)))
        body = _first(node, "function_body")
        returns = self._body(body, cls, qual) if body is not None else []
        annotations = tuple(self._annotations(node, cls))
        rtype = next((c for c in node.children if c.type in _TYPES and c.start_byte > params.end_byte), None) if params is not None else None
        rtext = "".join(ts.text(rtype).split()) if rtype is not None else ""
        named = node.child_by_field_name("name")  # the declaration's line is its name's, after its annotations
        self.mod.functions.append(Function(name, qual, cls, tuple(names), tuple(returns), ts.line(named if named is not None else node), ts.end_line(node), False, tuple(defaults), tuple(types), annotations, rtext))

    def _annotations(self, node: Node, cls: str, mods: Node | None = None) -> list[Expr]:
        out = []
        mods = mods or _first(node, "modifiers")
        for a in mods.named_children if mods is not None else ():
            inner = _first(a, "constructor_invocation", "user_type") if a.type == "annotation" else None
            if inner is None:
                continue
            utype = inner if inner.type == "user_type" else _first(inner, "user_type")
            args, named = self._args(_first(inner, "value_arguments"), cls, cls)
            elements = dict(named)
            if args:
                elements.setdefault("value", args[0] if len(args) == 1 else Expr("array", ts.line(a), ts.short(a), args=args))
            out.append(jvm_common.annotation(ts.text(utype).rsplit(".", 1)[-1], elements, ts.line(a), ts.short(a)))
        return out

    def _body(self, body: Node, cls: str, scope: str) -> list[Expr]:
        kids = _named(body)
        if kids and kids[0].type != "block":  # `fun f() = expr`
            self._calls_in(kids[0], cls, scope)
            return [self.expr(kids[0], cls, scope), *self._statements(kids[0], cls, scope, calls=False)]
        return self._statements(body, cls, scope)

    # -- statements --------------------------------------------------------------------------
    def _statements(self, node: Node, cls: str, scope: str, calls: bool = True) -> list[Expr]:
        returns: list[Expr] = []
        declared: set[str] = set()
        stack = [node]
        while stack:
            n = stack.pop()
            t = n.type
            if t in ("class_declaration", "object_declaration", "function_declaration") and n is not node:
                continue  # local declarations are not followed
            if t == "property_declaration" and n is not node:
                ident = _first(_first(n, "variable_declaration"), "identifier")
                init = _after_eq(n)
                if ident is not None:
                    declared.add(ts.text(ident))
                    if init is not None:
                        self.mod.assigns.append(Assign(ts.text(ident), self.expr(init, cls, scope), ts.line(n), scope, cls, True))
            elif t == "assignment" and n.child_by_field_name("left") is not None and n.child_by_field_name("left").type == "index_expression":
                self._index_set(n, cls, scope)
            elif t == "assignment":
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                if left is not None and right is not None and any(c.type == "=" for c in n.children):
                    target = self._target(left)
                    if target:
                        self.mod.assigns.append(Assign(target, self.expr(right, cls, scope), ts.line(n), scope, cls, target in declared))
            elif t == "return_expression":
                kids = _named(n)
                if kids:
                    returns.append(self.expr(kids[-1], cls, scope))
            if t == "call_expression" and calls and not _callee_of_call(n):
                self.mod.calls.append(CallSite(self.expr(n, cls, scope), scope, cls, _awaited(n)))
            stack.extend(reversed(n.named_children))
        return returns

    def _index_set(self, n: Node, cls: str, scope: str) -> None:
        """`props[KEY] = v` is the operator call `props.set(KEY, v)` (`this[KEY] = v` in an
        `apply {}` block: on the block's object)."""
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        kids = _named(left) if left is not None else []
        if right is None or len(kids) != 2 or not any(c.type == "=" for c in n.children):
            return
        ln = ts.line(n)
        recv = self.expr(kids[0], cls, scope)
        if recv.kind == "name" and recv.value == "this":
            recv = self._scope_receiver(n, cls, scope, implicit=True) or recv
        call = Expr("call", ln, ts.short(n), obj=Expr("member", ln, ts.short(left), "set", recv), args=(self.expr(kids[1], cls, scope), self.expr(right, cls, scope)))
        self.mod.calls.append(CallSite(call, scope, cls))

    def _calls_in(self, node: Node, cls: str, scope: str) -> None:
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type == "call_expression" and not _callee_of_call(n):
                self.mod.calls.append(CallSite(self.expr(n, cls, scope), scope, cls))
            elif n.type == "assignment" and n.child_by_field_name("left") is not None and n.child_by_field_name("left").type == "index_expression":
                self._index_set(n, cls, scope)
            stack.extend(n.named_children)

    def _target(self, left: Node) -> str:
        if left.type in ("identifier", "simple_identifier"):
            return ts.text(left)
        if left.type == "navigation_expression":
            kids = _named(left)
            if len(kids) == 2 and kids[0].type == "this_expression":
                return ts.text(kids[1])
            return "".join(ts.text(left).split())
        return ""

    # -- expressions -------------------------------------------------------------------------
    def _expr(self, n: Node, cls: str, scope: str) -> Expr:
        t, ln = n.type, ts.line(n)
        if t in ("string_literal", "multiline_string_literal"):
            return self._string(n, t == "multiline_string_literal", cls, scope)
        if t in _LITS:
            return Expr("lit", ln, ts.text(n), ts.text(n))
        if t in ("identifier", "simple_identifier"):
            if ts.text(n) in ("true", "false", "null"):  # the grammar reads them as names in places (`k to true`)
                return Expr("lit", ln, ts.text(n), ts.text(n))
            return Expr("name", ln, ts.text(n), ts.text(n))
        if t in ("this_expression", "super_expression"):
            return Expr("name", ln, "this", "this")
        if t in ("parenthesized_expression", "as_expression", "annotated_expression", "postfix_expression"):
            kids = [k for k in _named(n) if k.type != "annotation" and k.type not in _TYPES]
            return self.expr(kids[0], cls, scope) if kids else Expr("unknown", ln, ts.short(n))
        if t == "navigation_expression":
            kids = _named(n)
            if len(kids) >= 2:
                return Expr("member", ln, ts.short(n), ts.text(kids[-1]), self.expr(kids[0], cls, scope))
        if t == "binary_expression":
            op = next((c.type for c in n.children if not c.is_named), "")
            kids = _named(n)
            if len(kids) >= 2 and op in ("+", "?:"):
                a, b = self.expr(kids[0], cls, scope), self.expr(kids[1], cls, scope)
                if op == "?:":
                    return Expr("coalesce", ln, ts.short(n), args=(a, b))
                parts = (a.args if a.kind == "concat" else (a,)) + (b.args if b.kind == "concat" else (b,))
                return Expr("concat", ln, ts.short(n), args=parts)
        if t == "if_expression":
            branches = [c for c in _named(n) if c.type in ("control_structure_body", "block")]
            if len(branches) == 2:
                return Expr("choice", ln, ts.short(n), args=tuple(self._last(b, cls, scope) for b in branches))
        if t == "infix_expression":  # `k to v`: a pair, a map of one entry
            kids = _named(n)
            if len(kids) == 3 and ts.text(kids[1]) == "to":
                return Expr("map", ln, ts.short(n), args=(self.expr(kids[0], cls, scope), self.expr(kids[2], cls, scope)))
        if t == "collection_literal":
            return Expr("array", ln, ts.short(n), args=tuple(self.expr(c, cls, scope) for c in _named(n)))
        if t in ("lambda_literal", "annotated_lambda"):
            return self._lambda(n, cls, scope)
        if t == "call_expression":
            return self._call(n, cls, scope)
        return Expr("unknown", ln, ts.short(n))

    def _last(self, body: Node, cls: str, scope: str) -> Expr:
        """The value of a block: its last expression."""
        kids = _named(body)
        while len(kids) == 1 and kids[0].type in ("block", "statements", "control_structure_body"):
            kids = _named(kids[0])
        return self.expr(kids[-1], cls, scope) if kids else Expr("unknown", ts.line(body), ts.short(body))

    def _lambda(self, n: Node, cls: str, scope: str) -> Expr:
        lit = n if n.type == "lambda_literal" else _first(n, "lambda_literal")
        if lit is None:
            return Expr("unknown", ts.line(n), ts.short(n))
        params = _first(lit, "lambda_parameters")
        param = "it"
        if params is not None:
            first = params.named_children[0] if params.named_children else None
            ident = first if first is not None and first.type == "identifier" else _first(first, "identifier")
            param = ts.text(ident) if ident is not None else ""
        body = [c for c in _named(lit) if c.type != "lambda_parameters"]
        result = self._last(body[-1], cls, scope) if body and body[-1].type == "statements" else (self.expr(body[-1], cls, scope) if body else None)
        return Expr("lambda", ts.line(n), ts.short(n), param, args=(result,) if result is not None else ())

    def _string(self, n: Node, raw: bool, cls: str, scope: str) -> Expr:
        ln = ts.line(n)
        delim = 3 if raw else 1
        parts: list[Expr] = []
        pos, stop = n.start_byte + delim, n.end_byte - delim

        def run(a: int, b: int) -> None:
            if b <= a:
                return
            for piece in kotlin_run(self.src[a:b].decode("utf-8", "replace"), raw_string=raw):
                if isinstance(piece, tuple):
                    parts.append(Expr("name", ln, "$" + piece[0], piece[0]))
                elif parts and parts[-1].kind == "str":
                    prev = parts.pop()
                    parts.append(Expr("str", ln, prev.text + piece, prev.value + piece))
                else:
                    parts.append(Expr("str", ln, piece, piece))

        for child in n.named_children:
            if child.type == "interpolation":
                run(pos, child.start_byte)
                inner = _named(child)
                parts.append(self.expr(inner[0], cls, scope) if inner else Expr("unknown", ln, ts.short(child)))
                pos = child.end_byte
        run(pos, stop)
        if all(p.kind == "str" for p in parts):
            return Expr("str", ln, ts.short(n), "".join(p.value for p in parts))
        return Expr("concat", ln, ts.short(n), args=tuple(parts))

    def _args(self, node: Node | None, cls: str, scope: str) -> tuple[tuple[Expr, ...], tuple[tuple[str, Expr], ...]]:
        args: list[Expr] = []
        named: list[tuple[str, Expr]] = []
        for va in node.named_children if node is not None else ():
            kids = _named(va) if va.type == "value_argument" else []
            if not kids:
                continue
            if any(c.type == "=" for c in va.children) and len(kids) >= 2:
                named.append((ts.text(kids[0]), self.expr(kids[-1], cls, scope)))
            else:
                args.append(self.expr(kids[-1], cls, scope))
        return tuple(args), tuple(named)

    def _call(self, n: Node, cls: str, scope: str) -> Expr:
        ln = ts.line(n)
        kids = _named(n)
        callee = kids[0] if kids else None
        args: list[Expr] = []
        named: tuple[tuple[str, Expr], ...] = ()
        for c in kids[1:]:
            if c.type == "value_arguments":
                pos, named = self._args(c, cls, scope)
                args.extend(pos)
            elif c.type in ("annotated_lambda", "lambda_literal"):
                args.append(self._lambda(c, cls, scope))
        recv: Expr | None = None
        name = ""
        if callee is not None and callee.type in ("identifier", "simple_identifier"):
            name = ts.text(callee)
            if name[:1].isupper():  # a constructor call: `KafkaConsumer<K, V>(props)`
                return Expr("new", ln, ts.short(n), name, args=tuple(args), fields=named)
        elif callee is not None and callee.type == "navigation_expression":
            nav = _named(callee)
            recv = self.expr(nav[0], cls, scope) if nav else None
            name = ts.text(nav[-1]) if nav else ""
            ln = ts.line(nav[-1]) if nav else ln  # a call is where its name is (a chain spans lines)
            if recv is not None and name[:1].isupper() and _package_like(recv):  # org.acme.Foo(...)
                return Expr("new", ln, ts.short(n), name, args=tuple(args), fields=named)
        elif callee is not None and callee.type == "call_expression":  # `with(x) { ... }`
            inner = self._call(callee, cls, scope)
            if inner.kind == "call" and inner.method == "with" and inner.args and args and args[-1].kind == "lambda":
                return Expr("call", ln, ts.short(n), obj=Expr("name", ln, "with", "with"), args=(inner.args[0], args[-1]))
            if inner.kind in ("call", "new") and args and not named:  # `producer.send(record) { _, e -> }`: a trailing lambda
                return Expr(inner.kind, inner.line, ts.short(n), inner.value, inner.obj, inner.args + tuple(args), inner.fields)
            return Expr("unknown", ln, ts.short(n))
        else:
            return Expr("unknown", ln, ts.short(n))
        if recv is None or (recv.kind == "name" and recv.value == "it"):
            scoped = self._scope_receiver(n, cls, scope, implicit=recv is None)
            if scoped is not None:  # `KafkaConsumer(props).apply { subscribe(...) }`: the call is on it
                recv = scoped
        if name == "format" and recv is not None and recv.kind == "str":
            fmt = jvm_common.format_concat(recv, tuple(args), ln, ts.short(n))
            if fmt is not None:
                return fmt
        known = jvm_common.known_call(name, recv, tuple(args), ln, ts.short(n))
        if known is not None:
            return known
        obj = Expr("member", ln, ts.short(callee), name, recv) if recv is not None else Expr("name", ln, name, name)
        return Expr("call", ln, ts.short(n), obj=obj, args=tuple(args), fields=named)

    def _scope_receiver(self, n: Node, cls: str, scope: str, implicit: bool) -> Expr | None:
        """The object of the scope function whose lambda holds call `n`: `x.apply {}`, `x.run {}`,
        `with(x) {}` (implicit receiver), `x.also {}`, `x.let {}` (`it`)."""
        lam = n.parent
        while lam is not None and lam.type != "lambda_literal":
            if lam.type in ("function_declaration", "class_body", "call_expression"):
                return None
            lam = lam.parent
        holder = lam.parent if lam is not None else None
        if holder is not None and holder.type == "annotated_lambda":
            holder = holder.parent
        if holder is None or holder.type != "call_expression":
            return None
        kids = _named(holder)
        callee = kids[0] if kids else None
        if callee is not None and callee.type == "navigation_expression":
            nav = _named(callee)
            if len(nav) >= 2 and ts.text(nav[-1]) in (_SCOPE_IMPLICIT if implicit else _SCOPE_IT):
                return self.expr(nav[0], cls, scope)
        if implicit and callee is not None and callee.type == "call_expression":
            inner = _named(callee)
            if inner and ts.text(inner[0]) == "with":
                first = _first(_first(callee, "value_arguments"), "value_argument")
                value = _named(first)[-1] if first is not None and _named(first) else None
                return self.expr(value, cls, scope) if value is not None else None
        return None


def _callee_of_call(n: Node) -> bool:
    """`send(r)` in `send(r) { ... }`: the call is the outer call's (its trailing lambda joins it)."""
    p = n.parent
    return p is not None and p.type == "call_expression" and bool(p.named_children) and p.named_children[0] == n


def _awaited(n: Node) -> bool:
    """`producer.send(r).get()`: a call whose result is waited on (`jvm_common.WAITERS`)."""
    nav = n.parent
    if nav is None or nav.type != "navigation_expression" or not nav.named_children or nav.named_children[0] != n:
        return False
    outer = nav.parent
    return outer is not None and outer.type == "call_expression" and ts.text(nav.named_children[-1]) in jvm_common.WAITERS


def _written_type(node: Node) -> str:
    """A declared type as written, without spaces or nullability: `KafkaProducer<String,String>`."""
    return "".join(ts.text(node).split()).rstrip("?")


def _package_like(e: Expr) -> bool:
    """`org.acme` in `org.acme.Foo(...)`: lower-case names only."""
    while e.kind == "member" and e.obj is not None:
        if not e.value[:1].islower():
            return False
        e = e.obj
    return e.kind == "name" and e.value[:1].islower() and e.value != "this"
