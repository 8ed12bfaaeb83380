"""The open invoices: 1-12 per customer, issued in the issue window.

Plan customers are billed a fixed monthly price (SaaS list prices such as 99.00, shared by dozens of
customers, so amounts alone cannot identify an invoice), VAT-inclusive for European customers billed in EUR
or GBP, with an occasional one-off amount; the others get log-normal amounts by tier, a quarter of them whole
numbers. Every invoice is open for its full amount before any bank line is applied.
"""

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from .dates import ISSUE_END, ISSUE_START
from .draws import random_id
from .model import Customer, Invoice
from .money import cents
from .numbering import Numberer

PLAN_PRICES = {"smb": ["29.00", "49.00", "79.00", "99.00", "149.00", "199.00", "249.00", "299.00", "499.00"],
               "mid": ["499.00", "750.00", "999.00", "1200.00", "1500.00", "2000.00", "2500.00", "4999.00"],
               "ent": ["5000.00", "7500.00", "10000.00", "12500.00", "25000.00", "40000.00"]}
LOG_MEAN = {"smb": 6.3, "mid": 8.3, "ent": 10.3}  # medians of about 545, 4 000 and 30 000
VAT = {"UK": Decimal("1.20"), "DE": Decimal("1.19"), "FR": Decimal("1.20"), "NL": Decimal("1.21"),
       "ES": Decimal("1.21"), "NORDIC": Decimal("1.25")}


def make_invoices(rng: random.Random, customers: list[Customer], numberer: Numberer) -> list[Invoice]:
    """All customers' invoices, customer by customer; each is also added to its customer's `invoices`."""
    invoices = []
    window_days = (ISSUE_END - ISSUE_START).days
    for customer in customers:
        count = rng.randint(1, 12)
        plan_price: Decimal | None = None
        if customer.plan:
            plan_price = Decimal(rng.choice(PLAN_PRICES[customer.tier])) * rng.choice([1, 1, 1, 2, 3, 5])
            if customer.currency in ("EUR", "GBP") and customer.country in VAT:
                plan_price = cents(plan_price * VAT[customer.country])
            dates = _monthly_dates(count, day_offset=rng.randint(0, 25))
        else:
            dates = sorted(ISSUE_START + dt.timedelta(days=rng.randint(0, window_days)) for _ in range(count))
        for issued in dates:
            if plan_price is not None and rng.random() > 0.15:
                amount = plan_price
            else:
                amount = _one_off_amount(rng, customer.tier)
            invoice_id = random_id(rng, "in_1", 23)
            number = numberer.next_number(customer.style, customer, issued)
            po = rng.choice(customer.pos) if customer.pos and rng.random() < 0.9 else ""
            invoice = Invoice(invoice_id=invoice_id, customer=customer, issued=issued,
                              due=issued + dt.timedelta(days=customer.terms), amount=cents(amount),
                              currency=customer.currency, number=number, po=po)
            invoices.append(invoice)
            customer.invoices.append(invoice)
    return invoices


def _monthly_dates(count: int, day_offset: int) -> list[dt.date]:
    """Monthly billing dates ending in the window's last month (March 2026); more than nine invoices spread
    over the nine months, two in some."""
    first_month = 9 - count if count <= 9 else 0
    dates = []
    for k in range(count):
        month_index = first_month + (k if count <= 9 else k * 9 // count)  # 0 = July 2025
        year, month = 2025 + (6 + month_index) // 12, (6 + month_index) % 12 + 1
        dates.append(dt.date(year, month, 1) + dt.timedelta(days=day_offset))
    return dates


def _one_off_amount(rng: random.Random, tier: str) -> Decimal:
    amount = cents(Decimal(str(round(rng.lognormvariate(LOG_MEAN[tier], 0.9), 2))))
    if rng.random() < 0.25:
        # quantize to Decimal("10") keeps its exponent 0: a whole amount, not a multiple of ten
        amount = cents(amount.quantize(Decimal("10"), ROUND_HALF_UP))
    return max(amount, Decimal("15.00"))


def count_amounts(invoices: list[Invoice]) -> dict[tuple[str, Decimal], int]:
    """How many invoices share each (currency, amount): amounts shared by two or more make a line ambiguous."""
    counts: dict[tuple[str, Decimal], int] = {}
    for invoice in invoices:
        key = (invoice.currency, invoice.amount)
        counts[key] = counts.get(key, 0) + 1
    return counts
