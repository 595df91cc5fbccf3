"""The Go front-end (tree-sitter-go): a .go file lowered into the IR.

Lowered: imports (``alias -> (import path, "*")``: a Go package is a namespace), package-level
``const``/``var`` (each name of a multi-name spec with its own value), struct types as classes,
functions with parameters and return expressions (the first result of a multi-value return: Go's
``value, err``), methods with their receiver type as the class and the receiver variable as
``this``, locals (``:=``, ``var``), assignments (``cfg.Producer.RequiredAcks = x`` keeps its
dotted target), calls, selectors, composite literals (``&T{F: v}`` -> ``new T``; a map literal's
string keys are fields; ``[]string{...}`` -> ``array``), ``+`` and ``fmt.Sprintf`` -> ``concat``, ``cmp.Or(a, b)`` -> ``coalesce``,
``os.Getenv``/``os.LookupEnv`` -> ``env`` (a helper that returns the variable when set, else a
default, returns ``env`` with that default; a helper taking the variable's name as a parameter
returns ``env`` whose name is evaluated from its call sites), ``flag.String(name, default, ...)``
and ``flag.StringVar(&v, name, default, ...)`` -> ``config`` of ``-name`` with the default, and
``viper.GetString("key")`` -> ``config`` of the key.
"""

from __future__ import annotations

import bisect
import re
import threading
from functools import cache

from tree_sitter import Node, Query, QueryCursor

from copilot.lang import treesitter as ts
from copilot.lang.ir import Assign, CallSite, Expr, Function, Module

_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "r": "\r", "0": "\0"}
_FLAG_FUNCS = ("String", "Int", "Bool", "Duration", "Int64", "Uint", "Float64")
_FLAG_VARS = tuple(f + "Var" for f in _FLAG_FUNCS)
_VIPER_GETTERS = ("GetString", "GetInt", "GetBool", "GetDuration", "GetStringSlice")
_VERB = re.compile(r"%[-+# 0]*\d*(?:\.\d+)?[a-zA-Z%]")
_VERSION = re.compile(r"^v\d+$")


class Go:
    name = "go"
    suffixes = (".go",)
    markers = (r"segmentio/kafka-go", r"sarama", r"confluent-kafka-go", r"franz-go")
    test_globs = ("*_test.go",)

    def lower(self, path: str, source: bytes) -> Module:
        mod, root = ts.parse_module(path, self.name, "Go", ts.parser("tree_sitter_go"), source)
        _Lowerer(mod).file(root)
        _LAST.tree = (source, root)  # for `facts`, which reads the same tree for handlers
        return mod

    def facts(self, path: str, source: bytes):  # noqa: ANN201 - FileFacts, imported lazily
        """The file lowered, with what the former extractor's passes still read outside the IR:
        its handlers (poll loops, `ConsumeClaim` listeners), record field reads and observability
        (`copilot.lang.link` ties consumer endpoints to those handlers)."""
        from copilot.lang.extract import lowered
        from copilot.lang.go_code import code_facts

        _LAST.tree = None
        facts = lowered(self, path, source)
        last, _LAST.tree = getattr(_LAST, "tree", None), None
        root = last[1] if last is not None and last[0] is source else None
        try:
            source.decode("utf-8")
        except UnicodeDecodeError as exc:  # read on as far as it parses; say where the bytes are
            line = source[: exc.start].count(b"\n") + 1
            facts.warnings.append(f"{path}:{line}: not valid UTF-8; undecodable bytes replaced")
        if facts.ir is not None:
            try:
                code_facts(path, source, facts, root)
            except Exception as exc:  # handlers and field reads are extras: the IR is kept
                facts.warnings.append(f"{path}:1: go handlers failed: {exc.__class__.__name__}: {exc}")
        return facts


FRONTENDS = (Go(),)
_LAST = threading.local()  # the tree `lower` parsed last, in this thread


def package_name(import_path: str) -> str:
    """The name a package is used by when imported without an alias: the last path element that
    is not a major version (``.../v2``), without a ``go-`` prefix or ``-go`` suffix
    (``github.com/segmentio/kafka-go`` -> ``kafka``)."""
    parts = [p for p in import_path.split("/") if p and not _VERSION.match(p)]
    last = parts[-1] if parts else import_path
    if last.endswith("-go"):
        last = last[:-3]
    if last.startswith("go-"):
        last = last[3:]
    return last.replace("-", "_").replace(".", "_")


