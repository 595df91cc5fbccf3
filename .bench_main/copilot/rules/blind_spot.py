"""unanalysed-code: a changed file uses a streaming client the scan cannot read.

Said for every such file, as an info finding, so a review never reports "no pipeline risk" for a
change it could not see into.  The file's blind-spot status comes from the scan of the side the
file exists on (head first).
"""

from __future__ import annotations

from copilot.model.findings import Finding
from copilot.model.ids import service_id
from copilot.rules.base import RuleContext, alternatives, finding

RULE = "unanalysed-code"
SUMMARY = "(info) A changed file uses a streaming client the scan does not read: check it by hand."
PROMPT = (
    "a changed file uses a streaming client the scan cannot read; the rules already name the file, so report a concrete risk you see in its hunk under the rule it fits"
)


def check(ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    spots = {("head", b.path): b for b in ctx.head.blind_spots}
    spots.update({("base", b.path): b for b in ctx.base.blind_spots if ("head", b.path) not in spots})
    for path in sorted(ctx.changed_files()):
        for side in ("head", "base"):
            b = spots.get((side, path))
            if b is None:
                continue
            reasoning = (
                f"{b.path} (service {b.service}) uses {b.library}, a {b.language} streaming client this tool does not "
                "analyse, so its topics, consumer groups and delivery settings are not in the graph and no rule "
                "checked this change to it. Review it by hand for renamed topics or groups, offset-reset and "
                "acks/idempotence changes."
            )
            out.append(
                finding(
                    RULE,
                    "info",
                    b.message,
                    reasoning,
                    [ctx.cite(side, b.path, b.line)],
                    f"{b.path}|{b.library}",
                    impacted=[service_id(b.service)],
                    alts=alternatives(
                        ("Check the change by hand", "Nothing is missed if a person reads it; it relies on that person."),
                        ("Declare the topics in an AsyncAPI document", "The scan reads it, so the service joins the graph; the document must be kept true."),
                    ),
                    confidence=1.0,
                )
            )
            break
    return out
