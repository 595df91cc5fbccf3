"""The record class a JVM client's generic type carries, as the endpoint's value schema.

`KafkaProducer<String, Order>`, `KStream<String, Order>`, `KafkaTemplate<String, Order>`: the last
type argument is the value type; wrappers (`Message<T>`, `List<T>`, `ConsumerRecord<K, V>`) are
looked through and plain types (`String`, `byte[]`, `GenericRecord`) are no schema.  The name is
qualified by the file's import when it has one (`com.acme.avro.Order`), so the resolver matches it
to an Avro record or a generated class.
"""

from __future__ import annotations

from copilot.lang.ir import Module
from copilot.model.facts import Loc, SchemaRef

WRAPPERS = frozenset({
    "ConsumerRecord", "ProducerRecord", "Message", "List", "Collection", "Iterable", "Flux", "Mono", "Multi",
    "Uni", "CompletionStage", "CompletableFuture", "Optional", "Publisher", "KafkaRecord", "Record",
    "KStream", "KTable", "GlobalKTable", "ConsumerRecords", "KafkaTemplate", "KafkaProducer", "KafkaConsumer",
    "Emitter", "MutinyEmitter", "Serde", "SpecificAvroSerde", "ReactiveKafkaProducerTemplate", "Producer",
    "Consumer", "Set", "Array", "MutableList", "Flow", "KafkaOperations", "IncomingKafkaRecord",
    "OutgoingKafkaRecord", "ReflectionAvroSerde", "Serializer", "Deserializer", "JsonSerde", "MessageSource",
})
NOT_SCHEMAS = frozenset({
    "String", "Object", "byte[]", "ByteArray", "Bytes", "GenericRecord", "Any", "Void", "Unit", "void",
    "JsonNode", "Map", "Integer", "Long", "Double", "Float", "Boolean", "Int", "ByteBuffer", "Acknowledgment",
    "CharSequence", "Short", "BigDecimal", "ObjectNode", "SpecificRecord", "IndexedRecord", "Struct", "Headers",
    "Nothing", "MutableMap", "HashMap", "Integer[]", "Number", "UUID", "Instant", "DynamicMessage", "?",
    "Windowed", "KeyValue", "GenericData.Record",
})
MAX_NESTING = 5


def type_args(written: str) -> tuple[str, list[str]]:
    """`KafkaProducer<String,Map<String,Order>>` -> (`KafkaProducer`, [`String`, `Map<String,Order>`])."""
    text = "".join(written.split()).rstrip("?")
    if "<" not in text or not text.endswith(">"):
        return text, []
    base, inner = text.split("<", 1)
    inner = inner[:-1]
    out, depth, start = [], 0, 0
    for i, c in enumerate(inner):
        if c == "<":
            depth += 1
        elif c == ">":
            depth -= 1
        elif c == "," and depth == 0:
            out.append(inner[start:i])
            start = i + 1
    out.append(inner[start:])
    return base, [a for a in out if a]


def value_schema(mod: Module, written: str, loc: Loc, depth: int = 0) -> SchemaRef | None:
    """The record class `written` carries as its value (None for a plain or unknown type)."""
    if depth > MAX_NESTING or not written:
        return None
    base, args = type_args(written)
    simple = base.rsplit(".", 1)[-1]
    if simple in WRAPPERS:
        return value_schema(mod, args[-1], loc, depth + 1) if args else None
    if depth == 0:  # the client's own type must carry the value type
        return None
    name = base.lstrip("? ").removeprefix("extends").removeprefix("out").removeprefix("in").strip()
    simple = name.rsplit(".", 1)[-1]
    if name in NOT_SCHEMAS or simple in NOT_SCHEMAS or not simple[:1].isupper() or (len(simple) == 1 and simple.isupper()):
        return None
    if "." not in name:
        name = next((u for u in mod.uses if u.rsplit(".", 1)[-1] == name), name)
    return SchemaRef("name", name, loc)
