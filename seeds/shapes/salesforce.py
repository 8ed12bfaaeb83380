"""The generated world's crm tables as Fivetran's Salesforce connector writes them (salesforce/).

Every contract is a won opportunity (Closed Won); what Salesforce has no standard field for is in
the custom fields the adapter reads by default (contract/connectors/salesforce.py SALESFORCE_FIELDS:
billing_frequency_c, payment_terms_c, ...); contract types are Opportunity.Type's standard values;
a case's category is its Type (Billing, Problem, Other). contacts_to_resolve has no Salesforce
field and is not written.

Some contracts are also billed from an activated order, as Salesforce CPQ and Billing do: those
whose lines carry no discount (an order product has no Discount field) and whose id hashes even
(deterministic, not random), with one order product per line (its id the line's). Their
opportunities keep their line items too, which the order supersedes: written twice, counted once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from seeds.landing import DQ_MARK, Landing, QuarantineTruth
from seeds.shapes.crm import CRM_TABLES, Row, date_of, owner_id, owners, with_mark, write_tables

OPPORTUNITY_TYPES = {"new": "New Customer", "expansion": "Existing Customer - Upgrade",
                     "renewal": "Existing Customer - Replacement"}
CASE_TYPES = {"billing": "Billing", "technical": "Problem", "other": "Other"}
CPQ_CHARGE_TYPES = {"recurring": "Recurring", "usage": "Usage", "one_time": "One-Time"}
CPQ_FREQUENCIES = {"monthly": "Monthly", "quarterly": "Quarterly", "semiannual": "Semiannual", "annual": "Annual"}


def _ordered(contracts: list[Row], lines: list[Row]) -> set[str]:
    """The contracts written as orders too: every line without a discount, none of them (nor the
    contract) contract-breaking, and an id whose hash is even."""
    plain: dict[str, bool] = {}
    for line in lines:
        plain[line["contract_id"]] = plain.get(line["contract_id"], True) and DQ_MARK not in line and \
            float(line["discount_pct"] or 0) == 0
    return {c["contract_id"] for c in contracts if plain.get(c["contract_id"]) and DQ_MARK not in c
            and hashlib.sha256(c["contract_id"].encode()).digest()[0] % 2 == 0}


def _orders(contracts: list[Row], lines: list[Row]) -> tuple[list[Row], list[Row]]:
    ordered = _ordered(contracts, lines)
    orders = [{
        "id": f"801{c['contract_id']}", "account_id": c["account_id"], "opportunity_id": c["contract_id"],
        "type": "New", "status": "Activated", "status_code": "Activated", "effective_date": c["start_date"],
        "end_date": c["end_date"], "activated_date": c["signed_at"], "currency_iso_code": c["currency"],
        "is_reduction_order": "false", "is_deleted": "false",
    } for c in contracts if c["contract_id"] in ordered]
    frequency = {c["contract_id"]: CPQ_FREQUENCIES.get(c["billing_frequency"], "") for c in contracts}
    start = {c["contract_id"]: c["start_date"] for c in contracts}
    items = [{
        "id": line["contract_line_id"], "order_id": f"801{line['contract_id']}", "product_2_id": line["product_code"],
        "quantity": line["quantity"], "unit_price": line["unit_price"], "service_date": start[line["contract_id"]],
        "sbqq_charge_type_c": CPQ_CHARGE_TYPES[line["charge_type"]],
        "sbqq_billing_frequency_c": frequency[line["contract_id"]], "is_deleted": "false",
    } for line in lines if line["contract_id"] in ordered]
    return orders, items


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
    orders, items = _orders(tables["crm__contracts"], tables["crm__contract_lines"])
    products = [{"id": code, "product_code": code, "is_deleted": "false"}
                for code in sorted({item["product_2_id"] for item in items})]
    users = owners(landing, lambda email: {"id": owner_id(email, "005"), "email": email, "is_active": "true"})
    quarantine = write_tables(out, "salesforce", {
        "account": accounts, "opportunity": opportunities, "opportunity_line_item": lines, "case": cases,
        "user": users, "order": orders, "order_item": items, "product_2": products,
    })
    return CRM_TABLES, quarantine
