"""Kafka client settings written in Java/Kotlin code.

``props.put(ProducerConfig.ACKS_CONFIG, "all")``, ``props["acks"] = "1"``, ``Map.of(...)``,
``mapOf(K to V)``, ``Properties().apply { put(K, V) }`` all become `Setting`s keyed by the Kafka
property name, plus the pseudo settings ``key.format`` / ``value.format`` derived from the
serializer, deserializer or serde class.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from copilot.model.facts import Loc, Pending, Setting
from copilot.scan.extractors.jvm_ir import ClassDecl, Expr, Method
from copilot.scan.extractors.jvm_values import Evaluator

_SPECIAL_KEYS = {
    "KEY_SERIALIZER_CLASS_CONFIG": "key.serializer",
    "VALUE_SERIALIZER_CLASS_CONFIG": "value.serializer",
    "KEY_DESERIALIZER_CLASS_CONFIG": "key.deserializer",
    "VALUE_DESERIALIZER_CLASS_CONFIG": "value.deserializer",
    "DEFAULT_KEY_SERDE_CLASS_CONFIG": "default.key.serde",
    "DEFAULT_VALUE_SERDE_CLASS_CONFIG": "default.value.serde",
    "KEY_SERDE_CLASS_CONFIG": "default.key.serde",
    "VALUE_SERDE_CLASS_CONFIG": "default.value.serde",
    "DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG": "default.timestamp.extractor",
    "DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG": "default.deserialization.exception.handler",
    "DEFAULT_PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG": "default.production.exception.handler",
    "TRUSTED_PACKAGES": "spring.json.trusted.packages",
    "VALUE_DEFAULT_TYPE": "spring.json.value.default.type",
    "KEY_DEFAULT_TYPE": "spring.json.key.default.type",
    "USE_TYPE_INFO_HEADERS": "spring.json.use.type.headers",
    "ADD_TYPE_INFO_HEADERS": "spring.json.add.type.headers",
    "TYPE_MAPPINGS": "spring.json.type.mapping",
    "VALUE_DESERIALIZER_CLASS": "spring.deserializer.value.delegate.class",
    "KEY_DESERIALIZER_CLASS": "spring.deserializer.key.delegate.class",
}
_STREAMS_PREFIXES = {
    "consumerPrefix": "consumer.", "producerPrefix": "producer.", "mainConsumerPrefix": "main.consumer.",
    "restoreConsumerPrefix": "restore.consumer.", "globalConsumerPrefix": "global.consumer.",
    "adminClientPrefix": "admin.", "topicPrefix": "topic.",
}
_VALUE_CONSTANTS = {
    "EXACTLY_ONCE_V2": "exactly_once_v2", "EXACTLY_ONCE": "exactly_once", "EXACTLY_ONCE_BETA": "exactly_once_beta",
    "AT_LEAST_ONCE": "at_least_once", "EARLIEST": "earliest", "LATEST": "latest", "NONE": "none",
    "READ_COMMITTED": "read_committed", "READ_UNCOMMITTED": "read_uncommitted", "TRUE": "true", "FALSE": "false",
}
_BARE_KEYS = {"acks", "retries"}
_MAP_BUILDERS = {"of", "mapOf", "mutableMapOf", "hashMapOf", "linkedMapOf", "ofEntries", "propertiesOf"}
_CONTAINER_TYPES = {"Properties", "Map", "HashMap", "LinkedHashMap", "MutableMap", "TreeMap", "ConcurrentHashMap"}
_PUTS = {"put", "setProperty", "putIfAbsent", "set"}


def format_label(class_text: str) -> str:
    """avro | json | protobuf | string | bytes | unknown, from a (de)serializer or serde class."""
    low = class_text.lower()
    if "protobuf" in low:
        return "protobuf"
    if "avro" in low:
        return "avro"
    if "json" in low:
        return "json"
    if "bytearray" in low or "bytes" in low or "bytebuffer" in low:
        return "bytes"
    if "string" in low:
        return "string"
    return "unknown"


def normalise_const(const: str) -> str:
    """``ProducerConfig.ACKS_CONFIG`` -> ``acks``; ``ENABLE_AUTO_COMMIT_CONFIG`` -> ``enable.auto.commit``."""
    if const in _SPECIAL_KEYS:
        return _SPECIAL_KEYS[const]
    base = const[: -len("_CONFIG")] if const.endswith("_CONFIG") else const
    return base.lower().replace("_", ".")


@dataclass
class Container:
    """A Properties/Map holding client settings, and where it was built."""

    name: str
    method: Method | None
    cls: ClassDecl | None
    line: int
    settings: dict[str, Setting] = field(default_factory=dict)
    used: bool = False  # tied to a client in this file
    streams: bool = False


class SettingsReader:
    """Reads keys and values of client settings with the file's evaluator."""

    def __init__(self, ev: Evaluator) -> None:
        self.ev = ev

    def key(self, e: Expr, cls: ClassDecl | None, method: Method | None) -> tuple[str, str] | None:
        """(normalised key, key as written), or None when the key is not a Kafka setting."""
        raw = e.text
        if e.kind == "call" and e.name in _STREAMS_PREFIXES and len(e.args) == 1:
            inner = self.key(e.args[0], cls, method)
            return (_STREAMS_PREFIXES[e.name] + inner[0], raw) if inner else None
        if e.kind == "name":
            v = self.ev.value(e, cls, method)
            if v.value is not None and "." in v.value:
                return v.value, raw
            parts = e.name.split(".")
            const = parts[-1]
            holder = parts[-2] if len(parts) >= 2 else ""
            if holder.endswith(("Config", "Configs", "Serializer", "Deserializer", "SerDe", "Serde")) or (
                    not holder and (const.endswith("_CONFIG") or const in self.ev.ir.member_imports)):
                return normalise_const(const), raw
            return None
        if e.kind == "str" and e.value and ("." in e.value or e.value in _BARE_KEYS):
            return e.value, raw
        return None

    def value(self, e: Expr, cls: ClassDecl | None, method: Method | None) -> tuple[str, Pending | None]:
        """The value as this file knows it, and the Pending reference when it lives elsewhere
        (an env variable, a constant of another file); then the value is the default or the text."""
        base = e
        while base.kind == "call" and base.recv is not None and not base.args and base.name in (
                "toString", "toLowerCase", "lowercase", "name", "getName", "getCanonicalName", "getSimpleName"):
            base = base.recv
        if base.kind == "prop" and base.name in ("name", "qualifiedName", "simpleName", "canonicalName") and base.recv:
            base = base.recv
        if base.kind == "classlit":
            return base.name.rsplit(".", 1)[-1], None
        if base.kind == "call" and base.name in ("valueOf", "toString") and len(base.args) == 1:
            base = base.args[0]
        v = self.ev.value(base, cls, method)
        if v.value is not None:
            return v.value, None
        if base.kind == "name":
            last = base.name.rsplit(".", 1)[-1]
            if last in _VALUE_CONSTANTS:
                return _VALUE_CONSTANTS[last], None
        if v.pending is not None:
            return v.pending.default if v.pending.default is not None else e.short, v.pending
        return e.short, None

    def setting(self, k: Expr, v: Expr, cls: ClassDecl | None, method: Method | None) -> Setting | None:
        key = self.key(k, cls, method)
        if key is None:
            return None
        value, pending = self.value(v, cls, method)
        return Setting(key[0], value, Loc(self.ev.path, k.line), raw_key=key[1], pending=pending)

    def pairs(self, e: Expr) -> list[tuple[Expr, Expr]]:
        """Key/value expressions of an inline map: Map.of(k, v, ...), mapOf(k to v), Map.ofEntries(entry(k, v))."""
        if e.kind not in ("call", "new") or e.name not in _MAP_BUILDERS:
            return []
        if e.name == "of" and (e.recv is None or e.recv.text not in ("Map", "ImmutableMap", "java.util.Map")):
            return []
        out: list[tuple[Expr, Expr]] = []
        if any(a.kind == "pair" for a in e.args):
            return [(a.args[0], a.args[1]) for a in e.args if a.kind == "pair" and len(a.args) == 2]
        if e.name == "ofEntries":
            for a in e.args:
                if a.kind in ("call", "new") and len(a.args) == 2:
                    out.append((a.args[0], a.args[1]))
            return out
        return [(e.args[i], e.args[i + 1]) for i in range(0, len(e.args) - 1, 2)]

    def is_map_builder(self, e: Expr | None) -> bool:
        if e is None:
            return False
        if e.kind == "new" and e.name.rsplit(".", 1)[-1] in _CONTAINER_TYPES:
            return True
        if e.kind == "call" and e.name in ("apply", "also") and e.recv is not None:
            return self.is_map_builder(e.recv)
        return bool(self.pairs(e)) or (e.kind == "call" and e.name in ("mutableMapOf", "hashMapOf", "HashMap"))


