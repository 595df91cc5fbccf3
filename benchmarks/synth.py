"""Generate a synthetic monorepo: N services, most files unrelated to Kafka.

    python benchmarks/synth.py OUT_DIR --files 10000 [--services 100]

Each service has a manifest, a handful of Kafka producers/consumers (Python, Java, Go mixed),
and many ordinary source files.  About 3% of the files mention Kafka at all.
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
}}
'''

GO_WRITER = '''package main

import "github.com/segmentio/kafka-go"

func newWriter() *kafka.Writer {{
	return &kafka.Writer{{Addr: kafka.TCP("kafka:9092"), Topic: "{topic}", RequiredAcks: kafka.RequireAll}}
}}
'''

PLAIN_PY = '''"""Module {n} of {svc}: ordinary business code."""

from dataclasses import dataclass


@dataclass
class Item{n}:
    name: str
    price: int

    def total(self, qty: int) -> int:
        return self.price * qty


def helper_{n}(values: list[int]) -> int:
    return sum(v * 2 for v in values if v > {n})
'''

PLAIN_JAVA = '''package com.acme.{pkg};

public class Util{n} {{
    public static int twice(int x) {{
        return x * 2 + {n};
    }}
}}
'''


def generate(out: Path, files: int, services: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    topics = [f"topic-{i}" for i in range(services * 2)]
    written = 0
    per_service = max(1, files // services)
    for s in range(services):
        svc = f"svc{s:04d}"
        lang = ("py", "java", "go")[s % 3]
        base = out / svc
        base.mkdir(exist_ok=True)
        manifest = {"py": "pyproject.toml", "java": "pom.xml", "go": "go.mod"}[lang]
        (base / manifest).write_text(f"# {svc}\n")
        written += 1
        t_out, t_in = topics[(2 * s) % len(topics)], topics[(2 * s - 1) % len(topics)]
        if lang == "py":
            (base / "producer.py").write_text(PY_PRODUCER.format(topic=t_out))
            (base / "consumer.py").write_text(PY_CONSUMER.format(topic=t_in, group=svc))
        elif lang == "java":
            d = base / "src/main/java/com/acme" / svc
            d.mkdir(parents=True, exist_ok=True)
            (d / "Listener0.java").write_text(JAVA_LISTENER.format(pkg=svc, n=0, topic=t_in, group=svc))
            (d / "Listener1.java").write_text(JAVA_LISTENER.format(pkg=svc, n=1, topic=t_out, group=svc + "-b"))
        else:
            (base / "writer.go").write_text(GO_WRITER.format(topic=t_out))
            (base / "reader.go").write_text(GO_WRITER.format(topic=t_in))
        written += 2
        for n in range(per_service - 3):
            if lang == "java":
                d = base / "src/main/java/com/acme" / svc / "util"
                d.mkdir(parents=True, exist_ok=True)
                (d / f"Util{n}.java").write_text(PLAIN_JAVA.format(pkg=svc + ".util", n=n))
            else:
                d = base / "pkg" / f"m{n // 50}"
                d.mkdir(parents=True, exist_ok=True)
                (d / f"mod{n}.py").write_text(PLAIN_PY.format(n=n, svc=svc))
            written += 1
            if written >= files:
                break
        if written >= files:
            break
    rnd.shuffle(topics)
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
