"""The demo world's records: accounts, contracts, invoices, their ids and the tax rule.

Plain data with the contract's arithmetic (periods, line amounts, invoice totals); seeds.world
builds them consistently and seeds.defects bends them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from contract.tables import MONTHS_PER_PERIOD
from seeds import catalog
from seeds.util import ZERO, add_months


@dataclass
class Account:
    account_id: str
    name: str
    segment: str
    country: str
    region: str
    owner_email: str
    created_at: str
    currency: str
    tax_id: str = ""
    tax_exempt: bool = False
    autopay: bool = False
    customer_id: str = ""
    # the name as registered (its bank prints it so) when the billing and CRM systems hold it typed in
    # ASCII (`name`), and how it was typed (international_names.ASCII_TYPINGS); '' otherwise
    registered_name: str = ""
    typed_as: str = ""


@dataclass
class ContractLine:
    contract_line_id: str
    product_code: str
    charge_type: str
    quantity: int
    unit_price: Decimal  # recurring: per unit per month
    discount_pct: Decimal


@dataclass
class Contract:
    contract_id: str
    account: Account
    contract_type: str
    renewed_from: str
    start: date
    end: date
    frequency: str
    terms_days: int
    auto_renew: bool
    po_number: str
    status: str
    signed_at: str
    lines: list[ContractLine] = field(default_factory=list)
    subscription_id: str = ""
    has_subscription: bool = True

    @property
    def currency(self) -> str:
        return self.account.currency

    @property
    def months(self) -> int:
        return MONTHS_PER_PERIOD[self.frequency]

    def periods(self) -> list[tuple[date, date]]:
        """Billing periods from the start, each m months, the last one cut at the end date."""
        periods, k = [], 0
        while (start := add_months(self.start, k * self.months)) <= self.end:
            full_end = add_months(self.start, (k + 1) * self.months) - timedelta(days=1)
            periods.append((start, min(full_end, self.end)))
            k += 1
        return periods

    def usage_line(self) -> ContractLine | None:
        return next((line for line in self.lines if line.charge_type == "usage"), None)


@dataclass
class InvoiceLine:
    invoice_line_id: str
    product_code: str
    charge_type: str
    period_start: date
    period_end: date
    quantity: Decimal
    unit_price: Decimal
    discount_amount: Decimal
    tax_amount: Decimal = ZERO

    @property
    def gross(self) -> Decimal:
        return self.quantity * self.unit_price

    @property
    def amount(self) -> Decimal:
        return self.gross - self.discount_amount


@dataclass
class Invoice:
    invoice_id: str
    contract: Contract
    period_start: date
    period_end: date
    issued_at: str
    issue_date: date
    lines: list[InvoiceLine]
    delivered_at: str = ""
    delivery_channel: str = "email"
    status: str = "open"
    invoice_number: str = ""
    kind: str = "regular"  # regular | closing (arrears usage after the end) | duplicate | reissue

    @property
    def currency(self) -> str:
        return self.contract.currency

    @property
    def due_date(self) -> date:
        return self.issue_date + timedelta(days=self.contract.terms_days)

    @property
    def subtotal(self) -> Decimal:
        return sum((line.gross for line in self.lines), ZERO)

    @property
    def discount(self) -> Decimal:
        return sum((line.discount_amount for line in self.lines), ZERO)

    @property
    def tax(self) -> Decimal:
        return sum((line.tax_amount for line in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        return self.subtotal - self.discount + self.tax

    @property
    def pre_tax(self) -> Decimal:
        return self.subtotal - self.discount


class IdMaker:
    """Deterministic ids: Stripe-like random suffixes drawn from the seeded generator, CRM counters."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.counters: dict[str, int] = {}

    def random(self, prefix: str) -> str:
        return f"{prefix}_{self.rng.getrandbits(64):016x}"

    def counter(self, prefix: str, width: int = 6, start: int = 1) -> str:
        self.counters[prefix] = self.counters.get(prefix, start - 1) + 1
        return f"{prefix}{self.counters[prefix]:0{width}d}"


def expected_tax_rate(account: Account) -> Decimal:
    """The contract's tax rule (seller in the US)."""
    if account.tax_exempt:
        return ZERO
    if account.tax_id and account.country in catalog.EU_COUNTRIES:
        return ZERO
    rates = {(c, r): (Decimal(rate), taxable) for c, r, rate, taxable in catalog.TAX_RATES}
    rate, taxable = rates.get((account.country, account.region)) or rates[(account.country, "")]
    return rate if taxable else ZERO
