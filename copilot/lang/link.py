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

from copilot.lang import frontends
from copilot.lang.evaluate import Program
from copilot.lang.ir import Module
from copilot.lang.javascript import FRONTENDS as JS_FRONTENDS
from copilot.libraries.match import match_module
from copilot.model.facts import FileFacts, Loc
from copilot.scan.services import ServiceMap

# what an extension-less TypeScript/JavaScript import may name: the two front-ends' suffixes
JS_SUFFIXES = tuple(s for fe in JS_FRONTENDS for s in fe.suffixes)
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
        self._go_dirs: dict[str, list[str]] | None = None
        self._go_modules: list[tuple[str, str]] | None = None  # (module path, folder of its go.mod)

    def module(self, path: str) -> Module | None:
        return _ir(self.load(path)) if path in self.pathset else None

    def locate_class(self, cls: str, language: str) -> list[str]:
        suffixes = tuple(s for fe in frontends() if fe.name == language for s in fe.suffixes)
        if not suffixes:
            return []
        named = [p for s in suffixes for p in self._by_base.get((cls + s).lower(), [])]
        if named or self.read_texts is None:
            return named
        same = [p for p in self.paths if p.lower().endswith(suffixes)][:MAX_CLASS_SEARCH]
        name = re.escape(cls)
        rx = re.compile(rf"\b(?:class|record|struct|enum|interface)\s+{name}\b|\btype\s+{name}\s+(?:struct|interface)\b")
        return [p for p, text in self.read_texts(same).items() if text and rx.search(text)]

    def _go_packages(self) -> dict[str, list[str]]:
        """Go package directory -> its non-test .go files."""
        if self._go_dirs is None:
            self._go_dirs = {}
            for p in self.paths:
                if p.endswith(".go") and not p.endswith("_test.go"):
                    self._go_dirs.setdefault(posixpath.dirname(p), []).append(p)
        return self._go_dirs

    def package_files(self, path: str) -> list[str]:
        """Go: the non-test files of the directory (one package, one scope of top-level names)."""
        return self._go_packages().get(posixpath.dirname(path), []) if path.endswith(".go") else []

    def _go_import(self, spec: str) -> str | None:
        """A Go import path as a file of the package's directory: the path under the go.mod whose
        module path it starts with; without a go.mod (a part of a repository), the longest
        directory the import path ends with."""
        dirs = self._go_packages()
        if self._go_modules is None:
            self._go_modules = []
            mods = sorted(p for p in self.paths if posixpath.basename(p) == "go.mod")
            for gomod, text in (self.read_texts(mods).items() if self.read_texts else ()):
                m = re.search(r"(?m)^module\s+(\S+)", text or "")
                if m:
                    self._go_modules.append((m.group(1).strip('"'), posixpath.dirname(gomod)))
        for module, folder in self._go_modules:
            if spec == module or spec.startswith(module + "/"):
                d = posixpath.join(folder, spec[len(module) + 1 :]) if spec != module else folder
                d = posixpath.normpath(d) if d else ""
                files = dirs.get("" if d == "." else d)
                if files:
                    return files[0]
        if self._go_modules:  # under a go.mod, a path outside every module is another module's
            return None
        best = sorted((d for d in dirs if d and (spec == d or spec.endswith("/" + d))), key=len, reverse=True)
        return dirs[best[0]][0] if best else None

    def resolve_import(self, spec: str, importer: str) -> str | None:
        if importer.endswith(".go"):
            return self._go_import(spec)
        if not spec.startswith("."):
            return None
        base = posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))
        stem = base[: -len(posixpath.splitext(base)[1])] if base.endswith(JS_SUFFIXES) else base
        for cand in (base, *(stem + s for s in JS_SUFFIXES), *(f"{base}/index{s}" for s in JS_SUFFIXES)):
            if cand in self.pathset:
                return cand
        return None

    def config_lookup(self, key: str, path: str) -> tuple[str, Loc] | None:
        """A configuration key in the service's config files: .NET `Kafka:Topic` in
        appsettings.json, node-config `kafka.topic` in config/default.json|yaml|yml."""
        if self.read_texts is None:
            return None
        folder = self.services.folder_of(path)
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
        package_files=repo.package_files,
    )
    for p in own:
        mod = _ir(facts[p])
        assert mod is not None
        endpoints = match_module(program, mod)
        if endpoints:
            facts[p] = replace(facts[p], endpoints=[*facts[p].endpoints, *endpoints])
