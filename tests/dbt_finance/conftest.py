"""A scenario warehouse for the finance models: generated landing data with known answers,
ingested, with the true remittance matches as the matcher's output, and the dbt models built."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

from dbt_in_process import dbt_in_process
from orchestration.history import load_decisions_file
from orchestration.ingest import load_landing
from pipeline_helpers import raw_store_connection
from seeds.generate import DEFAULT_AS_OF, generate

SCENARIO_SEED = 11  # not the demo's seed: an independent scenario
# fct_kpis also needs the leakage and tax findings: left out so this scores the finance models only.
FINANCE_MODELS = ("+int_kpis_receivables_computed +int_kpis_dso_countback_computed +fct_collections_worklist "
                  "+int_findings_collections +int_findings_cash_application")


@dataclass(frozen=True)
class Scenario:
    warehouse: Path
    truth: Path
    as_of: date

    def truth_rows(self, name: str) -> list[dict[str, str]]:
        with (self.truth / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute(sql).fetchall()


def _load_true_matches(con: duckdb.DuckDBPyConnection, truth: Path) -> None:
    """The generator's cash-application answer as auto-applied matches: scores the finance models
    on their own, whatever the matcher's recall."""
    con.execute("create schema if not exists recon")
    con.execute(f"""
        create or replace table recon.remittance_matches as
        select m.bank_txn_id, m.invoice_id, cast(m.allocated_amount as decimal(18, 3)) as allocated_amount,
               b.currency, m.kind as match_rule, 1.0 as confidence, 'auto_applied' as status,
               b.value_date,
               cast(b.amount - sum(cast(m.allocated_amount as decimal(18, 3))) over (partition by m.bank_txn_id)
                    as decimal(18, 3)) as unapplied_amount,
               cast(null as varchar) as other_currency_invoice_id
        from read_csv('{truth / "matches.csv"}', all_varchar = true) as m
        join staging.stg_bank__statement_lines as b using (bank_txn_id)""")


@pytest.fixture(scope="session")
def finance_scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    root = tmp_path_factory.mktemp("finance")
    landing, warehouse = root / "landing", root / "warehouse.duckdb"
    generate(landing, SCENARIO_SEED, DEFAULT_AS_OF, 200, False, 0)
    with raw_store_connection(warehouse) as con:
        load_landing(con, landing)
    # staging views must exist before the true matches can join the bank lines
    dbt_in_process(warehouse, DEFAULT_AS_OF.isoformat(), root, "run", "--select", "stg_bank__statement_lines")
    with raw_store_connection(warehouse) as con:  # the staging views read the raw store
        _load_true_matches(con, landing / "_truth")
        load_decisions_file(con, root / "decisions.csv")  # none: the matcher's history sources, empty
    # the true matches stand in for the matcher model's output
    dbt_in_process(warehouse, DEFAULT_AS_OF.isoformat(), root, "build", "--select", *FINANCE_MODELS.split(),
                   "--exclude", "test_type:unit", "int_remittances_matched")
    return Scenario(warehouse, landing / "_truth", DEFAULT_AS_OF)
