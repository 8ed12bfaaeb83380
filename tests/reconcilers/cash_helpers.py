"""Runs the matcher on small tables written inline by the cash-application tests."""

import duckdb

from reconcilers.matching import FAILED, MatchSettings, match_remittances


def run(lines, invoices, aliases=None, rejected=None, habits=None, may_fail=False, taxes=None, countries=None,
        **overrides):
    """lines: (bank_txn_id, amount, currency, payer, reference[, value_date]);
    invoices: (invoice_id, number, customer, billing name, CRM name, po, currency, open[, due_date[, issued_at]]);
    habits: (customer_id, habit, value, currency, support); taxes: invoice_id -> tax amount, or
    (tax, total) for an invoice partly paid (unknown for the others); countries: customer_id -> tax
    country (unknown for the others). Returns (matches, balances) as dicts.
    A line the matcher failed on (left unmatched, the error in its detail) fails the test unless
    may_fail."""
    con = duckdb.connect()
    con.execute("create table inv (invoice_id varchar, invoice_number varchar, customer_id varchar, customer_name varchar,"
                " account_name varchar, po_number varchar, currency varchar, open_amount varchar, total varchar,"
                " issued_at date default '2026-01-01', due_date date default '2026-02-01', tax_amount varchar,"
                " tax_country varchar)")
    con.executemany("insert into inv (invoice_id, invoice_number, customer_id, customer_name, account_name, po_number,"
                    " currency, open_amount, total, due_date, issued_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [r[:8] + (r[7], r[8] if len(r) > 8 else "2026-02-01", r[9] if len(r) > 9 else "2026-01-01")
                     for r in invoices])
    for invoice_id, tax in (taxes or {}).items():  # a tax, or (tax, total) for an invoice partly paid
        tax, total = tax if isinstance(tax, tuple) else (tax, None)
        con.execute("update inv set tax_amount = ?, total = coalesce(?, total) where invoice_id = ?",
                    [tax, total, invoice_id])
    for customer_id, country in (countries or {}).items():
        con.execute("update inv set tax_country = ? where customer_id = ?", [country, customer_id])
    con.execute("create table bank (bank_txn_id varchar, amount varchar, currency varchar, payer_name varchar, reference varchar,"
                " value_date date default '2026-03-01', account_id varchar default 'A')")
    con.executemany("insert into bank (bank_txn_id, amount, currency, payer_name, reference, value_date)"
                    " values (?, ?, ?, ?, ?, ?)", [line + ("2026-03-01",) * (6 - len(line)) for line in lines])
    for name, rows, cols in (("aliases", aliases, "payer_name varchar, customer_id varchar"),
                             ("rejected", rejected, "bank_txn_id varchar, invoice_id varchar"),
                             ("habits", habits, "customer_id varchar, habit varchar, value varchar, currency varchar,"
                                                " support integer")):
        con.execute(f"create table {name} ({cols})")
        if rows:
            con.executemany(f"insert into {name} values ({', '.join('?' * len(rows[0]))})", rows)
    result = match_remittances(con, "select * from bank", "select * from inv", "select * from aliases",
                               "select * from rejected", MatchSettings(**overrides), habits_sql="select * from habits")
    matches = result.matches.to_pylist()
    assert may_fail or not [m["detail"] for m in matches if (m["detail"] or "").startswith(FAILED)]
    return matches, result.bank_line_balances.to_pylist()


def summary(rows):
    return sorted((r["invoice_id"], str(r["allocated_amount"]), r["match_rule"], r["status"]) for r in rows)


def applied(rows):
    """(bank_txn_id, invoice_id, status) of every suggested or applied allocation."""
    return sorted((r["bank_txn_id"], r["invoice_id"], r["status"]) for r in rows if r["invoice_id"])
