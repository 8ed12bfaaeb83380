"""The Dagster graph: every contract and connector table ingested, one dbt build with the matcher inside it."""

from __future__ import annotations

import types

import dagster as dg

from contract.connectors import CONNECTOR_TABLES, CONNECTORS
from contract.tables import TABLES
from orchestration.definitions import defs

RECONCILE = dg.AssetKey(["recon", "remittance_matches"])


def _upstream(graph, key: dg.AssetKey) -> set[dg.AssetKey]:
    seen, todo = set(), [key]
    while todo:
        for parent in graph.get(todo.pop()).parent_keys:
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def test_one_ingest_asset_per_contract_table_and_per_connector_with_a_conservation_check():
    graph = defs.resolve_asset_graph()
    expected = {dg.AssetKey(["raw", table.id]) for table in TABLES} | {
        dg.AssetKey(["raw", connector.folder]) for connector in CONNECTORS}
    assert graph.get(dg.AssetKey(["raw", "erasures_applied"])).parent_keys == expected
    for key in expected:
        assert graph.get(key).is_executable
        assert dg.AssetCheckKey(key, "rows_conserved") in graph.asset_check_keys


def test_a_connector_table_dbt_reads_is_written_by_its_connector_asset():
    graph = defs.resolve_asset_graph()
    for table in CONNECTOR_TABLES:
        key = dg.AssetKey(["raw", table.id])
        assert graph.get(key).parent_keys == {dg.AssetKey(["raw", table.source])}
        assert not graph.get(key).is_executable  # its rows come with its connector's materialization
    assert dg.AssetKey(["raw", "stripe__invoice"]) in graph.get(dg.AssetKey(["staging", "stg_stripe__invoice"])).parent_keys


def test_the_matcher_is_a_dbt_model_between_open_invoices_and_findings_and_exports_come_last():
    graph = defs.resolve_asset_graph()
    before_reconcile = _upstream(graph, RECONCILE)
    assert dg.AssetKey(["intermediate", "int_invoices_open_before_remittance"]) in before_reconcile
    assert dg.AssetKey(["raw", "erasures_applied"]) in before_reconcile
    assert dg.AssetKey(["history", "decisions"]) in before_reconcile
    dbt_steps = {node.assets_def.node_def.name for key in (RECONCILE, dg.AssetKey(["marts", "fct_findings"]))
                 for node in [graph.get(key)]}
    assert dbt_steps == {"dbt_models"}  # one dbt build per run
    assert RECONCILE in _upstream(graph, dg.AssetKey(["marts", "fct_findings"]))
    before_exports = _upstream(graph, dg.AssetKey(["exports"]))
    assert {dg.AssetKey(["history", "exceptions"]), RECONCILE, dg.AssetKey(["marts", "fct_kpis"])} <= before_exports


def test_dbt_tests_are_asset_checks_and_the_job_has_a_schedule_and_a_sensor():
    graph = defs.resolve_asset_graph()
    assert any(k.asset_key.path[0] == "staging" for k in graph.asset_check_keys)
    assert defs.resolve_schedule_def("billops_daily_schedule").cron_schedule == "0 6 * * *"
    assert defs.resolve_sensor_def("new_landing_files").job_name == "billops_daily"


class _Log:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def info(self, message: str) -> None:
        self.lines.append(message)


def test_the_run_log_names_a_connectors_table_only_when_the_landing_has_a_file_of_it():
    """A contract-layout landing has no stripe/ folder: 45 lines of '0 read from 0 file(s)' said
    nothing. A contract table without a file still has its line (the user should see it)."""
    from orchestration.defs.ingest.assets import _said
    from orchestration.ingest.load import TableResult
    from orchestration.ingest.manifest import FileResult

    stripe = next(table for table in CONNECTOR_TABLES if table.source == "stripe")
    results = [TableResult(TABLES[0]), TableResult(stripe),
               TableResult(stripe, files=[FileResult(stripe.id, "stripe/charge.csv", "h", 2, 2)])]
    log = _Log()
    assert list(_said(results, types.SimpleNamespace(log=log))) == results
    assert [line.split(":")[0] for line in log.lines] == [f"{TABLES[0].source}/{TABLES[0].name}",
                                                        f"stripe/{stripe.name}"]
