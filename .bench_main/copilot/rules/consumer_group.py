"""consumer-group-change: a consumer's group id changes, so its committed offsets no longer apply."""

from __future__ import annotations

import re

from copilot.model.facts import Loc, Setting
from copilot.model.findings import Finding
from copilot.model.ids import display_name, service_id, topic_id
from copilot.model.languages import is_code
from copilot.rules.base import RuleContext, alternatives, finding, iter_changed_settings, setting_citations
from copilot.rules.client_defaults import effective
from copilot.scan.resolve import ResolvedEndpoint

RULE = "consumer-group-change"
# engines whose application id is both the consumer group and the prefix of their state's changelogs
STATEFUL = ("kafka-streams", "faust")
SUMMARY = "A group id changes: offsets restart, data replayed or skipped."
PROMPT = (
    "a consumer's group id changes: offsets restart, data replayed or skipped"
)


def _add_topic(f: Finding, h) -> None:  # type: ignore[no-untyped-def]
    """One group change is one finding, whatever number of topics the group reads."""
    topic = h.topic_id
    if [topic, service_id(h.service)] not in f.graph_paths:
        f.graph_paths.insert(0, [topic, service_id(h.service)])
        f.title = f.title.replace(" of `", " of `" + h.topic_name + "`, `", 1) if h.topic_name not in f.title else f.title


def check(ctx: RuleContext) -> list[Finding]:
    out = []
    done: dict[tuple[str, str, str], Finding] = {}
    for _b, h, key, before, after in [*_streams_identity_changes(ctx), *iter_changed_settings(ctx, "consume", ["group.id"])]:
        if before is None:  # a group set for the first time is a new consumer, not a changed one
            continue
        if h.ep.library == "kafka-streams" and key == "group.id":
            continue  # a Streams app's identity is compared once, by _streams_identity_changes
        old, new = before.value, after.value if after else "(none)"
        mark = (h.service, old, new)
        if mark in done:
            _add_topic(done[mark], h)
            continue
        topic = h.topic_id
        me = service_id(h.service)
        reset = effective(h, "auto.offset.reset") or "latest"
        if h.ep.library == "spring-cloud-stream" and "auto.offset.reset" not in h.settings:
            # the Kafka binder's startOffset: earliest for a named group, latest for an anonymous one
            reset = "earliest" if after is not None else "latest"
        streams = h.ep.library in STATEFUL
        if streams:
            engine = "Kafka Streams" if h.ep.library == "kafka-streams" else "Faust"
            effect = (
                f"{engine} defaults to earliest, so it reprocesses every record still on the topic; and "
                "the id is also the prefix of its state stores'/tables' changelog and repartition topics, "
                f"so its state starts empty under `{new}-…-changelog` and is rebuilt from scratch"
            )
        elif reset == "earliest":
            effect = "it starts from the earliest retained offset and replays every record still on the topic"
        elif reset == "none":
            effect = "it fails at start-up (no offset for the partitions) until someone sets offsets for the new group"
        else:
            effect = "it starts from the latest offset and silently skips every record produced while the switch happens"
        downstream = ctx.downstream_services(ctx.head.graph, me)
        paths = [[topic, me]] + ctx.impact_paths(ctx.head.graph, me, [topic])
        what = "application id (its consumer group and state-store prefix)" if streams else "group"
        reasoning = (
            f"{h.service} consumes `{h.topic_name}` as {what} `{old}` (base); this change makes it `{new}`. "
            + (f"The new id has no committed offsets: {effect}." if streams else
               f"The new group has no committed offsets, so with auto.offset.reset={reset} {effect}.")
        )
        if downstream:
            reasoning += " What it re-emits or misses reaches " + ", ".join(display_name(d) for d in downstream) + "."
        out.append(
            f := finding(
                RULE,
                "high",
                f"{h.service}: {'application id (consumer group)' if streams else 'consumer group'} of `{h.topic_name}` changes from `{old}` to `{new}`",
                reasoning,
                setting_citations(ctx, before, after),
                f"{h.service}|group.id|{old}",
                graph_paths=paths,
                impacted=[me, *downstream],
                alts=alternatives(
                    ("Keep the old group id", "No replay or gap; the rename (if cosmetic) is not worth an offset reset."),
                    (
                        "Copy the old group's offsets to the new group before deploying "
                        "(kafka-consumer-groups --reset-offsets --to-current on the new group)",
                        "Exact continuation, but an operational step someone must run at the right moment.",
                    ),
                    ("Make processing idempotent and accept a replay", "Safe re-processing, at the cost of time and downstream duplicates until it catches up."),
                ),
            )
        )
        done[(h.service, old, new)] = f
    out.extend(_binding_group_changes(ctx, {(s, o, n) for s, o, n in done}))
    out.extend(_env_group_now_set(ctx))
    return out


