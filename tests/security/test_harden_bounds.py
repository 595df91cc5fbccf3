"""Issue 9 item 7 (the non-LLM parts): hostile sizes are refused or handled in linear work.

No wall-clock assertions: memory is bounded with an address-space limit on the CLI process,
and work is counted (scope calls visited, writer-field dictionaries built).
"""

from __future__ import annotations

import ast
import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from copilot.cli import main
from copilot.scan.extractors import config_yaml, py_endpoints
from copilot.scan.extractors.python import extract as extract_python
from tests.actions.conftest import subprocess_env
from tests.security import harden_hostile_inputs as hostile
from tests.security.harden_support import run_in

PRODUCER = """from confluent_kafka import Producer

p = Producer({"bootstrap.servers": "kafka:9092", "acks": "all"})
p.produce("orders", value=b"x")
p.flush()
"""
ADDRESS_SPACE = 1536 * 1024 * 1024  # a normal `graph` needs a few hundred MiB; the bomb needed > 3 GiB


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _graph(repo: Path, fmt: str) -> subprocess.CompletedProcess[str]:
    """`pipeline-copilot graph` in its own process, its address space capped."""
    return subprocess.run(
        [sys.executable, "-m", "copilot", "graph", str(repo), "--format", fmt],
        env=subprocess_env(), capture_output=True, text=True, stdin=subprocess.DEVNULL,
        preexec_fn=_limited, timeout=600,
    )  # fmt: skip


def test_yaml_alias_bomb_is_refused_with_a_warning_and_the_rest_is_scanned(make_repo: Any) -> None:
    bomb = hostile.alias_bomb()
    assert len(bomb.splitlines()) == 14  # the 15-line file, give or take the newline
    repo = make_repo(
        {
            "orders/pyproject.toml": '[project]\nname = "orders"\n',
            "orders/src/main/resources/application.yml": bomb,
            "checkout/pyproject.toml": '[project]\nname = "checkout"\n',
            "checkout/app.py": PRODUCER,
        }
    )
    table = _graph(repo, "table")
    assert table.returncode == 0, table.stderr[-2000:]
    warning = " ".join(table.stdout.split())
    assert "orders/src/main/resources/application.yml:1: YAML document refused" in warning
    assert "more than 200,000 nodes" in warning
    as_json = _graph(repo, "json")
    assert as_json.returncode == 0, as_json.stderr[-2000:]
    edges = json.loads(as_json.stdout)["edges"]
    assert {"source": "service:checkout", "target": "topic:orders", "kind": "produces"} in [
        {k: e[k] for k in ("source", "target", "kind")} for e in edges
    ]


def test_yaml_cycles_and_deep_nesting_are_refused_other_documents_kept(make_repo: Any, capsys) -> None:
    text = "\n---\n".join(
        [
            hostile.alias_cycle(),
            hostile.deep_yaml(config_yaml.MAX_DEPTH + 5),
            "spring:\n  kafka:\n    consumer:\n      group-id: payments\n",
        ]
    )
    repo = make_repo({"pay/pyproject.toml": '[project]\nname = "pay"\n', "pay/application.yml": text})
    code, out, err = run_in(repo, capsys, "graph", "--format", "table")
    assert code == 0, err
    flat = " ".join(out.split())
    assert "pay/application.yml:1: YAML document refused: its aliases refer to themselves" in flat
    # the second document (line 6): the root, 69 nested mappings and the leaf scalar
    assert (
        f"pay/application.yml:6: YAML document refused: nested {config_yaml.MAX_DEPTH + 7} levels deep"
        in flat
    )
    warnings: list[str] = []
    docs = config_yaml.compose_documents(text, "pay/application.yml", warnings)
    assert len(docs) == 1 and len(warnings) == 2  # the third document is still read
    assert config_yaml.flatten(docs[0])["spring.kafka.consumer.group-id"][0] == "payments"


def test_alias_expansion_is_measured_without_expanding() -> None:
    """A 30-level doubling (2**30 expanded nodes) is measured by visiting its ~60 distinct nodes."""
    text = "a0: &a0 [x, x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n" for i in range(1, 30))
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    size, depth = config_yaml.expanded_size(node, limit=10**12)
    sizes = [3]  # a0: the list and its two scalars; a_i: the list and two copies of a_(i-1)
    for _ in range(29):
        sizes.append(1 + 2 * sizes[-1])
    assert size == 1 + sum(1 + s for s in sizes) and size > 2**30
    assert depth == 32
    capped, _ = config_yaml.expanded_size(node)
    assert capped == config_yaml.MAX_EXPANDED_NODES + 1


