"""`billops run --engine spark` finds what the DuckDB engine finds, on the demo data.

dbt builds the same project on Apache Spark (local mode, inside the dbt process); the findings
must agree to the id and the cent. Needs the `spark` extra (`uv sync --extra spark`) and Java 17.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from orchestration.cli import main
from orchestration.engines.spark import spark_folder
from pipeline_helpers import read_csv, run_args


def _java_17_or_later() -> bool:
    java = shutil.which("java", path=os.path.join(os.environ.get("JAVA_HOME", ""), "bin") + os.pathsep
                        + os.environ.get("PATH", ""))
    if java is None:
        return False
    version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    digits = version.split('"')[1].split(".")[0] if '"' in version else "0"
    return digits.isdigit() and int(digits) >= 17


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("pyspark") is None
                       or importlib.util.find_spec("dbt.adapters.spark") is None,
                       reason="the spark extra is not installed: uv sync --extra spark"),
    pytest.mark.skipif(not _java_17_or_later(), reason="Spark needs Java 17 or later on PATH or JAVA_HOME"),
]

# the lifecycle columns say when a run saw a finding, not what it found
LIFECYCLE_COLUMNS = ("first_seen_at", "last_seen_at")


@pytest.fixture(scope="module")
def runs(landing, tmp_path_factory, request) -> dict[str, Path]:
    """A Spark run on the demo landing folder, from a cwd Spark must not litter, and the session's
    DuckDB run (tests/conftest.py; tests that run again in it leave its exports as they were),
    asked for after the Spark run: another xdist worker makes it meanwhile."""
    cwd = tmp_path_factory.mktemp("cwd")
    works = {"spark": tmp_path_factory.mktemp("spark"), "cwd": cwd}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        assert main(run_args(landing, works["spark"], "--engine", "spark")) == 0
    return works | {"duckdb": request.getfixturevalue("first_run")}


def _findings(work: Path) -> dict[str, dict[str, str]]:
    rows = read_csv(work / "exports" / "exceptions.csv")
    return {row["exception_id"]: {k: v for k, v in row.items() if k not in LIFECYCLE_COLUMNS} for row in rows}


def test_spark_finds_the_same_exception_ids_and_amounts(runs):
    duckdb_findings, spark_findings = _findings(runs["duckdb"]), _findings(runs["spark"])
    assert len(duckdb_findings) > 50, "the demo has findings of every family"
    amounts = {engine: {(i, r["amount_at_risk"], r["amount_at_risk_reporting"]) for i, r in found.items()}
               for engine, found in (("duckdb", duckdb_findings), ("spark", spark_findings))}
    assert amounts["spark"] == amounts["duckdb"]


def test_spark_findings_agree_in_every_column(runs):
    duckdb_findings, spark_findings = _findings(runs["duckdb"]), _findings(runs["spark"])
    differing = {i: (duckdb_findings[i], spark_findings[i]) for i in duckdb_findings
                 if duckdb_findings[i] != spark_findings.get(i)}
    assert differing == {}


def test_spark_matches_agree(runs):
    exported = {engine: read_csv(runs[engine] / "exports" / "remittance_matches.csv") for engine in ("duckdb", "spark")}
    assert exported["spark"] == exported["duckdb"]


# KPI ratios are divisions: DuckDB divides decimals in DOUBLE, Spark in DECIMAL rounded to 6
# decimals, which countback DSO then multiplies by 30 days. Money is never divided this way.
KPI_RATIO_TOLERANCE = Decimal("0.00005")


def test_spark_kpis_agree_within_the_ratio_tolerance(runs):
    """Every KPI row and column equal; values within the division tolerance."""
    kpis = {engine: read_csv(runs[engine] / "exports" / "kpis.csv") for engine in ("duckdb", "spark")}
    assert len(kpis["spark"]) == len(kpis["duckdb"]) > 100
    for on_duckdb, on_spark in zip(kpis["duckdb"], kpis["spark"], strict=True):
        assert {**on_spark, "value": None} == {**on_duckdb, "value": None}
        if on_duckdb["value"] or on_spark["value"]:
            assert abs(Decimal(on_spark["value"]) - Decimal(on_duckdb["value"])) <= KPI_RATIO_TOLERANCE, on_duckdb


def test_spark_leaves_no_metastore_or_files_behind(runs):
    assert not (runs["cwd"] / "metastore_db").exists() and not (runs["cwd"] / "derby.log").exists()
    assert not (runs["cwd"] / "spark-warehouse").exists()
    assert not spark_folder(runs["spark"] / "warehouse.duckdb").root.exists()
