"""Settle the Pending references extractors left behind, using the rest of the repository.

Resolution never guesses: a name that cannot be settled stays unresolved (``name=None``) and the
graph shows it as an unresolved topic with the expression as written.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from copilot.model.facts import Endpoint, FileFacts, Loc, Pending, Setting, TopicRef
from copilot.model.graph import topic_id
from copilot.scan.brokers import (
    DESTINATION_KEYS,
    KAFKA,
    LIBRARY_BROKERS,
    UNKNOWN,
    broker_word,
    declares_binder,
    manifest_brokers,
)
from copilot.scan.services import ServiceMap

PLACEHOLDER = re.compile(r"\$\{([^}:]+)(?::([^}]*))?\}")
MAX_DEPTH = 5
TEMPLATE_SLOT = re.compile(r"\{[^{}]*\}")
ATTRIBUTE_CHAIN = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")
MAX_SETTINGS_FILES = 200
BINDING_NAME = re.compile(r"(.+)-(in|out)-(\d+)")
ROUTING_KEYS = ("spring.cloud.stream.function.routing.enabled", "spring.cloud.function.routing.enabled")
ENV_CALL = re.compile(r"""(?:getenv|Getenv|getEnv|environ\.get|env\.get|LookupEnv|getOrDefault|env\[)\s*\(?\s*["']([A-Za-z_][A-Za-z0-9_]*)["']""")
ELVIS_DEFAULT = re.compile(r"""\?:\s*["']([^"']+)["']""")
CALL_DEFAULT = re.compile(r"""\(\s*["'][A-Za-z_][A-Za-z0-9_]*["']\s*,\s*["']([^"']+)["']\s*\)""")
PLAIN_STRING = re.compile(r"""["']([^"']+)["']\s*,?\s*$""")

Loader = Callable[[str], "FileFacts | None"]


@dataclass
class ResolvedEndpoint:
    """An endpoint placed in its service, with its topic settled and its settings merged."""

    ep: Endpoint
    service: str
    topic: TopicRef  # a resolved copy (the cached Endpoint is never mutated)
    settings: dict[str, Setting] = field(default_factory=dict)
    schema: str | None = None  # schema full name, when known

    @property
    def role(self) -> str:
        return self.ep.role

    @property
    def loc(self) -> Loc:
        return self.ep.loc

    scope: str = ""  # set when the same unresolved expression appears in several files
    broker: str = KAFKA  # kafka, pulsar, rabbitmq, amqp, mqtt, sqs, ... (see copilot.scan.brokers)

    @property
    def topic_id(self) -> str:
        """The graph node of this endpoint's topic, on its broker."""
        return topic_id(self.topic_name, self.broker)

    @property
    def topic_name(self) -> str:
        """The topic node's name: the resolved name, or the expression in angle brackets (with the
        file, when the same expression in another file would otherwise merge unrelated topics)."""
        if self.topic.name is not None:
            return self.topic.name
        return f"<{self.topic.text}>" + (f"@{self.scope}" if self.scope else "")

    def setting(self, key: str) -> str | None:
        s = self.settings.get(key)
        return s.value if s else None

    @property
    def unresolved_reason(self) -> str | None:
        """Which hop could not be followed, for an unresolved topic (None when resolved)."""
        return unresolved_reason(self.topic) if self.topic.name is None else None


def unresolved_reason(ref: TopicRef) -> str:
    """Say where following a topic expression stopped: the last place reached and why."""
    where = f" (followed to {ref.via[-1].path}:{ref.via[-1].line})" if ref.via else ""
    if ref.why:
        return ref.why
    p = ref.pending
    while p is not None and p.kind == "template" and p.parts:
        p = p.parts[0] if len(p.parts) == 1 else next((q for q in p.parts if q.kind != "template"), p.parts[0])
        if p.kind != "template":
            break
    if p is None:
        text = ref.text.strip()
        if text.endswith(")") and "(" in text:
            what = "the result of a call the scan does not follow"
        elif ATTRIBUTE_CHAIN.fullmatch(text):
            what = "an attribute with no value in the code (set from a parameter or at run time)"
        elif text.isidentifier():
            what = "a parameter or variable with no value in the code"
        else:
            what = "known only at run time"
        return f"`{text}` is {what}{where}"
    reasons = {
        "env": f"environment variable {p.key} is set in no env file of the service and has no default in code",
        "property": f"property {p.key} is not set in the service's config files",
        "attribute": f"settings field {p.key} has no single default in the service",
        "channel": f"channel {p.key} has no topic in the service's config",
        "binding": f"binding {p.key} has no destination",
    }
    fallback = f"{p.key} has no constant value in the repository (computed at run time, or defined outside it)"
    return reasons.get(p.kind, fallback) + where


class Resolver:
    def __init__(
        self,
        all_paths: list[str],
        services: ServiceMap,
        loader: Loader,
        facts: dict[str, FileFacts],
        read_texts: Callable[[list[str]], dict[str, str | None]] | None = None,
    ):
        self.read_texts = read_texts
        self.paths = all_paths
        self.services = services
        self.load = loader
        self.facts = facts
        self._by_name: dict[str, list[str]] = {}
        self._all = set(all_paths)
        for p in all_paths:
            self._by_name.setdefault(posixpath.basename(p), []).append(p)
        self._props: dict[str, dict[str, tuple[str, Loc]]] = {}
        self._env: dict[str, dict[str, tuple[str, Loc]]] = {}
        self._files_of: dict[tuple[str | None, str], list[str]] = {}
        self._manifest_broker: dict[str, str] = {}

    # -- per-service config -------------------------------------------------------------
    def properties(self, service_folder: str) -> dict[str, tuple[str, Loc]]:
        """Flattened config keys of a service's own config files; the default profile wins over
        profile files."""
        if service_folder in self._props:
            return self._props[service_folder]
        merged: dict[str, tuple[str, Loc]] = {}
        ranked = []
        for path, facts in self.facts.items():
            # a Spring/Quarkus app reads its own config files only: another service's
            # application.yml never configures this one
            if not facts.properties or self.services.folder_of(path) != service_folder:
                continue
            ranked.append((facts.profile is None, path, facts))
        for _, path, facts in sorted(ranked, key=lambda r: (r[0], r[1])):
            for key, (value, line) in facts.properties.items():
                merged[key] = (value, Loc(path, line))
        self._props[service_folder] = merged
        return merged

    def env(self, service_folder: str, service: str) -> dict[str, tuple[str, Loc]]:
        if service_folder in self._env:
            return self._env[service_folder]
        merged: dict[str, tuple[str, Loc]] = {}
        for path, facts in sorted(self.facts.items()):
            if not facts.env:
                continue
            inside = not service_folder or path.startswith(service_folder + "/")
            for key, (value, line) in facts.env.items():
                scoped, _, var = key.rpartition("/")
                if scoped and scoped != service:
                    continue
                if inside or scoped == service:
                    merged[var] = (value, Loc(path, line))
        self._env[service_folder] = merged
        return merged

    def expand(self, text: str, folder: str, via: list[Loc], depth: int = 0) -> str | None:
        """Replace `${key[:default]}` placeholders from the service's properties; None if one is unknown."""
        if depth > MAX_DEPTH:
            return None
        props = self.properties(folder)
        missing = False

        def sub(m: re.Match[str]) -> str:
            nonlocal missing
            key, default = m.group(1).strip(), m.group(2)
            if key in props:
                value, loc = props[key]
                via.append(loc)
                expanded = self.expand(value, folder, via, depth + 1)
                if expanded is not None:
                    return expanded
            if default is not None:
                return default
            missing = True
            return m.group(0)

        out = PLACEHOLDER.sub(sub, text)
        return None if missing else out

    # -- pending references -------------------------------------------------------------
    def resolve_pending(self, p: Pending, path: str, via: list[Loc]) -> tuple[str | None, str]:
        """(value, origin) for a pending reference seen in file `path`."""
        service, folder = self.services.lookup(path)
        if p.kind == "py-const":
            module, _, name = p.key.partition(":")
            return self._symbol(self._py_module_files(module, path), name, via, importer=path), "imported-constant"
        if p.kind == "jvm-const":
            parts = p.key.split(".")
            if len(parts) >= 2 and parts[-2][:1].isupper():
                holder = parts[-2]
                key = f"{holder}.{parts[-1]}"
                files = self._by_name.get(f"{holder}.java", []) + self._by_name.get(f"{holder}.kt", [])
                value = self._symbol(files, key, via)
                if value is None:  # a Kotlin object or enum in a file named otherwise
                    value = self._symbol([f for f in self.facts if f.endswith((".kt", ".java"))], key, via)
            else:  # a Kotlin top-level constant: bare, or qualified by its package
                value = self._symbol(self._by_suffix(".kt"), parts[-1], via)
            return value, "constant"
        if p.kind == "property":
            props = self.properties(folder)
            if p.key in props:
                value, loc = props[p.key]
                via.append(loc)
                return self.expand(value, folder, via), "property"
            return p.default, "property-default" if p.default is not None else "property"
        if p.kind == "env":
            env = self.env(folder, service)
            if p.key in env:
                value, loc = env[p.key]
                via.append(loc)
                return value, "env"
            return p.default, "env-default"
        if p.kind == "channel":
            direction, _, channel = p.key.partition(":")
            props = self.properties(folder)
            broker = self.channel_broker(folder, direction, channel)
            for name in DESTINATION_KEYS.get(broker, ("topic",)):
                key = f"mp.messaging.{direction}.{channel}.{name}"
                if key in props:
                    value, loc = props[key]
                    via.append(loc)
                    return self.expand(value, folder, via), "channel"
            return channel, "channel"
        if p.kind == "binding":
            props = self.properties(folder)
            binding = self._routed(p.key, props, via)
            key = f"spring.cloud.stream.bindings.{binding}.destination"
            if key in props:
                value, loc = props[key]
                via.append(loc)
                return self.expand(value, folder, via), "binding"
            return binding, "binding"
        if p.kind == "attribute":  # a settings object's field: its one default in the service
            found = self.attribute_default(p.key, path)
            if found is None:
                return None, "unresolved"
            via.append(found[1])
            return found[0], "settings-default"
        if p.kind == "template":
            values = []
            for part in p.parts:
                value, _ = self.resolve_pending(part, path, via)
                if value is None:
                    return None, "f-string"
                values.append(value)
            # placeholders are filled in order, whether written `{0}` or `{prefix}`
            slots = iter(values)
            try:
                return TEMPLATE_SLOT.sub(lambda _m: next(slots), p.key), "f-string"
            except StopIteration:
                return None, "f-string"
        return None, "unresolved"

    # -- brokers ------------------------------------------------------------------------
    def broker_of(self, ep: Endpoint, path: str) -> str:
        """The broker an endpoint talks to: its library's, its SmallRye connector's or its Spring
        Cloud Stream binder's (see copilot.scan.brokers)."""
        if ep.library in LIBRARY_BROKERS:
            return LIBRARY_BROKERS[ep.library]
        pend = ep.topic.pending
        folder = self.services.folder_of(path)
        if pend is not None and pend.kind == "channel":
            direction, _, channel = pend.key.partition(":")
            return self.channel_broker(folder, direction, channel)
        if pend is not None and pend.kind == "binding" or ep.library == "spring-cloud-stream":
            return self.binding_broker(folder, pend.key if pend is not None else "")
        return KAFKA

    def channel_broker(self, folder: str, direction: str, channel: str) -> str:
        """`mp.messaging.<direction>.<channel>.connector`, else the one connector the build pulls in."""
        props = self.properties(folder)
        conn = props.get(f"mp.messaging.{direction}.{channel}.connector")
        if conn is not None:
            return broker_word(self.expand(conn[0], folder, []) or conn[0]) or UNKNOWN
        return self.manifest_broker(folder)

    def binding_broker(self, folder: str, binding: str) -> str:
        """A binding's `binder` (or the default binder), the binder type it names, else the one
        binder the build pulls in."""
        props = self.properties(folder)
        keys = (
            f"spring.cloud.stream.bindings.{binding}.binder",
            "spring.cloud.stream.default-binder",
            "spring.cloud.stream.defaultBinder",
        )
        chosen = next((props[k][0] for k in keys if k in props), None)
        if chosen is not None:
            for kind in (f"spring.cloud.stream.binders.{chosen}.type",):
                if kind in props:
                    return broker_word(props[kind][0]) or UNKNOWN
            return broker_word(chosen) or UNKNOWN
        types = {broker_word(v) for k, (v, _) in props.items() if k.startswith("spring.cloud.stream.binders.") and k.endswith(".type")}
        types.discard(None)
        if len(types) == 1:
            return types.pop()  # type: ignore[return-value]
        return self.manifest_broker(folder)

    def _manifest_levels(self, folder: str) -> list[list[str]]:
        """The build manifests' texts of a service folder and of each folder above it, nearest first."""
        if self.read_texts is None:
            return []
        levels: list[list[str]] = []
        probe: str | None = folder
        while probe is not None:
            names = [posixpath.join(probe, n) if probe else n for n in ("pom.xml", "build.gradle", "build.gradle.kts")]
            levels.append([t for t in self.read_texts([n for n in names if n in self._all]).values() if t])
            probe = posixpath.dirname(probe) if probe else None
        return levels

    def cloud_stream_app(self, folder: str) -> bool:
        """The service's build pulls in a Spring Cloud Stream binder."""
        return any(declares_binder(t) for level in self._manifest_levels(folder) for t in level)

    def manifest_broker(self, folder: str) -> str:
        """The broker whose connector/binder the service's build manifest (or the nearest parent
        manifest that names one) depends on: Kafka when none does, `unknown` when several do."""
        if folder in self._manifest_broker:
            return self._manifest_broker[folder]
        found: set[str] = set()
        for level in self._manifest_levels(folder):
            found = {b for text in level for b in manifest_brokers(text)}
            if found:
                break
        result = KAFKA if not found else found.pop() if len(found) == 1 else UNKNOWN
        self._manifest_broker[folder] = result
        return result

    def _routed(self, binding: str, props: dict[str, tuple[str, Loc]], via: list[Loc]) -> str:
        """With function routing on (`spring.cloud.[stream.]function.routing.enabled`, or the
        `functionRouter` named in `spring.cloud.function.definition`), a function's input binding is
        the router's, `functionRouter-in-0`, unless the definition binds that function itself."""
        m = BINDING_NAME.fullmatch(binding)
        if m is None or m.group(2) != "in":
            return binding
        definition = props.get("spring.cloud.function.definition") or props.get("spring.cloud.stream.function.definition")
        defined = re.split(r"[;|,\s]+", definition[0]) if definition is not None else []
        switch = next((props[k] for k in ROUTING_KEYS if k in props), None)
        if "functionRouter" in defined and definition is not None:  # the router bound by name
            switch = ("true", definition[1])
        if switch is None or switch[0].strip().lower() != "true" or m.group(1) in defined:
            return binding
        via.append(switch[1])
        return "functionRouter-in-0"

    def binding_group(self, folder: str, binding: str) -> tuple[str, Loc] | None:
        """A Cloud Stream consumer binding's group: its `group`, or for a Kafka Streams binding its
        application id (per binding, else the binder's)."""
        props = self.properties(folder)
        streams = "spring.cloud.stream.kafka.streams"
        keys = (
            f"spring.cloud.stream.bindings.{binding}.group",
            f"{streams}.bindings.{binding}.consumer.application-id",
            f"{streams}.bindings.{binding}.consumer.applicationId",
            f"{streams}.binder.application-id",
            f"{streams}.binder.applicationId",
        )
        return next((props[k] for k in keys if k in props), None)

    def resolve_topics(self, ref: TopicRef, path: str) -> list[TopicRef]:
        """Every topic a reference can name: one for most, one per configured branch binding for a
        branched Cloud Stream output (`process-out-*` -> `process-out-0`, `-1`, ... as configured)."""
        pend = ref.pending
        if pend is None or pend.kind != "binding" or not pend.key.endswith("-out-*"):
            return [self.resolve_topic(ref, path)]
        stem = pend.key[:-1]
        props = self.properties(self.services.folder_of(path))
        indexes = sorted(
            int(m.group(1))
            for k in props
            if k.startswith(f"spring.cloud.stream.bindings.{stem}")
            and (m := re.fullmatch(rf"spring\.cloud\.stream\.bindings\.{re.escape(stem)}(\d+)\.destination", k))
        ) or [0]
        out = []
        for i in indexes:
            binding = f"{stem}{i}"
            out.append(self.resolve_topic(replace(ref, text=binding, pending=Pending("binding", binding)), path))
        return out

    def _symbol(self, files: list[str], name: str, via: list[Loc], importer: str | None = None) -> str | None:
        for f in files:
            facts = self.load(f)
            if facts and name in facts.symbols:
                value, line = facts.symbols[name]
                via.append(Loc(f, line))
                var = facts.symbol_env.get(name)
                if var and importer is not None:  # `X = os.environ.get("VAR", "d")`: the deployment may set VAR
                    service, folder = self.services.lookup(importer)
                    env = self.env(folder, service)
                    if var in env:
                        value, loc = env[var]
                        via.append(loc)
                return value
        return None

    def _py_module_files(self, module: str, importer: str) -> list[str]:
        rel = module.replace(".", "/")
        suffixes = (f"{rel}.py", f"{rel}/__init__.py")
        candidates = self._by_name.get(posixpath.basename(suffixes[0]), []) + self._by_name.get("__init__.py", [])
        hits = [p for p in candidates if p in suffixes or p.endswith(tuple("/" + s for s in suffixes))]
        # prefer the module inside the importer's own service
        folder = self.services.folder_of(importer)
        return sorted(hits, key=lambda p: (not p.startswith(folder), len(p)))

    def attribute_default(self, text: str, path: str) -> tuple[str, Loc] | None:
        """`cfg.topic`, `settings.kafka.group_id`, `config.dlqTopic`: a field of a settings object.
        Settled only when exactly one class in the same service declares that field with a default
        (a dataclass / pydantic settings field, a Kotlin data class default, a Java field), and
        followed to the deployment's env when the default is an env lookup."""
        if not ATTRIBUTE_CHAIN.fullmatch(text):
            return None
        attr = text.rsplit(".", 1)[1]
        service, folder = self.services.lookup(path)
        files = self._service_files(folder, path.rsplit(".", 1)[-1])
        hits: dict[str, tuple[str, Loc, str | None]] = {}
        for f in files[:MAX_SETTINGS_FILES]:
            facts = self.load(f)
            if facts is None:
                continue
            for key, (value, line) in facts.symbols.items():
                if "." in key and key.rsplit(".", 1)[1] == attr and value:
                    hits.setdefault(value, (value, Loc(f, line), facts.symbol_env.get(key)))
        if not hits:
            hits = self._assigned_in_factory(files, attr)
        if len(hits) != 1:
            return None
        value, loc, var = next(iter(hits.values()))
        if var:
            env = self.env(folder, service)
            if var in env:
                return env[var][0], env[var][1]
        return value, loc

    def _by_suffix(self, suffix: str) -> list[str]:
        return self._service_files(None, suffix.lstrip("."))

    def _service_files(self, folder: str | None, suffix: str) -> list[str]:
        """A service's files of one language, or every such file with `folder=None` (cached)."""
        key = (folder, suffix)
        if key not in self._files_of:
            self._files_of[key] = [
                p for p in self.paths
                if p.endswith("." + suffix) and (folder is None or self.services.folder_of(p) == folder)
            ]
        return self._files_of[key]

    def _assigned_in_factory(self, files: list[str], attr: str) -> dict[str, tuple[str, Loc, str | None]]:
        """`topic = System.getenv("T") ?: "wallet.transactions"` (a Kotlin factory's named argument),
        `AdjustmentsTopic: getenv("T", "inventory.adjustments")` (a keyed field): the default."""
        hits: dict[str, tuple[str, Loc, str | None]] = {}
        if self.read_texts is None:
            return hits
        # `attr = ...`, `attr: ...`, or a defaults setter's `c.attr = ...` (one receiver, no deeper chain)
        line_rx = re.compile(rf"(?<![\w.])(?:[A-Za-z_]\w*\.)?{re.escape(attr)}\s*[:=]\s*(.+)$")
        texts = self.read_texts(files[:MAX_SETTINGS_FILES])
        for f in files[:MAX_SETTINGS_FILES]:
            text = texts.get(f)
            if not text or attr not in text:
                continue
            for n, line in enumerate(text.splitlines(), 1):
                m = line_rx.search(line)
                if not m:
                    continue
                rhs = m.group(1)
                env = ENV_CALL.search(rhs)
                default = ELVIS_DEFAULT.search(rhs) or CALL_DEFAULT.search(rhs) or (None if env else PLAIN_STRING.match(rhs.strip()))
                if default and default.group(1):
                    hits.setdefault(default.group(1), (default.group(1), Loc(f, n), env.group(1) if env else None))
        return hits

    def resolve_topic(self, ref: TopicRef, path: str) -> TopicRef:
        if ref.name is not None and ref.pending is None:
            return ref
        if ref.pending is None:
            found = self.attribute_default(ref.text, path) if ref.name is None and not ref.pattern else None
            if found is None:
                return ref
            return replace(ref, name=found[0], origin="settings-default", via=[*ref.via, found[1]])
        via = list(ref.via)
        value, origin = self.resolve_pending(ref.pending, path, via)
        if value is None:
            if ref.name is not None:  # e.g. an env default the deployment does not override
                return replace(ref, via=via)
            found = self.attribute_default(ref.text, path) if not ref.pattern else None
            if found is not None:
                return replace(ref, name=found[0], origin="settings-default", via=[*via, found[1]])
            return replace(ref, via=via, origin="unresolved" if ref.origin != "unresolved" else ref.origin)
        if "${" in value:
            expanded = self.expand(value, self.services.folder_of(path), via)
            if expanded is None:
                return replace(ref, name=None, via=via, origin="unresolved")
            value = expanded
        return replace(ref, name=value, origin=origin, via=via)
