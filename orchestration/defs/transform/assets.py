"""The dbt project as Dagster assets: one `dbt build` per run, the matcher inside it.

The matcher (reconcilers/) is the dbt Python model int_remittances_matched, so a single build
takes the run from raw extracts to findings and KPIs. dbt runs in this process on the manifest
prepared at setup time (runner.py), and rebuilds only the models downstream of inputs that
changed since the last build (changes.py); when an upgrade of dbt or dagster-dbt broke that
runner, dbt runs as a subprocess through dagster-dbt's public API. dbt tests become asset checks.
dbt gets the run's settings as --vars, never through the process environment.

With `--engine spark` dbt runs on Spark (orchestration/engines/spark.py): dbt-spark runs Python
models only on Databricks, so there the build is split around the matcher, which runs on DuckDB.
"""

import functools
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import orjson
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from orchestration.defs.ingest.assets import ERASURES_KEY
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.transform import changes, connectors_in_use, dbt_invocation, runner
from orchestration.engines import spark
from orchestration.progress import say
from orchestration.raw_schema import source_schema
from orchestration.settings import Settings

DBT_PROJECT_DIR = Path(__file__).resolve().parents[3] / "dbt_project"
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
MATCHER = "int_remittances_matched"
# built on every run: the Python assets after dbt read them, and Dagster skips an asset whose
# upstream dbt model was not materialised in the run
ALWAYS_BUILT = ("fct_findings", "fct_kpis", "int_customer_aliases_learned", "int_remittances_evidenced")


def dbt_target(settings: Settings) -> Path:
    """dbt's target folder of a warehouse's runs, beside it (as its logs): runs of one warehouse
    never overlap (its lock), runs of two warehouses from one installation may."""
    return settings.warehouse.with_name("dbt_target")


class BillopsDbtTranslator(DagsterDbtTranslator):
    """Sources take the key of the table: raw/<table> (a contract table's ingest asset, or the
    external asset of a connector's table, below its connector's), history/<table>."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            schema = source_schema(dbt_resource_props["database"], dbt_resource_props["schema"])
            return dg.AssetKey([schema, dbt_resource_props["identifier"]])
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


def _dbt_vars(settings: Settings, database: Path, **more: Any) -> str:
    """--vars: the settings the models read (Settings.dbt_vars), and what the profile reads
    (dbt_project/profiles.yml): the building file, the raw store and DuckDB's limits."""
    profile = {"duckdb_path": str(database), "duckdb_raw_path": str(settings.raw_store),
               "duckdb_memory_limit": settings.memory_limit,
               "duckdb_temp_directory": str(settings.temp_directory)}
    return json.dumps(settings.dbt_vars() | profile | more)


def _common_args(settings: Settings, database: Path, **more_vars: Any) -> list[str]:
    # unit tests prove the models' logic once, in `make test`; a run only tests the data
    return ["--exclude-resource-type", "unit_test", "--vars", _dbt_vars(settings, database, **more_vars)]


def _inputs(con, manifest, settings: Settings, in_use: list[str]) -> list[changes.Input]:
    """Every source and dbt var the models read, with its fingerprint; the connectors in use are
    read by the models that add their rows and decide which adapter models a build has."""
    dbt_vars = settings.dbt_vars() | {connectors_in_use.VAR: in_use}
    readers = changes.var_readers(manifest, list(dbt_vars))
    readers[connectors_in_use.VAR] |= connectors_in_use.adapter_models(manifest)
    return (changes.source_inputs(con, list(manifest["sources"].values()))
            + [changes.setting_input(name, dbt_vars[name], readers[name]) for name in sorted(readers)])


def _forget_last_build(warehouse: WarehouseResource) -> None:
    """A build that replaces every model behind the in-process runner's record of what it last
    built: the next in-process run must rebuild everything rather than trust that record."""
    with warehouse.connection() as con:
        con.execute(f"drop table if exists {changes.STATE_TABLE}")


