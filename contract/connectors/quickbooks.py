"""Fivetran's QuickBooks (Online) connector: the tables and columns billops reads (docs/connectors.md).

QuickBooks states money in the currency's major unit (TotalAmt 1015.05), so unlike Stripe's no
amount is converted. Fivetran flattens a transaction's lines into child tables keyed by the parent's
id and the line's `index` (payment_line), and a custom field into a column `custom_<name>`, which
billops keeps in `_extra` (the quickbooks_invoice_number_field setting can read it).
"""

from __future__ import annotations

from contract.connectors.model import Connector, ConnectorTable, amounts, col, flags, key_col, times

# Column names as Fivetran's QuickBooks connector writes them (fivetran/dbt_quickbooks:
# integration_tests/seeds/ and macros/staging/get_*_columns.sql).
QUICKBOOKS = Connector(
    folder="quickbooks",
    replaces=("erp",),
    keeps=(),
    tables=(
        # the ERP's customer: its name is the contract's customer_ref
        ConnectorTable("customer", (
            key_col(), col("display_name"), col("fully_qualified_name"), col("company_name"), col("given_name"),
            col("family_name"), col("print_on_check_name"), col("email"), col("currency_id", "currency"),
            *flags("active"), *times("created_at"),
        )),
        # Fivetran's deleted invoices keep only their id and a few columns: no value is required but
        # the id, and a file needs the total and one of the dates (the posting date's fallbacks)
        ConnectorTable("invoice", (
            key_col(), col("customer_id"), col("doc_number"), col("currency_id", "currency"),
            col("transaction_date", "date"), col("due_date", "date"), col("private_note"), col("customer_memo"),
            *amounts("total_amount", "balance", "total_tax"), *times("created_at"),
        ), required=True, one_of=(("total_amount",), ("transaction_date", "created_at"))),
        ConnectorTable("payment", (
            key_col(), col("customer_id"), col("currency_id", "currency"), col("payment_method_id"),
            col("reference_number"), col("transaction_date", "date"),
            *amounts("total_amount", "unapplied_amount"), *times("created_at"),
        )),
        # a payment's lines: each applies part of it to an invoice or takes a credit memo's credit
        ConnectorTable("payment_line", (
            key_col("payment_id"), key_col("index"), col("amount", "decimal", required=True), col("invoice_id"),
            col("credit_memo_id"),
        ), key=("payment_id", "index"), versioned=False),
        # the names of payment methods (Cash, Check, Visa, ...): optional, the id stands in
        ConnectorTable("payment_method", (
            key_col(), col("name"), col("type"), *flags("active"),
        )),
    ),
)
