"""Fivetran's NetSuite2 connector (SuiteAnalytics Connect): the tables and columns billops reads
(docs/connectors.md).

Fivetran writes NetSuite's SuiteAnalytics tables under their own names, lower case and without
underscores (`transaction`, `transactionline`, `customer`, `currency`, `previoustransactionlinelink`),
not the `transaction_line` of the issue. Every sales document is a row of `transaction` told apart by
`type` (CustInvc invoice, CustPymt payment, CustCred credit memo); amounts are the transaction
currency's major units (`foreign*` columns) and `currency` is NetSuite's internal id of a currency
row. A custom field (custbody_<name>) is kept in `_extra` (the netsuite_invoice_number_field setting
can read it).
"""

from __future__ import annotations

from contract.connectors.model import Connector, ConnectorTable, amounts, col, flags, key_col, times

# Fivetran's history mode keeps every version of a record; dbt_netsuite's seeds write the versions
# without _fivetran_start, told apart by _fivetran_synced (and _fivetran_active), so the sync time is
# part of the key: ingestion keeps both versions and dbt picks the active one (connector_current_rows)
# instead of the later line, which is the inactive one there.
VERSION_KEY = ("id", "_fivetran_synced")

# Column names as Fivetran's NetSuite2 connector writes them (fivetran/dbt_netsuite:
# integration_tests/seeds/netsuite2_*_data.csv and macros/staging/get_netsuite2_*_columns.sql), and
# SuiteAnalytics' own for those the seeds leave out (tranid, otherrefnum, foreigntotal,
# foreignamountunpaid, voided; previoustransactionlinelink: docs/connectors.md lists the sources).
NETSUITE = Connector(
    folder="netsuite",
    replaces=("erp",),
    keeps=(),
    tables=(
        # every sales document: invoices (CustInvc) and what settles them (CustPymt, CustCred, DepAppl)
        ConnectorTable("transaction", (
            key_col(), col("type"), col("status"), col("tranid"), col("transactionnumber"), col("otherrefnum"),
            col("memo"), col("externalid"), col("entity"), col("currency"), col("trandate", "timestamp"),
            col("duedate", "timestamp"), *times("createddate"), *flags("voided"),
            *amounts("foreigntotal", "foreignamountunpaid", "foreignamountpaid"),
        ), key=VERSION_KEY, required=True, one_of=(("type",), ("trandate", "createddate"))),
        # the lines: an invoice's main line (mainline T) carries its total and what is left to pay
        ConnectorTable("transactionline", (
            key_col("transaction"), key_col(), *flags("mainline"), col("entity"),
            *amounts("foreignamount", "foreignamountunpaid", "foreignamountpaid"),
        ), key=("transaction", "id"), versioned=False),
        # the ERP's customer: its name is the contract's customer_ref
        ConnectorTable("customer", (
            key_col(), col("entityid"), col("companyname"), col("altname"), col("firstname"), col("lastname"),
            col("email"), col("currency"), *flags("isperson", "isinactive"), *times("datecreated"),
        ), key=VERSION_KEY),
        # NetSuite's currencies: `symbol` is the ISO code (EUR) of the internal id a transaction names
        ConnectorTable("currency", (key_col(), col("symbol", "currency"), col("name")), key=VERSION_KEY),
        # what applied a payment or credit to an invoice: previousdoc the invoice, nextdoc the payment
        ConnectorTable("previoustransactionlinelink", (
            key_col("previousdoc"), key_col("previousline"), key_col("nextdoc"), key_col("nextline"),
            col("linktype"), col("previoustype"), col("nexttype"), col("linkdate", "timestamp"),
            col("foreignamount", "decimal", required=True),
        ), key=("previousdoc", "previousline", "nextdoc", "nextline"), versioned=False),
    ),
)
