"""The generator's records: customers with their fixed payment habits, invoices, bank lines and answers.

Habits are fixed per customer (reference style, payer-name style, lag class, fee, discount, batch and FX
behaviour) because real payers are consistent: a matcher may learn them, and the data should reward that.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Customer:
    idx: int
    customer_id: str  # CUST#####: also what customers quote as their account number
    base: str  # name without the legal suffix
    suffix: str
    name: str  # as billed
    account_name: str  # as in the CRM
    country: str
    currency: str
    style: str  # invoice numbering
    tier: str  # smb, mid or ent
    stripe_prefix: str
    stripe_seq: int
    plan: bool  # billed a fixed plan price (shared by many customers) rather than varying amounts
    terms: int  # days from issue to due
    lag_class: str
    pay_prob: float
    pos: list[str]  # purchase-order numbers
    ref_style: str
    err_rate: float  # chance a payment's reference has a digit error
    trunc_ref: bool  # the payer's bank cuts the reference at a field width
    name_style: str
    trunc_len: int
    agent: str  # the AP platform that pays, for name_style "agent"
    parent: str | None  # the parent company that pays, for name_style "parent"
    fee_payer: bool  # wire charges deducted from the amount
    discount_taker: bool  # takes 2/10 net 30
    batch_payer: bool  # pays several invoices in one line
    fx_payer: bool  # EUR/GBP customer paying in USD
    invoices: list["Invoice"] = field(default_factory=list)


@dataclass
class Invoice:
    invoice_id: str
    customer: Customer
    issued: dt.date
    due: dt.date
    amount: Decimal
    currency: str
    number: str
    po: str


@dataclass
class BankLine:
    bank_txn_id: str
    value_date: dt.date
    amount: Decimal
    currency: str
    payer_name: str
    reference: str


@dataclass
class Allocation:
    """One truth row: part of a bank line applied to an invoice, in the invoice's currency."""
    bank_txn_id: str
    invoice_id: str
    allocated_amount: Decimal
    habit: str


@dataclass
class NonCustomerLine:
    bank_txn_id: str
    habit: str
