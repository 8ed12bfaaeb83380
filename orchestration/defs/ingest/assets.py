"""The raw tables as assets: one per contract table, one per connector for all its tables. The
landing folder's files go into raw.<source>__<table>.

A connector's tables are one asset, raw/<folder>: a landing without that connector's folder holds
its tables empty, and each asset costs every run its Dagster events (materialization, check,
outputs) whether or not anything changed: about 14 ms a table (docs/benchmarks.md)."""

from collections.abc import Iterable, Iterator
from itertools import groupby

import dagster as dg

from contract.connectors import CONNECTOR_TABLES, RAW_TABLES
from contract.tables import TABLES
from orchestration.defs.resources import WarehouseResource
from orchestration.erasure import apply_erasures
from orchestration.ingest import check_landing, load_tables, prestage
from orchestration.ingest.crm_fields import check_crm_fields
from orchestration.ingest.load import TableResult
from orchestration.ingest.source_db import land_source_db
from orchestration.progress import say

CONSERVATION_CHECK = "rows_conserved"
ERASURES_KEY = dg.AssetKey(["raw", "erasures_applied"])
_CONNECTOR_OF = {table.id: table.source for table in CONNECTOR_TABLES}  # a connector table's source: its folder


def raw_asset_key(table_id: str) -> dg.AssetKey:
    """The asset of raw.<table_id>: raw/<table_id> for a contract table (and the raw store's own
    tables), raw/<folder> for a connector's."""
    return dg.AssetKey(["raw", _CONNECTOR_OF.get(table_id, table_id)])


RAW_ASSET_KEYS = tuple(dict.fromkeys(raw_asset_key(table.id) for table in RAW_TABLES))
_DESCRIPTIONS = {raw_asset_key(table.id): f"{table.source}/{table.name} extracts, validated against the contract; "
                                           "bad rows quarantined." for table in TABLES} | {
    raw_asset_key(table.id): f"The {table.source}/ folder's tables (empty without the folder), validated; bad rows "
                             "quarantined." for table in CONNECTOR_TABLES}


def _asset_result(key: dg.AssetKey, results: list[TableResult]) -> dg.MaterializeResult:
    files = [f for result in results for f in result.files]
    unbalanced = [f.source_file for f in files if f.rows_read != f.rows_loaded + f.rows_duplicate + f.rows_quarantined]
    modes = {result.mode for result in results}
    return dg.MaterializeResult(
        asset_key=key,
        metadata={
            "mode": next(mode for mode in ("replace", "append", "unchanged") if mode in modes),
            "tables": len(results),
            "files": len(files),
            **{name: sum(getattr(f, name) for f in files)
               for name in ("rows_read", "rows_loaded", "rows_duplicate", "rows_quarantined")},
        },
        check_results=[dg.AssetCheckResult(
            asset_key=key, check_name=CONSERVATION_CHECK, passed=not unbalanced,
            metadata={"unbalanced_files": ", ".join(unbalanced) or "none"})],
    )


def _said(results: Iterable[TableResult], context: dg.AssetExecutionContext) -> Iterator[TableResult]:
    """Each table's line (and warnings) as it is loaded; none for a connector's table when the
    landing has no file of it (a contract-layout landing has no stripe/ or salesforce/ folder)."""
    for result in results:
        table = result.table
        for warning in result.warnings:
            say(f"warning: {warning}", context.log)
        if not result.files and table in CONNECTOR_TABLES:
            yield result
            continue
        say(f"{table.source}/{table.name}: {result.total('rows_read')} read, {result.total('rows_loaded')} "
            f"loaded, {result.total('rows_duplicate')} duplicate, {result.total('rows_quarantined')} "
            f"quarantined from {len(result.files)} file(s)"
            + (f", {result.files_not_loaded} of them not loaded (see the warning)" if result.files_not_loaded else ""),
            context.log)
        yield result


@dg.multi_asset(
    specs=[dg.AssetSpec(key, group_name="ingest", kinds={"duckdb", "python"}, skippable=True,
                        description=_DESCRIPTIONS[key])
           for key in RAW_ASSET_KEYS],
    check_specs=[dg.AssetCheckSpec(CONSERVATION_CHECK, asset=key,
                                   description="per file: rows read = loaded + duplicates + quarantined")
                 for key in RAW_ASSET_KEYS],
    can_subset=True,
    name="ingest_extracts",
)
def ingest_extracts(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One step for every table (a step per table would add Dagster's per-step overhead once per table)."""
    settings = warehouse.settings
    if settings.source_db:
        landed = land_source_db(settings.source_db, settings.landing)
        say(f"source database: {len(landed)} table(s) landed ({', '.join(landed) or 'none billops reads'})",
            context.log)
    provided = check_landing(warehouse.settings.landing)
    selected = context.selected_asset_keys
    with warehouse.connection() as con:
        tables = [table for table in RAW_TABLES if raw_asset_key(table.id) in selected]
        # a connector's tables are consecutive in RAW_TABLES: each asset's result as soon as its last table is loaded
        for key, results in groupby(_said(load_tables(con, settings.landing, tables, provided), context),
                                    key=lambda result: raw_asset_key(result.table.id)):
            yield _asset_result(key, list(results))
        check_crm_fields(con, settings)  # a CRM folder whose contracts have no billing frequency: one line
    if prestaged := prestage.summary():
        say(prestaged, context.log)


# dbt's sources keep a key per table (dagster-dbt wants one per source): a connector's are external
# assets below their connector's; the step order comes from erasures_applied, which every staging
# model follows and which follows every ingest asset
connector_tables = [dg.AssetSpec(dg.AssetKey(["raw", table.id]), deps=[raw_asset_key(table.id)], group_name="ingest",
                                 description=f"raw.{table.id}, loaded with raw/{table.source}.")
                    for table in CONNECTOR_TABLES]
ingest_assets = [ingest_extracts, *connector_tables]


@dg.asset(
    key=ERASURES_KEY,
    deps=list(RAW_ASSET_KEYS),
    group_name="ingest",
    kinds={"duckdb", "python"},
    description="Customers erased with `billops erase` pseudonymised again in the fresh extracts (GDPR).",
)
def erasures_applied(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connection() as con:
        changed = apply_erasures(con)
    if changed:
        say(f"erasures: {changed} personal values pseudonymised", context.log)
    return dg.MaterializeResult(metadata={"values_pseudonymised": changed})