def _string(node: Node) -> str:
    if node.type == "raw_string_literal":
        return ts.text(node)[1:-1]
    out = []
    for c in node.named_children:
        if c.type == "interpreted_string_literal_content":
            out.append(ts.text(c))
        elif c.type == "escape_sequence":
            out.append(_ESCAPES.get(ts.text(c)[1:2], ts.text(c)))
    return "".join(out)


def string_value(node: Node) -> str:
    """A Go string literal's value, escapes decoded."""
    return _string(node)


def _type_name(node: Node | None) -> str:
    """`*sarama.Config` -> Config, `kafka.ConfigMap` -> ConfigMap, `Writer[T]` -> Writer."""
    if node is None:
        return ""
    if node.type in ("pointer_type", "parenthesized_type"):
        return _type_name(node.named_children[-1] if node.named_children else None)
    if node.type == "qualified_type":
        return ts.text(node.child_by_field_name("name"))
    if node.type == "generic_type":
        return _type_name(node.child_by_field_name("type"))
    return ts.text(node)


def _flag(name: Expr, default: Expr, ln: int, text: str) -> Expr:
    """A command-line flag definition: `config` of ``-name`` with its default (the name evaluated
    later when it is built: ``configPrefix + ".topic"``)."""
    if name.kind == "str":
        return Expr("config", ln, text, "-" + name.value, args=(default,))
    return Expr("config", ln, text, "-", name, (default,))


def _sprintf(fmt: str, args: tuple[Expr, ...], ln: int, text: str) -> Expr:
    """`fmt.Sprintf("%s.%s", a, b)` as concat of the literal pieces and the arguments (a `%%` is a
    per cent sign; a verb without an argument leaves the value unknown)."""
    parts: list[Expr] = []
    pos, i = 0, 0
    for m in _VERB.finditer(fmt):
        if m.start() > pos:
            parts.append(Expr("str", ln, fmt[pos : m.start()], fmt[pos : m.start()]))
        pos = m.end()
        if m.group() == "%%":
            parts.append(Expr("str", ln, "%", "%"))
            continue
        if i >= len(args):
            return Expr("unknown", ln, text)
        parts.append(args[i])
        i += 1
    if pos < len(fmt):
        parts.append(Expr("str", ln, fmt[pos:], fmt[pos:]))
    return Expr("concat", ln, text, args=tuple(parts))


_BODY_NODES = (
    "short_var_declaration", "assignment_statement", "var_declaration", "const_declaration", "if_statement",
    "return_statement", "range_clause", "call_expression", "send_statement", "composite_literal",
)


@cache
def _body_query() -> Query:
    return Query(ts.parser("tree_sitter_go").language, " ".join(f"({t}) @n" for t in _BODY_NODES))


