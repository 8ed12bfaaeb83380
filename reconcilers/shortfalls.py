"""What a payment's amount says against a customer's open invoices when it is not their sum: a
fee taken on the way (the fee tolerance, the customer's usual short pay, a bank charge's size), an
early-payment discount, an instalment, or the invoices paid over. The matcher's arithmetic of
money, its fees and its shortfalls; reconcilers.plans builds on it. Money is integer thousandths of
the major unit ("milli")."""

from __future__ import annotations

from contract.money import minor_units
from reconcilers.habits import Habits
from reconcilers.pairing import issued_by
from reconcilers.plan_types import Invoices, Plan, money
from reconcilers.subset_sum import subsets_in_windows, subsets_summing_to
from reconcilers.withholding import Share, describe, paid_net, shares_of, withholding, withholding_and_charge

UNKNOWN_GAP = 10**6  # days between a due date and a value date when either is missing
# early-payment discounts, per mille of the invoice: 1/10, 1.5/10, 2/10, 2.5/10 and 3/10 net 30 terms
DISCOUNT_RATES = (10, 15, 20, 25, 30)
# what a shortfall is, most telling first, and how a review note says it
SHORTFALL_KINDS = {
    "usual": "this customer's usual short pay (learned habit)",
    "tariff": "a bank charge's size",
    "withheld": "a tax the customer withheld",
    "discount": "an early-payment discount on the total",
    "within": "up to the fee tolerance (beyond its share, or over several invoices)",
}
MAX_FEE_SHORT_SUBSETS = 16  # combinations a payment short by a fee is compared over; more: none is telling
# days after the issue date an early-payment discount is there to take: 2/10, 1/15 and 2/20 terms
# and a few days of a payment on its way
DISCOUNT_WINDOW_DAYS = 20


