"""The ERP adapters' settings (QuickBooks, NetSuite): the invoice number field is a column name that
reaches SQL, the home currency a currency code defaulting to the reporting currency."""

from __future__ import annotations

import pytest

from orchestration.settings import SettingsError, load_settings


@pytest.mark.parametrize(("setting", "value", "read"), [
    ("quickbooks_invoice_number_field", "doc_number", "doc_number"),
    ("quickbooks_invoice_number_field", "Custom_Billing_Ref", "custom_billing_ref"),
    ("quickbooks_invoice_number_field", "private_note", "private_note"),
    ("netsuite_invoice_number_field", "tranid", "tranid"),
    ("netsuite_invoice_number_field", "CustBody_Billing_Ref", "custbody_billing_ref"),
    ("netsuite_invoice_number_field", "otherrefnum", "otherrefnum"),
])
def test_the_invoice_number_field_is_a_column_name(setting, value, read):
    assert getattr(load_settings({setting: value}), setting) == read


@pytest.mark.parametrize("erp", ["quickbooks", "netsuite"])
@pytest.mark.parametrize(("setting", "value"), [("invoice_number_field", "note; drop table x"),
                                                ("invoice_number_field", "$.a"),
                                                ("home_currency", "EURO")])
def test_settings_that_would_reach_sql_badly_are_refused(erp, setting, value):
    with pytest.raises(SettingsError):
        load_settings({f"{erp}_{setting}": value})


@pytest.mark.parametrize("erp", ["quickbooks", "netsuite"])
def test_the_home_currency_defaults_to_the_reporting_currency(erp):
    assert load_settings({"reporting_currency": "eur"}).dbt_vars()[f"{erp}_home_currency"] == "EUR"
    assert load_settings({f"{erp}_home_currency": "cad"}).dbt_vars()[f"{erp}_home_currency"] == "CAD"
