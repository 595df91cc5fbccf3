"""A per-file index of a Go source: imports, package-level consts/vars, functions, local bindings.

Built once per file from the captured nodes; the value resolver and the library passes query it
instead of re-walking the tree.  Go scoping is approximated: a name used in a function refers to
the nearest binding of that name earlier in the same function (closures included), else to a
parameter, else to a package-level declaration.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from dataclasses import dataclass, field

from tree_sitter import Node

from copilot.scan.extractors import go_ast as ga

_VERSION_SEGMENT = re.compile(r"^v\d+$")


@dataclass
class Binding:
    """One place a name gets a value: ``x := v``, ``x = v``, ``var x T = v``, ``const x = v``."""

    name: str
    value: Node | None  # the right-hand expression, None when there is none
    index: int  # position in a tuple assignment (``m, err := r.ReadMessage(ctx)``: m=0, err=1)
    tuple_rhs: bool  # several names fed by one call: the value is the call, not this name's own
    pos: int  # start byte of the name
    line: int
    kind: str  # define | assign | var | const | range | recv
    type: Node | None = None
    stmt: Node | None = None


@dataclass
class FuncInfo:
    node: Node
    name: str  # "run", or "Consumer.Run" for a method
    simple: str
    is_method: bool
    receiver_type: str
    params: list[str]
    body: Node | None
    variadic: bool = False
    bindings: dict[str, list[Binding]] = field(default_factory=dict)


@dataclass
class Import:
    path: str
    line: int


def default_alias(import_path: str) -> str:
    """The package name Go code uses for an import without an explicit name (a good guess)."""
    segments = [s for s in import_path.split("/") if s]
    if not segments:
        return ""
    last = segments[-1]
    if _VERSION_SEGMENT.match(last) and len(segments) > 1:
        last = segments[-2]
    last = re.sub(r"\.v\d+$", "", last)
    if last.startswith("go-"):
        last = last[3:]
    for suffix in ("-go", ".go"):
        if last.endswith(suffix):
            last = last[: -len(suffix)]
    return last.replace("-", "_").replace(".", "_")


class FileIndex:
    def __init__(self, path: str, root: Node, caps: dict[str, list[Node]]):
        self.path = path
        self.dir = posixpath.dirname(path)
        self.root = root
        self.caps = caps
        self.imports: dict[str, Import] = {}
        self.consts: dict[str, Binding] = {}
        self.funcs: list[FuncInfo] = []
        self._func_starts: list[int] = []
        self.calls_by_name: dict[str, list[Node]] = {}
        self.structs: dict[str, dict[str, str]] = {}  # type -> field -> json name
        self._index_imports()
        self._index_funcs()
        self._index_bindings()
        self._index_calls()
        self._index_structs()

    # ---- building -------------------------------------------------------------------------
    def _index_imports(self) -> None:
        for spec in self.caps["import"]:
            path = ga.string_value(spec.child_by_field_name("path"))
            if not path:
                continue
            name_node = spec.child_by_field_name("name")
            alias = ga.text(name_node) if name_node is not None else default_alias(path)
            if alias in ("_", "."):
                continue
            self.imports[alias] = Import(path, ga.line(spec))

    def _index_funcs(self) -> None:
        decls = sorted(self.caps["func"] + self.caps["method"], key=lambda n: n.start_byte)
        for node in decls:
            simple = ga.text(node.child_by_field_name("name"))
            receiver_type = ""
            is_method = node.type == "method_declaration"
            if is_method:
                receiver_type = _receiver_type(node.child_by_field_name("receiver"))
            name = f"{receiver_type}.{simple}" if receiver_type else simple
            self.funcs.append(
                FuncInfo(
                    node=node,
                    name=name,
                    simple=simple,
                    is_method=is_method,
                    receiver_type=receiver_type,
                    params=param_names(node.child_by_field_name("parameters")),
                    body=node.child_by_field_name("body"),
                    variadic="variadic_parameter_declaration"
                    in {c.type for c in node.child_by_field_name("parameters").named_children},
                )
            )
        self._func_starts = [f.node.start_byte for f in self.funcs]

    def _index_bindings(self) -> None:
        for node in self.caps["short"] + self.caps["assign"]:
            if node.type == "assignment_statement" and ga.text(node.child_by_field_name("operator")) != "=":
                continue
            kind = "define" if node.type == "short_var_declaration" else "assign"
            lefts = _list_items(node.child_by_field_name("left"))
            rights = _list_items(node.child_by_field_name("right"))
            self._add_tuple(node, lefts, rights, kind, None)
        for node in self.caps["var"] + self.caps["const"]:
            kind = "var" if node.type == "var_spec" else "const"
            names = [c for c in node.children_by_field_name("name") if c.type == "identifier"]
            rights = _list_items(node.child_by_field_name("value"))
            self._add_tuple(node, names, rights, kind, node.child_by_field_name("type"))
        for node in self.caps["range"] + self.caps["recv"]:
            kind = "range" if node.type == "range_clause" else "recv"
            lefts = _list_items(node.child_by_field_name("left"))
            right = node.child_by_field_name("right")
            for i, left in enumerate(lefts):
                if left.type == "identifier":
                    self._add(
                        Binding(
                            ga.text(left), right, i, True, left.start_byte, ga.line(left), kind, stmt=node
                        )
                    )

    def _add_tuple(
        self, stmt: Node, lefts: list[Node], rights: list[Node], kind: str, typ: Node | None
    ) -> None:
        for i, left in enumerate(lefts):
            if len(rights) == len(lefts):
                value, tuple_rhs = rights[i], False
            elif len(rights) == 1:
                value, tuple_rhs = rights[0], True
            else:
                value, tuple_rhs = None, False
            name = ga.text(left)
            if left.type not in ("identifier", "selector_expression"):
                continue
            self._add(
                Binding(name, ga.unwrap(value), i, tuple_rhs, left.start_byte, ga.line(left), kind, typ, stmt)
            )

    def _add(self, binding: Binding) -> None:
        if binding.name == "_":
            return
        fn = self.func_at(binding.pos)
        if fn is None:
            if binding.kind in ("var", "const"):
                self.consts.setdefault(binding.name, binding)
            return
        fn.bindings.setdefault(binding.name, []).append(binding)

    def _index_calls(self) -> None:
        for call in self.caps["call"]:
            _, name = ga.callee(call)
            if name:
                self.calls_by_name.setdefault(name, []).append(call)
        for fn in self.funcs:
            for bindings in fn.bindings.values():
                bindings.sort(key=lambda b: b.pos)

    def _index_structs(self) -> None:
        for spec in self.caps["type"]:
            typ = spec.child_by_field_name("type")
            if typ is None or typ.type != "struct_type":
                continue
            fields: dict[str, str] = {}
            for decl_list in typ.named_children:
                for decl in decl_list.named_children:
                    if decl.type != "field_declaration":
                        continue
                    json_name = _json_tag(ga.string_value(decl.child_by_field_name("tag")) or "")
                    for name_node in decl.children_by_field_name("name"):
                        if name_node.type == "field_identifier":
                            fname = ga.text(name_node)
                            fields[fname] = json_name or fname
            self.structs[ga.text(spec.child_by_field_name("name"))] = fields

    # ---- queries ----------------------------------------------------------------------------
    def func_at(self, pos: int) -> FuncInfo | None:
        i = bisect.bisect_right(self._func_starts, pos) - 1
        if i >= 0 and pos < self.funcs[i].node.end_byte:
            return self.funcs[i]
        return None

    def func_of(self, node: Node) -> FuncInfo | None:
        return self.func_at(node.start_byte)

    def bindings_before(self, name: str, at: Node) -> list[Binding]:
        """Bindings of `name` in the function around `at` that come before it, in order."""
        fn = self.func_of(at)
        if fn is None:
            return []
        return [b for b in fn.bindings.get(name, []) if b.pos < at.start_byte]

    def is_local(self, name: str, at: Node) -> bool:
        fn = self.func_of(at)
        return fn is not None and (name in fn.params or bool(self.bindings_before(name, at)))

    def import_path(self, alias: str, at: Node | None = None) -> str | None:
        """Import path an identifier refers to, unless a local of that name shadows it."""
        imp = self.imports.get(alias)
        if imp is None:
            return None
        if at is not None and self.is_local(alias, at):
            return None
        return imp.path

    def alias_of(self, *prefixes: str) -> set[str]:
        """Aliases of the imports whose path is one of / starts with `prefixes`."""
        return {a for a, imp in self.imports.items() if any(imp.path.startswith(p) for p in prefixes)}

    def call_sites(self, fn: FuncInfo) -> list[Node]:
        """Calls in this file that can target `fn`: same name (methods via any receiver) and as
        many arguments as it has parameters (so ``buf.Write(b)`` is no call of ``Write(topic, v)``)."""
        out = []
        for call in self.calls_by_name.get(fn.simple, []):
            receiver, _ = ga.callee(call)
            count = len(ga.args(call))
            arity_ok = count >= len(fn.params) - 1 if fn.variadic else count == len(fn.params)
            if (receiver is not None) == fn.is_method and arity_ok:
                out.append(call)
        return out


def _list_items(node: Node | None) -> list[Node]:
    if node is None:
        return []
    if node.type == "expression_list":
        return [c for c in node.named_children if c.type != "comment"]
    return [node]


def param_names(params: Node | None) -> list[str]:
    names: list[str] = []
    if params is None:
        return names
    for decl in params.named_children:
        if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        idents = decl.children_by_field_name("name")
        if not idents:
            names.append("")  # unnamed parameter keeps the position
        names.extend(ga.text(n) for n in idents)
    return names


def _receiver_type(receiver: Node | None) -> str:
    if receiver is None:
        return ""
    for decl in receiver.named_children:
        typ = decl.child_by_field_name("type")
        while typ is not None and typ.type in ("pointer_type", "generic_type"):
            inner = typ.named_children[0] if typ.named_child_count else None
            typ = inner if typ.type == "pointer_type" else typ.child_by_field_name("type")
        if typ is not None:
            return ga.text(typ)
    return ""


def _json_tag(tag: str) -> str:
    match = re.search(r'json:"([^",]*)', tag)
    if not match or match.group(1) == "-":
        return ""
    return match.group(1)
