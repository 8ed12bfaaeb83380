"""The data contract (shared/CONTRACT.md v1) as data: every extract, its columns, types and keys.

Ingestion validates against this, the demo generator writes it, and the dbt sources are checked
against it by a test, so the contract lives in exactly one place in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["text", "date", "timestamp", "money", "decimal", "int", "bool", "enum", "currency", "country"]


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = "text"
    required: bool = False  # the value may not be empty (the column itself must always exist)
    enum: tuple[str, ...] = ()
    non_negative: bool = False
    # other names systems give an enum's values, read as the contract's value: (name, value)
    synonyms: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Table:
    source: str
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    optional: bool = False
    # Bank statements also arrive as BAI2, camt.05x and MT940 files parsed into these columns.
    any_file_name: bool = False
    # groups of columns of which a file needs at least one (a value's fallbacks, in order)
    one_of: tuple[tuple[str, ...], ...] = ()
    column_names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_names", tuple(c.name for c in self.columns))

    @property
    def id(self) -> str:
        """Name of the raw table in the warehouse and of the Dagster asset: `<source>__<table>`."""
        return f"{self.source}__{self.name}"


def _c(name: str, type: ColumnType = "text", required: bool = False, enum: tuple[str, ...] = (),
       non_negative: bool = False, synonyms: tuple[tuple[str, str], ...] = ()) -> Column:
    return Column(name, type, required, enum, non_negative, synonyms)


# Payment processors' own names of payment methods (Stripe's PaymentMethod types, GoCardless's
# schemes), read as the contract's: the contract's methods are a card, a US bank debit (ach), a SEPA
# debit and a transfer, so another country's bank debit (Bacs in the UK, BECS in Australia and New
# Zealand, PAD in Canada) is read as ach, the bank debit outside SEPA, and a transfer to the
# processor's account as wire. Quarantined before, with the charge: its invoice stayed open.
PAYMENT_METHOD_SYNONYMS = (
    ("card_present", "card"), ("us_bank_account", "ach"), ("ach_debit", "ach"), ("ach_credit_transfer", "ach"),
    ("bacs_debit", "ach"), ("au_becs_debit", "ach"), ("nz_bank_account", "ach"), ("acss_debit", "ach"),
    ("becs", "ach"), ("becs_nz", "ach"), ("bacs", "ach"), ("pad", "ach"), ("sepa_core", "sepa_debit"),
    ("sepa", "sepa_debit"), ("customer_balance", "wire"), ("bank_transfer", "wire"), ("wire_transfer", "wire"),
)


FREQUENCIES = ("monthly", "quarterly", "semiannual", "annual")
MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}
SEGMENTS = ("smb", "mid_market", "enterprise", "strategic")

TABLES: tuple[Table, ...] = (
    Table("crm", "accounts", (
        _c("account_id", required=True), _c("account_name"),
        _c("segment", "enum", enum=SEGMENTS), _c("billing_country", "country"),
        _c("billing_region"), _c("owner_email"), _c("created_at", "timestamp"),
    ), key=("account_id",)),
    Table("crm", "contracts", (
        _c("contract_id", required=True), _c("account_id", required=True),
        _c("contract_type", "enum", enum=("new", "renewal", "expansion")), _c("renewed_from"),
        _c("start_date", "date", required=True), _c("end_date", "date", required=True),
        _c("currency", "currency", required=True),
        _c("billing_frequency", "enum", required=True, enum=FREQUENCIES),
        _c("payment_terms_days", "int", non_negative=True), _c("auto_renew", "bool"),
        _c("po_number"), _c("status", "enum", required=True, enum=("active", "expired", "cancelled")),
        _c("signed_at", "timestamp"),
    ), key=("contract_id",)),
    Table("crm", "contract_lines", (
        _c("contract_line_id", required=True), _c("contract_id", required=True),
        _c("product_code", required=True),
        _c("charge_type", "enum", required=True, enum=("recurring", "usage", "one_time")),
        _c("quantity", "decimal", non_negative=True), _c("unit_price", "money", non_negative=True),
        _c("discount_pct", "decimal", non_negative=True),
    ), key=("contract_line_id",)),
    Table("crm", "cases", (
        _c("case_id", required=True), _c("account_id"),
        _c("category", "enum", enum=("billing", "technical", "other")),
        _c("opened_at", "timestamp"), _c("closed_at", "timestamp"),
        _c("contacts_to_resolve", "int", non_negative=True),
    ), key=("case_id",), optional=True),
    Table("billing", "customers", (
        _c("customer_id", required=True), _c("crm_account_id"), _c("name"), _c("email"),
        _c("currency", "currency"), _c("tax_country", "country"), _c("tax_region"), _c("tax_id"),
        _c("tax_exempt", "bool"), _c("autopay", "bool"), _c("portal_enabled", "bool"),
    ), key=("customer_id",)),
    Table("billing", "subscriptions", (
        _c("subscription_id", required=True), _c("customer_id", required=True), _c("crm_contract_id"),
        _c("status", "enum", enum=("active", "canceled", "past_due")),
        _c("start_date", "date"), _c("end_date", "date"),
        _c("billing_frequency", "enum", enum=FREQUENCIES),
    ), key=("subscription_id",)),
    Table("billing", "prices", (
        _c("product_code", required=True),
        _c("pricing_model", "enum", required=True, enum=("graduated", "volume")),
        _c("tier", "int", required=True, non_negative=True), _c("up_to", "decimal", non_negative=True),
        _c("unit_price", "money", required=True, non_negative=True),
        _c("flat_fee", "money", non_negative=True), _c("currency", "currency", required=True),
    ), key=("product_code", "currency", "tier")),
    Table("billing", "invoices", (
        _c("invoice_id", required=True), _c("invoice_number"), _c("customer_id", required=True),
        _c("subscription_id"), _c("period_start", "date"), _c("period_end", "date"),
        _c("issued_at", "timestamp", required=True), _c("delivered_at", "timestamp"),
        _c("delivery_channel", "enum", enum=("email", "portal", "edi")), _c("due_date", "date"),
        _c("currency", "currency", required=True), _c("subtotal", "money"),
        _c("discount_amount", "money"), _c("tax_amount", "money"), _c("total", "money", required=True),
        _c("status", "enum", required=True, enum=("draft", "open", "paid", "void", "uncollectible")),
        _c("po_number"),
    ), key=("invoice_id",)),
    Table("billing", "invoice_lines", (
        _c("invoice_line_id", required=True), _c("invoice_id", required=True), _c("product_code"),
        _c("charge_type", "enum", required=True, enum=("recurring", "usage", "one_time", "credit")),
        _c("period_start", "date"), _c("period_end", "date"), _c("quantity", "decimal"),
        _c("unit_price", "money"), _c("discount_amount", "money"), _c("amount", "money", required=True),
        _c("tax_amount", "money"),
    ), key=("invoice_line_id",)),
    Table("billing", "usage_events", (
        _c("event_id", required=True), _c("customer_id", required=True), _c("product_code", required=True),
        _c("quantity", "decimal", required=True, non_negative=True),
        _c("occurred_at", "timestamp", required=True),
    ), key=("event_id",)),
    Table("payments", "transactions", (
        _c("transaction_id", required=True),
        _c("type", "enum", required=True, enum=("charge", "refund", "chargeback")),
        _c("invoice_id"), _c("customer_id"),
        _c("method", "enum", enum=("card", "ach", "sepa_debit", "wire"), synonyms=PAYMENT_METHOD_SYNONYMS),
        _c("status", "enum", required=True, enum=("succeeded", "failed", "pending")),
        _c("failure_code"), _c("amount", "money", required=True, non_negative=True),
        _c("fee", "money"), _c("currency", "currency", required=True),
        _c("created_at", "timestamp", required=True), _c("attempt", "int", non_negative=True),
        _c("description"),
    ), key=("transaction_id",)),
    Table("bank", "statement_lines", (
        _c("bank_txn_id", required=True), _c("value_date", "date", required=True),
        _c("amount", "money", required=True), _c("currency", "currency", required=True),
        _c("payer_name"), _c("reference"), _c("account_id"),
    ), key=("bank_txn_id",), any_file_name=True),
    Table("erp", "invoices", (
        _c("erp_invoice_id", required=True), _c("external_ref"), _c("customer_ref"),
        _c("posted_at", "timestamp"), _c("currency", "currency"), _c("amount", "money", required=True),
        _c("status", "enum", required=True, enum=("open", "paid", "void")),
    ), key=("erp_invoice_id",)),
    Table("erp", "receipts", (
        _c("receipt_id", required=True), _c("erp_invoice_id"), _c("amount", "money", required=True),
        _c("received_at", "timestamp"), _c("method"),
    ), key=("receipt_id",), optional=True),
    Table("reference", "fx_rates", (
        _c("rate_date", "date", required=True), _c("currency", "currency", required=True),
        _c("rate_to_reporting", "decimal", required=True, non_negative=True),
    ), key=("rate_date", "currency")),
    Table("reference", "tax_rates", (
        _c("country", "country", required=True), _c("region"),
        _c("rate", "decimal", required=True, non_negative=True), _c("software_taxable", "bool"),
    ), key=("country", "region")),
)

TABLES_BY_ID: dict[str, Table] = {t.id: t for t in TABLES}

