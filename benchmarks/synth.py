"""Generate a synthetic monorepo: N services, most files unrelated to Kafka.

    python benchmarks/synth.py OUT_DIR --files 10000 [--services 100]

The shape follows the dev-set repositories (`scan_bench.py` prints it): ordinary source files of a few KB
(their mean size there is 1-8 KB), and about 5% of the files scan candidates, most of which are
not Kafka clients (jaeger has 3% candidates, quarkus-quickstarts 8%; in both most candidates hold
no endpoint).  Each service (Python, Java or Go in turn) has a build manifest, a README, a config
file with its Kafka settings, a producer and a consumer set in ordinary business code, every fifth
service an Avro schema, and many ordinary files: one in eight is not code (docs, scripts, SQL,
templates: 11-15% of the files in snuba and jaeger), and one code file in fifty mentions a
candidate marker in passing (a "topic" in a docstring, a `Function<...>` lambda, a "bootstrap"
comment), as real code does.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
from pathlib import Path

PY_PRODUCER = '''from confluent_kafka import Producer

TOPIC = "{topic}"


def publish(producer: Producer, key: str, value: bytes) -> None:
    producer.produce(TOPIC, key=key, value=value, on_delivery=lambda e, m: None)
    producer.flush()


def build() -> Producer:
    return Producer({{"bootstrap.servers": "kafka:9092", "acks": "all"}})
'''

PY_CONSUMER = '''from confluent_kafka import Consumer


def run() -> None:
    consumer = Consumer({{"bootstrap.servers": "kafka:9092", "group.id": "{group}", "enable.auto.commit": False}})
    consumer.subscribe(["{topic}"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        handle(msg.value())
        consumer.commit(msg)


def handle(value: bytes) -> None:
    print(len(value))
'''

JAVA_LISTENER = '''package com.acme.{pkg};

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class Listener{n} {{
    @KafkaListener(topics = "{topic}", groupId = "{group}")
    public void on(String value) {{
        process(value);
    }}

    private void process(String value) {{
        System.out.println(value.length());
    }}
{body}}}
'''

GO_WRITER = '''package main

import "github.com/segmentio/kafka-go"

func newWriter() *kafka.Writer {{
	w := &kafka.Writer{{Addr: kafka.TCP("kafka:9092"), Topic: "{topic}", RequiredAcks: kafka.RequireAll}}
	_ = w.WriteMessages(nil, kafka.Message{{Value: []byte("ready")}})
	return w
}}
'''

PY_UNIT = '''

def {name}_{k}(values: list[int], limit: int = {k}) -> int:
    """Sum the doubled values above the limit ({svc}, part {k})."""
    total = 0
    for v in values:
        if v > limit and v % {m} != 0:
            total += v * 2
    return total
'''

PY_HEAD = '''"""Module {n} of {svc}: ordinary business code."""

from dataclasses import dataclass


@dataclass
class Item{n}:
    name: str
    price: int

    def total(self, qty: int) -> int:
        return self.price * qty
'''

JAVA_UNIT = '''
    public static int {name}{k}(int x, int y) {{
        int acc = x * {k};
        for (int i = 0; i < y; i++) {{
            acc += i % {m};
        }}
        return acc;
    }}
'''

JAVA_CLASS = '''package com.acme.{pkg};

public class Util{n} {{
{body}}}
'''

GO_UNIT = '''
func {name}{k}(values []int, limit int) int {{
	total := 0
	for _, v := range values {{
		if v > limit+{k} && v%{m} != 0 {{
			total += v * 2
		}}
	}}
	return total
}}
'''

# ordinary code that matches a candidate marker without being a client (a scan parses it, finds nothing)
NOISE = {
    "py": '\n\ndef describe_{n}() -> str:\n    """The topic of this report, shown as its title."""\n    return "report {n}"\n',
    "java": "\n    static java.util.function.Function<Integer, Integer> step{n} = (x) -> x + {n};\n",
    "go": "\n// bootstrap the cache before the first request ({n})\nfunc warm{n}() int {{ return {n} }}\n",
}

CONFIG = {
    "py": (".env", "KAFKA_BOOTSTRAP_SERVERS=kafka:9092\nKAFKA_GROUP_ID={svc}\nLOG_LEVEL=info\n"),
    "java": (
        "src/main/resources/application.yml",
        "spring:\n  application:\n    name: {svc}\n  kafka:\n    bootstrap-servers: kafka:9092\n"
        "    consumer:\n      group-id: {svc}\n      auto-offset-reset: earliest\n    producer:\n      acks: all\n",
    ),
    "go": ("config.yaml", "kafka:\n  brokers: [\"kafka:9092\"]\n  group: {svc}\nhttp:\n  port: 8080\n"),
}

SCHEMA = '''{{
  "type": "record",
  "name": "Event{s}",
  "namespace": "com.acme.{svc}",
  "fields": [
    {{"name": "id", "type": "string"}},
    {{"name": "amount_cents", "type": "long"}},
    {{"name": "note", "type": ["null", "string"], "default": null}}
  ]
}}
'''

README = "# {svc}\n\nOwns part of the order flow. Build with the usual tooling; see the runbook.\n"


def _units(template: str, rnd: random.Random, name: str, svc: str) -> str:
    """Between 4 and 36 functions (a file of about 1-8 KB, 4 KB on average)."""
    return "".join(template.format(name=name, k=k, m=rnd.randint(2, 97), svc=svc) for k in range(rnd.randint(4, 36)))


DOC_LINE = "Step {k}: the service reads its input, checks the totals against limit {m} and writes a summary.\n"
OTHER = {  # what repositories hold besides code: docs, scripts, SQL, templates (no front-end reads them)
    "md": "# Notes {n}\n\n",
    "sh": "#!/bin/sh\nset -eu\n",
    "sql": "-- migration {n}\n",
    "html": "<!doctype html>\n<title>page {n}</title>\n",
}


def _other(svc: str, n: int, rnd: random.Random) -> tuple[str, str]:
    """(relative path, text) of a file that is not code: a doc, a script, SQL, a template."""
    ext = sorted(OTHER)[n % len(OTHER)]
    lines = "".join(DOC_LINE.format(k=k, m=rnd.randint(2, 97)) for k in range(rnd.randint(10, 60)))
    return f"docs/d{n // 50}/note{n}.{ext}", OTHER[ext].format(n=n) + lines


def _ordinary(lang: str, svc: str, n: int, rnd: random.Random) -> tuple[str, str]:
    """(relative path, text) of an ordinary file: one in eight is not code; one code file in fifty
    mentions a candidate marker."""
    if n % 8 == 7:
        return _other(svc, n, rnd)
    noise = NOISE[lang].format(n=n) if n % 50 == 49 else ""
    if lang == "java":
        body = _units(JAVA_UNIT, rnd, f"twice{n}_", svc) + noise
        return f"src/main/java/com/acme/{svc}/util/Util{n}.java", JAVA_CLASS.format(pkg=svc + ".util", n=n, body=body)
    if lang == "go":
        return f"internal/m{n // 50}/file{n}.go", f"package m{n // 50}\n" + _units(GO_UNIT, rnd, f"sum{n}_", svc) + noise
    return f"pkg/m{n // 50}/mod{n}.py", PY_HEAD.format(n=n, svc=svc) + _units(PY_UNIT, rnd, f"helper_{n}", svc) + noise


def generate(out: Path, files: int, services: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    topics = [f"topic-{i}" for i in range(services * 2)]
    written = 0
    per_service = max(1, files // services)

    def write(rel: str, text: str) -> None:
        nonlocal written
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written += 1

    for s in range(services):
        svc = f"svc{s:04d}"
        lang = ("py", "java", "go")[s % 3]
        manifest = {"py": "pyproject.toml", "java": "pom.xml", "go": "go.mod"}[lang]
        write(f"{svc}/{manifest}", f"# {svc}\n")
        write(f"{svc}/README.md", README.format(svc=svc))
        cfg_path, cfg = CONFIG[lang]
        write(f"{svc}/{cfg_path}", cfg.format(svc=svc))
        t_out, t_in = topics[(2 * s) % len(topics)], topics[(2 * s - 1) % len(topics)]
        if lang == "py":
            write(f"{svc}/producer.py", PY_PRODUCER.format(topic=t_out) + _units(PY_UNIT, rnd, "prepare", svc))
            write(f"{svc}/consumer.py", PY_CONSUMER.format(topic=t_in, group=svc) + _units(PY_UNIT, rnd, "apply", svc))
        elif lang == "java":
            d = f"{svc}/src/main/java/com/acme/{svc}"
            for n, (topic, group) in enumerate(((t_in, svc), (t_out, svc + "-b"))):
                body = _units(JAVA_UNIT, rnd, "rule", svc)
                write(f"{d}/Listener{n}.java", JAVA_LISTENER.format(pkg=svc, n=n, topic=topic, group=group, body=body))
        else:
            write(f"{svc}/writer.go", GO_WRITER.format(topic=t_out) + _units(GO_UNIT, rnd, "encode", svc))
            write(f"{svc}/reader.go", GO_WRITER.format(topic=t_in) + _units(GO_UNIT, rnd, "decode", svc))
        if s % 5 == 0:
            write(f"{svc}/schemas/event{s}.avsc", SCHEMA.format(s=s, svc=svc))
        n = 0
        while written < (s + 1) * per_service and written < files:
            rel, text = _ordinary(lang, svc, n, rnd)
            write(f"{svc}/{rel}", text)
            n += 1
        if written >= files:
            break
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@x", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@x"}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=out, check=True)
    subprocess.run(["git", "add", "-A"], cwd=out, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "synthetic monorepo"], cwd=out, check=True, env=env)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--services", type=int, default=100)
    args = ap.parse_args()
    generate(args.out, args.files, args.services)
    print(f"generated {args.out}")


if __name__ == "__main__":
    main()
