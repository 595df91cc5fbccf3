"""Resolving Go expressions to topic names (and other string values) within one file.

An expression resolves to one or more `Value`s, each a `TopicRef` plus, when the name came in
through a function parameter, the call site that supplied it:

- string literal -> origin ``literal``
- a const/var of this file (package level or local) -> ``constant``, ``via`` = the definition
- an identifier not defined in this file -> ``Pending("go-const", "<dir>:NAME")``
  (Go constants are package-scoped, so the resolver looks in the other files of the same dir)
- ``pkg.Name`` with ``pkg`` an import -> ``Pending("go-const", "<import path>:Name")``, origin
  ``imported-constant``; ``cfg.Field`` with ``cfg`` not an import -> ``Pending("attribute", "cfg.Field")``,
  the settings field's one default in the service (see `copilot.scan.resolve.Resolver.attribute_default`)
- a parameter of the enclosing function -> one value per distinct argument at the call sites in
  this file, origin ``parameter``, ``via`` starting with the call site
- ``os.Getenv("T")`` -> ``Pending("env", "T")``, name None; an env helper with a default
  (``getEnv("T", "orders")``, ``cmp.Or(os.Getenv("T"), "orders")``, or ``t := os.Getenv("T")``
  followed by ``if t == "" { t = "orders" }``) -> name = default, origin ``env-default``
- ``viper.GetString("kafka.topic")`` -> ``Pending("property", "kafka.topic")``, origin ``config-key``
- ``fmt.Sprintf`` / ``+`` over resolvable parts -> the joined name (``constant``), or a
  ``Pending("template", "{0}.suffix", parts=(<part>,))`` (a `str.format` pattern, as the resolver
  expects) with origin ``f-string`` when a part is pending; any runtime part -> unresolved
- a command-line flag (``topic := flag.String("topic", "orders", ...)``, ``flag.StringVar(&topic, "topic",
  "orders", ...)``, pflag's ``...P`` forms, cobra's ``cmd.Flags()``) -> name = its default, origin
  ``cli-default``, ``via`` the flag line (an option given at run time overrides it)
- an empty string (``""``, a flag or env default of ``""``) is never a name: unresolved
- anything else -> origin ``unresolved``, name None, text = the expression
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from tree_sitter import Node

from copilot.model.facts import Loc, Pending, TopicRef
from copilot.scan.extractors import go_ast as ga
from copilot.scan.extractors.go_index import Binding, FileIndex, FuncInfo, param_names

_MAX_DEPTH = 12  # nested resolutions (constants referring to constants, templates ...)
_MAX_PARAM_DEPTH = 3  # function-parameter hops followed back to call sites
_MAX_COMBINATIONS = 8
_BUILTINS = frozenset({"append", "cap", "close", "copy", "delete", "len", "make", "new", "panic", "print",
                       "println", "recover", "string", "min", "max", "clear"})  # fmt: skip
# marks an exported call argument that is a settings field (``Func(2)@12`` -> "\x00attr:f.options.Topic")
ARGUMENT_ATTRIBUTE = "\x00attr:"
_ENV_FUNCS = {"Getenv", "LookupEnv"}
_ENV_PACKAGES = {"os", "syscall"}
_NON_CONST_PACKAGES = ("os", "fmt", "strings", "errors", "time", "context", "log", "strconv", "sync")
_PLACEHOLDER = re.compile(r"(?<!\{)\{(\d+)\}")
_VERB = re.compile(r"%[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])")
# flag.String("topic", "orders", "usage") -> index of the default; StringVar(&v, name, default, usage)
_FLAG_FUNCS = {"String": 1, "StringP": 2}
_FLAG_VAR_FUNCS = {"StringVar": 2, "StringVarP": 3}
_FLAG_PACKAGES = ("flag", "github.com/spf13/pflag")
_EMPTY_CHECK = re.compile(r"^\s*(\w+)\s*==\s*\"\"\s*$|^\s*len\((\w+)\)\s*==\s*0\s*$")


@dataclass
class Value:
    ref: TopicRef
    site: Loc | None = None  # outermost call site that supplied the value through a parameter
    sites: list[Loc] = field(default_factory=list)


def _copy(value: Value) -> Value:
    ref = replace(value.ref, via=list(value.ref.via))
    return Value(ref, value.site, list(value.sites))


class Resolver:
    def __init__(self, index: FileIndex):
        self.index = index
        self.path = index.path
        self._env_helpers = self._find_env_helpers()
        self._viper = index.alias_of("github.com/spf13/viper")
        self._flag_pkgs = {a for a, imp in index.imports.items() if imp.path in _FLAG_PACKAGES}
        self._flags = self._find_flag_vars()

    # ---- public ---------------------------------------------------------------------------
    def values(self, expr: Node | None) -> list[Value]:
        """All values `expr` can take (a ``[]string{...}`` gives one per element)."""
        if expr is None:
            return []
        return [_not_empty(_copy(v)) for v in self._resolve(expr, 0, 0, frozenset())]

    def string(self, expr: Node | None) -> str | None:
        """The expression's value when it is one fully known string (literal or constant)."""
        vals = self.values(expr)
        if len(vals) == 1 and vals[0].ref.name is not None and vals[0].ref.pending is None:
            return vals[0].ref.name
        return None

    def run_time(self, name: str, binding: Binding) -> bool:
        """A package variable a command-line flag sets (``flag.StringVar(&topic, ...)``, ``topic =
        flag.String(...)``): its value is known only at run time, so it is no exported constant."""
        return name in self._flags or self._flag_call(binding.value) is not None

    def name_or_text(self, expr: Node | None) -> str:
        value = self.string(expr)
        return value if value is not None else ga.text(ga.unwrap(expr))

    # ---- core -----------------------------------------------------------------------------
    def _loc(self, node: Node) -> Loc:
        return Loc(self.path, ga.line(node))

    def _unresolved(self, node: Node) -> list[Value]:
        return [Value(TopicRef(ga.text(node), None, "unresolved"))]

    def _resolve(self, node: Node, depth: int, pdepth: int, stack: frozenset) -> list[Value]:
        original = node
        node = ga.unwrap_ref(node)
        if node is None or depth > _MAX_DEPTH:
            return self._unresolved(original)
        literal = ga.string_value(node)
        if literal is not None:
            return [Value(TopicRef(ga.text(node), literal, "literal"))]
        kind = node.type
        if kind == "identifier":
            return self._identifier(node, depth, pdepth, stack)
        if kind == "selector_expression":
            return self._selector(node)
        if kind == "call_expression":
            return self._call(node, depth, pdepth, stack)
        if kind == "type_conversion_expression":
            return self._resolve(node.child_by_field_name("operand"), depth + 1, pdepth, stack)
        if kind == "binary_expression" and ga.text(node.child_by_field_name("operator")) == "+":
            return self._template(node, _concat_parts(node), depth, pdepth, stack)
        if kind == "composite_literal" and ga.literal_type(node).startswith("["):
            out: list[Value] = []
            for el in ga.elements(node):
                out.extend(self._resolve(el, depth + 1, pdepth, stack))
            return out
        return self._unresolved(node)

    def _identifier(self, node: Node, depth: int, pdepth: int, stack: frozenset) -> list[Value]:
        name = ga.text(node)
        flag = self._flag_of(name, node)
        if flag is not None:
            call, default = flag
            return self._cli_default(name, call, default, depth, pdepth, stack)
        bindings = [
            b for b in self.index.bindings_before(name, node) if b.stmt is None or not ga.inside(node, b.stmt)
        ]
        if bindings:
            return _named(name, self._from_bindings(node, bindings, depth, pdepth, stack))
        closure = self._closure_param(node, name, depth, pdepth, stack)
        if closure is not None:
            return closure
        fn = self.index.func_of(node)
        if fn is not None and name in fn.params:
            return self._parameter(node, fn, fn.params.index(name), depth, pdepth, stack)
        const = self.index.consts.get(name)
        if const is not None:
            return _named(name, self._through(const, depth, pdepth, stack))
        pending = Pending("go-const", f"{self.index.dir}:{name}")
        return [Value(TopicRef(name, None, "constant", pending))]

    def _through(self, binding: Binding, depth: int, pdepth: int, stack: frozenset) -> list[Value]:
        """Values of a named binding: literal results become ``constant`` via the definition."""
        if (
            binding.value is None
            or binding.kind in ("range", "recv")
            or (binding.tuple_rhs and binding.index)
        ):
            return [Value(TopicRef(binding.name, None, "unresolved"))]
        key = ("binding", binding.pos)
        if key in stack:
            return [Value(TopicRef(binding.name, None, "unresolved"))]
        flag = self._flag_call(binding.value)
        if flag is not None:  # topic := flag.String("topic", "orders", "...")
            out = self._cli_default(binding.name, binding.value, flag, depth, pdepth, stack | {key})
            for value in out:
                if value.ref.via[:1] != [Loc(self.path, binding.line)]:
                    value.ref.via.insert(0, Loc(self.path, binding.line))
            return out
        out = []
        for value in self._resolve(binding.value, depth + 1, pdepth, stack | {key}):
            value = _copy(value)
            if value.ref.origin == "literal":
                value.ref.origin = "constant"
            value.ref.via.insert(0, Loc(self.path, binding.line))
            out.append(value)
        return out

    def _from_bindings(
        self, node: Node, bindings: list[Binding], depth: int, pdepth: int, stack: frozenset
    ) -> list[Value]:
        first, last = bindings[0], bindings[-1]
        env = (
            self._env_call(first.value)
            if first.value is not None and first.value.type == "call_expression"
            else None
        )
        if env is not None and len(bindings) > 1:
            default = self._default_assignment(first.name, bindings[1:])
            if default is not None:
                value, binding = default
                pending = Pending("env", env, default=value)
                ref = TopicRef(
                    ga.text(first.value),
                    value,
                    "env-default",
                    pending,
                    via=[Loc(self.path, first.line), Loc(self.path, binding.line)],
                )
                return [Value(ref)]
        return self._through(last, depth, pdepth, stack)

    def _default_assignment(self, name: str, later: list[Binding]) -> tuple[str, Binding] | None:
        """``if t == "" { t = "orders" }`` after ``t := os.Getenv(...)`` -> ("orders", binding)."""
        for binding in later:
            if binding.stmt is None or binding.value is None:
                continue
            for anc in ga.ancestors(binding.stmt):
                if anc.type == "if_statement":
                    match = _EMPTY_CHECK.match(ga.text(anc.child_by_field_name("condition")))
                    if match and name in match.groups():
                        value = self.string(binding.value)
                        if value is not None:
                            return value, binding
                    break
                if anc.type in ga.FUNC_KINDS:
                    break
        return None

    def _closure_param(
        self, node: Node, name: str, depth: int, pdepth: int, stack: frozenset
    ) -> list[Value] | None:
        """A parameter of an enclosing ``func(...) {...}(arg)``: the argument; other closures: unknown."""
        for anc in ga.ancestors(node):
            if anc.type in ga.FUNC_KINDS:
                return None
            if anc.type != "func_literal":
                continue
            params = param_names(anc.child_by_field_name("parameters"))
            if name not in params:
                continue
            call = anc.parent
            if (
                call is not None
                and call.type == "call_expression"
                and call.child_by_field_name("function") == anc
            ):
                call_args = ga.args(call)
                i = params.index(name)
                if i < len(call_args):
                    return self._resolve(call_args[i], depth + 1, pdepth, stack)
            return [Value(TopicRef(name, None, "unresolved"))]
        return None

    def _parameter(
        self, node: Node, fn: FuncInfo, i: int, depth: int, pdepth: int, stack: frozenset
    ) -> list[Value]:
        key = ("param", fn.node.start_byte, i)
        if pdepth >= _MAX_PARAM_DEPTH or key in stack:
            return [Value(TopicRef(ga.text(node), None, "unresolved"))]
        out: list[Value] = []
        seen: set[tuple] = set()
        for call in self.index.call_sites(fn):
            call_args = ga.args(call)
            if i >= len(call_args) or call_args[i].type == "variadic_argument":
                continue
            site = self._loc(call)
            for value in self._resolve(call_args[i], depth + 1, pdepth + 1, stack | {key}):
                value = _copy(value)
                ident = (value.ref.name, value.ref.pending, value.ref.text if value.ref.name is None else "")
                if ident in seen:
                    continue
                seen.add(ident)
                value.ref.via.insert(0, site)
                value.sites.insert(0, site)
                if value.site is None:
                    value.site = site
                if value.ref.name is not None and value.ref.pending is None:
                    value.ref.origin = "parameter"
                out.append(value)
        if not out and not fn.is_method and not self.index.call_sites(fn):
            # called only from other files: the repository resolver reads their call sites
            pending = Pending("go-param", f"{self.index.dir}:{fn.simple}:{i}")
            return [Value(TopicRef(ga.text(node), None, "parameter", pending))]
        return out or [Value(TopicRef(ga.text(node), None, "unresolved"))]

    def call_arguments(self) -> dict[str, tuple[str, int]]:
        """What this file passes to functions of other files, as symbols ``Func(i)@line``: a known
        string, or ``ARGUMENT_ATTRIBUTE + "cfg.Topic"`` for a settings field the repository settles."""
        out: dict[str, tuple[str, int]] = {}
        for name, calls in self.index.calls_by_name.items():
            if not name or any(f.simple == name and not f.is_method for f in self.index.funcs):
                continue  # a function of this file: its parameters are resolved here
            if name in _BUILTINS:
                continue
            for call in calls:
                receiver, _ = ga.callee(call)
                if receiver is not None:
                    path = self.index.import_path(ga.text(receiver), call) if receiver.type == "identifier" else None
                    if path is None or "." not in path.split("/")[0] or _is_kafka_client(path) or path in _FLAG_PACKAGES:
                        continue  # a method call, a call into the standard library or a client library
                for i, arg in enumerate(ga.args(call)):
                    node = ga.unwrap(arg)
                    if node is None or node.type not in ("selector_expression", "identifier", "interpreted_string_literal"):
                        continue
                    vals = self.values(arg)
                    if len(vals) != 1:
                        continue
                    ref = vals[0].ref
                    if ref.name is not None and ref.pending is None:
                        out[f"{name}({i})@{ga.line(call)}"] = (ref.name, ga.line(call))
                    elif ref.pending is not None and ref.pending.kind == "attribute":
                        out[f"{name}({i})@{ga.line(call)}"] = (ARGUMENT_ATTRIBUTE + ref.pending.key, ga.line(call))
        return out

    def _struct_field(self, node: Node, operand: Node, fld: str, depth: int) -> list[Value] | None:
        """`pub.topic` where `pub` is a method receiver (or a variable) of a struct type whose
        composite literals in this file set `topic:` — e.g. `&Publisher{topic: TradesTopic}`.
        Resolved only when every literal of that type agrees."""
        typ = ""
        fn = self.index.func_of(node)
        if fn is not None and fn.is_method:
            typ = fn.receiver_type.lstrip("*")
        values: list[Value] = []
        for lit in self.index.caps.get("lit", []):
            ltype = ga.literal_type(lit).lstrip("&*")
            if typ and ltype.rsplit(".", 1)[-1] != typ:
                continue
            hit = ga.keyed(lit).get(fld)
            if hit is None:
                continue
            values.extend(self._resolve(hit[1], depth + 1, 0, frozenset()))
        if not values or any(v.ref.name is None and v.ref.pending is None for v in values):
            return None
        out: dict[tuple[str | None, Pending | None], Value] = {}
        for v in values:  # several literals with different values: one value each
            ref = TopicRef(ga.text(node), v.ref.name, v.ref.origin, v.ref.pending, via=[*v.ref.via])
            out.setdefault((v.ref.name, v.ref.pending), Value(ref))
        return list(out.values())[:_MAX_COMBINATIONS]

    def _selector(self, node: Node) -> list[Value]:
        operand = node.child_by_field_name("operand")
        fld = ga.text(node.child_by_field_name("field"))
        flags = self._flags.get(ga.text(node), [])
        if len(flags) == 1:  # flag.StringVar(&opts.Topic, "topic", "orders", "...")
            return self._cli_default(ga.text(node), *flags[0], 0, 0, frozenset())
        if operand is not None and operand.type == "identifier" and fld[:1].islower():
            found = self._struct_field(node, operand, fld, 1)
            if found is not None:
                return found
        if operand is not None and operand.type == "identifier" and fld[:1].isupper():
            path = self.index.import_path(ga.text(operand), node)
            if path is not None and path not in _NON_CONST_PACKAGES and not _is_kafka_client(path):
                pending = Pending("go-const", f"{path}:{fld}")
                return [Value(TopicRef(ga.text(node), None, "imported-constant", pending))]
            if path is None:  # `cfg.TopicPrefix`: a settings struct's field, settled from its default
                return [Value(TopicRef(ga.text(node), None, "settings-default", Pending("attribute", ga.text(node))))]
        root = operand
        while root is not None and root.type == "selector_expression":
            root = root.child_by_field_name("operand")
        if operand is not None and operand.type == "selector_expression" and fld[:1].isupper() and root is not None \
                and root.type == "identifier" and self.index.import_path(ga.text(root), node) is None:
            # `f.options.Topic`: a field of a settings object held by another
            return [Value(TopicRef(ga.text(node), None, "settings-default", Pending("attribute", ga.text(node))))]
        return self._unresolved(node)

    # ---- calls ----------------------------------------------------------------------------
    def _env_call(self, call: Node | None) -> str | None:
        """The variable name of ``os.Getenv("X")`` / ``os.LookupEnv("X")``, else None."""
        if call is None or call.type != "call_expression":
            return None
        receiver, name = ga.callee(call)
        call_args = ga.args(call)
        if name in _ENV_FUNCS and receiver is not None and ga.text(receiver) in _ENV_PACKAGES and call_args:
            return self.string(call_args[0])
        return None

    def _find_env_helpers(self) -> dict[str, FuncInfo]:
        """Functions of this file that read the env var named by their first parameter."""
        helpers: dict[str, FuncInfo] = {}
        for name in _ENV_FUNCS:
            for call in self.index.calls_by_name.get(name, []):
                receiver, _ = ga.callee(call)
                call_args = ga.args(call)
                if receiver is None or ga.text(receiver) not in _ENV_PACKAGES or not call_args:
                    continue
                fn = self.index.func_of(call)
                if (
                    fn is not None
                    and fn.params
                    and ga.text(call_args[0]) == fn.params[0]
                    and not fn.is_method
                ):
                    helpers[fn.simple] = fn
        return helpers

    def _call(self, node: Node, depth: int, pdepth: int, stack: frozenset) -> list[Value]:
        receiver, name = ga.callee(node)
        call_args = ga.args(node)
        recv = ga.text(receiver) if receiver is not None else ""
        if receiver is None and name == "string" and len(call_args) == 1:
            return self._resolve(call_args[0], depth + 1, pdepth, stack)
        env = self._env_call(node)
        if env is not None:
            return [Value(TopicRef(ga.text(node), None, "env", Pending("env", env)))]
        if receiver is None and name in self._env_helpers and call_args:
            key = self.string(call_args[0])
            if key is not None:
                default = self.string(call_args[1]) if len(call_args) > 1 else None
                if default is not None:
                    return [
                        Value(TopicRef(ga.text(node), default, "env-default", Pending("env", key, default)))
                    ]
                return [Value(TopicRef(ga.text(node), None, "env", Pending("env", key)))]
        if recv == "cmp" and name == "Or" and len(call_args) >= 2:
            env = self._env_call(ga.unwrap(call_args[0]))
            default = self.string(call_args[1])
            if env is not None and default is not None:
                return [Value(TopicRef(ga.text(node), default, "env-default", Pending("env", env, default)))]
            if env is not None and ga.string_value(call_args[1]) == "":  # an empty default is none
                return [Value(TopicRef(ga.text(node), None, "env", Pending("env", env)))]
        flag = self._flag_call(node)
        if flag is not None:
            return self._cli_default(ga.text(node), node, flag, depth, pdepth, stack)
        if name.startswith("GetString") and call_args and receiver is not None:
            key = self.string(call_args[0])
            registered = self._registered_default(key, node) if key is not None else None
            if registered is not None:  # `v.GetString(k)` of a flag (or SetDefault) registered with key k
                return self._cli_default(ga.text(node), registered[0], registered[1], depth, pdepth, stack)
            if key is not None and recv in self._viper:
                return [Value(TopicRef(ga.text(node), None, "config-key", Pending("property", key)))]
        if recv == "fmt" and name == "Sprintf" and call_args:
            pieces = _sprintf_parts(self.string(call_args[0]), call_args[1:])
            if pieces is not None:
                return self._template(node, pieces, depth, pdepth, stack)
        if receiver is None and not call_args:
            fn = next((f for f in self.index.funcs if f.simple == name and not f.is_method), None)
            if fn is not None:
                return self.returns(fn, node, depth, stack)
        if receiver is not None and receiver.type == "identifier" and not call_args and name[:1].isupper():
            path = self.index.import_path(recv, node)
            if path is not None and path not in _NON_CONST_PACKAGES and not _is_kafka_client(path):
                # a helper of another package: its exported result (see `golang.symbols`)
                pending = Pending("go-const", f"{path}:{name}()")
                return [Value(TopicRef(ga.text(node), None, "imported-constant", pending))]
        return self._unresolved(node)

    def returns(self, fn: FuncInfo, at: Node | None = None, depth: int = 0, stack: frozenset = frozenset()) -> list[Value]:
        """What a parameterless function returns: one value per return statement, and an env read
        with an empty check falling through to a literal (``if t := os.Getenv("T"); t != "" {
        return t }; return "orders"``) is that env var with the literal as its default."""
        unknown = [Value(TopicRef(ga.text(at) if at is not None else f"{fn.simple}()", None, "unresolved"))]
        key = ("returns", fn.node.start_byte)
        if key in stack or depth > _MAX_DEPTH or fn.body is None:
            return unknown
        found: list[Value] = []
        for ret in _return_statements(fn.body):
            exprs = [c for c in ret.named_children if c.type != "comment"]
            if not exprs:
                continue
            first = exprs[0].named_children[0] if exprs[0].type == "expression_list" else exprs[0]
            for value in self._resolve(first, depth + 1, 0, stack | {key}):
                value = _copy(value)
                value.ref.via.insert(0, self._loc(ret))
                found.append(value)
        if not found or any(v.ref.name is None and v.ref.pending is None for v in found):
            return unknown
        envs = [v for v in found if v.ref.pending is not None and v.ref.pending.kind == "env" and v.ref.name is None]
        known = [v for v in found if v.ref.pending is None]
        text = ga.text(at) if at is not None else f"{fn.simple}()"
        if len(envs) == 1 and len(known) == 1 and len(found) == 2:
            env, default = envs[0].ref, known[0].ref
            pending = Pending("env", env.pending.key, default=default.name)  # type: ignore[union-attr]
            return [Value(TopicRef(text, default.name, "env-default", pending, via=[*env.via, *default.via]))]
        out: dict[tuple, Value] = {}
        for v in found:  # several possible results: one value each
            out.setdefault((v.ref.name, v.ref.pending), Value(replace(v.ref, text=text), v.site, v.sites))
        return list(out.values())[:_MAX_COMBINATIONS]

    # ---- command-line flags ---------------------------------------------------------------
    def _is_flag_set(self, receiver: Node | None, at: Node) -> bool:
        """`flag` / `pflag`, `cmd.Flags()` / `PersistentFlags()` (cobra), a `flag.NewFlagSet` variable."""
        receiver = ga.unwrap(receiver)
        if receiver is None:
            return False
        if receiver.type == "identifier":
            name = ga.text(receiver)
            if name in self._flag_pkgs and self.index.import_path(name, at) is not None:
                return True
            bindings = self.index.bindings_before(name, at) or (
                [self.index.consts[name]] if name in self.index.consts else []
            )
            value = bindings[-1].value if bindings else None
            return value is not None and value.type == "call_expression" and ga.callee(value)[1] == "NewFlagSet"
        if receiver.type == "call_expression":
            return ga.callee(receiver)[1] in ("Flags", "PersistentFlags", "LocalFlags")
        return False

    def _flag_call(self, node: Node | None) -> Node | None:
        """The default of ``flag.String("topic", "orders", "usage")`` (also pflag ``StringP``, cobra
        ``cmd.Flags().String``), else None."""
        node = ga.unwrap(node)
        if node is None or node.type != "call_expression":
            return None
        receiver, name = ga.callee(node)
        call_args = ga.args(node)
        if name in _FLAG_FUNCS and len(call_args) > _FLAG_FUNCS[name] and self._is_flag_set(receiver, node):
            return call_args[_FLAG_FUNCS[name]]
        return None

    def _find_flag_vars(self) -> dict[str, list[tuple[Node, Node]]]:
        """``flag.StringVar(&topic, "topic", "orders", ...)``: variable -> (call, default value)."""
        out: dict[str, list[tuple[Node, Node]]] = {}
        for func, index in _FLAG_VAR_FUNCS.items():
            for call in self.index.calls_by_name.get(func, []):
                receiver, _ = ga.callee(call)
                call_args = ga.args(call)
                if len(call_args) <= index or not self._is_flag_set(receiver, call):
                    continue
                target = ga.unwrap(call_args[0])
                if target is None or target.type != "unary_expression" or ga.text(
                    target.child_by_field_name("operator")
                ) != "&":
                    continue
                var = ga.unwrap(target.child_by_field_name("operand"))
                if var is not None and var.type in ("identifier", "selector_expression"):  # &topic, &opts.Topic
                    out.setdefault(ga.text(var), []).append((call, call_args[index]))
        return out

    def _flag_of(self, name: str, node: Node) -> tuple[Node, Node] | None:
        """The one flag that sets variable `name` as seen at `node` (a local flagged in the same
        function, or a package variable flagged anywhere in the file)."""
        flags = self._flags.get(name)
        if not flags:
            return None
        local = self.index.is_local(name, node)
        fn = self.index.func_of(node)
        found = [
            (call, default)
            for call, default in flags
            if (self.index.is_local(name, call) and self.index.func_of(call) is fn)
            or (not local and not self.index.is_local(name, call))
        ]
        return found[0] if len(found) == 1 else None

    def _registered_default(self, key: str, at: Node) -> tuple[Node, Node] | None:
        """(call, default) of this file's ``flags.String(key, default, usage)`` / ``StringP(key, short,
        default, usage)`` / ``v.SetDefault(key, default)`` for a config key: what a viper-style
        ``v.GetString(key)`` returns when nothing overrides it."""
        found = []
        for method, index, count in (("String", 1, 3), ("StringP", 2, 4), ("SetDefault", 1, 2)):
            for call in self.index.calls_by_name.get(method, []):
                call_args = ga.args(call)
                if len(call_args) == count and call is not at and self.string(call_args[0]) == key:
                    found.append((call, call_args[index]))
        return found[0] if len(found) == 1 else None

    def _cli_default(
        self, text: str, flag: Node, default: Node, depth: int, pdepth: int, stack: frozenset
    ) -> list[Value]:
        """A flag's default, origin ``cli-default`` via the flag line (a command-line option overrides
        it at run time); an empty default is no name: unresolved."""
        loc = self._loc(flag)
        out: list[Value] = []
        for value in self._resolve(default, depth + 1, pdepth, stack):
            ref = value.ref
            if ref.pending is not None:  # default: os.Getenv("T"), a constant of another file
                out.append(Value(replace(ref, text=text, via=[loc, *ref.via]), value.site, list(value.sites)))
            elif ref.name and ref.pending is None:
                out.append(Value(TopicRef(text, ref.name, "cli-default", via=[loc, *ref.via])))
            else:
                out.append(Value(TopicRef(text, None, "unresolved", via=[loc])))
        return out or [Value(TopicRef(text, None, "unresolved", via=[loc]))]

    # ---- templates ------------------------------------------------------------------------
    def _template(
        self, node: Node, pieces: list[str | Node], depth: int, pdepth: int, stack: frozenset
    ) -> list[Value]:
        options: list[list[Value | str]] = []
        for piece in pieces:
            if isinstance(piece, str):
                options.append([piece])
                continue
            literal = ga.string_value(piece)
            if literal is not None:
                options.append([literal])
                continue
            vals = self._resolve(piece, depth + 1, pdepth, stack)
            if any(v.ref.name is None and v.ref.pending is None for v in vals) or not vals:
                return self._unresolved(node)
            options.append(list(vals))
        out: list[Value] = []
        for combo in itertools.islice(itertools.product(*options), _MAX_COMBINATIONS):
            out.append(self._join(node, combo))
        return out

    def _join(self, node: Node, combo: tuple[Value | str, ...]) -> Value:
        """Join template pieces; pending parts become ``{0}``, ``{1}``... of a ``template`` Pending
        (the key is a `str.format` pattern, literal braces doubled)."""
        names: list[str] = []
        keys: list[str] = []
        parts: list[Pending] = []
        via: list[Loc] = []
        site: Loc | None = None
        sites: list[Loc] = []
        known = True
        for piece in combo:
            if isinstance(piece, str):
                names.append(piece)
                keys.append(_escape(piece))
                continue
            ref = piece.ref
            via.extend(ref.via)
            site = site or piece.site
            sites.extend(piece.sites)
            if ref.name is None:
                known = False
            else:
                names.append(ref.name)
            if ref.pending is None:
                keys.append(_escape(ref.name or ""))
            elif ref.pending.kind == "template":
                offset = len(parts)
                keys.append(
                    _PLACEHOLDER.sub(lambda m, o=offset: f"{{{int(m.group(1)) + o}}}", ref.pending.key)
                )
                parts.extend(ref.pending.parts)
            else:
                keys.append(f"{{{len(parts)}}}")
                parts.append(ref.pending)
        name = "".join(names) if known else None
        if not parts:
            return Value(TopicRef(ga.text(node), name, "constant", via=via), site, sites)
        pending = Pending("template", "".join(keys), default=name, parts=tuple(parts))
        return Value(TopicRef(ga.text(node), name, "f-string", pending, via=via), site, sites)


