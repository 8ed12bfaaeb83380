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
from pipeline_helpers import read_csv, run_args, raw_store_connection

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "connectors" / "stripe"
SEEDS = FIXTURES / "fivetran_dbt_stripe"
LINKED = FIXTURES / "billops_linked"
LINKED_IDS = ("ch_LINK", "du_LINK", "po_LINK")  # our charges, disputes and payouts

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
    with raw_store_connection(work / "warehouse.duckdb", read_only=True) as con:
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
    on an open invoice (April's failure was retried, but billing never recorded the retry's success:
    charge_not_on_invoice), an ERP amount that differs, February's charge disputed and lost,
    October's payout never in the bank, September's received 5.00 short. Anything else the linked
    customer gets is a false finding."""
    truth = score_findings.read_truth(LINKED / "_truth")
    linked = [f for f in score_findings.read_findings(stripe_run / "warehouse.duckdb")
              if f["contract_id"] == "CT-100" or f["customer_id"] == "cus_LINK1"
              or f["invoice_id"].startswith("in_LINK") or f["transaction_id"].startswith(LINKED_IDS)]
    scores = score_findings.score(truth, linked)
    report = score_findings.report(scores)
    assert score_findings.overall(scores) == (1.0, 1.0), report
    assert {s.exception_type for s in scores.values() if s.injected} == {t["exception_type"] for t in truth}


def _rows(work: Path, query: str) -> list[tuple]:
    with raw_store_connection(work / "warehouse.duckdb", read_only=True) as con:
        return con.execute(query).fetchall()


def test_the_new_findings_carry_the_money_at_risk(stripe_run):
    amounts = {(r["exception_type"], r["transaction_id"]): (r["amount_at_risk"], r["currency"], r["category"])
               for r in read_csv(stripe_run / "exports" / "exceptions.csv")
               if r["transaction_id"].startswith(LINKED_IDS)}
    assert {k: v for k, v in amounts.items() if k[0] != "failed_payment_not_retried"} == {
        ("dispute_lost", "du_LINK_02"): ("1000.00", "USD", "leakage"),
        ("charge_not_on_invoice", "ch_LINK_04b"): ("1000.00", "USD", "sync"),
        ("payout_not_received", "po_LINKOct2026000000000001"): ("970.70", "USD", "cash_application"),
        ("payout_amount_mismatch", "po_LINKSep2026000000000001"): ("5.00", "USD", "cash_application"),
    }


def test_payout_bank_lines_are_traced_to_the_invoices_they_settle(stripe_run):
    """July's payout (found through balance_transaction.payout_id: the link table leaves it out) by
    the processor's name; August's with a one-off charge for no invoice, February's lost dispute
    taken back and a Stripe fee; September's by its id in a camt.053 remittance (Ustrd), 5.00 short;
    November's by the statement descriptor 'Northwind SaaS' cut at 10 characters, the ACH Company
    Entry Description in a BAI2 88 record. The rows of a line add up to its payout."""
    rows = _rows(stripe_run, """
        select bank_txn_id, invoice_id, cast(allocated_amount as varchar), status, match_rule,
               cast(unapplied_amount as varchar)
        from marts.fct_remittance_matches where bank_txn_id like 'LINKBANK%' order by all""")
    traced = "payout_traced", "processor_payout", "0.000"
    assert rows == [
        ("LINKBANK0706", "in_LINK_07", "970.700", *traced),
        ("LINKBANK0804", "in_LINK_02", "-1015.000", *traced),
        ("LINKBANK0804", "in_LINK_08", "970.700", *traced),
        ("LINKBANK0804", None, "2425.200", *traced),
        ("LINKBANK0903", "in_LINK_09", "970.700", *traced),
        ("LINKBANK1103", "in_LINK_11", "970.700", *traced),
    ]
    evidence = dict(_rows(stripe_run, "select bank_txn_id, evidence from intermediate.int_payouts_matched "
                                      "where bank_txn_id like 'LINKBANK%'"))
    assert evidence == {"LINKBANK0706": "processor_name", "LINKBANK0804": "processor_name",
                        "LINKBANK0903": "payout_id", "LINKBANK1103": "statement_descriptor"}


def test_payout_cash_is_not_applied_twice(stripe_run):
    """The processor's charges applied the cash when they succeeded; the payout only explains the
    bank line: per invoice one application (the charge), nothing from the payouts' bank lines, no
    unapplied cash for them, and nothing left open on the invoices the payouts settled."""
    applications = _rows(stripe_run, """
        select invoice_id, source, cast(sum(amount) as varchar) from marts.fct_invoice_cash_applications
        where invoice_id in ('in_LINK_07', 'in_LINK_08', 'in_LINK_09', 'in_LINK_11') group by all order by all""")
    assert applications == [(f"in_LINK_{m}", "processor", "1000.000") for m in ("07", "08", "09", "11")]
    assert not _rows(stripe_run, "select * from marts.fct_invoice_cash_applications where source_id like 'LINKBANK%'")
    assert not _rows(stripe_run, "select * from marts.fct_findings where bank_txn_id like 'LINKBANK%' "
                                 "and exception_type in ('unapplied_cash', 'match_review')")
    open_invoices = {r[0] for r in _rows(stripe_run, "select invoice_id from marts.fct_collections_worklist")}
    assert not open_invoices & {"in_LINK_04", "in_LINK_07", "in_LINK_08", "in_LINK_09", "in_LINK_11"}


def test_the_public_seeds_payouts_are_traced_and_not_judged_without_statements(stripe_run):
    """Fivetran's seeds (2021-2023) have payouts and balance transactions but no bank statements of
    those years: their payouts are broken down, none is paired with our 2026 bank lines nor reported
    as not received; their lost dispute is reported."""
    seed_payouts = {r["id"] for r in _seed_rows("payout")}
    traced = {r[0] for r in _rows(stripe_run, "select payout_id from intermediate.int_payout_transactions_traced")}
    assert traced & seed_payouts
    matched = {r[0] for r in _rows(stripe_run, "select payout_id from intermediate.int_payouts_matched")}
    assert not matched & seed_payouts
    reported = _rows(stripe_run, "select exception_type, transaction_id from marts.fct_findings "
                                 "where exception_type in ('payout_not_received', 'payout_amount_mismatch', 'dispute_lost') "
                                 "and transaction_id not like '%LINK%'")
    lost = {r["id"] for r in _seed_rows("dispute") if r["status"] == "lost" and r["livemode"].lower() == "true"}
    assert sorted(reported) == sorted(("dispute_lost", d) for d in lost) and lost


def test_the_crm_account_and_contract_links_come_from_stripe_metadata(stripe_run):
    with raw_store_connection(stripe_run / "warehouse.duckdb", read_only=True) as con:
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
