"""PipelineGraph: who produces and who consumes which topic with which schema.

One `networkx.MultiDiGraph`, wrapped so callers never depend on networkx directly.  Node ids
are ``service:<name>``, ``topic:<name>`` (a Kafka topic) or ``topic:<broker>:<name>`` (any other
broker: ``topic:rabbitmq:orders``, ``topic:pulsar:persistent://t/ns/orders``), ``schema:<avro full
name>``; a topic node's ``broker`` attribute says which broker it lives on, so only endpoints of
the same broker meet.  Edge kinds are
``produces`` (service→Kafka topic), ``consumes`` (Kafka topic→service), ``publishes`` and
``subscribes`` (the same for a destination on any other broker), ``carries`` (topic→schema) and
``uses-schema`` (service→schema).  There is one edge per (source, target, kind); its evidence
lists every call site.

Why two pairs of flow kinds: ``produces``/``consumes`` have always meant a Kafka client, and tools
reading the graph JSON (and this product's Kafka rules: groups, offsets, acks) rely on that.  A
RabbitMQ exchange or an MQTT topic is still a flow the graph shows and impact queries follow, but
it must not read as Kafka production to anyone who filters on the edge kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from copilot.model.ids import KAFKA, UNKNOWN_BROKER, kind_of, node_id, split_id, topic_id

__all__ = ["KAFKA", "node_id", "split_id", "topic_id"]  # the id helpers live in copilot.model.ids

NODE_KINDS = ("service", "topic", "schema")
EDGE_KINDS = ("produces", "consumes", "publishes", "subscribes", "carries", "uses-schema")
PRODUCE_KINDS = ("produces", "publishes")  # service -> topic
CONSUME_KINDS = ("consumes", "subscribes")  # topic -> service
FLOW_KINDS = PRODUCE_KINDS + CONSUME_KINDS  # the edges data flows along


def flow_kind(role: str, broker: str | None) -> str:
    """The edge kind of a ``produce``/``consume`` endpoint on `broker`.

    Kafka (and a broker the scan could not tell, which may be Kafka) keeps ``produces``/``consumes``;
    every other broker gets ``publishes``/``subscribes``.
    """
    kafka_like = broker in (None, KAFKA, UNKNOWN_BROKER)
    if role == "produce":
        return "produces" if kafka_like else "publishes"
    return "consumes" if kafka_like else "subscribes"


@dataclass(frozen=True, order=True)
class Evidence:
    path: str
    line: int

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line}


@dataclass
class NodeInfo:
    id: str
    kind: str
    name: str
    evidence: set[Evidence] = field(default_factory=set)
    attrs: dict[str, Any] = field(default_factory=dict)


class PipelineGraph:
    def __init__(self) -> None:
        self._g = nx.MultiDiGraph()
        self._flow_cache: nx.DiGraph | None = None  # the data-flow view, rebuilt after any change

    # -- building -----------------------------------------------------------------------
    def add_node(self, kind: str, name: str, evidence: Iterable[Evidence] = (), **attrs: Any) -> str:
        if kind not in NODE_KINDS:
            raise ValueError(f"unknown node kind {kind}")
        return self._put(node_id(kind, name), kind, name, evidence, attrs)

    def add_topic(self, name: str, broker: str | None, evidence: Iterable[Evidence] = (), **attrs: Any) -> str:
        """A topic node on its broker (see `topic_id`); its name stays the plain topic name."""
        return self._put(topic_id(name, broker), "topic", name, evidence, {**attrs, "broker": broker or KAFKA})

    def _put(self, nid: str, kind: str, name: str, evidence: Iterable[Evidence], attrs: dict[str, Any]) -> str:
        if nid not in self._g:
            self._g.add_node(nid, info=NodeInfo(nid, kind, name))
            self._flow_cache = None
        info: NodeInfo = self._g.nodes[nid]["info"]
        info.evidence.update(evidence)
        for key, value in attrs.items():
            if value is not None:
                info.attrs[key] = value
        return nid

    def add_edge(self, source: str, target: str, kind: str, evidence: Iterable[Evidence] = (), **attrs: Any) -> None:
        if kind not in EDGE_KINDS:
            raise ValueError(f"unknown edge kind {kind}")
        data = self._g.get_edge_data(source, target, key=kind)
        if data is None:
            self._g.add_edge(source, target, key=kind, evidence=set(), attrs={})
            self._flow_cache = None
            data = self._g.get_edge_data(source, target, key=kind)
        data["evidence"].update(evidence)
        for key, value in attrs.items():
            if isinstance(value, list):
                data["attrs"].setdefault(key, [])
                data["attrs"][key].extend(v for v in value if v not in data["attrs"][key])
            elif value is not None:
                data["attrs"][key] = value

    # -- reading ------------------------------------------------------------------------
    def __contains__(self, nid: str) -> bool:
        return nid in self._g

    def node(self, nid: str) -> NodeInfo:
        return self._g.nodes[nid]["info"]

    def nodes(self, kind: str | None = None) -> list[NodeInfo]:
        infos = [d["info"] for _, d in self._g.nodes(data=True)]
        return sorted((i for i in infos if kind is None or i.kind == kind), key=lambda i: i.id)

    def edges(self, kind: str | None = None) -> Iterator[tuple[str, str, str, set[Evidence], dict[str, Any]]]:
        for s, t, k, d in sorted(self._g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
            if kind is None or k == kind:
                yield s, t, k, d["evidence"], d["attrs"]

    def edge(self, source: str, target: str, kind: str) -> dict[str, Any] | None:
        return self._g.get_edge_data(source, target, key=kind)

    def flow_edge(self, source: str, target: str) -> dict[str, Any] | None:
        """The produce/consume (or publish/subscribe) edge between a service and a topic, if any."""
        for kind in FLOW_KINDS:
            data = self._g.get_edge_data(source, target, key=kind)
            if data is not None:
                return data
        return None

    def producers(self, topic: str) -> list[str]:
        return sorted({s for s, _, k in self._g.in_edges(topic, keys=True) if k in PRODUCE_KINDS})

    def consumers(self, topic: str) -> list[str]:
        return sorted({t for _, t, k in self._g.out_edges(topic, keys=True) if k in CONSUME_KINDS})

    def produced_topics(self, service: str) -> list[str]:
        return sorted({t for _, t, k in self._g.out_edges(service, keys=True) if k in PRODUCE_KINDS})

    def consumed_topics(self, service: str) -> list[str]:
        return sorted({s for s, _, k in self._g.in_edges(service, keys=True) if k in CONSUME_KINDS})

    def schemas_of(self, topic: str) -> list[str]:
        return sorted(t for _, t, k in self._g.out_edges(topic, keys=True) if k == "carries")

    def topics_carrying(self, schema: str) -> list[str]:
        return sorted(s for s, _, k in self._g.in_edges(schema, keys=True) if k == "carries")

    def _flow(self) -> nx.DiGraph:
        """Services and topics joined by produces/consumes edges: what impact queries walk.
        Built once per graph state: rules ask for downstream services many times per review."""
        if self._flow_cache is None:
            flow = nx.DiGraph()
            flow.add_nodes_from(self._g.nodes)
            flow.add_edges_from((s, t) for s, t, k in self._g.edges(keys=True) if k in FLOW_KINDS)
            self._flow_cache = flow
        return self._flow_cache

    def downstream(self, start: str) -> list[str]:
        """Every node data flows to from `start` (topics and services), nearest first."""
        if start not in self._g:
            return []
        lengths = nx.single_source_shortest_path_length(self._flow(), start)
        return [n for n, d in sorted(lengths.items(), key=lambda kv: (kv[1], kv[0])) if d > 0]

    def upstream(self, start: str) -> list[str]:
        """Every node data flows from into `start`, nearest first."""
        if start not in self._g:
            return []
        lengths = nx.single_source_shortest_path_length(self._flow().reverse(copy=False), start)
        return [n for n, d in sorted(lengths.items(), key=lambda kv: (kv[1], kv[0])) if d > 0]

    def sources(self, start: str) -> list[str]:
        """Upstream services with no producer feeding them: where the data originates."""
        ups = [n for n in self.upstream(start) if kind_of(n) == "service"]
        return [n for n in ups if not self.consumed_topics(n)]

    def path(self, source: str, target: str) -> list[str] | None:
        """The shortest data-flow path from source to target, or None."""
        try:
            return nx.shortest_path(self._flow(), source, target)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return None

    def impact_paths(self, start: str) -> dict[str, list[str]]:
        """For every downstream service: the shortest path from `start` to it."""
        if start not in self._g:
            return {}
        paths = nx.single_source_shortest_path(self._flow(), start)
        return {n: p for n, p in sorted(paths.items()) if kind_of(n) == "service" and n != start}

    def orphans(self) -> dict[str, list[str]]:
        """Topics consumed with no producer, and topics produced with no consumer."""
        unfed, unread = [], []
        for info in self.nodes("topic"):
            if info.attrs.get("unresolved") or info.attrs.get("pattern"):
                continue
            has_p, has_c = bool(self.producers(info.id)), bool(self.consumers(info.id))
            if has_c and not has_p:
                unfed.append(info.id)
            if has_p and not has_c:
                unread.append(info.id)
        return {"no_producer": unfed, "no_consumer": unread}

    def subgraph(self, node_ids: Iterable[str]) -> PipelineGraph:
        keep = set(node_ids) & set(self._g.nodes)
        sub = PipelineGraph()
        sub._g = self._g.subgraph(keep).copy()
        return sub

    # -- export -------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        nodes = []
        for info in self.nodes():
            item: dict[str, Any] = {
                "id": info.id,
                "kind": info.kind,
                "name": info.name,
                "evidence": [e.to_json() for e in sorted(info.evidence)],
            }
            for key in ("unresolved", "pattern"):
                if info.attrs.get(key):
                    item[key] = True
            if info.attrs.get("unresolved") and info.attrs.get("reason"):
                item["reason"] = info.attrs["reason"]  # which hop could not be followed
            if info.attrs.get("broker", KAFKA) != KAFKA:  # a Kafka topic's JSON is unchanged
                item["broker"] = info.attrs["broker"]
            nodes.append(item)
        edges = []
        for s, t, k, ev, _attrs in self.edges():
            item = {"source": s, "target": t, "kind": k, "evidence": [e.to_json() for e in sorted(ev)]}
            edges.append(item)
        return {"version": 1, "nodes": nodes, "edges": edges}

    def to_mermaid(self) -> str:
        ids = {info.id: f"n{i}" for i, info in enumerate(self.nodes())}
        lines = ["flowchart LR"]
        shapes = {"service": ('["', '"]'), "topic": ('[("', '")]'), "schema": ('{{"', '"}}')}
        for info in self.nodes():
            left, right = shapes[info.kind]
            # Mermaid entity codes: a raw `<`, `>` or `"` in a label breaks or swallows it
            label = info.name.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
            lines.append(f"    {ids[info.id]}{left}{info.kind}: {label}{right}")
        for s, t, k, _, _ in self.edges():
            arrow = "-.->" if k in ("carries", "uses-schema") else "-->"
            lines.append(f"    {ids[s]} {arrow}|{k}| {ids[t]}")
        return "\n".join(lines) + "\n"

    def to_dot(self) -> str:
        def q(text: str) -> str:
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

        shapes = {"service": "box", "topic": "cylinder", "schema": "note"}
        lines = ["digraph pipeline {", "  rankdir=LR;"]
        for info in self.nodes():
            style = ", style=dashed" if info.attrs.get("unresolved") else ""
            lines.append(f"  {q(info.id)} [label={q(info.name)}, shape={shapes[info.kind]}{style}];")
        for s, t, k, _, _ in self.edges():
            style = ", style=dotted" if k in ("carries", "uses-schema") else ""
            lines.append(f"  {q(s)} -> {q(t)} [label={q(k)}{style}];")
        lines.append("}")
        return "\n".join(lines) + "\n"
