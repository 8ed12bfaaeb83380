"""What the matcher reads from DuckDB: the bank credit lines as tuples, the open invoices as
columns (reconcilers/plan_types.Invoices), and the numbers of the invoices already settled. Money
is read as integer thousandths of the major unit ("milli"), dates as days since 1970-01-01."""

from __future__ import annotations

from reconcilers.credit_notes import CreditNotes
from reconcilers.kana import number_before_name
from reconcilers.narrations import read_narration
from reconcilers.numbers import number_key
from reconcilers.plan_types import Invoices

MILLI = 1000


def milli_sql(column: str) -> str:
    return f"cast(round(cast({column} as decimal(18, 3)) * {MILLI}) as bigint)"


def days_sql(column: str) -> str:
    return f"datediff('day', date '1970-01-01', cast({column} as date))"


def load_lines(con, sql: str) -> list[tuple]:
    """(bank_txn_id, currency, amount milli, payer_name, reference, value date in days); a number
    typed before a Zengin remitter's name is read with the reference (kana.number_before_name), an
    Indian transfer's narration as its payer and remark (narrations.read_narration)."""
    return [_number_typed_before_name((*row[:3], *read_narration(row[3], row[4]), row[5])) for row in con.execute(f"""
        select cast(bank_txn_id as varchar), upper(coalesce(cast(currency as varchar), '')), {milli_sql('amount')},
               coalesce(cast(payer_name as varchar), ''), coalesce(cast(reference as varchar), ''),
               {days_sql('value_date')}
        from ({sql}) order by 1""").fetchall()]


def _number_typed_before_name(line: tuple) -> tuple:
    number, name = number_before_name(line[3])
    return (*line[:3], name, f"{line[4]} {number}".strip(), line[5]) if number else line


def load_invoices(con, sql: str) -> tuple[Invoices, list[tuple[str, str]]]:
    """Open invoices ordered by customer, then as a ledger orders them (due date, issue date,
    number; invoice_id last, as an id is no order); and the distinct (customer_id, billing or
    CRM name) pairs, sorted."""
    columns = {name for name, *_ in con.execute(f"describe select * from ({sql})").fetchall()}
    tax = f"case when {milli_sql('open_amount')} = {milli_sql('total')} then {milli_sql('tax_amount')} end" \
        if {"tax_amount", "total"} <= columns else "cast(null as bigint)"
    country = "nullif(upper(trim(cast(tax_country as varchar))), '')" if "tax_country" in columns else "cast(null as varchar)"
    con.execute(f"""
        create or replace temp table _cash_open_invoices as
        select cast(invoice_id as varchar) as invoice_id, coalesce(cast(invoice_number as varchar), '') as number,
               cast(customer_id as varchar) as customer_id, upper(cast(currency as varchar)) as currency,
               {milli_sql('open_amount')} as open_milli, coalesce(cast(po_number as varchar), '') as po_number,
               row_number() over (order by due_date nulls last, issued_at nulls last,
                                  length(cast(invoice_number as varchar)), cast(invoice_number as varchar),
                                  invoice_id) as due_rank,
               {days_sql('due_date')} as due_day, {days_sql('issued_at')} as issued_day, {tax} as tax_milli,
               {country} as tax_country,
               cast(customer_name as varchar) as customer_name,
               cast(account_name as varchar) as account_name
        from ({sql}) where {milli_sql('open_amount')} > 0
        order by customer_id, due_rank""")
    try:
        table = con.execute("""select invoice_id, number, customer_id, currency, open_milli, po_number, due_rank,
                                        due_day, issued_day, tax_milli, tax_country
                                 from _cash_open_invoices""").to_arrow_table()
        names = con.execute("""
            select distinct customer_id, name from _cash_open_invoices,
                   unnest([customer_name, account_name]) as t(name)
            where coalesce(name, '') <> '' order by all""").fetchall()
    finally:
        con.execute("drop table if exists _cash_open_invoices")
    invoices = Invoices(*(table.column(k).to_pylist() for k in range(11)))
    for idx, (customer, currency, open_milli) in enumerate(zip(invoices.customers, invoices.currencies,
                                                               invoices.open_milli)):
        invoices.by_customer.setdefault((customer, currency), []).append(idx)
        invoices.of_customer.setdefault(customer, []).append(idx)
        invoices.by_amount.setdefault((currency, open_milli), []).append(idx)
    return invoices, names


def load_credit_notes(con, sql: str, offset: int) -> CreditNotes:
    """The credit notes still open (a negative open amount), oldest first; offset: the number of
    open invoices, where the notes' allocation indices start."""
    rows = con.execute(f"""
        select cast(invoice_id as varchar), coalesce(cast(invoice_number as varchar), ''),
               cast(customer_id as varchar), upper(cast(currency as varchar)), {milli_sql('open_amount')}
        from ({sql}) where {milli_sql('open_amount')} < 0
        order by issued_at nulls last, 2, 1""").fetchall()
    return CreditNotes(offset, *(list(column) for column in zip(*rows))) if rows else CreditNotes(offset, [], [], [], [], [])


def settled_numbers(con, sql: str, keys: set[str]) -> dict[str, list[tuple[str, str]]]:
    """key -> (number, customer) of the invoices of the matcher's input with nothing open whose key
    is one of keys."""
    if not keys:
        return {}
    numbers = con.execute(f"select distinct cast(invoice_number as varchar), cast(customer_id as varchar) from ({sql}) "
                          f"where {milli_sql('open_amount')} = 0 and invoice_number is not null order by all").fetchall()
    settled: dict[str, list[tuple[str, str]]] = {}
    for number, customer in numbers:
        if (key := number_key(number)) in keys:
            settled.setdefault(key, []).append((number, customer))
    return settled
