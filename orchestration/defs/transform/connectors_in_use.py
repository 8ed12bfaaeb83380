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

from typing import TYPE_CHECKING

import duckdb

from contract.connectors import CONNECTORS
from orchestration.raw_schema import RAW_SCHEMA
from orchestration.warehouse import table_exists

if TYPE_CHECKING:  # dbt-core's classes, read as data here
    from dbt.contracts.graph.manifest import Manifest

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
    return {uid for uid, node in manifest.nodes.items()
            if node.resource_type == "model" and node.fqn[1:2] == ["staging"] and node.fqn[2] in folders}


def adapter_models(manifest: Manifest) -> set[str]:
    """The names of every connector's models: a change in the connectors in use rebuilds them (by
    name: a view is rebuilt only when named, changes.BuildPlan.select_args)."""
    return {manifest.nodes[uid].name for uid in _adapter_models(manifest, [c.folder for c in CONNECTORS])}


def models_left_out(manifest: Manifest, in_use: list[str]) -> list[str]:
    """The names of the models of the connectors not `in_use` that no model reads directly (outside
    the GUARDS), nor through another of their models that one reads directly."""
    models = {uid: node for uid, node in manifest.nodes.items() if node.resource_type == "model"}
    adapters = _adapter_models(manifest, [c.folder for c in CONNECTORS if c.folder not in in_use])
    read = [dependency for uid, node in models.items()
            if uid not in adapters and not GUARDS & set(node.depends_on.macros)
            for dependency in node.depends_on.nodes if dependency in adapters]
    kept: set[str] = set()
    while read:
        uid = read.pop()
        if uid not in kept:
            kept.add(uid)
            read += [dependency for dependency in models[uid].depends_on.nodes if dependency in adapters]
    return sorted(models[uid].name for uid in adapters - kept)
