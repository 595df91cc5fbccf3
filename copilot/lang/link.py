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

from copilot.lang import frontends, is_test_file
from copilot.lang.evaluate import Program
from copilot.lang.go_calls import DEAD_LETTER
from copilot.lang.ir import Module
from copilot.lang.javascript import FRONTENDS as JS_FRONTENDS
from copilot.lang.jvm_facts import catalogued
from copilot.libraries import catalogue, value_formats
from copilot.libraries.match import match_module
from copilot.libraries.match_annotations import match_annotated
from copilot.model.facts import Endpoint, FileFacts, HandlerFact, Loc, Setting
from copilot.scan.services import ServiceMap

# what an extension-less TypeScript/JavaScript import may name: the two front-ends' suffixes
JS_SUFFIXES = tuple(s for fe in JS_FRONTENDS for s in fe.suffixes)
JVM_SUFFIXES = (".java", ".kt", ".kts")
MAX_CLASS_SEARCH = 400
MAX_MENTIONS = 40  # files read for one name's call sites / constructions / field sets
MAX_PY_FILES = 5000  # Python files indexed for class and function definitions
MAX_FUNCTION_FILES = 3  # a method name defined in more files than this is too common to follow by name
MAX_DOCUMENTS = 500  # YAML files read for the keys of a document loaded at run time
MAX_DOCUMENT_BYTES = 512 * 1024
_PY_DEF = re.compile(r"^[ \t]*(?:async[ \t]+)?(def|class)[ \t]+(\w+)", re.MULTILINE)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TEST_PART = re.compile(r"(^|/)(tests?|testing|fixtures?)/")

# Python libraries whose endpoints the Python extractor still finds (their catalogue entries only
# resolve the topics it leaves open)
EXTRACTED = frozenset({"confluent-kafka", "kafka-python", "aiokafka", "faust", "pulsar"})

Loader = Callable[[str], "FileFacts | None"]
TextReader = Callable[[list[str]], dict[str, "str | None"]]
# (word, pathspecs) -> the scanned revision's files among `pathspecs` that hold `word` (`git grep -lwF`)
Grep = Callable[[str, tuple[str, ...]], list[str]]


def _family_suffixes(path: str) -> tuple[str, ...]:
    """The suffixes of the files whose code `path`'s may call: its front-end's, and for
    TypeScript/JavaScript (which import each other) and Java/Kotlin (one class path) the pair's."""
    lower = path.lower()
    for family in (JS_SUFFIXES, JVM_SUFFIXES):
        if lower.endswith(family):
            return family
    fe = next((fe for fe in frontends() if lower.endswith(fe.suffixes)), None)
    return fe.suffixes if fe is not None else ()


def _ir(ff: FileFacts | None) -> Module | None:
    return ff.ir if ff is not None and isinstance(ff.ir, Module) else None


