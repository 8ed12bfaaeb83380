"""`billops run` on a Salesforce-shaped and a HubSpot-shaped landing: Fivetran's public dbt_salesforce
and dbt_hubspot integration-test seeds, unmodified, plus rows of our own that link one customer
from a won opportunity / closed-won deal to billing and the ERP, with findings whose answers are
known (_truth/findings.csv).

One run per connector serves every test here (a run costs ~30 s of dbt on tiny data).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import main
from pipeline_helpers import run_args

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "connectors"
# (connector, seed file prefix, id column of its account table, the seed account table)
CONNECTORS = {"salesforce": ("sf_", "account"), "hubspot": ("", "company")}

if "score_findings" not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        "score_findings", Path(__file__).resolve().parents[1] / "dbt" / "score_findings.py")
    sys.modules["score_findings"] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(sys.modules["score_findings"])
score_findings = sys.modules["score_findings"]

pytestmark = pytest.mark.slow


def seeds(connector: str) -> Path:
    return FIXTURES / connector / f"fivetran_dbt_{connector}"


def seed_rows(connector: str, table: str) -> list[dict[str, str]]:
    prefix, _ = CONNECTORS[connector]
    with (seeds(connector) / f"{prefix}{table}_data.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def seed_landing(connector: str, folder: Path) -> Path:
    """The seeds as Fivetran names the tables (`sf_account_data.csv` is table account), byte for byte."""
    prefix, _ = CONNECTORS[connector]
    (folder / connector).mkdir(parents=True)
    for seed in seeds(connector).glob(f"{prefix}*_data.csv"):
        shutil.copyfile(seed, folder / connector / f"{seed.name.removeprefix(prefix).removesuffix('_data.csv')}.csv")
    return folder


@pytest.fixture(scope="module", params=sorted(CONNECTORS))
def crm_run(request, tmp_path_factory) -> tuple[str, Path]:
    connector = request.param
    landing = seed_landing(connector, tmp_path_factory.mktemp(f"{connector}_landing"))
    shutil.copytree(FIXTURES / connector / "billops_linked", landing, dirs_exist_ok=True)
    work = tmp_path_factory.mktemp(f"{connector}_run")
    assert main(run_args(landing, work)) == 0
    return connector, work


def _query(work: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(work / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_seed_account_not_deleted_reaches_the_contract_staging(crm_run):
    connector, work = crm_run
    rows = seed_rows(connector, CONNECTORS[connector][1])
    deleted = {r["id"] for r in rows if r["is_deleted"].lower() == "true"}
    live = {r["id"] for r in rows} - deleted
    accounts = {r[0] for r in _query(work, "select account_id from staging.stg_crm__accounts")}
    assert live and live <= accounts
    assert not deleted & accounts


def test_the_linked_customer_is_scored_like_the_contract_layout(crm_run):
    """Known answers: Q3 unbilled (a quarterly contract: the frequency, start and term come from a
    custom field or the line items), Q2 billed without the 10% line discount the CRM grants, Q4's
    ERP amount differs. Anything else the linked customer gets is a false finding; the lost
    opportunity / deal is no contract."""
    connector, work = crm_run
    linked = FIXTURES / connector / "billops_linked"
    truth = score_findings.read_truth(linked / "_truth")
    contract_ids = {t["contract_id"] for t in truth if t["contract_id"]}
    found = [f for f in score_findings.read_findings(work / "warehouse.duckdb")
             if f["contract_id"] in contract_ids or f["customer_id"].startswith("C-")
             or f["invoice_id"].startswith("INV-")]
    scores = score_findings.score(truth, found)
    assert score_findings.overall(scores) == (1.0, 1.0), score_findings.report(scores)


def test_the_contract_terms_come_from_the_crm(crm_run):
    connector, work = crm_run
    contract = {"salesforce": "006LINK0000000001", "hubspot": "9200000001"}[connector]
    assert _query(work, f"""select contract_type, start_date, end_date, currency, billing_frequency, payment_terms_days,
                                   auto_renew, po_number, status
                            from staging.stg_crm__contracts where account_id in ('001LINK0000000001', '9100000001')""") == [
        ("new", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "USD", "quarterly", 30, False,
         "PO-77" if connector == "salesforce" else "PO-77", "active")]
    assert _query(work, f"""select product_code, charge_type, quantity, unit_price, discount_pct
                            from staging.stg_crm__contract_lines where contract_id = '{contract}'""") == [
        ("SEAT", "recurring", 10, 100, 10)]
    assert _query(work, """select segment, billing_country, billing_region, owner_email from staging.stg_crm__accounts
                           where account_id in ('001LINK0000000001', '9100000001')""") == [
        ("mid_market", "US", "OR", "owner@seller.example")]
