"""How billing systems number invoices and how procurement systems number purchase orders.

Used by `seeds.generate --numbering` and the cash-application benchmarks. Every format is taken from
the vendor's documentation (sources in seeds/README.md). Nothing here may be read by reconcilers/:
the matcher has to find these shapes in the data, not in this file.
"""

from __future__ import annotations

import random

NUMBERING_STYLES = ("demo", "stripe", "chargebee", "recurly", "maxio", "quickbooks", "zuora", "netsuite", "xero",
                    "sap", "custom")
BILLING_SYSTEM_STYLES = NUMBERING_STYLES[1:]  # what "mixed" draws from, one style per customer
NUMBERING_CHOICES = NUMBERING_STYLES + ("mixed",)


class Numbering:
    """Invoice numbers in issue order, in one billing system's style (or one style per customer when
    `mixed`, as after an acquisition). Numbers are unique: a clash between two systems' sequences
    takes the next number, as the second system would have refused the duplicate."""

    def __init__(self, style: str, rng: random.Random, prefix: str | None = None) -> None:
        if style not in NUMBERING_CHOICES:
            raise ValueError(f"unknown numbering style {style!r}: choose from {', '.join(NUMBERING_CHOICES)}")
        # a custom prefix holding {seq} is the whole number's pattern (an ERP's or in-house sequence)
        self.pattern = prefix if prefix and "{seq" in prefix else None
        self.style, self.rng, self.prefix = style, rng, None if self.pattern else prefix
        if self.pattern:
            try:
                self.pattern.format(seq=1, year=2026, yy=26)
            except (KeyError, IndexError, ValueError) as error:
                raise ValueError(f"numbering pattern {prefix!r}: only {{seq}}, {{year}} and {{yy}} with a format "
                                 f"spec such as {{seq:05d}} can be used ({error!r})") from None
        self._style_of: dict[str, str] = {}
        self._customer_prefix: dict[str, str] = {}
        self._prefixes_taken: set[str] = set()
        self._counters: dict[tuple, int] = {}
        self._used: set[str] = set()

    def style_for(self, customer: str) -> str:
        if self.style != "mixed":
            return self.style
        if customer not in self._style_of:
            self._style_of[customer] = self.rng.choice(BILLING_SYSTEM_STYLES)
        return self._style_of[customer]

    def next_number(self, customer: str, year: int) -> str:
        style = self.style_for(customer)
        number = self._draw(style, customer, year)
        while number in self._used:
            number = self._draw(style, customer, year)
        self._used.add(number)
        return number

    def _next(self, key: tuple, first: int) -> int:
        self._counters[key] = self._counters.get(key, first - 1) + 1
        return self._counters[key]

    def _draw(self, style: str, customer: str, year: int) -> str:
        if style == "demo":
            return f"INV-{year}-{self._next(('demo', year), 1):06d}"
        if style == "stripe":  # per-customer prefix, per-customer sequence
            return f"{self._stripe_prefix(customer)}-{self._next(('stripe', customer), 1):04d}"
        if style == "chargebee":  # starts at 1; prefix and separator configurable (INV- here, '' for bare numbers)
            return f"{'INV-' if self.prefix is None else self.prefix}{self._next(('chargebee',), 1)}"
        if style == "recurly":  # one site-wide sequence from 1000, no prefix
            return str(self._next(("recurly",), 1000))
        if style == "maxio":  # one site-wide sequence from 1, no prefix: the API's `number` is the sequence as text
            return str(self._next(("maxio",), 1))
        if style == "quickbooks":  # auto-numbered from 1001
            return str(self._next(("quickbooks",), 1001))
        if style == "zuora":  # default prefix INV, 8 digits
            return f"INV{self._next(('zuora',), 1):08d}"
        if style == "netsuite":  # prefix INV, no separator, no minimum digits
            return f"INV{self._next(('netsuite',), 10001)}"
        if style == "xero":  # INV- and at least 4 digits
            return f"INV-{self._next(('xero',), 1):04d}"
        if style == "sap":  # billing documents: 10-character number from the 90000000 interval
            return str(self._next(("sap",), 9000010001))
        if self.pattern:  # a sequence from 1, one per year when the pattern names the year
            per_year = year if "{year" in self.pattern or "{yy" in self.pattern else None
            return self.pattern.format(seq=self._next(("custom", per_year), 1), year=year, yy=year % 100)
        prefix = self.prefix or "ACME"  # custom: home-grown, company prefix, 2-digit year, 5 digits
        return f"{prefix}-{year % 100:02d}-{self._next(('custom', year), 1):05d}"

    def _stripe_prefix(self, customer: str) -> str:
        if customer not in self._customer_prefix:
            while (prefix := f"{self.rng.getrandbits(32):08X}") in self._prefixes_taken:
                pass
            self._prefixes_taken.add(prefix)
            self._customer_prefix[customer] = prefix
        return self._customer_prefix[customer]


def po_number(rng: random.Random) -> str:
    """A customer's own purchase-order number, in one of the shapes procurement systems print."""
    n = rng.randint(10000, 999999)
    return rng.choice((f"PO-{n:06d}", f"PO{n}", f"45{rng.randint(0, 99999999):08d}", str(n),
                       f"P{rng.randint(20, 26)}-{n % 100000:05d}"))
