"""The command table: `--help` lists every command without importing any command module or heavy
library; a command's module loads when the command line names it; plugins can add commands."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from copilot import cli
from copilot.cli import build_parser, command_table, main
from copilot.registry import CommandSpec

PROJECT_ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("networkx", "git", "langchain", "langchain_core", "langchain_openai", "textual", "rich", "avro", "fastavro", "tree_sitter")


def _modules_after(statement: str) -> set[str]:
    code = (
        "import contextlib, io, sys\n"
        "from copilot.cli import build_parser, main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    {statement}\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_help_imports_no_command_module_and_no_heavy_library():
    loaded = _modules_after("main(['--help'])")
    assert {m.split(".")[0] for m in loaded} & set(HEAVY) == set()
    modules = {spec.module for spec in command_table()}
    assert len(modules) >= 13 and modules & loaded == set()


def test_a_command_loads_only_its_own_module():
    loaded = _modules_after("build_parser().parse_args(['graph', '.'])")
    assert "copilot.commands.graph" in loaded
    assert {spec.module for spec in command_table()} & loaded == {"copilot.commands.graph"}
    assert "networkx" not in loaded  # the graph command imports the scanner when it runs


def test_help_lists_every_command_in_table_order_with_the_modules_own_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    table = command_table()
    assert {"review", "hook", "rules", "tui"} <= {spec.name for spec in table}  # built-ins and plugins
    positions = [text.index(f"\n    {spec.name} ") for spec in table]
    assert positions == sorted(positions)
    for spec in cli.COMMANDS:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        __import__(spec.module, fromlist=["register"]).register(sub)
        (action,) = [a for a in sub._choices_actions if a.dest == spec.name]
        assert action.help == spec.help, spec.name  # the table says what the module says


def test_a_loaded_command_parses_its_full_arguments():
    args = build_parser().parse_args(["review", "--staged", "--format", "json"])
    assert args.command == "review" and args.staged and args.format == "json" and callable(args.func)
    args = build_parser().parse_args(["hook", "run", "pre-push", "origin"])
    assert args.hook_command == "run" and args.remote == "origin"


def test_a_plugin_command_added_to_the_table(tmp_path, monkeypatch, capsys):
    (tmp_path / "hello_cmd.py").write_text(
        "def register(sub):\n"
        "    p = sub.add_parser('hello', help='say hello')\n"
        "    p.add_argument('--name', default='world')\n"
        "    p.set_defaults(func=lambda args: print(f'hello {args.name}') or 0)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(cli, "COMMANDS", (*cli.COMMANDS, CommandSpec("hello", "say hello", "hello_cmd")))
    assert "hello_cmd" not in sys.modules or sys.modules.pop("hello_cmd")
    parser = build_parser()
    assert "hello" in parser.format_help() and "hello_cmd" not in sys.modules
    assert main(["hello", "--name", "you"]) == 0
    assert capsys.readouterr().out == "hello you\n"


def test_an_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["nope"])
    assert exc.value.code == 2
    assert "invalid choice: 'nope'" in capsys.readouterr().err


def test_a_built_in_command_does_not_look_plugins_up():
    loaded = _modules_after("main(['hook', '--help'])")
    assert "copilot.commands.hook" in loaded
    assert "pluggy" not in loaded and "importlib.metadata" not in loaded
    assert "pluggy" in _modules_after("main(['--help'])")  # the full list names plugin commands too


def test_the_entry_point_list_is_found_once_then_read_from_the_cache(tmp_path):
    """Finding plugins reads every installed package's metadata (importlib.metadata); the list is
    remembered per sys.path and folder times, so a later run imports none of that."""
    import os

    code = "import sys\nfrom copilot.plugins import entry_points\nprint(sorted(entry_points()), 'importlib.metadata' in sys.modules)\n"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def run(extra_path: str = "") -> str:
        paths = os.pathsep.join(p for p in (extra_path, str(PROJECT_ROOT)) if p)
        proc = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env={**env, "PYTHONPATH": paths}, capture_output=True, text=True, check=True)
        return proc.stdout.strip()

    assert run() == "[('tui', 'tui.plugin')] True"
    assert run() == "[('tui', 'tui.plugin')] False"
    site = tmp_path / "site"  # a package installed into a new folder on the path is found
    (site / "extra_plugin-1.0.dist-info").mkdir(parents=True)
    (site / "extra_plugin-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: extra-plugin\nVersion: 1.0\n")
    (site / "extra_plugin-1.0.dist-info" / "entry_points.txt").write_text("[pipeline_copilot]\nextra = extra_plugin\n")
    assert run(str(site)) == "[('extra', 'extra_plugin'), ('tui', 'tui.plugin')] True"
    assert run(str(site)) == "[('extra', 'extra_plugin'), ('tui', 'tui.plugin')] False"


def test_an_entry_point_names_a_module_or_an_attribute_of_it():
    from copilot import plugins

    assert plugins._load("copilot.plugins") is plugins
    assert plugins._load("copilot.plugins : Hooks") is plugins.Hooks
    assert plugins._load("copilot.plugins:Hooks.pipeline_copilot_rules [extra]") is plugins.Hooks.pipeline_copilot_rules
    with pytest.raises(ValueError, match="not `module:attr`"):
        plugins._load("not a module")