class Shortfalls:
    """The amounts half of the matcher (reconcilers.plans.Matcher): the payer's invoices, the
    settings and the learned habits it reads a payment's amount against."""

    def __init__(self, invoices: Invoices, settings, habits: Habits) -> None:
        self.inv = invoices
        self.settings = settings
        self.habits = habits
        self.fee_milli = int(settings.bank_fee_tolerance * 1000)

    def fee_limit(self, currency: str) -> int:
        """The fee tolerance is set as in a two-decimal currency and means that many minor units
        elsewhere: 25.00 is JPY 2500 (a Japanese bank's lifting fee), not JPY 25."""
        decimals = minor_units(currency)
        return self.fee_milli * 10 ** (2 - decimals) if decimals <= 2 else self.fee_milli // 10 ** (decimals - 2)

    def minor_unit(self, currency: str) -> int:
        """The currency's smallest amount in milli: 10 for USD, 1000 for JPY, 1 for KWD."""
        return 10 ** (3 - min(minor_units(currency), 3))

    def wire_fee_size(self, currency: str) -> int:
        """What a wire fee can come to: about twice the tolerance. A shortfall or an excess this
        small is a fee taken or a fee the payer added, not another invoice."""
        return 2 * self.fee_limit(currency)

    def fee_tolerance(self, open_milli: int, currency: str, limit: int | None = None) -> int:
        """How short of an invoice a payment may be for a fee: the limit (the fee tolerance unless
        given) and at most the tolerance's share of the invoice."""
        limit = self.fee_limit(currency) if limit is None else limit
        return min(limit, int(open_milli * self.settings.bank_fee_tolerance_pct / 100))

    def short_reason(self, idxs: list[int] | tuple[int, ...], short: int) -> str | None:
        """Why a payment short by `short` still settles these invoices: the bank fee tolerance, or
        the customer's usual short pay (learned habit, any size)."""
        open_total = sum(self.inv.open_milli[i] for i in idxs)
        customer, currency = self.inv.customers[idxs[0]], self.inv.currencies[idxs[0]]
        if short > 0 and all(self.inv.customers[i] == customer for i in idxs) \
                and self.habits.usual_short(customer, currency, short):
            return f"short by {money(short)}, this customer's usual short pay (learned habit); residual left open"
        if 0 < short <= self.fee_tolerance(open_total, currency):
            return f"short by {money(short)} (bank fee tolerance); residual left open"
        return None

    def allocate(self, amount: int, invoice_idxs: list[int] | tuple[int, ...]) -> list[tuple[int, int]]:
        allocations, left = [], amount
        for idx in sorted(invoice_idxs, key=lambda i: self.inv.due_rank[i]):
            take = min(left, self.inv.open_milli[idx])
            if take > 0:
                allocations.append((idx, take))
            left -= take
        return allocations

    def explain_amount(self, amount: int, candidates: list[int], max_items: int, slack: int = 0
                       ) -> list[tuple[int, ...]]:
        """Subsets of candidates (one invoice, or a bounded subset) whose open amounts add up to
        amount (up to amount + slack: short paid); at most two, since callers only need to know
        whether the answer is unique."""
        opens = [self.inv.open_milli[i] for i in candidates]
        singles = [(candidates[k],) for k, value in enumerate(opens) if amount <= value <= amount + slack]
        if singles or max_items < 2:
            return singles[:2]
        return [tuple(candidates[k] for k in combo)
                for combo in subsets_summing_to(opens, amount, max_items, 2, self.settings.max_subset_candidates, slack)]

    def closeness(self, idx: int, value_day: int | None) -> tuple[int, int]:
        """Days between the invoice's due date (plus the customer's usual lag, a learned habit) and
        the payment's value date (payers pay around the due date), then the due order."""
        due_day = self.inv.due_days[idx]
        lag = self.habits.lag(self.inv.customers[idx])
        gap = abs(due_day + lag - value_day) if due_day is not None and value_day is not None else UNKNOWN_GAP
        return gap, self.inv.due_rank[idx]

    def near_plan(self, amount: int, open_idxs: list[int], value_day: int | None) -> Plan | None:
        """Nothing adds up exactly: the invoice or invoices closest to the amount, for review.
        One or several invoices paid short (fee_short_subsets), a larger one short by a wire fee's
        or a discount's size, several paid over by a fee added, an instalment of a larger one
        (partial_plan), or a smaller one paid over; of several invoices of the closest amount, the
        one due nearest the value date."""
        opens, currency = self.inv.open_milli, self.inv.currencies[open_idxs[0]]
        fee_size = self.wire_fee_size(currency)
        kinds = self.fee_short_kinds(amount, open_idxs)
        kind, found = _first_kind(kinds)
        if found and all(len(combo) == 1 for combo in found):  # one of several invoices: the one due nearest
            found = sorted(found, key=lambda combo: self.closeness(combo[0], value_day))
        if found:
            short = sum(opens[i] for i in found[0]) - amount
            # one combination less an early-payment discount, paid while the discount was there to
            # take: what the payer took, not a guess (any other shortfall's size is a setting's)
            taken = kind == "discount" and len(found) == 1 and self.in_discount_window(found[0], value_day)
            # or the one combination short by a tax withheld, a statutory share to the minor unit
            withheld = self.withheld(found[0], short) if kind == "withheld" and len(found) == 1 else None
            if withheld:
                return Plan(self.allocate_withheld(amount, found[0]) or self.allocate(amount, found[0]), "short_pay",
                            0.92, withheld + "; residual left open", amount_explained=True)
            # the one combination short by anything, by a bank's charge, a run of the payer's
            # invoices in due order (those an AP run pays together): one wire, one charge
            run = kind == "tariff" and sum(map(len, kinds.values())) == 1 and len(found[0]) > 1 \
                and self.a_run(found[0], open_idxs)
            return Plan(self.allocate(amount, found[0]), "short_pay",
                        0.92 if taken else 0.91 if run else 0.75 if len(found) == 1 else 0.6,
                        f"short by {money(short)} over these invoices, {SHORTFALL_KINDS[kind]}"
                        + (f", paid within {DISCOUNT_WINDOW_DAYS} days of issue" if taken else "")
                        + (", invoices next to each other in due order" if run else "")
                        + "; residual left open", amount_explained=taken)
        under = min((i for i in open_idxs if opens[i] < amount),
                    key=lambda i: (-opens[i], self.closeness(i, value_day)), default=None)
        over = min((i for i in open_idxs if opens[i] > amount), key=lambda i: (opens[i], self.closeness(i, value_day)),
                   default=None)
        # a shortfall of a wire fee's size or of an early-payment discount's (2/10 net 30), if nearer,
        # before an overpayment of this or another customer: 1,170.00 from a payer owing 499.00 and
        # 1,200.00; 9,800.00 from one owing 2,500.00 and 10,000.00
        short = opens[over] - amount if over is not None else 0
        fee_sized = over is not None and short <= fee_size
        rate = self.discount_rate(short, opens[over], currency) if over is not None else None
        discount_sized = rate is not None
        if over is not None and (under is None or (fee_sized or discount_sized) and short < amount - opens[under]):
            # a discount's size below a fee's, and below another customer's fee-sized explanation
            return Plan(self.allocate(amount, [over]), "short_pay", 0.68 if fee_sized else 0.64 if discount_sized else 0.6,
                        f"short by {money(short)} against the closest open invoice, beyond the bank fee tolerance"
                        + (" but of a wire fee's size" if fee_sized else f" but {rate / 10:g}% of it: an early-payment "
                           "discount?" if discount_sized else "") + "; residual left open")
        paid_over = [s for s in self.explain_amount(amount - fee_size, open_idxs, self.settings.max_subset_invoices,
                                                    slack=fee_size) if len(s) > 1] if amount > fee_size else []
        if paid_over:  # several invoices and a wire fee's size more: a payer adding the fee it expects taken
            excess = amount - sum(opens[i] for i in paid_over[0])
            return Plan(self.allocate(amount, paid_over[0]), "overpayment", 0.65 if len(paid_over) == 1 else 0.6,
                        f"paid {money(excess)} more than these {len(paid_over[0])} open invoices; remainder unapplied")
        partial = self.partial_plan(amount, [i for i in open_idxs if opens[i] > amount], value_day) \
            if over is not None and (under is None or amount - opens[under] > fee_size) else None
        if partial:
            return partial
        if under is not None:  # paid over by a wire fee's size (a fee added) before by more, here or elsewhere
            excess = amount - opens[under]
            fee_over = excess <= fee_size
            # one invoice of that amount and none larger within a wire fee: as sure as a fee short
            alone = self.fee_added(excess, opens[under], currency) and (over is None or short > fee_size) \
                and not any(opens[i] == opens[under] for i in open_idxs if i != under)
            return Plan(self.allocate(amount, [under]), "overpayment", 0.91 if alone else 0.66 if fee_over else 0.65,
                        f"paid {money(excess)} more than the closest open invoice"
                        + (", a bank charge's size the payer added" if alone else ", a wire fee's size" if fee_over
                           else "") + "; remainder unapplied")
        return None

    def partial_plan(self, amount: int, larger: list[int], value_day: int | None) -> Plan | None:
        """A payment below open invoices, far from any smaller one, that looks like an instalment:
        a half, third or quarter of one of them (that one), or a round sum (a multiple of four fee
        tolerances: 100.00, JPY 10,000) paid on account (the one due nearest the value date). Any
        other amount is as likely a smaller invoice paid over (5% and a fee added)."""
        opens = self.inv.open_milli
        instalment = self.instalment_of(amount, larger)
        if not instalment and amount % (4 * self.fee_limit(self.inv.currencies[larger[0]])):
            return None
        idx = min(instalment or larger, key=lambda i: self.closeness(i, value_day))
        return Plan(self.allocate(amount, [idx]), "partial", 0.62 if len(instalment) == 1 else 0.6,
                    f"paid {money(amount)} of {money(opens[idx])}"
                    + (f", 1/{self.instalment_share(amount, idx)} of it" if instalment else ", a round sum on account: a part "
                       "payment of the invoice due nearest the value date") + "; residual left open")

    def in_discount_window(self, idxs: tuple[int, ...], value_day: int | None) -> bool:
        """Paid within DISCOUNT_WINDOW_DAYS of the latest of the invoices' issue dates."""
        issued = [self.inv.issued_days[i] for i in idxs]
        return value_day is not None and None not in issued and 0 <= value_day - max(issued) <= DISCOUNT_WINDOW_DAYS

    def instalment_of(self, amount: int, idxs: list[int]) -> list[int]:
        """The invoices the amount is a half, third or quarter of (instalment_share)."""
        return [i for i in idxs if self.instalment_share(amount, i)]

    def instalment_share(self, amount: int, idx: int) -> int | None:
        """2, 3 or 4 when the amount is a half, third or quarter of the invoice's open amount, to the
        minor unit (a half of 1,578.65 is paid as 789.33 or 789.32)."""
        open_milli, unit = self.inv.open_milli[idx], self.minor_unit(self.inv.currencies[idx])
        return next((k for k in (2, 3, 4) if abs(open_milli - k * amount) < k * unit), None)

    def fee_short_subsets(self, amount: int, open_idxs: list[int], max_items: int | None = None,
                          paid_beside: int = 0) -> tuple[str, list[tuple[int, ...]]]:
        """The first kind of shortfall (SHORTFALL_KINDS) that combinations of open_idxs show and
        those combinations (fee_short_kinds)."""
        return _first_kind(self.fee_short_kinds(amount, open_idxs, max_items, paid_beside))

    def fee_short_kinds(self, amount: int, open_idxs: list[int], max_items: int | None = None,
                        paid_beside: int = 0) -> dict[str, list[tuple[int, ...]]]:
        """Invoices (one, or up to max_items) that the payment pays short, by the kind of their
        shortfall (SHORTFALL_KINDS, most telling first), each combination under the first kind it
        is: short by the customer's usual short pay, else by a bank tariff's size up to a wire
        fee's (and the tolerance's share), else by an early-payment discount on the total, else by
        up to the fee tolerance; in the subset sum's order. A round 30.00 short of three invoices
        comes before 14.86 short of three others. paid_beside: the open amount of invoices the same
        payment settles in full (quoted ones), part of the total a discount is taken on."""
        opens, currency = self.inv.open_milli, self.inv.currencies[open_idxs[0]]
        limit, wire_fee = self.fee_limit(currency), self.wire_fee_size(currency)
        max_items = self.settings.max_subset_invoices if max_items is None else max_items
        unit = self.minor_unit(currency)
        # up to a wire fee short, and around the total a discount at each rate leaves the amount of
        windows = [(amount, wire_fee)] + [((paid_beside + amount) * 1000 // (1000 - rate) - paid_beside - 2 * unit,
                                           4 * unit) for rate in DISCOUNT_RATES]
        values = [opens[i] for i in open_idxs]
        highest = max(low + slack for low, slack in windows)
        found = [(i,) for i in open_idxs if amount < opens[i] and (opens[i] <= highest
                                                                  or self._withholding((i,), opens[i] - amount))] + [
            tuple(open_idxs[k] for k in combo)
            for combos in subsets_in_windows(values, windows, max_items, MAX_FEE_SHORT_SUBSETS,
                                             self.settings.max_subset_candidates) for combo in combos]
        kinds: dict[str, list[tuple[int, ...]]] = {kind: [] for kind in SHORTFALL_KINDS}
        for idxs in dict.fromkeys(found):
            total = sum(opens[i] for i in idxs)
            short = total - amount
            if short <= 0 or 2 * short >= min(opens[i] for i in idxs):  # half an invoice missing: not a fee
                continue
            if self.habits.usual_short(self.inv.customers[idxs[0]], currency, short):
                kinds["usual"].append(idxs)
            elif self.tariff_sized(short, currency) and short <= self.fee_tolerance(total + paid_beside, currency,
                                                                                     wire_fee):
                kinds["tariff"].append(idxs)
            elif self._withholding(idxs, short):
                kinds["withheld"].append(idxs)
            elif self.discount_rate(short, total + paid_beside, currency):
                kinds["discount"].append(idxs)
            elif short <= limit:
                kinds["within"].append(idxs)
        return kinds

    def a_run(self, idxs: tuple[int, ...], open_idxs: list[int]) -> bool:
        """The invoices come one after another among the payer's open invoices in due order."""
        order = sorted(open_idxs, key=lambda i: self.inv.due_rank[i])
        places = sorted(order.index(i) for i in idxs)
        return places[-1] - places[0] == len(places) - 1

    def following_first(self, subsets: list[tuple[int, ...]], basis: list[int], others: list[int],
                        rest: int) -> list[tuple[int, ...]]:
        """When several rests fit, the invoices right after the quoted ones in due order that make
        up the rest first: a list of numbers cut at a field width ('PAYMENT INV1665 IN', a Faster
        Payment's 18 characters) goes on with the next ones, not the oldest of the same amount."""
        if len(subsets) < 2:
            return subsets
        last = max(self.inv.due_rank[i] for i in basis)
        after = sorted((i for i in others if self.inv.due_rank[i] > last), key=lambda i: self.inv.due_rank[i])
        run = next((tuple(after[:size]) for size in sorted({len(s) for s in subsets})
                    if len(after) >= size and sum(self.inv.open_milli[i] for i in after[:size]) == rest), None)
        return [run, *(s for s in subsets if set(s) != set(run))] if run else subsets

    def discount_rate(self, short: int, open_milli: int, currency: str) -> int | None:
        """The rate (per mille) when the shortfall is 1, 1.5, 2, 2.5 or 3% of the invoice to the
        minor unit: an early-payment discount taken (a shortfall of 0.997% is none)."""
        unit = self.minor_unit(currency)
        return next((rate for rate in DISCOUNT_RATES if abs(short * 1000 - open_milli * rate) <= unit * 1000), None)

    def withheld(self, idxs: list[int] | tuple[int, ...], short: int, charged: bool = False) -> str | None:
        """Why the invoices are paid short when it is by a tax the customer withheld
        (withholding.py); None when an invoice's tax is not known or part of it is paid.
        charged: or by a tax and a bank's charge beside it (invoices the payer quotes)."""
        found = self._withholding(idxs, short, charged)
        if not found:
            return None
        share, opens, taxes, charge = found
        return describe(share, opens, taxes, short) + (f", and {money(charge)} a bank's charge" if charge else "")

    def allocate_withheld(self, amount: int, idxs: list[int] | tuple[int, ...]) -> list[tuple[int, int]] | None:
        """Several invoices paid less a tax withheld: each less its own share (withholding.paid_net),
        in due order; None when no share explains the shortfall."""
        ordered = sorted(idxs, key=lambda i: self.inv.due_rank[i])
        found = self._withholding(ordered, sum(self.inv.open_milli[i] for i in ordered) - amount, True)
        if found is None or len(ordered) < 2:
            return None
        share, opens, taxes, _ = found
        return list(zip(ordered, paid_net(share, opens, taxes, self.minor_unit(self.inv.currencies[ordered[0]]),
                                          amount)))

    def _withholding(self, idxs, short: int, charged: bool = False
                     ) -> tuple[Share, list[int], list[int], int] | None:
        """The share withheld (withholding.py), the invoices' open amounts and taxes it was read
        from, and the bank's charge beside it (0 when the share is the whole shortfall); the
        searches ask only whether there is one, the plans say it in words (withheld).
        charged: a bank's charge of a tariff's size may be short beside the share."""
        taxes = [self.inv.tax_milli[i] for i in idxs]
        if short <= 0 or None in taxes:
            return None
        opens, currency = [self.inv.open_milli[i] for i in idxs], self.inv.currencies[idxs[0]]
        unit, shares = self.minor_unit(currency), shares_of({self.inv.tax_countries[i] for i in idxs})
        share = withholding(opens, taxes, unit, short, shares)
        if share:
            return share, opens, taxes, 0
        with_charge = withholding_and_charge(opens, taxes, unit, short, shares, lambda charge: self.tariff_sized(
            charge, currency) and charge <= self.wire_fee_size(currency)) if charged else None
        return (with_charge[0], opens, taxes, with_charge[1]) if with_charge else None

    def tariff_sized(self, gap: int, currency: str) -> bool:
        """A gap that a bank's tariff explains: a whole number of steps of a tenth of the fee
        tolerance (2.50 of 25.00: USD 15.00, EUR 7.50 or 12.50; 250 of JPY 2,500: a 1,500 or 2,500
        lifting fee). 14.86 short is a deduction or a chance fit, not a charge."""
        step = self.fee_limit(currency) // 10
        return gap > 0 and step > 0 and gap % step == 0

    def charge_sized(self, gap: int, currency: str) -> bool:
        """A bank charge's size whatever its share of the invoice (a flat charge does not grow with
        it): tariff-sized and up to a wire fee's."""
        return gap <= self.wire_fee_size(currency) and self.tariff_sized(gap, currency)

    def fee_added(self, excess: int, open_milli: int, currency: str) -> bool:
        """An excess that is the fee a payer added, expecting it taken: a bank tariff's size within
        the fee tolerance and its share of the invoice. An odd one (2.21) is as likely another
        invoice paid over by more."""
        return self.tariff_sized(excess, currency) and excess <= self.fee_tolerance(open_milli, currency)

    def short_by_a_wire_fee(self, open_milli: int, amount: int, currency: str) -> bool:
        """The payment is short of the open amount by no more than a wire fee's size (an
        intermediary bank's charge, beyond the fee tolerance) and the tolerance's share of it."""
        return 0 < open_milli - amount <= self.fee_tolerance(open_milli, currency, self.wire_fee_size(currency))

    def short_pay_plan(self, amount: int, open_idxs: list[int], value_day: int | None) -> Plan | None:
        """One of the customer's open invoices issued by the value date (all when none was) paid
        short by a fee: by its usual short pay, else within the fee tolerance (of several, the one
        due nearest the value date: a fee's size does not choose), else by a bank charge's size up
        to a wire fee's (for review: the tolerance, a setting, says what is a fee; and a charge
        beside a fee within it makes either a guess), applied when that invoice is the payer's only
        one within a wire fee of the payment and of its amount."""
        opens, currency = self.inv.open_milli, self.inv.currencies[open_idxs[0]]
        wire_fee = self.wire_fee_size(currency)
        all_idxs, open_idxs = open_idxs, issued_by(open_idxs, self.inv.issued_days, value_day)
        within = [i for i in open_idxs if opens[i] > amount and self.short_reason([i], opens[i] - amount)]
        charged = [i for i in open_idxs if i not in within and self.charge_sized(opens[i] - amount, currency)
                   and self.short_by_a_wire_fee(opens[i], amount, currency)]
        usual = [i for i in within if self.habits.usual_short(self.inv.customers[i], currency, opens[i] - amount)]
        pool = usual or within or charged
        if not pool:
            return None
        idx = min(pool, key=lambda i: (self.closeness(i, value_day), opens[i]))
        # or paid over another by a wire fee's size (a fee added, an overpayment): a fee explains
        # either, unless the shortfall is the customer's usual one
        over = len(pool) == 1 and not usual and any(0 < amount - opens[i] <= wire_fee for i in open_idxs)
        # or an instalment: exactly a half, third or quarter of another invoice (partial_plan's reading)
        instalment = not usual and bool(self.instalment_of(amount, open_idxs))
        reason = self.short_reason([idx], opens[idx] - amount)
        alone = len(pool) == 1 and not over and not instalment
        sure = alone and reason is not None and (bool(usual) or not charged)
        # a bank charge's size beyond the tolerance, on the payer's only invoice within a wire fee of
        # the payment and the only one of its amount: nothing else the amount could be read as, so it
        # is applied, the charge left open on the invoice as any shortfall is
        charged_sole = alone and not within and sum(opens[i] == opens[idx] for i in all_idxs) == 1
        return Plan(self.allocate(amount, [idx]), "short_pay", 0.93 if sure else 0.91 if charged_sole else 0.7,
                    (reason or f"short by {money(opens[idx] - amount)}, beyond the bank fee tolerance but of a wire "
                               "fee's size and a bank charge's"
                               + ("; the payer's only open invoice that near and of that amount" if charged_sole else "")
                               + "; residual left open")
                    + ("; or another open invoice paid over by a fee" if over else "")
                    + ("; or an instalment of another open invoice" if instalment else ""),
                    amount_explained=reason is not None)  # beyond the tolerance, as a near plan's: a guess


def _first_kind(kinds: dict[str, list[tuple[int, ...]]]) -> tuple[str, list[tuple[int, ...]]]:
    """The most telling kind of shortfall that any combination shows, and its combinations."""
    return next(((kind, subsets) for kind, subsets in kinds.items() if subsets), ("", []))
