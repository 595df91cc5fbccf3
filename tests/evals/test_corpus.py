"""The eval corpus is well-formed, and the runner's scoring is right (no engine needed)."""

from __future__ import annotations

import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from copilot.model.findings import SEVERITIES, Citation, Finding, LLMReport, Review
from copilot.registry import rule_ids
from evals import runner
from evals.__main__ import main as evals_main
from evals.runner import (
    CASES_DIR,
    CaseFormatError,
    EvalCase,
    Expectation,
    GitLineReader,
    aggregate,
    build_case_repo,
    check_citation,
    discover_cases,
    error_score,
    finding_satisfies,
    load_case,
    match_expectations,
    run_case,
    score_case,
    unexpected_findings,
)

MANIFESTS = (
    "pyproject.toml",
    "setup.py",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "go.mod",
    "package.json",
)

# --------------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------------

CASE_DIRS = sorted(p for p in CASES_DIR.iterdir() if p.is_dir())
CASES = discover_cases()

# The holdout corpus (evals/holdout) measures generalisation: it follows the same case format
# but is not held to the main corpus's size and per-rule coverage rules.
HOLDOUT_DIR = CASES_DIR.parent / "holdout"
HOLDOUT_CASE_DIRS = sorted(p for p in HOLDOUT_DIR.iterdir() if p.is_dir()) if HOLDOUT_DIR.is_dir() else []
HOLDOUT = discover_cases(cases_dir=HOLDOUT_DIR) if HOLDOUT_DIR.is_dir() else []
# A second holdout (evals/holdout2), written blind to the implementation; same format and rules.
HOLDOUT2_DIR = CASES_DIR.parent / "holdout2"
HOLDOUT2_CASE_DIRS = sorted(p for p in HOLDOUT2_DIR.iterdir() if p.is_dir()) if HOLDOUT2_DIR.is_dir() else []
HOLDOUT2 = discover_cases(cases_dir=HOLDOUT2_DIR) if HOLDOUT2_DIR.is_dir() else []
# A third holdout (evals/holdout3), also written blind to the implementation; same format and rules.
HOLDOUT3_DIR = CASES_DIR.parent / "holdout3"
HOLDOUT3_CASE_DIRS = sorted(p for p in HOLDOUT3_DIR.iterdir() if p.is_dir()) if HOLDOUT3_DIR.is_dir() else []
HOLDOUT3 = discover_cases(cases_dir=HOLDOUT3_DIR) if HOLDOUT3_DIR.is_dir() else []
ALL_CASES = CASES + HOLDOUT + HOLDOUT2 + HOLDOUT3
ALL_CASE_IDS = (
    [c.id for c in CASES]
    + [f"holdout/{c.id}" for c in HOLDOUT]
    + [f"holdout2/{c.id}" for c in HOLDOUT2]
    + [f"holdout3/{c.id}" for c in HOLDOUT3]
)


def _files(root: Path) -> set[str]:
    if not root.is_dir():
        return set()
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _service_dirs(case: EvalCase) -> dict[str, str]:
    """service name -> folder, for every folder with a build manifest in base/ or head/."""
    dirs: dict[str, str] = {}
    for rel in _files(case.base_dir) | _files(case.head_dir):
        folder, _, name = rel.rpartition("/")
        if name in MANIFESTS and folder:
            dirs[folder.rsplit("/", 1)[-1]] = folder
    return dirs


def test_corpus_size_and_safe_cases():
    assert len(CASES) >= 36
    assert len(CASES) == len(CASE_DIRS)
    assert sum(1 for c in CASES if c.safe) >= 12


def test_every_case_folder_has_a_case_toml_and_a_kebab_case_id():
    for root in CASE_DIRS + HOLDOUT_CASE_DIRS + HOLDOUT2_CASE_DIRS + HOLDOUT3_CASE_DIRS:
        assert (root / "case.toml").is_file(), root.name
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", root.name), root.name


