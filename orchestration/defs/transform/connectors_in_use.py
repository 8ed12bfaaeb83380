"""The connectors whose tables hold rows, and the dbt models a build leaves out without them.

A connector's adapter models (dbt_project/models/staging/<folder>/) map its tables into the
contract's. When none of its raw tables holds a row, they are empty, yet a full build would still
create each of them and run their tests: 116 nodes for the five connectors, a quarter of a full
build's (docs/benchmarks.md). The models that read adapter models do so through macros that leave
out a connector not in use (with_adapter_rows, adapter_reject_rows: the dbt var
connectors_in_use); the build then excludes the models of such a connector, except those a model
reads directly (the Stripe payout models that payout matching reads are built whatever the landing
holds, and stay empty).
"""

from __future__ import annotations

import duckdb

from contract.connectors import CONNECTORS
from orchestration.dbt_manifest import Manifest, nodes_below
from orchestration.raw_schema import RAW_SCHEMA
from orchestration.warehouse import table_exists

VAR = "connectors_in_use"
# the macros through which a model reads adapter models only when their connector is in use
GUARDS = frozenset({"macro.billops.with_adapter_rows", "macro.billops.adapter_reject_rows"})


def connectors_in_use(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The folders of the connectors with a row in one of their raw tables, in CONNECTORS order."""
    return [connector.folder for connector in CONNECTORS
            if any(table_exists(con, RAW_SCHEMA, table.id)
                   and con.execute(f"select exists (from {RAW_SCHEMA}.{table.id})").fetchone()[0]
                   for table in connector.raw_tables())]


def _adapter_models(manifest: Manifest, folders: list[str]) -> set[str]:
    return {uid for uid, node in manifest["nodes"].items()
            if node["resource_type"] == "model" and node["fqn"][1:2] == ["staging"] and node["fqn"][2] in folders}


def adapter_models(manifest: Manifest) -> set[str]:
    """The names of every connector's models: a change in the connectors in use rebuilds them (by
    name: a view is rebuilt only when named, changes.BuildPlan.select_args)."""
    return {manifest["nodes"][uid]["name"] for uid in _adapter_models(manifest, [c.folder for c in CONNECTORS])}


def models_left_out(manifest: Manifest, in_use: list[str], reaching: list[str] | None = None) -> list[str]:
    """The names of the models of the connectors not `in_use` that no model reads directly (outside
    the GUARDS), nor through another of their models that one reads directly. With `reaching` (the
    dbt selectors whose descendants a build selects: source:<source>.<table> or node names), only
    those the build reaches, themselves or through a test that reads them: dbt resolves each name
    to exclude against every node of the project (~0.3 s for the 65 models of unused connectors;
    the in-process runner excludes them by one tag instead, dbt_invocation.excluded_by_tag), and
    a build below new usage rows reaches none of them."""
    nodes = manifest["nodes"]
    models = {uid: node for uid, node in nodes.items() if node["resource_type"] == "model"}
    adapters = _adapter_models(manifest, [c.folder for c in CONNECTORS if c.folder not in in_use])
    read = [dependency for uid, node in models.items()
            if uid not in adapters and not GUARDS & set(node["depends_on"]["macros"])
            for dependency in node["depends_on"]["nodes"] if dependency in adapters]
    kept: set[str] = set()
    while read:
        uid = read.pop()
        if uid not in kept:
            kept.add(uid)
            read += [dependency for dependency in models[uid]["depends_on"]["nodes"] if dependency in adapters]
    left_out = adapters - kept
    if reaching is not None:
        reached = _descendants(manifest, reaching)
        tested = {parent for uid in reached if uid in nodes and nodes[uid]["resource_type"] == "test"
                  for parent in nodes[uid]["depends_on"]["nodes"]}
        left_out &= reached | tested
    return sorted(models[uid]["name"] for uid in left_out)


def _descendants(manifest: Manifest, selectors: list[str]) -> set[str]:
    """The unique ids of the nodes and sources `selectors` name and of every node below them."""
    wanted = set(selectors)
    named = {uid for uid, source in manifest["sources"].items()
             if f"source:{source['source_name']}.{source['name']}" in wanted}
    named |= {uid for uid, node in manifest["nodes"].items() if node["name"] in wanted}
    return named | nodes_below(manifest, named)
