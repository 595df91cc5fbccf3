"""Resolve string expressions (topic names, setting values) within one file.

Origins: literal, constant (a same-file module/class/local name), enum, f-string (also ``+``,
``%`` and ``.format`` of known parts), config-key (a same-file dict, or an imported one as a
py-const Pending on its flattened key), env-default, parameter (call sites in this file, or the
default), imported-constant (a py-const Pending), unresolved.
"""

from __future__ import annotations

import ast
import itertools
import string
from dataclasses import replace

from copilot.model.facts import Loc, Pending
from copilot.scan.extractors.py_dicts import Dicts, Entry
from copilot.scan.extractors.py_index import Assignment, ModuleIndex, Param, Scope, method_scope
from copilot.scan.extractors.py_source import arg, dotted, is_none, kwarg, str_const
from copilot.scan.extractors.py_values import UNRES, Val, combine, constant, dedupe, through

MAX_DEPTH = 10
MAX_COMBINATIONS = 16
ENV_GETTERS = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault", "getenv", "environ.get"})
ENUM_BASES = frozenset({"Enum", "StrEnum", "enum.Enum", "enum.StrEnum"})
_SETTINGS_BASES = ("BaseSettings",)
# stdlib modules whose subscripts are run-time values (sys.argv[1]), never imported config dicts
_RUNTIME_MODULES = frozenset({"sys"})
_PARSE_ARGS = frozenset(
    {"parse_args", "parse_known_args", "parse_intermixed_args", "parse_known_intermixed_args"}
)
_MISSING = object()
_STAR = object()


