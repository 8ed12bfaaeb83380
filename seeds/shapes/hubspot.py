"""The generated world's crm tables as Fivetran's HubSpot connector writes them (hubspot/).

Every contract is a deal in the default pipeline's closedwon stage, its company the primary
association (deal_company type 5); what HubSpot has no standard property for is in the custom
properties the adapter reads by default (contract/connectors/hubspot.py HUBSPOT_FIELDS:
property_billing_frequency, ...). dealtype: newbusiness, existingbusiness (expansion, or a renewal
that names what it renews), renewal (a renewal that does not). A ticket's category is
hs_ticket_category's default options. contacts_to_resolve has no HubSpot property and is not written.
"""

from __future__ import annotations

from pathlib import Path

from seeds.landing import Landing, QuarantineTruth
from seeds.shapes.crm import CRM_TABLES, owner_id, owners, with_mark, write_tables

TICKET_CATEGORIES = {"billing": "BILLING_ISSUE", "technical": "PRODUCT_ISSUE", "other": "GENERAL_INQUIRY"}


def _deal_type(contract: dict[str, str]) -> str:
    match contract["contract_type"]:
        case "new":
            return "newbusiness"
        case "expansion":
            return "existingbusiness"
        case "renewal":
            return "existingbusiness" if contract["renewed_from"] else "renewal"
    return ""


def write_hubspot(landing: Landing, out: Path) -> tuple[frozenset[str], QuarantineTruth]:
    tables = landing.tables
    companies = [with_mark(a, {
        "id": a["account_id"], "property_name": a["account_name"], "property_country": a["billing_country"],
        "property_state": a["billing_region"], "property_hubspot_owner_id": owner_id(a["owner_email"], ""),
        "property_createdate": a["created_at"], "property_segment": a["segment"], "is_deleted": "false",
    }) for a in tables["crm__accounts"]]
    deals = [with_mark(c, {
        "deal_id": c["contract_id"], "deal_pipeline_id": "default", "deal_pipeline_stage_id": "closedwon",
        "property_dealname": c["contract_id"], "property_dealtype": _deal_type(c),
        "property_closedate": c["signed_at"], "property_deal_currency_code": c["currency"],
        "property_billing_frequency": c["billing_frequency"], "property_payment_terms": c["payment_terms_days"],
        "property_auto_renew": c["auto_renew"], "property_po_number": c["po_number"],
        "property_renewed_from": c["renewed_from"], "property_contract_start_date": c["start_date"],
        "property_contract_end_date": c["end_date"], "property_contract_status": c["status"], "is_deleted": "false",
    }) for c in tables["crm__contracts"]]
    deal_companies = [{"deal_id": c["contract_id"], "company_id": c["account_id"], "type_id": "5",
                       "category": "HUBSPOT_DEFINED"} for c in tables["crm__contracts"]]
    lines = [with_mark(line, {
        "id": line["contract_line_id"], "property_hs_sku": line["product_code"], "property_quantity": line["quantity"],
        "property_price": line["unit_price"], "property_hs_discount_percentage": line["discount_pct"],
        "property_charge_type": line["charge_type"], "is_deleted": "false",
    }) for line in tables["crm__contract_lines"]]
    line_deals = [{"line_item_id": line["contract_line_id"], "deal_id": line["contract_id"], "type_id": "20",
                   "category": "HUBSPOT_DEFINED"} for line in tables["crm__contract_lines"]]
    tickets = [with_mark(case, {
        "id": case["case_id"], "property_hs_ticket_category": TICKET_CATEGORIES.get(case["category"], ""),
        "property_createdate": case["opened_at"], "property_closed_date": case["closed_at"], "is_deleted": "false",
    }) for case in tables["crm__cases"]]
    ticket_companies = [{"ticket_id": case["case_id"], "company_id": case["account_id"], "type_id": "26",
                         "category": "HUBSPOT_DEFINED"} for case in tables["crm__cases"] if case["account_id"]]
    stages = [{"stage_id": "closedwon", "pipeline_id": "default", "label": "Closed won", "closed_won": "true",
               "is_closed": "true"}]
    quarantine = write_tables(out, "hubspot", {
        "company": companies, "deal": deals, "deal_company": deal_companies, "deal_pipeline_stage": stages,
        "line_item": lines, "line_item_deal": line_deals, "owner": owners(landing, lambda e: {
            "owner_id": owner_id(e, ""), "email": e}), "ticket": tickets, "ticket_company": ticket_companies,
    })
    return CRM_TABLES, quarantine
