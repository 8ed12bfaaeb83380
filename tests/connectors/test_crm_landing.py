"""`billops run` on a Salesforce-shaped and a HubSpot-shaped landing, one run each, holding three
things at once:

- the generated 40-account world written with its crm tables in the connector's shape
  (seeds/shapes/), and in the HubSpot run its ERP in the NetSuite shape too (the one run that goes
  through the NetSuite adapter), whose findings must equal the same world's in the contract layout
  (one plain run);
- Fivetran's public dbt_salesforce / dbt_hubspot integration-test seeds, unmodified: every live seed
  account / company must reach the contract's staging;
- rows of our own linking one customer from a won opportunity / closed-won deal to billing and the
  ERP (for HubSpot, NetSuite's tables), with findings whose answers are known
  (billops_linked/_truth/findings.csv).

The seeds and the linked rows are parts of their tables' folders (`salesforce/account/...csv`) beside
the shape's files, and their ids are kept apart from the world's when the findings are compared.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from orchestration.cli import main
from pipeline_helpers import run_args, score_findings_module, raw_store_connection
from seeds.generate import generate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "connectors"
# the seed file prefix and the seed account table of each connector
CONNECTORS = {"salesforce": ("sf_", "account"), "hubspot": ("", "company")}
# the ERP shape each CRM's run also writes (none: the ERP in the contract layout)
ERP_SHAPES = {"salesforce": (), "hubspot": ("netsuite",)}
ACCOUNTS = 40
FINDING_IDS = ("account_id", "customer_id", "contract_id", "invoice_id", "erp_invoice_id", "transaction_id",
               "bank_txn_id")
KEY = ("exception_type", *FINDING_IDS, "period_start", "period_end", "amount_at_risk", "currency", "owner_email")

score_findings = score_findings_module()

pytestmark = pytest.mark.slow


def seeds(connector: str) -> Path:
    return FIXTURES / connector / f"fivetran_dbt_{connector}"


def linked(connector: str) -> Path:
    return FIXTURES / connector / "billops_linked"


def seed_rows(connector: str, table: str) -> list[dict[str, str]]:
    prefix, _ = CONNECTORS[connector]
    with (seeds(connector) / f"{prefix}{table}_data.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def add_seeds(connector: str, landing: Path) -> None:
    """The seeds as Fivetran names the tables (`sf_account_data.csv` is table account), byte for byte,
    each a part of its table's folder."""
    prefix, _ = CONNECTORS[connector]
    for seed in seeds(connector).glob(f"{prefix}*_data.csv"):
        table = seed.name.removeprefix(prefix).removesuffix("_data.csv")
        (landing / connector / table).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(seed, landing / connector / table / "fivetran_seed.csv")


def added_ids(connector: str) -> set[str]:
    """Every id in the seeds and the linked rows: the first column of each of their files."""
    files = [*seeds(connector).glob("*.csv"), *(p for p in linked(connector).rglob("*.csv") if "_truth" not in p.parts)]
    ids = set()
    for path in files:
        with path.open(newline="", encoding="utf-8") as handle:
            ids |= {row[0] for row in list(csv.reader(handle))[1:] if row and row[0]}
    return ids


def _landing(folder: Path, connector: str | None) -> Path:
    """The world, with the connector's crm tables (and ERP shape), its seeds and its linked rows."""
    shapes = (connector, *ERP_SHAPES[connector]) if connector else ()
    generate(folder / "landing", accounts=ACCOUNTS, shapes=shapes)
    if connector:
        add_seeds(connector, folder / "landing")
        shutil.copytree(linked(connector), folder / "landing", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("_truth"))
    return folder / "landing"


def _run(folder: Path, connector: str | None) -> Path:
    assert main(run_args(_landing(folder, connector), folder / "work")) == 0
    return folder / "work"


@pytest.fixture(scope="module")
def plain_run(tmp_path_factory) -> Path:
    return _run(tmp_path_factory.mktemp("plain"), None)


