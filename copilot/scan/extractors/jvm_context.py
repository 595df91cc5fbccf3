"""Shared state of one JVM file's analysis: types of variables, what a receiver is (a
KafkaTemplate, a consumer, a logger ...), schema names from generic types, and which settings
container a client was built from."""

from __future__ import annotations

from dataclasses import dataclass

from copilot.libraries.value_types import NOT_SCHEMAS, WRAPPERS
from copilot.model.facts import FileFacts, Loc, SchemaRef, Setting
from copilot.scan.extractors.jvm_ir import Annotation, ClassDecl, Expr, FileIR, Method, TypeRef, Var
from copilot.scan.extractors.jvm_settings import Container, SettingsReader, add_formats, collect_containers
from copilot.scan.extractors.jvm_values import Evaluator

# receiver type -> what it is
TYPE_KINDS = {
    "KafkaTemplate": "template", "KafkaOperations": "template", "ReplyingKafkaTemplate": "template",
    "RoutingKafkaTemplate": "template", "ReactiveKafkaProducerTemplate": "template",
    "KafkaProducer": "producer", "Producer": "producer", "KafkaConsumer": "consumer",
    "StreamBridge": "bridge", "Emitter": "emitter", "MutinyEmitter": "emitter",
    "StreamsBuilder": "builder", "Topology": "topology",
    "KStream": "stream", "KTable": "stream", "KGroupedStream": "stream", "KGroupedTable": "stream",
    "TimeWindowedKStream": "stream", "SessionWindowedKStream": "stream", "CogroupedKStream": "stream",
    "BranchedKStream": "stream", "GlobalKTable": "stream",
    "Acknowledgment": "ack", "Acknowledgement": "ack",
    "RestTemplate": "rest", "RestClient": "rest", "RestOperations": "rest", "WebClient": "webclient",
    "HttpClient": "http", "OkHttpClient": "http", "CloseableHttpClient": "http",
    "JdbcTemplate": "jdbc", "NamedParameterJdbcTemplate": "jdbc", "Statement": "jdbc",
    "PreparedStatement": "jdbc", "Connection": "jdbc", "JdbcClient": "jdbc",
    "MeterRegistry": "metrics", "Counter": "metrics", "Timer": "metrics", "DistributionSummary": "metrics",
    "Gauge": "metrics", "LongCounter": "metrics", "Meter": "metrics", "Histogram": "metrics",
    "PrometheusMeterRegistry": "metrics", "CollectorRegistry": "metrics", "Summary": "metrics",
    "Tracer": "tracing", "Span": "tracing", "Tracing": "tracing", "ObservationRegistry": "tracing",
    "Observation": "tracing", "OpenTelemetry": "tracing",
    "Logger": "logger", "Log": "logger", "KLogger": "logger",
    "ConsumerRecords": "records", "ConsumerRecord": "record",
}
# what a bare variable name suggests when its type is unknown
_NAME_HINTS = (
    ("kafkatemplate", "template"), ("streambridge", "bridge"), ("emitter", "emitter"),
    ("resttemplate", "rest"), ("restclient", "rest"), ("webclient", "webclient"), ("httpclient", "http"),
    ("jdbctemplate", "jdbc"), ("meterregistry", "metrics"), ("tracer", "tracing"),
    ("streamsbuilder", "builder"), ("topology", "topology"),
)
_EXACT_NAME_HINTS = {
    "template": "template", "producer": "producer", "consumer": "consumer", "builder": "builder",
    "log": "logger", "logger": "logger", "LOG": "logger", "LOGGER": "logger", "ack": "ack",
    "acknowledgment": "ack", "acknowledgement": "ack", "registry": "metrics", "records": "records",
}
_WRAPPERS = WRAPPERS
_NOT_SCHEMAS = NOT_SCHEMAS
CLIENT_CLASSES = {
    "KafkaProducer", "KafkaConsumer", "DefaultKafkaProducerFactory", "DefaultKafkaConsumerFactory",
    "KafkaStreams", "KafkaStreamsConfiguration", "StreamsConfig", "KafkaTemplate", "SenderOptions",
    "ReceiverOptions", "ReactiveKafkaProducerTemplate", "ReactiveKafkaConsumerTemplate",
}
EMITTER_TYPES = {"Emitter", "MutinyEmitter"}  # `@Channel` variables that send
_STREAMS_CLASSES = {"KafkaStreams", "KafkaStreamsConfiguration", "StreamsConfig"}
_SCOPE_FUNCTIONS = {"use", "let", "also", "apply", "run"}
_SCS_PACKAGE = "org.springframework.cloud.stream"
# Spring Cloud Stream's own binding interfaces (annotation style, before 3.x): method -> binding
_LIBRARY_BINDINGS = {
    "Source": {"output": ("produce", "output")},
    "Sink": {"input": ("consume", "input")},
    "Processor": {"input": ("consume", "input"), "output": ("produce", "output")},
}
_BINDING_ROLES = {"Input": "consume", "Output": "produce"}


