"""One asset per raw table (the contract's and every connector's): the landing folder's files into
raw.<source>__<table>."""

import dagster as dg

from contract.connectors import RAW_TABLES
from contract.tables import Table
from orchestration.defs.resources import WarehouseResource
from orchestration.erasure import apply_erasures
from orchestration.ingest import check_landing, load_tables, prestage
from orchestration.ingest.crm_fields import check_crm_fields
from orchestration.ingest.source_db import land_source_db
from orchestration.progress import say

CONSERVATION_CHECK = "rows_conserved"
ERASURES_KEY = dg.AssetKey(["raw", "erasures_applied"])


def raw_asset_key(table: Table) -> dg.AssetKey:
    return dg.AssetKey(["raw", table.id])


def _table_result(table: Table, result) -> dg.MaterializeResult:
    unbalanced = [f.source_file for f in result.files
                  if f.rows_read != f.rows_loaded + f.rows_duplicate + f.rows_quarantined]
    return dg.MaterializeResult(
        asset_key=raw_asset_key(table),
        metadata={
            "mode": result.mode,
            "files": len(result.files),
            "rows_read": result.total("rows_read"),
            "rows_loaded": result.total("rows_loaded"),
            "rows_duplicate": result.total("rows_duplicate"),
            "rows_quarantined": result.total("rows_quarantined"),
        },
        check_results=[dg.AssetCheckResult(
            asset_key=raw_asset_key(table), check_name=CONSERVATION_CHECK, passed=not unbalanced,
            metadata={"unbalanced_files": ", ".join(unbalanced) or "none"})],
    )


@dg.multi_asset(
    specs=[dg.AssetSpec(raw_asset_key(table), group_name="ingest", kinds={"duckdb", "python"}, skippable=True,
                        description=f"{table.source}/{table.name} extracts, validated against the contract; "
                                    "bad rows quarantined.")
           for table in RAW_TABLES],
    check_specs=[dg.AssetCheckSpec(CONSERVATION_CHECK, asset=raw_asset_key(table),
                                   description="per file: rows read = loaded + duplicates + quarantined")
                 for table in RAW_TABLES],
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
        tables = [table for table in RAW_TABLES if raw_asset_key(table) in selected]
        for table, result in zip(tables, load_tables(con, settings.landing, tables, provided), strict=True):
            for warning in result.warnings:
                say(f"warning: {warning}", context.log)
            say(f"{table.source}/{table.name}: {result.total('rows_read')} read, {result.total('rows_loaded')} "
                f"loaded, {result.total('rows_duplicate')} duplicate, {result.total('rows_quarantined')} "
                f"quarantined from {len(result.files)} file(s)", context.log)
            yield _table_result(table, result)
        check_crm_fields(con, settings)  # a CRM folder whose contracts have no billing frequency: one line
    if prestaged := prestage.summary():
        say(prestaged, context.log)


ingest_assets = [ingest_extracts]


@dg.asset(
    key=ERASURES_KEY,
    deps=[raw_asset_key(table) for table in RAW_TABLES],
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
