"""The Python front-end: a file lowered into the IR with the standard library's `ast`.

Lowered: imports (`import a.b as m` is a namespace, `from .x import Y` a name), module and class
definitions (annotated or not), Enum members (an `enum` holder with its `value` and `name`),
dataclass / NamedTuple / attrs-style classes (a synthesised constructor taking the annotated
fields in order), functions and methods with parameters (not `self`/`cls`), defaults and return
expressions, nested functions (qualified `outer.inner`), `self.x = ...` anywhere in a class,
calls with positional arguments and keyword arguments as fields, construction of a class defined
or imported under a CapWords name (`new`), member access, subscripts with their key (`index`),
copies with changed fields (`dataclasses.replace`, `_replace`: `with`), loaded YAML/JSON
documents (`yaml.safe_load(...)`: `doc`), f-strings, `+`, `%` and `str.format` (`concat`), `a or b` (`coalesce`), `a if c else b`
(`choice`), `os.environ.get`/`os.getenv`/`os.environ[...]` (`env`, with the default) and dict,
list, tuple and set literals.

The rest of what the scan knows about a Python file (message handlers, field reads, inline
schemas, exported symbols, settings) still comes from `copilot.scan.extractors.python`, run by
`facts()` next to the lowering.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from copilot.lang.ir import Assign, CallSite, Expr, Function, Module

_ENUM_BASES = {"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"}
_RECORD_BASES = {"NamedTuple"}
_RECORD_DECORATORS = {"dataclass", "dataclasses.dataclass", "attr.s", "attrs", "attr.attrs", "define", "attrs.define", "frozen", "attrs.frozen"}
_FORMAT_FIELD = re.compile(r"\{([^{}]*)\}")
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-+ #0]*\d*(?:\.\d+)?[sdrif]")
_DOC_LOADERS = {"safe_load", "load", "full_load", "unsafe_load", "loads"}
_TESTS = ("tests/*", "*/tests/*", "test/*", "*/test/*", "*/test_*.py", "test_*.py", "*_test.py", "conftest.py", "*/conftest.py")


class PythonFrontEnd:
    name = "python"
    suffixes = (".py",)
    markers = (r"kafka", r"arroyo", r"faust", r"pulsar")
    test_globs = _TESTS

    def lower(self, path: str, source: bytes) -> Module:
        mod = Module(path, self.name)
        text = source.decode("utf-8", "replace").lstrip("\ufeff")
        try:
            tree = ast.parse(text, filename=path)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            line = getattr(exc, "lineno", None) or 1
            mod.warnings.append(f"{path}:{line}: python front-end could not parse the file: {exc.__class__.__name__}")
            return mod
        return lower_tree(path, text, tree)

    def facts(self, path: str, source: bytes):  # noqa: ANN201 - FileFacts, imported lazily
        """The file's facts with its IR, from one parse: what the Python extractor still reads
        outside the IR (handlers, field reads, schemas, symbols, settings, and the endpoints of
        the libraries it still matches) and the lowered module."""
        from copilot.model.facts import FileFacts
        from copilot.scan.extractors import python as extractor

        facts = FileFacts(path, self.name)
        text, tree = extractor.parse(path, source, facts.warnings)
        if tree is None:
            return facts
        extractor.extract_tree(path, text, tree, facts)
        try:
            facts.ir = lower_tree(path, text, tree)
        except Exception as exc:  # a front-end never takes the scan down with it
            facts.warnings.append(f"{path}:1: python front-end failed: {exc.__class__.__name__}: {exc}")
        return facts


def lower_tree(path: str, text: str, tree: ast.Module) -> Module:
    mod = Module(path, "python")
    _Lowerer(mod, text.encode("utf-8")).module(tree)
    return mod


FRONTENDS = (PythonFrontEnd(),)


def _dotted(e: ast.expr) -> str:
    if isinstance(e, ast.Name):
        return e.id
    if isinstance(e, ast.Attribute):
        inner = _dotted(e.value)
        return f"{inner}.{e.attr}" if inner else ""
    return ""


class _Lowerer:
    def __init__(self, mod: Module, source: bytes):
        self.mod = mod
        self.source = source
        self.starts = [0, *(m.end() for m in re.finditer(b"\n", source))]  # ast columns are UTF-8 byte offsets
        self.class_names: set[str] = set()
        self.enum_classes: set[str] = set()
        self.branches = 0  # conditional blocks (if/for/while/try/match) around the statement, in this function

    def text(self, node: ast.AST) -> str:
        """The source text of a node, as written (shortened when long)."""
        try:
            start = self.starts[node.lineno - 1] + node.col_offset  # type: ignore[attr-defined]
            end = self.starts[node.end_lineno - 1] + node.end_col_offset  # type: ignore[attr-defined]
            out = self.source[start:end].decode("utf-8", "replace")
        except (AttributeError, IndexError, TypeError):
            return node.__class__.__name__
        out = " ".join(out.split()) if "\n" in out else out
        return out if len(out) <= 200 else out[:197] + "..."

    # -- statements ----------------------------------------------------------------------------
    def module(self, tree: ast.Module) -> None:
        todo: list[ast.stmt] = list(tree.body)  # classes are known before their first use
        while todo:
            node = todo.pop()
            if isinstance(node, ast.ClassDef):
                self.class_names.add(node.name)
                todo.extend(node.body)
            elif isinstance(node, (ast.If, ast.Try)):
                todo.extend(node.body)
                todo.extend(node.orelse)
        self.body(tree.body, "", "", None)

    def body(self, stmts: list[ast.stmt], cls: str, scope: str, returns: list[Expr] | None) -> None:
        for s in stmts:
            self.stmt(s, cls, scope, returns)

    def stmt(self, s: ast.stmt, cls: str, scope: str, returns: list[Expr] | None) -> None:
        if isinstance(s, ast.Import):
            for a in s.names:
                self.mod.uses.append(a.name)
                if a.asname:
                    self.mod.imports[a.asname] = (a.name, "*")
                else:
                    top = a.name.split(".")[0]
                    self.mod.imports[top] = (top, "*")
            return
        if isinstance(s, ast.ImportFrom):
            spec = "." * s.level + (s.module or "")
            self.mod.uses.append(spec)
            for a in s.names:
                if a.name != "*":
                    self.mod.imports[a.asname or a.name] = (spec, a.name)
            return
        if isinstance(s, ast.ClassDef):
            self._class(s, scope)
            return
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self._function(s, cls, scope)
            return
        if isinstance(s, ast.Return):
            if s.value is not None:
                value = self.expr(s.value, cls, scope)
                if returns is not None:
                    returns.append(value)
            return
        if isinstance(s, ast.Assign):
            value = self.expr(s.value, cls, scope)
            for t in s.targets:
                self._assign(t, value, s.lineno, cls, scope)
            return
        if isinstance(s, ast.AnnAssign):
            if s.value is not None:
                self._assign(s.target, self.expr(s.value, cls, scope), s.lineno, cls, scope)
            return
        if isinstance(s, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try)) or type(s).__name__ in ("TryStar", "Match"):
            conditional = not isinstance(s, (ast.With, ast.AsyncWith))
            self.branches += conditional
            try:
                self._block(s, cls, scope, returns)
            finally:
                self.branches -= conditional
            return
        self._calls(s, cls, scope)

    def _block(self, s: ast.stmt, cls: str, scope: str, returns: list[Expr] | None) -> None:
        for name, value in ast.iter_fields(s):
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                self.body(value, cls, scope, returns)
            elif name == "handlers":
                for h in value:
                    self.body(h.body, cls, scope, returns)
            elif name == "cases":
                for c in value:
                    self.body(c.body, cls, scope, returns)
            elif name == "items":  # with open(p) as f: the `as` target is assigned
                for item in value:
                    value = self.expr(item.context_expr, cls, scope)
                    if item.optional_vars is not None:
                        self._assign(item.optional_vars, value, s.lineno, cls, scope)
            elif isinstance(value, ast.expr):
                self.expr(value, cls, scope)

    def _assign(self, t: ast.expr, value: Expr, line: int, cls: str, scope: str) -> None:
        local = bool(scope) and scope != cls
        branch = self.branches > 0
        if isinstance(t, ast.Name):
            self.mod.assigns.append(Assign(t.id, value, line, scope, cls, local, branch=branch))
        elif isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self" and cls:
            self.mod.assigns.append(Assign(t.attr, value, line, scope, cls, False, member=scope != cls))
        elif isinstance(t, ast.Attribute) and (dotted := _dotted(t)):
            self.mod.assigns.append(Assign(dotted, value, line, scope, cls, local))
        elif isinstance(t, (ast.Tuple, ast.List)) and value.kind == "array" and len(value.args) == len(t.elts):
            for sub, v in zip(t.elts, value.args, strict=True):
                self._assign(sub, v, line, cls, scope)
        elif isinstance(t, (ast.Tuple, ast.List)) and not any(isinstance(x, ast.Starred) for x in t.elts):
            for i, sub in enumerate(t.elts):  # a, b = f(): the items of what f returns
                self._assign(sub, Expr("index", line, f"{value.text}[{i}]", "", value, (Expr("lit", line, str(i), str(i)),)), line, cls, scope)

    def _class(self, c: ast.ClassDef, scope: str) -> None:
        name = c.name
        self.mod.classes[name] = c.lineno
        bases = {_dotted(b).rsplit(".", 1)[-1] for b in c.bases}
        decorators = {_dotted(d.func if isinstance(d, ast.Call) else d) for d in c.decorator_list}
        is_enum = bool(bases & _ENUM_BASES)
        if is_enum:
            self.enum_classes.add(name)
        fields: list[str] = []
        defaults: list[tuple[str, Expr]] = []
        for s in c.body:
            if is_enum and isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name):
                member = s.targets[0].id
                value = self.expr(s.value, name, name)
                holder = Expr("enum", s.lineno, f"{name}.{member}", name, fields=(("value", value), ("name", Expr("str", s.lineno, repr(member), member))))
                self.mod.assigns.append(Assign(member, holder, s.lineno, name, name))
                continue
            if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name) and s.simple:
                fields.append(s.target.id)
                if s.value is not None:
                    value = self.expr(s.value, name, name)
                    defaults.append((s.target.id, value))
                    self._assign(s.target, value, s.lineno, name, name)
                continue
            self.stmt(s, name, name, None)
        record = bool(bases & _RECORD_BASES) or bool(decorators & _RECORD_DECORATORS)
        has_init = any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "__init__" for s in c.body)
        ctor = f"{name}.__init__"
        if is_enum:  # Topic("events"): the member whose value that is
            self.mod.functions.append(Function("__init__", ctor, name, ("value",), (), c.lineno, c.lineno, True))
            self.mod.assigns.append(Assign("value", Expr("name", c.lineno, "value", "value"), c.lineno, ctor, name, member=True))
        elif record and not has_init and fields:
            self.mod.functions.append(Function("__init__", ctor, name, tuple(fields), (), c.lineno, getattr(c, "end_lineno", c.lineno) or c.lineno, True, tuple(defaults)))
            for f in fields:
                self.mod.assigns.append(Assign(f, Expr("name", c.lineno, f, f), c.lineno, ctor, name, member=True))

    def _function(self, f: ast.FunctionDef | ast.AsyncFunctionDef, cls: str, scope: str) -> None:
        in_class = bool(cls) and scope == cls
        qual = f"{scope}.{f.name}" if scope else f.name
        decorators = {_dotted(d.func if isinstance(d, ast.Call) else d) for d in f.decorator_list}
        a = f.args
        positional = [*a.posonlyargs, *a.args]
        if in_class and "staticmethod" not in decorators and positional:
            positional = positional[1:]  # self / cls
        params = [p.arg for p in positional] + [p.arg for p in a.kwonlyargs]
        defaults: list[tuple[str, Expr]] = []
        for p, d in zip(positional[len(positional) - len(a.defaults) :], a.defaults, strict=False) if a.defaults else ():
            defaults.append((p.arg, self.expr(d, cls, scope)))
        for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True):
            if d is not None:
                defaults.append((p.arg, self.expr(d, cls, scope)))
        types = tuple((p.arg, self.text(p.annotation)) for p in [*positional, *a.kwonlyargs] if p.annotation is not None)
        returns: list[Expr] = []
        outer, self.branches = self.branches, 0
        fcls = cls if in_class else (cls if scope.startswith(cls) and cls else "")
        self.body(f.body, fcls, qual, returns)
        self.branches = outer
        end = getattr(f, "end_lineno", None) or f.lineno
        is_ctor = in_class and f.name == "__init__"
        if in_class and "property" in decorators or in_class and "cached_property" in decorators or "functools.cached_property" in decorators:
            params = []
        self.mod.functions.append(Function(f.name, qual, fcls, tuple(params), tuple(returns), f.lineno, end, is_ctor, tuple(defaults), types))

    def _calls(self, s: ast.stmt, cls: str, scope: str) -> None:
        """The calls of any other statement (an expression statement, `del`, `raise`, ...): its
        expressions are lowered, which records every call in them."""
        for _, value in ast.iter_fields(s):
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, ast.expr):
                    self.expr(v, cls, scope)

    # -- expressions ---------------------------------------------------------------------------
    def expr(self, e: ast.expr, cls: str, scope: str) -> Expr:
        try:
            return self._expr(e, cls, scope)
        except RecursionError:
            return Expr("unknown", getattr(e, "lineno", 1), "<deeply nested expression>")

    def _expr(self, e: ast.expr, cls: str, scope: str) -> Expr:
        line = getattr(e, "lineno", 1)
        text = self.text(e)
        if isinstance(e, ast.Constant):
            if isinstance(e.value, str):
                return Expr("str", line, text, e.value)
            if isinstance(e.value, bool) or e.value is None:
                return Expr("lit", line, text, str(e.value))
            if isinstance(e.value, (int, float)):
                return Expr("lit", line, text, str(e.value))
            return Expr("unknown", line, text)
        if isinstance(e, ast.Name):
            return Expr("name", line, text, "this" if e.id == "self" and cls else e.id)
        if isinstance(e, ast.Attribute):
            if _dotted(e) == "os.environ":
                return Expr("unknown", line, text)
            return Expr("member", line, text, e.attr, self.expr(e.value, cls, scope))
        if isinstance(e, ast.Subscript):
            env = self._environ_index(e, cls, scope)
            if env is not None:
                return env
            key = e.slice
            return Expr("index", line, text, "", self.expr(e.value, cls, scope), (self.expr(key, cls, scope),))  # type: ignore[arg-type]
        if isinstance(e, ast.Call):
            lowered = self._call(e, cls, scope)
            self.mod.calls.append(CallSite(lowered, scope, cls))
            return lowered
        if isinstance(e, ast.JoinedStr):
            parts: list[Expr] = []
            for v in e.values:
                if isinstance(v, ast.Constant) and isinstance(v.value, str):
                    parts.append(Expr("str", line, repr(v.value), v.value))
                elif isinstance(v, ast.FormattedValue):
                    parts.append(self.expr(v.value, cls, scope) if v.format_spec is None else Expr("unknown", line, self.text(v)))
            return Expr("concat", line, text, args=tuple(parts))
        if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Add):
            return Expr("concat", line, text, args=(*self._flat_add(e.left, cls, scope), *self._flat_add(e.right, cls, scope)))
        if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Mod) and isinstance(e.left, ast.Constant) and isinstance(e.left.value, str):
            values = e.right.elts if isinstance(e.right, ast.Tuple) else [e.right]
            return self._template(e.left.value, _PERCENT_FIELD, [self.expr(v, cls, scope) for v in values], line, text)
        if isinstance(e, ast.BoolOp) and isinstance(e.op, ast.Or):
            return Expr("coalesce", line, text, args=tuple(self.expr(v, cls, scope) for v in e.values))
        if isinstance(e, ast.IfExp):
            return Expr("choice", line, text, args=(self.expr(e.body, cls, scope), self.expr(e.orelse, cls, scope)))
        if isinstance(e, ast.Dict):
            fields = []
            for k, v in zip(e.keys, e.values, strict=True):
                value = self.expr(v, cls, scope)
                if isinstance(k, ast.Constant) and isinstance(k.value, (str, int)):
                    fields.append((str(k.value), value))
                elif k is not None:
                    self.expr(k, cls, scope)  # its calls
            return Expr("object", line, text, fields=tuple(fields))
        if isinstance(e, (ast.List, ast.Tuple, ast.Set)):
            return Expr("array", line, text, args=tuple(self.expr(v, cls, scope) for v in e.elts if not isinstance(v, ast.Starred)))
        if isinstance(e, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):  # every item is the element expression
            for gen in e.generators:
                for part in (gen.iter, *gen.ifs):
                    self.expr(part, cls, scope)
            return Expr("array", line, text, args=(self.expr(e.elt, cls, scope),))
        if isinstance(e, ast.NamedExpr):
            return self.expr(e.value, cls, scope)
        if isinstance(e, ast.Await):
            before = len(self.mod.calls)
            inner = self.expr(e.value, cls, scope)
            if isinstance(e.value, ast.Call) and len(self.mod.calls) > before:
                self.mod.calls[-1] = replace(self.mod.calls[-1], awaited=True)
            return inner
        if not isinstance(e, ast.Lambda):  # a comprehension, a comparison...: the calls inside it
            for child in ast.iter_child_nodes(e):
                if isinstance(child, ast.expr):
                    self.expr(child, cls, scope)
                elif isinstance(child, ast.comprehension):
                    for part in (child.iter, *child.ifs):
                        self.expr(part, cls, scope)
        return Expr("unknown", line, text)

    def _flat_add(self, e: ast.expr, cls: str, scope: str) -> list[Expr]:
        if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Add):
            return [*self._flat_add(e.left, cls, scope), *self._flat_add(e.right, cls, scope)]
        return [self.expr(e, cls, scope)]

    def _template(self, fmt: str, field: re.Pattern[str], values: list[Expr], line: int, text: str, named: dict[str, Expr] | None = None) -> Expr:
        parts: list[Expr] = []
        pos = 0
        for i, m in enumerate(field.finditer(fmt)):
            if m.start() > pos:
                parts.append(Expr("str", line, repr(fmt[pos : m.start()]), fmt[pos : m.start()]))
            key = m.group(1) if field is _FORMAT_FIELD else ""
            key = key.split(":")[0].split("!")[0] if key else ""
            if named is not None and key and not key.isdigit():
                v = named.get(key)
            else:
                idx = int(key) if key.isdigit() else i
                v = values[idx] if idx < len(values) else None
            parts.append(v if v is not None else Expr("unknown", line, m.group(0)))
            pos = m.end()
        if pos < len(fmt):
            parts.append(Expr("str", line, repr(fmt[pos:]), fmt[pos:]))
        return Expr("concat", line, text, args=tuple(parts))

    def _environ_index(self, e: ast.Subscript, cls: str, scope: str) -> Expr | None:
        if _dotted(e.value) == "os.environ" and isinstance(e.slice, ast.Constant) and isinstance(e.slice.value, str):
            return Expr("env", e.lineno, self.text(e), e.slice.value)
        return None

    def _call(self, c: ast.Call, cls: str, scope: str) -> Expr:
        line = c.lineno
        text = self.text(c)
        args = tuple(self.expr(a, cls, scope) for a in c.args if not isinstance(a, ast.Starred))
        fields = tuple((k.arg, self.expr(k.value, cls, scope)) for k in c.keywords if k.arg)
        for rest in [*(a.value for a in c.args if isinstance(a, ast.Starred)), *(k.value for k in c.keywords if not k.arg)]:
            self.expr(rest, cls, scope)  # `*args`, `**kwargs`: their calls
        callee = _dotted(c.func)
        if self._reads_env(c, callee):
            default = args[1:2] or tuple(v for k, v in fields if k == "default")
            return Expr("env", line, text, c.args[0].value, args=default)  # type: ignore[attr-defined]
        if isinstance(c.func, ast.Attribute) and c.func.attr == "format" and isinstance(c.func.value, ast.Constant) and isinstance(c.func.value.value, str):
            return self._template(c.func.value.value, _FORMAT_FIELD, list(args), line, text, dict(fields))
        if self._copies(c, callee):
            obj = self.expr(c.func.value, cls, scope) if callee.endswith("._replace") else args[0]  # type: ignore[attr-defined]
            return Expr("with", line, text, "", obj, (), fields)
        if self._loads_document(callee):
            return Expr("doc", line, text, "")
        func = self.expr(c.func, cls, scope)
        if isinstance(c.func, ast.Name) and self._is_class(c.func.id):
            imported = self.mod.imports.get(c.func.id)
            name = imported[1] if imported and imported[1] != "*" else c.func.id
            return Expr("new", line, text, name, func, args, fields)
        if isinstance(c.func, ast.Attribute) and c.func.attr[:1].isupper() and isinstance(c.func.value, ast.Name) and c.func.value.id in self.mod.imports:
            return Expr("new", line, text, c.func.attr, func, args, fields)  # `module.Class(...)`
        return Expr("call", line, text, "", func, args, fields)

    def _reads_env(self, c: ast.Call, callee: str) -> bool:
        """`os.environ.get("X", d)` / `os.getenv("X", d)`, also with `environ`/`getenv` imported from os."""
        if callee not in ("os.environ.get", "os.getenv", "environ.get", "getenv"):
            return False
        if not c.args or not isinstance(c.args[0], ast.Constant) or not isinstance(c.args[0].value, str):
            return False
        return callee.startswith("os.") or self.mod.imports.get(callee.split(".")[0], ("", ""))[0] == "os"

    def _copies(self, c: ast.Call, callee: str) -> bool:
        """`dataclasses.replace(x, f=v)` / `replace(x, ...)` imported from dataclasses / `x._replace(f=v)`."""
        if isinstance(c.func, ast.Attribute) and c.func.attr == "_replace" and not c.args:
            return True
        if not c.args:
            return False
        if callee == "dataclasses.replace":
            return True
        return callee == "replace" and self.mod.imports.get("replace", ("", ""))[0] == "dataclasses"

    def _loads_document(self, callee: str) -> bool:
        """`yaml.safe_load(f)`, `json.load(f)`, `safe_load(f)` imported from yaml: a document whose
        keys are looked up in the repository's configuration files."""
        head, _, last = callee.rpartition(".")
        if last not in _DOC_LOADERS:
            return False
        module = head or self.mod.imports.get(last, ("", ""))[0]
        if head:
            module = self.mod.imports.get(head, (head, "*"))[0]
        return module in ("yaml", "json", "ruamel.yaml")

    def _is_class(self, name: str) -> bool:
        if name in self.class_names:
            return True
        imported = self.mod.imports.get(name)
        return imported is not None and imported[1] != "*" and imported[1][:1].isupper() and not imported[1].isupper()
