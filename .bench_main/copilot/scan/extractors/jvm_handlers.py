"""Handler facts shared by the detectors: which variables hold records or their values, and
the HandlerFact (calls + field reads) for a span of a method."""

from __future__ import annotations

from copilot.model.facts import CallFact, HandlerFact
from copilot.scan.extractors.jvm_calls import CallClassifier, Scope
from copilot.scan.extractors.jvm_context import FileCtx
from copilot.scan.extractors.jvm_ir import ClassDecl, Method, TypeRef, Var

RECORD_TYPES = {"ConsumerRecord", "Message", "Record", "KafkaRecord", "IncomingKafkaRecord", "GenericMessage"}
_COLLECTIONS = {"List", "Collection", "Iterable", "Set", "ConsumerRecords", "MutableList", "Array", "Flux", "Multi"}
_NOT_PAYLOAD = {
    "Acknowledgment", "Acknowledgement", "Consumer", "ConsumerRecordMetadata", "Channel", "Headers",
    "MessageHeaders", "Continuation", "Exception", "Throwable", "KafkaConsumer",
}
_HEADER_ANNOTATIONS = {"Header", "Headers"}


def payload_param(m: Method) -> Var | None:
    """The listener parameter carrying the record or its value."""
    explicit = next((p for p in m.params if any(a.name == "Payload" for a in p.annotations)), None)
    if explicit is not None:
        return explicit
    for p in m.params:
        if any(a.name in _HEADER_ANNOTATIONS for a in p.annotations):
            continue
        if p.type is not None and p.type.base in _NOT_PAYLOAD:
            continue
        return p
    return None


def _element(t: TypeRef | None) -> TypeRef | None:
    if t is not None and t.base in _COLLECTIONS and t.args:
        return t.args[-1]
    return None


def build_scope(ctx: FileCtx, cls: ClassDecl | None, m: Method, seeds: list[Var] | None = None,
                listener: bool = True) -> Scope:
    """Propagate record/value variables through locals, loops and forEach lambdas of ``m``."""
    scope = Scope(listener=listener)
    record_colls: set[str] = set()
    value_colls: set[str] = set()

    def classify(v: Var, t: TypeRef | None) -> None:
        if t is None:
            scope.values.add(v.name)
            return
        if t.base in ("ConsumerRecords",):
            record_colls.add(v.name)
            return
        el = _element(t)
        if el is not None:
            (record_colls if el.base in RECORD_TYPES else value_colls).add(v.name)
            return
        (scope.records if t.base in RECORD_TYPES else scope.values).add(v.name)

    for v in seeds or []:
        classify(v, v.type)
    for v in m.vars.values():
        t = ctx.var_type(v, cls, m)
        if t is not None and t.base == "ConsumerRecords":
            record_colls.add(v.name)
        elif t is not None and t.base == "ConsumerRecord":
            scope.records.add(v.name)
    for _ in range(3):
        for v in m.vars.values():
            init = v.init
            if init is not None and init.kind == "call" and init.recv is not None and init.recv.kind == "name":
                if init.recv.name in scope.records and init.name in ("value", "getPayload", "payload", "getValue"):
                    scope.values.add(v.name)
                elif init.name == "poll" and ctx.kind_of(init.recv, cls, m) == "consumer":
                    record_colls.add(v.name)
        for var, iterable in m.foreach:
            if iterable.kind == "name" and iterable.name in record_colls:
                scope.records.add(var.name)
            elif iterable.kind == "name" and iterable.name in value_colls:
                scope.values.add(var.name)
            elif iterable.kind == "call" and iterable.name == "poll":
                scope.records.add(var.name)
        for lam in m.lambdas:
            owner = lam.owner
            if owner is None or owner.recv is None or owner.recv.kind != "name" or not lam.params:
                continue
            if owner.name in ("forEach", "forEachRemaining", "map", "filter", "subscribe"):
                if owner.recv.name in record_colls:
                    scope.records.add(lam.params[0])
                elif owner.recv.name in value_colls:
                    scope.values.add(lam.params[0])
    return scope


def make_handler(ctx: FileCtx, kind: str, cls: ClassDecl | None, m: Method, scope: Scope, line: int, end: int,
                 name: str | None, only_lines: list[tuple[int, int]] | None = None,
                 extra: list[CallFact] | None = None, skip: set[int] | None = None) -> HandlerFact:
    """A HandlerFact for lines ``line..end`` of ``m``; field reads go to the file's facts."""
    classifier = CallClassifier(ctx)
    calls = classifier.handler_calls(cls, m, line, end, scope, only_lines, skip)
    if extra:
        calls = sorted(calls + extra, key=lambda c: c.line)
    known = {(r.name, r.line) for r in ctx.facts.field_reads}
    for r in classifier.field_reads(m, line, end, scope, only_lines):
        if (r.name, r.line) not in known:
            ctx.facts.field_reads.append(r)
    handler = HandlerFact(kind, ctx.loc(line), end, calls, name)
    ctx.facts.handlers.append(handler)
    return handler
