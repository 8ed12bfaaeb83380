"""`billops run` on a QuickBooks-shaped landing: Fivetran's public dbt_quickbooks seeds, unmodified,
plus rows of our own that link one customer from a CRM account through billing invoices (contract
layout) to QuickBooks invoices and payments, with ERP findings whose answers are known.

One run serves every test here (a run costs ~25 s of CPU on tiny data).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

import connector_helpers
from orchestration.cli import main
from pipeline_helpers import run_args, raw_store_connection

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "connectors" / "quickbooks"
SEEDS = FIXTURES / "fivetran_dbt_quickbooks"
LINKED = FIXTURES / "billops_linked"

score_findings = connector_helpers.score_findings()

pytestmark = pytest.mark.slow


def _linked_ids(table: str) -> set[str]:
    with (LINKED / "quickbooks" / table / "billops_linked.csv").open(newline="", encoding="utf-8") as handle:
        return {row["id"] for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def quickbooks_run(tmp_path_factory) -> Path:
    """The seeds as Fivetran names the tables (`invoice_data.csv` is table invoice), byte for byte, and
    our rows beside them (quickbooks/<table>/billops_linked.csv, crm/, billing/)."""
    landing = tmp_path_factory.mktemp("quickbooks_landing")
    (landing / "quickbooks").mkdir()
    for seed in SEEDS.glob("*_data.csv"):
        shutil.copyfile(seed, landing / "quickbooks" / f"{seed.name.removesuffix('_data.csv')}.csv")
    shutil.copytree(LINKED, landing, dirs_exist_ok=True)
    work = tmp_path_factory.mktemp("quickbooks_run")
    assert main(run_args(landing, work)) == 0
    return work


def _rows(work: Path, query: str) -> list[tuple]:
    with raw_store_connection(work / "warehouse.duckdb", read_only=True) as con:
        return con.execute(query).fetchall()


def test_every_live_seed_invoice_reaches_the_contract_staging(quickbooks_run):
    with (SEEDS / "invoice_data.csv").open(newline="", encoding="utf-8") as handle:
        seeds = list(csv.DictReader(handle))
    deleted = {r["id"] for r in seeds if r["_fivetran_deleted"].lower() == "true"}
    assert deleted and len(deleted) < len(seeds), "the seeds hold deleted and live invoices"
    staged = {r[0] for r in _rows(quickbooks_run, "select erp_invoice_id from staging.stg_erp__invoices")}
    assert {r["id"] for r in seeds} - deleted <= staged
    assert not deleted & staged
    # the seeds' payment 9001 pays their invoice 50001 through a payment line
    assert ("9001-0", "50001") in _rows(quickbooks_run, "select receipt_id, erp_invoice_id from staging.stg_erp__receipts")


def test_the_linked_customer_is_scored_like_the_contract_layout(quickbooks_run):
    """Known answers: April's invoice was deleted in QuickBooks (missing), May's was edited to 900.00
    (history mode: its latest version counts), June's is unpaid in QuickBooks but paid in billing, and
    an invoice typed by hand has a number billing never issued (orphan). July's duplicate is void on
    both sides (QuickBooks zeroes it and notes "Voided"): no finding. Anything else is a false finding."""
    truth = score_findings.read_truth(LINKED / "_truth")
    ours = _linked_ids("invoice")
    linked = [f for f in score_findings.read_findings(quickbooks_run / "warehouse.duckdb")
              if f["contract_id"] == "CT-200" or f["customer_id"] == "cus_QBLINK1"
              or f["invoice_id"].startswith("in_QB_") or f["erp_invoice_id"] in ours]
    scores = score_findings.score(truth, linked)
    report = score_findings.report(scores)
    assert score_findings.overall(scores) == (1.0, 1.0), report
    assert {s.exception_type for s in scores.values() if s.injected} == {t["exception_type"] for t in truth}


def test_statuses_customers_and_receipts_as_quickbooks_means_them(quickbooks_run):
    invoices = dict((r[0], r[1:]) for r in _rows(
        quickbooks_run, "select erp_invoice_id, external_ref, customer_ref, status, amount from staging.stg_erp__invoices"))
    assert invoices["70117"][1:3] == ("Harbor Analytics LLC", "void")  # voided: zeroed, "Voided" note
    assert invoices["70105"][2:] == ("paid", 900)  # the active history-mode version
    assert invoices["70106"][2] == "open"
    assert invoices["40115"][:2] == (None, "4783")  # no doc_number; a customer the seeds never synced
    receipts = dict((r[0], r[1:]) for r in _rows(
        quickbooks_run, "select receipt_id, erp_invoice_id, method, cast(received_at as date) from staging.stg_erp__receipts"))
    assert receipts["70203-0"][:2] == ("70103", "credit_memo")  # a credit memo applied through a payment of 0
    assert receipts["70201-0"][1] == "Check" and str(receipts["70201-0"][2]) == "2026-01-20"
    assert not any(r[0] is None for r in receipts.values()), "a credit memo's own line is no receipt"
