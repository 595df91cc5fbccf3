"""Hostile-input benchmark (issue 9, item 7): how long and how much memory each attack costs now.

    python benchmarks/hostile_bench.py [--producers 1000 5000] [--fields 1000 10000]

Prints, for each input: seconds (best of --repeat) and the process's peak RSS so far.
- YAML: the 15-line alias bomb composed and refused (`config_yaml.compose_documents`);
- Python: one module with N producers (4 lines each) through the Python extractor (awaits_ack);
- Java: one method with N sends through the JVM extractor (awaits_ack);
- Go: one function with N sarama messages, each sent (the send lookup);
- Avro: a record of N fields changed (every other field narrowed): `diff_schemas` and the
  registry verdict (`compatibility.check`);
- redaction: `copilot.secrets.redact` over a 1 MiB config file.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from copilot.scan.extractors import config_yaml  # noqa: E402
from copilot.scan.extractors.jvm import extract as extract_jvm  # noqa: E402
from copilot.scan.extractors.python import extract  # noqa: E402
from copilot.schema.diff import diff_schemas  # noqa: E402
from copilot.secrets import redact  # noqa: E402
from tests.lang.helpers import go_scan  # noqa: E402
from tests.security import harden_hostile_inputs as hostile  # noqa: E402


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, repeat: int, fn: Callable[[], str]) -> None:
    best, note = float("inf"), ""
    for _ in range(repeat):
        start = time.perf_counter()
        note = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best:8.3f} s   peak RSS {peak_mib():7.1f} MiB   {note}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--producers", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--fields", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    def bomb() -> str:
        warnings: list[str] = []
        docs = config_yaml.compose_documents(hostile.alias_bomb(), "application.yml", warnings)
        return f"{len(docs)} documents kept, {len(warnings)} warning(s)"

    timed("YAML alias bomb (9 levels x 9 aliases, 15 lines)", args.repeat, bomb)

    for n in args.producers:
        source = hostile.many_producers(n).encode()

        def scan(source: bytes = source) -> str:
            facts = extract("svc/app.py", source)
            return f"{len(facts.endpoints)} endpoints"

        lines = source.count(b"\n")
        timed(f"Python: {n} producers, {lines} lines", args.repeat, scan)

        java = hostile.many_java_sends(n // 2).encode()

        def scan_java(java: bytes = java) -> str:
            return f"{len(extract_jvm('sender/Sender.java', java).endpoints)} endpoints"

        timed(f"Java: {n} sends in one method", args.repeat, scan_java)
        go = hostile.many_go_sends(n).encode()

        def scan_go(go: bytes = go) -> str:
            return f"{len(go_scan({'payments/main.go': go}, 'payments/main.go').endpoints)} endpoints"

        timed(f"Go: {n} sarama messages in one function", args.repeat, scan_go)

    from copilot.schema.compatibility import check

    for n in args.fields:
        old, new = hostile.wide_record_text(n), hostile.wide_record_text(n, changed=True)

        def diff(old: str = old, new: str = new) -> str:
            return f"{len(diff_schemas(old, new))} changes"

        def verdict(old: str = old, new: str = new) -> str:
            result = check(new, [old], "BACKWARD")
            return f"compatible={result.compatible}, {len(result.problems)} problems"

        timed(f"Avro: diff of a {n}-field record", args.repeat, diff)
        timed(f"Avro: BACKWARD verdict for a {n}-field record", args.repeat, verdict)

    text = ("sasl.mechanism=PLAIN\nsasl.password=hunter2-x\nurl=SASL_SSL://u:p4ss@b:9093\n" * 16000)[
        : 1 << 20
    ]

    def redaction() -> str:
        return f"{redact(text)[1]} values redacted"

    timed(f"redact {len(text) >> 10} KiB of Kafka properties", args.repeat, redaction)


if __name__ == "__main__":
    main()
