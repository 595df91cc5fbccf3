"""Kafka Connect connector configs -> ConnectorFact (from JSON, .properties or Strimzi YAML).

Topic names are computed the way the connectors compute them, statically:

- sinks read ``topics`` (comma list) or ``topics.regex`` (a pattern ref);
- Debezium sources write ``<topic.prefix>.<schema>.<table>`` per ``table.include.list`` entry
  (legacy ``database.server.name`` / ``table.whitelist`` too; SQL Server 2.x inserts the
  database); a regex entry or a missing table list gives a pattern ref;
- JDBC sources write ``<topic.prefix><table>`` (or exactly ``topic.prefix`` in query mode);
- other sources name ``topic`` / ``kafka.topic`` / ``topics``, or Mongo's
  ``<topic.prefix>.<database>.<collection>``;
- source transforms then rewrite the names: ``RegexRouter`` and Debezium's
  ``ByLogicalTableRouter`` are applied (Java regex/replacement translated to Python); the
  outbox ``EventRouter``, ``TimestampRouter`` and ``ExtractTopic`` route by record contents, so
  their topics are unresolved refs whose ``text`` shows the routing expression.

``TopicRef.via`` holds the config lines the name was computed from (first: the line that names
the topic or table).  ``${env:VAR}`` / ``${VAR}`` / ``${VAR:-default}`` values become ``env``
Pending refs (inside a longer name: a ``template`` Pending with positional ``{0}`` keys).
"""

from __future__ import annotations

import re

from copilot.model.facts import ConnectorFact, Loc, Pending, Setting, TopicRef
from copilot.scan.extractors.config_settings import is_secret, normalise_key, with_formats

Config = dict[str, tuple[str, int]]  # key -> (value, line)

