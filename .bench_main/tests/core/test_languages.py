"""One table says what language a file is in; reports and rules read it."""

from __future__ import annotations

from copilot.model.languages import is_code, language_of
from copilot.report.markdown import render as markdown_render


def test_languages_by_name_ending() -> None:
    assert language_of("svc/App.KT") == "kotlin"
    assert language_of("Consumer.cs") == "csharp"
    assert language_of("schemas/order.avsc") == "json"
    assert language_of("Makefile") == ""
    assert is_code("web/src/send.ts") and not is_code("config/application.yml")


def test_a_markdown_citation_is_fenced_with_its_language() -> None:
    from copilot.model.findings import Citation, Finding, Review

    f = Finding(
        id="F1", rule="delivery-weakened", severity="medium", title="t", reasoning="r",
        citations=[Citation(path="ledger/Consumer.cs", start_line=3, end_line=3, side="head", snippet="c.Subscribe(t);")],
    )
    out = markdown_render(Review(base="a" * 40, head="b" * 40, findings=[f], changed_files=["ledger/Consumer.cs"]))
    assert "```csharp" in out
