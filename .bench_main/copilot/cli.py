"""`pipeline-copilot`: one parser, one module per command, one top-level error handler.

The command table lists each command's name, one-line help and the dotted path of its module;
plugins extend it through the `pipeline_copilot_commands` hook (`copilot.plugins`).  The top-level
parser is built from the table alone; a command's module is imported, and its full parser built,
only when the command line selects it — so `--help` and every other command stay fast and never
import another command's libraries.

Each module exposes ``register(subparsers)``, which adds its parser and sets ``func`` to a
``run(args) -> int``.  Modules keep heavy imports inside ``run``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from copilot import __version__
from copilot.errors import CopilotError
from copilot.registry import CommandSpec
from copilot.sanitize import one_line

# The built-in commands; the order here is the order of `--help` (plugin commands follow).
COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("review", "review a change for pipeline risk", "copilot.commands.review"),
    CommandSpec("graph", "scan a repository and show its producers, consumers, topics and schemas", "copilot.commands.graph"),
    CommandSpec("schema", "check Avro schema evolution the way Schema Registry does", "copilot.commands.schema"),
    CommandSpec("demo", "build the bundled example into a git repo with a risky change and review it", "copilot.commands.demo"),
    CommandSpec("actions", "list proposed actions (patches, schema registrations, deploy steps) or show one", "copilot.commands.actions"),
    CommandSpec("approve", "approve one proposed action after seeing its exact patch or command", "copilot.commands.approve"),
    CommandSpec("reject", "reject a proposed action, with a reason", "copilot.commands.reject"),
    CommandSpec("apply", "apply an approved action (patch, schema registration or deploy step)", "copilot.commands.apply"),
    CommandSpec("ack", "acknowledge a review finding for a commit range (or `ack list`)", "copilot.commands.ack"),
    CommandSpec("audit", "verify or show the audit log of approvals, rejections, applies and acknowledgements", "copilot.commands.audit"),
    CommandSpec("hook", "install, remove or run the git pre-push hook", "copilot.commands.hook"),
)  # fmt: skip


class _LazyCommands(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Sub-commands listed from the table; a command's real parser is built when it is chosen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands: dict[str, CommandSpec] = {}
        self._loaded: set[str] = set()

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if name in self.commands and name in self._name_parser_map and name not in self._loaded:
            # the module's own register() replaces the placeholder, in the table's place
            del self._name_parser_map[name]
            place = [a.dest for a in self._choices_actions].index(name)
            del self._choices_actions[place]
            parser = super().add_parser(name, **kwargs)
            self._choices_actions.insert(place, self._choices_actions.pop())
            return parser
        return super().add_parser(name, **kwargs)

    def load(self, name: str) -> None:
        """Import the command's module and build its parser (once)."""
        spec = self.commands.get(name)
        if spec is not None and name not in self._loaded:
            importlib.import_module(spec.module).register(self)
            self._loaded.add(name)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        if values:
            self.load(values[0])
        super().__call__(parser, namespace, values, option_string)


def command_table() -> list[CommandSpec]:
    """The built-in commands, then every plugin's (a plugin cannot replace a built-in)."""
    from copilot.registry import plugin_commands

    taken = {spec.name for spec in COMMANDS}
    return [*COMMANDS, *(spec for spec in plugin_commands() if spec.name not in taken)]


def build_parser(
    commands: Iterable[CommandSpec] | None = None, argv: Sequence[str] | None = None
) -> argparse.ArgumentParser:
    """The parser; given the command line (`argv`) that names a built-in command, plugins are not
    looked up at all (finding them reads every installed package's entry points)."""
    if commands is None and argv and argv[0] in {spec.name for spec in COMMANDS}:
        commands = COMMANDS
    parser = argparse.ArgumentParser(
        prog="pipeline-copilot",
        description="Review changes to streaming data pipelines in the context of the whole data flow.",
    )
    parser.add_argument("--version", action="version", version=f"pipeline-copilot {__version__}")
    parser.register("action", "parsers", _LazyCommands)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    assert isinstance(sub, _LazyCommands)
    for spec in command_table() if commands is None else commands:
        if spec.name not in sub.commands:
            sub.commands[spec.name] = spec
            sub.add_parser(spec.name, help=spec.help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. A CopilotError is a one-line message; anything unexpected is one line too,
    its traceback written to ``<git dir>/pipeline-copilot/errors.log`` (see ``copilot.crash``)."""
    args: argparse.Namespace | None = None
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        parser = build_parser(argv=argv)
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        return int(args.func(args))
    except CopilotError as exc:
        print(f"pipeline-copilot: error: {one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("pipeline-copilot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the one catch-all: a line for the person, the rest to a log
        from copilot import crash

        where = getattr(args, "repo", None) or getattr(args, "path", None)  # the repository it was about
        print(crash.report(exc, where, argv), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
