"""The generated world's crm tables as Fivetran's Salesforce connector writes them (salesforce/).

Every contract is a won opportunity (Closed Won); what Salesforce has no standard field for is in
the custom fields the adapter reads by default (contract/connectors/salesforce.py SALESFORCE_FIELDS:
billing_frequency_c, payment_terms_c, ...); contract types are Opportunity.Type's standard values;
a case's category is its Type (Billing, Problem, Other). contacts_to_resolve has no Salesforce
field and is not written.
"""

from __future__ import annotations

from pathlib import Path

from seeds.landing import Landing, QuarantineTruth
from seeds.shapes.crm import CRM_TABLES, date_of, owner_id, owners, with_mark, write_tables

OPPORTUNITY_TYPES = {"new": "New Customer", "expansion": "Existing Customer - Upgrade",
                     "renewal": "Existing Customer - Replacement"}
CASE_TYPES = {"billing": "Billing", "technical": "Problem", "other": "Other"}


def write_salesforce(landing: Landing, out: Path) -> tuple[frozenset[str], QuarantineTruth]:
    tables = landing.tables
    accounts = [with_mark(a, {
        "id": a["account_id"], "name": a["account_name"], "billing_country_code": a["billing_country"],
        "billing_state_code": a["billing_region"], "owner_id": owner_id(a["owner_email"], "005"),
        "created_date": a["created_at"], "segment_c": a["segment"], "is_deleted": "false",
    }) for a in tables["crm__accounts"]]
    opportunities = [with_mark(c, {
        "id": c["contract_id"], "account_id": c["account_id"], "name": f"{c['contract_id']} ({c['contract_type']})",
        "type": OPPORTUNITY_TYPES.get(c["contract_type"], ""), "stage_name": "Closed Won", "is_won": "true",
        "is_closed": "true", "close_date": date_of(c["signed_at"]), "currency_iso_code": c["currency"],
        "billing_frequency_c": c["billing_frequency"], "payment_terms_c": c["payment_terms_days"],
        "auto_renew_c": c["auto_renew"], "po_number_c": c["po_number"], "renewed_from_c": c["renewed_from"],
        "contract_start_date_c": c["start_date"], "contract_end_date_c": c["end_date"],
        "contract_status_c": c["status"], "is_deleted": "false",
    }) for c in tables["crm__contracts"]]
    lines = [with_mark(line, {
        "id": line["contract_line_id"], "opportunity_id": line["contract_id"], "product_code": line["product_code"],
        "quantity": line["quantity"], "unit_price": line["unit_price"], "discount": line["discount_pct"],
        "charge_type_c": line["charge_type"], "is_deleted": "false",
    }) for line in tables["crm__contract_lines"]]
    cases = [with_mark(case, {
        "id": case["case_id"], "account_id": case["account_id"], "type": CASE_TYPES.get(case["category"], ""),
        "created_date": case["opened_at"], "closed_date": case["closed_at"], "is_deleted": "false",
    }) for case in tables["crm__cases"]]
    users = owners(landing, lambda email: {"id": owner_id(email, "005"), "email": email, "is_active": "true"})
    quarantine = write_tables(out, "salesforce", {
        "account": accounts, "opportunity": opportunities, "opportunity_line_item": lines, "case": cases,
        "user": users,
    })
    return CRM_TABLES, quarantine
