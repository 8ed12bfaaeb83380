"""Which invoices get paid, grouped into which bank lines, on which value dates.

Each customer pays each invoice with its own probability; batch payers pay 1-6 invoices per line, others
mostly one (7% two). The value date follows the customer's lag class around the due date (or 5-10 days after
issue for discount takers), moved to a business day. Lines dated after the statement end are not generated, so
those invoices stay open; at most twice as many lines as customers are kept.
"""

import datetime as dt
import random
from typing import NamedTuple

from .dates import STATEMENT_END, next_business_day
from .model import Customer, Invoice

# days from the due date
LAG_DAYS = {"early": (-12, -1), "on_due": (-2, 3), "late": (8, 45), "very_late": (45, 110)}


class Payment(NamedTuple):
    customer: Customer
    invoices: list[Invoice]
    value_date: dt.date


def plan_payments(rng: random.Random, customers: list[Customer], max_lines: int) -> list[Payment]:
    """The payments, at most `max_lines` of them (a random sample), in value-date then customer order."""
    groups = _groups(rng, customers)
    planned = []
    for customer, invoices in groups:
        value_date = _value_date(rng, customer, invoices)
        if value_date <= STATEMENT_END:
            planned.append(Payment(customer, invoices, value_date))
    rng.shuffle(planned)
    planned = planned[:max_lines]
    planned.sort(key=lambda p: (p.value_date, p.customer.idx))
    return planned


def _groups(rng: random.Random, customers: list[Customer]) -> list[tuple[Customer, list[Invoice]]]:
    groups = []
    for customer in customers:
        invoices = sorted(customer.invoices, key=lambda i: i.issued)
        chosen = [i for i in invoices if rng.random() < customer.pay_prob]
        k = 0
        while k < len(chosen):
            if customer.batch_payer:
                size = rng.choice([1, 2, 2, 3, 3, 4, 5, 6])
            else:
                size = 2 if rng.random() < 0.07 else 1
            groups.append((customer, chosen[k:k + size]))
            k += size
    return groups


def _value_date(rng: random.Random, customer: Customer, invoices: list[Invoice]) -> dt.date:
    """Paid after the latest invoice of the group is issued (at least a day after), by its latest due date."""
    issued = max(i.issued for i in invoices)
    due = max(i.due for i in invoices)
    if customer.lag_class == "discount_window":
        day = issued + dt.timedelta(days=rng.randint(5, 10))
    else:
        low, high = LAG_DAYS[customer.lag_class]
        day = due + dt.timedelta(days=rng.randint(low, high))
    return next_business_day(max(day, issued + dt.timedelta(days=1)))