class Resolver:
    """Name resolution over one `ModuleIndex`."""

    def __init__(self, index: ModuleIndex, path: str) -> None:
        self.index = index
        self.path = path
        self._cache: dict[tuple[int, int], list[Val]] = {}
        self._active: set[tuple[int, int]] = set()
        self._cli: dict[str, list[tuple[ast.Call, Scope]]] | None = None
        self.dicts = Dicts(self)

    def loc(self, line: int) -> Loc:
        return Loc(self.path, line)

    # ------------------------------------------------------------------ strings
    def resolve(self, expr: ast.AST | None, scope: Scope, depth: int = 0) -> list[Val]:
        if expr is None or depth > MAX_DEPTH:
            return [UNRES]
        key = (id(expr), id(scope))
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if key in self._active:
            return [UNRES]
        self._active.add(key)
        try:
            vals = dedupe(self._resolve(expr, scope, depth))
        finally:
            self._active.discard(key)
        self._cache[key] = vals
        return vals

    def resolve_one(self, expr: ast.AST | None, scope: Scope, depth: int = 0) -> Val:
        return self.resolve(expr, scope, depth)[0]

    def _resolve(self, expr: ast.AST, scope: Scope, depth: int) -> list[Val]:
        if isinstance(expr, ast.Constant):
            return [constant(expr.value)]
        if isinstance(expr, ast.JoinedStr):
            return self._fstring(expr, scope, depth)
        if isinstance(expr, ast.Name):
            return self._name(expr, scope, depth)
        if isinstance(expr, ast.Attribute):
            return self._attribute(expr, scope, depth)
        if isinstance(expr, ast.Subscript):
            return self._subscript(expr, scope, depth)
        if isinstance(expr, ast.Call):
            return self._call(expr, scope, depth)
        if isinstance(expr, ast.BinOp):
            return self._binop(expr, scope, depth)
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            return self._or(expr, scope, depth)
        if isinstance(expr, ast.IfExp):
            return self.resolve(expr.body, scope, depth + 1) + self.resolve(expr.orelse, scope, depth + 1)
        if isinstance(expr, ast.Await):
            return self.resolve(expr.value, scope, depth + 1)
        if (
            isinstance(expr, ast.UnaryOp)
            and isinstance(expr.op, ast.USub)
            and isinstance(expr.operand, ast.Constant)
            and isinstance(expr.operand.value, int | float)
        ):
            return [Val(f"-{expr.operand.value}", "literal")]
        return [UNRES]

    def _fstring(self, expr: ast.JoinedStr, scope: Scope, depth: int) -> list[Val]:
        pieces: list[str | list[Val]] = []
        for value in expr.values:
            if isinstance(value, ast.Constant):
                pieces.append(str(value.value))
            elif isinstance(value, ast.FormattedValue) and value.format_spec is None:
                pieces.append(self.resolve(value.value, scope, depth + 1))
            else:
                return [UNRES]
        return self._template(pieces)

    def _template(self, pieces: list[str | list[Val]]) -> list[Val]:
        choices = [[p] if isinstance(p, str) else p for p in pieces]
        combos = itertools.islice(itertools.product(*choices), MAX_COMBINATIONS)
        return [combine(list(c)) for c in combos]

    def _binop(self, expr: ast.BinOp, scope: Scope, depth: int) -> list[Val]:
        if isinstance(expr.op, ast.Add):
            left = self.resolve(expr.left, scope, depth + 1)
            right = self.resolve(expr.right, scope, depth + 1)
            return self._template([left, right])
        if (
            isinstance(expr.op, ast.Mod)
            and isinstance(expr.left, ast.Constant)
            and isinstance(expr.left.value, str)
        ):
            fmt = expr.left.value
            args = expr.right.elts if isinstance(expr.right, ast.Tuple) else [expr.right]
            chunks = fmt.split("%s")
            if len(chunks) != len(args) + 1 or "%" in "".join(chunks).replace("%%", ""):
                return [UNRES]
            pieces: list[str | list[Val]] = [chunks[0].replace("%%", "%")]
            for a, chunk in zip(args, chunks[1:], strict=True):
                pieces.append(self.resolve(a, scope, depth + 1))
                pieces.append(chunk.replace("%%", "%"))
            return self._template(pieces)
        return [UNRES]

    def _or(self, expr: ast.BoolOp, scope: Scope, depth: int) -> list[Val]:
        """``os.getenv("X") or "default"`` is an env lookup with a default; otherwise the first known value."""
        first = self.resolve(expr.values[0], scope, depth + 1)[0]
        if first.pending is not None and first.pending.kind == "env" and first.name is None:
            for other in expr.values[1:]:
                fallback = self.resolve(other, scope, depth + 1)[0]
                if fallback.known:
                    pending = Pending("env", first.pending.key, default=fallback.name)
                    return [Val(fallback.name, "env-default", pending, first.via + fallback.via)]
            return [first]
        for value in expr.values:
            val = self.resolve(value, scope, depth + 1)[0]
            if val.ok and val.name:
                return [val]
        return [UNRES]

    def _name(self, expr: ast.Name, scope: Scope, depth: int) -> list[Val]:
        found = self.index.lookup(expr.id, scope, expr.lineno)
        if found is None:
            return [UNRES]
        kind, obj = found
        if kind == "assign":
            return self._assigned(obj[-1], depth)  # type: ignore[index]
        if kind == "param":
            fn, param = obj  # type: ignore[misc]
            return self._param(fn, param, depth)
        if kind == "import":
            if obj.attr is None:  # type: ignore[union-attr]
                return [UNRES]
            key = f"{obj.module}:{obj.attr}"  # type: ignore[union-attr]
            return [Val(None, "imported-constant", Pending("py-const", key))]
        return [UNRES]

    def _assigned(self, asg: Assignment, depth: int, origin: str = "constant") -> list[Val]:
        if asg.value is None:
            return [UNRES]
        loc = self.loc(asg.line)
        if asg.kind == "for":
            out: list[Val] = []
            for element, scope, named in self.items(asg.value, asg.scope, depth + 1):
                for val in self.resolve(element, scope, depth + 1):
                    if named:
                        val = through(val, self.loc(element.lineno))
                    out.append(through(val, loc))
            return out
        if asg.kind == "with":
            return [UNRES]
        return [through(v, loc, origin) for v in self.resolve(asg.value, asg.scope, depth + 1)]

    # ------------------------------------------------------------------ parameters
    def param_sources(self, fn: Scope, param: Param) -> list[tuple[ast.expr | None, Scope, Loc]]:
        """What flows into `param`: each call site's argument (None when unknowable) or the default."""
        sites = self.index.call_sites(fn)
        out: list[tuple[ast.expr | None, Scope, Loc]] = []
        used_default = not sites
        for call, scope, shift in sites:
            value = bind_argument(call, param, shift)
            if value is _MISSING:
                used_default = True
            elif value is _STAR:
                out.append((None, scope, self.loc(call.lineno)))
            else:
                out.append((value, scope, self.loc(call.lineno)))  # type: ignore[arg-type]
        if used_default and param.default is not None and not is_none(param.default):
            out.append((param.default, fn.parent or fn, self.loc(param.default.lineno)))
        return out

    def _param(self, fn: Scope, param: Param, depth: int) -> list[Val]:
        vals: list[Val] = []
        for value, scope, loc in self.param_sources(fn, param):
            if value is None:
                vals.append(UNRES)
                continue
            for val in self.resolve(value, scope, depth + 1):
                vals.append(
                    Val(val.name, "parameter", val.pending, (loc, *val.via), val.pattern) if val.ok else val
                )
        return vals or [UNRES]

    # ------------------------------------------------------------------ attributes
    def _attribute(self, expr: ast.Attribute, scope: Scope, depth: int) -> list[Val]:
        if expr.attr == "value" and isinstance(expr.value, ast.Attribute):
            inner = self._attribute(expr.value, scope, depth + 1)
            if all(v.ok for v in inner):
                return inner
        base = expr.value
        if expr.attr == "value" and isinstance(base, ast.Name):
            inner = self._name(base, scope, depth + 1)  # `topic.value`: the enum member(s) `topic` holds
            if inner and all(v.ok for v in inner) and any(v.pending is not None or v.origin == "enum" for v in inner):
                return inner
        if isinstance(base, ast.Name):
            method = method_scope(scope)
            if method is not None and base.id == method.self_name and method.owner_class is not None:
                return self._self_attr(method.owner_class, expr.attr, depth)
            found = self.index.lookup(base.id, scope, expr.lineno)
            if found is not None:
                kind, obj = found
                if kind == "class":
                    return self.class_attr(obj, expr.attr, depth)  # type: ignore[arg-type]
                if kind == "assign":
                    value = obj[-1].value  # type: ignore[index]
                    cls = (
                        self.same_file_class(value.func, obj[-1].scope)
                        if isinstance(value, ast.Call)
                        else None
                    )
                    if cls is not None:
                        return self.class_attr(cls, expr.attr, depth)
                    return self._cli_default(expr.attr, depth) if _parsed_args(obj[-1]) else [UNRES]  # type: ignore[index]
                if kind == "param":
                    return self._cli_default(expr.attr, depth)
                if kind != "import":
                    return [UNRES]
        elif isinstance(base, ast.Attribute):
            outer = self._nested_class(base, scope)
            if outer is not None:
                return self.class_attr(outer, expr.attr, depth)
        text = dotted(expr)
        key = self.index.import_key(text) if text else None
        if key is not None:
            if key.endswith(".value"):
                key = key[: -len(".value")]
            return [Val(None, "imported-constant", Pending("py-const", key))]
        return [UNRES]

    # ------------------------------------------------------------------ argparse
    def cli_options(self) -> dict[str, list[tuple[ast.Call, Scope]]]:
        """``parser.add_argument(...)`` calls of this file by destination (``dest=``, else the first
        long option, else the first short one, dashes as underscores)."""
        if self._cli is None:
            self._cli = {}
            for call, scope in self.index.calls_by_attr.get("add_argument", ()):
                dest = _cli_dest(call)
                if dest:
                    self._cli.setdefault(dest, []).append((call, scope))
        return self._cli

    def _cli_default(self, attr: str, depth: int) -> list[Val]:
        """``args.topic`` with ``parser.add_argument("-t", dest="topic", default="orders")`` in this
        file: the default (origin ``cli-default``, via the add_argument line), which a command-line
        option overrides at run time.  Only an unambiguous destination counts."""
        options = self.cli_options().get(attr)
        if not options or len(options) != 1:
            return [UNRES]
        call, scope = options[0]
        default = kwarg(call, "default")
        if default is None or is_none(default):
            return [UNRES]
        loc = self.loc(call.lineno)
        out: list[Val] = []
        for val in self.resolve(default, scope, depth + 1):
            if val.known:
                out.append(Val(val.name, "cli-default", None, (loc, *val.via)))
            elif val.ok and val.pending is not None:  # default=os.getenv("TOPIC", "orders")
                out.append(Val(val.name, val.origin, val.pending, (loc, *val.via), val.pattern))
            else:
                out.append(UNRES)
        return out

    def _nested_class(self, expr: ast.Attribute, scope: Scope) -> Scope | None:
        if not isinstance(expr.value, ast.Name):
            return None
        found = self.index.lookup(expr.value.id, scope, expr.lineno)
        if found is None or found[0] != "class":
            return None
        return found[1].classes.get(expr.attr)  # type: ignore[union-attr]

    def same_file_class(self, func: ast.AST, scope: Scope) -> Scope | None:
        if isinstance(func, ast.Name):
            found = self.index.lookup(func.id, scope, func.lineno)
            if found is not None and found[0] == "class":
                return found[1]  # type: ignore[return-value]
        return None

    def _self_attr(self, cls: Scope, attr: str, depth: int) -> list[Val]:
        assigns = cls.self_assigns.get(attr)
        if assigns:
            out: list[Val] = []
            for asg in assigns:
                out.extend(self._assigned(asg, depth))
            return out
        return self.class_attr(cls, attr, depth)

    def class_attr(self, cls: Scope, attr: str, depth: int) -> list[Val]:
        assigns = cls.assigns.get(attr)
        if not assigns:
            return [UNRES]
        asg = assigns[-1]
        if is_settings_class(cls):
            return [self._settings_field(cls, asg, depth)]
        origin = "enum" if is_enum_class(cls) else "constant"
        return self._assigned(asg, depth, origin)

    def _settings_field(self, cls: Scope, asg: Assignment, depth: int) -> Val:
        """A pydantic BaseSettings field: the environment (``<env_prefix><NAME>``) overrides the default."""
        prefix = ""
        config = cls.classes.get("Config")
        if config is not None and config.assigns.get("env_prefix"):
            prefix = self.resolve_one(config.assigns["env_prefix"][-1].value, config, depth + 1).name or ""
        model_config = cls.assigns.get("model_config")
        if model_config and isinstance(model_config[-1].value, ast.Call):
            node = model_config[-1].value
            for kw in node.keywords:
                if kw.arg == "env_prefix":
                    prefix = self.resolve_one(kw.value, cls, depth + 1).name or ""
        key = f"{prefix}{asg.name}".upper()
        if asg.value is None:
            return Val(None, "env-default", Pending("env", key), (self.loc(asg.line),))
        default = self.resolve_one(asg.value, cls, depth + 1)
        if not default.known:
            return Val(None, "env-default", Pending("env", key), (self.loc(asg.line),))
        return Val(
            default.name, "env-default", Pending("env", key, default=default.name), (self.loc(asg.line),)
        )

    # ------------------------------------------------------------------ subscripts and calls
    def const_key(self, node: ast.AST | None, scope: Scope, depth: int = 0) -> str | None:
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str | int)
            and not isinstance(node.value, bool)
        ):
            return str(node.value)
        val = self.resolve_one(node, scope, depth + 1) if node is not None else UNRES
        return val.name if val.known else None

    def _subscript(self, expr: ast.Subscript, scope: Scope, depth: int) -> list[Val]:
        base_text = dotted(expr.value)
        qualified = (self.index.qualify(base_text) or base_text) if base_text else ""
        if qualified == "os.environ":
            key = self.const_key(expr.slice, scope, depth)
            return [Val(None, "env-default", Pending("env", key))] if key else [UNRES]
        if qualified.split(".")[0] in _RUNTIME_MODULES:  # sys.argv[2]: a run-time value, not a config key
            return [UNRES]
        keys: list[str] = []
        node: ast.expr = expr
        while isinstance(node, ast.Subscript):
            key = self.const_key(node.slice, scope, depth)
            if key is None:
                return [UNRES]
            keys.append(key)
            node = node.value
        keys.reverse()
        return self.config_lookup(node, keys, scope, depth, None)

    def config_lookup(
        self, base: ast.expr, keys: list[str], scope: Scope, depth: int, default: ast.expr | None
    ) -> list[Val]:
        entries = self.dict_entries(base, scope, depth + 1)
        if entries is not None:
            for i, key in enumerate(keys):
                entry = entries.get(key)
                if entry is None:
                    break
                if i == len(keys) - 1:
                    loc = self.loc(entry.line)
                    return [
                        through(v, loc, "config-key")
                        for v in self.resolve(entry.value, entry.scope, depth + 1)
                    ]
                entries = self.dict_entries(entry.value, entry.scope, depth + 1)
                if entries is None:
                    return [UNRES]
            if default is not None:
                return self.resolve(default, scope, depth + 1)
            return [UNRES]
        text = dotted(base)
        prefix = self.index.import_key(text) if text else None
        if prefix is None:
            return [UNRES]
        fallback = self.resolve_one(default, scope, depth + 1) if default is not None else UNRES
        name = fallback.name if fallback.known else None
        return [Val(name, "config-key", Pending("py-const", f"{prefix}.{'.'.join(keys)}", default=name))]

    def _call(self, expr: ast.Call, scope: Scope, depth: int) -> list[Val]:
        func = expr.func
        qualified = self.index.qualified_call(func)
        if qualified in ENV_GETTERS:
            return self._env(expr, scope, depth)
        if qualified == "str" and len(expr.args) == 1:
            return self.resolve(expr.args[0], scope, depth + 1)
        if qualified == "re.compile" and expr.args:
            return [replace(v, pattern=True) for v in self.resolve(expr.args[0], scope, depth + 1)]
        if isinstance(func, ast.Attribute):
            if func.attr == "format":
                return self._format(expr, scope, depth)
            if func.attr == "get" and expr.args and not isinstance(func.value, ast.Call):
                key = self.const_key(expr.args[0], scope, depth)
                default = expr.args[1] if len(expr.args) > 1 else None
                if key:
                    return self.config_lookup(func.value, [key], scope, depth, default)
                return self._runtime_key(func.value, default, scope, depth)
        if isinstance(func, ast.Name):
            found = self.index.lookup(func.id, scope, expr.lineno)
            if found is not None and found[0] == "function":
                fn: Scope = found[1]  # type: ignore[assignment]
                out: list[Val] = []
                for ret in fn.returns:
                    out.extend(through(v, self.loc(ret.lineno)) for v in self.resolve(ret, fn, depth + 1))
                return out or [UNRES]
        return [UNRES]

    def _runtime_key(self, base: ast.expr, default: ast.expr | None, scope: Scope, depth: int) -> list[Val]:
        """`m.get(k, d)` / `m[k]` with a key known only at run time: every value of a dict literal
        of this file (one each), plus the default; for a mapping defined elsewhere (an overrides
        map in settings), the default."""
        values = self._literal_dict_values(base, scope)
        out: list[Val] = []
        if values is not None:
            for value, line in values:
                out.extend(through(v, self.loc(line), "config-key") for v in self.resolve(value, scope, depth + 1))
        elif default is None:
            return [UNRES]
        if default is not None:
            out.extend(self.resolve(default, scope, depth + 1))
        if not out or any(not v.ok for v in out):
            return [UNRES]
        return out[:MAX_COMBINATIONS]

    def _literal_dict_values(self, base: ast.expr, scope: Scope) -> list[tuple[ast.expr, int]] | None:
        """The values of the dict literal a name is bound to (module or function level), else None."""
        if not isinstance(base, ast.Name):
            return None
        found = self.index.lookup(base.id, scope, getattr(base, "lineno", 0))
        if found is None or found[0] != "assign":
            return None
        assigns = found[1]
        if len(assigns) != 1 or not isinstance(assigns[0].value, ast.Dict):  # type: ignore[index,arg-type]
            return None
        literal: ast.Dict = assigns[0].value  # type: ignore[index,assignment]
        if any(k is None for k in literal.keys):  # `{**other}`: not all values are here
            return None
        return [(v, v.lineno) for v in literal.values]

    def _env(self, expr: ast.Call, scope: Scope, depth: int) -> list[Val]:
        key = self.const_key(arg(expr, 0, "key"), scope, depth)
        if key is None:
            return [UNRES]
        default = arg(expr, 1, "default", "value")
        if default is None or is_none(default):
            return [Val(None, "env-default", Pending("env", key))]
        out = []
        for val in self.resolve(default, scope, depth + 1):
            if val.known:
                out.append(Val(val.name, "env-default", Pending("env", key, default=val.name), val.via))
            else:
                out.append(Val(None, "env-default", Pending("env", key), val.via))
        return out

    def _format(self, expr: ast.Call, scope: Scope, depth: int) -> list[Val]:
        base = self.resolve_one(expr.func.value, scope, depth + 1)  # type: ignore[attr-defined]
        if not base.known:
            return [UNRES]
        pieces: list[str | list[Val]] = []
        auto = 0
        try:
            parsed = list(string.Formatter().parse(base.name or ""))
        except ValueError:
            return [UNRES]
        for literal, field_name, spec, _conversion in parsed:
            if literal:
                pieces.append(literal)
            if field_name is None:
                continue
            if spec:
                return [UNRES]
            if field_name == "":
                node = expr.args[auto] if auto < len(expr.args) else None
                auto += 1
            elif field_name.isdigit():
                index = int(field_name)
                node = expr.args[index] if index < len(expr.args) else None
            else:
                node = next((kw.value for kw in expr.keywords if kw.arg == field_name), None)
            if node is None:
                return [UNRES]
            pieces.append(self.resolve(node, scope, depth + 1))
        return [replace(v, via=base.via + v.via) if v.ok else v for v in self._template(pieces)]

    # ------------------------------------------------------------------ lists and dicts
    def items(self, expr: ast.expr, scope: Scope, depth: int = 0) -> list[tuple[ast.expr, Scope, bool]]:
        """Expand a list/tuple/set (literal, or a name bound to one) into its elements.

        The flag says the element was reached through a named definition (its origin is then
        ``constant`` rather than ``literal``).
        """
        if isinstance(expr, ast.Starred):
            expr = expr.value
        if isinstance(expr, ast.List | ast.Tuple | ast.Set):
            out: list[tuple[ast.expr, Scope, bool]] = []
            for element in expr.elts:
                if isinstance(element, ast.Starred):
                    out.extend(self.items(element.value, scope, depth + 1))
                else:
                    out.append((element, scope, False))
            return out
        if depth < MAX_DEPTH and isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            left = self.items(expr.left, scope, depth + 1)
            right = self.items(expr.right, scope, depth + 1)
            if len(left) + len(right) > 2 or left[0][0] is not expr.left or right[0][0] is not expr.right:
                return left + right
        if depth < MAX_DEPTH and isinstance(expr, ast.Name):
            found = self.index.lookup(expr.id, scope, expr.lineno)
            if found is not None and found[0] == "assign":
                asg = found[1][-1]  # type: ignore[index]
                if asg.kind == "assign" and isinstance(
                    asg.value, ast.List | ast.Tuple | ast.Set | ast.Name | ast.BinOp
                ):
                    inner = self.items(asg.value, asg.scope, depth + 1)
                    if len(inner) != 1 or inner[0][0] is not asg.value:
                        return [(e, s, True) for e, s, _ in inner]
        return [(expr, scope, False)]

    def dict_entries(self, expr: ast.AST | None, scope: Scope, depth: int = 0) -> dict[str, Entry] | None:
        """The keys of a dict built in this file (see `Dicts.entries`); None when unknown."""
        return self.dicts.entries(expr, scope, depth)


