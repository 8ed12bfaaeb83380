"""A stripe/ folder in the landing: which folders it replaces, and its tables loaded as Fivetran and
dlt write them (a file or a folder of parts, CSV or Parquet). Ingestion only: no dbt."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from connector_helpers import load as _load
from connector_helpers import write as _write

from contract.connectors import CONNECTOR_TABLES, RAW_TABLES, STRIPE, STRIPE_MINOR_UNITS
from contract.money import MINOR_UNITS
from contract.tables import TABLES
from orchestration.erasure import erase_customer, pseudonym
from orchestration.ingest import ContractError, check_landing
from pipeline_helpers import raw_store_connection

CUSTOMER = "id,name,currency,metadata,livemode\ncus_1,Acme,usd,\"{\"\"crm_account_id\"\": \"\"A1\"\"}\",true\n"
SUBSCRIPTION = "id,customer_id,status\nsub_1,cus_1,active\n"
INVOICE = "id,customer_id,currency,total,status,created\nin_1,cus_1,usd,10000,paid,2025-01-01 00:00:00\n"
LINE = "id,invoice_id,amount\nil_1,in_1,10000\n"


def _stripe_landing(root: Path, **replace: str | None) -> Path:
    """A minimal Stripe landing: customer, subscription, invoice, invoice_line_item as CSV files;
    `replace` swaps a table's text (None leaves the table out)."""
    tables = {"customer": CUSTOMER, "subscription": SUBSCRIPTION, "invoice": INVOICE, "invoice_line_item": LINE}
    for name, text in (tables | replace).items():
        if text is not None:
            _write(root / "stripe" / f"{name}.csv", text)
    return root


@pytest.fixture
def con():
    with raw_store_connection() as connection:
        yield connection


@pytest.mark.parametrize("contract_file", ["billing/customers.csv", "billing/invoices.parquet",
                                           "billing/invoice_lines/part-0001.csv", "payments/transactions.csv"])
def test_a_contract_folder_the_connector_replaces_beside_it_is_one_line(tmp_path, contract_file):
    _write(_stripe_landing(tmp_path) / contract_file, "x\n1\n")
    with pytest.raises(ContractError) as error:
        check_landing(tmp_path)
    message = str(error.value)
    assert "\n" not in message
    assert "stripe/" in message and contract_file.split("/")[0] + "/" in message and "usage_events" in message


def test_usage_events_stay_in_billing_beside_stripe(tmp_path, con):
    _write(_stripe_landing(tmp_path) / "billing/usage_events.csv",
           "event_id,customer_id,product_code,quantity,occurred_at\ne1,cus_1,API,5,2025-01-02\n")
    provided = check_landing(tmp_path)
    assert "billing__usage_events" in provided and "stripe__invoice" in provided
    assert not provided & {t.id for t in STRIPE.replaced()}
    results = _load(con, tmp_path, "billing__usage_events", "billing__invoices")
    assert con.execute("select count(*) from raw.billing__usage_events").fetchone() == (1,)
    # the replaced tables exist, empty, and are not reported as missing
    assert con.execute("select count(*) from raw.billing__invoices").fetchone() == (0,)
    assert not results["billing__invoices"].warnings


@pytest.mark.parametrize(("left_out", "named"), [
    ({"invoice": None}, "stripe/invoice:"),
    ({"customer": None}, "stripe/customer:"),
    ({"invoice_line_item": None}, "stripe/invoice_line_item:"),
    ({"subscription": None}, "subscription or subscription_history"),
])
def test_a_missing_required_table_is_one_line_naming_it(tmp_path, left_out, named):
    _stripe_landing(tmp_path, **left_out)
    with pytest.raises(ContractError, match=named) as error:
        check_landing(tmp_path)
    assert "\n" not in str(error.value)


def test_subscription_history_stands_for_subscription(tmp_path):
    _stripe_landing(tmp_path, subscription=None)
    _write(tmp_path / "stripe/subscription_history.csv", "id,customer_id,_fivetran_active\nsub_1,cus_1,true\n")
    assert "stripe__subscription_history" in check_landing(tmp_path)


@pytest.mark.parametrize(("table", "text", "message"), [
    ("invoice", "id,customer_id,currency,status,created\nin_1,cus_1,usd,paid,2025-01-01\n",
     "stripe/invoice.csv: required column 'total' is missing"),
    ("invoice", "id,customer_id,currency,total,status\nin_1,cus_1,usd,100,paid\n",
     "stripe/invoice.csv: needs one of the columns 'created', 'status_transitions_finalized_at', "
     "'finalized_at', 'period_end'"),
    ("invoice_line_item", "id,amount\nil_1,100\n", "stripe/invoice_line_item.csv: required column 'invoice_id'"),
])
def test_a_column_nothing_stands_in_for_is_one_line_naming_file_and_column(tmp_path, con, table, text, message):
    _stripe_landing(tmp_path, **{table: text})
    with pytest.raises(ContractError, match=message.replace("(", r"\(")) as error:
        _load(con, tmp_path, f"stripe__{table}")
    assert "\n" not in str(error.value)


def test_deselected_columns_read_empty_extra_columns_kept_currency_upper_cased(tmp_path, con):
    _stripe_landing(tmp_path, invoice="id,customer_id,currency,total,status,period_end,custom_field\n"
                                      "in_1,cus_1,usd,10000,paid,2025-02-01 00:00:00,kept\n")
    _load(con, tmp_path, "stripe__invoice")
    row = con.execute("select currency, created, number, period_end, _extra from raw.stripe__invoice").fetchone()
    assert row[0] == "USD" and row[1] is None and row[2] is None
    assert str(row[3]) == "2025-02-01 00:00:00" and row[4] == '{"custom_field": "kept"}'


