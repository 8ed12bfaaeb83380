"""The contract rendered as dbt files: `python -m contract.render_dbt DBT_PROJECT_DIR` (run by
`make dbt-manifest` before `dbt parse`).

- the raw sources of every extract (models/staging/<source>/_<source>__sources.yml) with the tests
  the contract implies: keys, required columns, enums; and of every connector's tables
  (contract/connectors/), which are empty when the landing has no folder of that connector;
- the macros that repeat contract values in SQL (macros/contract.sql): the findings queue's and
  drafts' columns, currencies' minor units (ISO's, and Stripe's), months per billing frequency;
- fct_findings' properties with its enforced contract (models/marts/findings/_findings__models.yml).

The files are committed; tests/dbt/test_contract_alignment.py renders them again and fails when a
committed one is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from contract.connectors import CONNECTORS, STRIPE_MINOR_UNITS, Connector
from contract.findings_queue import DRAFT_COLUMNS, FINDINGS_COLUMNS, KEY, QueueColumn
from contract.money import MINOR_UNITS
from contract.tables import MONTHS_PER_PERIOD, TABLES, Table

GENERATED = "Generated from contract/ by `make dbt-manifest` (python -m contract.render_dbt): do not edit."
YAML_HEADER = f"# {GENERATED}\nversion: 2\n"
# the type fct_findings' enforced contract declares for a queue column type
DATA_TYPES = {"text": "string", "date": "date", "money": "decimal(18,3)"}


def _quoted(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def _test_with_arguments(indent: str, test: str, argument: str, value: str) -> list[str]:
    return [f"{indent}- {test}:", f"{indent}    arguments:", f"{indent}      {argument}: {value}"]


def _source_table(table: Table) -> list[str]:
    """One source table; its tests: a one-column key is a primary_key and a composite one unique;
    the required columns the primary_key does not cover are not null (one not_null_columns test
    for several); an enum column's values are accepted_values."""
    single_key = table.key[0] if len(table.key) == 1 else None
    required = [c.name for c in table.columns if c.required and c.name != single_key]
    lines = [f"      - name: {table.name}", f"        identifier: {table.id}"]
    if table.optional:
        lines.append('        description: "Optional extract: empty when the landing folder has none."')
    table_tests = []
    if not single_key:
        table_tests += _test_with_arguments("          ", "unique_combination_of_columns", "combination_of_columns",
                                            f"[{', '.join(table.key)}]")
    if len(required) > 1:
        table_tests += _test_with_arguments("          ", "not_null_columns", "column_names",
                                            f"[{', '.join(required)}]")
    if table_tests:
        lines += ["        data_tests:", *table_tests]
    lines.append("        columns:")
    for column in table.columns:
        tests = []
        if column.name == single_key:
            tests.append("              - primary_key")
        elif required == [column.name]:
            tests.append("              - not_null")
        if column.enum:
            tests += _test_with_arguments("              ", "accepted_values", "values", _quoted(column.enum))
        lines.append(f"          - name: {column.name}")
        if tests:
            lines += ["            data_tests:", *tests]
    return lines


# on DuckDB the raw layer is the raw store attached as database `raw` (orchestration/raw_schema.py),
# its tables in the store's main schema; Spark, which has no databases, registers them in schema raw
RAW_SOURCE_LOCATION = ("    database: \"{{ 'raw' if target.type == 'duckdb' else '' }}\"",
                       "    schema: \"{{ 'main' if target.type == 'duckdb' else 'raw' }}\"")


def sources_yml(source: str) -> str:
    lines = [YAML_HEADER, "sources:", f"  - name: {source}",
             f'    description: "{source}/ extracts as loaded by ingestion: every contract column as validated, '
             'normalised text."',
             *RAW_SOURCE_LOCATION, "    tables:"]
    for table in TABLES:
        if table.source == source:
            lines += _source_table(table)
    return "\n".join(lines) + "\n"


def connector_sources_yml(connector: Connector) -> str:
    """A connector's raw tables as dbt sources: every column it reads (an absent one is NULL). No
    tests: a history-mode table holds several rows per id, and its staging model picks the current one
    (and tests that grain)."""
    lines = [YAML_HEADER, "sources:", f"  - name: {connector.folder}",
             f'    description: "{connector.folder}/ tables (contract/connectors/) as loaded by ingestion: '
             'every column read as validated text; empty when the landing has no '
             f'{connector.folder}/ folder."',
             *RAW_SOURCE_LOCATION, "    tables:"]
    for table in connector.raw_tables():
        lines += [f"      - name: {table.name}", f"        identifier: {table.id}", "        columns:",
                  *(f"          - name: {json.dumps(c.name) if c.name in ('end', 'start') else c.name}"
                    for c in table.columns)]
    return "\n".join(lines) + "\n"


