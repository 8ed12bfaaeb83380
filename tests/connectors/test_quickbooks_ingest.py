"""A quickbooks/ folder in the landing: it replaces erp/, its tables load as Fivetran writes them, and
the ERP customer behind a billing customer's invoices is erased with it. Ingestion only: no dbt."""

from __future__ import annotations

import pytest
from connector_helpers import load, write

from contract.connectors import QUICKBOOKS, RAW_TABLES
from orchestration.cli import main
from orchestration.erasure import erase_customer, pseudonym
from orchestration.ingest import ContractError, check_landing, load_table
from pipeline_helpers import run_args, raw_store_connection

INVOICE = "id,doc_number,customer_id,total_amount,transaction_date\n101,INV-1,7,100.00,2026-01-02\n"


@pytest.fixture
def con():
    with raw_store_connection() as connection:
        yield connection


@pytest.mark.parametrize("erp_file", ["erp/invoices.csv", "erp/receipts.parquet", "erp/invoices/part-0001.csv"])
def test_quickbooks_beside_erp_stops_the_run_with_one_line(tmp_path, capsys, erp_file):
    landing = tmp_path / "landing"
    write(landing / "quickbooks" / "invoice.csv", INVOICE)
    write(landing / erp_file, "x\n1\n")
    assert main(run_args(landing, tmp_path / "work")) == 2
    error = capsys.readouterr().err.strip()
    assert "\n" not in error
    assert "has both quickbooks/ and erp/" in error and "quickbooks/ replaces erp/" in error


def test_the_invoice_table_is_required(tmp_path):
    write(tmp_path / "quickbooks" / "customer.csv", "id,display_name\n7,Acme\n")
    with pytest.raises(ContractError, match="quickbooks/invoice: required table missing") as error:
        check_landing(tmp_path)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(("text", "message"), [
    ("id,doc_number,transaction_date\n101,INV-1,2026-01-02\n",
     "quickbooks/invoice.csv: needs one of the columns 'total_amount'"),
    ("id,doc_number,total_amount\n101,INV-1,100.00\n",
     "quickbooks/invoice.csv: needs one of the columns 'transaction_date', 'created_at'"),
    ("doc_number,total_amount,transaction_date\nINV-1,100.00,2026-01-02\n",
     "quickbooks/invoice.csv: required column 'id' is missing"),
])
def test_a_column_nothing_stands_in_for_is_one_line_naming_it(tmp_path, con, text, message):
    write(tmp_path / "quickbooks" / "invoice.csv", text)
    with pytest.raises(ContractError, match=message) as error:
        load(con, tmp_path, "quickbooks__invoice")
    assert "\n" not in str(error.value)


def test_deselected_columns_read_empty_and_custom_fields_are_kept(tmp_path, con):
    """Fivetran writes a custom field as custom_<name>: kept in _extra, where the
    quickbooks_invoice_number_field setting can read it."""
    write(tmp_path / "quickbooks" / "invoice.csv",
           "id,total_amount,created_at,currency_id,custom_billing_ref\n101,100.00,2026-01-02 0:23:25,usd,INV-1\n")
    load(con, tmp_path, "quickbooks__invoice")
    row = con.execute("select doc_number, balance, currency_id, created_at, _extra from raw.quickbooks__invoice").fetchone()
    assert row[:3] == (None, None, "USD")
    assert str(row[3]) == "2026-01-02 00:23:25" and row[4] == '{"custom_billing_ref": "INV-1"}'


def test_payment_lines_are_keyed_by_payment_and_index(tmp_path, con):
    write(tmp_path / "quickbooks" / "invoice.csv", INVOICE)
    write(tmp_path / "quickbooks" / "payment_line.csv", "payment_id,index,amount,invoice_id\n9,0,60,101\n9,1,40,102\n"
                                                         "9,1,45,102\n")
    result = load(con, tmp_path, "quickbooks__payment_line")["quickbooks__payment_line"]
    assert (result.total("rows_loaded"), result.total("rows_duplicate")) == (2, 1)
    assert con.execute("select amount from raw.quickbooks__payment_line where index = '1'").fetchall() == [("45",)]


def test_the_erp_customer_behind_a_billing_customer_is_erased(tmp_path, con):
    """The QuickBooks customer has its own id and may spell the name differently: it is found through
    the invoice numbers its invoices carry, and its names and email are pseudonymised everywhere."""
    write(tmp_path / "billing" / "customers.csv", "customer_id,name,email\ncus_1,Acme Robotics,ap@acme.example\n")
    write(tmp_path / "billing" / "invoices.csv", "invoice_id,invoice_number,customer_id,issued_at,currency,total,status\n"
                                                  "in_1,INV-1,cus_1,2026-01-01T00:00:00Z,USD,100.00,paid\n")
    write(tmp_path / "quickbooks" / "customer.csv",
           "id,display_name,company_name,given_name,family_name,email\n"
           "7,Acme Robotics (West),Acme Robotics Incorporated,Dana,Reyes,dana@acme.example\n"
           "8,Other Corp,Other Corp,,,ap@other.example\n")
    write(tmp_path / "quickbooks" / "invoice.csv", INVOICE + "102,INV-2,8,50.00,2026-01-03\n")
    for table in ("billing__customers", "billing__invoices", "quickbooks__customer", "quickbooks__invoice",
                  "stripe__invoice"):
        load_table(con, tmp_path, next(t for t in RAW_TABLES if t.id == table), provided=True)
    erase_customer(con, "cus_1")
    name = pseudonym("cus_1")
    assert con.execute("select display_name, company_name, email from raw.quickbooks__customer where id = '7'"
                       ).fetchone() == (name, name, name)
    assert con.execute("select display_name from raw.quickbooks__customer where id = '8'").fetchone() == ("Other Corp",)


def test_the_declaration_holds_the_tables_the_adapter_reads():
    assert QUICKBOOKS.replaces == ("erp",)
    assert {t.name for t in QUICKBOOKS.tables} == {"customer", "invoice", "payment", "payment_line", "payment_method"}
