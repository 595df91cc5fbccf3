"""The pseudo-setting ``value.format``: how a producer's message value was serialised.

Follows the value expression back through conversions (``[]byte(s)``, ``sarama.ByteEncoder(b)``)
and the local variable it came from (``b, err := json.Marshal(order)``) to the encoding call:
``json.Marshal`` -> json, ``proto.Marshal`` -> protobuf, goavro ``BinaryFromNative`` / hamba
``avro.Marshal`` / Confluent serde ``Serialize`` -> avro (or protobuf/json by serde package).
Nothing derivable -> no setting.
"""

from __future__ import annotations

from tree_sitter import Node

from copilot.model.facts import Setting
from copilot.scan.extractors import go_ast as ga
from copilot.scan.extractors.go_context import GoFile

_WRAPPERS = {"string", "ByteEncoder", "StringEncoder"}
_AVRO_NATIVE = {"BinaryFromNative", "SingleFromNative", "TextualFromNative"}
_AVRO_DECODE = {"NativeFromBinary", "NativeFromSingle", "NativeFromTextual"}
_DECODERS = {"Unmarshal", "Deserialize", "DeserializeInto", *_AVRO_DECODE}
_SERDE = (("serde/avro", "avro"), ("serde/protobuf", "protobuf"), ("serde/jsonschema", "json"))


def value_format(ctx: GoFile, value: Node | None) -> Setting | None:
    call = _source_call(ctx, value)
    if call is None:
        return None
    fmt = _format_of(ctx, call)
    if fmt is None:
        return None
    return ctx.setting("value.format", fmt, call, ga.callee_text(call))


def consumer_format(ctx: GoFile, region: Node) -> Setting | None:
    """The format a handler decodes record values with: ``json.Unmarshal(m.Value, &v)`` -> json,
    ``proto.Unmarshal`` -> protobuf, goavro ``NativeFromBinary`` / serde ``Deserialize`` -> avro."""
    for name in sorted(_DECODERS):
        for call in ctx.index.calls_by_name.get(name, []):
            if not ga.inside(call, region):
                continue
            receiver, _ = ga.callee(call)
            recv = ga.text(receiver).lower() if receiver is not None else ""
            path = _import_of(ctx, receiver)
            fmt = None
            if name == "Unmarshal" and ("json" in recv or "json" in path or "sonic" in path):
                fmt = "json"
            elif name == "Unmarshal" and (recv == "proto" or path.endswith("/proto")):
                fmt = "protobuf"
            elif name == "Unmarshal" and "avro" in path or name in _AVRO_DECODE:
                fmt = "avro"
            elif name in ("Deserialize", "DeserializeInto") and receiver is not None:
                serializer = _source_call(ctx, receiver)
                ser_path = _import_of(ctx, ga.callee(serializer)[0]) if serializer is not None else ""
                fmt = next((f for marker, f in _SERDE if marker in ser_path), None)
            if fmt is not None:
                return ctx.setting("value.format", fmt, call, ga.callee_text(call))
    return None


def _source_call(ctx: GoFile, node: Node | None) -> Node | None:
    for _ in range(4):
        node = ga.unwrap_ref(node)
        if node is None:
            return None
        if node.type == "type_conversion_expression":
            node = node.child_by_field_name("operand")
            continue
        if node.type == "call_expression":
            _, name = ga.callee(node)
            call_args = ga.args(node)
            if name in _WRAPPERS and len(call_args) == 1:
                node = call_args[0]
                continue
            return node
        if node.type == "identifier":
            bindings = ctx.index.bindings_before(ga.text(node), node)
            if not bindings or bindings[-1].value is None or bindings[-1].index:
                return None
            node = bindings[-1].value
            continue
        return None
    return None


def _import_of(ctx: GoFile, receiver: Node | None) -> str:
    if receiver is None or receiver.type != "identifier":
        return ""
    return ctx.index.import_path(ga.text(receiver), receiver) or ""


def _format_of(ctx: GoFile, call: Node) -> str | None:
    receiver, name = ga.callee(call)
    recv = ga.text(receiver).lower() if receiver is not None else ""
    path = _import_of(ctx, receiver)
    if name.startswith("Marshal") and ("json" in recv or "json" in path or "sonic" in path):
        return "json"
    if name == "Marshal" and (recv == "proto" or path.endswith("/proto")):
        return "protobuf"
    if name in _AVRO_NATIVE:
        return "avro"
    if name == "Marshal" and "avro" in path:
        return "avro"
    if name == "Serialize" and receiver is not None:
        serializer = _source_call(ctx, receiver)
        if serializer is not None:
            ser_path = _import_of(ctx, ga.callee(serializer)[0])
            for marker, fmt in _SERDE:
                if marker in ser_path:
                    return fmt
    return None
