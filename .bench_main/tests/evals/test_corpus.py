"""The eval corpus is well-formed, and the runner's scoring is right (no engine needed)."""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from copilot.model.findings import Citation, Finding, LLMReport, Review
from copilot.registry import rule_ids
from copilot.rules.builtin import MODULES as BUILTIN_RULE_MODULES
from evals import runner
from evals.__main__ import main as evals_main
from evals.runner import (
    CASES_DIR,
    CORPORA_DIR,
    WORLDS_DIR,
    CaseFormatError,
    EvalCase,
    Expectation,
    GitLineReader,
    aggregate,
    build_case_repo,
    check_citation,
    corpora,
    error_score,
    finding_satisfies,
    load_corpus,
    match_expectations,
    run_case,
    score_case,
    unexpected_findings,
)

BUILTIN_RULES = {importlib.import_module(f"copilot.rules.{m}").RULE for m in BUILTIN_RULE_MODULES}

# --------------------------------------------------------------------------------------------------
# The corpora
# --------------------------------------------------------------------------------------------------

CORPORA = {path.name: load_corpus(path) for path in corpora()}
CASES = CORPORA["labelled"]
ALL_CASES = [c for cases in CORPORA.values() for c in cases]
ALL_CASE_IDS = [f"{c.corpus}/{c.id}" for c in ALL_CASES]


def test_every_corpus_is_loaded() -> None:
    assert {"labelled", "holdout", "holdout2", "holdout3", "holdout4"} <= set(CORPORA)
    assert len(CORPORA["holdout4"]) >= 20
    for name, cases in CORPORA.items():
        assert cases, name
        assert any(c.safe for c in cases) and any(not c.safe for c in cases), name


def test_corpus_size_and_safe_cases():
    assert len(CASES) >= 36
    assert sum(1 for c in CASES if c.safe) >= 12


def test_case_ids_are_kebab_case_and_unique_across_corpora():
    ids = [c.id for c in ALL_CASES]
    assert len(ids) == len(set(ids))
    for case_id in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", case_id), case_id


def test_worlds_are_shared_and_each_is_used():
    used = {c.world for c in ALL_CASES if c.worlds_dir == WORLDS_DIR}
    worlds = {p.name for p in WORLDS_DIR.iterdir() if p.is_dir()}
    assert used == worlds, f"unused worlds: {sorted(worlds - used)}"
    for name, cases in CORPORA.items():  # a corpus that carries its own worlds uses each of them
        own = CORPORA_DIR / name / "worlds"
        if own.is_dir():
            assert {p.name for p in own.iterdir() if p.is_dir()} == {c.world for c in cases if c.worlds_dir == own}, name
    assert len({c.world for c in CASES}) < len(CASES) / 2  # the labelled corpus shares its base trees


def test_every_patch_is_in_its_corpus_and_used_once():
    for name, cases in CORPORA.items():
        patches = {p.stem for p in (CORPORA_DIR / name / "patches").glob("*.diff")}
        assert patches == {c.id for c in cases}, name


def test_every_rule_is_covered_at_least_twice_in_different_languages():
    by_rule: dict[str, list[EvalCase]] = defaultdict(list)
    for case in CASES:
        for rule in case.expected_rules:
            by_rule[rule].append(case)
    for rule in rule_ids():
        if rule not in BUILTIN_RULES:
            continue
        assert len(by_rule[rule]) >= 2, f"{rule} has {len(by_rule[rule])} triggering case(s)"
        language_sets = {tuple(sorted(c.languages)) for c in by_rule[rule]}
        assert len(language_sets) >= 2, f"{rule} is only covered in {language_sets}"


