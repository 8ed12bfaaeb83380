"""The contract's files in a landing folder, in load order.

Files are read in the order of their path relative to the landing folder, so "later" means a later
name (`part-0002` after `part-0001`, `2026-11-27.csv` after `2026-11-26.csv`): where a key repeats,
the later extract wins. The layout is the contract's (docs/contract.md), where a connector's folder
(contract/connectors/, docs/connectors.md) may stand for the contract folders it replaces.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from contract.connectors import CONNECTORS, RAW_TABLES, Connector
from contract.tables import TABLES, Table

CSV_SUFFIXES = {".csv", ".txt"}
PARQUET_SUFFIXES = {".parquet", ".pq"}


class ContractError(Exception):
    """The landing folder cannot be loaded at all: reported as one line, the run stops."""


def check_landing(landing: Path) -> frozenset[str]:
    """The ids of the raw tables whose rows this landing folder provides: the contract's tables,
    except those a present connector folder replaces, and that connector's tables. Raises
    ContractError for a folder that cannot be loaded: none of the known folders, a connector folder
    beside a contract folder it replaces, a connector's required table missing."""
    if not landing.is_dir():
        raise ContractError(f"landing folder {landing} does not exist")
    folders = sorted({t.source for t in RAW_TABLES})
    if not any((landing / folder).is_dir() for folder in folders):
        raise ContractError(f"landing folder {landing} has none of the source folders ({', '.join(folders)})")
    present = [c for c in CONNECTORS if (landing / c.folder).is_dir()]
    for first, other in combinations(present, 2):
        if shared := sorted(set(first.replaces) & set(other.replaces)):
            raise ContractError(f"landing folder {landing} has both {first.folder}/ and {other.folder}/: each "
                                f"replaces {', '.join(f'{s}/' for s in shared)}; keep one of them")
    provided = {t.id for t in TABLES}
    for connector in present:
        _check_connector(landing, connector)
        provided -= {t.id for t in connector.replaced()}
        provided |= {t.id for t in connector.raw_tables()}
    return frozenset(provided)


def _check_connector(landing: Path, connector: Connector) -> None:
    replaced = {t.id for t in connector.replaced()}
    for table in TABLES:
        if table.id in replaced and discover_files(landing, table):
            kept = "".join(f" except {k.replace('__', '/')}/" for k in connector.keeps)
            raise ContractError(f"landing folder {landing} has both {connector.folder}/ and "
                                f"{table.source}/{table.name}: {connector.folder}/ replaces "
                                f"{', '.join(f'{r}/' for r in connector.replaces)}{kept}; remove one of them")
    found = {t.name for t in connector.raw_tables() if discover_files(landing, t)}
    for table in connector.tables:
        if table.required and table.name not in found:
            raise ContractError(f"{connector.folder}/{table.name}: required table missing (a file "
                                f"{table.name}.csv or .parquet, or a folder {table.name}/ of parts)")
    for group in connector.one_of_tables:
        if not found & set(group):
            raise ContractError(f"{connector.folder}/: needs one of the tables {' or '.join(group)}")


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
