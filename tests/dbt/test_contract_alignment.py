"""The dbt files rendered from contract/ (sources, queue columns, enum macros) are the committed
ones, and say what the contract says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from dbt.cli.main import dbtRunnerResult

from contract.findings_queue import DRAFT_COLUMNS, FINDINGS_COLUMNS
from contract.money import MINOR_UNITS
from contract.render_dbt import render
from contract.tables import MONTHS_PER_PERIOD, TABLES
from dbt_in_process import invoke_dbt
from orchestration.raw_schema import RAW_SCHEMA, RAW_STORE_SCHEMA
from pipeline_helpers import AS_OF

DBT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"


RENDERED = render()


@pytest.mark.parametrize("relative", RENDERED)
def test_the_committed_dbt_files_are_rendered_from_the_contract(relative) -> None:
    committed = DBT_DIR / relative
    assert committed.is_file() and committed.read_text() == RENDERED[relative], \
        f"{relative} is stale: run `make dbt-manifest`"


def _manifest() -> dict:
    return json.loads((DBT_DIR / "target" / "manifest.json").read_text())


def test_fct_findings_enforces_the_queue_s_columns_and_types() -> None:
    node = _manifest()["nodes"]["model.billops.fct_findings"]
    assert node["config"]["contract"]["enforced"] is True
    declared = [(c["name"], c["data_type"]) for c in node["columns"].values()]
    warehouse_type = {"text": "string", "date": "date", "money": "decimal(18,3)"}
    assert declared == [(c.name, warehouse_type[c.type]) for c in FINDINGS_COLUMNS]


def _compile_inline(sql: str, tmp_path: Path) -> tuple[dbtRunnerResult, str]:
    """dbt compile --inline, in this process on the prepared manifest; its result and messages."""
    messages: list[str] = []
    compiled = invoke_dbt(tmp_path / "compile.duckdb", AS_OF, tmp_path, "compile", "--inline", sql,
                          callbacks=[lambda event: messages.append(event.info.msg)])
    return compiled, "\n".join(messages)


def test_a_finding_draft_names_what_it_knows_and_gets_every_other_column_empty(tmp_path) -> None:
    compiled, messages = _compile_inline("select {{ finding_draft('currency', exception_type=\"'x'\", fx_date='d') }}",
                                         tmp_path)
    assert compiled.success, messages
    select_list = compiled.result.results[0].node.compiled_code.strip().removeprefix("select").split(",\n")
    aliases = [item.strip().rsplit(" as ", 1) for item in select_list]
    assert [name for _, name in aliases] == [c.name for c in DRAFT_COLUMNS]
    expressions = {name: expression for expression, name in aliases}
    assert (expressions["exception_type"], expressions["currency"], expressions["fx_date"]) == ("'x'", "currency", "d")
    empty = {"text": "cast(null as TEXT)", "date": "cast(null as date)", "money": "cast(null as decimal(18, 3))"}
    for column in DRAFT_COLUMNS:
        if column.name not in ("exception_type", "currency", "fx_date"):
            assert expressions[column.name] == empty[column.type], column.name


def test_a_finding_draft_naming_no_draft_column_does_not_compile(tmp_path) -> None:
    compiled, messages = _compile_inline("select {{ finding_draft(custmer_id='c') }}", tmp_path)
    assert not compiled.success
    assert "custmer_id is no draft column" in messages


def _source_tables() -> dict[str, dict]:
    tables = {}
    for path in (DBT_DIR / "models" / "staging").glob("*/_*__sources.yml"):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                tables[table.get("identifier", table["name"])] = {**table, "schema": source.get("schema")}
    return tables


def _parsed_source_locations() -> dict[str, tuple[str, str]]:
    """(database, schema) of each source table as dbt parsed it for DuckDB."""
    parsed = json.loads((DBT_DIR / "target" / "manifest.json").read_text(encoding="utf-8"))["sources"]
    return {source["identifier"]: (source["database"], source["schema"]) for source in parsed.values()}


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.id)
def test_every_contract_table_is_a_raw_source_with_its_columns(table) -> None:
    declared = _source_tables()[table.id]
    assert _parsed_source_locations()[table.id] == (RAW_SCHEMA, RAW_STORE_SCHEMA)  # raw.<table>, the raw store
    assert [c["name"] for c in declared["columns"]] == list(table.column_names)


# columns a staging model reads from _extra, after the contract's: the bank's batch words
STAGING_EXTRAS = {"bank__statement_lines": ["is_batch_total", "batch_in_file"]}


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.id)
def test_every_contract_table_has_a_staging_model_with_its_columns(table) -> None:
    sql = (DBT_DIR / "models" / "staging" / table.source / f"stg_{table.id}.sql").read_text()
    select_list = re.search(r"select\n(.*?)\n\s+from source", sql, flags=re.S).group(1)
    selected = [re.search(r"(\w+),?$", line.strip()).group(1) for line in select_list.splitlines()]
    assert selected == [*table.column_names, "_source_file", "_line_number", *STAGING_EXTRAS.get(table.id, [])]


def _tested_with(table: dict, *tests: str) -> set[str]:
    """Columns carrying one of these bare column-level tests."""
    return {c["name"] for c in table["columns"] if any(test in tests for test in c.get("data_tests", []))}


def _listed_in_not_null_columns(table: dict) -> set[str]:
    return {
        column
        for test in table.get("data_tests", [])
        if isinstance(test, dict) and "not_null_columns" in test
        for column in test["not_null_columns"]["arguments"]["column_names"]
    }


def _not_null_tested(table: dict) -> set[str]:
    """Columns with a bare not_null or primary_key, or listed in the table's not_null_columns test."""
    return _tested_with(table, "not_null", "primary_key") | _listed_in_not_null_columns(table)


