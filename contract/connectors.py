"""Connectors as data: a folder in the landing that holds a sync tool's copy of a source system
(Fivetran's, Airbyte's or dlt's table and column names) instead of the contract's files.

A connector names the contract folders it replaces, the contract tables that stay (the product's
own metering), and its tables with the columns billops reads: a key column is required (the
file must have it and every row a value), any other column may be missing from a file and then
reads as empty, and a group in `one_of` needs at least one of its columns (the fallbacks of a
value the contract needs, in the documented order). Every other column a file has is kept in
`_extra`. Ingestion (orchestration/ingest/) loads these tables as it loads the contract's, into
raw.<folder>__<table>; contract/render_dbt.py writes their dbt sources; the adapter's dbt models
(dbt_project/models/staging/<folder>/) map them to the contract's staging models.
"""

from __future__ import annotations

from dataclasses import dataclass

from contract.money import MINOR_UNITS
from contract.tables import TABLES, Column, ColumnType, Table

# what a Fivetran sync adds to every table (history mode: one row per version of a record)
FIVETRAN_COLUMNS = (Column("_fivetran_synced", "timestamp"), Column("_fivetran_deleted", "bool"),
                    Column("_fivetran_active", "bool"), Column("_fivetran_start", "timestamp"))


@dataclass(frozen=True)
class ConnectorTable:
    """A table of a connector: `required` tables must be in the landing; of a `one_of_tables`
    group (Connector) at least one."""
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)
    required: bool = False
    one_of: tuple[tuple[str, ...], ...] = ()
    # history mode keeps every version of a record: the key then includes _fivetran_start
    versioned: bool = True


@dataclass(frozen=True)
class Connector:
    folder: str
    replaces: tuple[str, ...]  # contract source folders this connector's folder stands for
    keeps: tuple[str, ...]  # contract tables (ids) still read from their contract folder
    tables: tuple[ConnectorTable, ...]
    one_of_tables: tuple[tuple[str, ...], ...] = ()  # at least one of each group must be in the landing

    def raw_tables(self) -> tuple[Table, ...]:
        return tuple(raw_table(self, table) for table in self.tables)

    def replaced(self) -> tuple[Table, ...]:
        """The contract tables whose rows come from this connector when its folder is present."""
        return tuple(t for t in TABLES if t.source in self.replaces and t.id not in self.keeps)


def raw_table(connector: Connector, table: ConnectorTable) -> Table:
    """The connector table as ingestion loads it: its columns, the sync's own, and a key that keeps
    every version of a history-mode record (dbt picks the current one)."""
    named = {c.name for c in table.columns}
    columns = table.columns + tuple(c for c in FIVETRAN_COLUMNS if c.name not in named)
    key = table.key + (("_fivetran_start",) if table.versioned and "_fivetran_start" not in table.key else ())
    return Table(connector.folder, table.name, columns, key, optional=not table.required, one_of=table.one_of)


def _c(name: str, type: ColumnType = "text", required: bool = False) -> Column:
    return Column(name, type, required)


def _id(name: str = "id") -> Column:
    return Column(name, required=True)


def _flags(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, "bool") for name in names)


def _times(*names: str) -> tuple[Column, ...]:
    return tuple(Column(name, "timestamp") for name in names)


def _amounts(*names: str) -> tuple[Column, ...]:
    """Amounts in the currency's minor units (Stripe's integers; `_decimal` forms may have decimals)."""
    return tuple(Column(name, "decimal") for name in names)


_SUBSCRIPTION_COLUMNS = (
    _id(), _c("customer_id", required=True), _c("status"), _c("metadata"), _c("billing"),
    _c("collection_method"), *_times("start_date", "created", "cancel_at", "canceled_at", "ended_at",
                                     "current_period_start", "current_period_end"),
    *_flags("cancel_at_period_end", "livemode"),
)

_PRICE_COLUMNS = (_c("product_id"), _c("currency", "currency"), _c("billing_scheme"), _c("tiers_mode"),
                  _c("nickname"), _c("metadata"), *_flags("active", "is_deleted", "livemode"), *_times("created"))

