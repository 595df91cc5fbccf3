"""A scan runs with Python's cyclic garbage collector paused and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from copilot.errors import CopilotError
from copilot.scan import repo as scan_repo

PRODUCER = """from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092"})


def publish(value: bytes) -> None:
    producer.produce("orders", value=value)
"""


@pytest.fixture
def collector_during_extraction(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the collector was on while the scan extracted its files (one entry per batch)."""
    seen: list[bool] = []
    extract_all = scan_repo._extract_all

    def watched(jobs, progress=None):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return extract_all(jobs, progress)

    monkeypatch.setattr(scan_repo, "_extract_all", watched)
    return seen


def test_the_collector_is_paused_while_a_scan_runs_and_on_again_after(make_repo, collector_during_extraction) -> None:
    repo = make_repo({"orders/pyproject.toml": "", "orders/app.py": PRODUCER})
    assert gc.isenabled()
    result = scan_repo.scan(repo, "HEAD", use_cache=False)
    assert collector_during_extraction and not any(collector_during_extraction)
    assert gc.isenabled()
    assert [e.topic_name for e in result.endpoints] == ["orders"]  # the scan itself is unchanged


def test_a_caller_that_paused_the_collector_finds_it_paused(make_repo, collector_during_extraction) -> None:
    repo = make_repo({"orders/pyproject.toml": "", "orders/app.py": PRODUCER})
    gc.disable()
    try:
        scan_repo.scan(repo, "HEAD", use_cache=False)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_failed_scan_turns_the_collector_back_on(tmp_path) -> None:
    with pytest.raises(CopilotError):
        scan_repo.scan(tmp_path / "not-a-repository", "HEAD", use_cache=False)
    assert gc.isenabled()