def test_source_tests_guard_required_columns_keys_and_enums() -> None:
    declared = _source_tables()
    for table in TABLES:
        source = declared[table.id]
        columns = {c["name"]: c.get("data_tests", []) for c in source["columns"]}
        not_null_tested = _not_null_tested(source)
        # Exactly the required ones: a not_null on an optional column would fail on valid input.
        assert not_null_tested == {c.name for c in table.columns if c.required}, table.id
        # primary_key is already the not-null and unique check: another one on its column is a wasted dbt node.
        separately_tested = _tested_with(source, "not_null", "unique") | _listed_in_not_null_columns(source)
        assert not _tested_with(source, "primary_key") & separately_tested, table.id
        if len(table.key) == 1:
            assert table.key[0] in not_null_tested, table.id
            assert table.key[0] in _tested_with(source, "unique", "primary_key"), table.id
        for column in table.columns:
            if column.enum:
                assert any(isinstance(t, dict) and "accepted_values" in t for t in columns[column.name]), column.name


def test_minor_units_macro_lists_the_contract_currencies() -> None:
    macro = (DBT_DIR / "macros" / "contract.sql").read_text()
    zero = re.search(r"in \(([^)]*)\) then 0", macro, flags=re.S).group(1)
    three = re.search(r"in \(([^)]*)\) then 3", macro, flags=re.S).group(1)
    listed = {c: 0 for c in re.findall(r"'([A-Z]{3})'", zero)} | {c: 3 for c in re.findall(r"'([A-Z]{3})'", three)}
    assert listed == {c: units for c, units in MINOR_UNITS.items() if units != 2}


def test_months_per_period_macro_lists_the_contract_frequencies() -> None:
    macro = (DBT_DIR / "macros" / "contract.sql").read_text()
    listed = re.findall(r"when '(\w+)' then (\d+)", macro)
    assert {frequency: int(months) for frequency, months in listed} == MONTHS_PER_PERIOD


def test_the_model_tests_runs_leave_out_are_the_extracts_staging_grain_tests() -> None:
    """Pipeline runs exclude tag:rechecks_ingestion (and every test on a source): among the tests
    on models it must cover one grain test per extract's staging model and the grain tests of the
    quarantine and the load log (what ingestion guarantees), and nothing else."""
    ingestion = {"stg_ingestion__quarantine", "stg_ingestion__load_log"}
    manifest = _manifest()
    tagged, grain = set(), set()
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] != "test" or not node["depends_on"]["nodes"]:
            continue
        tested = node["depends_on"]["nodes"][0].split(".")[-1]
        if "rechecks_ingestion" in node["tags"] and node["depends_on"]["nodes"][0].startswith("model."):
            tagged.add(unique_id)
        if (tested in {f"stg_{table.id}" for table in TABLES} | ingestion
                and node["test_metadata"]["name"] in ("primary_key", "unique_combination_of_columns")):
            grain.add(unique_id)
    assert tagged == grain
    # usage events: the source's test is the only one (DECISIONLOG)
    assert len(grain) == len(TABLES) - 1 + len(ingestion)
