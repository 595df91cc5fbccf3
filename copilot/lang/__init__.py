"""Language front-ends, the language-neutral IR and the one value-flow evaluator.

A front-end (`copilot.lang.protocol.FrontEnd`) lowers a file into `copilot.lang.ir.Module`;
`copilot.lang.evaluate.Program` resolves expressions over every lowered file; the client-library
catalogue (`copilot.libraries`) says which calls produce and consume.  C#, TypeScript,
JavaScript, Python, Go, Java and Kotlin are read this way.  Python's sentry-arroyo endpoints come
only from its catalogue entry; its handlers, field reads, schemas and the endpoints of
confluent-kafka, kafka-python, aiokafka, faust and pulsar still come from its extractor, run next to
the lowering (those libraries' catalogue entries resolve the topics it leaves open and are tested to
stand alone, see docs/architecture.md for what they still lack); Go's handlers, field reads and
observability from `copilot.lang.go_code`, read from the same tree; Java's and Kotlin's
observability from `copilot.lang.jvm_observe`, read from the lowering; their handlers, field reads,
inline schemas, exported constants and file-level settings still come from the former JVM extractor
(`copilot.lang.jvm_facts`, from the same parse), while all their endpoints are the catalogue's
(kafka-clients, Kafka Streams, the Vert.x Kafka client, Spring Kafka, Spring Cloud Stream, SmallRye).
"""

from __future__ import annotations

import fnmatch
import importlib
from functools import lru_cache

from copilot.lang.protocol import FrontEnd

# The built-in front-ends (each module's FRONTENDS), registered by `copilot.lang.builtin` through the
# `pipeline_copilot_frontends` hook like a plugin's.
FRONTEND_MODULES = (
    "copilot.lang.csharp", "copilot.lang.javascript", "copilot.lang.python", "copilot.lang.golang", "copilot.lang.java", "copilot.lang.kotlin",
)


def builtin_frontends() -> list[FrontEnd]:
    return [fe for name in FRONTEND_MODULES for fe in importlib.import_module(name).FRONTENDS]


@lru_cache(maxsize=1)
def frontends() -> tuple[FrontEnd, ...]:
    """Every registered front-end, built-ins first."""
    from copilot.plugins import collect

    return tuple(collect("pipeline_copilot_frontends"))


def frontend_for(path: str) -> FrontEnd | None:
    lower = path.lower()
    for fe in frontends():
        if lower.endswith(fe.suffixes):
            return fe
    return None


def is_test_file(path: str) -> bool:
    fe = frontend_for(path)
    return fe is not None and any(fnmatch.fnmatchcase(path, g) for g in fe.test_globs)


def suffixes() -> tuple[str, ...]:
    return tuple(s for fe in frontends() for s in fe.suffixes)


def candidate_markers() -> tuple[str, ...]:
    """Every front-end's candidate markers and the markers of every catalogue library of a
    front-end language (a plugin's in-house client too): POSIX ERE, matched case-insensitively by
    `git grep`."""
    from copilot.libraries import catalogue

    languages = {fe.name for fe in frontends()}
    library = (rx.pattern for lib in catalogue() if languages & set(lib.languages) for rx in lib.markers)
    return tuple(dict.fromkeys([*(m for fe in frontends() for m in fe.markers), *library]))