_DEBEZIUM_CLASSES = re.compile(
    r"^(io\.debezium\.connector\.|(Postgres|MySql|MariaDb|SqlServer|Oracle|MongoDb|Db2|Informix|Vitess|Spanner)Connector$)"
)
_REGEX_CHARS = re.compile(r"[*+?\[\](){}|^$\\]")
_PLACEHOLDER = re.compile(r"\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
_OUTBOX_DEFAULT = "outbox.event.${routedByValue}"


def direction_of(connector_class: str, config: Config) -> str:
    short = connector_class.rsplit(".", 1)[-1].lower()
    if "sink" in short:
        return "sink"
    if _DEBEZIUM_CLASSES.match(connector_class) or "source" in short:
        return "source"
    return "sink" if ("topics" in config or "topics.regex" in config) else "source"


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _literal(name: str, via: list[Loc]) -> TopicRef:
    """A topic name from config; a whole-value ``${VAR}`` is an env reference."""
    m = _PLACEHOLDER.fullmatch(name)
    if m:
        return TopicRef(name, None, "env", pending=Pending("env", m.group(1), m.group(2)), via=via)
    if "${" in name:
        parts = tuple(Pending("env", p.group(1), p.group(2)) for p in _PLACEHOLDER.finditer(name))
        if parts:
            # positional ``{0}`` keys: the resolver fills a template with ``key.format(*values)``
            pieces = _PLACEHOLDER.split(name)[::3]  # literal text between placeholders
            escaped = [piece.replace("{", "{{").replace("}", "}}") for piece in pieces]
            key = "".join(f"{lit}{{{i}}}" for i, lit in enumerate(escaped[:-1])) + escaped[-1]
            return TopicRef(name, None, "unresolved", pending=Pending("template", key, parts=parts), via=via)
        return TopicRef(name, None, "unresolved", via=via)
    return TopicRef(name, name, "connector", via=via)


def _pattern(regex: str, via: list[Loc]) -> TopicRef:
    return TopicRef(regex, regex, "connector", via=via, pattern=True)


class _Builder:
    def __init__(self, path: str, config: Config, warnings: list[str]) -> None:
        self.path = path
        self.config = config
        self.warnings = warnings

    def value(self, *keys: str) -> tuple[str, Loc] | None:
        """The first of ``keys`` present with a non-empty value."""
        for key in keys:
            if key in self.config and self.config[key][0].strip():
                value, line = self.config[key]
                return value.strip(), Loc(self.path, line)
        return None

    # -- sinks ---------------------------------------------------------------------------------
    def sink_topics(self) -> list[TopicRef]:
        refs: list[TopicRef] = []
        topics = self.value("topics")
        if topics:
            refs.extend(_literal(t, [topics[1]]) for t in _split(topics[0]))
        regex = self.value("topics.regex")
        if regex:
            refs.append(_pattern(regex[0], [regex[1]]))
        return refs

    # -- sources -------------------------------------------------------------------------------
    def debezium_topics(self, connector_class: str) -> list[TopicRef]:
        prefix = self.value("topic.prefix", "database.server.name", "mongodb.name")
        if prefix is None:
            return []
        pfx, pfx_loc = prefix
        tables = self.value(
            "table.include.list", "table.whitelist", "collection.include.list", "collection.whitelist"
        )
        dbs = self.value("database.include.list", "database.whitelist")
        sqlserver_db = None
        if "SqlServer" in connector_class:
            names = self.value("database.names")
            if names and len(_split(names[0])) == 1:
                sqlserver_db = _split(names[0])[0]
        refs: list[TopicRef] = []
        if tables:
            for entry in _split(tables[0]):
                if sqlserver_db and entry.count(".") == 1 and not _REGEX_CHARS.search(entry):
                    entry = f"{sqlserver_db}.{entry}"
                via = [tables[1], pfx_loc]
                if _REGEX_CHARS.search(entry):
                    refs.append(_pattern(rf"{re.escape(pfx)}\.{entry}", via))
                else:
                    refs.append(_literal(f"{pfx}.{entry}", via))
        elif dbs:
            for db in _split(dbs[0]):
                db_rx = db if _REGEX_CHARS.search(db) else re.escape(db)
                refs.append(_pattern(rf"{re.escape(pfx)}\.{db_rx}\..+", [dbs[1], pfx_loc]))
        else:
            refs.append(_pattern(rf"{re.escape(pfx)}\..+", [pfx_loc]))
        return refs

    def jdbc_topics(self) -> list[TopicRef]:
        prefix = self.value("topic.prefix")
        pfx, pfx_loc = prefix if prefix else ("", None)
        via_prefix = [pfx_loc] if pfx_loc else []
        if self.value("query") and pfx:
            return [_literal(pfx, via_prefix)]
        tables = self.value("table.whitelist", "table.include.list")
        if tables:
            return [_literal(f"{pfx}{t}", [tables[1], *via_prefix]) for t in _split(tables[0])]
        return [_pattern(f"{re.escape(pfx)}.+", via_prefix)] if pfx_loc else []

    def generic_source_topics(self) -> list[TopicRef]:
        named = self.value("topic", "kafka.topic", "topics")
        if named:
            return [_literal(t, [named[1]]) for t in _split(named[0])]
        prefix, db, coll = self.value("topic.prefix"), self.value("database"), self.value("collection")
        if prefix and db and coll:
            return [_literal(f"{prefix[0]}.{db[0]}.{coll[0]}", [coll[1], db[1], prefix[1]])]
        if prefix:
            return [_pattern(f"{re.escape(prefix[0])}.+", [prefix[1]])]
        return []

    # -- transforms ----------------------------------------------------------------------------
    def apply_transforms(self, refs: list[TopicRef]) -> list[TopicRef]:
        chain = self.value("transforms")
        if not chain:
            return refs
        for alias in _split(chain[0]):
            kind = self.value(f"transforms.{alias}.type")
            if kind is None:
                continue
            cls, type_loc = kind
            short = cls.rsplit(".", 1)[-1]
            t = f"transforms.{alias}."
            if short in ("RegexRouter", "ByLogicalTableRouter"):
                rx_key, repl_key = (
                    ("regex", "replacement")
                    if short == "RegexRouter"
                    else (
                        "topic.regex",
                        "topic.replacement",
                    )
                )
                regex, repl = self.value(t + rx_key), self.value(t + repl_key)
                if regex and repl:
                    refs = [self._route(ref, regex, repl) for ref in refs]
            elif short == "EventRouter" and "outbox" in cls:
                repl = self.value(t + "route.topic.replacement")
                text, loc = repl if repl else (_OUTBOX_DEFAULT, type_loc)
                # the outbox table's own topic is replaced by the routed ones
                via = [loc, type_loc, *(v for ref in refs for v in ref.via)]
                name = None if "${" in text else text
                why = f"the outbox EventRouter names each topic from a column of the row (`{text}`) at run time" if name is None else ""
                refs = [TopicRef(text, name, "connector" if name else "unresolved", via=_unique(via), why=why)]
            elif short == "TimestampRouter":
                fmt = self.value(t + "topic.format")
                text, loc = fmt if fmt else ("${topic}-${timestamp}", type_loc)
                refs = [
                    TopicRef(
                        text.replace("${topic}", ref.name or ref.text),
                        None,
                        "unresolved",
                        via=[loc, *ref.via],
                        why=f"a TimestampRouter adds each record's timestamp to the topic name (`{text}`) at run time",
                    )
                    for ref in refs
                ]
            elif short.startswith("ExtractTopic"):
                field = self.value(t + "field")
                text = f"<record field {field[0] if field else '?'}>"
                why = f"an ExtractTopic transform takes each record's topic from its field {field[0] if field else '(not set)'} at run time"
                refs = [TopicRef(text, None, "unresolved", via=[field[1] if field else type_loc], why=why)]
        return refs

    def _route(self, ref: TopicRef, regex: tuple[str, Loc], repl: tuple[str, Loc]) -> TopicRef:
        via = [*ref.via, regex[1], repl[1]]
        if ref.name is None or ref.pattern:
            # the router rewrites names we only know as a pattern: show the rewrite, guess nothing
            why = f"a RegexRouter rewrites topics known only as a pattern (`{ref.text}`) with `{regex[0]}` -> `{repl[0]}`: the names exist at run time"
            return TopicRef(f"{repl[0]} <- /{regex[0]}/ <- {ref.text}", None, "unresolved", via=via, why=why)
        try:
            m = re.fullmatch(java_regex(regex[0]), ref.name)
            if not m:
                return ref  # Connect's RegexRouter leaves non-matching topics alone
            name = m.expand(java_replacement(repl[0]))
        except (re.error, IndexError) as exc:
            self.warnings.append(f"{self.path}:{regex[1].line}: RegexRouter regex not understood: {exc}")
            return ref
        return TopicRef(ref.text, name, "connector", via=via)

    # -- settings ------------------------------------------------------------------------------
    def settings(self, name: str, name_loc: Loc, direction: str) -> dict[str, Setting]:
        out: list[Setting] = []
        for key, (value, line) in self.config.items():
            if is_secret(key):
                continue
            loc = Loc(self.path, line)
            if key.startswith(("key.converter", "value.converter", "header.converter", "errors.")) or key in (
                "tasks.max",
            ):
                out.append(Setting(key, value, loc, key))
            elif key.startswith(("consumer.override.", "producer.override.")):
                prop = key.split(".", 2)[2]
                normalised = normalise_key(prop, bare_ok=True) or prop
                out.append(Setting(normalised, value, loc, key))
        settings: dict[str, Setting] = {}
        if direction == "sink":
            # a sink's consumer group is named after the connector: renaming it replays/skips data
            settings["group.id"] = Setting("group.id", f"connect-{name}", name_loc, "name")
        for s in with_formats(out):
            settings[s.key] = s
        return settings


def java_regex(regex: str) -> str:
    """Java regex -> Python: named groups ``(?<n>...)`` become ``(?P<n>...)``."""
    return re.sub(r"\(\?<([A-Za-z][A-Za-z0-9]*)>", r"(?P<\1>", regex)


def java_replacement(repl: str) -> str:
    """Java ``Matcher`` replacement -> ``re`` template: ``$1``/``${name}`` are groups, ``\\x`` is a
    literal x; backslashes are escaped for ``re``."""
    out: list[str] = []
    i = 0
    while i < len(repl):
        c = repl[i]
        if c == "\\" and i + 1 < len(repl):
            out.append(re.escape(repl[i + 1]) if repl[i + 1] == "\\" else repl[i + 1])
            i += 2
            continue
        if c == "$":
            m = re.match(r"\$(\d+)|\$\{([A-Za-z][A-Za-z0-9]*)\}", repl[i:])
            if m:
                out.append(rf"\g<{m.group(1) or m.group(2)}>")
                i += m.end()
                continue
        out.append("\\\\" if c == "\\" else c)
        i += 1
    return "".join(out)


def build_connector(
    path: str, name: str, name_line: int | None, config: Config, warnings: list[str]
) -> ConnectorFact | None:
    """A ConnectorFact for a config holding ``connector.class``; None otherwise."""
    cls_entry = config.get("connector.class")
    if not cls_entry or not cls_entry[0].strip():
        return None
    connector_class, cls_line = cls_entry[0].strip(), cls_entry[1]
    b = _Builder(path, config, warnings)
    direction = direction_of(connector_class, config)
    if direction == "sink":
        topics = b.sink_topics()
    else:
        if _DEBEZIUM_CLASSES.match(connector_class):
            topics = b.debezium_topics(connector_class)
        elif "JdbcSource" in connector_class:
            topics = b.jdbc_topics()
        else:
            topics = b.generic_source_topics()
        topics = b.apply_transforms(topics)
    loc = Loc(path, name_line or cls_line)
    return ConnectorFact(
        name=name,
        loc=loc,
        connector_class=connector_class,
        direction=direction,  # type: ignore[arg-type]
        topics=_dedupe(topics),
        settings=b.settings(name, loc, direction),
    )


def _unique(locs: list[Loc]) -> list[Loc]:
    return list(dict.fromkeys(locs))


def _dedupe(refs: list[TopicRef]) -> list[TopicRef]:
    seen: set[tuple[str, str | None, bool]] = set()
    out = []
    for ref in refs:
        key = (ref.text, ref.name, ref.pattern)
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out