@pytest.fixture(scope="module", params=sorted(CONNECTORS))
def crm_run(request, tmp_path_factory) -> tuple[str, Path]:
    return request.param, _run(tmp_path_factory.mktemp(request.param), request.param)


def _query(work: Path, sql: str) -> list[tuple]:
    with raw_store_connection(work / "warehouse.duckdb", read_only=True) as con:
        return con.execute(sql).fetchall()


def _findings(work: Path, leave_out: set[str] = frozenset()) -> set[tuple]:
    rows = _query(work, f"select {', '.join(KEY)} from marts.fct_findings where category <> 'data_quality'")
    return {r for r in rows if not set(r[1:1 + len(FINDING_IDS)]) & leave_out}


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
    truth = score_findings.read_truth(linked(connector) / "_truth")
    ids = added_ids(connector)
    found = [f for f in score_findings.read_findings(work / "warehouse.duckdb")
             if {f[c] for c in FINDING_IDS if c in f} & ids]
    scores = score_findings.score(truth, found)
    assert score_findings.overall(scores) == (1.0, 1.0), score_findings.report(scores)


def test_the_contract_terms_come_from_the_crm(crm_run):
    connector, work = crm_run
    contract = {"salesforce": "006LINK0000000001", "hubspot": "9200000001"}[connector]
    assert _query(work, """select contract_type, start_date, end_date, currency, billing_frequency, payment_terms_days,
                                  auto_renew, po_number, status from staging.stg_crm__contracts
                           where contract_id in ('006LINK0000000001', '9200000001')""") == [
        ("new", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "USD", "quarterly", 30, False, "PO-77", "active")]
    assert _query(work, f"""select product_code, charge_type, quantity, unit_price, discount_pct
                            from staging.stg_crm__contract_lines where contract_id = '{contract}'""") == [
        ("SEAT", "recurring", 10, 100, 10)]
    assert _query(work, """select segment, billing_country, billing_region, owner_email from staging.stg_crm__accounts
                           where account_id in ('001LINK0000000001', '9100000001')""") == [
        ("mid_market", "US", "OR", "owner@seller.example")]


def test_activated_salesforce_orders_are_what_is_billed(crm_run):
    """The linked customer's API opportunity is billed from its two activated orders (the second,
    an amendment, adds 5 bundles; a draft one adds nothing): 25 bundles, quarterly from the items'
    CPQ frequency, from the first order's effective date. Its support order has no opportunity: a
    contract of its own. The truth's amount_mismatch (the first quarter billed 20) follows."""
    connector, work = crm_run
    if connector != "salesforce":
        pytest.skip("orders are Salesforce's")
    assert _query(work, """select contract_id, contract_type, start_date, end_date, billing_frequency, payment_terms_days
                           from staging.stg_crm__contracts where contract_id in ('006LINK0000000003', '801LINK0000000004')
                           order by contract_id""") == [
        ("006LINK0000000003", "expansion", dt.date(2026, 2, 1), dt.date(2027, 1, 31), "quarterly", 30),
        ("801LINK0000000004", "new", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "annual", 30)]
    assert _query(work, """select contract_line_id, contract_id, product_code, quantity, unit_price, discount_pct
                           from staging.stg_crm__contract_lines
                           where contract_id in ('006LINK0000000003', '801LINK0000000004') order by 1""") == [
        ("802LINK0000000001", "006LINK0000000003", "API", 20, 50, 0),
        ("802LINK0000000002", "006LINK0000000003", "API", 5, 50, 0),
        ("802LINK0000000004", "801LINK0000000004", "SUPPORT", 1, 200, 0)]


