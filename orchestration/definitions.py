"""The one Definitions object: `dagster dev` shows the whole graph from landing files to exports."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.automation.definitions import (
    alert_run_failed,
    alert_run_succeeded,
    billops_daily,
    daily_schedule,
    new_landing_files,
)
from orchestration.defs.findings.assets import decisions, exception_queue
from orchestration.defs.ingest.assets import erasures_applied, ingest_assets
from orchestration.defs.publish.assets import exports
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.transform.assets import dbt_models, dbt_resource

defs = dg.Definitions(
    assets=[*ingest_assets, erasures_applied, decisions, dbt_models, exception_queue, exports],
    jobs=[billops_daily],
    schedules=[daily_schedule],
    sensors=[new_landing_files, alert_run_succeeded, alert_run_failed],
    resources={"warehouse": WarehouseResource(), "dbt": dbt_resource},
)
