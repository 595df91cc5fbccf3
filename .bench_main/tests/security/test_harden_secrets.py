"""Issue 9 item 5: no secret of a realistic corpus reaches the LLM; key names stay readable.

A real review (`pipeline-copilot review --llm openai`) of a commit that adds the corpus of
`harden_secret_corpus` (Kafka properties, Spring YAML with block scalars and PEM/PGP blocks, a
.env, Python and Go-style code, deploy commands) to a pipeline service, answered by the
loopback OpenAI server.  Every request body is searched for every secret.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from copilot.secrets import MARK, redact, redact_value
from tests.conftest import commit, git
from tests.llm.loopback import LoopbackServer, answer
from tests.security import harden_secret_corpus as corpus
from tests.security.harden_support import loopback_env, run_in

APP = '''"""Checkout: publishes orders."""
import os

from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": os.environ["KAFKA_BOOTSTRAP"], "acks": "all"})


def publish(order: bytes) -> None:
    producer.produce("orders", value=order)
    producer.flush()
'''


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackServer]:
    yield from loopback_env(monkeypatch)


def _leaks(text: str, secrets: dict[str, str]) -> list[str]:
    """Labels of secrets whose value, or a recognisable head or tail of it, is in `text`."""
    return [
        label
        for label, value in secrets.items()
        if value in text or value[:10] in text or value[-10:] in text
    ]


def test_corpus_is_large_and_real_shaped() -> None:
    built = corpus.build()
    assert len(built.secrets) >= 40
    assert len(set(built.secrets.values())) == len(built.secrets)
    # the same seed builds the same corpus, so a failure names a reproducible secret
    assert corpus.build.__module__ and built.secrets.keys() == corpus.build().secrets.keys()


def test_every_secret_is_redacted_and_keys_are_kept() -> None:
    built = corpus.build()
    for path, text in built.files.items():
        out, count = redact(text)
        assert out.count("\n") == text.count("\n"), path  # citations keep their line numbers
        assert count >= 1, path
        for kept in corpus.KEPT.get(path, []):
            assert kept in out, (path, kept)
        assert '"[REDACTED]": "PLAIN"' not in out and "[REDACTED]: PLAIN" not in out
    joined = "\n".join(redact(t)[0] for t in built.files.values())
    assert _leaks(joined, built.secrets) == []


def test_settings_redaction_keeps_the_key_and_non_secret_values() -> None:
    assert redact_value("sasl.mechanism", "PLAIN") == "PLAIN"
    assert redact_value("spring.kafka.properties.sasl.jaas.config", "x required password='y';") == MARK
    assert redact_value("KAFKA_SASL_PASSWORD", "hunter2") == MARK
    assert redact_value("KAFKA_SASL_PASSWORD", "${SASL_PASSWORD}") == "${SASL_PASSWORD}"
    assert (
        redact_value("bootstrap.servers", "SASL_SSL://svc:pw-1234@broker:9093")
        == f"SASL_SSL://svc:{MARK}@broker:9093"
    )


def test_no_secret_of_the_corpus_reaches_the_model(
    make_repo: Any, loopback: LoopbackServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIPELINE_COPILOT_LLM_CONTEXT_TOKENS", "30000")  # room for every file, whole
    built = corpus.build()
    repo = make_repo({"checkout/pyproject.toml": '[project]\nname = "checkout"\n', "checkout/app.py": APP})
    base = git(repo, "rev-parse", "HEAD").strip()
    commit(repo, dict(built.files), "settings for the checkout producer")
    loopback.script(answer({"findings": []}))

    code, out, err = run_in(
        repo, capsys, "review", "--base", base, "--llm", "openai", "--format", "json", "--fail-on", "never"
    )
    assert code == 0, err
    assert len(loopback.requests) == 1
    body = json.dumps(loopback.requests[0].body)
    text = loopback.requests[0].text()
    # the files were really sent (redacted), so the absence of secrets means something
    for path in built.files:
        assert f"### {path}" in text, path
    assert text.count(MARK) >= len(built.secrets) - 4  # PEM/PGP bodies and a few lines hold several
    assert _leaks(body, built.secrets) == []
    assert _leaks(out + err, built.secrets) == []
    # what the secrets were for stays readable
    assert "sasl.mechanism=PLAIN" in text and "sasl.mechanism: PLAIN" in text
    assert '"sasl.password": os.environ["SASL_PASSWORD"], "sasl.mechanism": "PLAIN"' in text
    assert f'"{MARK}": "PLAIN"' not in text
    assert json.loads(out)["llm"]["redactions"] >= len(built.secrets) - 4


def test_reports_never_quote_a_secret_on_a_cited_line(
    make_repo: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rule finding cites the changed line; the text, JSON, Markdown and SARIF reports quote it redacted."""
    from tests.review.helpers import BASE, PRODUCER

    secret = corpus.word_secret(16)
    risky = PRODUCER.replace('"acks": "all"', f'"acks": "1", "sasl.password": "{secret}"')
    assert risky != PRODUCER
    repo = make_repo(BASE)
    base = git(repo, "rev-parse", "HEAD").strip()
    commit(repo, {"checkout/app.py": risky}, "faster sends")
    outputs = []
    for fmt in ("json", "markdown", "sarif", "text"):
        code, out, err = run_in(
            repo, capsys, "review", "--base", base, "--llm", "off", "--format", fmt, "--fail-on", "low"
        )
        assert code == 1, err  # acks lowered: a finding citing the line
        outputs.append(out + err)
    cited = [
        c
        for f in json.loads(outputs[0])["findings"]
        for c in f["citations"]
        if "sasl.password" in c["snippet"]
    ]
    assert cited and all(f'"sasl.password": "{MARK}"' in c["snippet"] for c in cited)
    assert all(secret not in out and secret[:10] not in out for out in outputs)