def test_case_files_reject_unknown_rules_and_missing_parts(tmp_path: Path):
    corpus = tmp_path / "corpus"
    (corpus / "worlds" / "w" / "svc").mkdir(parents=True)
    (corpus / "worlds" / "w" / "svc" / "app.py").write_text("x = 1\n")
    (corpus / "patches").mkdir()
    (corpus / "patches" / "a.diff").write_text("diff --git a/x b/x\n")

    def load(body: str) -> list[EvalCase]:
        (corpus / "cases.toml").write_text(body)
        return load_corpus(corpus)

    good = '[[case]]\nid = "a"\nworld = "w"\ndescription = "d"\nlanguages = ["python"]\n'
    with pytest.raises(CaseFormatError, match="unknown rule"):
        load(good + '[[case.expect]]\nrule = "no-such-rule"\nmin_severity = "high"\n')
    with pytest.raises(CaseFormatError, match="min_severity"):
        load(good + '[[case.expect]]\nrule = "lag-risk"\nmin_severity = "critical"\n')
    with pytest.raises(CaseFormatError, match="needs"):
        load(good)
    with pytest.raises(CaseFormatError, match="service ids"):
        load(good + '[[case.expect]]\nrule = "lag-risk"\nmin_severity = "low"\nimpacted = ["fraud"]\n')
    with pytest.raises(CaseFormatError, match="world 'nope'"):
        load(good.replace('world = "w"', 'world = "nope"') + 'expect_none_above = "info"\n')
    with pytest.raises(CaseFormatError, match="missing or empty"):
        load(good.replace('id = "a"', 'id = "b"') + 'expect_none_above = "info"\n')
    with pytest.raises(CaseFormatError, match="appears twice"):
        load(good + 'expect_none_above = "info"\n' + good + 'expect_none_above = "info"\n')
    with pytest.raises(CaseFormatError, match="unknown keys"):
        load(good + 'expect_none_above = "info"\nbogus = 1\n')
    (ok,) = load(good + 'expect_none_above = "info"\n')
    assert ok.safe and ok.id == "a" and ok.base_dir == corpus / "worlds" / "w"


# --------------------------------------------------------------------------------------------------
# Building a case repository
# --------------------------------------------------------------------------------------------------

BASE_FILES = {
    "checkout/pyproject.toml": "[project]\nname = 'checkout'\n",
    "checkout/settings.py": 'ORDERS = "orders"\n',
    "checkout/app.py": "from checkout.settings import ORDERS\n\nprint(ORDERS)\n",
    "fraud/pyproject.toml": "[project]\nname = 'fraud'\n",
    "fraud/consumer.py": 'TOPIC = "orders"\nOLD = True\n',
    "fraud/legacy.py": "pass\n",
}
CASE_TOML = (
    '[[case]]\nid = "{id}"\nworld = "shop"\ndescription = "d"\nlanguages = ["python"]\n'
    '[[case.expect]]\nrule = "topic-orphaned"\nmin_severity = "medium"\nimpacted = ["service:fraud"]\n'
    'path = "checkout/topics.py"\n'
)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def _make_corpus(root: Path, case_id: str = "orphan") -> EvalCase:
    """A corpus with one world and one case whose patch renames, edits and deletes."""
    world = root / "worlds" / "shop"
    for rel, text in BASE_FILES.items():
        (world / rel).parent.mkdir(parents=True, exist_ok=True)
        (world / rel).write_text(text)
    scratch = root.parent / f"{root.name}-scratch"
    shutil.copytree(world, scratch)
    _git(scratch, "init", "-q")
    _git(scratch, "add", "-A")
    _git(scratch, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "base")
    _git(scratch, "mv", "checkout/settings.py", "checkout/topics.py")
    (scratch / "checkout/app.py").write_text("from checkout.topics import ORDERS\n\nprint(ORDERS + '.v2')\n")
    _git(scratch, "rm", "-q", "fraud/legacy.py")
    _git(scratch, "add", "-A")
    (root / "patches").mkdir(parents=True)
    (root / "patches" / f"{case_id}.diff").write_text(_git(scratch, "diff", "--cached", "-M", "--binary"))
    (root / "orphaned.toml").write_text(CASE_TOML.format(id=case_id))
    (case,) = load_corpus(root)
    return case


