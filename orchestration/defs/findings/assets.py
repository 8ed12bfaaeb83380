"""Analysts' decisions in (before dbt), this run's findings folded into the persisted queue (after)."""

import datetime as dt

import dagster as dg

from orchestration.defs.ingest.assets import ERASURES_KEY
from orchestration.defs.resources import WarehouseResource
from orchestration.history import load_decisions_file, merge_findings, persist_learned_aliases, persist_match_evidence
from orchestration.progress import say

DECISIONS_KEY = dg.AssetKey(["history", "decisions"])


@dg.asset(
    key=DECISIONS_KEY,
    deps=[ERASURES_KEY],
    group_name="findings",
    kinds={"duckdb", "python"},
    description="The analysts' decisions file (contract/decisions.py) as a "
                "table, for the matcher, what it learns and the findings queue.",
)
def decisions(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connection() as con:
        problems = load_decisions_file(con, warehouse.settings.decisions)
        rows = con.execute("select count(*) from history.decisions").fetchone()[0]
    for problem in problems:
        say(f"warning: {problem}", context.log)
    return dg.MaterializeResult(metadata={"decisions": rows, "unreadable_lines": len(problems)})


@dg.asset(
    key=dg.AssetKey(["history", "exceptions"]),
    deps=[dg.AssetKey(["marts", "fct_findings"]), dg.AssetKey(["intermediate", "int_customer_aliases_learned"]),
          dg.AssetKey(["intermediate", "int_remittances_evidenced"])],
    group_name="findings",
    kinds={"duckdb", "python"},
    description="Every finding ever seen with its status (open | resolved | acknowledged), first and last "
                "seen; analysts' acknowledgements applied. Learned payer names and the confirmed or "
                "auto-applied matches the habits are learned from are kept for later runs.",
)
def exception_queue(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with warehouse.connection() as con:
        persist_learned_aliases(con)
        evidence = persist_match_evidence(con, now)
        counts = merge_findings(con, "select * from marts.fct_findings", now,
                                warehouse.settings.write_off_approval_above)
    say(f"learning: {evidence} new confirmed or auto-applied matches kept as evidence", context.log)
    say("findings: " + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("open", "acknowledged", "resolved")),
        context.log)
    return dg.MaterializeResult(metadata={s: counts.get(s, 0) for s in ("open", "acknowledged", "resolved")})
