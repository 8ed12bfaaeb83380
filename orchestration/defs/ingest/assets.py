"""One asset per contract table: the landing folder's files into raw.<source>__<table>."""

import dagster as dg

from orchestration.contract import TABLES, Table
from orchestration.defs.resources import WarehouseResource
from orchestration.erasure import apply_erasures
from orchestration.ingest import check_landing, load_table
from orchestration.progress import say

CONSERVATION_CHECK = "rows_conserved"
ERASURES_KEY = dg.AssetKey(["raw", "erasures_applied"])


def raw_asset_key(table: Table) -> dg.AssetKey:
    return dg.AssetKey(["raw", table.id])


def _ingest_asset(table: Table) -> dg.AssetsDefinition:
    key = raw_asset_key(table)

    @dg.asset(
        key=key,
        group_name="ingest",
        kinds={"duckdb", "python"},
        description=f"{table.source}/{table.name} extracts, validated against the contract; bad rows quarantined.",
        check_specs=[dg.AssetCheckSpec(CONSERVATION_CHECK, asset=key,
                                       description="per file: rows read = loaded + duplicates + quarantined")],
    )
    def ingest(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        check_landing(warehouse.settings.landing)
        with warehouse.connection() as con:
            result = load_table(con, warehouse.settings.landing, table)
        for warning in result.warnings:
            say(f"warning: {warning}", context.log)
        unbalanced = [f.source_file for f in result.files
                      if f.rows_read != f.rows_loaded + f.rows_duplicate + f.rows_quarantined]
        say(f"{table.source}/{table.name}: {result.total('rows_read')} read, {result.total('rows_loaded')} loaded, "
            f"{result.total('rows_duplicate')} duplicate, {result.total('rows_quarantined')} quarantined "
            f"from {len(result.files)} file(s)", context.log)
        return dg.MaterializeResult(
            metadata={
                "files": len(result.files),
                "rows_read": result.total("rows_read"),
                "rows_loaded": result.total("rows_loaded"),
                "rows_duplicate": result.total("rows_duplicate"),
                "rows_quarantined": result.total("rows_quarantined"),
            },
            check_results=[dg.AssetCheckResult(
                check_name=CONSERVATION_CHECK, passed=not unbalanced,
                metadata={"unbalanced_files": ", ".join(unbalanced) or "none"})],
        )

    return ingest


ingest_assets = [_ingest_asset(table) for table in TABLES]


@dg.asset(
    key=ERASURES_KEY,
    deps=[raw_asset_key(table) for table in TABLES],
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
