"""The CRM adapters' settings: which custom fields hold the contract values, and the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from contract.connectors import HUBSPOT_FIELDS, SALESFORCE_FIELDS
from orchestration.settings import SettingsError, load_settings

DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_project" / "dbt_project.yml"


@pytest.mark.parametrize(("text", "changed"), [
    ("", {}),
    ("billing_frequency=Billing_Period__c", {"billing_frequency": "Billing_Period__c"}),
    (" po_number = PO__c , segment=Tier__c ", {"po_number": "PO__c", "segment": "Tier__c"}),
    ("billing_frequency=a,billing_frequency=b", {"billing_frequency": "b"}),  # the last one wins
])
def test_named_fields_replace_only_their_defaults(text, changed):
    variables = load_settings({"salesforce_fields": text, "hubspot_fields": text}).dbt_vars()
    assert variables["salesforce_fields"] == SALESFORCE_FIELDS | changed
    assert variables["hubspot_fields"] == HUBSPOT_FIELDS | changed


@pytest.mark.parametrize(("given", "message"), [
    ({"salesforce_fields": "frequency=x_c"},
     "--salesforce-fields / BILLOPS_SALESFORCE_FIELDS: 'frequency' is not one of"),
    ({"hubspot_fields": "po_number"}, "--hubspot-fields / BILLOPS_HUBSPOT_FIELDS: 'po_number': name a column"),
    ({"hubspot_fields": "po_number=po.number"}, "name a column as value=column"),
    ({"salesforce_fields": "po_number=x') or true --"}, "name a column as value=column"),
    ({"crm_billing_frequency": "weekly"}, "--crm-billing-frequency / BILLOPS_CRM_BILLING_FREQUENCY: 'weekly' is not"),
    ({"crm_payment_terms_days": "thirty"}, "--crm-payment-terms-days"),
])
def test_a_bad_setting_is_one_line(given, message):
    with pytest.raises(SettingsError) as error:
        load_settings(given)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_the_dbt_defaults_are_the_settings_defaults():
    """dbt_project.yml's vars (what `dbt parse` and the unit tests see) equal a run's defaults."""
    variables = yaml.safe_load(DBT_PROJECT.read_text())["vars"]
    defaults = load_settings({}).dbt_vars()
    for name in ("salesforce_fields", "hubspot_fields", "crm_billing_frequency", "crm_payment_terms_days",
                 "crm_term_months"):
        assert variables[name] == defaults[name], name
    assert load_settings({"crm_billing_frequency": "Quarterly"}).crm_billing_frequency == "quarterly"