def bind_argument(call: ast.Call, param: Param, shift: int) -> object:
    """The argument expression `call` passes for `param`, _MISSING or _STAR (unknowable)."""
    if param.index is not None:
        position = param.index - shift
        if position >= 0:
            for i, a in enumerate(call.args):
                if isinstance(a, ast.Starred):
                    return _STAR
                if i == position:
                    return a
    for kw in call.keywords:
        if kw.arg == param.name:
            return kw.value
    if any(kw.arg is None for kw in call.keywords):
        return _STAR
    return _MISSING


def is_enum_class(cls: Scope) -> bool:
    return any(base in ENUM_BASES or base.endswith(".Enum") for base in cls.bases)


def is_settings_class(cls: Scope) -> bool:
    return any(base.split(".")[-1] in _SETTINGS_BASES for base in cls.bases)


def _parsed_args(asg: Assignment) -> bool:
    """``args = parser.parse_args()`` (or ``args, rest = parser.parse_known_args()``)."""
    value = asg.value
    if value is None:
        return asg.kind == "assign"  # a tuple target: `args, _ = parser.parse_known_args()`
    if isinstance(value, ast.Subscript):  # parser.parse_known_args()[0]
        value = value.value
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in _PARSE_ARGS
    )


def _cli_dest(call: ast.Call) -> str | None:
    """argparse's destination of an ``add_argument`` call."""
    dest = str_const(kwarg(call, "dest"))
    if dest:
        return dest
    options = [str_const(a) for a in call.args]
    if not options or any(o is None for o in options):
        return None
    longs = [o for o in options if o and o.startswith("--")]
    shorts = [o for o in options if o and o.startswith("-") and not o.startswith("--")]
    chosen = longs[0] if longs else shorts[0] if shorts else options[0]
    return (chosen or "").lstrip("-").replace("-", "_") or None
