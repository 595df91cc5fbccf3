"""The `graph` command's table view (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from copilot.model.ids import display_name
from copilot.sanitize import markup
from copilot.scan.repo import ScanResult


def _where(evidence: set) -> str:
    ev = sorted(evidence)
    shown = ", ".join(f"{markup(e.path)}:{e.line}" for e in ev[:3])
    return shown + (f" (+{len(ev) - 3})" if len(ev) > 3 else "")


def print_graph(result: ScanResult, console: Console | None = None) -> None:
    console = console or Console()
    g = result.graph
    table = Table(title=f"Pipeline graph of {markup(result.root.name)}", show_lines=False)
    table.add_column("topic", style="bold cyan", overflow="fold")
    table.add_column("producers", overflow="fold")
    table.add_column("consumers", overflow="fold")
    table.add_column("schema", overflow="fold")
    for topic in g.nodes("topic"):
        name = markup(topic.name) + (" (unresolved)" if topic.attrs.get("unresolved") else "") + (" (pattern)" if topic.attrs.get("pattern") else "")
        prods = "\n".join(
            f"{markup(p.split(':', 1)[1])} [dim]{_where(g.flow_edge(p, topic.id)['evidence'])}[/]" for p in g.producers(topic.id)
        ) or "[red]none[/]"
        cons = "\n".join(
            f"{markup(c.split(':', 1)[1])} [dim]{_where(g.flow_edge(topic.id, c)['evidence'])}[/]" for c in g.consumers(topic.id)
        ) or "[yellow]none[/]"
        schemas = "\n".join(markup(display_name(s)) for s in g.schemas_of(topic.id)) or "[dim]-[/]"
        table.add_row(name, prods, cons, schemas)
    console.print(table)
    s = result.stats
    services = len(g.nodes("service"))
    console.print(
        f"[dim]{services} services, {len(g.nodes('topic'))} topics, {len(g.nodes('schema'))} schemas; "
        f"{s.files} files, {s.candidates} candidates, {s.parsed} parsed, {s.cache_hits} from cache, {s.seconds:.2f}s[/]"
    )
    print_blind_spots(result, console)
    orphans = g.orphans()
    for tid in orphans["no_producer"]:
        console.print(f"[yellow]warning:[/] {markup(tid)} is consumed but nothing in this repository produces it")
    for w in result.warnings[:20]:
        console.print(f"[yellow]warning:[/] {markup(w)}")
    if len(result.warnings) > 20:
        console.print(f"[yellow]warning:[/] {len(result.warnings) - 20} more not shown")


def print_blind_spots(result: ScanResult, console: Console) -> None:
    """Files that use a streaming client the scan does not read, per service."""
    if not result.blind_spots:
        return
    table = Table(title="Not analysed (blind spots): check these by hand", show_lines=False)
    table.add_column("service", style="bold")
    table.add_column("file", overflow="fold")
    table.add_column("uses", overflow="fold")
    for b in sorted(result.blind_spots, key=lambda b: (b.service, b.path)):
        table.add_row(markup(b.service), markup(f"{b.path}:{b.line}"), markup(f"{b.library} ({b.language}), not analysed"))
    console.print(table)
