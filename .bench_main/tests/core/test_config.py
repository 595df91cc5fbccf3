"""Settings: one validated model over the repository's committed config, the user's config, env, flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.cli import main
from copilot.config import load_config
from copilot.errors import CopilotError
from tests.conftest import MakeRepo, commit, git
from tests.review.helpers import BASE, CONSUMER

RISKY = {"fraud/worker.py": CONSUMER.replace('"group.id": "fraud"', '"group.id": "fraud-v2"')}


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_pyproject_table_and_modes(make_repo: MakeRepo) -> None:
    repo = make_repo({
        "pyproject.toml": '[tool.pipeline-copilot.compatibility]\ndefault = "full"\n'
        'subjects = { "orders-value" = "FORWARD_TRANSITIVE" }\n'
        '[tool.pipeline-copilot.deploy]\nfraud = "make -C fraud deploy"\n'
    })  # fmt: skip
    cfg = load_config(repo)
    assert cfg.default_mode == "FULL"
    assert cfg.mode_for("orders") == "FORWARD_TRANSITIVE"
    assert cfg.mode_for("payments") == "FULL"
    assert cfg.deploy == {"fraud": "make -C fraud deploy"}
    assert cfg.deploy_origin("fraud")["file"] == "pyproject.toml"


def test_own_file_wins_and_defaults(make_repo: MakeRepo) -> None:
    repo = make_repo({"README.md": "x\n"})
    assert load_config(repo).default_mode == "BACKWARD"
    commit(repo, {
        ".pipeline-copilot.toml": '[compatibility]\ndefault = "NONE"\n',
        "pyproject.toml": '[tool.pipeline-copilot.compatibility]\ndefault = "FULL"\n',
    })  # fmt: skip
    assert load_config(repo).default_mode == "NONE"


def test_the_committed_config_counts_never_the_work_tree(make_repo: MakeRepo) -> None:
    repo = make_repo({".pipeline-copilot.toml": '[review]\nfail_on = "medium"\n'})
    first = commit(repo, {".pipeline-copilot.toml": '[review]\nfail_on = "low"\n'})
    (repo / ".pipeline-copilot.toml").write_text('[review]\nfail_on = "never"\n')
    assert load_config(repo).fail_on == "low"  # HEAD, not the uncommitted edit
    assert load_config(repo, f"{first}~1").fail_on == "medium"  # a review's base
    assert load_config(repo).trusted_rev == first


def test_a_plain_directory_reads_its_files(tmp_path: Path) -> None:
    (tmp_path / ".pipeline-copilot.toml").write_text('[compatibility]\ndefault = "FULL"\n')
    assert load_config(tmp_path).default_mode == "FULL"


def test_bad_config_names_the_file(tmp_path: Path) -> None:
    (tmp_path / ".pipeline-copilot.toml").write_text('[compatibility]\ndefault = "SIDEWAYS"\n')
    with pytest.raises(CopilotError, match=r"\.pipeline-copilot\.toml: \[compatibility\]\.default: unknown compatibility mode 'SIDEWAYS'"):
        load_config(tmp_path)
    (tmp_path / ".pipeline-copilot.toml").write_text("[compatibility\n")
    with pytest.raises(CopilotError, match="not valid TOML"):
        load_config(tmp_path)


def test_every_layer_in_order(make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo({".pipeline-copilot.toml": '[review]\nfail_on = "low"\n[llm]\nmodel = "repo"\ntimeout = 5\n'})
    user = tmp_path / "user.toml"
    user.write_text('[llm]\nmodel = "user"\nmax_tokens = 2048\n')
    monkeypatch.setenv("PIPELINE_COPILOT_CONFIG", str(user))
    cfg = load_config(repo)
    assert (cfg.fail_on, cfg.llm.model, cfg.llm.timeout, cfg.llm.max_tokens) == ("low", "user", 5.0, 2048)
    monkeypatch.setenv("PIPELINE_COPILOT_MODEL", "env")
    monkeypatch.setenv("PIPELINE_COPILOT_LLM_TIMEOUT", "7.5")
    monkeypatch.setenv("PIPELINE_COPILOT_LLM_MAX_TOKENS", "512")
    monkeypatch.setenv("PIPELINE_COPILOT_LLM_CONTEXT_TOKENS", "3000")
    monkeypatch.setenv("PIPELINE_COPILOT_LLM_STRUCTURED_OUTPUT", "tools")
    monkeypatch.setenv("PIPELINE_COPILOT_FAIL_ON", "medium")
    cfg = load_config(repo)
    assert (cfg.llm.model, cfg.llm.timeout, cfg.llm.max_tokens, cfg.fail_on) == ("env", 7.5, 512, "medium")
    assert (cfg.llm.max_context_tokens, cfg.llm.structured_output) == (3000, "tools")
    assert load_config(repo, flags={"review": {"fail_on": "info"}}).fail_on == "info"


def test_the_platform_user_config_dir(make_repo: MakeRepo) -> None:
    import os

    path = Path(os.environ["XDG_CONFIG_HOME"]) / "pipeline-copilot" / "config.toml"  # isolated by conftest
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[deploy]\nmine = "echo mine"\n')
    cfg = load_config(make_repo({"README.md": "x\n"}))
    assert cfg.deploy == {"mine": "echo mine"}
    assert cfg.deploy_origin("mine") == {"source": "user config", "file": str(path)}


def test_every_key_with_its_default(make_repo: MakeRepo) -> None:
    cfg = load_config(make_repo({"README.md": "x\n"}))
    llm = cfg.llm
    assert (llm.provider, llm.model, llm.base_url, llm.api_key_env) == (None, None, None, "OPENAI_API_KEY")
    assert (llm.timeout, llm.max_retries, llm.max_tokens, llm.structured_output, llm.unverified) == (
        60.0, 2, 1024, "auto", "show",
    )  # fmt: skip
    assert (cfg.fail_on, cfg.ignore, cfg.llm_blocks, cfg.rules, cfg.deploy_timeout) == ("high", [], False, {}, 600.0)


def test_rule_tables(make_repo: MakeRepo) -> None:
    repo = make_repo({".pipeline-copilot.toml": (
        '[rules.lag-risk]\nenabled = false\n'
        '[rules.delivery-weakened]\nseverity = "high"\npaths = ["checkout/**"]\noptions = { min_acks = "all", n = 2 }\n'
        '[review]\nllm_blocks = true\n'
    )})  # fmt: skip
    cfg = load_config(repo)
    assert cfg.rules["lag-risk"].enabled is False and cfg.rules["lag-risk"].severity is None
    rule = cfg.rules["delivery-weakened"]
    assert (rule.enabled, rule.severity, rule.paths, rule.options) == (True, "high", ["checkout/**"], {"min_acks": "all", "n": 2})
    assert cfg.llm_blocks is True


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[review]\nfail_on = "critical"\n', "[review].fail_on: Input should be 'high', 'medium', 'low', 'info' or 'never' (got 'critical')"),
        ('[llm]\ntimeout = "soon"\n', "[llm].timeout: Input should be a valid number"),
        ('[llm]\nstructured_output = "xml"\n', "[llm].structured_output: Input should be 'auto', 'json_schema'"),
        ('[llm]\nmax_tokens = 0\n', "[llm].max_tokens: Input should be greater than 0"),
        ('[rules.lag-risk]\nseverity = "urgent"\n', "[rules.lag-risk].severity: Input should be"),
        ('[deploy]\nfraud = ""\n', "[deploy].fraud: must be a non-empty command string"),
    ],
)
def test_a_bad_value_is_one_line_naming_file_and_key(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    repo = make_repo({**BASE, ".pipeline-copilot.toml": text})
    commit(repo, RISKY)
    code, _out, err = run(capsys, "review", "--repo", repo, "--llm", "off")
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert ".pipeline-copilot.toml at commit" in err and message in err


def test_a_bad_environment_value_names_the_variable(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(BASE)
    monkeypatch.setenv("PIPELINE_COPILOT_LLM_TIMEOUT", "soon")
    code, _out, err = run(capsys, "graph", repo)
    assert code == 2 and err.count("\n") == 1
    assert "environment variable PIPELINE_COPILOT_LLM_TIMEOUT: Input should be a valid number" in err


def test_unknown_keys_get_a_did_you_mean(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    repo = make_repo({**BASE, ".pipeline-copilot.toml": '[review]\nfailon = "never"\n[llm]\ntimout = 5\n[deplyo]\nx = "y"\n'})
    commit(repo, RISKY)
    code, out, _err = run(capsys, "review", "--repo", repo, "--llm", "off", "--format", "json")
    assert code == 1  # the misspelled key did nothing
    warnings = json.loads(out)["warnings"]
    assert any("unknown key [review].failon; did you mean `fail_on`?" in w and ".pipeline-copilot.toml" in w for w in warnings)
    assert any("unknown key [llm].timout; did you mean `timeout`?" in w for w in warnings)
    assert any("unknown key [deplyo]; did you mean `deploy`?" in w for w in warnings)


def test_llm_openai_with_nothing_configured_says_what_to_set(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(BASE)
    commit(repo, RISKY)
    code, _out, err = run(capsys, "review", "--repo", repo, "--llm", "openai")
    assert code == 2 and err.count("\n") == 1
    assert "OPENAI_API_KEY" in err and "OPENAI_BASE_URL" in err and "config.toml" in err
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # configured (refused connection: degrades)
    assert run(capsys, "review", "--repo", repo, "--llm", "openai")[0] == 1


def test_a_missing_user_config_named_by_the_variable_is_an_error(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIPELINE_COPILOT_CONFIG", str(tmp_path / "nope.toml"))
    with pytest.raises(CopilotError, match="nope.toml: no such file"):
        load_config(make_repo({"README.md": "x\n"}))


def test_validated_settings_are_cached_by_their_exact_inputs(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import copilot.settings_model as model

    repo = make_repo({".pipeline-copilot.toml": '[review]\nfail_on = "low"\n[llm]\ntimout = 5\n'})
    user = tmp_path / "user.toml"
    user.write_text('[llm]\nmodel = "a"\n')
    monkeypatch.setenv("PIPELINE_COPILOT_CONFIG", str(user))
    first = load_config(repo)
    calls = []
    real = model.validate
    monkeypatch.setattr(model, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = load_config(repo)
    assert again == first and calls == []  # read back, not validated again (warnings included)
    assert any("did you mean `timeout`" in w for w in again.warnings)
    user.write_text('[llm]\nmodel = "b"\n')
    assert load_config(repo).llm.model == "b" and calls == [1]
    commit(repo, {".pipeline-copilot.toml": '[review]\nfail_on = "medium"\n'})
    assert load_config(repo).fail_on == "medium" and calls == [1, 1]
    assert load_config(repo, flags={"review": {"fail_on": "info"}}).fail_on == "info" and len(calls) == 3


def test_commits_without_settings_share_one_validated_result(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """A push after a push: each base is a new commit, none of which holds settings; the settings
    model (pydantic-settings) validates once, later bases read the cached result."""
    import copilot.config as config

    repo = make_repo({"README.md": "x\n", "pyproject.toml": "[project]\nname = 'shop'\n"})
    calls: list[int] = []
    real = config.build
    monkeypatch.setattr(config, "build", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = load_config(repo)
    commit(repo, {"README.md": "y\n"})
    second = load_config(repo)
    assert len(calls) == 1 and second == first
    commit(repo, {"pyproject.toml": "[tool.pipeline-copilot.review]\nfail_on = 'low'\n"})
    third = load_config(repo)  # a commit with settings is read (and its commit is the provenance)
    assert len(calls) == 2 and third.fail_on == "low" and third.trusted_rev == git(repo, "rev-parse", "HEAD").strip()