def add_formats(settings: dict[str, Setting]) -> None:
    """Derive key.format / value.format from the (de)serializer or serde settings."""
    for side in ("key", "value"):
        for k in (f"{side}.serializer", f"{side}.deserializer", f"default.{side}.serde"):
            s = settings.get(k)
            if s is None:
                continue
            cls_text = s.value
            delegate = settings.get(f"spring.deserializer.{side}.delegate.class")
            if "ErrorHandlingDeserializer" in cls_text and delegate is not None:
                cls_text = delegate.value
            settings[f"{side}.format"] = Setting(f"{side}.format", format_label(cls_text), s.loc, raw_key=s.raw_key)
            break
    app_id = settings.get("application.id")
    if app_id is not None and "group.id" not in settings:
        settings["group.id"] = Setting("group.id", app_id.value, app_id.loc, raw_key=app_id.raw_key,
                                       pending=app_id.pending)


def collect_containers(reader: SettingsReader, classes: list[ClassDecl]) -> list[Container]:
    """Every Properties/Map in the file that receives at least one Kafka setting."""
    out: list[Container] = []
    for cls in classes:
        field_containers = {
            name: Container(name, None, cls, var.line)
            for name, var in cls.fields.items()
            if _looks_like_container(reader, var.type.base if var.type else "", var.init)
        }
        for c in field_containers.values():
            init = cls.fields[c.name].init
            for k, v in reader.pairs(init) if init is not None else []:
                _add(c, reader.setting(k, v, cls, None))
        for method in cls.methods:
            local = {
                name: Container(name, method, cls, var.line)
                for name, var in method.vars.items()
                if var.kind in ("local", "resource") and _looks_like_container(
                    reader, var.type.base if var.type else "", var.init)
            }
            for c in local.values():
                var = method.vars[c.name]
                if var.init is not None:
                    for k, v in reader.pairs(var.init.recv if var.init.name in ("apply", "also") and var.init.recv
                                             else var.init):
                        _add(c, reader.setting(k, v, cls, method))
            _read_puts(reader, cls, method, local, field_containers)
            out.extend(c for c in local.values() if c.settings)
        out.extend(c for c in field_containers.values() if c.settings)
    return out


