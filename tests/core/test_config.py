"""Project settings from .pipeline-copilot.toml or pyproject.toml."""

from __future__ import annotations

import pytest

from copilot.config import load_config
from copilot.errors import CopilotError


def test_pyproject_table_and_modes(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipeline-copilot.compatibility]\ndefault = "full"\nsubjects = { "orders-value" = "FORWARD_TRANSITIVE" }\n'
        '[tool.pipeline-copilot.deploy]\nfraud = "make -C fraud deploy"\n'
    )
    cfg = load_config(tmp_path)
    assert cfg.default_mode == "FULL"
    assert cfg.mode_for("orders") == "FORWARD_TRANSITIVE"
    assert cfg.mode_for("payments") == "FULL"
    assert cfg.deploy == {"fraud": "make -C fraud deploy"}


def test_own_file_wins_and_defaults(tmp_path):
    assert load_config(tmp_path).default_mode == "BACKWARD"
    (tmp_path / ".pipeline-copilot.toml").write_text('[compatibility]\ndefault = "NONE"\n')
    (tmp_path / "pyproject.toml").write_text('[tool.pipeline-copilot.compatibility]\ndefault = "FULL"\n')
    assert load_config(tmp_path).default_mode == "NONE"


def test_bad_config_names_the_file(tmp_path):
    (tmp_path / ".pipeline-copilot.toml").write_text('[compatibility]\ndefault = "SIDEWAYS"\n')
    with pytest.raises(CopilotError, match=r"\.pipeline-copilot\.toml.*unknown compatibility mode 'SIDEWAYS'"):
        load_config(tmp_path)
    (tmp_path / ".pipeline-copilot.toml").write_text("[compatibility\n")
    with pytest.raises(CopilotError, match="not valid TOML"):
        load_config(tmp_path)
