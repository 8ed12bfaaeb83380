"""dbt's manifest.json read as data: what the build plan and the Spark steps ask of the project's graph."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Manifest = Mapping[str, Any]  # the project's manifest.json, parsed


def nodes_below(manifest: Manifest, unique_ids: Iterable[str]) -> set[str]:
    """The unique ids of the nodes (models, seeds, tests) downstream of `unique_ids` (nodes or
    sources), through dbt's own child_map; unit tests, which are no nodes, are left out."""
    below: set[str] = set()
    waiting = list(unique_ids)
    while waiting:
        for child in manifest["child_map"].get(waiting.pop(), []):
            if child in manifest["nodes"] and child not in below:
                below.add(child)
                waiting.append(child)
    return below
