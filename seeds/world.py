"""The clean demo world: accounts, contracts, billing that follows the contracts exactly.

Everything here is consistent with the data contract's rules, so on its own it produces no
leakage, sync or tax finding; seeds.defects then injects the known defects.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from contract.money import money
from seeds import catalog
from seeds.numbering import Numbering, po_number
from seeds.records import Account, Contract, ContractLine, IdMaker, Invoice, InvoiceLine, expected_tax_rate
from seeds.util import ZERO, add_months, at, iso_ts

SEGMENT_WEIGHTS = (("smb", 40), ("mid_market", 30), ("enterprise", 20), ("strategic", 10))
FREQUENCY_BY_SEGMENT = {
    "smb": (("monthly", 8), ("quarterly", 2)),
    "mid_market": (("monthly", 4), ("quarterly", 4), ("semiannual", 1), ("annual", 1)),
    "enterprise": (("quarterly", 3), ("semiannual", 2), ("annual", 4), ("monthly", 1)),
    "strategic": (("annual", 6), ("quarterly", 3), ("semiannual", 1)),
}
SEATS_BY_SEGMENT = {"smb": (3, 25), "mid_market": (20, 120), "enterprise": (100, 600), "strategic": (300, 2000)}
DISCOUNTS_BY_SEGMENT = {"smb": ("0", "0", "0", "5"), "mid_market": ("0", "5", "10", "10"),
                        "enterprise": ("10", "15", "20", "12.5"), "strategic": ("20", "25", "30")}
TERMS_BY_SEGMENT = {"smb": (15, 30), "mid_market": (30, 30, 45), "enterprise": (30, 45, 60), "strategic": (45, 60)}


def pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


class World:
    """Builds the clean world for one seed and as_of date."""

    def __init__(self, seed: int, as_of: date, n_accounts: int, months_back: int = 18) -> None:
        self.rng = random.Random(seed)
        self.ids = IdMaker(self.rng)
        self.as_of = as_of
        self.window_start = add_months(as_of, -months_back)
        self.accounts: list[Account] = []
        self.contracts: list[Contract] = []
        self.invoices: list[Invoice] = []
        self.usage_units: dict[tuple[str, date], int] = {}  # (contract_id, period_start) -> units
        self.events: list[dict[str, str]] = []
        self._build_accounts(n_accounts)
        # Accounts whose only contract just ended unrenewed: the candidates for "auto-renew past end".
        self.recently_ended_accounts = self.accounts[13:17]
        for account in self.accounts:
            self._build_contracts(account)
        self._build_usage_events()
        self._build_invoices()

    # -- CRM -------------------------------------------------------------------------------------
    def _build_accounts(self, n: int) -> None:
        rng = self.rng
        names: set[str] = set()
        for i in range(n):
            country = pick(rng, catalog.COUNTRY_WEIGHTS)
            # The first accounts pin the tax situations the demo must show.
            pinned = {0: ("DE", True), 1: ("FR", True), 2: ("NL", True), 3: ("IE", True), 4: ("US", False),
                      5: ("US", False), 6: ("HK", False), 7: ("JP", False)}
            if i in pinned:
                country = pinned[i][0]
            region = rng.choice(catalog.US_STATES) if country == "US" else ""
            if i in (8, 9, 10):
                country, region = "US", "CA"
            if i in (11, 12):
                country, region = "US", "TX"
            for _ in range(50):
                base = f"{rng.choice(catalog.NAME_FIRST)} {rng.choice(catalog.NAME_SECOND)}"
                if base not in names:
                    break
            else:  # the catalogue's distinct pairs are used up (large --accounts): a number keeps names unique
                base = next(candidate for k in range(2, n + 2) if (candidate := f"{base} {k}") not in names)
            names.add(base)
            name = f"{base} {rng.choice(catalog.LEGAL_SUFFIX[country])}"
            segment = pick(rng, SEGMENT_WEIGHTS) if i >= 4 else ("enterprise", "strategic")[i % 2]
            created = self.window_start - timedelta(days=rng.randint(30, 400))
            account = Account(
                account_id=self.ids.counter("001A", 6), name=name, segment=segment, country=country,
                region=region, owner_email=f"{rng.choice(catalog.OWNERS)}@billops.example",
                created_at=iso_ts(at(created, rng.randint(0, 86399))),
                currency=catalog.CURRENCY_OF_COUNTRY[country],
            )
            is_eu_business = country in catalog.EU_COUNTRIES and (i in (0, 1, 2, 3) or rng.random() < 0.6)
            if is_eu_business:
                account.tax_id = f"{country}{rng.randint(100000000, 999999999)}"
            account.tax_exempt = i in (4, 5)
            account.autopay = rng.random() < (0.7 if segment in ("smb", "mid_market") else 0.15)
            account.customer_id = self.ids.random("cus")
            self.accounts.append(account)

    def _lines_for(self, account: Account, contract_id: str, first: bool, has_usage: str | None,
                   previous: Contract | None) -> list[ContractLine]:
        rng, cur = self.rng, account.currency
        if previous is not None:  # renewal: same products, seat growth and a price uplift
            lines = []
            for old in previous.lines:
                if old.charge_type == "one_time":
                    continue
                qty = old.quantity if old.charge_type != "recurring" or old.quantity == 1 else \
                    max(1, old.quantity + rng.randint(-old.quantity // 10, old.quantity // 4))
                uplift = money(old.unit_price * Decimal("1.05"), cur) if old.charge_type == "recurring" else old.unit_price
                lines.append(ContractLine(self.ids.counter("CL-", 7), old.product_code, old.charge_type, qty,
                                          uplift, old.discount_pct))
            return lines
        low, high = SEATS_BY_SEGMENT[account.segment]
        pct = Decimal(rng.choice(DISCOUNTS_BY_SEGMENT[account.segment]))
        seat_product = "SEATS-PRO" if rng.random() < 0.4 else "SEATS-STD"
        lines = [ContractLine(self.ids.counter("CL-", 7), seat_product, "recurring", rng.randint(low, high),
                              catalog.list_price(catalog.RECURRING_PRODUCTS[seat_product], cur), pct)]
        if account.segment in ("enterprise", "strategic") and rng.random() < 0.6:
            lines.append(ContractLine(self.ids.counter("CL-", 7), "PLATFORM", "recurring", 1,
                                      catalog.list_price(catalog.RECURRING_PRODUCTS["PLATFORM"], cur), pct))
        if has_usage:
            lines.append(ContractLine(self.ids.counter("CL-", 7), has_usage, "usage", 0, ZERO, ZERO))
        if first and rng.random() < 0.6:
            product = "IMPLEMENTATION" if account.segment in ("enterprise", "strategic") else "SETUP"
            lines.append(ContractLine(self.ids.counter("CL-", 7), product, "one_time", 1,
                                      catalog.list_price(catalog.ONE_TIME_PRODUCTS[product], cur),
                                      Decimal(rng.choice(("0", "0", "50")))))
        return lines

    def _new_contract(self, account: Account, contract_type: str, renewed_from: str, start: date, end: date,
                      frequency: str, auto_renew: bool, po_number: str, lines_from: Contract | None,
                      usage: str | None) -> Contract:
        rng = self.rng
        contract_id = self.ids.counter("800C", 6)
        signed = start - timedelta(days=rng.randint(3, 40))
        contract = Contract(
            contract_id=contract_id, account=account, contract_type=contract_type, renewed_from=renewed_from,
            start=start, end=end, frequency=frequency, terms_days=rng.choice(TERMS_BY_SEGMENT[account.segment]),
            auto_renew=auto_renew, po_number=po_number, status="active",
            signed_at=iso_ts(at(signed, rng.randint(28800, 64800))),
        )
        contract.lines = self._lines_for(account, contract_id, contract_type == "new", usage, lines_from)
        contract.subscription_id = self.ids.random("sub")
        self.contracts.append(contract)
        return contract

    def _po(self, account: Account) -> str:
        needs_po = account.segment in ("enterprise", "strategic") or self.rng.random() < 0.2
        return f"PO-{self.rng.randint(100000, 999999)}" if needs_po else ""

    def _build_contracts(self, account: Account) -> None:
        rng, as_of = self.rng, self.as_of
        frequency = pick(rng, FREQUENCY_BY_SEGMENT[account.segment])
        usage = rng.choice(tuple(catalog.USAGE_TIERS)) if frequency in ("monthly", "quarterly") and rng.random() < 0.6 else None
        first_start = as_of - timedelta(days=rng.randint(20, 540))
        recently_ended = account in self.recently_ended_accounts
        if recently_ended:  # a single term that ended 10-60 days ago and was not renewed
            frequency, usage = rng.choice(("quarterly", "annual")), None
            first_start = add_months(as_of - timedelta(days=rng.randint(10, 60)), -12) + timedelta(days=1)
        start = first_start.replace(day=min(first_start.day, 28))
        previous: Contract | None = None
        chain: list[Contract] = []
        while start <= as_of:
            end = add_months(start, 12) - timedelta(days=1)
            contract = self._new_contract(
                account, "renewal" if previous else "new", previous.contract_id if previous else "", start, end,
                frequency, rng.random() < 0.7, self._po(account), previous, usage)
            chain.append(contract)
            if end >= as_of:
                break
            fate = 0.8 if recently_ended else rng.random()
            if fate < 0.75:  # renewed
                contract.status = "expired"
                previous, start = contract, end + timedelta(days=1)
                continue
            if fate < 0.88:
                contract.status, contract.auto_renew = "expired", False
            else:  # cancelled at a period boundary (or at term end for annual contracts)
                periods = contract.periods()
                contract.end = periods[rng.randint(0, len(periods) - 1)][1]
                contract.status = "cancelled"
            break
        self._maybe_expansion(account, chain)

    def _maybe_expansion(self, account: Account, chain: list[Contract]) -> None:
        """An add-on co-terminous with its base contract: its last period is partial (prorated by days)."""
        rng = self.rng
        candidates = [c for c in chain if c.frequency in ("monthly", "quarterly")
                      and (min(c.end, self.as_of) - c.start).days > 120]
        if not candidates or rng.random() > 0.3:
            return
        base = rng.choice(candidates)
        start = base.start + timedelta(days=rng.randint(35, 100))
        if start.day == base.start.day:
            start += timedelta(days=3)
        start = start.replace(day=min(start.day, 28))
        expansion = Contract(
            contract_id=self.ids.counter("800C", 6), account=account, contract_type="expansion", renewed_from="",
            start=start, end=base.end, frequency=base.frequency, terms_days=base.terms_days, auto_renew=False,
            po_number=base.po_number, status="active" if base.end >= self.as_of else "expired",
            signed_at=iso_ts(at(start - timedelta(days=rng.randint(2, 20)), rng.randint(28800, 64800))),
        )
        cur = account.currency
        expansion.lines = [ContractLine(self.ids.counter("CL-", 7), "ADDON-SSO", "recurring", 1,
                                        catalog.list_price(catalog.RECURRING_PRODUCTS["ADDON-SSO"], cur),
                                        Decimal(rng.choice(("0", "10"))))]
        expansion.subscription_id = self.ids.random("sub")
        self.contracts.append(expansion)

    # -- usage -----------------------------------------------------------------------------------
    def _build_usage_events(self) -> None:
        rng, as_of = self.rng, self.as_of
        for contract in self.contracts:
            line = contract.usage_line()
            if line is None:
                continue
            per_day = rng.choice((0.5, 1.0, 2.0, 4.0))
            typical = rng.choice((5, 12, 30, 80)) if line.product_code == "API-CALLS" else rng.choice((3, 10, 40))
            for start, end in contract.periods():
                if start >= as_of:
                    break
                last = min(end, as_of - timedelta(days=1))
                days = (last - start).days + 1
                count = max(1, int(days * per_day * (0.6 + 0.8 * rng.random())))
                units = 0
                for _ in range(count):
                    qty = rng.randint(1, 2 * typical)
                    moment = at(start, rng.randint(0, days * 86400 - 1))
                    self.events.append({"event_id": self.ids.counter("evt_", 9), "customer_id": contract.account.customer_id,
                                        "product_code": line.product_code, "quantity": str(qty),
                                        "occurred_at": iso_ts(moment)})
                    units += qty
                self.usage_units[(contract.contract_id, start)] = units
        self.events.sort(key=lambda e: (e["occurred_at"], e["event_id"]))

    # -- billing ---------------------------------------------------------------------------------
    def line_tax(self, account: Account, amount: Decimal, rate: Decimal | None = None) -> Decimal:
        return money(amount * (expected_tax_rate(account) if rate is None else rate), account.currency)

    def make_line(self, contract: Contract, product: str, charge_type: str, period: tuple[date, date],
                  quantity: Decimal | int, unit_price: Decimal, discount_pct: Decimal) -> InvoiceLine:
        cur = contract.currency
        line = InvoiceLine(self.ids.random("il"), product, charge_type, period[0], period[1], Decimal(quantity),
                           unit_price, ZERO)
        line.discount_amount = money(line.gross * discount_pct / 100, cur)
        line.tax_amount = self.line_tax(contract.account, line.amount)
        return line

    def recurring_lines(self, contract: Contract, period: tuple[date, date]) -> list[InvoiceLine]:
        start, end = period
        months = contract.months
        full_end = add_months(start, months) - timedelta(days=1)
        lines = []
        for cl in contract.lines:
            if cl.charge_type != "recurring":
                continue
            if end == full_end:
                unit_price = money(cl.unit_price * months, contract.currency)
            else:  # partial final period: prorated by days (only quantity-1 add-ons end off-boundary)
                share = Decimal((end - start).days + 1) / Decimal((full_end - start).days + 1)
                unit_price = money(cl.unit_price * months * share, contract.currency)
            lines.append(self.make_line(contract, cl.product_code, "recurring", period, cl.quantity, unit_price,
                                        cl.discount_pct))
        return lines

    def usage_lines(self, contract: Contract, usage_period: tuple[date, date]) -> list[InvoiceLine]:
        line = contract.usage_line()
        if line is None:
            return []
        units = self.usage_units.get((contract.contract_id, usage_period[0]), 0)
        return [self.make_line(contract, line.product_code, "usage", usage_period, qty, price, line.discount_pct)
                for qty, price in catalog.rate_usage(line.product_code, contract.currency, units)]

    def new_invoice(self, contract: Contract, period: tuple[date, date], lines: list[InvoiceLine], issue: date,
                    kind: str = "regular") -> Invoice:
        rng = self.rng
        issued = at(issue, rng.randint(3600, 7 * 3600))
        invoice = Invoice(self.ids.random("in"), contract, period[0], period[1], iso_ts(issued), issue, lines, kind=kind)
        channel = "edi" if contract.account.segment == "strategic" else rng.choice(("email", "email", "portal"))
        invoice.delivery_channel = channel
        late = rng.random() < 0.05
        delivered = issued + timedelta(days=rng.randint(6, 12)) if late else issued + timedelta(minutes=rng.randint(1, 90))
        if delivered.date() < self.as_of and rng.random() > 0.01:
            invoice.delivered_at = iso_ts(delivered)
        self.invoices.append(invoice)
        return invoice

    def _build_invoices(self) -> None:
        as_of = self.as_of
        for contract in self.contracts:
            if not contract.has_subscription:
                continue
            periods = contract.periods()
            for k, period in enumerate(periods):
                if period[0] > as_of:
                    break
                lines = self.recurring_lines(contract, period)
                if k == 0:
                    lines += [self.make_line(contract, cl.product_code, "one_time", period, cl.quantity, cl.unit_price,
                                             cl.discount_pct) for cl in contract.lines if cl.charge_type == "one_time"]
                if k > 0:
                    lines += self.usage_lines(contract, periods[k - 1])
                self.new_invoice(contract, period, lines, period[0])
            last = periods[-1]
            closing_day = last[1] + timedelta(days=1)
            if contract.usage_line() and closing_day <= as_of:
                lines = self.usage_lines(contract, last)
                if lines:
                    self.new_invoice(contract, last, lines, closing_day, kind="closing")

    def number_invoices(self, numbering: Numbering | None = None, po_rng: random.Random | None = None) -> None:
        """Numbers in issue order in the billing system's style (the demo's: INV-<year>-<sequence>
        across all customers). With po_rng, each customer's PO numbers take the shape of its own
        procurement system instead of the demo's PO-<6 digits>."""
        numbering = numbering or Numbering("demo", self.rng)
        for invoice in sorted(self.invoices, key=lambda i: (i.issued_at, i.invoice_id)):
            invoice.invoice_number = numbering.next_number(invoice.contract.account.customer_id,
                                                           invoice.issue_date.year)
        if po_rng is not None:
            reshaped: dict[str, str] = {}
            for contract in self.contracts:
                if contract.po_number:
                    contract.po_number = reshaped.setdefault(contract.po_number, po_number(po_rng))