def _duckdb_build(context: dg.AssetExecutionContext, warehouse: WarehouseResource, log_path: Path) -> Iterator[Any]:
    settings = warehouse.settings
    manifest = parsed_project()  # sources, var readers, views: as parsed
    project = str(dbt_invocation.prepared_state_path(dbt_project).stat().st_mtime_ns)
    with warehouse.connection() as con:
        in_use = connectors_in_use.connectors_in_use(con)
        plan = changes.plan_build(con, _inputs(con, manifest, settings, in_use), project)
    say(f"dbt build: {plan.describe()} (log: {log_path})", context.log)
    views = tuple(node["name"] for node in manifest["nodes"].values()
                  if node["resource_type"] == "model" and node["config"]["materialized"] == "view")
    left_out = connectors_in_use.models_left_out(manifest, in_use, None if plan.full else plan.selectors())
    with warehouse.building_released():
        yield from runner.build(context, dbt_project, translator,
                                [*plan.select_args(ALWAYS_BUILT, views, left_out),
                                 *_common_args(settings, warehouse.building, **{connectors_in_use.VAR: in_use}),
                                 "--target-path", str(dbt_target(settings))], log_path)
    with warehouse.connection() as con:
        changes.record_build(con, plan)


def _subprocess_build(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource,
                      log_path: Path) -> Iterator[Any]:
    """dagster-dbt's public way, when the in-process runner does not fit the installed dbt: a dbt
    subprocess, which parses the project first, builds everything the run selected."""
    _forget_last_build(warehouse)
    say(f"dbt build: everything, in a subprocess (log: {log_path})", context.log)
    # dagster-dbt echoes every dbt line to stdout: into the log
    with warehouse.building_released(), dbt_invocation.output_to(log_path):
        # one --exclude value: dagster-dbt reads a flag's first value only, and dbt splits it on spaces
        yield from dbt.cli(["build", "--exclude", " ".join(changes.UNCHECKED),
                            *_common_args(warehouse.settings, warehouse.building)],
                           context=context, target_path=dbt_target(warehouse.settings)).stream()


def _subprocess_events(context: dg.AssetExecutionContext, dbt: DbtCliResource, args: list[str]) -> Iterator[Any]:
    """One dbt command in a subprocess, selecting exactly what `args` selects. Given the context,
    dagster-dbt would add the run's asset subset as a second --select, and dbt unions the two
    (Spark's step 2 would rebuild the whole project); the context only maps dbt's results to assets."""
    invocation = dbt.cli(args, manifest=dbt_project.manifest_path, dagster_dbt_translator=translator)
    for event in invocation.stream_raw_events():
        yield from event.to_default_asset_events(manifest=invocation.manifest, dagster_dbt_translator=translator,
                                                 context=context, target_path=invocation.target_path,
                                                 project=dbt_project)


def parsed_project() -> dict[str, Any]:
    """The manifest.json of `make setup`'s parse, dbt's documented artifact of the project (as
    dagster-dbt reads it): what a build reads and writes, the Spark steps' too. Read once per
    process, and again when a new parse replaced it; orjson reads it in ~20 ms, where dbt's own
    Manifest takes ~0.18 s to load from the prepared project."""
    path = Path(dbt_project.manifest_path)
    return _manifest_json(path, path.stat().st_mtime_ns)


@functools.cache
def _manifest_json(path: Path, modified_ns: int) -> dict[str, Any]:
    return orjson.loads(path.read_bytes())