ENV_LOOKUP = re.compile(r"""(?:Getenv|getenv|environ\.get|environ\[|System\.getenv|process\.env\.)\(?\s*["']?(\w+)""")


def _deployment_sets(ctx: RuleContext, side: str, var: str) -> bool:
    scan = ctx.head if side == "head" else ctx.base
    return any(var in f.env or any(k.endswith("/" + var) for k in f.env) for f in scan.files.values())


def _env_group_now_set(ctx: RuleContext) -> list[Finding]:
    """The code reads its group id from an environment variable the deployment did not set (a
    misspelt or wrongly-cased name in docker-compose/.env), and this change makes the deployment
    set it: consumers that ran with no group (no committed offsets, no partition sharing) now join
    one. One finding per variable, naming every consumer it reaches."""
    by_var: dict[str, list[tuple[ResolvedEndpoint, Setting, Setting]]] = {}
    for b, h in ctx.pairs("consume"):
        if b is None or h is None:
            continue
        before, after = b.settings.get("group.id"), h.settings.get("group.id")
        if before is None or after is None or not before.unresolved or after.unresolved:
            continue
        m = ENV_LOOKUP.search(before.value)
        if not m or is_code(after.loc.path) or not ctx.is_added(after.loc.path, after.loc.line):
            continue
        var = m.group(1)
        if _deployment_sets(ctx, "base", var) or not _deployment_sets(ctx, "head", var):
            continue
        by_var.setdefault(var, []).append((h, before, after))
    out: list[Finding] = []
    for var, items in sorted(by_var.items()):
        services = sorted({h.service for h, _, _ in items})
        me = [service_id(s) for s in services]
        groups = ", ".join(sorted({f"{h.service} → `{a.value}`" for h, _, a in items}))
        cites = [ctx.cite_loc("head", a.loc) for _, _, a in items] + [ctx.cite_loc("base", b.loc) for _, b, _ in items][:2]
        out.append(
            finding(
                RULE,
                "medium",
                f"`{var}` is now set by the deployment: {', '.join(services)} go{'es' if len(services) == 1 else ''} from no consumer group to a group",
                f"The code reads its group id from the environment variable `{var}`, which the deployment did not set "
                f"before this change (so the group id was empty: no consumer group, no committed offsets, no partition "
                f"sharing between instances). Now it is set ({groups}): each consumer joins a group that has no committed "
                "offsets and starts from its reset policy, re-reading or skipping records, and instances start sharing partitions.",
                list({(c.path, c.start_line, c.side): c for c in cites if c is not None}.values()),
                f"{var}|env-group",
                graph_paths=[[h.topic_id, service_id(h.service)] for h, _, _ in items],
                impacted=[*me, *[d for m_ in me for d in ctx.downstream_services(ctx.head.graph, m_)]],
                alts=alternatives(
                    ("Set the consumers' start offsets for the new group before deploying (kafka-consumer-groups --reset-offsets)", "A deliberate start point instead of the reset policy's."),
                    ("Accept a replay and make processing idempotent", "No operational step; duplicates downstream until it catches up."),
                ),
                confidence=0.8,
            )
        )
    return out


def _identity(rep: ResolvedEndpoint) -> Setting | None:
    """A Kafka Streams app's identity: its application.id, else what stands in for it (Spring Boot's
    spring.application.name, recorded by the scan as the group)."""
    return rep.settings.get("application.id") or rep.settings.get("group.id")