class _Repo:
    """The lookups the evaluator asks the repository for."""

    def __init__(self, paths: list[str], services: ServiceMap, load: Loader, read_texts: TextReader | None, grep: Grep | None = None):
        self.paths = paths
        self.pathset = set(paths)
        self.services = services
        self.load = load
        self.read_texts = read_texts
        self.grep = grep
        self._catalogued: dict[str, bool] = {}  # import specifier -> a catalogued library's own module
        self._bases: dict[str, list[str]] | None = None
        self._json: dict[str, object] = {}
        self._py_defs: dict[tuple[str, str], list[str]] | None = None
        self._docs: dict[str, tuple[object, str]] | None = None
        self._doc_texts: dict[str, str] = {}
        self._doc_values: dict[tuple[str, str], list[tuple[str, Loc]]] = {}
        self._go_dirs: dict[str, list[str]] | None = None
        self._go_modules: list[tuple[str, str]] | None = None  # (module path, folder of its go.mod)
        self._mentioning: dict[str, list[str]] = {}  # a name -> the Go files that mention it


    def _by_base(self) -> dict[str, list[str]]:
        """Paths by lower-cased file name, built when first asked."""
        if self._bases is None:
            self._bases = {}
            for p in self.paths:
                self._bases.setdefault(posixpath.basename(p).lower(), []).append(p)
        return self._bases

    def program(self, modules: dict[str, Module] | None = None) -> Program:
        """The evaluator over these modules, asking this repository for the rest."""
        return Program(
            dict(modules or {}),
            load=self.module,
            locate_class=self.locate_class,
            resolve_import=self.resolve_import,
            config_lookup=self.config_lookup,
            documents=self.documents,
            locate_function=self.locate_function,
            holders={k: v for lib in catalogue() for k, v in lib.holders.items()},
            package_files=self.package_files,
            mentions=self.mentions,
        )

    def module(self, path: str) -> Module | None:
        return _ir(self.load(path)) if path in self.pathset else None

    def locate_class(self, cls: str, language: str) -> list[str]:
        if language == "python":
            return self._python_defs().get(("class", cls), [])
        suffixes = tuple(s for fe in frontends() if fe.name == language for s in fe.suffixes)
        if not suffixes:
            return []
        named = [p for s in suffixes for p in self._by_base().get((cls + s).lower(), [])]
        if named or self.read_texts is None:
            return named
        same = [p for p in self.paths if p.lower().endswith(suffixes)][:MAX_CLASS_SEARCH]
        name = re.escape(cls)
        rx = re.compile(rf"\b(?:class|record|struct|enum|interface)\s+{name}\b|\btype\s+{name}\s+(?:struct|interface)\b")
        return [p for p, text in self.read_texts(same).items() if text and rx.search(text)]

    def locate_function(self, name: str, language: str) -> list[str]:
        """Files defining a function `name`; none when it is a common name (more than a few files)."""
        found = self._python_defs().get(("def", name), []) if language == "python" else []
        return found if len(found) <= MAX_FUNCTION_FILES else []

    def _python_defs(self) -> dict[tuple[str, str], list[str]]:
        """Where each Python class and function is defined, from one read of the repository's
        Python files (tests left out)."""
        if self._py_defs is None:
            self._py_defs = {}
            files = [p for p in self.paths if p.endswith(".py") and not _TEST_PART.search(p)][:MAX_PY_FILES]
            texts = self.read_texts(files) if self.read_texts is not None else {}
            for p in files:
                for m in _PY_DEF.finditer(texts.get(p) or ""):
                    found = self._py_defs.setdefault((m.group(1), m.group(2)), [])
                    if not found or found[-1] != p:
                        found.append(p)
        return self._py_defs

    def _go_packages(self) -> dict[str, list[str]]:
        """Go package directory -> its non-test .go files."""
        if self._go_dirs is None:
            self._go_dirs = {}
            for p in self.paths:
                if p.endswith(".go") and not p.endswith("_test.go"):
                    self._go_dirs.setdefault(posixpath.dirname(p), []).append(p)
        return self._go_dirs

    def mentions(self, name: str, near: str) -> list[str]:
        """The files of `near`'s language that mention `name` as a word, nearest to `near` first:
        where a function's call sites, a type's constructions and its fields' assignments are (a
        caller need not use a client library, so it need not be a scan candidate).  Go reads its
        package files (a package's callers import it; searched once per name, whichever file
        asks); the other languages ask `git grep`.  Test files are left out: their call sites are
        fixtures, not the pipeline."""
        if near.endswith(".go"):
            if self.read_texts is None:
                return []
            found = self._mentioning.get(name)
            if found is None:
                files = [p for fs in self._go_packages().values() for p in fs]
                word = re.compile(rf"\b{re.escape(name)}\b")
                found = self._mentioning[name] = [p for p, text in self.read_texts(files).items() if text and name in text and word.search(text)]
        else:
            suffixes = _family_suffixes(near)
            if self.grep is None or not suffixes:
                return []
            lines = self.grep(name, tuple(f"*{s}" for s in suffixes))
            found = [p for p in lines if p in self.pathset and not _TEST_PART.search(p) and not is_test_file(p)]
        return sorted(found, key=lambda p: (-len(posixpath.commonpath([p, near])), p))[:MAX_MENTIONS]

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
        """The file an import names; None outside the repository, and for a catalogued client
        library's own modules even when the repository holds their source (the library's examples
        in its own repository): its calls are the library's API, matched by the catalogue, not
        code to follow into."""
        catalogued = self._catalogued.get(spec)
        if catalogued is None:
            catalogued = self._catalogued[spec] = any(lib.used_by([spec]) for lib in catalogue())
        if catalogued:
            return None
        if importer.endswith(JVM_SUFFIXES):
            return self._jvm_class_file(spec)
        if importer.endswith(".py"):
            return self._python_module(spec, importer)
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

    def _jvm_class_file(self, qualified: str) -> str | None:
        """The file declaring class `acme.shop.Topics`: `Topics.java`/`Topics.kt`, preferring the
        one under the package's folders; a nested class (`acme.shop.Catalog.Topics`) is in the file
        of the class it is nested in."""
        parts = qualified.split(".")
        for end in range(len(parts), 0, -1):  # `acme.Catalog.Channels`: a nested class is in its outer class's file
            cls = parts[end - 1]
            if not cls[:1].isupper() and end < len(parts):
                break
            found = [p for s in JVM_SUFFIXES for p in self._by_base().get((cls + s).lower(), [])]
            under = [p for p in found if "/".join(parts[:end]) in p]
            if found:
                return (under or found)[0]
        return None

    def _python_module(self, spec: str, importer: str) -> str | None:
        """`pkg.mod` / `.mod` / `..pkg` as a file of the repository: `pkg/mod.py` or
        `pkg/mod/__init__.py`, from the repository root, `src/`, or a folder above the importer."""
        level = len(spec) - len(spec.lstrip("."))
        parts = [p for p in spec[level:].split(".") if p]
        if level:
            base = posixpath.dirname(importer)
            for _ in range(level - 1):
                base = posixpath.dirname(base)
            roots = [base]
        else:
            roots = ["", "src"]
            folder = posixpath.dirname(importer)
            while folder:
                roots.append(folder)
                folder = posixpath.dirname(folder)
        for root in roots:
            stem = posixpath.join(root, *parts) if parts else root
            for cand in (f"{stem}.py", f"{stem}/__init__.py" if stem else "__init__.py"):
                if cand in self.pathset:
                    return cand
        return None

    def documents(self, key: str, path: str) -> list[tuple[str, Loc]]:
        """Every value of the dotted `key` (from the document's root) in the YAML files of the
        service of `path`: a document loaded at run time can be any of them."""
        folder = self.services.folder_of(path)
        if (folder, key) in self._doc_values:
            return self._doc_values[(folder, key)]
        parts = key.split(".")
        out: list[tuple[str, Loc]] = []
        self._doc_values[(folder, key)] = out
        for f, (data, text) in self._documents(folder, parts).items():
            node: object = data
            for part in parts:
                node = node.get(part) if isinstance(node, dict) else None
            if isinstance(node, (str, int, float)) and not isinstance(node, bool):
                out.append((str(node), Loc(f, _key_line(text, parts))))
        return out

    def _documents(self, folder: str, parts: list[str]) -> dict[str, tuple[object, str]]:
        """The YAML files of the service whose text has every key of the path, parsed once."""
        if self._docs is None:
            self._docs = {}
            self._doc_texts = {}
            files = [p for p in self.paths if p.endswith((".yaml", ".yml")) and not _TEST_PART.search(p)][:MAX_DOCUMENTS]
            texts = self.read_texts(files) if self.read_texts is not None else {}
            self._doc_texts = {f: t for f, t in texts.items() if t and len(t) <= MAX_DOCUMENT_BYTES}
        keys = [re.compile(rf'^\s*["\']?{re.escape(p)}["\']?\s*:', re.MULTILINE) for p in parts]
        out: dict[str, tuple[object, str]] = {}
        for f, text in self._doc_texts.items():
            if folder and self.services.folder_of(f) != folder or not all(k.search(text) for k in keys):
                continue
            if f not in self._docs:
                try:
                    data = yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader (libyaml's when there)
                except yaml.YAMLError:
                    data = None
                self._docs[f] = (data, text)
            if isinstance(self._docs[f][0], dict):
                out[f] = self._docs[f]
        return out

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
            files = sorted(p for p in self._by_base().get("appsettings.json", []) if self.services.folder_of(p) == folder)
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
        files = sorted(p for n in names for p in self._by_base().get(n, []) if self.services.folder_of(p) == folder and "/test/" not in p)
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


def _key_line(text: str, parts: list[str]) -> int:
    """The line of a dotted key path in a YAML text: each key in turn, after the one before it."""
    pos = 0
    for part in parts:
        m = re.compile(rf'^\s*["\']?{re.escape(part)}["\']?\s*:', re.MULTILINE).search(text, pos)
        if m is None:
            break
        pos = m.start() + 1
    return text.count("\n", 0, max(pos - 1, 0)) + 1


def link(
    facts: dict[str, FileFacts],
    paths: list[str],
    services: ServiceMap,
    load: Loader,
    read_texts: TextReader | None = None,
    grep: Grep | None = None,
) -> None:
    """Add the endpoints of every front-end file in `facts` (in place: entries are replaced)."""
    own = sorted(p for p, ff in facts.items() if _ir(ff) is not None)
    if not own:
        return
    repo = _Repo(paths, services, load, read_texts, grep)
    program = repo.program({p: _ir(facts[p]) for p in own})  # type: ignore[misc]
    for p in own:
        mod = _ir(facts[p])
        assert mod is not None
        if mod.language == "python":
            mod = _still_open(mod, facts[p].endpoints)
        try:
            endpoints = match_module(program, mod) if mod.calls else []
            declared = match_annotated(program, mod, endpoints)  # endpoints declared by annotations (JVM frameworks)
        except RecursionError:  # an absurdly deep chain of definitions: this file's catalogue endpoints are lost, said so
            facts[p] = replace(facts[p], warnings=[*facts[p].warnings, f"{p}:1: value flow too deep to follow"])
            continue
        if mod.language == "python":
            _tie_handlers(facts[p], [ep for ep in endpoints if ep.library not in EXTRACTED], program, mod)  # the extractor's handlers
            merged = merge_extracted(facts[p].endpoints, endpoints)
            if merged is not facts[p].endpoints:
                facts[p] = replace(facts[p], endpoints=merged)
        else:
            _cite_selectors(endpoints, services)  # (a declaration's topics are all taken: none is selected)
            _tie_handlers(facts[p], endpoints, program, mod)
            endpoints = declared + endpoints
            handlers = _produce_topics(facts[p].handlers, endpoints)
            if handlers is not facts[p].handlers:
                facts[p] = replace(facts[p], handlers=handlers)
            if endpoints:
                facts[p] = replace(facts[p], endpoints=[*facts[p].endpoints, *endpoints])


def _still_open(mod: Module, extracted: list[Endpoint]) -> Module:
    """The calls the catalogue still has to match in a Python module: those of libraries the
    extractor no longer reads, and those where the extractor left the topic open."""
    lines = {e.loc.line for e in extracted if e.topic.name is None and e.topic.pending is None}
    # a client made by a factory in another file: the calling file need not import the library
    own = {m for lib in catalogue() if lib.name not in EXTRACTED and "python" in lib.languages for spec in lib.endpoints for m in spec.methods}
    theirs = {m for lib in catalogue() if lib.name in EXTRACTED and "python" in lib.languages for spec in lib.endpoints for m in spec.methods} - own
    # every other call stays: a flush or a `future.get()` after a send says it is acknowledged
    calls = [c for c in mod.calls if c.expr.line in lines or (c.expr.method if c.expr.kind == "call" else c.expr.value) not in theirs]
    return replace(mod, calls=calls) if len(calls) != len(mod.calls) else mod


def merge_extracted(old: list[Endpoint], new: list[Endpoint]) -> list[Endpoint]:
    """Python endpoints: the extractor's (confluent-kafka, kafka-python, aiokafka, faust, pulsar)
    with the catalogue's.  A catalogue endpoint at the place of an extracted one whose topic the
    extractor could not follow (no name, nothing pending for the resolver) replaces it, one per
    value, keeping what the extractor knew of the call (settings, handler, schema); a catalogue
    endpoint at the place of one the extractor resolved is dropped; one of a library the
    extractor no longer reads (sentry-arroyo) is added."""
    if not new:
        return old
    at: dict[tuple[int, str], list[Endpoint]] = {}
    for e in new:
        at.setdefault((e.loc.line, e.role), []).append(e)
    out: list[Endpoint] = []
    for e in old:
        found = at.pop((e.loc.line, e.role), None)
        open_topic = e.topic.name is None and e.topic.pending is None
        if found and open_topic and any(f.topic.name is not None or f.topic.pending is not None for f in found):
            out.extend(replace(e, topic=f.topic, settings={**f.settings, **e.settings}) for f in found)
        else:
            out.append(e)
    out.extend(e for found in at.values() for e in found if e.library not in EXTRACTED)
    out.sort(key=lambda e: e.loc.line)
    return out


def unlinked(ff: FileFacts) -> FileFacts:
    """A file's facts as extracted, from the facts of a scan that linked them: the endpoints of a
    front-end whose endpoints all come from linking are dropped, so a scan built on another tree's
    scan links them afresh (a topic defined in a changed file moves them). Python's extracted
    endpoints stay (linking merges into them by call site)."""
    if ff.ir is None or ff.language == "python" or not ff.endpoints:
        return ff
    own = catalogued(ff.language)  # Java/Kotlin: a framework's endpoints still come from the extractor
    kept = [e for e in ff.endpoints if e.library not in own]
    return replace(ff, endpoints=kept)


def _cite_selectors(endpoints: list[Endpoint], services: ServiceMap) -> None:
    """One call with several topics (a parameter its call sites fill differently, a settings field
    with two defaults): each endpoint is cited where its value is selected, the first hop of its
    chain that the other values' chains do not share (a call site, a default), when that place is
    in the same service (the edge stays the service's)."""
    calls: dict[tuple[str, int, str], list[Endpoint]] = {}
    for ep in endpoints:
        calls.setdefault((ep.loc.path, ep.loc.line, ep.role), []).append(ep)
    for same in calls.values():
        if len({ep.topic.name for ep in same}) < 2:
            continue
        for ep in same:
            others = {hop for o in same if o.topic.name != ep.topic.name for hop in o.topic.via}
            hop = next((h for h in ep.topic.via if h not in others), None)
            if hop is not None and hop != ep.loc and services.folder_of(hop.path) == services.folder_of(ep.loc.path):
                ep.loc = hop


def _produce_topics(handlers: list[HandlerFact], endpoints: list[Endpoint]) -> list[HandlerFact]:
    """A send inside a handler names the topics its endpoints write to (`CallFact.detail`), and is a
    dead-letter send when one of them is a dead-letter topic (copies: the cached facts stay)."""
    topics: dict[int, list[str]] = {}
    for ep in endpoints:
        if ep.role == "produce" and ep.topic.name:
            topics.setdefault(ep.end_line or ep.loc.line, []).append(ep.topic.name)
    if not topics or not any(c.category in ("produce", "dead-letter") and c.line in topics for h in handlers for c in h.calls):
        return handlers
    out = []
    for h in handlers:
        calls = []
        for c in h.calls:
            names = topics.get(c.line) if c.category in ("produce", "dead-letter") else None
            if names:
                dead = c.category == "dead-letter" or any(DEAD_LETTER.search(n) for n in names)
                c = replace(c, category="dead-letter" if dead else "produce", detail=",".join(dict.fromkeys(names)))
            calls.append(c)
        out.append(replace(h, calls=calls))
    return out


def _tie_handlers(ff: FileFacts, endpoints: list[Endpoint], program: Program, mod: Module) -> None:
    """A consumer endpoint's handler (`Endpoint.handler`): the file's handler whose code holds the
    endpoint's call (a poll loop around `ReadMessage`); when no handler holds a consumer call (a
    group's `Consume` call, its `ConsumeClaim` listener elsewhere in the file), the file's only
    handler.  The value format the handler decodes with becomes the endpoint's `value.format`."""
    consumers = [ep for ep in endpoints if ep.role == "consume" and ep.handler is None]
    if not ff.handlers or not consumers:
        return
    around = {id(ep): [h for h in ff.handlers if h.loc.line <= ep.loc.line <= h.end_line] for ep in consumers}
    only = ff.handlers[0] if len(ff.handlers) == 1 and not any(around.values()) else None
    formats: dict[int, Setting | None] = {}
    for ep in consumers:
        match = around[id(ep)][-1] if around[id(ep)] else only
        if match is not None:
            ep.handler = match.name
            if value_formats.KEY not in ep.settings:  # how its handler decodes the record value
                if id(match) not in formats:
                    formats[id(match)] = value_formats.decoded(program, mod, match.loc.line, match.end_line)
                found = formats[id(match)]
                if found is not None:
                    ep.settings[value_formats.KEY] = found
