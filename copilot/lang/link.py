"""Join the front-end files of a scan: one `Program` over their IR, the library matcher over it.

Called by the scan once every candidate file is read.  Files a trace needs that were not
candidates (a constants class, an imported config module, `appsettings.json`) are read on demand.
The endpoints found are added to copies of the files' facts (the cached facts stay as extracted).
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import replace

import yaml

from copilot.lang import frontends, staged
from copilot.lang.evaluate import Program
from copilot.lang.ir import Module
from copilot.libraries.match import match_module
from copilot.model.facts import FileFacts, Loc
from copilot.scan.services import ServiceMap

JS_SUFFIXES = (".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx", ".mts", ".cts")
JVM_SUFFIXES = (".java", ".kt", ".kts")
MAX_CLASS_SEARCH = 400

Loader = Callable[[str], "FileFacts | None"]
TextReader = Callable[[list[str]], dict[str, "str | None"]]


def _ir(ff: FileFacts | None) -> Module | None:
    return ff.ir if ff is not None and isinstance(ff.ir, Module) else None


class _Repo:
    """The lookups the evaluator asks the repository for."""

    def __init__(self, paths: list[str], services: ServiceMap, load: Loader, read_texts: TextReader | None):
        self.paths = paths
        self.pathset = set(paths)
        self.services = services
        self.load = load
        self.read_texts = read_texts
        self._by_base: dict[str, list[str]] = {}
        for p in paths:
            self._by_base.setdefault(posixpath.basename(p).lower(), []).append(p)
        self._json: dict[str, object] = {}

    def module(self, path: str) -> Module | None:
        return _ir(self.load(path)) if path in self.pathset else None

    def locate_class(self, cls: str, language: str) -> list[str]:
        suffixes = tuple(s for fe in (*frontends(), *staged()) if fe.name == language for s in fe.suffixes)
        if not suffixes:
            return []
        named = [p for s in suffixes for p in self._by_base.get((cls + s).lower(), [])]
        if named or self.read_texts is None:
            return named
        same = [p for p in self.paths if p.lower().endswith(suffixes)][:MAX_CLASS_SEARCH]
        rx = re.compile(rf"\b(?:class|record|struct|enum|interface)\s+{re.escape(cls)}\b")
        return [p for p, text in self.read_texts(same).items() if text and rx.search(text)]

    def resolve_import(self, spec: str, importer: str) -> str | None:
        if importer.endswith(JVM_SUFFIXES):
            return self._jvm_class_file(spec)
        if not spec.startswith("."):
            return None
        base = posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))
        stem = base[: -len(posixpath.splitext(base)[1])] if base.endswith(JS_SUFFIXES) else base
        for cand in (base, *(stem + s for s in JS_SUFFIXES), *(f"{base}/index{s}" for s in JS_SUFFIXES)):
            if cand in self.pathset:
                return cand
        return None

    def _jvm_class_file(self, qualified: str) -> str | None:
        """The file declaring class `acme.shop.Topics`: `Topics.java`/`Topics.kt`, preferring the
        one under the package's folders."""
        cls = qualified.rsplit(".", 1)[-1]
        found = [p for s in JVM_SUFFIXES for p in self._by_base.get((cls + s).lower(), [])]
        under = [p for p in found if qualified.replace(".", "/") in p]
        return (under or found or [None])[0]

    def config_lookup(self, key: str, path: str) -> tuple[str, Loc] | None:
        """A configuration key in the service's config files: .NET `Kafka:Topic` in
        appsettings.json, node-config `kafka.topic` in config/default.json|yaml|yml, Spring
        `app.topic` in application.properties|yml|yaml."""
        if self.read_texts is None:
            return None
        folder = self.services.folder_of(path)
        if path.endswith(JVM_SUFFIXES):
            return self._spring_lookup(key, folder)
        if path.endswith(".cs"):
            files = sorted(p for p in self._by_base.get("appsettings.json", []) if self.services.folder_of(p) == folder)
            parts = key.split(":")
        else:
            prefix = f"{folder}/config/default." if folder else "config/default."
            files = [prefix + ext for ext in ("json", "yaml", "yml") if prefix + ext in self.pathset]
            parts = key.split(".")
        for f in files:
            found = self._lookup_file(f, parts)
            if found is not None:
                return found
        return None

    def _spring_lookup(self, key: str, folder: str) -> tuple[str, Loc] | None:
        """`app.topic` in the service's application.properties / application.yml, as the config
        extractor read it (default profile only); a value that is itself a `${...}` placeholder
        is not followed here."""
        names = ("application.properties", "application.yml", "application.yaml")
        files = sorted(p for n in names for p in self._by_base.get(n, []) if self.services.folder_of(p) == folder and "/test/" not in p)
        for f in files:
            ff = self.load(f)
            found = ff.properties.get(key) if ff is not None and ff.profile is None else None
            if found is not None and "${" not in found[0]:
                return found[0], Loc(f, found[1])
        return None

    def _lookup_file(self, f: str, parts: list[str]) -> tuple[str, Loc] | None:
        text = self.read_texts([f]).get(f) if self.read_texts else None
        if not text:
            return None
        try:
            data = json.loads(text) if f.endswith(".json") else yaml.safe_load(text)
        except (ValueError, yaml.YAMLError):
            return None
        node: object = data
        for part in parts:
            if not isinstance(node, dict):
                return None
            node = next((v for k, v in node.items() if str(k).lower() == part.lower()), None)
        if not isinstance(node, (str, int, float, bool)):
            return None
        pos = 0  # the line: each key of the path in turn, after the one before it
        for part in parts:
            m = re.compile(rf'^\s*["\']?{re.escape(part)}["\']?\s*:', re.IGNORECASE | re.MULTILINE).search(text, pos)
            if m is None:
                break
            pos = m.start() + 1
        value = str(node).lower() if isinstance(node, bool) else str(node)
        return value, Loc(f, text.count("\n", 0, max(pos - 1, 0)) + 1)


def link(
    facts: dict[str, FileFacts],
    paths: list[str],
    services: ServiceMap,
    load: Loader,
    read_texts: TextReader | None = None,
) -> None:
    """Add the endpoints of every front-end file in `facts` (in place: entries are replaced)."""
    own = sorted(p for p, ff in facts.items() if _ir(ff) is not None)
    if not own:
        return
    repo = _Repo(paths, services, load, read_texts)
    program = Program(
        {p: _ir(facts[p]) for p in own},  # type: ignore[misc]
        load=repo.module,
        locate_class=repo.locate_class,
        resolve_import=repo.resolve_import,
        config_lookup=repo.config_lookup,
    )
    for p in own:
        mod = _ir(facts[p])
        assert mod is not None
        endpoints = match_module(program, mod)
        if endpoints:
            facts[p] = replace(facts[p], endpoints=[*facts[p].endpoints, *endpoints])