def test_many_producers_in_one_module_cost_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """5,000 producers (10,000 sends) in a 20,000-line file: each scope's calls are read once."""
    source = hostile.many_producers(5000)
    assert source.count("\n") >= 20_000
    visits = {"calls": 0, "indexes": 0}
    real_add = py_endpoints._AckIndex.add_call

    def counting_add(self: Any, *args: Any) -> None:
        visits["calls"] += 1
        real_add(self, *args)

    real_index = py_endpoints.EndpointBuilder._ack_index

    def counting_index(self: Any, scope: Any) -> Any:
        if id(scope.node) not in self._acks:
            visits["indexes"] += 1
        return real_index(self, scope)

    monkeypatch.setattr(py_endpoints._AckIndex, "add_call", counting_add)
    monkeypatch.setattr(py_endpoints.EndpointBuilder, "_ack_index", counting_index)
    facts = extract_python("svc/app.py", source.encode())
    sends = [e for e in facts.endpoints if e.role == "produce"]
    assert len(sends) == 10_000
    assert all(e.awaits_ack is True for e in sends)  # the final flush confirms every send
    calls_in_file = sum(isinstance(n, ast.Call) for n in ast.walk(ast.parse(source)))
    assert visits["indexes"] == 1
    assert visits["calls"] <= calls_in_file  # was sends x calls (10^8) before


def test_many_java_sends_in_one_method_read_the_method_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """5,000 sends in one Java method: what the method does with send results is indexed once."""
    from copilot.scan.extractors import jvm_clients
    from copilot.scan.extractors.jvm import extract as extract_jvm

    built = {"n": 0}
    real = jvm_clients._MethodSends.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        built["n"] += 1
        real(self, *args, **kwargs)

    monkeypatch.setattr(jvm_clients._MethodSends, "__init__", counting)
    facts = extract_jvm("sender/src/main/java/acme/Sender.java", hostile.many_java_sends(2500).encode())
    sends = [e for e in facts.endpoints if e.role == "produce"]
    assert len(sends) == 5000 and all(e.awaits_ack is True for e in sends)  # the flush confirms them
    assert built["n"] == 1  # one method, indexed once (was: every send rescanned every call)


def test_many_go_messages_look_their_names_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """5,000 sarama messages in one function: the module's assignments are indexed once, each
    message variable found by lookup (was: every name looked up in every assignment)."""
    from copilot.lang import evaluate
    from tests.lang.helpers import go_scan

    built = {"n": 0}
    real = evaluate._by_target

    def counting(assigns: Any) -> Any:
        built["n"] += 1
        return real(assigns)

    monkeypatch.setattr(evaluate, "_by_target", counting)
    facts = go_scan({"payments/main.go": hostile.many_go_sends(5000)}, "payments/main.go")
    sends = [e for e in facts.endpoints if e.role == "produce"]
    assert len(sends) == 5000 and all(e.awaits_ack is True for e in sends)
    assert built["n"] == 1


def test_send_without_a_later_flush_is_still_fire_and_forget() -> None:
    source = (
        "from confluent_kafka import Producer\n"
        'p = Producer({"acks": "all"})\n'
        "p.flush()\n"
        'p.produce("orders", value=b"x")\n'
        'q = Producer({"acks": "all"})\n'
        'fut = q.produce("audit", value=b"y")\n'
        "fut.get()\n"
    )
    sends = {e.topic.name: e.awaits_ack for e in extract_python("svc/app.py", source.encode()).endpoints}
    assert sends == {"orders": False, "audit": True}


def test_wide_schema_change_is_checked_with_linear_lookups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """A 10,000-field record: the writer's field dictionary is built once per schema, not per field."""
    from avro.schema import RecordSchema

    old, new = tmp_path / "old.avsc", tmp_path / "new.avsc"
    old.write_text(hostile.wide_record_text(10_000))
    new.write_text(hostile.wide_record_text(10_000, changed=True))
    built = {"n": 0}
    real = RecordSchema.fields_dict

    def counting(self: Any) -> dict:
        built["n"] += 1
        return real.fget(self)  # type: ignore[attr-defined]

    monkeypatch.setattr(RecordSchema, "fields_dict", property(counting))
    capsys.readouterr()
    code = main(["schema", "check", str(new), "--against", str(old), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["compatible"] is False
    assert built["n"] <= 4  # was one per field per walk (20,000+)
    assert len(report["changes"]) == 5002  # 5,000 narrowed, one removed, one added
