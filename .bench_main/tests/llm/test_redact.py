"""Secrets never leave the machine; what they are for stays readable."""

from __future__ import annotations

import pytest

from copilot.review.redact import MARK, redact

CASES = [
    ("password=hunter2", "password=[REDACTED]", "hunter2"),
    ("spring.datasource.password: s3cret", "spring.datasource.password: [REDACTED]", "s3cret"),
    ("ssl.key.password=changeit", "ssl.key.password=[REDACTED]", "changeit"),
    ("ssl.truststore.password = trust-me", "ssl.truststore.password = [REDACTED]", "trust-me"),
    ("sasl.username=svc-user", "sasl.username=[REDACTED]", "svc-user"),
    (
        'sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p4ss";',
        "sasl.jaas.config=[REDACTED]",
        "p4ss",
    ),
    (
        'props.put("sasl.jaas.config", "...ScramLoginModule required username=\\"u\\" password=\\"p4ss\\";");',
        'props.put("sasl.jaas.config", "[REDACTED]");',
        "p4ss",
    ),
    (
        'KafkaClient { PlainLoginModule required username="u" password="jaas-pw"; };',
        'KafkaClient { PlainLoginModule required username="u" password="[REDACTED]"; };',
        "jaas-pw",
    ),
    ("KAFKA_SASL_PASSWORD=envpw", "KAFKA_SASL_PASSWORD=[REDACTED]", "envpw"),
    ("export API_KEY=abc123xyz", "export API_KEY=[REDACTED]", "abc123xyz"),
    ("client.secret: abc", "client.secret: [REDACTED]", "abc"),
    ("oauth.client.secret.value=abc", "oauth.client.secret.value=[REDACTED]", "abc"),
    ('{"password": "jsonpw", "user": "bob"}', '{"password": "[REDACTED]", "user": "bob"}', "jsonpw"),
    ("config['api_key'] = 'k-1234'", "config['api_key'] = '[REDACTED]'", "k-1234"),
    ('sasl_plain_password="pypw",', 'sasl_plain_password="[REDACTED]",', "pypw"),
    ('password := "gopw"', 'password := "[REDACTED]"', "gopw"),
    (
        "DATABASE_URL=postgres://orders:pgpass@db:5432/orders",
        "DATABASE_URL=postgres://orders:[REDACTED]@db:5432/orders",
        "pgpass",
    ),
    (
        'url = "mongodb+srv://app:mongo-pw@cluster0.example.net/db"',
        'url = "mongodb+srv://app:[REDACTED]@cluster0.example.net/db"',
        "mongo-pw",
    ),
    ("redis://:only-pw@cache:6379", "redis://:[REDACTED]@cache:6379", "only-pw"),
    (
        "jdbc:postgresql://db/x?user=a&password=qpw",
        "jdbc:postgresql://db/x?user=a&password=[REDACTED]",
        "qpw",
    ),
    ("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws_access_key_id = [REDACTED]", "AKIAIOSFODNN7EXAMPLE"),
    ("key: AKIAIOSFODNN7EXAMPLE", "key: [REDACTED]", "AKIAIOSFODNN7EXAMPLE"),
    (
        "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "aws_secret_access_key=[REDACTED]",
        "wJalrXUtnFEMI",
    ),
    (
        'headers = {"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9abcdef"}',
        'headers = {"Authorization": "Bearer [REDACTED]"}',
        "eyJhbGciOiJIUzI1NiJ9",
    ),
    (
        "curl -H 'Authorization: Basic dXNlcjpwYXNzd29yZA=='",
        "curl -H 'Authorization: Basic [REDACTED]'",
        "dXNlcjpwYXNzd29yZA",
    ),
    ("OPENAI = sk-proj-abcdefghijklmnopqrstuvwxyz012345", "OPENAI = [REDACTED]", "abcdefghijklmnop"),
    ("gh = ghp_abcdefghijklmnopqrstuvwxyz0123456789", "gh = [REDACTED]", "ghp_abc"),
    ("basic.auth.user.info=user:pw", "basic.auth.user.info=[REDACTED]", "user:pw"),
]


@pytest.mark.parametrize(("text", "expected", "secret"), CASES, ids=[c[0][:40] for c in CASES])
def test_secret_is_redacted(text: str, expected: str, secret: str) -> None:
    out, count = redact(text)
    assert out == expected
    assert secret not in out and count >= 1


KEPT = [
    "group.id=fraud-scorer",
    "acks=all",
    "auto.offset.reset=earliest",
    'consumer.subscribe(["orders"])',
    "password = os.environ['KAFKA_PASSWORD']",
    "token = consumer.poll(1.0)",
    "ssl.truststore.password=${TRUSTSTORE_PASSWORD}",
    "sasl.password: $SASL_PASSWORD",
    "This uses basic authentication and a bearer token.",
    "max_tokens = 512",
    "password=",
    "bootstrap.servers=kafka:9092",
    # key names and non-secret Kafka settings stay (issue 9: `"[REDACTED]": "PLAIN"` was the bug)
    "sasl.mechanism=PLAIN",
    '{"sasl.mechanism": "PLAIN", "security.protocol": "SASL_SSL"}',
    'conf = {"sasl.password": os.environ["SASL_PASSWORD"], "sasl.mechanism": "PLAIN"}',
    'props.put("sasl.mechanism", "PLAIN");',
    "connect(user, password=args.password)",
    "bypass_cache=true",
    "secretKeyRef: $SECRET_NAME",
    "basic.auth.credentials.source=USER_INFO",
]


@pytest.mark.parametrize("text", KEPT)
def test_non_secrets_and_references_are_kept(text: str) -> None:
    assert redact(text) == (text, 0)


def test_private_key_block_keeps_its_line_count() -> None:
    text = (
        "ssl:\n  key: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEpAIBAAKCAQEA1\n    abcdef\n"
        "    -----END RSA PRIVATE KEY-----\nnext: 1\n"
    )
    out, count = redact(text)
    assert "MIIEpAIBAAKCAQEA1" not in out and "abcdef" not in out and count == 1
    assert out.count("\n") == text.count("\n")
    assert out.splitlines()[-1] == "next: 1"
    assert MARK in out and "-----END RSA PRIVATE KEY-----" in out


def test_counts_every_secret() -> None:
    text = "password=a1\nsecret=b2\nurl=postgres://u:c3@h/db\n"
    out, count = redact(text)
    assert count == 3 and out.count(MARK) == 3
    assert out.count("\n") == text.count("\n")