class _Lowerer:
    def __init__(self, mod: Module):
        self.mod = mod
        self.receiver = ""  # the receiver variable of the method being lowered (read as `this`)
        self.flags: set[str] = set()  # aliases of the standard `flag` package (and FlagSet variables)
        self.flagsets: set[str] = set()  # `*flag.FlagSet` parameters and locals of the function being lowered
        self.vipers: set[str] = set()  # `*viper.Viper` parameters of the function being lowered
        self.package_flags: set[str] = set()  # package variables a flag definition sets

    # -- declarations ------------------------------------------------------------------------
    def file(self, root: Node) -> None:
        found = [n for nodes in QueryCursor(_body_query()).captures(root).values() for n in nodes]
        found.sort(key=lambda n: (n.start_byte, -n.end_byte))  # document order, a node before what it holds
        self._nodes = found
        self._starts = [n.start_byte for n in found]
        for child in root.named_children:
            if child.type == "import_declaration":
                self._imports(child)
        for child in root.named_children:
            t = child.type
            if t in ("const_declaration", "var_declaration"):
                self._specs(child, "", local=False)
            elif t == "type_declaration":
                for spec in child.named_children:
                    if spec.type in ("type_spec", "type_alias") and spec.child_by_field_name("name") is not None:
                        name = ts.text(spec.child_by_field_name("name"))
                        self.mod.classes.setdefault(name, ts.line(spec))
                        self._field_types(name, spec.child_by_field_name("type"))
            elif t in ("function_declaration", "method_declaration"):
                self._function(child)
        if self.package_flags:  # what a flag sets replaces the variable's initial value
            self.mod.assigns[:] = [
                a for a in self.mod.assigns if a.scope or a.cls or a.target not in self.package_flags or a.value.kind == "config"
            ]

    def _field_types(self, cls: str, struct: Node | None) -> None:
        """`options Options` in a struct: the field's declared type (an embedded type is a field
        named after it)."""
        fields = next((c for c in struct.named_children if c.type == "field_declaration_list"), None) if struct is not None and struct.type == "struct_type" else None
        for decl in fields.named_children if fields is not None else ():
            if decl.type != "field_declaration":
                continue
            ftype = ts.text(decl.child_by_field_name("type"))
            names = decl.children_by_field_name("name")
            for n in names or [decl.child_by_field_name("type")]:
                if n is not None:
                    name = ts.text(n) if names else _type_name(n)
                    self.mod.field_types[f"{cls}.{name}"] = ftype

    def _imports(self, node: Node) -> None:
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type != "import_spec":
                stack.extend(n.named_children)
                continue
            path_node = n.child_by_field_name("path")
            if path_node is None:
                continue
            spec = _string(path_node)
            alias_node = n.child_by_field_name("name")
            alias = ts.text(alias_node) if alias_node is not None else package_name(spec)
            self.mod.uses.append(spec)
            if alias in ("_", "."):
                continue
            self.mod.imports[alias] = (spec, "*")
            if spec == "flag":
                self.flags.add(alias)

    def _specs(self, decl: Node, scope: str, local: bool, cls: str = "") -> None:
        for spec in decl.named_children:
            if spec.type == "var_spec_list":
                self._specs(spec, scope, local, cls)
                continue
            if spec.type not in ("const_spec", "var_spec"):
                continue
            names = [c for c in spec.children_by_field_name("name")]
            value = spec.child_by_field_name("value")
            if value is not None:
                self._bind(names, list(value.named_children), spec, scope, cls, local)
            elif spec.type == "var_spec" and spec.child_by_field_name("type") is not None:
                # `var cfg sarama.Config`: a zero value of the type, whose fields are set later
                type_name = _type_name(spec.child_by_field_name("type"))
                for n in names:
                    self.mod.assigns.append(Assign(ts.text(n), Expr("new", ts.line(spec), ts.short(spec), type_name), ts.line(spec), scope, cls, local))

    def _bind(self, left: list[Node], right: list[Node], at: Node, scope: str, cls: str, local: bool) -> None:
        """`a, b := x, y` pairs names and values; `v, err := f()` gives `v` the call's (first) result."""
        for i, target in enumerate(left):
            if i < len(right) and len(right) == len(left):
                value = right[i]
            elif i == 0 and len(right) == 1:
                value = right[0]
            else:
                continue
            name = self._target(target)
            if not name or name == "_":
                continue
            own = target.type == "identifier"  # `s.topic = t` sets a field of the receiver: not a local
            self.mod.assigns.append(Assign(name, self.expr(value, cls, scope), ts.line(at), scope, cls, local and own))

    def _target(self, node: Node) -> str:
        if node.type == "identifier":
            return ts.text(node)
        if node.type == "selector_expression":
            operand, field = node.child_by_field_name("operand"), node.child_by_field_name("field")
            if operand is not None and operand.type == "identifier" and ts.text(operand) == self.receiver and self.receiver:
                return ts.text(field)
            inner = self._target(operand) if operand is not None else ""
            return f"{inner}.{ts.text(field)}" if inner else ""
        if node.type in ("parenthesized_expression", "unary_expression") and node.named_children:
            return self._target(node.named_children[-1])
        return ""

    def _params(self, params: Node | None) -> tuple[list[str], list[tuple[str, str]]]:
        names: list[str] = []
        types: list[tuple[str, str]] = []
        for p in params.named_children if params is not None else ():
            if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            ptype = ts.text(p.child_by_field_name("type"))
            for n in p.children_by_field_name("name"):
                names.append(ts.text(n))
                types.append((ts.text(n), ptype))
        return names, types

    def _function(self, node: Node) -> None:
        name = ts.text(node.child_by_field_name("name"))
        cls = ""
        self.receiver = ""
        receiver = node.child_by_field_name("receiver")
        if receiver is not None:
            decl = next((c for c in receiver.named_children if c.type == "parameter_declaration"), None)
            if decl is not None:
                cls = _type_name(decl.child_by_field_name("type"))
                rname = decl.child_by_field_name("name")
                self.receiver = ts.text(rname) if rname is not None else ""
        qual = f"{cls}.{name}" if cls else name
        if cls:  # a file holding a type's methods declares part of it
            self.mod.classes.setdefault(cls, ts.line(node))
        params, types = self._params(node.child_by_field_name("parameters"))
        self.flagsets = {p for p, ty in types if any(ty.lstrip("*") == f"{f}.FlagSet" for f in self.flags)}
        vipers = {a for a, (spec, _) in self.mod.imports.items() if spec.endswith("/viper")}
        self.vipers = {p for p, ty in types if any(ty.lstrip("*") == f"{v}.Viper" for v in vipers)}
        if self.flags:  # locals made by `flag.NewFlagSet(...)`
            body_text = ts.text(node.child_by_field_name("body"))
            self.flagsets |= {m.group(1) for f in self.flags for m in re.finditer(rf"(\w+)\s*:?=\s*{re.escape(f)}\.NewFlagSet\(", body_text)}
        body = node.child_by_field_name("body")
        first = len(self.mod.assigns)
        returns = self._statements(body, cls, qual) if body is not None else []
        returns = self._env_helper(returns, qual, first)
        self.mod.functions.append(
            Function(name, qual, cls, tuple(params), tuple(returns), ts.line(node), ts.end_line(node), False, (), tuple(types))
        )
        self.receiver = ""

    def _env_helper(self, returns: list[Expr], scope: str, first: int) -> list[Expr]:
        """A helper returning an env var when it is set and a default otherwise
        (`if v := os.Getenv("T"); v != "" { return v }; return "orders"`): one `env` with that
        default.  A returned local is replaced by its env look-up first."""
        if not any(r.kind in ("env", "name") for r in returns):
            return returns
        local = {a.target: a.value for a in self.mod.assigns[first:] if a.scope == scope and a.local}
        resolved = [local[r.value] if r.kind == "name" and local.get(r.value, Expr("", 0)).kind == "env" else r for r in returns]
        envs = [r for r in resolved if r.kind == "env" and not r.args]
        others = [r for r in resolved if not (r.kind == "env" and not r.args)]
        if len(envs) == 1 and len(others) == 1:
            env = envs[0]
            return [Expr("env", env.line, env.text, env.value, env.obj, (others[0],))]
        return returns

    # -- statements --------------------------------------------------------------------------
    def _statements(self, node: Node, cls: str, scope: str) -> list[Expr]:
        """A body's locals, assignments, returns and calls, in document order (the nodes come from
        one query over the file, not a walk of every node); function literals' statements belong
        to the enclosing function, their returns do not."""
        returns: list[Expr] = []
        starts = self._starts
        i = bisect.bisect_left(starts, node.start_byte)
        skip_to = -1
        while i < len(starts) and starts[i] < node.end_byte:
            n = self._nodes[i]
            i += 1
            if n.start_byte < skip_to:
                continue
            t = n.type
            if t in ("short_var_declaration", "assignment_statement"):
                op = ts.text(n.child_by_field_name("operator")) if n.child_by_field_name("operator") else ":="
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                if left is not None and right is not None and op in ("=", ":="):
                    self._bind(list(left.named_children), list(right.named_children), n, scope, cls, True)
            elif t in ("var_declaration", "const_declaration"):
                self._specs(n, scope, True, cls)
            elif t == "if_statement" and self._default_when_empty(n, cls, scope):
                skip_to = n.end_byte
            elif t == "return_statement" and n.named_children and not self._in_literal(n, node):
                values = n.named_children[0]
                first = values.named_children[0] if values.type == "expression_list" and values.named_children else values
                returns.append(self.expr(first, cls, scope))
            elif t == "range_clause":
                left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
                items = left.named_children if left is not None else []
                if right is not None and len(items) == 2 and items[1].type == "identifier":
                    each = self.expr(right, cls, scope)
                    self.mod.assigns.append(Assign(ts.text(items[1]), Expr("member", ts.line(n), each.text + "[]", "[]", each), ts.line(n), scope, cls, True))
            elif t == "call_expression":
                self._flag_var(n, cls, scope)
                self._invoked_literal(n, cls, scope)
                self.mod.calls.append(CallSite(self.expr(n, cls, scope), scope, cls))
            elif t == "send_statement":
                self._send(n, cls, scope)
            elif t == "composite_literal":  # a construction: `&Service{topic: t}` gives the field its value
                e = self.expr(n, cls, scope)
                if e.kind == "new":
                    self.mod.calls.append(CallSite(e, scope, cls))
        return returns

    @staticmethod
    def _in_literal(n: Node, body: Node) -> bool:
        """`n` sits in a function literal inside `body`."""
        p = n.parent
        while p is not None and p != body:
            if p.type == "func_literal":
                return True
            p = p.parent
        return False

    def _default_when_empty(self, n: Node, cls: str, scope: str) -> bool:
        """`v := os.Getenv("T")` then `if v == "" { v = "orders" }`: `v` is the env var with that
        default (one assignment, at the default's line).  True when the `if` was read so."""
        cond, body = n.child_by_field_name("condition"), n.child_by_field_name("consequence")
        if cond is None or body is None or n.child_by_field_name("alternative") is not None or cond.type != "binary_expression":
            return False
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        if ts.text(cond.child_by_field_name("operator")) != "==" or left is None or right is None or left.type != "identifier" or ts.text(right) != '""':
            return False
        stmts = [c for c in body.named_children if c.type != "comment"]
        stmts = [c for s in stmts for c in (s.named_children if s.type == "statement_list" else [s]) if c.type != "comment"]
        if len(stmts) != 1 or stmts[0].type != "assignment_statement" or ts.text(stmts[0].child_by_field_name("left")) != ts.text(left):
            return False
        name = ts.text(left)
        earlier = [a for a in self.mod.assigns if a.scope == scope and a.target == name and a.line <= ts.line(n)]
        env = earlier[-1].value if earlier else None
        rhs = stmts[0].child_by_field_name("right")
        if env is None or env.kind != "env" or env.args or rhs is None or len(rhs.named_children) != 1:
            return False
        default = self.expr(rhs.named_children[0], cls, scope)
        line = ts.line(stmts[0])
        self.mod.assigns.append(Assign(name, Expr("env", env.line, env.text, env.value, env.obj, (default,)), line, scope, cls, True))
        return True

    def _invoked_literal(self, n: Node, cls: str, scope: str) -> None:
        """`go func(topic string) { ... }("jobs")`: the literal's parameters are its arguments (its
        body is walked as part of the enclosing function)."""
        fn = n.child_by_field_name("function")
        arg_list = n.child_by_field_name("arguments")
        if fn is None or fn.type != "func_literal" or arg_list is None:
            return
        params, _ = self._params(fn.child_by_field_name("parameters"))
        for name, arg in zip(params, arg_list.named_children, strict=False):
            self.mod.assigns.append(Assign(name, self.expr(arg, cls, scope), ts.line(n), scope, cls, True))

    def _send(self, n: Node, cls: str, scope: str) -> None:
        """`producer.Input() <- msg`: a call of the channel's method with the value sent."""
        channel, value = n.child_by_field_name("channel"), n.child_by_field_name("value")
        if channel is None or value is None:
            return
        ch = self.expr(channel, cls, scope)
        if ch.kind == "call" and not ch.args and ch.obj is not None:
            self.mod.calls.append(CallSite(Expr("call", ts.line(n), ts.short(n), obj=ch.obj, args=(self.expr(value, cls, scope),)), scope, cls))

    def _flag_var(self, n: Node, cls: str, scope: str) -> None:
        """`flag.StringVar(&opts.Topic, "topic", "orders", "...")`: the variable is the flag."""
        fn = n.child_by_field_name("function")
        method = ts.text(fn.child_by_field_name("field")) if fn is not None and fn.type == "selector_expression" else ""
        if method not in _FLAG_VARS and method[:-1] not in _FLAG_VARS:  # pflag's `StringVarP` adds a shorthand
            return
        args = [a for a in (n.child_by_field_name("arguments") or n).named_children]
        default = 3 if method.endswith("P") else 2
        if len(args) <= default or args[0].type != "unary_expression":
            return
        target = self._target(args[0])
        value = _flag(self.expr(args[1], cls, scope), self.expr(args[default], cls, scope), ts.line(n), ts.short(n))
        if target:
            own = args[0].named_children[-1].type == "identifier" if args[0].named_children else False
            declared = any(a.scope == scope and a.target == target and a.local for a in self.mod.assigns)
            if own and scope and not declared:  # a package variable the flag sets (`flag.StringVar(&topic, ...)` in init)
                self.package_flags.add(target)
                self.mod.assigns.append(Assign(target, value, ts.line(n), "", "", False))
            else:
                self.mod.assigns.append(Assign(target, value, ts.line(n), scope, cls, own and bool(scope)))
        self.mod.calls.append(CallSite(value, scope, cls))  # a flag definition, found by its name

    # -- expressions -------------------------------------------------------------------------
    def expr(self, n: Node, cls: str, scope: str) -> Expr:
        t, ln = n.type, ts.line(n)
        if t in ("interpreted_string_literal", "raw_string_literal"):
            return Expr("str", ln, ts.short(n), _string(n))
        if t in ("int_literal", "float_literal", "true", "false", "nil", "rune_literal", "imaginary_literal", "iota"):
            return Expr("lit", ln, ts.text(n), ts.text(n))
        if t == "identifier":
            name = ts.text(n)
            return Expr("name", ln, name, "this" if name == self.receiver and self.receiver else name)
        if t == "parenthesized_expression" and n.named_children:
            return self.expr(n.named_children[-1], cls, scope)
        if t == "unary_expression":
            operand = n.child_by_field_name("operand")
            op = ts.text(n.child_by_field_name("operator"))
            if operand is not None and op in ("&", "*"):
                return self.expr(operand, cls, scope)
        if t == "selector_expression":
            operand, field = n.child_by_field_name("operand"), n.child_by_field_name("field")
            return Expr("member", ln, ts.short(n), ts.text(field), self.expr(operand, cls, scope) if operand is not None else None)
        if t == "binary_expression":
            op = ts.text(n.child_by_field_name("operator"))
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if left is not None and right is not None and op == "+":
                a, b = self.expr(left, cls, scope), self.expr(right, cls, scope)
                parts = (a.args if a.kind == "concat" else (a,)) + (b.args if b.kind == "concat" else (b,))
                return Expr("concat", ln, ts.short(n), args=parts)
        if t == "call_expression":
            return self._call(n, cls, scope)
        if t == "composite_literal":
            return self._composite(n, cls, scope)
        if t == "index_expression":
            operand, index = n.child_by_field_name("operand"), n.child_by_field_name("index")
            if operand is not None and index is not None and index.type == "interpreted_string_literal":
                return Expr("member", ln, ts.short(n), _string(index), self.expr(operand, cls, scope))
        return Expr("unknown", ln, ts.short(n))

    def _call(self, n: Node, cls: str, scope: str) -> Expr:
        ln = ts.line(n)
        fn = n.child_by_field_name("function")
        arg_list = n.child_by_field_name("arguments")
        args = tuple(self.expr(a, cls, scope) for a in (arg_list.named_children if arg_list is not None else ()))
        if fn is not None and fn.type == "selector_expression":
            pkg = fn.child_by_field_name("operand")
            method = ts.text(fn.child_by_field_name("field"))
            pkg_name = ts.text(pkg) if pkg is not None and pkg.type == "identifier" else ""
            imported = self.mod.imports.get(pkg_name, ("", ""))[0]
            if imported == "os" and method in ("Getenv", "LookupEnv") and args:
                return self._env(args[0], ln, n)
            if imported == "cmp" and method == "Or" and args:  # the first argument that is not the zero value
                return Expr("coalesce", ln, ts.short(n), args=args)
            if imported == "fmt" and method == "Sprintf" and args and args[0].kind == "str":
                return _sprintf(args[0].value, args[1:], ln, ts.short(n))
            if imported == "strings" and method == "Join" and len(args) == 2 and args[1].kind == "str" and args[0].kind == "array":
                items: list[Expr] = []
                for i, a in enumerate(args[0].args):
                    if i:
                        items.append(args[1])
                    items.append(a)
                return Expr("concat", ln, ts.short(n), args=tuple(items))
            if method in _FLAG_FUNCS and len(args) >= 2 and (imported == "flag" or self._flagset(pkg_name)):
                return _flag(args[0], args[1], ln, ts.short(n))
            if method in _VIPER_GETTERS and len(args) == 1 and ("viper" in imported or self._viper(pkg_name)):
                key = args[0]
                return Expr("config", ln, ts.short(n), key.value) if key.kind == "str" else Expr("config", ln, ts.short(n), "", key)
        if fn is not None and fn.type == "identifier" and ts.text(fn) == "append" and args:
            # `msgs = append(msgs, m)`: the items appended (the slice's earlier items are its other assignments)
            return Expr("array", ln, ts.short(n), args=args[1:])
        if fn is not None and fn.type == "identifier" and ts.text(fn) == "new" and arg_list is not None and arg_list.named_children:
            return Expr("new", ln, ts.short(n), _type_name(arg_list.named_children[0]))  # `new(Service)`
        callee = self.expr(fn, cls, scope) if fn is not None else Expr("unknown", ln)
        if callee.kind == "name" and callee.value in ("string", "[]byte") and len(args) == 1:
            return args[0]  # a conversion keeps the value
        return Expr("call", ln, ts.short(n), obj=callee, args=args)

    def _viper(self, name: str) -> bool:
        """A `*viper.Viper` parameter (`v.GetString(key)`)."""
        return name in self.vipers

    def _flagset(self, name: str) -> bool:
        """A `*flag.FlagSet` parameter or a local made by `flag.NewFlagSet(...)`."""
        return name in self.flagsets

    def _env(self, key: Expr, ln: int, n: Node) -> Expr:
        if key.kind == "str":
            return Expr("env", ln, ts.short(n), key.value)
        return Expr("env", ln, ts.short(n), "", key)  # the name is evaluated (a helper's parameter)

    def _composite(self, n: Node, cls: str, scope: str) -> Expr:
        ln = ts.line(n)
        type_node = n.child_by_field_name("type")
        body = n.child_by_field_name("body")
        fields: list[tuple[str, Expr]] = []
        items: list[Expr] = []
        for el in body.named_children if body is not None else ():
            if el.type == "keyed_element":
                kv = [c for c in el.named_children]
                if len(kv) != 2:
                    continue
                key_node = kv[0].named_children[0] if kv[0].type == "literal_element" and kv[0].named_children else kv[0]
                value_node = kv[1].named_children[0] if kv[1].type == "literal_element" and kv[1].named_children else kv[1]
                if key_node.type in ("interpreted_string_literal", "raw_string_literal"):
                    key = _string(key_node)
                else:
                    key = ts.text(key_node)
                fields.append((key, self._element(value_node, cls, scope)))
            else:
                inner = el.named_children[0] if el.type == "literal_element" and el.named_children else el
                items.append(self._element(inner, cls, scope))
        if type_node is not None and type_node.type in ("slice_type", "array_type", "implicit_length_array_type"):
            return Expr("array", ln, ts.short(n), args=tuple(items))
        if type_node is None:
            return Expr("object", ln, ts.short(n), fields=tuple(fields)) if fields or not items else Expr("array", ln, ts.short(n), args=tuple(items))
        return Expr("new", ln, ts.short(n), _type_name(type_node), args=tuple(items), fields=tuple(fields))

    def _element(self, n: Node, cls: str, scope: str) -> Expr:
        if n.type == "literal_value":  # an elided type: `{Topic: "a"}` inside a slice of structs
            fields: list[tuple[str, Expr]] = []
            items: list[Expr] = []
            for el in n.named_children:
                if el.type == "keyed_element" and len(el.named_children) == 2:
                    k, v = el.named_children
                    k = k.named_children[0] if k.type == "literal_element" and k.named_children else k
                    v = v.named_children[0] if v.type == "literal_element" and v.named_children else v
                    key = _string(k) if k.type in ("interpreted_string_literal", "raw_string_literal") else ts.text(k)
                    fields.append((key, self._element(v, cls, scope)))
                else:
                    inner = el.named_children[0] if el.type == "literal_element" and el.named_children else el
                    items.append(self._element(inner, cls, scope))
            if fields:
                return Expr("object", ts.line(n), ts.short(n), fields=tuple(fields))
            return Expr("array", ts.line(n), ts.short(n), args=tuple(items))
        return self.expr(n, cls, scope)
