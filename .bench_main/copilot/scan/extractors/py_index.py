"""One walk over a module's AST that records what name resolution needs.

Scopes (module, classes, functions) with their assignments, parameters and calls; the import
table (relative imports resolved against the file's path); call sites by callee name; loops.
Every visited node gets a ``_cp_parent`` attribute so later passes can look upwards.

A *shallow* index (for files that mention no client library) skips function bodies: only
module and class level names are needed to export ``symbols``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from copilot.scan.extractors.py_source import dotted

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
# Fields that hold operator/context singletons, never anything to index.
_SKIP_FIELDS = frozenset({"ctx", "op", "ops"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}
_SHALLOW_DIRECT = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
# top-level names of client libraries: a folder named like one is not the file's package
_LIBRARY_ROOTS = frozenset({"faust", "kafka", "confluent_kafka", "aiokafka", "pulsar"})
_SHALLOW_BLOCKS = (ast.If, ast.Try, ast.With, ast.AsyncWith) + (
    (ast.TryStar,) if hasattr(ast, "TryStar") else ()
)


@dataclass(eq=False)
class Assignment:
    """``name = value`` (kind assign), ``with value as name`` (with), ``for name in value`` (for)."""

    name: str
    value: ast.expr | None
    line: int
    scope: Scope
    kind: str = "assign"
    top: bool = False  # a statement directly in the module/class body (an exportable constant)


@dataclass(eq=False)
class Param:
    name: str
    index: int | None  # position among positional parameters (None: keyword-only, *args, **kw)
    default: ast.expr | None
    annotation: ast.expr | None
    line: int


@dataclass(eq=False)
class Scope:
    kind: str  # module | class | function
    name: str
    qualname: str
    node: ast.AST
    parent: Scope | None = None
    owner_class: Scope | None = None  # for methods: the class scope
    self_name: str | None = None  # for methods: the first parameter's name
    assigns: dict[str, list[Assignment]] = field(default_factory=dict)
    params: dict[str, Param] = field(default_factory=dict)
    functions: dict[str, Scope] = field(default_factory=dict)
    classes: dict[str, Scope] = field(default_factory=dict)
    calls: list[ast.Call] = field(default_factory=list)
    returns: list[ast.expr] = field(default_factory=list)
    item_sets: dict[str, list[tuple[ast.expr, ast.expr, int]]] = field(default_factory=dict)
    updates: dict[str, list[ast.Call]] = field(default_factory=dict)
    self_assigns: dict[str, list[Assignment]] = field(default_factory=dict)  # class only
    bases: list[str] = field(default_factory=list)  # class only
    decorators: list[ast.expr] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        """``Class.method`` / ``function``; ``<module>`` for module-level code."""
        return self.qualname


@dataclass(frozen=True)
class ImportRef:
    """A local name bound by an import: a module (attr None) or a name inside a module."""

    module: str
    attr: str | None = None
    line: int = 0
    level: int = 0  # a relative import's level (``from .app import app``: 1)


class ModuleIndex:
    def __init__(self, tree: ast.Module, path: str, deep: bool = True, schema_hint: bool = True) -> None:
        self.path = path
        self.deep = deep
        self.module = Scope("module", "<module>", "<module>", tree)
        self.imports: dict[str, ImportRef] = {}
        self.imported_modules: set[str] = set()
        self.import_lines: list[tuple[str, int]] = []
        self.star_imports: set[str] = set()
        self.relative_depth = 0  # how many folders up relative imports prove to be packages
        self.absolute_roots: set[str] = set()  # first segments of absolute imports
        self.calls: list[tuple[ast.Call, Scope]] = []
        self.calls_by_name: dict[str, list[tuple[ast.Call, Scope]]] = {}
        self.calls_by_attr: dict[str, list[tuple[ast.Call, Scope]]] = {}
        self.loops: list[tuple[ast.AST, Scope]] = []
        self.functions: list[Scope] = []
        self.classes: list[Scope] = []
        self.strings: list[ast.Constant] = []  # string constants that may be inline Avro schemas
        self.dicts: list[ast.Dict] = []  # dict literals that may be inline Avro schemas
        self.subscripts: list[tuple[ast.Subscript, Scope]] = []
        self.schema_hint = schema_hint
        self._top: ast.AST | None = None
        self._dispatch = self._build_dispatch()
        parts = [p for p in path.replace("\\", "/").split("/") if p and p != "."]
        self._package = parts[:-1]
        self._walk_body(tree.body, tree, self.module)

    # ------------------------------------------------------------------ lookups
    def lookup(self, name: str, scope: Scope, line: int) -> tuple[str, object] | None:
        """Find what `name` means at `line` in `scope`: ("assign", [Assignment]), ("param", (Scope, Param)),
        ("function", Scope), ("class", Scope), ("import", ImportRef) or None.

        Class bodies do not enclose their methods (Python's rule), so they are skipped on the way out.
        In the scope of use, the assignments before the line win; elsewhere the last ones do.
        """
        current: Scope | None = scope
        first = True
        while current is not None:
            if current.kind == "class" and not first:
                current = current.parent
                continue
            assigns = current.assigns.get(name)
            if assigns:
                if first:
                    before = [a for a in assigns if a.line < line]
                    chosen = before[-1:] if before else assigns[-1:]
                else:
                    chosen = assigns[-1:]
                return "assign", chosen
            if name in current.params:
                return "param", (current, current.params[name])
            if name in current.functions:
                return "function", current.functions[name]
            if name in current.classes:
                return "class", current.classes[name]
            current = current.parent
            first = False
        imp = self.imports.get(name)
        if imp is not None:
            return "import", imp
        return None

    def qualify(self, text: str | None) -> str | None:
        """The fully qualified dotted name for ``alias.attr`` text via the import table."""
        if not text:
            return None
        root, _, rest = text.partition(".")
        imp = self.imports.get(root)
        if imp is None:
            return None
        base = imp.module if imp.attr is None else (f"{imp.module}.{imp.attr}" if imp.module else imp.attr)
        return f"{base}.{rest}" if rest else base

    def qualified_call(self, func: ast.AST) -> str:
        """Qualified callee name when imported, else the dotted text as written ("" when not dotted)."""
        text = dotted(func)
        if text is None:
            return ""
        return self.qualify(text) or text

    def import_key(self, text: str) -> str | None:
        """The ``module:NAME`` key of an imported constant written as `text` (``t.ORDERS``, ``ORDERS``).

        ``from pkg import Name; Name.X`` gives ``pkg:Name.X`` when Name is capitalised (a class) and
        ``pkg.name:X`` otherwise (a module).
        """
        root, _, rest = text.partition(".")
        imp = self.imports.get(root)
        if imp is None:
            return None
        if imp.attr is None:
            full = f"{imp.module}.{rest}" if rest else imp.module
            module = imp.module
            for candidate in self.imported_modules:
                if full.startswith(candidate + ".") and len(candidate) > len(module):
                    module = candidate
            name = full[len(module) + 1 :]
            return f"{module}:{name}" if name else None
        if not rest:
            return f"{imp.module}:{imp.attr}"
        if imp.attr[:1].isupper():
            return f"{imp.module}:{imp.attr}.{rest}"
        module = f"{imp.module}.{imp.attr}" if imp.module else imp.attr
        return f"{module}:{rest}"

    def call_sites(self, fn: Scope) -> list[tuple[ast.Call, Scope, int]]:
        """Calls of function `fn` in this file, with the number of leading parameters they skip."""
        owner = fn.owner_class
        if owner is None:
            return [(c, s, 0) for c, s in self.calls_by_name.get(fn.name, ())]
        static = any(dotted(d) == "staticmethod" for d in fn.decorators)
        shift = 0 if static else 1
        if fn.name == "__init__":
            return [(c, s, 1) for c, s in self.calls_by_name.get(owner.name, ())]
        sites = []
        for call, scope in self.calls_by_attr.get(fn.name, ()):
            receiver = call.func.value  # type: ignore[attr-defined]
            if not isinstance(receiver, ast.Name):
                continue
            if receiver.id == owner.name or (scope.self_name == receiver.id and scope.owner_class is owner):
                sites.append((call, scope, shift))
                continue
            found = self.lookup(receiver.id, scope, call.lineno)
            if found and found[0] == "assign":
                value = found[1][0].value  # type: ignore[index]
                if isinstance(value, ast.Call) and dotted(value.func) == owner.name:
                    sites.append((call, scope, shift))
        return sites

    # ------------------------------------------------------------------ the walk
    def _walk_body(self, stmts: list[ast.stmt], owner: ast.AST, scope: Scope) -> None:
        for stmt in stmts:
            stmt._cp_parent = owner  # type: ignore[attr-defined]
            self._top = stmt if scope.kind != "function" else None
            if self.deep:
                self._node(stmt, scope)
            else:
                self._shallow(stmt, scope)

    def _shallow(self, stmt: ast.AST, scope: Scope) -> None:
        """Module/class level only: imports, assignments, class bodies, function signatures."""
        kind = type(stmt)
        if kind is ast.Assign or kind is ast.AnnAssign:
            if self.schema_hint:  # inline schema strings/dicts need the full expression walk
                self._node(stmt, scope)
            else:
                self._dispatch[kind](stmt, scope)
        elif kind in _SHALLOW_DIRECT:
            self._node(stmt, scope)
        elif kind in _SHALLOW_BLOCKS:
            self._top = None
            for field in ("body", "orelse", "finalbody", "handlers"):
                for child in getattr(stmt, field, ()):
                    child._cp_parent = stmt
                    self._shallow(child, scope)
        elif kind is ast.ExceptHandler:
            for child in stmt.body:  # type: ignore[attr-defined]
                child._cp_parent = stmt
                self._shallow(child, scope)

    def _walk(self, node: ast.AST, scope: Scope) -> None:
        fields = _CHILD_FIELDS.get(type(node))
        if fields is None:
            fields = _CHILD_FIELDS[type(node)] = tuple(f for f in node._fields if f not in _SKIP_FIELDS)
        for name in fields:
            value = getattr(node, name, None)
            if value is None:
                continue
            if type(value) is list:
                for child in value:
                    if isinstance(child, ast.AST):
                        child._cp_parent = node  # type: ignore[attr-defined]
                        self._node(child, scope)
            elif isinstance(value, ast.AST):
                value._cp_parent = node  # type: ignore[attr-defined]
                self._node(value, scope)

    def _node(self, node: ast.AST, scope: Scope) -> None:
        kind = type(node)
        if kind is ast.Name:
            return
        handler = self._dispatch.get(kind)
        if handler is not None and handler(node, scope):
            return  # a new scope walked its own children
        if kind is not ast.Constant:
            self._walk(node, scope)

    def _build_dispatch(self) -> dict[type, Callable[[Any, Scope], bool | None]]:
        return {
            ast.FunctionDef: self._function,
            ast.AsyncFunctionDef: self._function,
            ast.ClassDef: self._class,
            ast.Call: self._call,
            ast.Assign: self._on_assign,
            ast.AnnAssign: self._on_annassign,
            ast.AugAssign: lambda n, s: self._bind(n.target, None, n.lineno, s),
            ast.NamedExpr: lambda n, s: self._bind(n.target, n.value, n.lineno, s),
            ast.With: self._on_with,
            ast.AsyncWith: self._on_with,
            ast.For: self._on_for,
            ast.AsyncFor: self._on_for,
            ast.While: lambda n, s: self.loops.append((n, s)),
            ast.Return: lambda n, s: s.returns.append(n.value) if n.value is not None else None,
            ast.Import: lambda n, s: self._import(n),
            ast.ImportFrom: lambda n, s: self._import(n),
            ast.Constant: self._on_constant,
            ast.Dict: lambda n, s: self.dicts.append(n),
            ast.Subscript: lambda n, s: self.subscripts.append((n, s)),
        }

    def _on_assign(self, node: ast.Assign, scope: Scope) -> None:
        top = node is self._top
        for target in node.targets:
            self._bind(target, node.value, node.lineno, scope, top=top)

    def _on_annassign(self, node: ast.AnnAssign, scope: Scope) -> None:
        # A bare class-level annotation is still a field (pydantic settings, dataclasses).
        if node.value is not None or scope.kind == "class":
            self._bind(node.target, node.value, node.lineno, scope, top=node is self._top)

    def _on_with(self, node: ast.With | ast.AsyncWith, scope: Scope) -> None:
        for item in node.items:
            if item.optional_vars is not None:
                self._bind(item.optional_vars, item.context_expr, node.lineno, scope, "with")

    def _on_for(self, node: ast.For | ast.AsyncFor, scope: Scope) -> None:
        self._bind(node.target, node.iter, node.lineno, scope, "for")
        self.loops.append((node, scope))

    def _on_constant(self, node: ast.Constant, scope: Scope) -> None:
        value = node.value
        if isinstance(value, str) and '"record"' in value and value.lstrip().startswith("{"):
            self.strings.append(node)

    def _call(self, node: ast.Call, scope: Scope) -> bool:
        self.calls.append((node, scope))
        scope.calls.append(node)
        func = node.func
        if isinstance(func, ast.Name):
            self.calls_by_name.setdefault(func.id, []).append((node, scope))
        elif isinstance(func, ast.Attribute):
            self.calls_by_attr.setdefault(func.attr, []).append((node, scope))
            if func.attr == "update" and isinstance(func.value, ast.Name):
                scope.updates.setdefault(func.value.id, []).append(node)
        return False

    def _function(self, node: FunctionNode, scope: Scope) -> bool:
        owner = scope if scope.kind == "class" else None
        qualname = node.name if scope.kind == "module" else f"{scope.qualname}.{node.name}"
        fn = Scope("function", node.name, qualname, node, parent=scope, owner_class=owner)
        fn.decorators = list(node.decorator_list)
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults)) + list(
            args.defaults
        )
        for index, (a, default) in enumerate(zip(positional, defaults, strict=True)):
            fn.params[a.arg] = Param(a.arg, index, default, a.annotation, a.lineno)
        for a, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            fn.params[a.arg] = Param(a.arg, None, default, a.annotation, a.lineno)
        for a in (args.vararg, args.kwarg):
            if a is not None:
                fn.params[a.arg] = Param(a.arg, None, None, a.annotation, a.lineno)
        if (
            owner is not None
            and positional
            and not any(dotted(d) == "staticmethod" for d in node.decorator_list)
        ):
            fn.self_name = positional[0].arg
        scope.functions[node.name] = fn
        self.functions.append(fn)
        # Decorators, defaults and annotations are evaluated in the enclosing scope.
        for child in [*node.decorator_list, *args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            child._cp_parent = node  # type: ignore[attr-defined]
            self._node(child, scope)
        if self.deep:
            self._walk_body(node.body, node, fn)
        return True

    def _class(self, node: ast.ClassDef, scope: Scope) -> bool:
        qualname = node.name if scope.kind == "module" else f"{scope.qualname}.{node.name}"
        cls = Scope("class", node.name, qualname, node, parent=scope)
        cls.bases = [dotted(b) or "" for b in node.bases]
        cls.decorators = list(node.decorator_list)
        scope.classes[node.name] = cls
        self.classes.append(cls)
        for child in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            child._cp_parent = node  # type: ignore[attr-defined]
            self._node(child, scope)
        self._walk_body(node.body, node, cls)
        return True

    def _bind(
        self,
        target: ast.AST,
        value: ast.expr | None,
        line: int,
        scope: Scope,
        kind: str = "assign",
        top: bool = False,
    ) -> None:
        if isinstance(target, ast.Name):
            scope.assigns.setdefault(target.id, []).append(
                Assignment(target.id, value, line, scope, kind, top)
            )
        elif isinstance(target, ast.Tuple | ast.List):
            values = value.elts if isinstance(value, ast.Tuple | ast.List) and kind == "assign" else None
            if values is not None and len(values) != len(target.elts):
                values = None
            for i, element in enumerate(target.elts):
                self._bind(element, values[i] if values is not None else None, line, scope, "assign")
        elif isinstance(target, ast.Starred):
            self._bind(target.value, None, line, scope)
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            owner = _method_owner(scope)
            if owner is not None and target.value.id == scope.self_name:
                owner.self_assigns.setdefault(target.attr, []).append(
                    Assignment(target.attr, value, line, scope, kind)
                )
        elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and value is not None:
            scope.item_sets.setdefault(target.value.id, []).append((target.slice, value, line))

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.absolute_roots.add(alias.name.split(".")[0])
                self.import_lines.append((alias.name, node.lineno))
                self.imported_modules.add(alias.name)
                if alias.asname:
                    self.imports[alias.asname] = ImportRef(alias.name, None, node.lineno)
                else:
                    root = alias.name.split(".")[0]
                    self.imports[root] = ImportRef(root, None, node.lineno)
            return
        module = self._absolute(node.module, node.level)
        if node.level:
            self.relative_depth = max(self.relative_depth, node.level)
        elif node.module:
            self.absolute_roots.add(node.module.split(".")[0])
        self.import_lines.append((module, node.lineno))
        for alias in node.names:
            if alias.name == "*":
                self.star_imports.add(module)
                continue
            self.imports[alias.asname or alias.name] = ImportRef(module, alias.name, node.lineno, node.level)

    # ------------------------------------------------------------------ module names
    def package_depth(self) -> int:
        """How many of the file's folders are (probably) Python packages, innermost first.

        A file alone cannot see ``__init__.py`` files, so this is a best effort: a relative import
        of level N proves N folders; an absolute import whose first segment names one of the
        file's folders (``from order_system.app import app`` in ``examples/order_system/x.py``)
        proves the folders from there down.  Client-library names (``import faust``) never count.
        """
        folders = self._package
        depth = min(self.relative_depth, len(folders))
        for root in self.absolute_roots - _LIBRARY_ROOTS:
            if root in folders:
                inner = len(folders) - 1 - folders[::-1].index(root)
                depth = max(depth, len(folders) - inner)
        return depth

    def module_name(self) -> str:
        """The dotted module name the file is imported as (see `package_depth`; a script: its stem)."""
        parts = [p for p in self.path.replace("\\", "/").split("/") if p and p != "."]
        stem = parts[-1].removesuffix(".py") if parts else ""
        depth = self.package_depth()
        package = self._package[len(self._package) - depth :] if depth else []
        return ".".join(package if stem == "__init__" else [*package, stem])

    def display_module(self, module: str, level: int) -> str:
        """An imported module's dotted name as the program knows it: a relative import (resolved
        against the file's folders here) loses the folders above the package root."""
        if not level:
            return module
        outside = self._package[: len(self._package) - self.package_depth()]
        prefix = ".".join(outside)
        if prefix and module.startswith(prefix + "."):
            return module[len(prefix) + 1 :]
        return module

    def _absolute(self, module: str | None, level: int) -> str:
        """Resolve a relative import against this file's package (its folder, dotted)."""
        if not level:
            return module or ""
        up = level - 1
        base = self._package[: len(self._package) - up] if up <= len(self._package) else []
        return ".".join([*base, *([module] if module else [])])


def _method_owner(scope: Scope) -> Scope | None:
    return scope.owner_class if scope.kind == "function" else None


def method_scope(scope: Scope) -> Scope | None:
    """The method a (possibly nested) function scope belongs to."""
    current: Scope | None = scope
    while current is not None and current.kind == "function":
        if current.owner_class is not None:
            return current
        current = current.parent
    return None
