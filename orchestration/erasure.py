"""GDPR erasure: a customer's personal data pseudonymised everywhere, now and in every later run.

The source systems keep sending the customer's name, so erasure is not a one-off delete: the
erased customer ids live in history.erasures, and every run, right after ingestion, finds that
customer's personal strings again in the fresh extracts (billing name and email, CRM account
name, payer names learned as aliases or seen on bank lines that paid the customer) and replaces
them wherever they appear in free text. Ids, amounts and totals are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

import duckdb

from contract.closes import FROZEN_SCHEMAS
from contract.connectors import RAW_TABLES
from contract.personal_data import FREE_TEXT_COLUMNS
from orchestration.history import HISTORY_SCHEMA, ensure_history
from orchestration.raw_schema import RAW_SCHEMA
from orchestration.warehouse import table_exists

MIN_PERSONAL_LENGTH = 3  # shorter strings ("AB") would rewrite unrelated text
# the raw tables a billing customer (its id, name and email) comes from: the contract's, Stripe's
CUSTOMER_TABLES = (("billing__customers", "customer_id"), ("stripe__customer", "id"))
# The ERP's customer (QuickBooks, NetSuite) has its own id: it is the customer of the ERP invoices that
# carry the billing customer's invoice numbers (QuickBooks' doc_number, NetSuite's tranid: the
# adapters' defaults; docs/connectors.md).
BILLING_INVOICE_NUMBERS = f"""
        select upper(trim(invoice_number)) from {RAW_SCHEMA}.billing__invoices where customer_id = $c
        union all select upper(trim(number)) from {RAW_SCHEMA}.stripe__invoice where customer_id = $c"""
# (the ERP's customer table, the query of its personal strings, every raw table the query reads)
ERP_CUSTOMER_QUERIES = (
    ("quickbooks__customer", f"""
    select q.display_name, q.fully_qualified_name, q.company_name, q.print_on_check_name, q.email,
           nullif(trim(concat_ws(' ', q.given_name, q.family_name)), '')
    from {RAW_SCHEMA}.quickbooks__customer q
    join {RAW_SCHEMA}.quickbooks__invoice i on i.customer_id = q.id
    where upper(trim(i.doc_number)) in ({BILLING_INVOICE_NUMBERS})""",
     ("quickbooks__customer", "quickbooks__invoice", "billing__invoices", "stripe__invoice")),
    ("netsuite__customer", f"""
    select n.entityid, n.companyname, n.altname, n.email, nullif(trim(concat_ws(' ', n.firstname, n.lastname)), '')
    from {RAW_SCHEMA}.netsuite__customer n
    join {RAW_SCHEMA}.netsuite__transaction t on t.entity = n.id and t.type = 'CustInvc'
    where upper(trim(t.tranid)) in ({BILLING_INVOICE_NUMBERS})""",
     ("netsuite__customer", "netsuite__transaction", "billing__invoices", "stripe__invoice")),
)
# the raw tables a CRM account's name comes from (table, key, name column): the contract's, Salesforce's, HubSpot's
CRM_ACCOUNT_TABLES = (("crm__accounts", "account_id", "account_name"), ("salesforce__account", "id", "name"),
                      ("hubspot__company", "id", "property_name"))


class ErasureError(ValueError):
    """An erasure that cannot be carried out: reported as one line."""


def pseudonym(customer_id: str) -> str:
    return "erased-" + hashlib.sha256(customer_id.encode()).hexdigest()[:12]


def personal_strings(con: duckdb.DuckDBPyConnection, customer_id: str) -> set[str]:
    """Every name, email and payer name of the customer that the warehouse can see now."""
    queries = [
        *((RAW_SCHEMA, table, f"select name, email from {RAW_SCHEMA}.{table} where {key} = $c")
          for table, key in CUSTOMER_TABLES),
        *((RAW_SCHEMA, table,
           f"""select a.{name} from {RAW_SCHEMA}.{table} a
               join {RAW_SCHEMA}.billing__customers c on c.crm_account_id = a.{key} where c.customer_id = $c""")
          for table, key, name in CRM_ACCOUNT_TABLES),
        (HISTORY_SCHEMA, "customer_aliases",
         f"select payer_name from {HISTORY_SCHEMA}.customer_aliases where customer_id = $c"),
        # kept after the bank line has left the landing folder (what the payer habits are learned from)
        (HISTORY_SCHEMA, "match_evidence",
         f"select payer_name from {HISTORY_SCHEMA}.match_evidence where customer_id = $c"),
        ("recon", "remittance_matches",
         f"""select b.payer_name from recon.remittance_matches m
             join {RAW_SCHEMA}.bank__statement_lines b using (bank_txn_id)
             join {RAW_SCHEMA}.billing__invoices i on i.invoice_id = m.invoice_id
             where i.customer_id = $c and m.status = 'auto_applied'"""),
    ]
    queries.extend((RAW_SCHEMA, customer_table, sql) for customer_table, sql, tables in ERP_CUSTOMER_QUERIES
                   if all(table_exists(con, RAW_SCHEMA, table) for table in tables))
    found: set[str] = set()
    for schema, table, sql in queries:
        if table_exists(con, schema, table):
            for row in con.execute(sql, {"c": customer_id}).fetchall():
                found.update(v.strip() for v in row if v and len(v.strip()) >= MIN_PERSONAL_LENGTH)
    return found


def _replace_everywhere(con: duckdb.DuckDBPyConnection, columns: list[tuple[str, str, str]],
                        strings: set[str], replacement: str) -> int:
    changed = 0
    # longest first, so "Acme Corp" is not left as "<pseudonym> Corp" by an earlier "Acme"
    for text in sorted(strings, key=len, reverse=True):
        pattern = "(?i)" + re.escape(text)
        for schema, table, column in columns:
            changed += con.execute(
                f'update "{schema}"."{table}" set "{column}" = regexp_replace("{column}", $p, $r, \'g\') '
                f'where regexp_matches("{column}", $p)', {"p": pattern, "r": replacement}).fetchone()[0]
    return changed


def _raw_free_text_columns() -> list[tuple[str, str, str]]:
    columns = [(RAW_SCHEMA, t.id, c) for t in RAW_TABLES for c in t.column_names if c in FREE_TEXT_COLUMNS]
    return columns + [(RAW_SCHEMA, "quarantine", "raw"), (RAW_SCHEMA, "quarantine", "reason")]


# how SQL names a table's schema: its schema in this database, the database's name for an attached
# one (raw.<table>, the raw store)
_SQL_SCHEMA = "case when c.table_catalog = current_database() then c.table_schema else c.table_catalog end"


def _text_columns(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> list[tuple[str, str, str]]:
    placeholders = ", ".join("?" for _ in schemas)
    return [tuple(r) for r in con.execute(f"""
        select {_SQL_SCHEMA}, c.table_name, c.column_name from information_schema.columns c
        join information_schema.tables t using (table_catalog, table_schema, table_name)
        where t.table_type = 'BASE TABLE' and c.data_type = 'VARCHAR'
          and {_SQL_SCHEMA} in ({placeholders})
          and c.column_name not like '%\\_id' escape '\\'""", list(schemas)).fetchall()]


def apply_erasures(con: duckdb.DuckDBPyConnection) -> int:
    """After ingestion: pseudonymise every erased customer in the fresh raw tables. Returns the
    number of values changed."""
    ensure_history(con)
    changed = 0
    for customer_id, name in con.execute(f"select customer_id, pseudonym from {HISTORY_SCHEMA}.erasures").fetchall():
        strings = personal_strings(con, customer_id)
        changed += _replace_everywhere(con, [c for c in _raw_free_text_columns() if table_exists(con, c[0], c[1])],
                                       strings, name)
        changed += _replace_everywhere(con, _text_columns(con, (HISTORY_SCHEMA,)), strings, name)
    return changed


@dataclass(frozen=True)
class Erased:
    """What an erasure replaced: the customer's personal strings and their pseudonym."""

    changed: int
    strings: frozenset[str]
    pseudonym: str