def test_the_linked_customers_erp_is_read_from_netsuite(crm_run):
    """HubSpot's linked customer's ERP is NetSuite's tables: its invoices are CustInvc transactions
    (status A: open, its number in tranid, its customer's companyname and currency's symbol), and its
    first invoice's partial payment is a CustPymt applied by a Payment link."""
    connector, work = crm_run
    if "netsuite" not in ERP_SHAPES[connector]:
        pytest.skip("the HubSpot run's ERP is NetSuite's")
    assert _query(work, """select erp_invoice_id, external_ref, customer_ref, currency, amount, status
                           from staging.stg_erp__invoices where erp_invoice_id like '96%' order by 1""") == [
        ("9600000001", "HSL-01", "Linked Robotics Inc.", "USD", 2700, "open"),
        ("9600000002", "HSL-02", "Linked Robotics Inc.", "USD", 3000, "open"),
        ("9600000004", "HSL-04", "Linked Robotics Inc.", "USD", 3000, "open")]
    assert _query(work, """select receipt_id, erp_invoice_id, amount, cast(received_at as date), method
                           from staging.stg_erp__receipts where erp_invoice_id like '96%'""") == [
        ("9600000011-9600000001", "9600000001", 1000, dt.date(2026, 2, 1), "payment")]


def test_the_same_world_gives_the_same_findings_in_the_crm_shape(plain_run, crm_run):
    connector, work = crm_run
    plain, shaped = _findings(plain_run), _findings(work, added_ids(connector))
    assert len(plain) > 50
    assert shaped == plain, (sorted(plain - shaped)[:5], sorted(shaped - plain)[:5])


def _quality(run: Path) -> dict[str, set[str]]:
    """The data-quality findings' details by the folder of the file they name."""
    found: dict[str, set[str]] = {}
    for (details,) in _query(run, "select details from marts.fct_findings where category = 'data_quality'"):
        found.setdefault(details.split(" of ", 1)[1].split("/", 1)[0], set()).add(details)
    return found


def test_the_crm_rows_that_break_the_contract_are_reported_where_the_shape_put_them(plain_run, crm_run):
    """The world's 3 contract-breaking crm rows, written by the shape with their defect in the
    connector's column: an empty id and a negative quantity are quarantined, an unknown billing
    frequency in the custom field is left out by the adapter. The truth names their file and line,
    and they are data-quality findings on the same lines as the plain run's crm/ ones. The ERP shape
    (NetSuite) writes no contract-breaking row: NetSuite cannot hold the world's one (an unknown
    status), which the plain run quarantines from erp/. Every other data-quality finding is the
    plain run's."""
    connector, work = crm_run
    truth = (work.parent / "landing" / "_truth" / "quarantine.csv").read_text().splitlines()
    places = {(line.split(",")[0], int(line.split(",")[1])) for line in truth if line.startswith(f"{connector}/")}
    assert len(places) == 3
    reported = {p for p in _query(work, "select source_file, line_number from raw.quarantine")
                + _query(work, f"select source_file, line_number from staging.stg_{connector}__crm_rejects")
                if p[0].startswith(f"{connector}/")}
    assert reported == places
    plain, shaped = _quality(plain_run), _quality(work)

    def lines(details: set[str]) -> list[str]:
        return sorted(d.split("(line", 1)[1].split(")", 1)[0] for d in details)
    assert lines(shaped.pop(connector)) == lines(plain.pop("crm"))
    if ERP_SHAPES[connector]:
        assert ["unknown value 'posted'" in d for d in plain.pop("erp")] == [True]
        assert not set(ERP_SHAPES[connector]) & set(shaped)
    assert shaped == plain


def test_a_warehouse_follows_its_landing_into_a_connector_and_back(plain_run, tmp_path):
    """The plain run's warehouse never built the Salesforce adapter's models (no connector was in
    use): when the landing becomes Salesforce-shaped they are built and read, and when it goes back
    they are left out again; each run's findings are those of a fresh warehouse on that landing."""
    work = tmp_path / "work"
    shutil.copytree(plain_run, work)
    assert not _query(work, "select table_name from information_schema.tables where table_name like 'stg_salesforce%'")
    assert main(run_args(_landing(tmp_path / "salesforce", "salesforce"), work)) == 0
    assert _findings(work, added_ids("salesforce")) == _findings(plain_run)
    assert _query(work, "select account_id from staging.stg_crm__accounts where account_id = '001LINK0000000001'")
    assert main(run_args(plain_run.parent / "landing", work)) == 0
    assert _findings(work) == _findings(plain_run)
