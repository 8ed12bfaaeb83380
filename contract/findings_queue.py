"""The exception queue (exceptions.csv): its columns, their types and order, written once.

Everything else is derived from this: the finding drafts' columns and fct_findings' enforced
contract in dbt (rendered by `python -m contract.render_dbt`, run by `make dbt-manifest`), the
history table that keeps the findings' life cycle and the exceptions export.

A column's origin says who sets it:
- drafted: a finding draft model names it, or leaves it empty;
- derived: the findings_queue macro works it out from the draft (id, category, reporting amount, owner);
- lifecycle: orchestration keeps it across runs in history.exceptions, dbt never sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

QueueType = Literal["text", "date", "money", "timestamp"]
Origin = Literal["drafted", "derived", "lifecycle"]


@dataclass(frozen=True)
class QueueColumn:
    name: str
    type: QueueType
    origin: Origin
    description: str = ""
    accepted_values: tuple[str, ...] = ()
    not_null: bool = False


CATEGORIES = ("leakage", "sync", "tax", "cash_application", "collections", "data_quality")
EXCEPTION_TYPES = (
    "contract_not_in_billing", "customer_not_in_crm", "subscription_terms_mismatch",
    "missing_invoice", "missing_renewal_invoice", "amount_mismatch", "discount_mismatch",
    "unbilled_usage", "usage_overbilled", "duplicate_billing", "failed_payment_not_retried", "dispute_lost",
    "charge_not_on_invoice", "tax_mismatch", "erp_missing_invoice", "erp_amount_mismatch", "erp_orphan_invoice",
    "erp_status_mismatch", "unapplied_cash", "match_review", "payout_not_received", "payout_amount_mismatch",
    "collections", "data_quality",
)
SEVERITIES = ("low", "medium", "high", "critical")
KEY = "exception_id"

# In the order of history.exceptions and exceptions.csv; fct_findings has the same order without
# the lifecycle columns.
QUEUE: tuple[QueueColumn, ...] = (
    QueueColumn("exception_id", "text", "derived", "md5(exception_type || '|' || natural key): stable across runs."),
    QueueColumn("exception_type", "text", "drafted", accepted_values=EXCEPTION_TYPES, not_null=True),
    QueueColumn("category", "text", "derived", "The finding family (docs/findings.md).",
                accepted_values=CATEGORIES, not_null=True),
    QueueColumn("severity", "text", "drafted", "The draft's, else by the amount in the reporting currency.",
                accepted_values=SEVERITIES, not_null=True),
    QueueColumn("account_id", "text", "drafted", "The draft's, else the contract's or the customer's CRM account."),
    QueueColumn("customer_id", "text", "drafted"),
    QueueColumn("contract_id", "text", "drafted"),
    QueueColumn("invoice_id", "text", "drafted"),
    QueueColumn("erp_invoice_id", "text", "drafted"),
    QueueColumn("transaction_id", "text", "drafted"),
    QueueColumn("bank_txn_id", "text", "drafted"),
    QueueColumn("period_start", "date", "drafted"),
    QueueColumn("period_end", "date", "drafted"),
    QueueColumn("stage", "text", "drafted", "Collections only: the dunning stage."),
    QueueColumn("amount_at_risk", "money", "drafted", "Positive, in currency."),
    QueueColumn("currency", "text", "drafted"),
    QueueColumn("amount_at_risk_reporting", "money", "derived",
                "amount_at_risk at the reporting currency's rate of the finding's date (or the latest before it)."),
    QueueColumn("owner_email", "text", "derived", "The owner of the finding's CRM account."),
    QueueColumn("status", "text", "lifecycle", "open, acknowledged or resolved."),
    QueueColumn("owner", "text", "lifecycle", "Who works it: the analyst it was assigned to, else owner_email."),
    QueueColumn("resolution", "text", "lifecycle",
                "Why it is resolved: fixed_in_source, write_off, match_confirmed, match_rejected or no_longer_found; "
                "write_off_pending_approval while a write-off waits for a controller; still_found_after_fix when a "
                "run a day or more after a fixed_in_source still finds it (the finding is open again)."),
    QueueColumn("write_off_amount", "money", "lifecycle", "The amount written off, in currency."),
    QueueColumn("note", "text", "lifecycle", "The latest note an analyst gave with a decision."),
    QueueColumn("first_seen_at", "timestamp", "lifecycle"),
    QueueColumn("last_seen_at", "timestamp", "lifecycle"),
    QueueColumn("details", "text", "drafted", "One sentence with the expected and found numbers.", not_null=True),
)

# What a draft gives the findings_queue macro besides its queue columns, which the queue drops.
DRAFT_INPUTS: tuple[QueueColumn, ...] = (
    QueueColumn("natural_key", "text", "drafted", "What makes the finding the same one on the next run."),
    QueueColumn("fx_date", "date", "drafted", "The date whose FX rate converts amount_at_risk."),
)

FINDINGS_COLUMNS: tuple[QueueColumn, ...] = tuple(c for c in QUEUE if c.origin != "lifecycle")
DRAFT_COLUMNS: tuple[QueueColumn, ...] = (*(c for c in QUEUE if c.origin == "drafted"), *DRAFT_INPUTS)
QUEUE_COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in QUEUE)
# What analysts fill in on a downloaded queue (exceptions.xlsx, the dashboard's downloads) and bring
# back with `billops decisions import` or the dashboard's upload: empty in every file we write.
WORKED_COLUMN = "decision"