def _spark_build(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource,
                 log_path: Path) -> Iterator[Any]:
    """Spark: everything before the matcher, the matcher on DuckDB, everything after it (always
    a full build: Spark's models live in a folder made fresh for the run)."""
    settings = warehouse.settings
    parsed = parsed_project()
    matcher = next(node for node in parsed["nodes"].values() if node["name"] == MATCHER)
    # step 1 reads every dbt source (raw extracts, analysts' history), step 2 the matcher's table;
    # neither runs the tests a run on DuckDB leaves out (changes.UNCHECKED), as one --exclude value
    # (dagster-dbt reads a flag's first value only; dbt splits it on spaces)
    steps = ((("--exclude", " ".join((f"{MATCHER}+", *changes.UNCHECKED))),
              [(source_schema(s["database"], s["schema"]), s["identifier"]) for s in parsed["sources"].values()]),
             (("--select", f"{MATCHER}+", "--exclude", " ".join((MATCHER, *changes.UNCHECKED))),
              [(matcher["schema"], matcher["alias"])]))
    _forget_last_build(warehouse)
    target = ["--target-path", str(dbt_target(settings))]
    # the building file is closed in this process throughout: the matcher's dbt opens it
    with warehouse.building_released():
        for number, (selection, reads) in enumerate(steps):
            with warehouse.connection() as con:
                needed = None if number == 0 else spark.tables_read_after(parsed, matcher["unique_id"])
                step = spark.start_step(con, settings.warehouse, reads, first=number == 0, needed=needed)
            args = ["build", "--target", spark.SPARK_TARGET, *selection,
                    *_common_args(settings, warehouse.building, **step.dbt_vars()), *target]
            say(f"dbt build on Spark, step {number + 1} of 2 (log: {log_path})", context.log)
            with dbt_invocation.output_to(log_path):  # dagster-dbt echoes every dbt line to stdout
                yield from _subprocess_events(context, dbt, args)
            with warehouse.connection() as con:
                pulled = spark.finish_step(con, step, last=number == 1)
            say(f"dbt on Spark, step {number + 1} of 2: {pulled} tables copied to DuckDB", context.log)
            if number == 0:
                # dbt-spark runs Python models only on Databricks: the matcher runs on DuckDB,
                # reading the tables step 1 just copied back under their own names
                say(f"dbt build on DuckDB: the matcher (log: {log_path})", context.log)
                matcher_args = ["--select", MATCHER, *_common_args(settings, warehouse.building), *target]
                if runner.problem() is None:
                    yield from runner.build(context, dbt_project, translator, matcher_args, log_path)
                else:
                    with dbt_invocation.output_to(log_path):
                        yield from _subprocess_events(context, dbt, ["build", *matcher_args])


def failed_error_check(event: object) -> str | None:
    """The name of a dbt test that failed at error severity (warn-severity tests only warn)."""
    if isinstance(event, dg.AssetCheckResult | dg.AssetCheckEvaluation) and not event.passed \
            and event.severity == dg.AssetCheckSeverity.ERROR:
        return event.check_name
    return None


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=translator,
            name="dbt_models")
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    settings = warehouse.settings
    log_path = settings.warehouse.with_name("logs") / f"dbt-{context.run_id}.log"
    counts = {"models": 0, "checks": 0, "failed checks": 0}
    if settings.engine == spark.SPARK_TARGET:
        build = _spark_build(context, dbt, warehouse, log_path)
    elif (problem := runner.problem()) is None:
        build = _duckdb_build(context, warehouse, log_path)
    else:
        say(f"warning: {problem}", context.log)
        build = _subprocess_build(context, dbt, warehouse, log_path)
    failed: list[str] = []
    for event in build:
        if isinstance(event, dg.Output | dg.MaterializeResult | dg.AssetMaterialization):
            counts["models"] += 1
        elif isinstance(event, dg.AssetCheckResult | dg.AssetCheckEvaluation):
            counts["checks" if event.passed else "failed checks"] += 1
        if (check := failed_error_check(event)) is not None:
            failed.append(check)
        yield event
    say("dbt: " + ", ".join(f"{n} {k}" for k, n in counts.items()), context.log)
    if failed:
        # a failed error-severity test fails the run, whatever dbt skipped or built below it: its
        # results are recorded above, and the warehouse stays at the last good run
        raise dg.Failure(f"{len(failed)} dbt test(s) failed: {', '.join(sorted(failed)[:5])}"
                         f"{' …' if len(failed) > 5 else ''} (see the dbt log in {log_path.parent})")


# the dbt of this environment, also when the venv is not on PATH (`.venv/bin/billops run`):
# Spark runs dbt in a subprocess (Spark's JVM belongs in its own process)
dbt_resource = DbtCliResource(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR),
                              dbt_executable=str(Path(sys.executable).with_name("dbt")))
