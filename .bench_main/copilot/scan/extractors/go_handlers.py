"""Message-handling code: poll loops and sarama ``ConsumeClaim`` listeners.

- poll-loop: the innermost ``for`` around ``r.ReadMessage(ctx)`` / ``r.FetchMessage(ctx)``
  (kafka-go, also confluent's ``c.ReadMessage``), ``c.Poll(ms)`` (confluent), or a ``for ... range
  pc.Messages()`` / ``range c.Events()`` (or a ``case m := <-pc.Messages():`` inside a for).
- listener: a ``ConsumeClaim`` method's body (sarama ConsumerGroupHandler); loops inside it
  belong to the listener.

The poll call itself is left out of the handler's calls.  Consumer endpoints are linked to the
handler whose poll call goes through one of their client variables (or to the file's only poll
loop), giving ``Endpoint.handler``.
"""

from __future__ import annotations

from tree_sitter import Node

from copilot.model.facts import HandlerFact, Setting
from copilot.scan.extractors import go_ast as ga
from copilot.scan.extractors.go_calls import classify
from copilot.scan.extractors.go_context import GoFile, last_segment
from copilot.scan.extractors.go_format import consumer_format

_POLL = {"ReadMessage", "FetchMessage"}
_CONFLUENT_POLL = {"Poll"}
_CHANNELS = {"Messages", "Events"}


def extract(ctx: GoFile, has_confluent: bool, has_sarama: bool) -> list[HandlerFact]:
    listeners = [
        f for f in ctx.index.funcs if f.simple == "ConsumeClaim" and f.is_method and f.body is not None
    ]
    handlers: list[HandlerFact] = []
    for fn in listeners:
        handlers.append(
            HandlerFact(
                "listener", ctx.loc(fn.node), ga.end_line(fn.node), classify(ctx, fn.body, set()), fn.name
            )
        )

    def in_listener(node: Node) -> bool:
        return any(ga.inside(node, fn.node) for fn in listeners)

    loops: dict[Node, tuple[set[str], set[Node]]] = {}
    for call in _poll_calls(ctx, has_confluent, has_sarama):
        if in_listener(call):
            continue
        loop = _innermost_for(call)
        if loop is None:
            continue
        receivers, calls = loops.setdefault(loop, (set(), set()))
        receiver, _ = ga.callee(call)
        receivers.add(last_segment(ga.text(receiver)))
        calls.add(call)
    polls: list[tuple[HandlerFact, set[str]]] = []
    regions = {fn.name: fn.node for fn in listeners}
    for loop in sorted(loops, key=lambda n: n.start_byte):
        receivers, calls = loops[loop]
        fn = ctx.index.func_of(loop)
        handler = HandlerFact(
            "poll-loop",
            ctx.loc(loop),
            ga.end_line(loop),
            classify(ctx, loop, calls),
            fn.name if fn is not None else None,
        )
        polls.append((handler, receivers))
        handlers.append(handler)
        if handler.name:
            regions.setdefault(handler.name, loop)
    _link(ctx, polls)
    _decode_formats(ctx, regions)
    handlers.sort(key=lambda h: h.loc.line)
    return handlers


def _decode_formats(ctx: GoFile, regions: dict[str, Node]) -> None:
    """``value.format`` of consumer endpoints from how their handler decodes the value."""
    found: dict[str, Setting | None] = {}
    for endpoint in ctx.facts.endpoints:
        if (
            endpoint.role != "consume"
            or endpoint.handler not in regions
            or "value.format" in endpoint.settings
        ):
            continue
        if endpoint.handler not in found:
            found[endpoint.handler] = consumer_format(ctx, regions[endpoint.handler])
        setting = found[endpoint.handler]
        if setting is not None:
            endpoint.settings["value.format"] = setting


def _poll_calls(ctx: GoFile, has_confluent: bool, has_sarama: bool) -> list[Node]:
    names = set(_POLL) | (_CONFLUENT_POLL if has_confluent else set())
    out = [
        call
        for name in names
        for call in ctx.index.calls_by_name.get(name, [])
        if ga.callee(call)[0] is not None
    ]
    channel_names = {"Messages"} if has_sarama else set()
    if has_confluent:
        channel_names.add("Events")
    for node in ctx.caps["range"] + ctx.caps["recv"]:
        right = ga.unwrap(node.child_by_field_name("right"))
        if right is not None and right.type == "unary_expression":
            right = ga.unwrap(right.child_by_field_name("operand"))
        if right is None or right.type != "call_expression":
            continue
        receiver, name = ga.callee(right)
        if receiver is not None and name in channel_names:
            out.append(right)
    return out


def _innermost_for(node: Node) -> Node | None:
    for anc in ga.ancestors(node):
        if anc.type == "for_statement":
            return anc
        if anc.type in ("func_literal", *ga.FUNC_KINDS):
            return None
    return None


def _link(ctx: GoFile, polls: list[tuple[HandlerFact, set[str]]]) -> None:
    for endpoint in ctx.facts.endpoints:
        if endpoint.role != "consume" or endpoint.handler is not None:
            continue
        names = ctx.read_names.get(id(endpoint), set())
        match = next((h for h, receivers in polls if receivers & names), None)
        if match is None and len(polls) == 1:
            match = polls[0][0]
        if match is not None:
            endpoint.handler = match.name
