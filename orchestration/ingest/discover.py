"""The contract's files in a landing folder, in load order.

Files are read in the order of their path relative to the landing folder, so "later" means a later
name (`part-0002` after `part-0001`, `2026-11-27.csv` after `2026-11-26.csv`): where a key repeats,
the later extract wins. The layout is the contract's (docs/contract.md).
"""

from __future__ import annotations

from pathlib import Path

from contract.tables import TABLES, Table

CSV_SUFFIXES = {".csv", ".txt"}
PARQUET_SUFFIXES = {".parquet", ".pq"}


class ContractError(Exception):
    """The landing folder cannot be loaded at all: reported as one line, the run stops."""


def check_landing(landing: Path) -> None:
    if not landing.is_dir():
        raise ContractError(f"landing folder {landing} does not exist")
    if not any((landing / t.source).is_dir() for t in TABLES):
        raise ContractError(f"landing folder {landing} has none of the source folders "
                            f"({', '.join(sorted({t.source for t in TABLES}))})")


def _visible(path: Path, root: Path) -> bool:
    return path.is_file() and not any(part.startswith((".", "_")) for part in path.relative_to(root).parts)


def discover_files(landing: Path, table: Table) -> list[Path]:
    """The files of one table, in load order. See the contract's conventions for the layout."""
    source_dir = landing / table.source
    if not source_dir.is_dir():
        return []
    if table.any_file_name:
        candidates = source_dir.rglob("*")
    else:
        candidates = [p for p in source_dir.iterdir() if p.is_file() and p.stem == table.name
                      and p.suffix.lower() in CSV_SUFFIXES | PARQUET_SUFFIXES]
        folder = source_dir / table.name
        if folder.is_dir():
            candidates += list(folder.rglob("*"))
    return sorted((p for p in candidates if _visible(p, landing)), key=lambda p: p.relative_to(landing).as_posix())
