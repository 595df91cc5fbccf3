"""OpenTelemetry Collector `kafka` exporters and receivers as producers and consumers."""

from __future__ import annotations

from copilot.review.engine import review_change
from copilot.scan.repo import scan
from tests.conftest import commit

GATEWAY = """receivers:
  otlp:
    protocols:
      grpc:
exporters:
  kafka:
    brokers: ["${env:KAFKA_BROKER:-localhost:9092}"]
    traces:
      topic: ${env:SPANS_TOPIC:-otel-spans}
      encoding: otlp_proto
    logs:
      topic: ${LOGS_TOPIC}
    producer:
      required_acks: -1
  kafka/unused:
    topic: never-used
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [kafka]
    logs:
      receivers: [otlp]
      exporters: [kafka]
    metrics:
      receivers: [otlp]
      exporters: [kafka]
"""

INGESTER = """receivers:
  kafka:
    brokers: [kafka:9092]
    traces:
      topics:
        - ${env:SPANS_TOPIC:-otel-spans}
    group_id: ingester
    initial_offset: earliest
exporters:
  debug:
service:
  pipelines:
    traces/in:
      receivers: [kafka]
      exporters: [debug]
"""


def _repo(make_repo):
    return make_repo({"gateway/Dockerfile": "FROM otel/opentelemetry-collector-contrib\n", "gateway/otelcol.yaml": GATEWAY, "ingester/config.yaml": INGESTER})


def _eps(result):
    return {(e.service, e.role, e.topic_name): e for e in result.endpoints}


def test_exporter_and_receiver_meet_on_the_env_default(make_repo):
    result = scan(_repo(make_repo), "HEAD", use_cache=False)
    eps = _eps(result)
    pub = eps[("gateway", "produce", "otel-spans")]
    assert (pub.loc.path, pub.loc.line, pub.ep.library) == ("gateway/otelcol.yaml", 9, "otelcol-kafka")
    assert pub.topic.origin == "env-default" and pub.topic.pending.key == "SPANS_TOPIC"
    assert pub.setting("value.format") == "otlp_proto" and pub.setting("acks") == "all"
    sub = eps[("ingester", "consume", "otel-spans")]
    assert (sub.loc.path, sub.loc.line) == ("ingester/config.yaml", 6)
    assert (sub.setting("group.id"), sub.setting("auto.offset.reset")) == ("ingester", "earliest")
    edges = {(e["source"], e["target"], e["kind"]) for e in result.graph.to_json()["edges"]}
    assert ("service:gateway", "topic:otel-spans", "produces") in edges
    assert ("topic:otel-spans", "service:ingester", "consumes") in edges


def test_default_topic_unset_env_and_unused_components(make_repo):
    eps = _eps(scan(_repo(make_repo), "HEAD", use_cache=False))
    metrics = eps[("gateway", "produce", "otlp_metrics")]  # the Collector's default for the metrics signal
    assert metrics.loc.line == 6
    logs = eps[("gateway", "produce", "<${LOGS_TOPIC}>")]  # no default, not set by the deployment
    assert logs.topic.name is None
    assert not any(t == "never-used" for _s, _r, t in eps)  # kafka/unused is in no pipeline


def test_deployment_env_sets_the_topic(make_repo):
    repo = _repo(make_repo)
    commit(repo, {"gateway/.env": "LOGS_TOPIC=otel-logs\n"})
    eps = _eps(scan(repo, "HEAD", use_cache=False))
    assert eps[("gateway", "produce", "otel-logs")].topic.via[-1].path == "gateway/.env"


def test_config_fragment_without_a_service_section(make_repo):
    repo = make_repo({"c/receiver.yaml": "receivers:\n  kafka:\n    logs:\n      topic: app-logs\n    group_id: ${env:GROUP:-logs}\n"})
    [ep] = scan(repo, "HEAD", use_cache=False).endpoints
    assert (ep.role, ep.topic_name, ep.setting("group.id"), ep.loc.line) == ("consume", "app-logs", "logs", 4)


def test_a_changed_initial_offset_is_a_finding(make_repo):
    repo = _repo(make_repo)
    commit(repo, {"ingester/config.yaml": INGESTER.replace("initial_offset: earliest", "initial_offset: latest")})
    review = review_change(repo, "HEAD~1", "HEAD")
    [f] = [f for f in review.findings if f.rule == "offset-reset-change"]
    assert any(c.path == "ingester/config.yaml" and c.start_line == 8 for c in f.citations)


def test_library_defaults_come_from_the_catalogue(make_repo):
    from copilot.rules.client_defaults import default_for

    result = scan(_repo(make_repo), "HEAD", use_cache=False)
    sub = next(e for e in result.endpoints if e.role == "consume")
    assert default_for(sub, "enable.auto.commit") == "true"


def test_topic_built_from_several_env_references(make_repo):
    repo = make_repo({
        "c/otel.yaml": (
            "exporters:\n"
            "  kafka:\n"
            "    logs:\n"
            "      topic: ${env:TENANT:-acme}.${LOG_STREAM:-app}-logs\n"
            "service:\n"
            "  pipelines:\n"
            "    logs:\n"
            "      exporters: [kafka]\n"
        ),
        "c/.env": "LOG_STREAM=audit\n",
    })
    [ep] = scan(repo, "HEAD", use_cache=False).endpoints
    assert ep.topic_name == "acme.audit-logs"  # TENANT's default, LOG_STREAM from the deployment's env
    assert ep.topic.via[-1].path == "c/.env"
