"""PipelineGraph: who produces and who consumes which topic with which schema.

Plain dictionaries (a node table and successor/predecessor maps): the graph is small, the
queries are breadth-first walks, and every review and safe push loads it, so it imports no graph
library (networkx alone cost about 100 ms per run).  Node ids
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

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

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


EdgeData = dict[str, Any]  # {"evidence": set[Evidence], "attrs": dict}


class PipelineGraph:
    """A directed multigraph with at most one edge per (source, target, kind).  Iteration orders
    are insertion orders, so walks (and the paths they pick among equally short ones) are
    deterministic for a given build order."""

    def __init__(self) -> None:
        self._nodes: dict[str, NodeInfo] = {}
        self._succ: dict[str, dict[str, dict[str, EdgeData]]] = {}  # source -> target -> kind -> data
        self._pred: dict[str, dict[str, dict[str, EdgeData]]] = {}  # target -> source -> kind -> data
        self._flow_cache: dict[str, list[str]] | None = None  # data-flow successors, rebuilt after any change

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_flow_cache": None}  # a stored graph holds no derived view

    # -- building -----------------------------------------------------------------------
    def add_node(self, kind: str, name: str, evidence: Iterable[Evidence] = (), **attrs: Any) -> str:
        if kind not in NODE_KINDS:
            raise ValueError(f"unknown node kind {kind}")
        return self._put(node_id(kind, name), kind, name, evidence, attrs)

    def add_topic(self, name: str, broker: str | None, evidence: Iterable[Evidence] = (), **attrs: Any) -> str:
        """A topic node on its broker (see `topic_id`); its name stays the plain topic name."""
        return self._put(topic_id(name, broker), "topic", name, evidence, {**attrs, "broker": broker or KAFKA})

    def _put(self, nid: str, kind: str, name: str, evidence: Iterable[Evidence], attrs: dict[str, Any]) -> str:
        info = self._nodes.get(nid)
        if info is None:
            info = self._nodes[nid] = NodeInfo(nid, kind, name)
            self._succ.setdefault(nid, {})
            self._pred.setdefault(nid, {})
            self._flow_cache = None
        info.evidence.update(evidence)
        for key, value in attrs.items():
            if value is not None:
                info.attrs[key] = value
        return nid

    def add_edge(self, source: str, target: str, kind: str, evidence: Iterable[Evidence] = (), **attrs: Any) -> None:
        if kind not in EDGE_KINDS:
            raise ValueError(f"unknown edge kind {kind}")
        for end in (source, target):  # an end never added as a node is still an end (it has no info)
            self._succ.setdefault(end, {})
            self._pred.setdefault(end, {})
        data = self._succ[source].setdefault(target, {}).get(kind)
        if data is None:
            data = self._succ[source][target][kind] = {"evidence": set(), "attrs": {}}
            self._pred[target].setdefault(source, {})[kind] = data
            self._flow_cache = None
        data["evidence"].update(evidence)
        for key, value in attrs.items():
            if isinstance(value, list):
                data["attrs"].setdefault(key, [])
                data["attrs"][key].extend(v for v in value if v not in data["attrs"][key])
            elif value is not None:
                data["attrs"][key] = value

    # -- reading ------------------------------------------------------------------------
    def __contains__(self, nid: str) -> bool:
        return nid in self._succ

    def node(self, nid: str) -> NodeInfo:
        return self._nodes[nid]

    def nodes(self, kind: str | None = None) -> list[NodeInfo]:
        return sorted((i for i in self._nodes.values() if kind is None or i.kind == kind), key=lambda i: i.id)

    def _all_edges(self) -> Iterator[tuple[str, str, str, EdgeData]]:
        for s, targets in self._succ.items():
            for t, kinds in targets.items():
                for k, d in kinds.items():
                    yield s, t, k, d

    def edges(self, kind: str | None = None) -> Iterator[tuple[str, str, str, set[Evidence], dict[str, Any]]]:
        for s, t, k, d in sorted(self._all_edges(), key=lambda e: (e[0], e[1], e[2])):
            if kind is None or k == kind:
                yield s, t, k, d["evidence"], d["attrs"]

    def edge(self, source: str, target: str, kind: str) -> dict[str, Any] | None:
        return self._succ.get(source, {}).get(target, {}).get(kind)

    def _out(self, nid: str, *wanted: str) -> list[str]:
        return sorted(t for t, kinds in self._succ.get(nid, {}).items() if any(k in kinds for k in wanted))

    def _in(self, nid: str, *wanted: str) -> list[str]:
        return sorted(s for s, kinds in self._pred.get(nid, {}).items() if any(k in kinds for k in wanted))

    def flow_edge(self, source: str, target: str) -> dict[str, Any] | None:
        """The produce/consume (or publish/subscribe) edge between a service and a topic, if any."""
        kinds = self._succ.get(source, {}).get(target, {})
        return next((kinds[k] for k in FLOW_KINDS if k in kinds), None)

    def producers(self, topic: str) -> list[str]:
        return self._in(topic, *PRODUCE_KINDS)

    def consumers(self, topic: str) -> list[str]:
        return self._out(topic, *CONSUME_KINDS)

    def produced_topics(self, service: str) -> list[str]:
        return self._out(service, *PRODUCE_KINDS)

    def consumed_topics(self, service: str) -> list[str]:
        return self._in(service, *CONSUME_KINDS)

    def schemas_of(self, topic: str) -> list[str]:
        return self._out(topic, "carries")

    def topics_carrying(self, schema: str) -> list[str]:
        return self._in(schema, "carries")

    def _flow(self) -> dict[str, list[str]]:
        """Services and topics joined by produces/consumes edges (successors of each node): what
        impact queries walk.  Built once per graph state: rules ask for downstream services many
        times per review."""
        if self._flow_cache is None:
            self._flow_cache = {
                s: [t for t, kinds in targets.items() if any(k in kinds for k in FLOW_KINDS)]
                for s, targets in self._succ.items()
            }
        return self._flow_cache

    def _reverse_flow(self) -> dict[str, list[str]]:
        back: dict[str, list[str]] = {n: [] for n in self._succ}
        for s, targets in self._flow().items():
            for t in targets:
                back[t].append(s)
        return back

    @staticmethod
    def _walk(adjacency: dict[str, list[str]], start: str) -> dict[str, list[str]]:
        """Breadth-first from `start`: each reachable node with the first shortest path found to it."""
        paths = {start: [start]}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for nxt in adjacency.get(node, ()):
                if nxt not in paths:
                    paths[nxt] = [*paths[node], nxt]
                    queue.append(nxt)
        return paths

    @staticmethod
    def _nearest_first(paths: dict[str, list[str]]) -> list[str]:
        return [n for n, p in sorted(paths.items(), key=lambda kv: (len(kv[1]), kv[0])) if len(p) > 1]

    def downstream(self, start: str) -> list[str]:
        """Every node data flows to from `start` (topics and services), nearest first."""
        if start not in self._succ:
            return []
        return self._nearest_first(self._walk(self._flow(), start))

    def upstream(self, start: str) -> list[str]:
        """Every node data flows from into `start`, nearest first."""
        if start not in self._succ:
            return []
        return self._nearest_first(self._walk(self._reverse_flow(), start))

    def sources(self, start: str) -> list[str]:
        """Upstream services with no producer feeding them: where the data originates."""
        ups = [n for n in self.upstream(start) if kind_of(n) == "service"]
        return [n for n in ups if not self.consumed_topics(n)]

    def path(self, source: str, target: str) -> list[str] | None:
        """A shortest data-flow path from source to target, or None."""
        if source not in self._succ or target not in self._succ:
            return None
        return self._walk(self._flow(), source).get(target)

    def impact_paths(self, start: str) -> dict[str, list[str]]:
        """For every downstream service: the shortest path from `start` to it."""
        if start not in self._succ:
            return {}
        paths = self._walk(self._flow(), start)
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
        """The nodes `node_ids` (those in the graph) and the edges among them; node infos and edge
        evidence are shared with this graph, the containers are new."""
        keep = set(node_ids) & self._succ.keys()
        sub = PipelineGraph()
        for nid in self._succ:
            if nid in keep:
                if nid in self._nodes:
                    sub._nodes[nid] = self._nodes[nid]
                sub._succ[nid], sub._pred[nid] = {}, {}
        for s, t, k, d in self._all_edges():
            if s in keep and t in keep:
                copy = dict(d)
                sub._succ[s].setdefault(t, {})[k] = copy
                sub._pred[t].setdefault(s, {})[k] = copy
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
