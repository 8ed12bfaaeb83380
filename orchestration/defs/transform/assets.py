"""The dbt project as Dagster assets, in two steps around the reconcile asset.

Models that need the matcher's output (everything downstream of the `recon` source) run after it;
all other models run before it. dbt tests become asset checks. With `--engine spark` dbt runs on
Spark and the tables cross between DuckDB and Spark as Parquet (orchestration/engines/spark.py).
"""

import contextlib
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from orchestration.defs.ingest.assets import ERASURES_KEY
from orchestration.defs.resources import WarehouseResource
from orchestration.engines import spark
from orchestration.progress import say

DBT_PROJECT_DIR = Path(__file__).resolve().parents[3] / "dbt_project"
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
AFTER_RECONCILE = "source:recon+"
# A fixed target folder keeps dbt's partial parse between runs (a fresh one per run re-parses
# the whole project); runs never overlap, the warehouse lock sees to that.
PIPELINE_TARGET = DBT_PROJECT_DIR / "target" / "pipeline"


class BillopsDbtTranslator(DagsterDbtTranslator):
    """Sources take the key of the asset that writes them: raw/<table> (ingest), recon/<table>."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["identifier"]])
        return super().get_asset_key(dbt_resource_props)

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest["nodes"].get(unique_id, {})
        if node.get("resource_type") == "model" and node.get("fqn", [None, None])[1] == "staging":
            # staging reads raw only after erased customers have been pseudonymised there
            return spec.merge_attributes(deps=[ERASURES_KEY])
        return spec

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


translator = BillopsDbtTranslator()


def _build(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, *,
           before_reconcile: bool):
    settings = warehouse.settings
    dbt_vars = settings.dbt_vars()
    spark_step = None
    if settings.engine == spark.SPARK_TARGET:
        # the first step reads the extracts, the second the matcher's output (and the first's models)
        with warehouse.connection() as con:
            spark_step = spark.start_step(con, settings.warehouse,
                                          (spark.RAW_SCHEMA,) if before_reconcile else (spark.RECON_SCHEMA,),
                                          first=before_reconcile)
        dbt_vars |= spark_step.dbt_vars()
        os.environ.update(spark_step.folder.environment())
    # dbt runs in a subprocess that reads the warehouse path and limits from the environment
    os.environ["BILLOPS_DBT_DATABASE"] = str(warehouse.building)
    os.environ["BILLOPS_MEMORY_LIMIT"] = settings.memory_limit
    os.environ["BILLOPS_TEMP_DIRECTORY"] = str(settings.temp_directory)
    # unit tests prove the models' logic once, in `make test`; a run only tests the data
    log_path = settings.warehouse.with_name("logs") / f"dbt-{context.run_id}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    say(f"dbt {context.op_def.name}: building (log: {log_path})", context.log)
    counts = {"models": 0, "checks": 0, "failed checks": 0}
    # dagster-dbt echoes every dbt line to stdout: keep them in the run's log file instead
    with log_path.open("a", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        invocation = dbt.cli(["build", *spark.dbt_target_args(settings.engine), "--exclude-resource-type",
                              "unit_test", "--vars", json.dumps(dbt_vars)], context=context)
        for event in invocation.stream():
            if isinstance(event, dg.Output | dg.MaterializeResult):
                counts["models"] += 1
            elif isinstance(event, dg.AssetCheckResult | dg.AssetCheckEvaluation):
                counts["checks" if event.passed else "failed checks"] += 1
            yield event
    say(f"dbt {context.op_def.name}: " + ", ".join(f"{n} {k}" for k, n in counts.items()), context.log)
    if spark_step is not None:
        with warehouse.connection() as con:
            pulled = spark.finish_step(con, spark_step, last=not before_reconcile)
        say(f"dbt {context.op_def.name}: {pulled} tables copied from Spark to DuckDB", context.log)


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, exclude=AFTER_RECONCILE,
            dagster_dbt_translator=translator, name="dbt_before_reconcile")
def dbt_before_reconcile(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    yield from _build(context, dbt, warehouse, before_reconcile=True)


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, select=AFTER_RECONCILE,
            dagster_dbt_translator=translator, name="dbt_after_reconcile")
def dbt_after_reconcile(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    yield from _build(context, dbt, warehouse, before_reconcile=False)


# the dbt of this environment, also when the venv is not on PATH (`.venv/bin/billops run`)
dbt_resource = DbtCliResource(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR),
                              dbt_executable=str(Path(sys.executable).with_name("dbt")))
