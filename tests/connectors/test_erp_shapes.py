"""The generated world with its ERP written as a Fivetran connector writes it (`--shape quickbooks`,
`--shape netsuite`) gives the findings the same world gives in the contract layout.

A shape changes only the erp/ tables, so only the models that read the ERP staging can differ: the
ERP comparison (int_erp_invoices_compared: missing, amount, status, orphan), the data-quality
findings on receipts that point to no ERP invoice, and the receipts themselves. Those are built and
compared for each layout, without the rest of a run (a whole run costs ~30 s of CPU).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dbt_in_process import dbt_in_process
from orchestration.history import load_decisions_file
from orchestration.ingest import load_landing
from orchestration.raw_schema import create_empty_raw_schema
from pipeline_helpers import AS_OF, raw_store_connection
from seeds.generate import generate
from seeds.landing import DQ_MARK, Landing
from seeds.shapes import SHAPES, parse_shapes


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _erp(erp_invoice_id: str, status: str, **values: str) -> dict[str, str]:
    return {"erp_invoice_id": erp_invoice_id, "external_ref": f"INV-{erp_invoice_id}", "customer_ref": "Acme Inc",
            "posted_at": "2026-03-01T23:30:00-05:00", "currency": "EUR", "amount": "120.00", "status": status} | values


@pytest.mark.parametrize(("status", "total", "balance", "note"), [
    ("paid", "120.00", "0", ""), ("open", "120.00", "120.00", ""), ("void", "0", "0", "Voided")])
def test_an_erp_status_is_written_as_quickbooks_keeps_it(tmp_path, status, total, balance, note):
    """QuickBooks has no status: what is left to pay, and a void's zeroed amounts and note."""
    landing = Landing(tables={"erp__invoices": [_erp("1", status)], "erp__receipts": []})
    assert SHAPES["quickbooks"](landing, tmp_path) == (frozenset({"erp__invoices", "erp__receipts"}), [])
    [invoice] = _read(tmp_path / "quickbooks" / "invoice.csv")
    assert (invoice["total_amount"], invoice["balance"], invoice["private_note"]) == (total, balance, note)
    # posted_at's UTC day is the transaction date
    assert (invoice["transaction_date"], invoice["created_at"]) == ("2026-03-02", "2026-03-02 04:30:00")
    [customer] = _read(tmp_path / "quickbooks" / "customer.csv")
    assert (customer["display_name"], invoice["customer_id"]) == ("Acme Inc", customer["id"])


def test_receipts_are_payments_and_contract_breaking_rows_are_not_written(tmp_path):
    landing = Landing(tables={
        "erp__invoices": [_erp("1", "paid"), _erp("BAD", "posted", **{DQ_MARK: "unknown enum status"})],
        "erp__receipts": [{"receipt_id": "R1", "erp_invoice_id": "1", "amount": "120.00",
                           "received_at": "2026-03-05T10:00:00Z", "method": "wire"}]})
    assert SHAPES["quickbooks"](landing, tmp_path)[1] == []
    assert [r["id"] for r in _read(tmp_path / "quickbooks" / "invoice.csv")] == ["1"]
    [payment] = _read(tmp_path / "quickbooks" / "payment.csv")
    assert (payment["id"], payment["currency_id"], payment["payment_method_id"], payment["transaction_date"],
            payment["total_amount"]) == ("R1", "EUR", "wire", "2026-03-05", "120.00")
    assert _read(tmp_path / "quickbooks" / "payment_line.csv") == [
        {"payment_id": "R1", "index": "0", "amount": "120.00", "invoice_id": "1"}]
    assert _read(tmp_path / "quickbooks" / "payment_method.csv") == [{"id": "wire", "name": "wire", "active": "true"}]
    assert parse_shapes("QuickBooks") == ("quickbooks",)


@pytest.mark.parametrize(("status", "letter", "total", "unpaid", "voided"), [
    ("paid", "B", "120.00", "0", "F"), ("open", "A", "120.00", "120.00", "F"), ("void", "V", "0", "0", "T")])
def test_an_erp_status_is_written_as_netsuite_keeps_it(tmp_path, status, letter, total, unpaid, voided):
    """NetSuite's status letter (and voided flag); a void's total is zeroed; nothing is left to pay
    on a paid or void invoice."""
    landing = Landing(tables={"erp__invoices": [_erp("1", status)], "erp__receipts": []})
    assert SHAPES["netsuite"](landing, tmp_path) == (frozenset({"erp__invoices", "erp__receipts"}), [])
    [invoice] = _read(tmp_path / "netsuite" / "transaction.csv")
    assert (invoice["type"], invoice["status"], invoice["voided"], invoice["foreigntotal"],
            invoice["foreignamountunpaid"]) == ("CustInvc", letter, voided, total, unpaid)
    # the number in tranid; posted_at's UTC day is the trandate, in Fivetran's NetSuite time format
    assert (invoice["tranid"], invoice["trandate"], invoice["createddate"]) == (
        "INV-1", "2026-03-02 0:00:00", "2026-03-02 4:30:00")
    [customer] = _read(tmp_path / "netsuite" / "customer.csv")
    [currency] = _read(tmp_path / "netsuite" / "currency.csv")
    assert (customer["companyname"], currency["symbol"]) == ("Acme Inc", "EUR")
    assert (invoice["entity"], invoice["currency"]) == (customer["id"], currency["id"])


