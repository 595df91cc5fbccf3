"""AsyncAPI documents (2.x and 3.x, YAML or JSON): the topics an application declares it sends
and receives, and their message schemas.

2.x: a channel's ``subscribe`` operation is what the application *sends*, ``publish`` what it
*receives* (the spec's wording is from the client's side).  3.x: ``operations.<id>.action`` is
``send`` or ``receive`` on ``channel: {$ref: '#/channels/<id>'}``, whose ``address`` is the
topic (the channel id when no address is given; a null address is unknown at design time).  A
Kafka channel binding's ``topic`` wins over both.  Only Kafka documents count: a document whose
servers speak another protocol (amqp, mqtt, ...) declares no Kafka topic, and one with no server
needs a Kafka binding somewhere.  A payload with an Avro ``schemaFormat`` referring to a file is
the endpoint's schema.  Each endpoint belongs to the service the document sits in.
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, ScalarNode

from copilot.model.facts import Endpoint, FileFacts, Loc, SchemaRef, TopicRef
from copilot.scan.extractors.config_yaml import get, line_of, mapping_items, scalar_text

LIBRARY = "asyncapi"
_PARAM = re.compile(r"\{[^}]*\}")


def is_asyncapi(doc: Node) -> bool:
    node = get(doc, "asyncapi")
    return isinstance(doc, MappingNode) and isinstance(node, ScalarNode) and bool(scalar_text(node))


def _kafka(doc: Node) -> bool:
    protocols = [scalar_text(get(s, "protocol")).lower() for _k, _kn, s in mapping_items(get(doc, "servers") or MappingNode("", [])) if get(s, "protocol") is not None]
    if protocols:
        return any(p.startswith("kafka") for p in protocols)
    return "bindings" in _keys(doc, 6) and "kafka" in _keys(doc, 8)


def _keys(node: Node | None, depth: int) -> set[str]:
    out: set[str] = set()
    if depth <= 0 or node is None:
        return out
    for key, _k, value in mapping_items(node):
        out.add(key)
        out |= _keys(value, depth - 1)
    return out


def _ref(doc: Node, node: Node | None) -> Node | None:
    """Follow a local `$ref: '#/a/b'` (one level at a time, bounded)."""
    for _ in range(8):
        ref = get(node, "$ref") if node is not None else None
        if not isinstance(ref, ScalarNode) or not scalar_text(ref).startswith("#/"):
            return node
        parts = [p.replace("~1", "/").replace("~0", "~") for p in scalar_text(ref)[2:].split("/")]
        node = get(doc, *parts)
    return node


def _schema(doc: Node, message: Node | None) -> SchemaRef | None:
    message = _ref(doc, message)
    if message is None:
        return None
    for candidate in [message, *[_ref(doc, m) for m in (get(message, "oneOf").value if hasattr(get(message, "oneOf"), "value") else [])]]:
        fmt = scalar_text(get(candidate, "schemaFormat") or ScalarNode("", "")).lower()
        payload = get(candidate, "payload")
        if payload is not None and get(payload, "schemaFormat") is not None:  # 3.x multi-format schema object
            fmt = scalar_text(get(payload, "schemaFormat")).lower()
            payload = get(payload, "schema")
        ref = get(payload, "$ref") if payload is not None else None
        if "avro" in fmt and isinstance(ref, ScalarNode) and not scalar_text(ref).startswith("#"):
            return SchemaRef("file", scalar_text(ref).split("#", 1)[0], Loc("", line_of(ref)))
        name = get(payload, "name") if payload is not None else None
        if "avro" in fmt and isinstance(name, ScalarNode):
            namespace = get(payload, "namespace")
            full = f"{scalar_text(namespace)}.{scalar_text(name)}" if isinstance(namespace, ScalarNode) else scalar_text(name)
            return SchemaRef("name", full, Loc("", line_of(name)))
    return None


def _topic(channel_id: str, channel: Node | None, knode: Node, path: str) -> TopicRef:
    binding = get(channel, "bindings", "kafka", "topic")
    address = get(channel, "address")
    if isinstance(binding, ScalarNode) and scalar_text(binding):
        text, line = scalar_text(binding), line_of(binding)
    elif address is not None:
        text, line = scalar_text(address), line_of(address)
        if not text:
            return TopicRef(f"{channel_id}.address", None, "unresolved", None, [Loc(path, line)])
    else:
        text, line = channel_id, line_of(knode)
    if _PARAM.search(text):  # `user.{userId}`: a family of topics, known at run time
        return TopicRef(text, None, "unresolved", None, [Loc(path, line)])
    return TopicRef(text, text, "asyncapi", None, [Loc(path, line)])


def _endpoint(role: str, topic: TopicRef, line: int, path: str, schema: SchemaRef | None) -> Endpoint:
    ep = Endpoint(role, topic, Loc(path, line), LIBRARY, end_line=line)  # type: ignore[arg-type]
    if schema is not None:
        ep.schema = SchemaRef(schema.kind, schema.key, Loc(path, schema.loc.line) if schema.loc else None)
    return ep


def extract(doc: Node, facts: FileFacts) -> None:
    if not _kafka(doc):
        return
    version = scalar_text(get(doc, "asyncapi"))
    channels = get(doc, "channels") or MappingNode("", [])
    if version.startswith(("0.", "1.", "2.")):
        for cid, knode, channel in mapping_items(channels):
            for op, role in (("subscribe", "produce"), ("publish", "consume")):
                node = get(channel, op)
                if node is None:
                    continue
                topic = _topic(cid, channel, knode, facts.path)
                line = next((line_of(k) for key, k, _v in mapping_items(channel) if key == op), line_of(knode))
                facts.endpoints.append(_endpoint(role, topic, line, facts.path, _schema(doc, get(node, "message"))))
        return
    by_id = {cid: (knode, channel) for cid, knode, channel in mapping_items(channels)}
    for _oid, oknode, op in mapping_items(get(doc, "operations") or MappingNode("", [])):
        action = scalar_text(get(op, "action") or ScalarNode("", "")).lower()
        role = {"send": "produce", "receive": "consume"}.get(action)
        ref = get(op, "channel", "$ref")
        if role is None or not isinstance(ref, ScalarNode):
            continue
        cid = scalar_text(ref).rsplit("/", 1)[-1].replace("~1", "/")
        if cid not in by_id:
            continue
        knode, channel = by_id[cid]
        topic = _topic(cid, channel, knode, facts.path)
        messages = list(mapping_items(get(channel, "messages") or MappingNode("", [])))
        schema = _schema(doc, messages[0][2]) if messages else None
        facts.endpoints.append(_endpoint(role, topic, line_of(oknode), facts.path, schema))
