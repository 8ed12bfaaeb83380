"""What the analysts' actions are checked against and choose from: the queue as the last run left it,
how many decisions that run applied, and the invoices a bank line may be applied to instead."""

from __future__ import annotations

import pandas as pd

from dashboards.data.warehouse import Serving, has_table, query, require


def queue_for_decisions(serving: Serving) -> pd.DataFrame:
    """Every finding with what a decision on it is checked against (a worked sheet's rows)."""
    require(serving, "history.exceptions")
    return query(serving, """
        select exception_id, exception_type, status, coalesce(owner, owner_email) as owner, bank_txn_id,
               invoice_id, amount_at_risk, amount_at_risk_reporting, currency
        from history.exceptions""")


# what identifies a decision row: the file's rows and history.decisions are compared on these
DECISION_IDENTITY = ("decided_at", "decision", "exception_id", "bank_txn_id", "invoice_id", "analyst")


def decisions_applied(serving: Serving) -> list[tuple[str, ...]]:
    """The decisions the last successful run read, in file order (empty text for a missing value)."""
    if not has_table(serving, "history.decisions"):
        return []
    columns = ", ".join(f"coalesce({c}, '') as {c}" for c in DECISION_IDENTITY)
    frame = query(serving, f"select {columns} from history.decisions order by file_order")
    return list(frame.itertuples(index=False, name=None))


def invoice_search(serving: Serving, text: str, currency: str | None = None, limit: int = 50) -> pd.DataFrame:
    """Invoices whose number, id or customer name contains `text`, or whose total is `text` as an
    amount; those in the line's currency and due latest first."""
    require(serving, "marts.dim_invoices")
    return query(serving, """
        select invoice_id, invoice_number, customer_name, customer_id, currency, total, due_date, status
        from marts.dim_invoices
        where $text = ''
           or invoice_number ilike '%' || $text || '%' or invoice_id ilike '%' || $text || '%'
           or customer_name ilike '%' || $text || '%'
           or try_cast(replace($text, ',', '') as decimal(18, 3)) = total
        order by ($currency is not null and currency = $currency) desc, due_date desc nulls last, invoice_id
        limit $limit""", text=text.strip(), currency=currency, limit=limit)


def bank_line_amount(serving: Serving, bank_txn_id: str) -> pd.DataFrame:
    """The bank line's amount (allocated plus unapplied) and currency, from its matches."""
    require(serving, "marts.fct_remittance_matches")
    return query(serving, """
        select bank_txn_id, any_value(currency) as currency,
               coalesce(sum(allocated_amount) filter (where status = 'auto_applied'), 0)
                   + any_value(unapplied_amount) as amount
        from marts.fct_remittance_matches where bank_txn_id = $bank_txn_id group by 1""", bank_txn_id=bank_txn_id)
