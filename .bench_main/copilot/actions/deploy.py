"""Run a configured deploy command: shell, repository root, timeout, output captured and bounded."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

OUTPUT_LIMIT = 64 * 1024  # bytes kept of each of stdout and stderr (the end, where errors are)


@dataclass(frozen=True)
class RunResult:
    exit_code: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    timed_out: bool

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out

    def to_json(self) -> dict[str, Any]:
        return {
            "exit_code": self.exit_code,
            "timed_out": self.timed_out,
            "stdout": self.stdout,
            "stderr": self.stderr,
        }


def tail(handle: IO[bytes], limit: int = OUTPUT_LIMIT) -> str:
    """The last ``limit`` bytes of a captured stream as text, marked when cut."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - limit))
    text = handle.read().decode("utf-8", "replace")
    return f"[... {size - limit} bytes cut ...]\n{text}" if size > limit else text


def run_command(command: str, cwd: Path, timeout: float, env: Mapping[str, str] | None = None) -> RunResult:
    """``command`` comes from the repository's configuration only (hence ``shell=True``).

    Output goes to temp files (never unbounded memory); at the timeout the whole process group is
    killed.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(  # noqa: S602 - the command is the configured deploy command
            command,
            shell=True,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
        timed_out = False
        try:
            code: int | None = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out, code = True, None
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
        return RunResult(exit_code=code, stdout=tail(out), stderr=tail(err), timed_out=timed_out)