@dataclass
class BindingChannel:
    """A channel method of a Spring Cloud Stream binding interface (`@Output("orders-out") MessageChannel
    ordersOut()`, or `Source.output()`): its role and binding name (None when the name lives elsewhere)."""

    role: str
    binding: str | None
    iface: str
    method: Method | None = None  # None for the library's interfaces
    annotation: Annotation | None = None


class FileCtx:
    """Everything the endpoint detectors share for one file."""

    def __init__(self, ir: FileIR, path: str) -> None:
        self.ir = ir
        self.path = path
        self.ev = Evaluator(ir, path)
        self.reader = SettingsReader(self.ev)
        self.facts = FileFacts(path, ir.language)
        self.containers: list[Container] = []
        self.emitters: dict[str, tuple[str, Var]] = {}  # emitter variable -> (channel, declaration)
        self.listener_methods: set[int] = set()  # ids of methods that already have a listener handler
        self._typing: set[int] = set()
        self._inline: dict[int, Container | None] = {}
        self._kinds: dict[tuple[int, int], tuple[Expr, str | None]] = {}
        self._bindings: dict[str, dict[str, BindingChannel]] | None = None

    def loc(self, line: int) -> Loc:
        return Loc(self.path, line)

    # ---- types and kinds ----------------------------------------------------------------

    def var(self, name: str, cls: ClassDecl | None, method: Method | None) -> Var | None:
        found = self.ev.lookup_var(name, cls, method)
        return found[0] if found else None

    def type_of(self, e: Expr | None, cls: ClassDecl | None, method: Method | None) -> TypeRef | None:
        if e is None or id(e) in self._typing or len(self._typing) > 40:
            return None
        self._typing.add(id(e))
        try:
            return self._type_of(e, cls, method)
        finally:
            self._typing.discard(id(e))

    def _type_of(self, e: Expr, cls: ClassDecl | None, method: Method | None) -> TypeRef | None:
        if e.kind == "name" and "." not in e.name:
            v = self.var(e.name, cls, method)
            return self.var_type(v, cls, method) if v else None
        if e.kind == "new":
            return TypeRef(e.name, e.name, list(e.type_args), e.line)
        if e.kind == "call":
            if e.name in ("apply", "also") and e.recv is not None:
                return self.type_of(e.recv, cls, method)
            recv_kind = self.kind_of(e.recv, cls, method) if e.recv is not None else None
            if recv_kind == "builder" and e.name in ("stream", "table", "globalTable"):
                base = {"stream": "KStream", "table": "KTable", "globalTable": "GlobalKTable"}[e.name]
                return TypeRef(base, base, list(e.type_args), e.line)
            if recv_kind == "stream" and e.name not in ("to", "foreach", "print"):
                return TypeRef("KStream", "KStream", [], e.line)
            if recv_kind == "consumer" and e.name == "poll":
                ct = self.type_of(e.recv, cls, method)
                return TypeRef("ConsumerRecords", "ConsumerRecords", list(ct.args) if ct else [], e.line)
            if recv_kind == "record" and e.name == "value":
                rt = self.type_of(e.recv, cls, method)
                return rt.args[-1] if rt and rt.args else None
            if (e.recv is None or (e.recv.kind == "name" and e.recv.name == "this")) and cls is not None:
                # a helper of the same class (`highRisk(transactions)`): its declared return type
                own = [m for m in cls.methods if m.name == e.name and m.ret is not None]
                if len(own) == 1:
                    return own[0].ret
        return None

    def var_type(self, v: Var, cls: ClassDecl | None, method: Method | None) -> TypeRef | None:
        if v.type is not None:
            return v.type
        if v.init is not None:
            return self.type_of(v.init, cls, method if v.kind != "field" else None)
        if method is None:
            return None
        if v.kind == "foreach":
            for var, iterable in method.foreach:
                if var is v:
                    it = self.type_of(iterable, cls, method)
                    if it is not None and it.base == "ConsumerRecords":
                        return TypeRef("ConsumerRecord", "ConsumerRecord", list(it.args), v.line)
        if v.kind == "lambda":
            for lam in method.lambdas:
                if v.name in lam.params and lam.owner is not None and lam.owner.recv is not None:
                    owner = lam.owner
                    if owner.name in _SCOPE_FUNCTIONS | {"executeInTransaction", "execute"}:
                        return self.type_of(owner.recv, cls, method)
                    if owner.name in ("forEach", "forEachRemaining", "map", "filter"):
                        it = self.type_of(owner.recv, cls, method)
                        if it is not None and it.base == "ConsumerRecords":
                            return TypeRef("ConsumerRecord", "ConsumerRecord", list(it.args), v.line)
        return None

    def kind_of(self, e: Expr | None, cls: ClassDecl | None, method: Method | None) -> str | None:
        """What a receiver expression is: template, producer, consumer, emitter, logger, ..."""
        if e is None:
            return None
        key = (id(e), id(method))
        hit = self._kinds.get(key)
        if hit is None:  # the expression is kept in the entry so its id is never reused
            hit = self._kinds[key] = (e, self._kind_of(e, cls, method))
        return hit[1]

    def _kind_of(self, e: Expr, cls: ClassDecl | None, method: Method | None) -> str | None:
        if e.kind == "name" and "." not in e.name:
            v = self.var(e.name, cls, method)
            if v is not None:
                if any(a.name == "Channel" for a in v.annotations):
                    # `@Channel Emitter<T>` sends; `@Channel Multi<T>` / `Publisher<T>` is read from
                    return "emitter" if v.type is None or v.type.base in EMITTER_TYPES else None
                t = self.var_type(v, cls, method)
                if t is not None:
                    kind = self._type_kind(t)
                    if kind is not None:
                        return kind
                    if v.type is not None and v.type.base not in ("var", "val"):
                        return None
            return _name_kind(e.name)
        if e.kind == "name":
            return _name_kind(e.name.rsplit(".", 1)[-1])
        t = self.type_of(e, cls, method)
        return self._type_kind(t) if t is not None else None

    def _type_kind(self, t: TypeRef) -> str | None:
        base = t.base
        if base == "Consumer":
            imported = self.ir.imports.get("Consumer", "")
            return "consumer" if imported.startswith("org.apache.kafka") or len(t.args) == 2 else None
        if base == "Producer":
            imported = self.ir.imports.get("Producer", "")
            return "producer" if imported.startswith("org.apache.kafka") or len(t.args) == 2 else None
        return TYPE_KINDS.get(base)

    # ---- Spring Cloud Stream binding interfaces --------------------------------------------

    def is_scs(self, name: str) -> bool:
        """`name` (an annotation or type as written) is Spring Cloud Stream's: imported from its
        package, or not imported at all in a file that imports from that package."""
        qualified = self.ir.imports.get(name)
        if qualified is not None:
            return qualified.startswith(_SCS_PACKAGE)
        return any(q.startswith(_SCS_PACKAGE) for q, _ in self.ir.import_lines)

    def binding_interfaces(self) -> dict[str, dict[str, BindingChannel]]:
        """Binding interfaces known in this file (simple name -> channel method name -> channel):
        Source/Sink/Processor when imported from Spring Cloud Stream, and this file's interfaces
        with `@Input` / `@Output` methods (and what they extend)."""
        if self._bindings is not None:
            return self._bindings
        out: dict[str, dict[str, BindingChannel]] = {}
        for name, methods in _LIBRARY_BINDINGS.items():
            if self.is_scs(name):
                out[name] = {m: BindingChannel(role, binding, name) for m, (role, binding) in methods.items()}
        declared = [c for c in self.ir.classes if c.kind == "interface"]
        for cls in declared:
            channels: dict[str, BindingChannel] = {}
            for m in cls.methods:
                ann = m.annotation("Input", "Output")
                if ann is None or m.params or not self.is_scs(ann.name):
                    continue
                value = ann.args.get("value")
                binding = m.name  # `@Output` with no name binds the method's name
                if value is not None:
                    binding = self.ev.value(value, cls, None).value or None
                channels[m.name] = BindingChannel(_BINDING_ROLES[ann.name], binding, cls.name, m, ann)
            if channels:
                out[cls.name] = channels
        for cls in declared:  # `interface Bindings extends Source, Sink`
            if cls.name not in out:
                continue
            for sup in cls.supers:
                for m, channel in out.get(sup.base, {}).items():
                    out[cls.name].setdefault(m, channel)
        self._bindings = out
        return out

    def binding_channel(self, e: Expr | None, cls: ClassDecl | None, method: Method | None) -> BindingChannel | None:
        """The channel `e` is when it calls a binding interface's channel method (`source.output()`)."""
        if e is None or e.kind != "call" or e.args or e.recv is None or e.recv.kind != "name" or "." in e.recv.name:
            return None
        interfaces = self.binding_interfaces()
        if not interfaces:
            return None
        v = self.var(e.recv.name, cls, method)
        t = self.var_type(v, cls, method) if v is not None else None
        return interfaces.get(t.base, {}).get(e.name) if t is not None else None

    # ---- schemas ------------------------------------------------------------------------

    def schema_ref(self, t: TypeRef | None, depth: int = 0) -> SchemaRef | None:
        """A SchemaRef("name") for the record class a generic type carries (the value side)."""
        if t is None or depth > 5:
            return None
        if t.base in _WRAPPERS:
            return self.schema_ref(t.args[-1], depth + 1) if t.args else None
        base = t.base
        if base in _NOT_SCHEMAS or not base[:1].isupper() or (len(base) == 1 and base.isupper()):
            return None
        if "." in t.qname:
            key = t.qname
        else:
            key = self.ir.imports.get(base, base)
        return SchemaRef("name", key, self.loc(t.line) if t.line else None)

    # ---- client settings ----------------------------------------------------------------

    def build_containers(self) -> None:
        self.containers = collect_containers(self.reader, self.ir.classes)
        for c in self.containers:
            add_formats(c.settings)
            if any(k == "application.id" or k.startswith("default.") and k.endswith(".serde") for k in c.settings):
                c.streams = True
        for cls in self.ir.classes:
            for m in cls.methods:
                for call in m.calls:
                    base = call.name.rsplit(".", 1)[-1]
                    if call.kind == "new" and base in CLIENT_CLASSES:  # also materialises inline Map.of(...)
                        c = self.settings_of(call, cls, m, mark=False)
                        if c is not None and base in _STREAMS_CLASSES:
                            c.streams = True

    def _container_named(self, name: str, cls: ClassDecl | None, method: Method | None) -> Container | None:
        for c in self.containers:
            if c.name == name and c.cls is cls and (c.method is method or c.method is None):
                return c
        for c in self.containers:
            if c.name == name and c.cls is cls and c.method is None:
                return c
        return None

    def settings_of(self, e: Expr | None, cls: ClassDecl | None, method: Method | None, depth: int = 0,
                    mark: bool = True) -> Container | None:
        """The settings container a client expression was built from, if it is in this file."""
        if e is None or depth > 6:
            return None
        found: Container | None = None
        if e.kind == "name" and "." not in e.name:
            found = self._container_named(e.name, cls, method)
            if found is None:
                v = self.var(e.name, cls, method)
                if v is not None and v.init is not None:
                    found = self.settings_of(v.init, cls, method if v.kind != "field" else None, depth + 1, mark)
                elif v is not None and v.kind == "lambda" and method is not None:
                    for lam in method.lambdas:  # KafkaConsumer(props).use { consumer -> ... }
                        owner = lam.owner
                        if e.name in lam.params and owner is not None and owner.name in _SCOPE_FUNCTIONS:
                            found = self.settings_of(owner.recv, cls, method, depth + 1, mark)
                            break
                elif v is None or v.kind == "field":
                    target = self.ev.method_named(cls, e.name)
                    found = self.bean_settings(target, cls, depth + 1, mark) if target else None
        elif e.kind in ("new", "call"):
            base = e.name.rsplit(".", 1)[-1]
            pairs = self.reader.pairs(e)
            if pairs:
                found = self._inline_container(e, pairs, cls, method)
            elif e.kind == "new" and base in CLIENT_CLASSES | {"HashMap", "Properties", "LinkedHashMap"} and e.args:
                arg = e.args[1] if base == "KafkaStreams" and len(e.args) > 1 else e.args[0]
                found = self.settings_of(arg, cls, method, depth + 1, mark)
            elif e.kind == "call" and e.name in ("apply", "also") and e.recv is not None:
                found = self.settings_of(e.recv, cls, method, depth + 1, mark)
            elif e.kind == "call" and e.name == "create" and e.recv is not None and e.args:
                found = self.settings_of(e.args[0], cls, method, depth + 1, mark)
            elif e.kind == "call" and e.recv is None and not e.args:
                target = self.ev.method_named(cls, e.name)
                found = self.bean_settings(target, cls, depth + 1, mark) if target else None
        if found is not None and mark:
            found.used = True
        return found

    def _inline_container(self, e: Expr, pairs: list[tuple[Expr, Expr]], cls: ClassDecl | None,
                          method: Method | None) -> Container | None:
        """A container for an inline ``Map.of(...)`` / ``mapOf(...)`` passed straight to a client."""
        if id(e) in self._inline:
            return self._inline[id(e)]
        found: Container | None = Container("<inline>", method, cls, e.line)
        assert found is not None
        for k, v in pairs:
            s = self.reader.setting(k, v, cls, method)
            if s is not None:
                found.settings[s.key] = s
        add_formats(found.settings)
        if found.settings:
            self.containers.append(found)
        else:
            found = None
        self._inline[id(e)] = found
        return found

    def bean_settings(self, method: Method, cls: ClassDecl | None, depth: int = 0, mark: bool = True) -> Container | None:
        """Settings behind a bean method: what it returns, or the factory it plugs into a container factory."""
        for r in method.returns:
            found = self.settings_of(r, cls, method, depth + 1, mark)
            if found is not None:
                return found
        for call in method.calls:
            if call.name in ("setConsumerFactory", "setProducerFactory") and call.args:
                found = self.settings_of(call.args[0], cls, method, depth + 1, mark)
                if found is not None:
                    return found
        for left, right, _ in method.assigns:
            if left.kind == "name" and left.name.rsplit(".", 1)[-1] in ("consumerFactory", "producerFactory"):
                found = self.settings_of(right, cls, method, depth + 1, mark)
                if found is not None:
                    return found
        return None

    def client_settings(self, client: str | None, cls: ClassDecl | None, method: Method | None) -> dict[str, Setting]:
        if not client:
            return {}
        c = self.settings_of(Expr("name", client, 0, 0, name=client), cls, method)
        return dict(c.settings) if c is not None else {}

    def streams_settings(self, method: Method | None) -> dict[str, Setting]:
        candidates = [c for c in self.containers if c.streams]
        if len(candidates) > 1:
            candidates = [c for c in candidates if c.method is method]
        if len(candidates) != 1:
            return {}
        candidates[0].used = True
        return dict(candidates[0].settings)


def _name_kind(name: str) -> str | None:
    if name in _EXACT_NAME_HINTS:
        return _EXACT_NAME_HINTS[name]
    low = name.lower()
    for hint, kind in _NAME_HINTS:
        if hint in low:
            return kind
    if low.endswith("producer"):
        return "producer"
    if low.endswith("consumer"):
        return "consumer"
    if low.endswith("logger"):
        return "logger"
    return None