def erase_customer(con: duckdb.DuckDBPyConnection, customer_id: str) -> Erased:
    """Record the erasure and pseudonymise the customer in every table of this warehouse now."""
    ensure_history(con)
    if not any(table_exists(con, RAW_SCHEMA, table) and con.execute(
            f"select count(*) from {RAW_SCHEMA}.{table} where {key} = ?", [customer_id]).fetchone()[0]
               for table, key in CUSTOMER_TABLES):
        raise ErasureError(f"customer {customer_id!r} is not in the warehouse's billing customers")
    name = pseudonym(customer_id)
    strings = personal_strings(con, customer_id)
    con.execute(f"insert or ignore into {HISTORY_SCHEMA}.erasures values (?, ?, ?)",
                [customer_id, name, dt.datetime.now(dt.UTC).replace(tzinfo=None)])
    schemas = tuple(s for (s,) in con.execute(f"select distinct {_SQL_SCHEMA} from information_schema.tables c "
                                              "where table_schema not in ('information_schema', 'pg_catalog')")
                    .fetchall())
    return Erased(_replace_everywhere(con, _text_columns(con, schemas), strings, name), frozenset(strings), name)


def erase_in_close(con: duckdb.DuckDBPyConnection, erased: Erased, keep: tuple[str, str]) -> int:
    """The same erasure in a close's tables (orchestration/closes.py), but `keep` (schema, table): its record."""
    columns = [c for c in _text_columns(con, FROZEN_SCHEMAS) if c[:2] != keep]
    return _replace_everywhere(con, columns, set(erased.strings), erased.pseudonym)
