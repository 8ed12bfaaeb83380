"""The shape of a connector declaration and the helpers that declare its columns."""

from __future__ import annotations

from dataclasses import dataclass

from contract.tables import TABLES, Column, ColumnType, Table

# what a Fivetran sync adds to every table (history mode: one row per version of a record)
FIVETRAN_COLUMNS = (Column("_fivetran_synced", "timestamp"), Column("_fivetran_deleted", "bool"),
                    Column("_fivetran_active", "bool"), Column("_fivetran_start", "timestamp"))


@dataclass(frozen=True)
class ConnectorTable:
    """A table of a connector: `required` tables must be in the landing; of a `one_of_tables`
    group (Connector) at least one."""
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)
    required: bool = False
    one_of: tuple[tuple[str, ...], ...] = ()
    # history mode keeps every version of a record: the key then includes _fivetran_start
    versioned: bool = True


@dataclass(frozen=True)
class Connector:
    folder: str
    replaces: tuple[str, ...]  # contract source folders this connector's folder stands for
    keeps: tuple[str, ...]  # contract tables (ids) still read from their contract folder
    tables: tuple[ConnectorTable, ...]
    one_of_tables: tuple[tuple[str, ...], ...] = ()  # at least one of each group must be in the landing

    def raw_tables(self) -> tuple[Table, ...]:
        return tuple(raw_table(self, table) for table in self.tables)

    def replaced(self) -> tuple[Table, ...]:
        """The contract tables whose rows come from this connector when its folder is present."""
        return tuple(t for t in TABLES if t.source in self.replaces and t.id not in self.keeps)


def raw_table(connector: Connector, table: ConnectorTable) -> Table:
    """The connector table as ingestion loads it: its columns, the sync's own, and a key that keeps
    every version of a history-mode record (dbt picks the current one)."""
    named = {c.name for c in table.columns}
    columns = table.columns + tuple(c for c in FIVETRAN_COLUMNS if c.name not in named)
    key = table.key + (("_fivetran_start",) if table.versioned and "_fivetran_start" not in table.key else ())
    return Table(connector.folder, table.name, columns, key, optional=not table.required, one_of=table.one_of)


def col(name: str, type: ColumnType = "text", required: bool = False) -> Column:
    return Column(name, type, required)


def key_col(name: str = "id") -> Column:
    return Column(name, required=True)


def flags(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, "bool") for name in names)


def times(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, "timestamp") for name in names)


def quantities(*names: str) -> tuple[Column, ...]:
    """Decimals the contract's columns they feed never hold negative (a line's quantity): a negative
    value is quarantined as in the contract layout."""
    return tuple(Column(name, "decimal", non_negative=True) for name in names)


def amounts(*names: str) -> tuple[Column, ...]:
    """Amounts in the currency's minor units (Stripe's integers; `_decimal` forms may have decimals)."""
    return tuple(Column(name, "decimal") for name in names)