def test_build_case_repo_applies_renames_edits_and_deletions(tmp_path: Path):
    case = _make_corpus(tmp_path / "corpus")
    repo = build_case_repo(case, tmp_path / "repo")
    assert _git(repo, "rev-list", "--count", "HEAD").strip() == "2"
    assert _git(repo, "branch", "--show-current").strip() == "main"
    status = _git(repo, "diff", "--name-status", "-M", "HEAD~1", "HEAD").splitlines()
    assert "D\tfraud/legacy.py" in status
    assert "M\tcheckout/app.py" in status
    assert any(
        line.startswith("R") and line.endswith("checkout/settings.py\tcheckout/topics.py") for line in status
    )
    assert _git(repo, "show", "HEAD:checkout/topics.py") == 'ORDERS = "orders"\n'
    assert _git(repo, "show", "HEAD:checkout/app.py").endswith("print(ORDERS + '.v2')\n")
    assert _git(repo, "show", "HEAD~1:checkout/settings.py") == 'ORDERS = "orders"\n'
    assert _git(repo, "status", "--porcelain") == ""


def test_a_patch_that_does_not_apply_is_a_case_format_error(tmp_path: Path):
    case = _make_corpus(tmp_path / "corpus")
    (case.base_dir / "checkout" / "app.py").write_text("something else\n")
    with pytest.raises(CaseFormatError, match="does not apply"):
        build_case_repo(case, tmp_path / "repo")


# --------------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------------


def _case(case_id: str, *expects: Expectation, safe: bool = False) -> EvalCase:
    return EvalCase(
        case_id, "w", Path("/nonexistent") / case_id, "d", ["python"], list(expects), "info" if safe else None
    )


def _f(
    rule: str, severity: str = "high", impacted: tuple[str, ...] = (), cites: tuple[str, ...] = ()
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        title=f"{rule} {severity}",
        reasoning="r",
        impacted=list(impacted),
        citations=[Citation(p, 1, 1, "head", "x") for p in cites],
    )


def _review(*findings: Finding, prompt_tokens: int = 0) -> Review:
    return Review(base="a", head="b", findings=list(findings), llm=LLMReport(prompt_tokens=prompt_tokens))


def _always_valid(side: str, path: str) -> list[str]:
    return ["x"]


EXP = Expectation("schema-breaking", "medium", ("service:fraud", "service:analytics"), "schemas/order.avsc")


def test_finding_satisfies_checks_rule_severity_impacted_and_path():
    good = _f(
        "schema-breaking",
        "high",
        ("service:fraud", "service:analytics", "service:x"),
        ("schemas/order.avsc",),
    )
    assert finding_satisfies(EXP, good)
    assert finding_satisfies(EXP, _f("schema-breaking", "medium", EXP.impacted, ("./schemas/order.avsc",)))
    assert not finding_satisfies(EXP, _f("topic-orphaned", "high", EXP.impacted, ("schemas/order.avsc",)))
    assert not finding_satisfies(EXP, _f("schema-breaking", "low", EXP.impacted, ("schemas/order.avsc",)))
    assert not finding_satisfies(
        EXP, _f("schema-breaking", "high", ("service:fraud",), ("schemas/order.avsc",))
    )
    assert not finding_satisfies(EXP, _f("schema-breaking", "high", EXP.impacted, ("fraud/consumer.py",)))
    no_path = Expectation("lag-risk", "low")
    assert finding_satisfies(no_path, _f("lag-risk", "low"))
    assert not finding_satisfies(no_path, _f("lag-risk", "info"))