def _looks_like_container(reader: SettingsReader, type_base: str, init: Expr | None) -> bool:
    return type_base in _CONTAINER_TYPES or reader.is_map_builder(init)


def _add(c: Container, s: Setting | None) -> None:
    if s is not None:
        c.settings[s.key] = s


def _read_puts(reader: SettingsReader, cls: ClassDecl, method: Method, local: dict[str, Container],
               fields: dict[str, Container]) -> None:
    spans = [(c, method.vars[c.name].init) for c in local.values() if method.vars[c.name].init is not None]

    def owner_of(recv: Expr | None, line: int) -> Container | None:
        if recv is None or (recv.kind == "name" and recv.name == "this"):
            for c, init in spans:  # `Properties().apply { put(k, v) }` / double-brace initialisation
                if init is not None and init.line <= line <= init.end_line:
                    return c
            return None
        if recv.kind == "name":
            return local.get(recv.name) or fields.get(recv.name)
        if recv.kind in ("new", "call"):  # the scope function's object: `Properties().apply { put(k, v) }`
            for c, init in spans:
                if init is not None and init.line <= recv.line <= init.end_line:
                    return c
        return None

    for call in method.calls:
        if call.kind != "call":
            continue
        if call.name in _PUTS and len(call.args) == 2:
            c = owner_of(call.recv, call.line)
            if c is not None:
                _add(c, reader.setting(call.args[0], call.args[1], cls, method))
        elif call.name == "putAll" and len(call.args) == 1:
            c = owner_of(call.recv, call.line)
            if c is not None:
                for k, v in reader.pairs(call.args[0]):
                    _add(c, reader.setting(k, v, cls, method))
    for left, right, line in method.assigns:
        if left.kind == "index" and left.recv is not None and left.args:
            c = owner_of(left.recv if not (left.recv.kind == "name" and left.recv.name == "this") else None, line)
            if c is not None:
                _add(c, reader.setting(left.args[0], right, cls, method))
