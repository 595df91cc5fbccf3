"""The settings of an interactive review session: how it looks, never what it may do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TuiSettings:
    """Display settings of `pipeline-copilot tui`; every field has a default.

    Nothing here can loosen a safeguard: approving always needs the action id typed in, and the
    session never applies an action, whatever the settings say.
    """

    title: str = "Pipeline Copilot"
    """The app title (terminal title and header)."""

    requested: str = ""
    """What was asked for (e.g. ``main..feature`` or ``--staged``), shown until the review has loaded."""

    syntax_theme: str = "monokai"
    """Pygments style for cited snippets and for the exact patch/command of an action."""

    max_citations: int = 8
    """Citations shown per finding in the detail pane; the rest are counted, not hidden silently."""

    show_graph: bool = False
    """Start with the graph view (the impacted subgraph's edges) instead of the finding detail."""
