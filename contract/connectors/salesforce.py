"""Fivetran's Salesforce connector: the tables and columns billops reads (docs/connectors.md).

Column names are Fivetran's: the API name in snake case (`CurrencyIsoCode` is `currency_iso_code`,
a custom field `Billing_Frequency__c` is `billing_frequency_c`). Custom fields are not declared:
the settings name them (salesforce_fields) and dbt reads them from the row's other columns.
"""

from __future__ import annotations

from contract.connectors.model import Connector, ConnectorTable, col, flags, key_col, quantities, times

SALESFORCE = Connector(
    folder="salesforce",
    replaces=("crm",),
    keeps=(),
    tables=(
        ConnectorTable("account", (
            key_col(), col("name"), col("type"), col("industry"), col("billing_country"),
            col("billing_country_code"), col("billing_state"), col("billing_state_code"), col("owner_id"),
            col("currency_iso_code"), col("parent_id"), *times("created_date"), *flags("is_deleted"),
        ), required=True),
        ConnectorTable("opportunity", (
            key_col(), col("account_id"), col("name"), col("type"), col("stage_name"), col("currency_iso_code"),
            col("owner_id"), col("contract_id"), col("description"), *flags("is_won", "is_closed", "is_deleted"),
            *times("close_date", "created_date"),
        ), required=True),
        ConnectorTable("opportunity_line_item", (
            key_col(), col("opportunity_id", required=True), col("product_2_id"), col("product_code"), col("name"),
            *quantities("quantity", "unit_price", "discount"), *times("service_date"), *flags("is_deleted"),
        )),
        # Salesforce CPQ (SBQQ) keeps a product's billing frequency and charge type on Product2
        ConnectorTable("product_2", (
            key_col(), col("name"), col("product_code"), col("family"), col("sbqq_billing_frequency_c"),
            col("sbqq_charge_type_c"), *flags("is_active", "is_deleted"),
        )),
        ConnectorTable("user", (key_col(), col("email"), col("name"), *flags("is_active"))),
        ConnectorTable("contract", (
            key_col(), col("account_id"), col("status"), col("contract_number"), col("contract_term"),
            *times("start_date", "end_date", "customer_signed_date", "company_signed_date"), *flags("is_deleted"),
        )),
        # Orders (Salesforce CPQ and Billing bill from activated ones) and their products (OrderItem).
        # Bill-to / ship-to contacts, addresses and e-mails are not declared: billops does not read them.
        ConnectorTable("order", (
            key_col(), col("account_id"), col("opportunity_id"), col("contract_id"), col("name"), col("description"),
            col("type"), col("status"), col("status_code"), col("currency_iso_code"), col("sbqq_payment_term_c"),
            *times("effective_date", "end_date", "activated_date"), *flags("is_reduction_order", "is_deleted"),
        )),
        ConnectorTable("order_item", (
            key_col(), col("order_id", required=True), col("product_2_id"), *quantities("quantity", "unit_price"),
            col("sbqq_charge_type_c"), col("sbqq_billing_frequency_c"), col("sbqq_subscription_term_c"),
            *times("service_date"), *flags("is_deleted"),
        )),
        ConnectorTable("case", (
            key_col(), col("account_id"), col("type"), col("reason"), col("status"),
            *times("created_date", "closed_date"), *flags("is_deleted"),
        )),
    ),
)

# The custom fields holding what Salesforce has no standard field for: contract value -> the
# column (Fivetran's name) it is read from by default; setting salesforce_fields overrides them.
# All but segment (account) and charge_type (opportunity_line_item) are opportunity fields.
SALESFORCE_FIELDS: dict[str, str] = {
    "billing_frequency": "billing_frequency_c", "payment_terms_days": "payment_terms_c",
    "auto_renew": "auto_renew_c", "po_number": "po_number_c", "renewed_from": "renewed_from_c",
    "start_date": "contract_start_date_c", "end_date": "contract_end_date_c", "status": "contract_status_c",
    "segment": "segment_c", "charge_type": "charge_type_c",
}
