"""A netsuite/ folder in the landing: it replaces erp/ (and cannot stand beside quickbooks/, which
replaces it too), Fivetran's NetSuite2 tables load as Fivetran writes them, and the NetSuite customer
behind a billing customer's invoices is erased with it. Ingestion only: no dbt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from connector_helpers import load, write

from contract.connectors import NETSUITE, RAW_TABLES
from orchestration.cli import main
from orchestration.erasure import erase_customer, pseudonym
from orchestration.ingest import ContractError, check_landing, load_table
from pipeline_helpers import run_args, raw_store_connection

FIVETRAN = Path(__file__).resolve().parents[1] / "fixtures" / "connectors" / "netsuite" / "fivetran_dbt_netsuite"
# Fivetran's table name <- the dbt_netsuite seed that holds it
SEEDS = {"transaction": "netsuite2_transaction_data", "transactionline": "netsuite2_transaction_line_data",
         "customer": "netsuite2_customer_data", "currency": "netsuite2_currency_data",
         "transactionaccountingline": "netsuite2_tran_acct_line_data"}
TRANSACTION = "id,type,tranid,entity,foreigntotal,trandate\n101,CustInvc,INV-1,7,100.00,2026-01-02\n"


@pytest.fixture
def con():
    with raw_store_connection() as connection:
        yield connection


@pytest.mark.parametrize(("other", "message"), [
    ("erp/invoices.csv", "has both netsuite/ and erp/invoices: netsuite/ replaces erp/"),
    ("erp/receipts/part-0001.csv", "has both netsuite/ and erp/receipts: netsuite/ replaces erp/"),
    ("quickbooks/invoice.csv", "has both quickbooks/ and netsuite/: each replaces erp/; keep one of them"),
])
def test_netsuite_beside_a_folder_that_also_stands_for_erp_stops_the_run_with_one_line(tmp_path, capsys, other,
                                                                                         message):
    landing = tmp_path / "landing"
    write(landing / "netsuite" / "transaction.csv", TRANSACTION)
    write(landing / other, "id\n1\n")
    assert main(run_args(landing, tmp_path / "work")) == 2
    error = capsys.readouterr().err.strip()
    assert "\n" not in error and message in error


def test_the_transaction_table_is_required(tmp_path):
    write(tmp_path / "netsuite" / "customer.csv", "id,companyname\n7,Acme\n")
    with pytest.raises(ContractError, match="netsuite/transaction: required table missing") as error:
        check_landing(tmp_path)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(("text", "message"), [
    ("id,tranid,trandate\n101,INV-1,2026-01-02\n", "netsuite/transaction.csv: needs one of the columns 'type'"),
    ("id,type,tranid\n101,CustInvc,INV-1\n",
     "netsuite/transaction.csv: needs one of the columns 'trandate', 'createddate'"),
    ("type,tranid,trandate\nCustInvc,INV-1,2026-01-02\n", "netsuite/transaction.csv: required column 'id' is missing"),
])
def test_a_column_nothing_stands_in_for_is_one_line_naming_it(tmp_path, con, text, message):
    write(tmp_path / "netsuite" / "transaction.csv", text)
    with pytest.raises(ContractError, match=message) as error:
        load(con, tmp_path, "netsuite__transaction")
    assert "\n" not in str(error.value)


def test_fivetrans_public_seeds_load_as_written(tmp_path, con):
    """dbt_netsuite's seeds, unmodified, under Fivetran's table names: every row loads (history-mode
    versions kept for dbt to pick from), NetSuite's T/F flags and `2017-05-07 0:00:00` times are read,
    and a table the adapter does not read is left alone."""
    for table, seed in SEEDS.items():
        (tmp_path / "netsuite").mkdir(exist_ok=True)
        shutil.copy(FIVETRAN / f"{seed}.csv", tmp_path / "netsuite" / f"{table}.csv")
    ids = ("netsuite__transaction", "netsuite__transactionline", "netsuite__customer", "netsuite__currency")
    results = load(con, tmp_path, *ids)
    assert {i: results[i].total("rows_loaded") for i in ids} == {
        "netsuite__transaction": 4, "netsuite__transactionline": 5, "netsuite__customer": 6, "netsuite__currency": 4}
    assert con.execute("select type, status, entity, currency, trandate, createddate from raw.netsuite__transaction "
                       "where id = '3'").fetchone()[:4] == ("VendBill", "B", "36", "1")
    assert str(con.execute("select trandate from raw.netsuite__transaction where id = '3'").fetchone()[0]) \
        == "2015-09-10 00:00:00"
    # the seeds' lines are item lines (mainline F), none an invoice's main line
    assert con.execute("select count(*) filter (where mainline = 'false'), count(*) "
                       "from raw.netsuite__transactionline").fetchone() == (5, 5)
    assert con.execute("select symbol from raw.netsuite__currency where id = '4'").fetchone() == ("EUR",)
    assert "netsuite__transactionaccountingline" not in {t.id for t in RAW_TABLES}


def test_the_erp_customer_behind_a_billing_customer_is_erased(tmp_path, con):
    """The NetSuite customer has its own id and may spell the name differently: it is found through the
    invoice numbers (tranid) its invoices carry; its names, full name and email are pseudonymised
    everywhere. A payment that happens to carry the number is no invoice of it."""
    write(tmp_path / "billing" / "customers.csv", "customer_id,name,email\ncus_1,Acme Robotics,ap@acme.example\n")
    write(tmp_path / "billing" / "invoices.csv", "invoice_id,invoice_number,customer_id,issued_at,currency,total,status\n"
                                                  "in_1,INV-1,cus_1,2026-01-01T00:00:00Z,USD,100.00,paid\n")
    write(tmp_path / "netsuite" / "customer.csv",
          "id,entityid,companyname,altname,firstname,lastname,email\n"
          "7,CUST-0007,Acme Robotics Incorporated,Acme Robotics (West),Dana,Reyes,dana@acme.example\n"
          "8,CUST-0008,Other Corp,Other Corp,,,ap@other.example\n")
    write(tmp_path / "netsuite" / "transaction.csv",
          TRANSACTION + "102,CustInvc,INV-2,8,50.00,2026-01-03\n201,CustPymt,inv-1,8,50.00,2026-01-04\n")
    for table in ("billing__customers", "billing__invoices", "netsuite__customer", "netsuite__transaction",
                  "stripe__invoice"):
        load_table(con, tmp_path, next(t for t in RAW_TABLES if t.id == table), provided=True)
    erase_customer(con, "cus_1")
    name = pseudonym("cus_1")
    assert con.execute("select entityid, companyname, altname, firstname, lastname, email from raw.netsuite__customer "
                       "where id = '7'").fetchone() == (name, name, name, "Dana", "Reyes", name)
    assert con.execute("select companyname from raw.netsuite__customer where id = '8'").fetchone() == ("Other Corp",)


def test_the_declaration_holds_the_tables_the_adapter_reads():
    assert NETSUITE.replaces == ("erp",)
    assert {t.name for t in NETSUITE.tables} == {"transaction", "transactionline", "customer", "currency",
                                                 "previoustransactionlinelink"}
