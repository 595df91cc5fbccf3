"""The shared Avro conformance cases (580: Apache Avro, Karapace, Confluent Schema Registry test suites)
run through can_read by the cases' own runner: every runnable case must pass."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "conformance" / "avro"
RUNNER = SHARED / "check_avro_cases.py"


@pytest.mark.skipif(not RUNNER.is_file(), reason=f"conformance runner not found at {RUNNER}")
def test_every_runnable_conformance_case_passes() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.run(
        [sys.executable, str(RUNNER), "tests.schema.avro_conformance_adapter:is_compatible"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = proc.stdout.strip().splitlines()
    assert lines, proc.stderr
    last = lines[-1]
    counts = {part.split()[1]: int(part.split()[0]) for part in last.split(", ")}
    assert counts.get("failed", 0) == 0, proc.stdout[-4000:]
    assert counts["passed"] >= 574, last
    assert proc.returncode == 0
