"""The contract's checks as SQL: functions of a table's columns only (no file, no connection).

checked_rows turns text rows of any reader into staged rows: every value in the raw layer's
canonical form, the reasons a row breaks the contract, and the raw text the quarantine shows.
The accepted formats per column type are the contract's (docs/contract.md, "Validating a row").
"""

from __future__ import annotations

import duckdb

from contract.card_numbers import mask_pans
from contract.personal_data import FREE_TEXT_COLUMNS
from contract.tables import Column, Table

# the SQL name of contract.card_numbers.mask_pans, registered on the connection by the load
MASK_PANS_FUNCTION = "billops_mask_pans"

_DECIMAL_PATTERN = r"^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$"


def _value(column: Column) -> str:
    """The column holding the trimmed value, NULL when empty: computed once per row in
    checked_rows, as the checks read it several times (1.5 s of 4.2 s on 10M rows)."""
    return f'"_value_{column.name}"'


def _normalised_name(column: Column) -> str:
    return f'"_normalised_{column.name}"'


def _normalised(column: Column) -> str:
    """SQL turning the raw text into the raw layer's canonical value (NULL where invalid): a date
    or a UTC timestamp for those types, canonical text for every other."""
    v = _value(column)
    match column.type:
        case "date":
            return f"cast(try_strptime({v}, '%Y-%m-%d') as date)"
        case "timestamp":
            # epoch_us -> make_timestamp is the UTC wall clock without ICU's slower 'at time zone';
            # ±infinity has no epoch and is cast (the session is in UTC). Whole seconds, as extracts
            # carry them.
            instant = (f"coalesce(try_cast({v} as timestamptz), "
                       f"try_cast(try_strptime({v}, '%Y-%m-%d') as timestamptz))")
            return (f"coalesce(date_trunc('second', make_timestamp(epoch_us({instant}))), "
                    f"cast({instant} as timestamp))")
        case "money" | "decimal":
            return (f"case when regexp_matches({v}, '{_DECIMAL_PATTERN}') "
                    f"then regexp_replace({v}, '^[+]', '') end")
        case "int":
            return f"case when regexp_matches({v}, '^[+-]?[0-9]+$') then cast(cast({v} as hugeint) as varchar) end"
        case "bool":
            return (f"case when lower({v}) in ('true', '1', 'yes', 't', 'y') then 'true' "
                    f"when lower({v}) in ('false', '0', 'no', 'f', 'n') then 'false' end")
        case "enum":
            allowed = ", ".join(f"'{e}'" for e in column.enum)
            read_as = " ".join(f"when '{name}' then '{value}'" for name, value in column.synonyms)
            return f"case when lower({v}) in ({allowed}) then lower({v}) " + \
                (f"else case lower({v}) {read_as} end end" if read_as else "end")
        case "currency":
            return f"case when regexp_matches(upper({v}), '^[A-Z]{{3}}$') then upper({v}) end"
        case "country":
            return f"case when regexp_matches(upper({v}), '^[A-Z]{{2}}$') then upper({v}) end"
        case _:
            return v


def _problem(column: Column) -> str:
    """SQL giving a reason text when the column's value breaks the contract, else NULL (it reads the
    normalised value computed once per row, not again per check)."""
    v, n = _value(column), _normalised_name(column)
    name = column.name
    shown = f"left(replace({v}, '''', ''), 60)"
    checks = [f"when {v} is not null and {n} is null then '{name}: not a valid {column.type} (''' || {shown} || ''')'"]
    if column.type == "enum":
        checks[0] = (f"when {v} is not null and {n} is null then '{name}: unknown value ''' || {shown} || "
                     f"''' (expected {' | '.join(column.enum)})'")
    if column.required:
        checks.insert(0, f"when {v} is null then '{name}: required value is empty'")
    if column.non_negative and column.type in ("money", "decimal", "int"):
        checks.append(f"when {n} like '-%' and {n} not similar to '-0*[.]?0*' then '{name}: negative value'")
    if name == "discount_pct":
        checks.append(f"when try_cast({n} as decimal(38,10)) > 100 then '{name}: more than 100'")
    return "case " + " ".join(checks) + " end"


def _trimmed(name: str) -> str:
    """SQL of trim("name"): DuckDB's trim takes off the Unicode space separators, of which ASCII
    has one, and copies every value it reads; a value of ASCII characters only (as many bytes as
    characters) without a space at either end is returned as it is, at a third of the cost."""
    v = f'"{name}"'
    return f"case when strlen({v}) = length({v}) and not starts_with({v}, ' ') and not ends_with({v}, ' ') " \
           f"then {v} else trim({v}) end"


def _raw_text(table: Table) -> str:
    parts = ", ".join(f"coalesce(\"{c}\", '')" for c in table.column_names)
    return f"concat_ws(',', {parts}) || coalesce(' ' || _extra, '')"


def sql_text(value: str) -> str:
    """`value` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _masked(name: str, value: str) -> str:
    """`value` with card numbers masked when `name` is a free-text column."""
    if name not in FREE_TEXT_COLUMNS:
        return value
    return (f"case when regexp_matches({value}, '[0-9]{{4}}') then {MASK_PANS_FUNCTION}({value}) "
            f"else {value} end")


def checked_rows(table: Table, source: str) -> str:
    """SQL turning text rows (the contract's columns, _extra, _source_file, _line_number,
    _file_order) into staged rows: canonical values (card numbers masked in free text), the reason
    the row breaks the contract (NULL when it does not: 10M NULLs cost less to write than 10M '')
    and, only for such rows, the raw text the quarantine shows."""
    values = ", ".join(f"nullif({_trimmed(c.name)}, '') as {_value(c)}" for c in table.columns)
    normalised = ", ".join(f"{_normalised(c)} as {_normalised_name(c)}" for c in table.columns)
    problems = ", ".join(_problem(c) for c in table.columns)
    canonical = ", ".join(f'{_masked(c.name, _normalised_name(c))} as "{c.name}"' for c in table.columns)
    return f"""select {canonical}, _extra, _source_file, _line_number, _file_order, _reason,
                      case when _reason is not null then {_raw_text(table)} end as _raw
               from (select *, nullif(concat_ws('; ', {problems}), '') as _reason
                     from (select *, {normalised} from (select *, {values} from ({source}))))"""


def ensure_mask_function(con: duckdb.DuckDBPyConnection) -> None:
    """Register contract.card_numbers.mask_pans for the checking SQL (validation.py) on `con`."""
    try:
        con.create_function(MASK_PANS_FUNCTION, mask_pans, ["VARCHAR"], "VARCHAR", null_handling="special",
                            side_effects=False)
    except duckdb.Error as error:
        if "already" not in str(error).lower():
            raise
