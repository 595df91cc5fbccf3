"""Blind spots: files that use a streaming client the scan does not read.

A file is a blind spot when it uses a client listed in `copilot/libraries/unanalysed.yaml` (a
language with no front-end, or a library no extractor understands) and the scan found no
endpoint in it.  Candidates are the scan's own `git grep` hits; each is checked with the entry's
markers, which also give the line to cite.  Blind spots are
listed by `graph` (per service) and said by `review` for every changed file among them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from copilot.libraries import Unanalysed, unanalysed
from copilot.model.facts import FileFacts
from copilot.scan.services import ServiceMap

TextReader = Callable[[list[str]], dict[str, "str | None"]]


@dataclass(frozen=True)
class BlindSpot:
    path: str
    line: int
    service: str
    library: str
    language: str

    @property
    def message(self) -> str:
        return f"`{self.path}` uses {self.library} ({self.language}), which is not analysed: check it by hand"

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "service": self.service,
            "library": self.library,
            "language": self.language,
            "reason": self.message,
        }


def find(
    candidates: set[str],
    keep: Callable[[str], bool],
    facts: dict[str, FileFacts],
    services: ServiceMap,
    read_texts: TextReader,
) -> list[BlindSpot]:
    """Blind spots among `candidates` (the scan's `git grep` hits: every marker names Kafka or
    Pulsar, so no second grep is needed); only files that gave no endpoint are read."""
    entries = unanalysed()
    suffixes = tuple({s for e in entries for s in e.suffixes})
    hits = sorted(
        p for p in candidates if not (p in facts and facts[p].endpoints) and p.lower().endswith(suffixes) and keep(p)
    )
    if not hits:
        return []
    texts = read_texts(hits)
    out: list[BlindSpot] = []
    for p in hits:
        text = texts.get(p)
        if not text:
            continue
        hit = unanalysed_client(p, text)
        if hit is not None:
            e, found = hit
            out.append(BlindSpot(p, text.count("\n", 0, found) + 1, services.service_of(p), e.library, e.language))
    return out


def unanalysed_client(path: str, text: str) -> tuple[Unanalysed, int] | None:
    """The unanalysed client library `text` (the file at `path`) uses, and where, if any."""
    for e in unanalysed():
        if not path.lower().endswith(e.suffixes):
            continue
        found = min((m.start() for rx in e.markers if (m := rx.search(text))), default=None)
        if found is not None:
            return e, found
    return None
