"""The example plugin package (examples/acme-plugin), really installed, reviewed through the CLI:
two organisation rules and an output format added by a third party, each one file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GIT_ENV, commit

PROJECT = Path(__file__).resolve().parents[2]
PLUGIN = PROJECT / "examples" / "acme-plugin"

PRODUCER = """from confluent_kafka import Producer

p = Producer({{"bootstrap.servers": "kafka:9092"}})


def send(order):
    p.produce("{topic}", value=order)
    p.flush()
"""
SCHEMA = """{{
  "type": "record",
  "name": "Customer",
  "namespace": "com.acme",
  "fields": [
    {{"name": "id", "type": "string"}}{extra}
  ]
}}
"""


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip install` the example plugin into its own folder (offline: no build isolation, no deps)."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-build-isolation", "--no-deps", "--no-index",
         "--target", str(target), str(PLUGIN)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert list(target.glob("acme_pipeline_rules-*.dist-info"))
    return target


def run_cli(plugin_path: Path, repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": os.pathsep.join([str(plugin_path), str(PROJECT)])}
    return subprocess.run(
        [sys.executable, "-m", "copilot", *args], cwd=repo, env=env, capture_output=True, text=True
    )


@pytest.fixture
def repo(make_repo) -> Path:
    base = make_repo({
        "checkout/pyproject.toml": "[project]\nname = 'checkout'\n",
        "checkout/app.py": PRODUCER.format(topic="sales.order.v1"),
        "schemas/customer.avsc": SCHEMA.format(extra=""),
    })  # fmt: skip
    commit(base, {
        "checkout/app.py": PRODUCER.format(topic="NewOrders"),
        "schemas/customer.avsc": SCHEMA.format(extra=',\n    {"name": "email", "type": "string", "default": ""}'),
    })  # fmt: skip
    return base


def test_both_org_rules_fire_through_the_installed_plugin(plugin_path: Path, repo: Path) -> None:
    proc = run_cli(plugin_path, repo, "review", "--base", "HEAD~1", "--format", "json", "--llm", "off", "--fail-on", "never")
    assert proc.returncode == 0, proc.stderr
    findings = {f["rule"]: f for f in json.loads(proc.stdout)["findings"]}
    naming = findings["acme-topic-naming"]
    assert "NewOrders" in naming["title"] and naming["severity"] == "low"
    assert naming["citations"][0]["path"] == "checkout/app.py"
    pii = findings["acme-pii-doc"]
    assert "email" in pii["title"] and pii["severity"] == "medium"
    assert pii["citations"][0]["path"] == "schemas/customer.avsc" and "email" in pii["citations"][0]["snippet"]


def test_the_plugin_format_and_the_sarif_rule_metadata(plugin_path: Path, repo: Path) -> None:
    proc = run_cli(plugin_path, repo, "review", "--base", "HEAD~1", "--format", "acme-tsv", "--llm", "off")
    lines = proc.stdout.splitlines()
    assert lines[0].split("\t")[:3] == ["id", "severity", "rule"]
    assert any("\tacme-pii-doc\tschemas/customer.avsc\t" in line for line in lines[1:])
    sarif = json.loads(run_cli(plugin_path, repo, "review", "--base", "HEAD~1", "--format", "sarif", "--llm", "off").stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["acme-topic-naming"]["fullDescription"]["text"].startswith("A new topic whose name")


def test_an_unknown_format_is_a_one_line_usage_error(plugin_path: Path, repo: Path) -> None:
    proc = run_cli(plugin_path, repo, "review", "--base", "HEAD~1", "--format", "nope", "--llm", "off")
    assert proc.returncode == 2
    assert "unknown format 'nope'" in proc.stderr and "acme-tsv" in proc.stderr and "Traceback" not in proc.stderr


def test_without_the_plugin_none_of_its_rules_run(repo: Path, tmp_path: Path) -> None:
    proc = run_cli(tmp_path, repo, "review", "--base", "HEAD~1", "--format", "json", "--llm", "off", "--fail-on", "never")
    assert proc.returncode == 0, proc.stderr
    assert not [f for f in json.loads(proc.stdout)["findings"] if f["rule"].startswith("acme-")]


WRAPPER = """import {{ AcmePublisher }} from "@acme/streams";

const publisher = new AcmePublisher({{ acks: {acks} }});

export async function invoiceIssued(invoice: {{ id: string }}): Promise<void> {{
  await publisher.publish("{topic}", invoice, {{ key: invoice.id }});
}}
"""


@pytest.fixture
def wrapper_repo(make_repo) -> Path:
    """A TypeScript service that talks to Kafka only through ACME's in-house wrapper."""
    base = make_repo({
        "billing/package.json": '{"name": "billing", "dependencies": {"@acme/streams": "^2.0.0"}}\n',
        "billing/src/invoices.ts": WRAPPER.format(acks='"all"', topic="billing.invoice.v1"),
    })  # fmt: skip
    commit(base, {"billing/src/invoices.ts": WRAPPER.format(acks="1", topic="InvoiceIssued")})
    return base


def test_the_in_house_wrapper_from_the_plugin_catalogue_is_read_like_a_known_client(
    plugin_path: Path, wrapper_repo: Path, tmp_path: Path
) -> None:
    graph = json.loads(run_cli(plugin_path, wrapper_repo, "graph", "--format", "json").stdout)
    edges = {(e["source"], e["target"], e["kind"]): e["evidence"] for e in graph["edges"]}
    assert edges == {("service:billing", "topic:InvoiceIssued", "produces"): [{"path": "billing/src/invoices.ts", "line": 6}]}
    proc = run_cli(plugin_path, wrapper_repo, "review", "--base", "HEAD~1", "--format", "json", "--llm", "off", "--fail-on", "never")
    assert proc.returncode == 0, proc.stderr
    findings = {f["rule"]: f for f in json.loads(proc.stdout)["findings"]}
    # the wrapper's settings and defaults are the library entry's: acks lowered from all to 1
    weakened = findings["delivery-weakened"]
    assert "weakened from all to 1" in weakened["title"]
    assert weakened["citations"][0]["path"] == "billing/src/invoices.ts"
    # the plugin's own rule sees the topic the wrapper publishes to
    assert "InvoiceIssued" in findings["acme-topic-naming"]["title"]
    # without the plugin, the wrapper is nothing the scan knows
    bare = json.loads(run_cli(tmp_path, wrapper_repo, "graph", "--format", "json").stdout)
    assert bare["edges"] == []


def test_the_ai_reviewer_is_told_about_the_plugin_rules(plugin_path: Path, tmp_path: Path) -> None:
    code = "from copilot.review.llm_context import system_prompt; print(system_prompt().text)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin_path), str(PROJECT)])}
    with_plugin = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert "  acme-topic-naming (A new topic whose name" in with_plugin
    assert with_plugin.index("  config-trust (") < with_plugin.index("  acme-topic-naming (") < with_plugin.index("or `other`")
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(PROJECT)])
    bare = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert "acme-" not in bare and "  config-trust (" in bare