def test_match_expectations_explains_misses():
    case = _case("c", EXP, Expectation("lag-risk", "medium", ("service:fraud",)))
    near = _f("schema-breaking", "low", ("service:fraud",), ("schemas/order.avsc",))
    results = match_expectations(case, [near, _f("lag-risk", "high", ("service:fraud",))])
    assert [r.hit for r in results] == [False, True]
    why = results[0].why_missed()
    assert "severity low < medium" in why and "service:analytics" in why
    assert results[0].nearest is near
    assert match_expectations(case, [])[0].why_missed() == "no schema-breaking finding"


def test_unexpected_findings_ignore_info_and_expected_rules():
    case = _case("c", EXP)
    findings = [_f("schema-breaking", "low"), _f("lag-risk", "info"), _f("lag-risk", "medium")]
    assert [f.rule for f in unexpected_findings(case, findings)] == ["lag-risk"]
    safe = _case("s", safe=True)
    assert len(unexpected_findings(safe, findings)) == 2  # everything above info


def test_aggregate_recall_precision_and_false_positive_rate():
    hit_case = _case("hit", EXP)
    miss_case = _case("miss", Expectation("lag-risk", "high", ("service:fraud",)))
    safe_clean = _case("safe-clean", safe=True)
    safe_noisy = _case("safe-noisy", safe=True)
    errored = _case("errored", Expectation("lag-risk", "low"))
    errored_safe = _case("errored-safe", safe=True)
    scores = [
        score_case(
            hit_case,
            _review(
                _f("schema-breaking", "high", EXP.impacted, ("schemas/order.avsc",)),
                _f("schema-breaking", "low"),  # a second finding of an expected rule: still "expected"
                _f("delivery-weakened", "medium"),  # unexpected
                _f("observability-gap", "info"),  # info never counts
            ),
            _always_valid,
        ),
        score_case(miss_case, _review(_f("lag-risk", "medium", ("service:fraud",))), _always_valid),
        score_case(safe_clean, _review(_f("lag-risk", "info")), _always_valid),
        score_case(safe_noisy, _review(_f("partition-key-change", "medium")), _always_valid),
        error_score(errored, "engine unavailable"),
        error_score(errored_safe, "engine unavailable"),
    ]
    report = aggregate(scores)

    sb = report.per_rule["schema-breaking"]
    assert (sb.expected, sb.hit, sb.recall) == (1, 1, 1.0)
    assert (sb.findings, sb.expected_findings, sb.precision) == (2, 2, 1.0)
    lag = report.per_rule["lag-risk"]
    assert (lag.expected, lag.hit, lag.recall) == (2, 0, 0.0)  # the errored case counts as a miss
    assert (lag.findings, lag.expected_findings, lag.precision) == (1, 1, 1.0)
    dw = report.per_rule["delivery-weakened"]
    assert (dw.expected, dw.recall, dw.findings, dw.precision) == (0, None, 1, 0.0)
    pk = report.per_rule["partition-key-change"]
    assert (pk.findings, pk.precision) == (1, 0.0)
    assert report.per_rule["observability-gap"].findings == 0

    assert (report.expected, report.hits) == (3, 1)
    assert report.recall == pytest.approx(1 / 3)
    assert (report.findings_above_info, report.expected_findings) == (5, 3)
    assert report.precision == pytest.approx(3 / 5)
    assert (report.safe_judged, report.safe_with_fp, report.fp_rate) == (
        2,
        1,
        0.5,
    )  # errored safe case not judged
    assert [s.case.id for s in report.errors] == ["errored", "errored-safe"]
    assert [(s.case.id, r.expectation.rule) for s, r in report.misses()] == [
        ("miss", "lag-risk"),
        ("errored", "lag-risk"),
    ]
    assert [(s.case.id, f.rule) for s, f in report.false_positives()] == [
        ("hit", "delivery-weakened"),
        ("safe-noisy", "partition-key-change"),
    ]
    failures = report.target_failures()
    assert any("recall" in f for f in failures)
    assert any("false-positive" in f for f in failures)
    assert any("errored" in f for f in failures)

    data = report.to_json()
    json.dumps(data)  # serialisable
    assert data["totals"]["recall"] == pytest.approx(1 / 3)
    assert data["per_rule"]["schema-breaking"]["precision"] == 1.0
    assert data["targets"]["met"] is False


