"""Metrics, tracing and lag reporting seen anywhere in the file (imports and calls)."""

from __future__ import annotations

from copilot.model.facts import CallFact
from copilot.scan.extractors.py_calls import METRIC_ROOTS, TRACING_ROOTS, Categorizer
from copilot.scan.extractors.py_index import ModuleIndex
from copilot.scan.extractors.py_source import callee_text


def observability_imports(index: ModuleIndex) -> list[CallFact]:
    facts = []
    for module, line in index.import_lines:
        root = module.split(".")[0]
        if root in METRIC_ROOTS or module.startswith("opentelemetry.metrics"):
            facts.append(CallFact("metrics", module, line))
        elif root in TRACING_ROOTS:
            facts.append(CallFact("tracing", module, line))
    return facts


def observability(index: ModuleIndex, categorizer: Categorizer) -> list[CallFact]:
    facts = observability_imports(index)
    for call, scope in index.calls:
        category = categorizer.observe(call, scope)
        if category is not None:
            facts.append(CallFact(category, callee_text(call.func), call.lineno))
    unique = {(f.category, f.name, f.line): f for f in facts}
    return sorted(unique.values(), key=lambda f: (f.line, f.category, f.name))