def test_receipts_are_netsuite_payments_applied_by_links_and_contract_breaking_rows_are_not_written(tmp_path):
    """A receipt is a CustPymt in its invoice's currency, applied by a `Payment` link; an open
    invoice's unpaid amount is what its receipts left; a row NetSuite cannot hold is not written."""
    landing = Landing(tables={
        "erp__invoices": [_erp("1", "open"), _erp("BAD", "posted", **{DQ_MARK: "unknown enum status"})],
        "erp__receipts": [{"receipt_id": "R1", "erp_invoice_id": "1", "amount": "50.00",
                           "received_at": "2026-03-05T10:00:00Z", "method": "wire"}]})
    assert SHAPES["netsuite"](landing, tmp_path)[1] == []
    invoice, payment = _read(tmp_path / "netsuite" / "transaction.csv")
    assert (invoice["id"], invoice["foreignamountunpaid"]) == ("1", "70.00")
    assert (payment["id"], payment["type"], payment["entity"], payment["currency"], payment["trandate"],
            payment["foreigntotal"]) == ("R1", "CustPymt", invoice["entity"], invoice["currency"],
                                         "2026-03-05 0:00:00", "50.00")
    [link] = _read(tmp_path / "netsuite" / "previoustransactionlinelink.csv")
    assert (link["previousdoc"], link["nextdoc"], link["linktype"], link["nexttype"], link["foreignamount"]) == (
        "1", "R1", "Payment", "CustPymt", "50.00")
    assert parse_shapes("NetSuite") == ("netsuite",)


def _erp_findings(landing: Path, work: Path) -> set[tuple[str, ...]]:
    """(exception_type, customer, invoice, ERP invoice, amount at risk, currency) of the ERP findings,
    the ERP invoices that receipts point to but the ERP does not hold (a broken reference), the
    receipts (ERP invoice, amount, UTC day received, how many) and the ERP rows quarantined."""
    database = work / "warehouse.duckdb"
    with raw_store_connection(database) as con:
        create_empty_raw_schema(con)
        load_landing(con, landing)
        load_decisions_file(con, work / "decisions.csv")
        quarantined = con.execute("""select 'quarantined', table_name, reason from raw.quarantine
                                     where split_part(table_name, '__', 1) in ('erp', 'quickbooks', 'netsuite')""")
        quarantined = set(quarantined.fetchall())
    dbt_in_process(database, AS_OF, work, "run", "--select", "+int_erp_invoices_compared", "+stg_erp__receipts")
    with raw_store_connection(database, read_only=True) as con:
        erp = con.execute("""select exception_type, coalesce(customer_id, ''), coalesce(invoice_id, ''),
                                    coalesce(erp_invoice_id, ''), cast(amount_at_risk as varchar), coalesce(currency, '')
                             from intermediate.int_erp_invoices_compared""").fetchall()
        broken = con.execute("""select 'broken_reference', r.erp_invoice_id from staging.stg_erp__receipts r
                                left join staging.stg_erp__invoices i using (erp_invoice_id)
                                where i.erp_invoice_id is null and r.erp_invoice_id is not null""").fetchall()
        receipts = con.execute("""select 'receipt', erp_invoice_id, cast(amount as varchar),
                                         cast(cast(received_at as date) as varchar), cast(count(*) as varchar)
                                  from staging.stg_erp__receipts group by all""").fetchall()
    return set(erp) | set(broken) | set(receipts) | quarantined


def _layout(root: Path, shapes: tuple[str, ...]) -> set[tuple[str, ...]]:
    generate(root / "landing", accounts=40, shapes=shapes)
    return _erp_findings(root / "landing", root)


@pytest.fixture(scope="module")
def plain_layout(tmp_path_factory) -> set[tuple[str, ...]]:
    return _layout(tmp_path_factory.mktemp("plain"), ())


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["quickbooks", "netsuite"])
def test_the_erp_shape_gives_the_contract_layouts_erp_findings(tmp_path, plain_layout, shape):
    plain, shaped = plain_layout, _layout(tmp_path, (shape,))
    assert {f[0] for f in plain} >= {"erp_missing_invoice", "erp_amount_mismatch", "erp_status_mismatch",
                                     "erp_orphan_invoice", "receipt"}, "the world holds every ERP finding"
    # the world's contract-breaking ERP row (an unknown status) is quarantined in the plain layout and
    # reaches no ERP finding; QuickBooks and NetSuite cannot hold it, and their shapes do not write it
    unwritable = {f for f in plain if f[0] == "quarantined"}
    assert {f[1] for f in unwritable} == {"erp__invoices"}
    assert shaped == plain - unwritable, (sorted(plain - unwritable - shaped)[:5], sorted(shaped - plain)[:5])