def _parquet(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path)


INVOICES = [{"id": f"in_{i}", "customer_id": "cus_1", "currency": "usd", "total": str(100 * i), "status": "paid",
             "created": f"2025-01-0{i} 00:00:00"} for i in (1, 2, 3)]


@pytest.mark.parametrize("layout", ["csv file", "parquet file", "folder of parquet parts", "folder of csv parts"])
def test_a_table_is_a_file_or_a_folder_of_parts(tmp_path, con, layout):
    """Fivetran's and dlt's file destinations write a table as one file or as a folder of parts."""
    _stripe_landing(tmp_path, invoice=None)
    stripe = tmp_path / "stripe"
    if layout == "csv file":
        _write(stripe / "invoice.csv", ",".join(INVOICES[0]) + "\n"
               + "".join(",".join(r.values()) + "\n" for r in INVOICES))
    elif layout == "parquet file":
        _parquet(stripe / "invoice.parquet", INVOICES)
    elif layout == "folder of parquet parts":
        _parquet(stripe / "invoice/part-0001.parquet", INVOICES[:2])
        _parquet(stripe / "invoice/part-0002.parquet", INVOICES[2:])
    else:
        _write(stripe / "invoice/1733011200.0001.csv", ",".join(INVOICES[0]) + "\n"
               + "".join(",".join(r.values()) + "\n" for r in INVOICES[:1]))
        _write(stripe / "invoice/1733011200.0002.csv", ",".join(INVOICES[0]) + "\n"
               + "".join(",".join(r.values()) + "\n" for r in INVOICES[1:]))
    _load(con, tmp_path, "stripe__invoice")
    assert con.execute("select id, total, currency from raw.stripe__invoice order by id").fetchall() == [
        ("in_1", "100", "USD"), ("in_2", "200", "USD"), ("in_3", "300", "USD")]


def test_history_mode_versions_are_all_loaded(tmp_path, con):
    """Ingestion keeps every version of a history-mode record (key id + _fivetran_start); a re-delivered
    row without _fivetran_start replaces the earlier one, as any re-delivery does."""
    _stripe_landing(tmp_path, subscription=None, customer=CUSTOMER + "cus_1,Acme Again,usd,,true\n")
    _write(tmp_path / "stripe/subscription_history.csv",
           "id,customer_id,status,_fivetran_active,_fivetran_start\n"
           "sub_1,cus_1,trialing,false,2025-01-01 00:00:00\nsub_1,cus_1,active,true,2025-02-01 00:00:00\n")
    _load(con, tmp_path, "stripe__subscription_history", "stripe__customer")
    assert con.execute("select count(*) from raw.stripe__subscription_history").fetchone() == (2,)
    assert con.execute("select name from raw.stripe__customer").fetchall() == [("Acme Again",)]


def test_without_a_stripe_folder_its_tables_exist_empty_and_a_switch_empties_the_other_layout(tmp_path, con):
    contract = tmp_path / "contract_layout"
    _write(contract / "billing/customers.csv", "customer_id,name\nC1,Acme\n")
    results = _load(con, contract, *(t.id for t in RAW_TABLES))
    assert all(con.execute(f"select count(*) from raw.{t.id}").fetchone() == (0,) for t in CONNECTOR_TABLES)
    assert not any(results[t.id].warnings for t in CONNECTOR_TABLES)
    # the same warehouse, the landing now in Stripe's shape: the contract rows go
    stripe = _stripe_landing(tmp_path / "stripe_layout")
    _load(con, stripe, "billing__customers", "stripe__customer")
    assert con.execute("select count(*) from raw.billing__customers").fetchone() == (0,)
    assert con.execute("select count(*) from raw.stripe__customer").fetchone() == (1,)


@pytest.mark.parametrize(("currency", "decimals"), [
    ("USD", 2), ("EUR", 2), ("JPY", 0), ("KRW", 0), ("BIF", 0), ("MGA", 0), ("KWD", 3), ("BHD", 3),
    ("ISK", 2), ("UGX", 2),  # two-decimal in Stripe's API for backwards compatibility
])
def test_stripe_minor_units_follow_stripe_not_only_iso(currency, decimals):
    """stripe.com/docs/currencies: zero-decimal and three-decimal lists, ISK/UGX special cases."""
    assert STRIPE_MINOR_UNITS.get(currency, 2) == decimals
    assert set(STRIPE_MINOR_UNITS) >= {c for c, u in MINOR_UNITS.items() if u == 3}


def test_every_connector_table_is_named_apart_from_the_contract():
    assert not {t.id for t in CONNECTOR_TABLES} & {t.id for t in TABLES}
    assert {t.name for t in STRIPE.tables} >= {
        "customer", "subscription", "subscription_history", "subscription_item", "price", "plan", "product",
        "coupon", "discount", "invoice", "invoice_line_item", "charge", "refund", "dispute", "payout",
        "balance_transaction", "payout_balance_transaction", "credit_note", "tier"}


def test_a_stripe_customer_can_be_erased(tmp_path, con):
    """GDPR erasure finds a Stripe customer's name and email in raw.stripe__customer."""
    _stripe_landing(tmp_path, customer="id,name,email\ncus_1,Acme Robotics,ap@acme.example\n")
    _load(con, tmp_path, "stripe__customer")
    erase_customer(con, "cus_1")
    assert con.execute("select name, email from raw.stripe__customer").fetchone() == (pseudonym("cus_1"),) * 2