# Column names as Fivetran's Stripe connector writes them (fivetran/dbt_stripe: macros/staging/
# get_*_columns.sql and integration_tests/seeds/); docs/connectors.md lists what each is used for.
STRIPE = Connector(
    folder="stripe",
    replaces=("billing", "payments"),
    keeps=("billing__usage_events",),
    one_of_tables=(("subscription", "subscription_history"),),
    tables=(
        ConnectorTable("customer", (
            _id(), _c("name"), _c("email"), _c("description"), _c("currency", "currency"), _c("metadata"),
            _c("address_country"), _c("address_state"), _c("tax_exempt"), _c("tax_info_tax_id"),
            *_flags("delinquent", "is_deleted", "livemode"), *_times("created"),
        ), required=True),
        ConnectorTable("subscription", _SUBSCRIPTION_COLUMNS),
        ConnectorTable("subscription_history", _SUBSCRIPTION_COLUMNS),
        ConnectorTable("subscription_item", (
            _id(), _c("subscription_id", required=True), _c("plan_id"), _c("price_id"), _c("metadata"),
            *_amounts("quantity"), *_times("created"),
        )),
        ConnectorTable("price", (
            _id(), *_PRICE_COLUMNS, _c("type"), _c("recurring_interval"), _c("recurring_usage_type"),
            *_amounts("recurring_interval_count", "unit_amount", "unit_amount_decimal"),
        )),
        ConnectorTable("plan", (
            _id(), *_PRICE_COLUMNS, _c("interval"), _c("usage_type"),
            *_amounts("interval_count", "amount", "amount_decimal"),
        )),
        ConnectorTable("tier", (
            _c("price_id"), _c("plan_id"),
            *_amounts("up_to", "flat_amount", "flat_amount_decimal", "unit_amount", "unit_amount_decimal"),
        ), key=("price_id", "plan_id", "up_to"), one_of=(("price_id", "plan_id"),), versioned=False),
        ConnectorTable("product", (
            _id(), _c("name"), _c("metadata"), *_flags("active", "is_deleted", "livemode"), *_times("created"),
        )),
        ConnectorTable("coupon", (
            _id(), _c("name"), _c("currency", "currency"), _c("duration"), _c("metadata"),
            *_amounts("amount_off", "percent_off", "duration_in_months"), *_flags("valid", "livemode"),
            *_times("created"),
        )),
        # one row per application of a coupon: to an invoice, an invoice item or line, a subscription
        ConnectorTable("discount", (
            _id(), _c("type"), _c("type_id"), _c("coupon_id"), _c("customer_id"), _c("invoice_id"),
            _c("invoice_item_id"), _c("subscription_id"), _c("promotion_code"), *_amounts("amount"),
            *_times("start", "end"),
        ), key=("id", "type", "type_id")),
        ConnectorTable("invoice", (
            _id(), _c("customer_id", required=True), _c("currency", "currency", required=True),
            _c("total", "decimal", required=True), _c("status", required=True), _c("number"),
            _c("subscription_id"), _c("charge_id"), _c("billing_reason"), _c("billing"), _c("collection_method"),
            _c("description"), _c("metadata"),
            *_amounts("subtotal", "tax", "amount_due", "amount_paid", "amount_remaining", "attempt_count"),
            *_times("created", "status_transitions_finalized_at", "finalized_at", "period_start", "period_end",
                    "due_date", "status_transitions_paid_at", "status_transitions_voided_at",
                    "status_transitions_marked_uncollectible_at"),
            *_flags("paid", "is_deleted", "livemode"),
        ), required=True, one_of=(("created", "status_transitions_finalized_at", "finalized_at", "period_end"),)),
        ConnectorTable("invoice_line_item", (
            _id(), _c("invoice_id", required=True), _c("amount", "decimal", required=True),
            _c("currency", "currency"), _c("description"), _c("type"), _c("plan_id"), _c("price_id"),
            _c("subscription_id"), _c("subscription_item_id"), _c("invoice_item_id"), _c("unique_id"),
            _c("metadata"), *_amounts("quantity", "unit_amount_excluding_tax"),
            *_times("period_start", "period_end"), *_flags("discountable", "proration", "livemode"),
        ), key=("id", "invoice_id"), required=True),
        ConnectorTable("charge", (
            _id(), _c("amount", "decimal", required=True), _c("currency", "currency", required=True),
            _c("status", required=True), _c("created", "timestamp", required=True), _c("invoice_id"),
            _c("customer_id"), _c("failure_code"), _c("failure_message"), _c("balance_transaction_id"),
            _c("payment_intent_id"), _c("payment_method_id"), _c("card_id"), _c("bank_account_id"),
            _c("source_id"), _c("description"), _c("statement_descriptor"), _c("metadata"),
            *_amounts("amount_refunded"), *_flags("paid", "captured", "refunded", "livemode"),
        )),
        ConnectorTable("refund", (
            _id(), _c("amount", "decimal", required=True), _c("charge_id"), _c("currency", "currency"),
            _c("status"), _c("reason"), _c("balance_transaction_id"), _c("payment_intent_id"),
            _c("failure_reason"), _c("description"), _c("metadata"), *_times("created"),
        )),
        ConnectorTable("dispute", (
            _id(), _c("amount", "decimal", required=True), _c("charge_id"), _c("currency", "currency"),
            _c("status"), _c("reason"), _c("balance_transaction"), _c("metadata"), *_times("created"),
            *_flags("is_charge_refundable", "livemode"),
        )),
        ConnectorTable("payout", (
            _id(), _c("amount", "decimal", required=True), _c("currency", "currency"), _c("status"),
            _c("type"), _c("method"), _c("statement_descriptor"), _c("balance_transaction_id"),
            _c("destination_bank_account_id"), _c("failure_code"), _c("description"), _c("metadata"),
            *_times("arrival_date", "created"), *_flags("automatic", "livemode"),
        )),
        ConnectorTable("balance_transaction", (
            _id(), _c("currency", "currency"), _c("type"), _c("source"), _c("status"), _c("payout_id"),
            _c("reporting_category"), _c("description"),
            *_amounts("amount", "fee", "net", "exchange_rate"), *_times("created", "available_on"),
        )),
        ConnectorTable("payout_balance_transaction", (
            _id("payout_id"), _id("balance_transaction_id"),
        ), key=("payout_id", "balance_transaction_id"), versioned=False),
        ConnectorTable("credit_note", (
            _id(), _c("invoice_id"), _c("currency", "currency"), _c("status"), _c("type"), _c("reason"),
            _c("refund_id"), _c("number"), _c("memo"), _c("metadata"),
            *_amounts("amount", "subtotal", "total", "discount_amount"), *_times("created", "voided_at"),
            *_flags("livemode"),
        )),
    ),
)

CONNECTORS: tuple[Connector, ...] = (STRIPE,)
CONNECTOR_TABLES: tuple[Table, ...] = tuple(t for c in CONNECTORS for t in c.raw_tables())
# every raw extract table: the contract's and every connector's (empty when its folder is absent)
RAW_TABLES: tuple[Table, ...] = TABLES + CONNECTOR_TABLES

# Stripe states amounts in a currency's minor unit as Stripe defines it (stripe.com/docs/currencies):
# ISO 4217's, except ISK and UGX, which the API keeps two-decimal for backwards compatibility
# (support.stripe.com/questions/deprecation-of-fractional-isk-charges-and-refunds), and BIF and MGA,
# which it treats as zero-decimal.
STRIPE_MINOR_UNITS: dict[str, int] = {**{c: u for c, u in MINOR_UNITS.items() if c not in ("ISK", "UGX")},
                                      "BIF": 0, "MGA": 0}


def connector_for(folder: str) -> Connector | None:
    return next((c for c in CONNECTORS if c.folder == folder), None)
