"""Which tables a later Spark step registers: what the nodes after the matcher read, no more."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.engines.spark import parquet_tables_var, push_tables, start_spark_folder, tables_read_after


def _manifest() -> dict:
    """raw.a -> stg_a -> int_b -> matcher -> fct_c (also reads dim_d) -> test on fct_c and dim_e."""
    def model(name: str, schema: str, *parents: str) -> dict:
        return {"schema": schema, "alias": name, "depends_on": {"nodes": list(parents)}}
    nodes = {
        "model.p.stg_a": model("stg_a", "staging", "source.p.raw.a"),
        "model.p.int_b": model("int_b", "intermediate", "model.p.stg_a"),
        "model.p.matcher": model("remittance_matches", "recon", "model.p.int_b"),
        "model.p.dim_d": model("dim_d", "marts", "model.p.stg_a"),
        "model.p.dim_e": model("dim_e", "marts"),
        "model.p.fct_c": model("fct_c", "marts", "model.p.matcher", "model.p.dim_d"),
        "test.p.relationships_c_e": model("relationships_c_e", "tests", "model.p.fct_c", "model.p.dim_e"),
    }
    children: dict[str, list[str]] = {}
    for unique_id, node in nodes.items():
        for parent in node["depends_on"]["nodes"]:
            children.setdefault(parent, []).append(unique_id)
    children["model.p.fct_c"].append("unit_test.p.fct_c.example")  # unit tests do not run on Spark
    return {"nodes": nodes, "child_map": children,
            "sources": {"source.p.raw.a": {"database": "raw", "schema": "main", "identifier": "a"}}}


def test_a_later_step_reads_the_matcher_and_what_its_descendants_and_their_tests_refer_to() -> None:
    assert tables_read_after(_manifest(), "model.p.matcher") == {
        ("recon", "remittance_matches"), ("marts", "dim_d"), ("marts", "dim_e")}


def test_from_the_source_on_it_reads_the_source_and_what_no_node_after_it_builds() -> None:
    assert tables_read_after(_manifest(), "source.p.raw.a") == {("raw", "a"), ("marts", "dim_e")}


def test_only_the_needed_tables_are_registered(tmp_path: Path) -> None:
    folder = start_spark_folder(tmp_path / "warehouse.duckdb")
    with duckdb.connect() as con:
        for schema, table in (("raw", "a"), ("recon", "remittance_matches"), ("marts", "dim_d")):
            con.execute(f"create schema if not exists {schema}")
            con.execute(f"create table {schema}.{table} as select 1 as x")
        push_tables(con, folder, [("raw", "a"), ("recon", "remittance_matches"), ("marts", "dim_d")])
    listed = parquet_tables_var(folder, frozenset({("recon", "remittance_matches"), ("marts", "dim_e")}))
    assert [(t["schema"], t["table"]) for t in listed["parquet_tables"]] == [("recon", "remittance_matches")]
    assert len(parquet_tables_var(folder)["parquet_tables"]) == 3
