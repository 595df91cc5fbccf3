"""Config, connector and schema-file extractor: ``extract(path, source) -> FileFacts``.

Dispatches on the file name:

- ``application[-<profile>].yml|yaml|properties`` / ``bootstrap[-<profile>].*`` (Spring Boot,
  Quarkus, Micronaut): every key flattened into ``properties`` (the resolver reads ``${...}``
  placeholders, Spring Cloud Stream bindings and SmallRye channels from them) plus normalised
  Kafka client ``settings``;
- other ``.properties`` / YAML: Kafka client settings when the file holds Kafka keys (its
  properties are then kept too), Kafka Connect connectors (``connector.class``, Strimzi
  ``KafkaConnector``), Strimzi ``KafkaTopic`` declarations (``properties["kafkatopic:<name>"]``)
  and k8s workload env vars;
- ``.env`` and ``docker-compose*.yml`` / ``compose*.yaml``: ``env`` (+ client settings);
- ``.json``: Kafka Connect connector configs (or an Avro schema stored as ``.json``);
- ``.avsc`` / ``.avpr`` / ``.avdl``: Avro schemas (language ``avro``).

A document (or ``#---`` section, or Quarkus ``%profile.`` key) that only applies to one profile
is kept in ``properties`` as ``%<profile>.<key>`` and yields no settings: settings describe
what runs by default, and ``FileFacts.profile`` already marks whole-file profiles.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from yaml.nodes import Node

from copilot.model.facts import FileFacts
from copilot.scan.extractors import config_asyncapi, config_collector, config_env
from copilot.scan.extractors.avro_files import extract_avdl, extract_avpr, extract_avsc
from copilot.scan.extractors.config_json import Lines, as_config_value, elements, members, parse_json, skip_ws
from copilot.scan.extractors.config_props import parse_properties, separator_lines
from copilot.scan.extractors.config_settings import canonical, redact, settings_from
from copilot.scan.extractors.config_yaml import compose_documents, flatten, get, line_of, scalar_text
from copilot.scan.extractors.connect import Config, build_connector

MAX_BYTES = 2 * 1024 * 1024

_APP_FILE = re.compile(r"^(?:application|bootstrap)(?:-(?P<profile>[\w.\-]+))?\.(?:ya?ml|properties)$")
_COMPOSE_FILE = re.compile(r"^(?:docker-)?compose(?:[.\-][\w.\-]*)?\.ya?ml$")
_CLIENT_FILE = re.compile(r"(client|consumer|producer|kafka|streams|admin)[\w.\-]*\.properties$")
_STRONG_KEYS = frozenset(
    {
        "bootstrap.servers",
        "group.id",
        "acks",
        "auto.offset.reset",
        "enable.auto.commit",
        "key.serializer",
        "value.serializer",
        "key.deserializer",
        "value.deserializer",
        "schema.registry.url",
        "application.id",
    }
)
_YAML_RELEVANT = re.compile(
    r"kafka|topic|bootstrap|group\.id|connector|debezium|mp\.messaging|schema\.registry|asyncapi", re.IGNORECASE
)
_PROFILE_KEYS = ("spring.config.activate.on-profile", "spring.profiles")

Entries = list[tuple[str, str, int]]


def extract(path: str, source: bytes) -> FileFacts:
    """Facts of one config/schema file; never raises (problems become warnings)."""
    name = path.rsplit("/", 1)[-1]
    lower = name.lower()
    facts = FileFacts(path, "avro" if lower.endswith((".avsc", ".avpr", ".avdl")) else "config")
    if len(source) > MAX_BYTES:
        facts.warnings.append(f"{path}:1: skipped: file larger than {MAX_BYTES // (1024 * 1024)} MB")
        return facts
    if b"\0" in source[:8192]:
        facts.warnings.append(f"{path}:1: skipped: binary file")
        return facts
    try:
        text = source.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not lower.endswith(".properties"):
            line = source.count(b"\n", 0, exc.start) + 1
            facts.warnings.append(f"{path}:{line}: skipped: not UTF-8 text")
            return facts
        text = source.decode("latin-1")  # what java.util.Properties.load(InputStream) reads
    try:
        _dispatch(lower, name, text, facts)
    except Exception as exc:  # last line of defence: an extractor never raises
        facts.warnings.append(f"{path}:1: config extractor failed: {exc.__class__.__name__}: {exc}")
    return facts


def _dispatch(lower: str, name: str, text: str, facts: FileFacts) -> None:
    if lower.endswith(".avsc"):
        extract_avsc(text, facts)
    elif lower.endswith(".avpr"):
        extract_avpr(text, facts)
    elif lower.endswith(".avdl"):
        extract_avdl(text, facts)
    elif lower == ".env" or lower.startswith(".env.") or lower.endswith(".env"):
        config_env.extract_dotenv(text, facts)
    elif _COMPOSE_FILE.match(lower):
        config_env.extract_compose(compose_documents(text, facts.path, facts.warnings), facts)
    elif lower.endswith(".properties"):
        _properties_file(lower, name, text, facts)
    elif lower.endswith((".yml", ".yaml")):
        _yaml_file(lower, text, facts)
    elif lower.endswith(".json"):
        _json_file(name, text, facts)


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0]


def _profile_of(entries: Entries) -> str | None:
    for key, value, _line in entries:
        if key in _PROFILE_KEYS and value.strip():
            return value.strip()
    return None


def _store(facts: FileFacts, entries: Entries, bare_ok: bool, keep_all: bool) -> None:
    """Settings from default-profile entries; properties when the file is worth keeping."""
    # by line: a merged (``<<: *anchor``) key is listed where its value is written
    defaults = sorted((e for e in entries if not e[0].startswith("%")), key=lambda e: e[2])
    settings = settings_from(defaults, facts.path, bare_ok=bare_ok)
    facts.settings.extend(settings)
    if keep_all or settings or any(_kafka_names(k) for k, _, _ in entries):
        for key, value, line in entries:
            facts.properties[key] = (redact(key, value), line)


def _kafka_names(key: str) -> bool:
    """A key under a ``kafka`` section that names topics/groups/brokers (``kafka.topics.orders``),
    as opposed to e.g. a logger level for ``org.apache.kafka``."""
    segs = canonical(key).split(".")
    return "kafka" in segs and any(s.startswith(("topic", "group", "bootstrap", "broker")) for s in segs)


# -- .properties -------------------------------------------------------------------------------


def _properties_file(lower: str, name: str, text: str, facts: FileFacts) -> None:
    entries = parse_properties(text, facts.path, facts.warnings)
    config: Config = {k: (v, line) for k, v, line in entries}
    if "connector.class" in config:
        name_entry = config.get("name")
        conn_name = name_entry[0] if name_entry and name_entry[0] else _stem(name)
        connector = build_connector(
            facts.path, conn_name, name_entry[1] if name_entry else None, config, facts.warnings
        )
        if connector:
            facts.connectors.append(connector)
            return
    app = _APP_FILE.match(lower)
    if app:
        facts.profile = app.group("profile")
    # Spring multi-document .properties: a section activated on a profile becomes %profile.key
    seps = separator_lines(text)
    if seps:
        sections: list[Entries] = [[] for _ in range(len(seps) + 1)]
        for e in entries:
            sections[bisect_left(seps, e[2])].append(e)
        entries = []
        for section in sections:
            profile = _profile_of(section)
            entries.extend((f"%{profile}.{k}", v, ln) if profile else (k, v, ln) for k, v, ln in section)
    bare_ok = bool(_CLIENT_FILE.search(lower)) or any(k in _STRONG_KEYS for k, _, _ in entries)
    _store(facts, entries, bare_ok=bare_ok, keep_all=bool(app))


# -- YAML --------------------------------------------------------------------------------------


def _yaml_file(lower: str, text: str, facts: FileFacts) -> None:
    app = _APP_FILE.match(lower)
    if not app and not _YAML_RELEVANT.search(text):
        return  # CI files, unrelated manifests: nothing to say, skip the parse
    docs = compose_documents(text, facts.path, facts.warnings)
    if app:
        facts.profile = app.group("profile")
    entries: Entries = []
    for doc in docs:
        if config_collector.is_collector(doc):
            config_collector.extract(doc, facts)
            continue
        if config_asyncapi.is_asyncapi(doc):
            config_asyncapi.extract(doc, facts)
            continue
        kind_node = get(doc, "kind")
        kind = scalar_text(kind_node) if kind_node is not None else ""
        if kind == "KafkaTopic":
            _kafka_topic(doc, facts)
            continue
        if kind == "KafkaConnector":
            _strimzi_connector(doc, facts)
            continue
        if kind:
            config_env.extract_k8s_env(doc, kind, facts)
            if not app:
                continue  # a k8s object's own keys are not client config
        flat = flatten(doc)
        doc_entries = [(k, v, line) for k, (v, line) in flat.items()]
        profile = _profile_of(doc_entries)
        if profile:
            doc_entries = [(f"%{profile}.{k}", v, line) for k, v, line in doc_entries]
        entries.extend(doc_entries)
    _store(facts, entries, bare_ok=False, keep_all=bool(app))


def _kafka_topic(doc: Node, facts: FileFacts) -> None:
    """Strimzi ``KafkaTopic``: the topic is ``spec.topicName``, else ``metadata.name``."""
    node = get(doc, "spec", "topicName") or get(doc, "metadata", "name")
    if node is not None and scalar_text(node):
        topic = scalar_text(node)
        facts.properties[f"kafkatopic:{topic}"] = (topic, line_of(node))


def _strimzi_connector(doc: Node, facts: FileFacts) -> None:
    name_node = get(doc, "metadata", "name")
    cls = get(doc, "spec", "class")
    config_node = get(doc, "spec", "config")
    config: Config = flatten(config_node) if config_node is not None else {}
    if cls is not None:
        config["connector.class"] = (scalar_text(cls), line_of(cls))
    name = scalar_text(name_node) if name_node is not None else _stem(facts.path.rsplit("/", 1)[-1])
    # Strimzi's metadata.name is the Connect connector name, so it names the sink's group too
    connector = build_connector(
        facts.path, name, line_of(name_node) if name_node is not None else None, config, facts.warnings
    )
    if connector:
        facts.connectors.append(connector)


# -- JSON --------------------------------------------------------------------------------------

_JSON_AVRO = re.compile(r'"type"\s*:\s*"(record|enum|fixed)"')


def _json_file(name: str, text: str, facts: FileFacts) -> None:
    if '"asyncapi"' in text[:4096]:  # JSON is YAML: one reader for both spellings of a document
        for doc in compose_documents(text, facts.path, facts.warnings):
            if config_asyncapi.is_asyncapi(doc):
                config_asyncapi.extract(doc, facts)
        return
    if "connector.class" not in text:
        if text.lstrip().startswith(("{", "[")) and _JSON_AVRO.search(text) and '"name"' in text:
            facts.language = "avro"
            extract_avsc(text, facts)
            if not facts.schemas:  # not an Avro schema after all: say nothing
                facts.language = "config"
                facts.warnings.clear()
        return
    ok, value = parse_json(text, facts.path, facts.warnings)
    if not ok:
        return
    lines = Lines(text)
    start = skip_ws(text, 0)
    if isinstance(value, dict):
        _json_connector(text, start, value, _stem(name), facts, lines)
    elif isinstance(value, list):
        for pos, _end, item in elements(text, start):
            if isinstance(item, dict):
                _json_connector(text, pos, item, _stem(name), facts, lines)


def _json_connector(text: str, pos: int, value: dict, fallback: str, facts: FileFacts, lines: Lines) -> None:
    """``{"name": ..., "config": {...}}`` (the REST API body) or a flat config object."""
    top = members(text, pos, lines)
    name_member = top.get("name")
    body = top.get("config")
    if body is not None and isinstance(body.value, dict):
        config_members = members(text, body.start, lines)
    elif "connector.class" in top:
        config_members = top
    else:
        return
    config: Config = {k: (as_config_value(m.value), m.key_line) for k, m in config_members.items()}
    has_name = name_member is not None and isinstance(name_member.value, str) and name_member.value
    conn_name = name_member.value if has_name else fallback  # type: ignore[union-attr]
    connector = build_connector(
        facts.path,
        conn_name,
        name_member.key_line if has_name else None,
        config,
        facts.warnings,  # type: ignore[union-attr]
    )
    if connector:
        facts.connectors.append(connector)
