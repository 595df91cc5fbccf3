"""Reports print each data-flow path once: a path that is the start of a longer one is not repeated."""

from __future__ import annotations

from copilot.report.labels import shown_paths

A = ["service:checkout", "topic:orders", "service:fraud"]
LONG = [*A, "topic:scored", "service:payments", "topic:payments", "service:mail"]
MID = [*A, "topic:scored", "service:payments"]
OTHER = ["service:checkout", "topic:orders", "service:audit"]


def test_prefixes_of_a_longer_path_are_dropped_and_order_kept() -> None:
    assert shown_paths([A, LONG, MID, OTHER]) == [LONG, OTHER]


def test_distinct_paths_are_all_kept_up_to_the_limit() -> None:
    paths = [[f"service:s{i}", "topic:t", f"service:r{i}"] for i in range(5)]
    assert shown_paths(paths) == paths[:3]
    assert shown_paths(paths, limit=5) == paths


def test_the_demo_review_prints_the_long_path_once(capsys) -> None:
    from copilot.cli import main

    assert main(["demo"]) in (0, 1)
    out = capsys.readouterr().out
    flows = [line for line in out.splitlines() if "flow:" in line]
    assert flows, out
    # the three paths of the schema finding collapse to the one that reaches notifications
    ends = [line.strip(" │").rstrip() for line in flows]
    assert not any(end.endswith("service:fraud-scorer") for end in ends), flows
