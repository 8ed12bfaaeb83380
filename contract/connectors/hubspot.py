"""Fivetran's HubSpot connector: the tables and columns billops reads (docs/connectors.md).

A HubSpot property is the column `property_<name>` (`dealtype` is `property_dealtype`);
associations are tables named after both objects (`deal_company`). Custom properties are not
declared: the settings name them (hubspot_fields) and dbt reads them from the row's other columns.
"""

from __future__ import annotations

from contract.connectors.model import Connector, ConnectorTable, col, flags, key_col, quantities, times

_ASSOCIATION = (col("type_id"), col("category"))

HUBSPOT = Connector(
    folder="hubspot",
    replaces=("crm",),
    keeps=(),
    tables=(
        ConnectorTable("company", (
            key_col(), col("property_name"), col("property_description"), col("property_country"),
            col("property_state"), col("property_hubspot_owner_id"), col("property_domain"),
            *times("property_createdate"), *flags("is_deleted"),
        ), required=True),
        ConnectorTable("deal", (
            key_col("deal_id"), col("deal_pipeline_id"), col("deal_pipeline_stage_id"), col("owner_id"),
            col("property_dealname"), col("property_dealtype"), col("property_dealstage"),
            col("property_deal_currency_code"), col("property_hubspot_owner_id"), col("property_description"),
            *times("property_closedate", "property_createdate"), *flags("is_deleted", "property_hs_is_closed_won"),
        ), key=("deal_id",), required=True),
        ConnectorTable("deal_company", (key_col("deal_id"), key_col("company_id"), *_ASSOCIATION),
                       key=("deal_id", "company_id", "type_id"), required=True, versioned=False),
        ConnectorTable("deal_pipeline_stage", (
            key_col("stage_id"), col("pipeline_id"), col("label"), *flags("closed_won", "is_closed", "active"),
        ), key=("stage_id",)),
        ConnectorTable("line_item", (
            key_col(), col("product_id"), col("property_hs_product_id"), col("property_hs_sku"), col("property_name"),
            *quantities("property_quantity", "property_price", "property_hs_discount_percentage"),
            col("property_recurringbillingfrequency"), col("property_hs_recurring_billing_period"),
            col("property_hs_term_in_months"), *times("property_hs_recurring_billing_start_date"),
            *flags("is_deleted"),
        )),
        ConnectorTable("line_item_deal", (key_col("line_item_id"), key_col("deal_id"), *_ASSOCIATION),
                       key=("line_item_id", "deal_id", "type_id"), versioned=False),
        ConnectorTable("owner", (key_col("owner_id"), col("email"), col("first_name"), col("last_name")),
                       key=("owner_id",)),
        ConnectorTable("ticket", (
            key_col(), col("property_hs_ticket_category"), col("property_subject"),
            *times("property_createdate", "property_closed_date"), *flags("is_deleted"),
        )),
        ConnectorTable("ticket_company", (key_col("ticket_id"), key_col("company_id"), *_ASSOCIATION),
                       key=("ticket_id", "company_id", "type_id"), versioned=False),
    ),
)

# The custom properties holding what HubSpot has no standard property for: contract value -> the
# column it is read from by default; setting hubspot_fields overrides them. All but segment
# (company) and charge_type (line_item) are deal properties.
HUBSPOT_FIELDS: dict[str, str] = {
    "billing_frequency": "property_billing_frequency", "payment_terms_days": "property_payment_terms",
    "auto_renew": "property_auto_renew", "po_number": "property_po_number",
    "renewed_from": "property_renewed_from", "start_date": "property_contract_start_date",
    "end_date": "property_contract_end_date", "status": "property_contract_status",
    "segment": "property_segment", "charge_type": "property_charge_type",
}
