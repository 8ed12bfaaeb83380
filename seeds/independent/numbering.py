"""Invoice numbers as eleven billing systems make them (sources for each style in README.md).

In `mixed` numbering each customer gets a style, but the counters are per style and seller-wide, and all
bare-integer counters start near 1000: `1042`, `INV-1042`, `SI-1042` and `CB-1042` then share digits across
customers, which is what makes number matching hard. Exact duplicate strings are skipped (the counter moves on,
as Recurly does after a failed charge), so invoice_number stays unique within a run. Stripe (per-customer
sequence) and Odoo (yearly reset) repeat their numeric tails on purpose.
"""

import datetime as dt
import random

from .model import Customer

STYLES = ["stripe", "quickbooks", "zuora", "netsuite", "xero", "sap",
          "chargebee", "recurly", "freshbooks", "sage", "odoo"]
MIX_WEIGHTS = [20, 15, 8, 10, 10, 7, 7, 6, 5, 5, 7]
NUMBERINGS = STYLES + ["mixed"]


class Numberer:
    """The seller's invoice-number counters; the run-level settings (start numbers, prefixes, padding) are
    drawn once, as a seller configures its billing system once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.counters = {
            "quickbooks": rng.randint(1001, 1400),
            "zuora": rng.randint(800, 3000),
            "netsuite": rng.randint(10000, 14000),
            "xero": rng.randint(1, 400),
            "sap": rng.randint(10000, 90000),
            "chargebee": rng.choice([1, 10001, 50001, 100001]) + rng.randint(0, 300),
            "recurly": 1000 + rng.randint(0, 600),
            "freshbooks": rng.randint(1, 300),
            "sage": rng.randint(1, 900),
        }
        self.chargebee_prefix = rng.choice(["", "CB-", "INV-"])
        self.chargebee_digits = rng.choice([0, 6])
        self.netsuite_prefix = rng.choice(["INV", "INV", "IN-", "INV-"])
        # the company-prefix draw is spent even when a plain INV is chosen
        self.zuora_prefix = rng.choice(["INV", "INV", "INV", rng.choice(["GH", "AC", "BW"]) + "INV"])
        self.odoo_counters: dict[int, int] = {}
        self.stripe_prefixes: set[str] = set()

    def stripe_prefix(self) -> str:
        """A new customer's Stripe prefix: 8 hex characters, unique, never all digits (it would read as a
        bare number)."""
        while True:
            prefix = "".join(self.rng.choice("0123456789ABCDEF") for _ in range(8))
            if prefix not in self.stripe_prefixes and not prefix.isdigit():
                self.stripe_prefixes.add(prefix)
                return prefix

    def _format(self, style: str, n: int) -> str:
        if style in ("quickbooks", "recurly"):
            return str(n)
        if style == "zuora":
            return f"{self.zuora_prefix}{n:08d}"
        if style == "netsuite":
            return f"{self.netsuite_prefix}{n}"
        if style == "xero":
            return f"INV-{n:04d}"
        if style == "sap":
            return str(9000000000 + n)
        if style == "chargebee":
            if self.chargebee_digits:
                return f"{self.chargebee_prefix}{n:0{self.chargebee_digits}d}"
            return f"{self.chargebee_prefix}{n}"
        if style == "freshbooks":
            return f"{n:07d}"
        if style == "sage":
            return f"SI-{n}"
        raise ValueError(style)

    def next_number(self, style: str, customer: Customer, issued: dt.date) -> str:
        """The next invoice number in the style; Stripe counts per customer, Odoo per year."""
        if style == "stripe":
            customer.stripe_seq += 1
            number = f"{customer.stripe_prefix}-{customer.stripe_seq:04d}"
            self.used.add(number)
            return number
        if style == "odoo":
            year = issued.year
            self.odoo_counters[year] = self.odoo_counters.get(year, 0) + 1
            number = f"INV/{year}/{self.odoo_counters[year]:05d}"
            self.used.add(number)
            return number
        while True:
            n = self.counters[style]
            self.counters[style] += 1
            number = self._format(style, n)
            if number not in self.used:  # skipped numbers happen in real systems too
                self.used.add(number)
                return number


def split_trailing_digits(number: str) -> tuple[str, str]:
    """(prefix with its separators, trailing digit run): "INV-0042" -> ("INV-", "0042")."""
    i = len(number)
    while i > 0 and number[i - 1].isdigit():
        i -= 1
    return number[:i], number[i:]
