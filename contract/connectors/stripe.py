"""Fivetran's Stripe connector: the tables and columns billops reads (docs/connectors.md)."""

from __future__ import annotations

from contract.connectors.model import Connector, ConnectorTable, amounts, col, flags, key_col, times
from contract.money import MINOR_UNITS

_SUBSCRIPTION_COLUMNS = (
    key_col(), col("customer_id", required=True), col("status"), col("metadata"), col("billing"),
    col("collection_method"), *times("start_date", "created", "cancel_at", "canceled_at", "ended_at",
                                     "current_period_start", "current_period_end"),
    *flags("cancel_at_period_end", "livemode"),
)

_PRICE_COLUMNS = (col("product_id"), col("currency", "currency"), col("billing_scheme"), col("tiers_mode"),
                  col("nickname"), col("metadata"), *flags("active", "is_deleted", "livemode"), *times("created"))

# Column names as Fivetran's Stripe connector writes them (fivetran/dbt_stripe: macros/staging/
# get_*_columns.sql and integration_tests/seeds/); docs/connectors.md lists what each is used for.
STRIPE = Connector(
    folder="stripe",
    replaces=("billing", "payments"),
    keeps=("billing__usage_events",),
    one_of_tables=(("subscription", "subscription_history"),),
    tables=(
        ConnectorTable("customer", (
            key_col(), col("name"), col("email"), col("description"), col("currency", "currency"), col("metadata"),
            col("address_country"), col("address_state"), col("tax_exempt"), col("tax_info_tax_id"),
            *flags("delinquent", "is_deleted", "livemode"), *times("created"),
        ), required=True),
        ConnectorTable("subscription", _SUBSCRIPTION_COLUMNS),
        ConnectorTable("subscription_history", _SUBSCRIPTION_COLUMNS),
        ConnectorTable("subscription_item", (
            key_col(), col("subscription_id", required=True), col("plan_id"), col("price_id"), col("metadata"),
            *amounts("quantity"), *times("created"),
        )),
        ConnectorTable("price", (
            key_col(), *_PRICE_COLUMNS, col("type"), col("recurring_interval"), col("recurring_usage_type"),
            *amounts("recurring_interval_count", "unit_amount", "unit_amount_decimal"),
        )),
        ConnectorTable("plan", (
            key_col(), *_PRICE_COLUMNS, col("interval"), col("usage_type"),
            *amounts("interval_count", "amount", "amount_decimal"),
        )),
        ConnectorTable("tier", (
            col("price_id"), col("plan_id"),
            *amounts("up_to", "flat_amount", "flat_amount_decimal", "unit_amount", "unit_amount_decimal"),
        ), key=("price_id", "plan_id", "up_to"), one_of=(("price_id", "plan_id"),), versioned=False),
        ConnectorTable("product", (
            key_col(), col("name"), col("metadata"), *flags("active", "is_deleted", "livemode"), *times("created"),
        )),
        ConnectorTable("coupon", (
            key_col(), col("name"), col("currency", "currency"), col("duration"), col("metadata"),
            *amounts("amount_off", "percent_off", "duration_in_months"), *flags("valid", "livemode"),
            *times("created"),
        )),
        # one row per application of a coupon: to an invoice, an invoice item or line, a subscription
        ConnectorTable("discount", (
            key_col(), col("type"), col("type_id"), col("coupon_id"), col("customer_id"), col("invoice_id"),
            col("invoice_item_id"), col("subscription_id"), col("promotion_code"), *amounts("amount"),
            *times("start", "end"),
        ), key=("id", "type", "type_id")),
        # one row per tax amount of an invoice, line, credit note or credit note line: `type` names
        # the object, `type_id` its id (Fivetran's Stripe ERD; docs/connectors.md, "Per-line tax")
        ConnectorTable("tax_amount", (
            col("index", required=True), col("type", required=True), key_col("type_id"),
            col("amount", "decimal", required=True), col("tax_rate_id"), col("taxability_reason"),
            *amounts("taxable_amount"), *flags("inclusive"),
        ), key=("index", "type", "type_id")),
        ConnectorTable("invoice", (
            key_col(), col("customer_id", required=True), col("currency", "currency", required=True),
            col("total", "decimal", required=True), col("status", required=True), col("number"),
            col("subscription_id"), col("charge_id"), col("billing_reason"), col("billing"), col("collection_method"),
            col("description"), col("metadata"),
            *amounts("subtotal", "tax", "amount_due", "amount_paid", "amount_remaining", "attempt_count"),
            *times("created", "status_transitions_finalized_at", "finalized_at", "period_start", "period_end",
                    "due_date", "status_transitions_paid_at", "status_transitions_voided_at",
                    "status_transitions_marked_uncollectible_at"),
            *flags("paid", "is_deleted", "livemode"),
        ), required=True, one_of=(("created", "status_transitions_finalized_at", "finalized_at", "period_end"),)),
        ConnectorTable("invoice_line_item", (
            key_col(), col("invoice_id", required=True), col("amount", "decimal", required=True),
            col("currency", "currency"), col("description"), col("type"), col("plan_id"), col("price_id"),
            col("subscription_id"), col("subscription_item_id"), col("invoice_item_id"), col("unique_id"),
            col("metadata"), *amounts("quantity", "unit_amount_excluding_tax"),
            *times("period_start", "period_end"), *flags("discountable", "proration", "livemode"),
        ), key=("id", "invoice_id"), required=True),
        ConnectorTable("charge", (
            key_col(), col("amount", "decimal", required=True), col("currency", "currency", required=True),
            col("status", required=True), col("created", "timestamp", required=True), col("invoice_id"),
            col("customer_id"), col("failure_code"), col("failure_message"), col("balance_transaction_id"),
            col("payment_intent_id"), col("payment_method_id"), col("card_id"), col("bank_account_id"),
            col("source_id"), col("description"), col("statement_descriptor"), col("metadata"),
            *amounts("amount_refunded"), *flags("paid", "captured", "refunded", "livemode"),
        )),
        # a charge's payment method: its type says card, US bank account (ACH), SEPA debit, ...
        ConnectorTable("payment_method", (
            key_col(), col("customer_id"), col("type"), *flags("livemode"), *times("created"),
        )),
        ConnectorTable("refund", (
            key_col(), col("amount", "decimal", required=True), col("charge_id"), col("currency", "currency"),
            col("status"), col("reason"), col("balance_transaction_id"), col("payment_intent_id"),
            col("failure_reason"), col("description"), col("metadata"), *times("created"),
        )),
        ConnectorTable("dispute", (
            key_col(), col("amount", "decimal", required=True), col("charge_id"), col("currency", "currency"),
            col("status"), col("reason"), col("balance_transaction"), col("metadata"), *times("created"),
            *flags("is_charge_refundable", "livemode"),
        )),
        ConnectorTable("payout", (
            key_col(), col("amount", "decimal", required=True), col("currency", "currency"), col("status"),
            col("type"), col("method"), col("statement_descriptor"), col("balance_transaction_id"),
            col("destination_bank_account_id"), col("failure_code"), col("description"), col("metadata"),
            *times("arrival_date", "created"), *flags("automatic", "livemode"),
        )),
        ConnectorTable("balance_transaction", (
            key_col(), col("currency", "currency"), col("type"), col("source"), col("status"), col("payout_id"),
            col("reporting_category"), col("description"),
            *amounts("amount", "fee", "net", "exchange_rate"), *times("created", "available_on"),
        )),
        ConnectorTable("payout_balance_transaction", (
            key_col("payout_id"), key_col("balance_transaction_id"),
        ), key=("payout_id", "balance_transaction_id"), versioned=False),
        ConnectorTable("credit_note", (
            key_col(), col("invoice_id"), col("currency", "currency"), col("status"), col("type"), col("reason"),
            col("refund_id"), col("number"), col("memo"), col("metadata"),
            *amounts("amount", "subtotal", "total", "discount_amount"), *times("created", "voided_at"),
            *flags("livemode"),
        )),
    ),
)

# Stripe states amounts in a currency's minor unit as Stripe defines it (stripe.com/docs/currencies):
# ISO 4217's, except ISK and UGX, which the API keeps two-decimal for backwards compatibility
# (support.stripe.com/questions/deprecation-of-fractional-isk-charges-and-refunds), and BIF and MGA,
# which it treats as zero-decimal.
STRIPE_MINOR_UNITS: dict[str, int] = {**{c: u for c, u in MINOR_UNITS.items() if c not in ("ISK", "UGX")},
                                      "BIF": 0, "MGA": 0}