def _queue_column(column: QueueColumn) -> list[str]:
    lines = [f"      - name: {column.name}", f"        data_type: {DATA_TYPES[column.type]}"]
    if column.description:
        lines.append(f"        description: {json.dumps(column.description)}")
    if column.name == KEY:
        lines.append("        data_tests: [primary_key]")
    elif column.accepted_values:
        lines += ["        data_tests:", "          - accepted_values:", "              arguments:",
                  "                values:", *(f"                  - {v}" for v in column.accepted_values)]
    return lines


def findings_yml() -> str:
    not_null = ", ".join(c.name for c in FINDINGS_COLUMNS if c.not_null)
    lines = [YAML_HEADER, "models:", "  - name: fct_findings",
             '    description: "One row per finding of this run (the exception queue without its lifecycle columns); '
             'see docs/findings.md. Columns: contract/findings_queue.py."',
             "    config:", "      contract: {enforced: true}", "    data_tests:",
             *_test_with_arguments("      ", "not_null_columns", "column_names", f"[{not_null}]"),
             "    columns:"]
    for column in FINDINGS_COLUMNS:
        lines += _queue_column(column)
    return "\n".join(lines) + "\n"


def _columns_macro(name: str, doc: str, columns: tuple[QueueColumn, ...]) -> str:
    listed = ",\n".join(f"        ['{c.name}', '{c.type}']" for c in columns)
    return f"{{# {doc} #}}\n{{% macro {name}() -%}}\n    {{{{ return([\n{listed},\n    ]) }}}}\n{{%- endmacro %}}\n"


def _in_list(values: list[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _minor_units_macro(name: str, doc: str, decimals: dict[str, int]) -> list[str]:
    """A macro giving a currency's decimals: the listed ones, 2 for any other."""
    return [f"{{# {doc} #}}", f"{{% macro {name}(currency) -%}}", "    case",
            *(f"        when upper({{{{ currency }}}}) in ({_in_list([c for c, u in decimals.items() if u == units])})"
              f" then {units}" for units in (0, 3)),
            "        else 2", "    end", "{%- endmacro %}\n"]


def contract_macros() -> str:
    months = "\n".join(f"        when '{f}' then {m}" for f, m in MONTHS_PER_PERIOD.items())
    return "\n".join([
        f"{{# {GENERATED} #}}\n",
        _columns_macro("findings_queue_columns", "fct_findings' columns in order, as [name, type]",
                       FINDINGS_COLUMNS),
        _columns_macro("finding_draft_columns",
                       "A finding draft's columns (what findings_queue reads), as [name, type]", DRAFT_COLUMNS),
        *_minor_units_macro("currency_minor_units", "ISO 4217 minor units (contract/money.py): 2 unless listed.",
                            MINOR_UNITS),
        *_minor_units_macro("stripe_minor_units", "Decimals of Stripe's minor units (contract/connectors/): "
                            "ISO 4217's but for Stripe's exceptions.", STRIPE_MINOR_UNITS),
        "{# Months in one billing period of a frequency (contract/tables.py). #}",
        "{% macro months_per_period(billing_frequency) -%}",
        "    case {{ billing_frequency }}",
        months,
        "    end",
        "{%- endmacro %}",
    ]) + "\n"


def render() -> dict[str, str]:
    """Every generated file's text by its path in the dbt project."""
    files = {f"models/staging/{s}/_{s}__sources.yml": sources_yml(s) for s in dict.fromkeys(t.source for t in TABLES)}
    files |= {f"models/staging/{c.folder}/_{c.folder}__sources.yml": connector_sources_yml(c) for c in CONNECTORS}
    files["models/marts/findings/_findings__models.yml"] = findings_yml()
    files["macros/contract.sql"] = contract_macros()
    return files


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not (Path(argv[0]) / "dbt_project.yml").is_file():
        print("usage: python -m contract.render_dbt DBT_PROJECT_DIR", file=sys.stderr)
        return 2
    for relative, text in render().items():
        path = Path(argv[0]) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
