"""Blind spots: files that use a streaming client the scan does not read.

A file is a blind spot when it uses a client listed in `copilot/libraries/unanalysed.yaml` (a
language with no front-end, or a library no extractor understands) and the scan found no
endpoint in it.  Candidates come from one `git grep` of the entries' cheap patterns; each is then
checked with the entry's exact markers, which also give the line to cite.  Blind spots are
listed by `graph` (per service) and said by `review` for every changed file among them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from copilot.libraries import unanalysed
from copilot.model.facts import FileFacts
from copilot.scan import gitfiles
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
    root: Path,
    rev: str,
    paths: set[str],
    keep: Callable[[str], bool],
    facts: dict[str, FileFacts],
    services: ServiceMap,
    read_texts: TextReader,
) -> list[BlindSpot]:
    entries = unanalysed()
    pattern = "|".join(f"({e.grep})" for e in entries if e.grep)
    if not pattern:
        return []
    suffixes = tuple({s for e in entries for s in e.suffixes})
    hits = [
        p
        for p in sorted(gitfiles.grep_at(root, rev, "-l", "-E", "-e", pattern))
        if p in paths and p.lower().endswith(suffixes) and keep(p) and not (p in facts and facts[p].endpoints)
    ]
    if not hits:
        return []
    texts = read_texts(hits)
    out: list[BlindSpot] = []
    for p in hits:
        text = texts.get(p)
        if not text:
            continue
        for e in entries:
            if not p.lower().endswith(e.suffixes):
                continue
            found = min((m.start() for rx in e.markers if (m := rx.search(text))), default=None)
            if found is not None:
                out.append(BlindSpot(p, text.count("\n", 0, found) + 1, services.service_of(p), e.library, e.language))
                break
    return out
