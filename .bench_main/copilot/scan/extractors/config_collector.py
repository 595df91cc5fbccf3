"""OpenTelemetry Collector configurations: `kafka` exporters produce, `kafka` receivers consume.

A component counts when a pipeline of ``service.pipelines`` uses it (the Collector builds nothing
else); its topic is the signal's ``<signal>.topic`` (receivers: ``<signal>.topics`` or
``.topic``), else the legacy top-level ``topic``, else the Collector's default per signal
(``otlp_spans``, ``otlp_metrics``, ``otlp_logs``, ``otlp_profiles``).  A config without a
``service`` section (a fragment merged at start-up) counts each component's configured signals.
Values expand ``${env:VAR:-default}``, ``${env:VAR}``, ``${VAR:-default}`` and ``${VAR}``: the
default is the value unless the deployment's env (.env, compose, k8s) sets the variable.
Settings: ``group_id`` (default ``otel-collector``), ``initial_offset`` (default ``latest``),
``autocommit.enable``, ``encoding`` (the value format) and the exporter's
``producer.required_acks``.
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from copilot.model.facts import Endpoint, FileFacts, Loc, Pending, Setting, TopicRef
from copilot.scan.extractors.config_yaml import get, line_of, mapping_items, scalar_text

LIBRARY = "otelcol-kafka"
SIGNALS = ("traces", "metrics", "logs", "profiles")
DEFAULT_TOPIC = {"traces": "otlp_spans", "metrics": "otlp_metrics", "logs": "otlp_logs", "profiles": "otlp_profiles"}
ENV_REF = re.compile(r"\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
COMPONENT = re.compile(r"^kafka(?:/.*)?$")
ACKS = {"-1": "all", "1": "1", "0": "0", "all": "all"}


def is_collector(doc: Node) -> bool:
    """A Collector config: `receivers`/`exporters` holding a `kafka` component."""
    if not isinstance(doc, MappingNode):
        return False
    return any(COMPONENT.match(key) for section in ("receivers", "exporters") for key, _k, _v in mapping_items(get(doc, section) or MappingNode("", [])))


def expand(text: str) -> tuple[str | None, Pending | None, str]:
    """(value with env defaults, the pending env look-up, origin) of a config value."""
    refs = list(ENV_REF.finditer(text))
    if not refs:
        return text, None, "literal"
    if len(refs) == 1 and refs[0].span() == (0, len(text)):
        var, default = refs[0].group(1), refs[0].group(2)
        return default, Pending("env", var, default), "env-default" if default is not None else "env"
    parts = tuple(Pending("env", m.group(1), m.group(2)) for m in refs)
    template = ENV_REF.sub(lambda _m: "{}", text)  # the resolver fills each `{}` slot in order
    value = None if any(p.default is None for p in parts) else ENV_REF.sub(lambda m: m.group(2) or "", text)
    return value, Pending("template", template, None, parts), "env-default"


def _topic(text: str, line: int, path: str) -> TopicRef:
    value, pending, origin = expand(text)
    return TopicRef(text, value, origin, pending, [Loc(path, line)] if pending else [])


def _setting(key: str, node: Node | None, path: str, mapping: dict[str, str] | None = None) -> Setting | None:
    if node is None or not isinstance(node, ScalarNode) or not scalar_text(node):
        return None
    raw = scalar_text(node)
    value, pending, _ = expand(raw)
    shown = value if value is not None else raw
    if mapping:
        shown = mapping.get(shown.lower(), shown)
    return Setting(key, shown, Loc(path, line_of(node)), raw_key=key, pending=pending, unresolved=value is None)


def _signals(doc: Node, section: str, component: str) -> list[str]:
    pipelines = get(doc, "service", "pipelines")
    if pipelines is None:
        return []
    out = []
    for pid, _k, pnode in mapping_items(pipelines):
        used = get(pnode, section)
        names = [scalar_text(n) for n in used.value] if isinstance(used, SequenceNode) else []
        signal = pid.split("/", 1)[0]
        if component in names and signal in SIGNALS and signal not in out:
            out.append(signal)
    return out


def _topics(comp: Node, signal: str, role: str) -> list[tuple[str, int]]:
    """(topic text, line) for one signal of a component."""
    sub = get(comp, signal)
    for node in (get(sub, "topics") if role == "consume" else None, get(sub, "topic"), get(comp, "topics") if role == "consume" else None, get(comp, "topic")):
        if isinstance(node, SequenceNode):
            items = [(scalar_text(n), line_of(n)) for n in node.value if isinstance(n, ScalarNode) and scalar_text(n)]
            if items:
                return items
        elif isinstance(node, ScalarNode) and scalar_text(node):
            return [(scalar_text(node), line_of(node))]
    return []


def extract(doc: Node, facts: FileFacts) -> None:
    has_service = get(doc, "service") is not None
    for section, role in (("exporters", "produce"), ("receivers", "consume")):
        for cid, knode, comp in mapping_items(get(doc, section) or MappingNode("", [])):
            if not COMPONENT.match(cid):
                continue
            signals = _signals(doc, section, cid) if has_service else [s for s in SIGNALS if get(comp, s) is not None]
            if not has_service and not signals and get(comp, "topic") is not None:
                signals = ["traces"]
            settings = _settings(comp, role, facts.path, line_of(knode))
            for signal in signals:
                topics = _topics(comp, signal, role) or [(DEFAULT_TOPIC[signal], line_of(knode))]
                sub = get(comp, signal)
                fmt = _setting("value.format", get(sub, "encoding") or get(comp, "encoding"), facts.path)
                for text, line in topics:
                    ep = Endpoint(role, _topic(text, line, facts.path), Loc(facts.path, line), LIBRARY, end_line=line, client=cid)  # type: ignore[arg-type]
                    ep.settings = dict(settings)
                    if fmt is not None:
                        ep.settings["value.format"] = fmt
                    if role == "consume" and "group.id" in ep.settings:
                        ep.group = ep.settings["group.id"].value
                    facts.endpoints.append(ep)


def _settings(comp: Node, role: str, path: str, line: int) -> dict[str, Setting]:
    out: dict[str, Setting] = {}
    if role == "consume":
        group = _setting("group.id", get(comp, "group_id"), path)
        out["group.id"] = group or Setting("group.id", "otel-collector", Loc(path, line), raw_key="group_id (default)")
        reset = _setting("auto.offset.reset", get(comp, "initial_offset"), path)
        if reset is not None:
            out["auto.offset.reset"] = reset
        commit = _setting("enable.auto.commit", get(comp, "autocommit", "enable"), path)
        if commit is not None:
            out["enable.auto.commit"] = commit
    else:
        acks = _setting("acks", get(comp, "producer", "required_acks"), path, ACKS)
        if acks is not None:
            out["acks"] = acks
    return out
