"""State shared by the passes over one Go file, and the helpers that tie client variables together.

Clients are matched to their method calls by variable name: ``w := &kafka.Writer{...}`` binds
``w``, so ``w.WriteMessages(...)`` and ``s.w.WriteMessages(...)`` both belong to it (the last
selector segment is compared, which also covers struct fields set from a constructor).  When a
file has a single client of a kind, unmatched calls fall back to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from copilot.model.facts import Endpoint, FileFacts, Loc, Pending, Setting
from copilot.scan.extractors import go_ast as ga
from copilot.scan.extractors.go_index import Binding, FileIndex
from copilot.scan.extractors.go_settings import literal_text, normalise
from copilot.scan.extractors.go_values import Resolver, Value
from copilot.scan.resolve import FACTORY_KEY, FACTORY_SEP


def last_segment(name: str) -> str:
    return name.rsplit(".", 1)[-1].strip()


@dataclass
class Client:
    """A constructed Kafka client (writer, reader, producer, consumer, consumer group)."""

    kind: str
    node: Node
    names: list[str]
    settings: dict[str, Setting] = field(default_factory=dict)
    group: str | None = None

    @property
    def name(self) -> str | None:
        return self.names[0] if self.names else None


class GoFile:
    def __init__(self, path: str, root: Node, caps: dict[str, list[Node]], facts: FileFacts):
        self.path = path
        self.root = root
        self.caps = caps
        self.facts = facts
        self.index = FileIndex(path, root, caps)
        self.values = Resolver(self.index)
        # produce call / send statement start byte -> topic names or texts it writes to
        self.produce_topics: dict[int, list[str]] = {}
        # consumer endpoint id -> variable names whose reads (ReadMessage, Poll, Messages()) feed it
        self.read_names: dict[int, set[str]] = {}
        # function body start byte -> its return statements (not those of nested func literals)
        self._returns: dict[int, list[Node]] = {}

    # ---- facts ------------------------------------------------------------------------------
    def loc(self, node: Node) -> Loc:
        return Loc(self.path, ga.line(node))

    def setting(self, key: str, value: str, node: Node, raw_key: str) -> Setting:
        return Setting(key, value, self.loc(node), raw_key)

    def value_setting(self, key: str, kind: str, value: Node | None, element: Node, raw_key: str) -> Setting:
        """A setting whose value is the expression `value` (written at `element`).

        `kind` is a `go_settings.normalise` kind, or ``literal`` for a ConfigMap value.  When the
        value is a variable, the setting is cited where the VALUE is defined (``groupID := "g"``,
        a package const, the call site that passes it in): that is the line a change touches.
        A value read from the environment (``os.Getenv("groupID")``, directly or through
        variables and parameters) carries ``Setting.pending = Pending("env", ...)`` so the
        repository resolver can settle it from docker-compose / .env files; its `value` is the
        code's default, else the expression as written.
        """
        node = ga.unwrap_ref(value)
        if node is None:
            return self.setting(key, ga.text(value), element, raw_key)
        if kind in ("string", "literal") and node.type in (
            "identifier",
            "call_expression",
            "selector_expression",
        ):
            vals = self.values.values(value)
            if len(vals) == 1:
                ref = vals[0].ref
                loc = ref.via[-1] if ref.via else self.loc(element)
                if ref.pending is not None:
                    shown = ref.name if ref.name is not None else ref.text
                    return Setting(key, shown, loc, raw_key, pending=ref.pending)
                if ref.name is not None:
                    return Setting(key, ref.name, loc, raw_key)
                if ref.via:  # known only at run time: the expression, not to be compared
                    return Setting(key, ref.text, loc, raw_key, unresolved=True)
        if node.type == "identifier" and kind not in ("string", "literal"):
            binding = self._value_binding(node)
            if binding is not None and binding.value is not None:
                return Setting(
                    key, normalise(kind, binding.value, self.values), Loc(self.path, binding.line), raw_key
                )
        text = literal_text(value, self.values) if kind == "literal" else normalise(kind, value, self.values)
        return self.setting(key, text, element, raw_key)

    def _value_binding(self, node: Node) -> Binding | None:
        """The one assignment an identifier's value comes from (a local before it, else a package const)."""
        name = ga.text(node)
        fn = self.index.func_of(node)
        if fn is not None and name in fn.params and not self.index.bindings_before(name, node):
            return None
        bindings = [
            b for b in self.index.bindings_before(name, node) if b.stmt is None or not ga.inside(node, b.stmt)
        ]
        if bindings:
            last = bindings[-1]
            ok = last.value is not None and not last.tuple_rhs and last.kind in ("define", "assign", "var")
            return last if ok else None
        return self.index.consts.get(name)

    def add_endpoint(self, role: str, topic: Value, anchor: Node, library: str, **kw) -> Endpoint:
        """An endpoint at `anchor`, or at the call site that supplied its topic through a parameter."""
        if topic.site is not None:
            loc, end = topic.site, topic.site.line
        else:
            loc, end = self.loc(anchor), ga.end_line(anchor)
        endpoint = Endpoint(role=role, topic=topic.ref, loc=loc, library=library, end_line=end, **kw)
        self.facts.endpoints.append(endpoint)
        return endpoint

    def link_reads(self, endpoint: Endpoint, names: list[str] | set[str]) -> None:
        self.read_names.setdefault(id(endpoint), set()).update(last_segment(n) for n in names if n)

    # ---- clients ----------------------------------------------------------------------------
    def bound_names(self, node: Node, _depth: int = 0) -> list[str]:
        """Names the value of `node` is stored in: ``w := <node>``, ``Svc{writer: <node>}``,
        ``return <node>`` (then the names the function's results are stored in)."""
        cur = node
        while cur.parent is not None and cur.parent.type in (
            "unary_expression",
            "parenthesized_expression",
            "literal_element",
        ):
            cur = cur.parent
        parent = cur.parent
        if parent is None:
            return []
        if parent.type == "keyed_element":
            return [ga.text(ga.unwrap(parent.child_by_field_name("key")))]
        if parent.type == "return_statement":
            return self._returned(parent, _depth)
        if parent.type != "expression_list" or parent.parent is None:
            return []
        stmt = parent.parent
        rights = [c for c in parent.named_children if c.type != "comment"]
        idx = 0 if len(rights) == 1 else next((i for i, c in enumerate(rights) if c == cur), 0)
        if stmt.type in ("short_var_declaration", "assignment_statement"):
            if stmt.child_by_field_name("right") != parent:
                return []
            lefts = [c for c in stmt.child_by_field_name("left").named_children if c.type != "comment"]
            return self._through_return([ga.text(lefts[idx])], stmt, _depth) if idx < len(lefts) else []
        if stmt.type == "var_spec":
            names = [ga.text(c) for c in stmt.children_by_field_name("name") if c.type == "identifier"]
            return self._through_return([names[idx]], stmt, _depth) if idx < len(names) else []
        if stmt.type == "return_statement":
            return self._returned(stmt, _depth)
        return []

    def _through_return(self, names: list[str], stmt: Node, depth: int) -> list[str]:
        """``producer, err := sarama.NewSyncProducer(...)`` ... ``return producer``: also the names the
        function's result is stored in (``Server{DataCollector: newDataCollector(brokers)}``)."""
        fn = self.index.func_of(stmt)
        if fn is None or fn.body is None or depth > 2 or not names or "." in names[0]:
            return names
        for node in self._returns_of(fn.body):
            if node.start_byte > stmt.start_byte:
                results = [c for c in node.named_children if c.type != "comment"]
                if results and results[0].type == "expression_list":
                    results = [c for c in results[0].named_children if c.type != "comment"]
                if results and ga.text(ga.unwrap(results[0])) == names[0]:
                    return names + [n for n in self._returned(node, depth) if n not in names]
        return names

    def _returns_of(self, body: Node) -> list[Node]:
        """A function body's return statements, found once per body (every binding used to walk
        the whole body again: quadratic in a function with thousands of them)."""
        found = self._returns.get(body.start_byte)
        if found is None:
            found = self._returns[body.start_byte] = []
            stack = [body]
            while stack:
                node = stack.pop()
                if node.type == "func_literal":
                    continue
                if node.type == "return_statement":
                    found.append(node)
                stack.extend(node.named_children)
        return found

    def _returned(self, stmt: Node, depth: int) -> list[str]:
        fn = self.index.func_of(stmt)
        if fn is None or depth > 2:
            return []
        names = [fn.simple]
        for call in self.index.call_sites(fn):
            names.extend(self.bound_names(call, depth + 1))
        return names

    def export_factory(self, client: Client) -> None:
        """A client built and returned by a function (``CreateKafkaProducer()``): its settings are
        exported as ``Func()#<key>`` symbols, so a caller in another file gets them."""
        fn = self.index.func_of(client.node)
        if fn is None or fn.is_method or fn.simple not in client.names:
            return
        for key, setting in client.settings.items():
            if setting.pending is None and not setting.unresolved:
                self.facts.symbols[f"{fn.simple}(){FACTORY_SEP}{key}"] = (setting.value, setting.loc.line)

    def factory_clients(self, kind: str, libraries: tuple[str, ...]) -> list[Client]:
        """Clients made by a function of another package of this repository (``svc.p, err =
        kafka.CreateKafkaProducer(...)``): their settings are that function's exported ones,
        settled by the repository resolver (one ``client.factory`` setting names the function)."""
        out = []
        for calls in self.index.calls_by_name.values():
            for call in calls:
                receiver, name = ga.callee(call)
                if receiver is None or receiver.type != "identifier" or not name[:1].isupper():
                    continue
                path = self.index.import_path(ga.text(receiver), call)
                if path is None or "." not in path.split("/")[0] and "/" not in path or any(lib in path for lib in libraries):
                    continue  # the standard library, or a client library itself
                names = self.bound_names(call)
                if not names:
                    continue
                factory = Setting(FACTORY_KEY, f"{ga.text(receiver)}.{name}()", self.loc(call), "factory",
                                  pending=Pending("go-const", f"{path}:{name}()"))
                out.append(Client(kind, call, names, {FACTORY_KEY: factory}))
        return sorted(out, key=lambda c: c.node.start_byte)

    def calls_on(self, client: Client, methods: set[str], single: bool) -> list[Node]:
        """Calls of `methods` made on `client` (matched by name); with `single` (the file has only
        this client of its kind) every call of those methods counts."""
        wanted = {last_segment(n) for n in client.names}
        out = []
        for method in methods:
            for call in self.index.calls_by_name.get(method, []):
                receiver, _ = ga.callee(call)
                if receiver is None:
                    continue
                if single or last_segment(ga.text(receiver)) in wanted:
                    out.append(call)
        return sorted(out, key=lambda n: n.start_byte)

    @staticmethod
    def match(clients: list[Client], receiver: Node | None) -> Client | None:
        """The client a method call's receiver refers to; the only client when there is one."""
        if receiver is not None:
            name = last_segment(ga.text(receiver))
            for client in clients:
                if name in {last_segment(n) for n in client.names}:
                    return client
        return clients[0] if len(clients) == 1 else None

    def literal_of(self, node: Node | None, _depth: int = 0) -> Node | None:
        """The composite literal an expression is, points to, or is bound to (``cfg := &kafka.ConfigMap{}``)."""
        node = ga.unwrap_ref(node)
        if node is None or _depth > 3:
            return None
        if node.type == "composite_literal":
            return node
        if node.type == "identifier":
            name = ga.text(node)
            bindings = self.index.bindings_before(name, node)
            binding = bindings[-1] if bindings else self.index.consts.get(name)
            if binding is not None and binding.value is not None and not binding.tuple_rhs:
                return self.literal_of(binding.value, _depth + 1)
        return None
