"""`[rules.<id>]` settings: switch a rule off, change its severity, keep it to some paths."""

from __future__ import annotations

from tests.review.helpers import BASE, PRODUCER, review_of

WEAKER = {"checkout/app.py": PRODUCER.replace('"acks": "all"', '"acks": "1"')}


def _with_config(toml: str) -> dict[str, str]:
    return {**BASE, ".pipeline-copilot.toml": toml}


def rules_of(review) -> dict[str, str]:
    return {f.rule: f.severity for f in review.findings}


def test_without_settings_the_rule_reports_at_its_own_severity(make_repo) -> None:
    review, _ = review_of(make_repo, WEAKER)
    assert rules_of(review)["delivery-weakened"] == "medium"


def test_a_disabled_rule_does_not_run(make_repo) -> None:
    review, _ = review_of(make_repo, WEAKER, base=_with_config("[rules.delivery-weakened]\nenabled = false\n"))
    assert "delivery-weakened" not in rules_of(review)


def test_a_rule_severity_can_be_raised(make_repo) -> None:
    review, _ = review_of(make_repo, WEAKER, base=_with_config('[rules.delivery-weakened]\nseverity = "high"\n'))
    assert rules_of(review)["delivery-weakened"] == "high"


def test_paths_keep_a_rule_to_matching_files(make_repo) -> None:
    elsewhere = _with_config('[rules.delivery-weakened]\npaths = ["billing/**"]\n')
    review, _ = review_of(make_repo, WEAKER, base=elsewhere)
    assert "delivery-weakened" not in rules_of(review)
    here = _with_config('[rules.delivery-weakened]\npaths = ["checkout/*"]\n')
    review, _ = review_of(make_repo, WEAKER, base=here)
    assert "delivery-weakened" in rules_of(review)