def test_targets_met_on_a_perfect_run():
    case = _case("c", Expectation("lag-risk", "low"))
    report = aggregate(
        [
            score_case(case, _review(_f("lag-risk", "medium", cites=("a.py",))), _always_valid),
            score_case(_case("s", safe=True), _review(_f("lag-risk", "info")), _always_valid),
        ]
    )
    assert report.recall == 1.0 and report.fp_rate == 0.0 and report.citation_validity == 1.0
    assert report.target_failures() == []


FILES = {
    ("base", "svc/app.py"): ["import json", "", "def f(x):", "    return  json.dumps(x)", ""],
    ("head", "svc/app.py"): ["import json", "", "def f(x):", "    return x"],
}


def _reader(side: str, path: str) -> list[str] | None:
    return FILES.get((side, path))


@pytest.mark.parametrize(
    ("citation", "valid"),
    [
        (
            Citation("svc/app.py", 3, 4, "base", "def f(x):\n    return json.dumps(x)"),
            True,
        ),  # whitespace-normalised
        (Citation("svc/app.py", 3, 4, "base", "  def f(x):   return json.dumps(x)  "), True),
        (Citation("svc/app.py", 4, 4, "head", "    return x"), True),
        (Citation("svc/app.py", 4, 4, "head", "return json.dumps(x)"), False),  # wrong side's text
        (Citation("svc/app.py", 5, 5, "head", ""), False),  # past the end on head
        (Citation("svc/app.py", 4, 3, "base", ""), False),  # inverted range
        (Citation("svc/app.py", 0, 1, "base", "import json"), False),
        (Citation("svc/other.py", 1, 1, "head", "import json"), False),  # missing file
        (Citation("svc/app.py", 1, 1, "middle", "import json"), False),  # type: ignore[arg-type]
    ],
)
def test_check_citation(citation: Citation, valid: bool):
    assert (check_citation(citation, _reader) is None) is valid


def test_citation_validity_is_counted_per_citation():
    case = _case("c", Expectation("lag-risk", "low"))
    finding = _f("lag-risk", "medium")
    finding.citations = [
        Citation("svc/app.py", 4, 4, "head", "return x"),
        Citation("svc/app.py", 4, 4, "base", "return x"),
    ]
    score = score_case(case, _review(finding), _reader)
    assert score.citations_total == 2
    assert len(score.invalid_citations) == 1 and score.invalid_citations[0].citation.side == "base"
    report = aggregate([score])
    assert report.citation_validity == 0.5
    assert any("citation validity" in f for f in report.target_failures())


def test_git_line_reader_reads_both_sides(tmp_path: Path):
    case = _make_corpus(tmp_path / "corpus")
    repo = build_case_repo(case, tmp_path / "repo")
    read = GitLineReader(repo)
    assert read("base", "checkout/settings.py") == ['ORDERS = "orders"']
    assert read("head", "checkout/settings.py") is None
    assert read("head", "checkout/topics.py") == ['ORDERS = "orders"']
    assert check_citation(Citation("checkout/app.py", 3, 3, "head", "print(ORDERS + '.v2')"), read) is None
    assert (
        check_citation(Citation("checkout/app.py", 3, 3, "base", "print(ORDERS + '.v2')"), read) is not None
    )
    assert check_citation(Citation("checkout/topics.py", 1, 1, "base", 'ORDERS = "orders"'), read) is not None
    assert check_citation(Citation("fraud/legacy.py", 1, 1, "base", "pass"), read) is None


# --------------------------------------------------------------------------------------------------
# Running (with a fake engine)
# --------------------------------------------------------------------------------------------------