def _streams_identity_changes(ctx: RuleContext):  # type: ignore[no-untyped-def]
    """(base, head, "application.id", before, after) for Streams apps whose identity changes. A plain
    Streams app cannot start without an application.id, so one the scan no longer sees is set
    somewhere it cannot read (a properties file loaded at run time), not dropped."""
    seen: set[str] = set()
    for b, h in ctx.pairs("consume"):
        if b is None or h is None or h.ep.library != "kafka-streams" or h.service in seen:
            continue
        before, after = _identity(b), _identity(h)
        if before is None or after is None or before.value == after.value:
            continue
        if before.unresolved or after.unresolved:
            continue
        touched = any(
            (s.loc.line in ctx.added.get(s.loc.path, ()) if side == "head" else s.loc.line in ctx.removed.get(s.loc.path, ()))
            for side, s in (("head", after), ("base", before))
        ) or ctx.head_path(before.loc.path) in ctx.changed_files()
        if not touched:
            continue
        seen.add(h.service)
        yield b, h, "application.id", before, after


BINDING_GROUP = re.compile(r"^spring\.cloud\.stream\.bindings\.(?P<binding>[^.]+)\.(?P<key>group|destination)$")
INPUT_BINDING = re.compile(r"(-in-\d+|^input\w*)$")


def _bindings(ctx: RuleContext, side: str) -> dict[tuple[str, str], dict[str, tuple[str, Loc]]]:
    """(service, input binding) -> {"group"/"destination": (value, where)} from the default-profile
    config files of each service."""
    scan = ctx.head if side == "head" else ctx.base
    out: dict[tuple[str, str], dict[str, tuple[str, Loc]]] = {}
    for path, facts in sorted(scan.files.items()):
        if facts.profile is not None or not facts.properties:
            continue
        service = scan.services.service_of(path)
        for key, (value, line) in facts.properties.items():
            m = BINDING_GROUP.match(key)
            if m and INPUT_BINDING.search(m.group("binding")):
                out.setdefault((service, m.group("binding")), {})[m.group("key")] = (value, Loc(path, line))
    return out


def _binding_group_changes(ctx: RuleContext, done: set[tuple[str, str, str]]) -> list[Finding]:
    """A Spring Cloud Stream input binding whose `group` changes or disappears. A named group with
    no offsets starts from earliest (the binder's startOffset for groups); without a group the
    binder uses an anonymous, non-durable group that starts from latest on every restart."""
    out: list[Finding] = []
    base, head = _bindings(ctx, "base"), _bindings(ctx, "head")
    for (service, binding), before in sorted(base.items()):
        after = head.get((service, binding))
        if after is None or "destination" not in after:
            continue  # the binding is gone: not a group change
        old = before.get("group")
        new = after.get("group")
        if old is None or (new is not None and new[0] == old[0]):
            continue
        new_value = new[0] if new else "(anonymous)"
        if (service, old[0], new_value) in done or (service, old[0], "(none)") in done:
            continue
        topic = after["destination"][0]
        me = service_id(service)
        if new is None:
            effect = (
                "Without a group the binder joins an anonymous group (anonymous.<uuid>) that starts from latest "
                "and commits nowhere durable: every restart skips whatever was produced while it was down, and "
                "several instances each receive every record instead of sharing partitions."
            )
        else:
            effect = (
                f"`{new[0]}` has no committed offsets; the binder starts a named group from earliest "
                f"(startOffset), so it reprocesses every record still on `{topic}`."
            )
        cites = [ctx.cite("head", new[1].path, new[1].line) if new else None,
                 ctx.cite("head", after["destination"][1].path, after["destination"][1].line) if new is None else None,
                 ctx.cite("base", old[1].path, old[1].line)]
        downstream = ctx.downstream_services(ctx.head.graph, me)
        out.append(
            finding(
                RULE,
                "high" if new is None else "medium",
                f"{service}: consumer group of binding `{binding}` (`{topic}`) changes from `{old[0]}` to `{new_value}`",
                f"{service} reads `{topic}` through the Spring Cloud Stream binding `{binding}` as group `{old[0]}` "
                f"(base); this change makes it `{new_value}`. {effect}",
                cites,
                f"{service}|group.id|{old[0]}",
                graph_paths=[[topic_id(topic), me]],
                impacted=[me, *downstream],
                alts=alternatives(
                    ("Keep the old group", "No replay or gap."),
                    ("Copy the old group's offsets to the new group before deploying", "Exact continuation; an operational step."),
                ),
            )
        )
    return out
