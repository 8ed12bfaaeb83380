"""Exports, then the all-or-nothing switch: the building file becomes the warehouse."""

import dagster as dg

from orchestration.defs.resources import WarehouseResource
from orchestration.exports import write_exports
from orchestration.history import record_run
from orchestration.progress import say
from orchestration.warehouse import promote


@dg.asset(
    key=dg.AssetKey(["exports"]),
    # After the one dbt step (its marts fct_remittance_matches and fct_quarantine included) and the
    # queue. Only assets every run materializes are named: an incremental run that rebuilds neither
    # mart would otherwise skip the exports.
    deps=[dg.AssetKey(["history", "exceptions"]), dg.AssetKey(["marts", "fct_kpis"])],
    group_name="publish",
    kinds={"csv", "xlsx"},
    description="exceptions.csv/.xlsx, remittance_matches.csv, quarantine.csv, kpis.csv; then the warehouse "
                "and the dashboard's serving copy are replaced atomically.",
)
def exports(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings
    with warehouse.connection() as con:
        written = write_exports(con, settings.exports, settings.reporting_currency)
        record_run(con, context.run_id, warehouse.started_at, settings.as_of, settings.landing, "success")
    warehouse.release_building()
    promote(settings, warehouse.building)
    unchanged = [name for name in written.rows if name not in written.rewritten]
    say(f"exports in {settings.exports}: " + ", ".join(f"{n} {k}" for k, n in written.rows.items())
        + (f" ({', '.join(unchanged)} unchanged, not rewritten)" if unchanged else ""), context.log)
    return dg.MaterializeResult(metadata={f"{k}_rows": n for k, n in written.rows.items()}
                                | {"exports": str(settings.exports), "rewritten": ", ".join(written.rewritten)})