def test_every_rule_is_covered_at_least_twice_in_different_languages():
    by_rule: dict[str, list[EvalCase]] = defaultdict(list)
    for case in CASES:
        for rule in case.expected_rules:
            by_rule[rule].append(case)
    for rule in rule_ids():
        assert len(by_rule[rule]) >= 2, f"{rule} has {len(by_rule[rule])} triggering case(s)"
        language_sets = {tuple(sorted(c.languages)) for c in by_rule[rule]}
        assert len(language_sets) >= 2, f"{rule} is only covered in {language_sets}"


def test_holdout_corpus_is_loadable_and_distinct_from_the_main_corpus():
    if not HOLDOUT_DIR.is_dir():
        pytest.skip("no evals/holdout")
    assert len(HOLDOUT) == len(HOLDOUT_CASE_DIRS) > 0
    assert any(c.safe for c in HOLDOUT) and any(not c.safe for c in HOLDOUT)
    assert not {c.id for c in HOLDOUT} & {c.id for c in CASES}, "holdout ids must not reuse main case ids"


def test_holdout2_corpus_is_loadable_and_distinct_from_the_other_corpora():
    if not HOLDOUT2_DIR.is_dir():
        pytest.skip("no evals/holdout2")
    assert len(HOLDOUT2) == len(HOLDOUT2_CASE_DIRS) > 0
    assert any(c.safe for c in HOLDOUT2) and any(not c.safe for c in HOLDOUT2)
    others = {c.id for c in CASES} | {c.id for c in HOLDOUT}
    assert not {c.id for c in HOLDOUT2} & others, "holdout2 ids must not reuse main or holdout case ids"


def test_holdout3_corpus_is_loadable_and_distinct_from_the_other_corpora():
    if not HOLDOUT3_DIR.is_dir():
        pytest.skip("no evals/holdout3")
    assert len(HOLDOUT3) == len(HOLDOUT3_CASE_DIRS) > 0
    assert any(c.safe for c in HOLDOUT3) and any(not c.safe for c in HOLDOUT3)
    others = {c.id for c in CASES} | {c.id for c in HOLDOUT} | {c.id for c in HOLDOUT2}
    assert not {c.id for c in HOLDOUT3} & others, "holdout3 ids must not reuse main, holdout or holdout2 case ids"


@pytest.mark.parametrize("case", ALL_CASES, ids=ALL_CASE_IDS)
def test_case_is_well_formed(case: EvalCase):
    assert case.description
    assert case.languages
    for exp in case.expectations:
        assert exp.rule in rule_ids()
        assert exp.min_severity in SEVERITIES
    if case.safe:
        assert case.expect_none_above == "info"
        assert not case.expectations
    else:
        assert case.expectations

    base = _files(case.base_dir)
    head = _files(case.head_dir)
    deletions = case.deletions()
    renames = case.renames()
    assert base, "base/ is empty"
    assert head or deletions or renames, "the case changes nothing"

    for path in deletions:
        assert path in base, f"delete.txt: {path} not in base/"
    for old, new in renames:
        assert old in base, f"rename.txt: {old} not in base/"
        assert new not in base, f"rename.txt: {new} already in base/"
    renamed_to = {new: old for old, new in renames}
    for rel in head:
        before = case.base_dir / renamed_to.get(rel, rel)
        if before.is_file() and rel not in renamed_to:
            assert before.read_bytes() != (case.head_dir / rel).read_bytes(), f"head/{rel} equals base"

    # A multi-service repo: at least two deployable folders with a build manifest.
    services = _service_dirs(case)
    assert len(services) >= 2, f"only services {sorted(services)}"
    after = (base - set(deletions) - {old for old, _ in renames}) | {new for _, new in renames} | head
    for exp in case.expectations:
        for node in exp.impacted:
            name = node.removeprefix("service:")
            assert name in services, f"{node} is not a service folder of the case ({sorted(services)})"
        if exp.path:
            assert exp.path in after or exp.path in base, f"expected path {exp.path} is in neither tree"