def _return_statements(body: Node) -> list[Node]:
    """The return statements of a function body, not those of closures inside it."""
    out, todo = [], [body]
    while todo:
        node = todo.pop()
        for child in node.named_children:
            if child.type == "return_statement":
                out.append(child)
            elif child.type not in ("func_literal",):
                todo.append(child)
    return sorted(out, key=lambda n: n.start_byte)


def _not_empty(value: Value) -> Value:
    """An empty string is never a topic name (nor a group): unresolved, shown as the expression."""
    if value.ref.name == "" and value.ref.pending is None:
        value.ref = TopicRef(value.ref.text, None, "unresolved", via=value.ref.via)
    elif value.ref.name == "":
        value.ref = replace(value.ref, name=None)
    if value.ref.pending is not None and value.ref.pending.default == "":
        value.ref = replace(value.ref, pending=replace(value.ref.pending, default=None))
    return value


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _named(text: str, values: list[Value]) -> list[Value]:
    """Values reached through a named constant show that name as their text (``OrdersTopic``)."""
    for value in values:
        if value.ref.origin in ("literal", "constant", "f-string", "imported-constant"):
            value.ref = replace(value.ref, text=text)
    return values


def _concat_parts(node: Node) -> list[str | Node]:
    if node.type == "binary_expression" and ga.text(node.child_by_field_name("operator")) == "+":
        left = ga.unwrap(node.child_by_field_name("left"))
        right = ga.unwrap(node.child_by_field_name("right"))
        if left is None or right is None:
            return [node]
        return _concat_parts(left) + _concat_parts(right)
    return [node]


def _sprintf_parts(fmt: str | None, call_args: list[Node]) -> list[str | Node] | None:
    """Split a Sprintf format into literal text and argument nodes; None for verbs we can't model."""
    if fmt is None:
        return None
    pieces: list[str | Node] = []
    pos = 0
    arg_i = 0
    for match in _VERB.finditer(fmt):
        pieces.append(fmt[pos : match.start()])
        pos = match.end()
        verb = match.group(1)
        if verb == "%":
            pieces.append("%")
            continue
        if verb not in "sdv" or arg_i >= len(call_args):
            return None
        pieces.append(call_args[arg_i])
        arg_i += 1
    pieces.append(fmt[pos:])
    if arg_i != len(call_args):
        return None
    return [p for p in pieces if not (isinstance(p, str) and p == "")]


def _is_kafka_client(path: str) -> bool:
    return any(lib in path for lib in ("segmentio/kafka-go", "/sarama", "confluent-kafka-go"))
