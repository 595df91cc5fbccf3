"""What a review is made from: the change, both graphs, and the graph nodes the change touches."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from copilot.changes import ChangeSet
from copilot.config import Config
from copilot.model.graph import PipelineGraph


@dataclass
class ReviewInputs:
    changeset: ChangeSet
    base_graph: PipelineGraph
    head_graph: PipelineGraph
    config: Config
    # node ids (service:/topic:/schema:) whose evidence lies on changed lines, or that were
    # added/removed between the two graphs
    changed_nodes: list[str] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.changeset.root
