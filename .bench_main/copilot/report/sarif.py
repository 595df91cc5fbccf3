"""SARIF 2.1.0 for code-scanning upload, built with sarif-pydantic's object model."""

from __future__ import annotations

import json

from sarif_pydantic import (
    ArtifactLocation,
    Location,
    Message,
    PhysicalLocation,
    Region,
    ReportingDescriptor,
    Result,
    Run,
    Sarif,
    Tool,
    ToolDriver,
)

from copilot import __version__
from copilot.model.findings import Review
from copilot.registry import rule_help
from copilot.report.labels import claim_note

LEVEL = {"high": "error", "medium": "warning", "low": "note", "info": "note"}
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def render(review: Review) -> str:
    helps = rule_help()
    rule_ids = sorted(helps)
    rules = [
        ReportingDescriptor(
            id=r,
            name="".join(p.capitalize() for p in r.split("-")),
            short_description=Message(text=helps[r].split(":")[0].rstrip(".")),
            full_description=Message(text=helps[r]),
            help=Message(text=helps[r]),
        )
        for r in rule_ids
    ]
    results = []
    for f in review.findings:
        locations = [
            Location(
                physical_location=PhysicalLocation(
                    artifact_location=ArtifactLocation(uri=c.path, uri_base_id="SRCROOT"),
                    region=Region(start_line=c.start_line, end_line=c.end_line, snippet={"text": c.snippet}),
                )
            )
            for c in f.citations
            if c.side == "head"
        ]
        related = [
            Location(
                id=i,
                physical_location=PhysicalLocation(
                    artifact_location=ArtifactLocation(uri=c.path, uri_base_id="SRCROOT"),
                    region=Region(start_line=c.start_line, end_line=c.end_line),
                ),
                message=Message(text=f"before the change ({review.base[:10]})"),
            )
            for i, c in enumerate(f.citations)
            if c.side == "base"
        ]
        text = f"{f.title}\n\n{f.reasoning}"
        if f.model_claim:
            text = f"[{claim_note(f)}] {text}"
        if f.impacted:
            text += "\n\nImpacted: " + ", ".join(f.impacted)
        if f.alternatives:
            text += "\n\nAlternatives: " + "; ".join(f"{a.title} ({a.tradeoff})" for a in f.alternatives)
        rule = f.rule if f.rule in helps else "other"
        results.append(
            Result(
                rule_id=rule,
                rule_index=rule_ids.index(rule),
                level=LEVEL[f.severity] if f.verified else "none",
                message=Message(text=text),
                locations=locations or None,
                related_locations=related or None,
                partial_fingerprints={"pipelineCopilot/v1": f.fingerprint},
                properties={
                    "severity": f.severity,
                    "source": f.source,
                    "confidence": f.confidence,
                    "impacted": f.impacted,
                    "verified": f.verified,
                    **({"claimedSeverity": f.extra["claimed_severity"]} if "claimed_severity" in f.extra else {}),
                },
            )
        )
    log = Sarif(
        version="2.1.0",
        schema_uri=SCHEMA_URI,
        runs=[
            Run(
                tool=Tool(
                    driver=ToolDriver(
                        name="pipeline-copilot",
                        version=__version__,
                        rules=rules,
                    )
                ),
                results=results,
            )
        ],
    )
    data = json.loads(log.model_dump_json(by_alias=True, exclude_none=True))
    if review.warnings:  # e.g. a rule that crashed: the run is still valid, with these notes
        data["runs"][0]["invocations"] = [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [{"level": "warning", "message": {"text": w}} for w in review.warnings],
            }
        ]
    return json.dumps(data, indent=2) + "\n"
