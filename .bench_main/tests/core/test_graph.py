"""PipelineGraph queries and exports."""

from __future__ import annotations

import json

from copilot.model.graph import Evidence, PipelineGraph


def _shop() -> PipelineGraph:
    g = PipelineGraph()
    for s in ("checkout", "fraud", "payments", "notify"):
        g.add_node("service", s)
    for t in ("orders", "scored", "payments", "legacy"):
        g.add_node("topic", t, [Evidence(f"{t}.py", 1)])
    g.add_edge("service:checkout", "topic:orders", "produces", [Evidence("checkout/app.py", 40)])
    g.add_edge("service:checkout", "topic:orders", "produces", [Evidence("checkout/app.py", 55)])
    g.add_edge("topic:orders", "service:fraud", "consumes", [Evidence("fraud/score.py", 12)])
    g.add_edge("service:fraud", "topic:scored", "produces", [Evidence("fraud/score.py", 30)])
    g.add_edge("topic:scored", "service:payments", "consumes", [Evidence("payments/main.go", 20)])
    g.add_edge("service:payments", "topic:payments", "produces", [Evidence("payments/main.go", 40)])
    g.add_edge("topic:payments", "service:notify", "consumes", [Evidence("notify/w.py", 9)])
    g.add_edge("topic:legacy", "service:notify", "consumes", [Evidence("notify/w.py", 20)])
    g.add_node("schema", "com.acme.Order", [Evidence("schemas/order.avsc", 3)])
    g.add_edge("topic:orders", "schema:com.acme.Order", "carries", [Evidence("checkout/app.py", 40)])
    return g


def test_one_edge_per_source_target_kind_with_all_evidence():
    data = _shop().to_json()
    produces = [e for e in data["edges"] if e["source"] == "service:checkout"]
    assert produces == [
        {
            "source": "service:checkout",
            "target": "topic:orders",
            "kind": "produces",
            "evidence": [{"path": "checkout/app.py", "line": 40}, {"path": "checkout/app.py", "line": 55}],
        }
    ]
    assert data["version"] == 1
    json.dumps(data)  # serialisable


def test_downstream_upstream_paths_and_orphans():
    g = _shop()
    assert g.downstream("service:checkout")[:2] == ["topic:orders", "service:fraud"]
    assert "service:notify" in g.downstream("topic:orders")
    assert "schema:com.acme.Order" not in g.downstream("topic:orders")  # schemas are not data flow
    assert g.upstream("service:notify")[0] in ("topic:legacy", "topic:payments")
    assert g.sources("service:notify") == ["service:checkout"]
    assert g.path("service:checkout", "service:notify") == [
        "service:checkout", "topic:orders", "service:fraud", "topic:scored", "service:payments", "topic:payments", "service:notify",
    ]
    assert g.orphans() == {"no_producer": ["topic:legacy"], "no_consumer": []}
    assert sorted(g.impact_paths("topic:scored")) == ["service:notify", "service:payments"]


def test_mermaid_and_dot_exports_name_every_node_and_edge():
    g = _shop()
    mermaid = g.to_mermaid()
    assert mermaid.startswith("flowchart LR")
    assert mermaid.count("-->|produces|") == 3 and mermaid.count("-.->|carries|") == 1
    dot = g.to_dot()
    assert '"service:checkout" -> "topic:orders" [label="produces"];' in dot
    assert dot.strip().endswith("}")


def test_mermaid_escapes_unresolved_names():
    g = PipelineGraph()
    g.add_node("topic", "<args.topic>", unresolved=True)
    assert 'topic: #lt;args.topic#gt;' in g.to_mermaid()