def _fake_review(repo: Path, base: str, head: str, llm: str) -> Review:
    assert (base, head) == ("HEAD~1", "HEAD")
    text = subprocess.run(
        ["git", "show", "HEAD:checkout/topics.py"], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.rstrip("\n")
    finding = _f("topic-orphaned", "high", ("service:fraud",))
    finding.citations = [Citation("checkout/topics.py", 1, 1, "head", text)]
    return _review(finding, prompt_tokens=1234 if llm == "openai" else 0)


def test_run_case_reports_errors_and_scores_reviews(tmp_path: Path):
    case = _make_corpus(tmp_path / "corpus")
    missing = run_case(case, tmp_path / "w1", None, "engine unavailable: ModuleNotFoundError")
    assert missing.error and "ModuleNotFoundError" in missing.error and not missing.results[0].hit

    def boom(*args, **kwargs):
        raise RuntimeError("kaput")

    raised = run_case(case, tmp_path / "w2", boom, None)
    assert raised.error == "review_change raised RuntimeError: kaput"
    ok = run_case(case, tmp_path / "w3", _fake_review, None)
    assert ok.error is None and ok.results[0].hit and not ok.invalid_citations


def test_cli_json_and_strict_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    cases_dir = tmp_path / "cases"
    _make_corpus(cases_dir)
    monkeypatch.setattr(runner, "load_review_fn", lambda: (_fake_review, None))

    assert evals_main(["--cases-dir", str(cases_dir), "--format", "json", "--strict"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["recall"] == 1.0 and data["targets"]["met"] is True

    seen = {}

    def llm_review(repo: Path, base: str, head: str, llm: str) -> Review:
        import os

        seen["url"], seen["llm"] = os.environ.get("OPENAI_BASE_URL"), llm
        return _fake_review(repo, base, head, llm)

    monkeypatch.setattr(runner, "load_review_fn", lambda: (llm_review, None))
    assert (
        evals_main(["--cases-dir", str(cases_dir), "--format", "json", "--llm", "http://127.0.0.1:9/v1"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert seen == {"url": "http://127.0.0.1:9/v1", "llm": "openai"}
    assert data["cases"][0]["llm"]["prompt_tokens"] == 1234
    import os

    assert "OPENAI_BASE_URL" not in os.environ  # restored after the run

    monkeypatch.setattr(runner, "load_review_fn", lambda: (None, "engine unavailable: ImportError"))
    assert evals_main(["--cases-dir", str(cases_dir)]) == 0  # never fails without --strict
    out = capsys.readouterr().out
    assert "Errors" in out and "engine unavailable" in out
    assert evals_main(["--cases-dir", str(cases_dir), "--strict"]) == 1
    capsys.readouterr()
    assert evals_main(["--cases-dir", str(cases_dir), "--cases", "nomatch*", "--strict"]) == 1


def test_cli_dir_option_selects_another_cases_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    from evals.__main__ import build_parser

    assert build_parser().parse_args([]).cases_dir == CASES_DIR  # default unchanged
    assert build_parser().parse_args(["--dir", "x"]).cases_dir == Path("x")
    assert build_parser().parse_args(["--cases-dir", "x"]).cases_dir == Path("x")  # old spelling

    holdout = tmp_path / "holdout"
    _make_corpus(holdout, "orphan-holdout")
    monkeypatch.setattr(runner, "load_review_fn", lambda: (_fake_review, None))
    assert evals_main(["--dir", str(holdout), "--format", "json", "--strict"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in data["cases"]] == ["orphan-holdout"]

    assert evals_main(["--dir", str(holdout), "--list"]) == 0
    assert "orphan-holdout" in capsys.readouterr().out
    assert evals_main(["--dir", str(holdout), "--cases", "nomatch*", "--strict"]) == 1
    capsys.readouterr()

    with pytest.raises(SystemExit) as exc:
        evals_main(["--dir", str(tmp_path / "missing")])
    assert exc.value.code == 2
    assert "not a directory" in capsys.readouterr().err
