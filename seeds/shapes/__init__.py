"""`--shape`: the generated world written the way a sync tool writes a source system's tables.

A shape reads the landing's contract rows (`Landing.tables`, keyed by contract table id) and
writes its connector's folder under the landing (`stripe/`, `salesforce/`, ...), with the
connector's table and column names (contract/connectors/, docs/connectors.md). It returns the
contract tables it stands for, which the plain layout then leaves out, and where any
contract-breaking rows it wrote ended up (quarantine truth). Each connector's shape is a module
of this package, registered in SHAPES.

A shape changes how the world is written, never what happened in it: the same seed written with
and without a shape must give the same findings (tests/connectors/).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from seeds.landing import Landing, Layout, QuarantineTruth, plain_tables
from seeds.shapes.hubspot import write_hubspot
from seeds.shapes.netsuite import write_netsuite
from seeds.shapes.quickbooks import write_quickbooks
from seeds.shapes.salesforce import write_salesforce
from seeds.shapes.stripe import write_stripe

ShapeWriter = Callable[[Landing, Path], tuple[frozenset[str], QuarantineTruth]]

SHAPES: dict[str, ShapeWriter] = {"stripe": write_stripe, "salesforce": write_salesforce, "hubspot": write_hubspot,
                                  "quickbooks": write_quickbooks, "netsuite": write_netsuite}


class UnknownShape(ValueError):
    pass


def parse_shapes(text: str) -> tuple[str, ...]:
    """`stripe,salesforce` -> ("stripe", "salesforce"); an unknown name is one clear error."""
    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in SHAPES]
    if unknown:
        raise UnknownShape(f"unknown shape {', '.join(unknown)}: choose from {', '.join(sorted(SHAPES)) or 'none'}")
    return names


def shaped_layout(names: Sequence[str]) -> Layout:
    """The plain layout with the tables of each named shape written by that shape instead."""
    def layout(landing: Landing, out: Path) -> QuarantineTruth:
        replaced: set[str] = set()
        quarantine: QuarantineTruth = []
        for name in names:
            tables, positions = SHAPES[name](landing, out)
            if replaced & tables:
                raise UnknownShape(f"shape {name} writes tables another shape already wrote: {sorted(replaced & tables)}")
            replaced |= tables
            quarantine += positions
        return quarantine + plain_tables(landing, out, skip=frozenset(replaced))
    return layout

