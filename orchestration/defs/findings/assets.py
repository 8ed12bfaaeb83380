"""This run's findings folded into the persisted queue (history.exceptions)."""

import datetime as dt

import dagster as dg

from orchestration.defs.resources import WarehouseResource
from orchestration.history import merge_findings, refresh_decisions
from orchestration.progress import say


@dg.asset(
    key=dg.AssetKey(["history", "exceptions"]),
    deps=[dg.AssetKey(["marts", "fct_findings"])],
    group_name="findings",
    kinds={"duckdb", "python"},
    description="Every finding ever seen with its status (open | resolved | acknowledged), first and last "
                "seen; analysts' acknowledgements from the decisions file applied.",
)
def exception_queue(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connection() as con:
        for problem in refresh_decisions(con, warehouse.settings.decisions):
            say(f"warning: {problem}", context.log)
        counts = merge_findings(con, "select * from marts.fct_findings", dt.datetime.now(dt.UTC).replace(tzinfo=None))
    say("findings: " + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("open", "acknowledged", "resolved")),
        context.log)
    return dg.MaterializeResult(metadata={s: counts.get(s, 0) for s in ("open", "acknowledged", "resolved")})
