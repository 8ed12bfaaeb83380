"""The data a plan is made of: the open invoices as columns, the numbers a reference quotes and
what one bank line pays. Money is integer thousandths of the major unit ("milli")."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple


LAST_DIGITS = "its last digits"  # how a number typed as the end of an invoice's number reads


class Hit(NamedTuple):
    """An open invoice (or PO) a reference quotes."""
    kind: int  # 2: the number itself; 1: one character off, truncated, masked or its last digits
    # 'exact', 'without its prefix', 'one character off', 'range', 'sequence', 'truncated', 'masked', LAST_DIGITS
    how: str
    read: str  # the key read from the reference
    weak: bool  # a short number: counts only with payer or amount backing
    marked: bool  # introduced as a document number ('Invoice 1042', '#1042', or the whole reference)

    @property
    def whole(self) -> bool:
        """The number itself read exactly and in full: not with a slip, not without its prefix, not
        a short number."""
        return self.kind == 2 and self.how == "exact" and not self.weak


@dataclass(slots=True)
class Plan:
    """What one bank line should pay: allocations in milli, the rule and its confidence."""
    allocations: list[tuple[int, int]]  # (invoice_idx, milli)
    rule: str
    confidence: float
    detail: str = ""  # the amount reasoning
    amount_explained: bool = False  # the allocations add up to the payment (up to a bank fee)
    quoted: bool = False  # found through invoice or PO numbers in the remittance text
    hits: dict[int, Hit] = field(default_factory=dict)  # the quoted numbers the plan rests on
    notes: list[str] = field(default_factory=list)  # habits used, backing of short numbers
    alternatives: list[Plan] = field(default_factory=list)  # the other plans for the line, best first
    same_amount: list[int] = field(default_factory=list)  # the payer's invoices of exactly this amount, chosen by date

    def __reduce__(self) -> tuple:
        """Pickled as its fields in order (a fork sends its plans back): smaller and quicker than
        the slots' state dict."""
        return Plan, tuple(getattr(self, name) for name in Plan.__slots__)  # the fields, in order


@dataclass
class Invoices:
    ids: list[str]
    numbers: list[str]
    customers: list[str]
    currencies: list[str]
    open_milli: list[int]
    po_numbers: list[str]
    due_rank: list[int]  # position by due date, issue date, number, invoice_id: breaks every tie between invoices
    due_days: list[int | None]  # due date as days since 1970-01-01
    issued_days: list[int | None]  # issue date as days since 1970-01-01
    # the tax of an invoice nothing is paid of yet (None when part is paid or the tax is not known):
    # what a customer withholds is a share of the amount before it, or of the tax itself
    tax_milli: list[int | None]
    tax_countries: list[str | None]  # the customer's (customers.tax_country): whose withholding rules apply
    by_customer: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (customer, ccy) -> oldest first
    of_customer: dict[str, list[int]] = field(default_factory=dict)  # customer -> all its open invoices, oldest first
    by_amount: dict[tuple[str, int], list[int]] = field(default_factory=dict)


def money(milli: int) -> str:
    return str(Decimal(milli).scaleb(-3).normalize().quantize(Decimal("0.01")))
