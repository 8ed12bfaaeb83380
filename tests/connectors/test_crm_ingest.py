"""salesforce/ and hubspot/ in the landing: each replaces crm/, never beside crm/ or each other.
Ingestion only: no dbt."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from contract.connectors import HUBSPOT, RAW_TABLES, SALESFORCE
from orchestration.erasure import apply_erasures, erase_customer, pseudonym
from orchestration.ingest import ContractError, check_landing, load_table
from orchestration.ingest.crm_fields import check_crm_fields
from orchestration.settings import load_settings
from seeds.generate import generate
from seeds.shapes import UnknownShape
from pipeline_helpers import raw_store_connection

MINIMAL = {
    "salesforce": {"account": "id,name\n001A,Acme\n", "opportunity": "id,account_id,is_won\n006A,001A,true\n"},
    "hubspot": {"company": "id,property_name\n1,Acme\n", "deal": "deal_id,property_dealname\n2,Acme deal\n",
                "deal_company": "deal_id,company_id,type_id\n2,1,5\n"},
}


def _landing(root: Path, *folders: str) -> Path:
    for folder in folders:
        for table, text in MINIMAL.get(folder, {"accounts": "account_id\nA1\n"}).items():
            (root / folder).mkdir(parents=True, exist_ok=True)
            (root / folder / f"{table}.csv").write_text(text)
    return root


@pytest.mark.parametrize("folders", [("salesforce", "hubspot"), ("salesforce", "crm"), ("hubspot", "crm"),
                                     ("salesforce", "hubspot", "crm")])
def test_two_sources_of_the_crm_tables_are_one_line(tmp_path, folders):
    with pytest.raises(ContractError) as error:
        check_landing(_landing(tmp_path, *folders))
    message = str(error.value)
    assert "\n" not in message and "crm" in message
    assert sum(f"{f}/" in message for f in folders if f != "crm") >= 1


@pytest.mark.parametrize(("connector", "left_out"), [(SALESFORCE, "account"), (SALESFORCE, "opportunity"),
                                                     (HUBSPOT, "company"), (HUBSPOT, "deal"),
                                                     (HUBSPOT, "deal_company")])
def test_a_missing_required_table_is_one_line(tmp_path, connector, left_out):
    landing = _landing(tmp_path, connector.folder)
    (landing / connector.folder / f"{left_out}.csv").unlink()
    with pytest.raises(ContractError, match=f"^{connector.folder}/{left_out}: required table missing"):
        check_landing(landing)


@pytest.mark.parametrize("connector", [SALESFORCE, HUBSPOT])
def test_the_connector_stands_for_every_crm_table(tmp_path, connector):
    provided = check_landing(_landing(tmp_path, connector.folder, "billing"))
    assert not provided & {"crm__accounts", "crm__contracts", "crm__contract_lines", "crm__cases"}
    assert {t.id for t in connector.raw_tables()} <= provided


def test_a_negative_line_quantity_is_quarantined_as_in_the_contract_layout(tmp_path):
    landing = _landing(tmp_path, "salesforce")
    (landing / "salesforce" / "opportunity_line_item.csv").write_text(
        "id,opportunity_id,quantity,custom_c\n00k1,006A,-3,x\n00k2,006A,3,y\n")
    table = next(t for t in RAW_TABLES if t.id == "salesforce__opportunity_line_item")
    with raw_store_connection() as con:
        result = load_table(con, landing, table, provided=True)
        assert (result.total("rows_loaded"), result.total("rows_quarantined")) == (1, 1)
        # a custom field is kept, for the settings that name one (salesforce_fields)
        assert con.execute("select _extra from raw.salesforce__opportunity_line_item").fetchall() == [
            ('{"custom_c": "y"}',)]


def _ingest(con: duckdb.DuckDBPyConnection, landing: Path) -> None:
    provided = check_landing(landing)
    for table in RAW_TABLES:
        if table.source in ("salesforce", "hubspot"):
            load_table(con, landing, table, provided=table.id in provided)


WON = {"salesforce": ("opportunity", "id,account_id,is_won{extra}\n006A,001A,true{value}\n"),
       "hubspot": ("deal", "deal_id,deal_pipeline_stage_id{extra}\n2,closedwon{value}\n")}


@pytest.mark.parametrize("connector", ["salesforce", "hubspot"])
def test_won_deals_with_no_source_of_a_billing_frequency_are_one_line(tmp_path, connector):
    landing = _landing(tmp_path, connector)
    table, text = WON[connector]
    (landing / connector / f"{table}.csv").write_text(text.format(extra="", value=""))
    with raw_store_connection() as con:
        _ingest(con, landing)
        with pytest.raises(ContractError) as error:
            check_crm_fields(con, load_settings({}))
        message = str(error.value)
        assert message.startswith(f"{connector}/{table}: no billing frequency") and "\n" not in message
        assert f"--{connector}-fields" in message and "--crm-billing-frequency" in message
        check_crm_fields(con, load_settings({"crm_billing_frequency": "annual"}))  # a default is enough


@pytest.mark.parametrize("connector", ["salesforce", "hubspot"])
@pytest.mark.parametrize(("extra", "value", "setting"), [
    (",billing_frequency_c,property_billing_frequency", ",Monthly", {}),  # the default field (either name)
    (",Invoice_Cycle__c,property_invoice_cycle", ",Monthly", {"fields": "billing_frequency={column}"}),
])
def test_a_field_holding_the_billing_frequency_is_enough(tmp_path, connector, extra, value, setting):
    landing = _landing(tmp_path, connector)
    table, text = WON[connector]
    column = extra.split(",")[1 if connector == "salesforce" else 2]
    (landing / connector / f"{table}.csv").write_text(text.format(extra=f",{column}", value=value))
    given = {f"{connector}_fields": setting["fields"].format(column=column)} if setting else {}
    with raw_store_connection() as con:
        _ingest(con, landing)
        check_crm_fields(con, load_settings(given))


def test_lost_or_deleted_deals_need_no_billing_frequency(tmp_path):
    landing = _landing(tmp_path, "salesforce")
    (landing / "salesforce" / "opportunity.csv").write_text(
        "id,account_id,is_won,is_deleted\n006A,001A,false,false\n006B,001A,true,true\n")
    with raw_store_connection() as con:
        _ingest(con, landing)
        check_crm_fields(con, load_settings({}))


@pytest.mark.parametrize(("connector", "table", "text"), [
    ("salesforce", "account", "id,name\n001A,Acme Robotics\n"),
    ("hubspot", "company", "id,property_name,property_description\n1,Acme Robotics,Acme Robotics of Ohio\n"),
])
def test_an_erased_customer_s_crm_account_name_is_pseudonymised(tmp_path, connector, table, text):
    landing = _landing(tmp_path, connector)
    (landing / connector / f"{table}.csv").write_text(text)
    account = text.splitlines()[1].split(",")[0]
    (landing / "billing").mkdir()
    (landing / "billing" / "customers.csv").write_text(f"customer_id,crm_account_id,name\nC1,{account},AR dept\n")
    with raw_store_connection() as con:
        _ingest(con, landing)
        load_table(con, landing, next(t for t in RAW_TABLES if t.id == "billing__customers"), provided=True)
        erase_customer(con, "C1")
        values = con.execute(f"select * exclude (_source_file, _line_number) from raw.{connector}__{table}").fetchall()
        assert "Acme Robotics" not in repr(values) and pseudonym("C1") in repr(values)


def test_one_world_cannot_be_written_in_both_crm_shapes(tmp_path):
    with pytest.raises(UnknownShape, match="^shape hubspot writes tables another shape already wrote"):
        generate(tmp_path / "landing", accounts=40, shapes=("salesforce", "hubspot"))


def test_an_order_product_s_cpq_billing_frequency_is_enough(tmp_path):
    """Salesforce CPQ writes SBQQ__BillingFrequency__c on the order product too (an order with no
    opportunity, or one that restates it, takes its frequency from its items)."""
    landing = _landing(tmp_path, "salesforce")
    (landing / "salesforce" / "order_item.csv").write_text("id,order_id,sbqq_billing_frequency_c\n802A,801A,Quarterly\n")
    with raw_store_connection() as con:
        _ingest(con, landing)
        check_crm_fields(con, load_settings({}))


def test_an_erased_customer_s_name_on_a_salesforce_order_is_pseudonymised_in_later_runs(tmp_path):
    """An order's name and description are free text that may repeat the account's name; the later
    runs' extracts are pseudonymised again (apply_erasures)."""
    landing = _landing(tmp_path, "salesforce")
    (landing / "salesforce" / "account.csv").write_text("id,name\n001A,Acme Robotics\n")
    (landing / "salesforce" / "order.csv").write_text(
        "id,account_id,name,description\n801A,001A,Acme Robotics 2026,Ship to ACME ROBOTICS HQ\n")
    (landing / "billing").mkdir()
    (landing / "billing" / "customers.csv").write_text("customer_id,crm_account_id,name\nC1,001A,AR dept\n")
    with raw_store_connection() as con:
        _ingest(con, landing)
        load_table(con, landing, next(t for t in RAW_TABLES if t.id == "billing__customers"), provided=True)
        erase_customer(con, "C1")
        _ingest(con, landing)  # the next run's extract names the customer again
        apply_erasures(con)
        assert con.execute("select name, description from raw.salesforce__order").fetchall() == [
            (f"{pseudonym('C1')} 2026", f"Ship to {pseudonym('C1')} HQ")]
