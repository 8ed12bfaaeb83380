"""`billops run` on a Stripe-shaped landing: Fivetran's public dbt_stripe seeds, unmodified, plus
rows of our own that link one customer from a CRM account through a Stripe subscription, invoices,
lines, a discount and charges to the ERP, with findings whose answers are known.

One run serves every test here (a run costs ~30 s of dbt on tiny data). The seeds are half test-mode
rows (livemode false): the run keeps them (--stripe-include-test-mode) so that every seed invoice
must reach staging.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

import connector_helpers
import postgres_server
from orchestration.cli import main
from orchestration.ingest.source_db import LANDED_NAME, extension_path
from orchestration.settings import SettingsError, load_settings
from pipeline_helpers import read_csv, run_args

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "connectors" / "stripe"
SEEDS = FIXTURES / "fivetran_dbt_stripe"
LINKED = FIXTURES / "billops_linked"

score_findings = connector_helpers.score_findings()

pytestmark = pytest.mark.slow


def _seed_rows(table: str) -> list[dict[str, str]]:
    with (SEEDS / f"{table}_data.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def stripe_seed_landing(folder: Path) -> Path:
    """The seeds as Fivetran names the tables (`invoice_data.csv` is table invoice), byte for byte.
    The _postgres/_snowflake variants repeat discount rows for other warehouses: left out."""
    (folder / "stripe").mkdir(parents=True)
    for seed in SEEDS.glob("*_data.csv"):
        shutil.copyfile(seed, folder / "stripe" / f"{seed.name.removesuffix('_data.csv')}.csv")
    return folder


@pytest.fixture(scope="module")
def stripe_run(tmp_path_factory) -> Path:
    landing = stripe_seed_landing(tmp_path_factory.mktemp("stripe_landing"))
    shutil.copytree(LINKED, landing, dirs_exist_ok=True)  # our rows: stripe/<table>/billops_linked.csv
    work = tmp_path_factory.mktemp("stripe_run")
    assert main(run_args(landing, work, "--stripe-include-test-mode", "true")) == 0
    return work


def _ids(work: Path, query: str) -> set[str]:
    with duckdb.connect(str(work / "warehouse.duckdb"), read_only=True) as con:
        return {row[0] for row in con.execute(query).fetchall()}


def test_every_seed_invoice_and_live_customer_reaches_the_contract_staging(stripe_run):
    invoices = _ids(stripe_run, "select invoice_id from staging.stg_billing__invoices")
    assert {r["id"] for r in _seed_rows("invoice")} <= invoices
    customers = _ids(stripe_run, "select customer_id from staging.stg_billing__customers")
    seed_customers = _seed_rows("customer")
    deleted = {r["id"] for r in seed_customers if r["is_deleted"].lower() == "true"}
    assert deleted, "the seeds hold a deleted customer"
    assert {r["id"] for r in seed_customers} - deleted <= customers
    assert not deleted & customers
    charges = _ids(stripe_run, "select transaction_id from staging.stg_payments__transactions")
    assert {r["id"] for r in _seed_rows("charge")} <= charges


def test_the_linked_customer_is_scored_like_the_contract_layout(stripe_run):
    """Known answers: June unbilled (May's line ends at Stripe's 2026-06-01 00:00:00, which must not
    count as billing June), a 10% coupon the contract does not grant, a failed charge never retried
    on an open invoice (April's failure was retried), an ERP amount that differs. Anything else the
    linked customer gets is a false finding."""
    truth = score_findings.read_truth(LINKED / "_truth")
    linked = [f for f in score_findings.read_findings(stripe_run / "warehouse.duckdb")
              if f["contract_id"] == "CT-100" or f["customer_id"] == "cus_LINK1"
              or f["invoice_id"].startswith("in_LINK") or f["transaction_id"].startswith("ch_LINK")]
    scores = score_findings.score(truth, linked)
    report = score_findings.report(scores)
    assert score_findings.overall(scores) == (1.0, 1.0), report
    assert {s.exception_type for s in scores.values() if s.injected} == {t["exception_type"] for t in truth}


def test_the_crm_account_and_contract_links_come_from_stripe_metadata(stripe_run):
    with duckdb.connect(str(stripe_run / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select crm_account_id from staging.stg_billing__customers "
                           "where customer_id = 'cus_LINK1'").fetchall() == [("A-100",)]
        assert con.execute("select crm_contract_id, status, start_date, end_date, billing_frequency "
                           "from staging.stg_billing__subscriptions where subscription_id = 'sub_LINK1'"
                           ).fetchall() == [("CT-100", "active", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "monthly")]


@pytest.mark.skipif(not postgres_server.available(), reason="needs Debian's postgresql: make postgres")
def test_the_same_tables_in_postgresql_give_the_same_findings(stripe_run, tmp_path):
    """Fivetran's Postgres destination: schema stripe, a table per Stripe table, typed columns. The
    landing keeps only the other folders; --source-db reads the schema. The findings equal the run
    on files, but for data-quality ones, which name the file a row came from."""
    with postgres_server.postgres_server() as dsn:
        con = duckdb.connect()
        con.execute(f"load '{extension_path()}'")
        con.execute(f"attach '{dsn}' as pg (type postgres)")
        con.execute("create schema pg.stripe")
        for seed in SEEDS.glob("*_data.csv"):
            table = seed.name.removesuffix("_data.csv")
            files = [str(seed), *map(str, (LINKED / "stripe" / table).glob("*.csv"))]
            con.execute(f"create table pg.stripe.{table} as select * from read_csv(?, union_by_name = true)", [files])
        con.close()
        landing = tmp_path / "landing"
        shutil.copytree(LINKED, landing, ignore=shutil.ignore_patterns("stripe"))
        assert main(run_args(landing, tmp_path / "work", "--stripe-include-test-mode", "true",
                              "--source-db", dsn)) == 0
        assert (landing / "stripe" / "invoice" / LANDED_NAME).exists()

    def findings(work: Path) -> set[tuple[str, ...]]:
        return {(r["exception_id"], r["amount_at_risk"], r["details"])
                for r in read_csv(work / "exports" / "exceptions.csv") if r["category"] != "data_quality"}
    assert findings(tmp_path / "work") == findings(stripe_run)


@pytest.mark.skipif(not postgres_server.available(), reason="needs Debian's postgresql: make postgres")
def test_a_database_that_cannot_be_read_is_one_line(tmp_path, capsys):
    dsn = f"host={tmp_path} port=1 user=nobody dbname=none"
    assert main(run_args(tmp_path / "landing", tmp_path / "work", "--source-db", dsn)) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"billops: error: --source-db {dsn}: cannot read the database:") and "\n" not in error


@pytest.mark.parametrize("url", ["postgresql://etl:s3cret@db.example/fivetran", "host=db user=etl password=s3cret"])
def test_a_password_in_the_url_is_refused(url):
    with pytest.raises(SettingsError, match="PGPASSWORD"):
        load_settings({"source_db": url})