def test_case_toml_rejects_unknown_rules_and_missing_parts(tmp_path: Path):
    def write(name: str, toml: str, base: bool = True) -> Path:
        root = tmp_path / name
        (root / "base" / "svc").mkdir(parents=True)
        if base:
            (root / "base" / "svc" / "app.py").write_text("x = 1\n")
        (root / "case.toml").write_text(toml)
        return root

    good = 'description = "d"\nlanguages = ["python"]\n'
    with pytest.raises(CaseFormatError, match="unknown rule"):
        load_case(write("a", good + '[[expect]]\nrule = "no-such-rule"\nmin_severity = "high"\n'))
    with pytest.raises(CaseFormatError, match="min_severity"):
        load_case(write("b", good + '[[expect]]\nrule = "lag-risk"\nmin_severity = "critical"\n'))
    with pytest.raises(CaseFormatError, match="needs"):
        load_case(write("c", good))
    with pytest.raises(CaseFormatError, match="base/"):
        load_case(write("d", good + 'expect_none_above = "info"\n', base=False))
    with pytest.raises(CaseFormatError, match="service ids"):
        load_case(
            write("e", good + '[[expect]]\nrule = "lag-risk"\nmin_severity = "low"\nimpacted = ["fraud"]\n')
        )
    with pytest.raises(CaseFormatError, match="case.toml"):
        load_case(tmp_path / "missing")
    ok = load_case(write("f", good + 'expect_none_above = "info"\n'))
    assert ok.safe and ok.id == "f"


# --------------------------------------------------------------------------------------------------
# Building a case repository
# --------------------------------------------------------------------------------------------------


def _make_case_dir(root: Path) -> EvalCase:
    files = {
        "case.toml": 'description = "d"\nlanguages = ["python"]\n'
        '[[expect]]\nrule = "topic-orphaned"\nmin_severity = "medium"\nimpacted = ["service:fraud"]\n'
        'path = "checkout/topics.py"\n',
        "base/checkout/pyproject.toml": "[project]\nname = 'checkout'\n",
        "base/checkout/settings.py": 'ORDERS = "orders"\n',
        "base/checkout/app.py": "from checkout.settings import ORDERS\n\nprint(ORDERS)\n",
        "base/fraud/pyproject.toml": "[project]\nname = 'fraud'\n",
        "base/fraud/consumer.py": 'TOPIC = "orders"\nOLD = True\n',
        "base/fraud/legacy.py": "pass\n",
        "head/checkout/app.py": "from checkout.topics import ORDERS\n\nprint(ORDERS + '.v2')\n",
        "rename.txt": "checkout/settings.py checkout/topics.py\n",
        "delete.txt": "fraud/legacy.py\n",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return load_case(root)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def test_build_case_repo_applies_renames_overlay_and_deletions(tmp_path: Path):
    case = _make_case_dir(tmp_path / "case-a")
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


def test_a_corpus_case_with_a_rename_builds(tmp_path: Path):
    case = next(c for c in CASES if c.renames())
    repo = build_case_repo(case, tmp_path / case.id)
    status = _git(repo, "diff", "--name-status", "-M", "HEAD~1", "HEAD")
    assert status.startswith(("R", "M")) and "R" in status


# --------------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------------


def _case(case_id: str, *expects: Expectation, safe: bool = False) -> EvalCase:
    return EvalCase(
        case_id, Path("/nonexistent") / case_id, "d", ["python"], list(expects), "info" if safe else None
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
    case = _make_case_dir(tmp_path / "case-b")
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
    case = _make_case_dir(tmp_path / "case-c")
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
    _make_case_dir(cases_dir / "orphan")
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
    _make_case_dir(holdout / "orphan-holdout")
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
