"""What one bank line pays: plans built from quoted numbers, from the recognised payer's open
invoices, or from the amount alone, each with a rule, a confidence and the reasoning in words.
Money is integer thousandths of the major unit ("milli")."""

from __future__ import annotations

import bisect

from contract.money import minor_units
from reconcilers.habits import Habits
from reconcilers.names import Recognition, Recognitions
from reconcilers.numbers import Token, slip
from reconcilers.partial_numbers import MIN_CUT, PartialNumbers
from reconcilers.plan_types import Invoices, Plan, money
from reconcilers.pairing import NEAREST_BY_DATE, by_date, issued_by
from reconcilers.subset_sum import subsets_summing_to

REVIEW_ONLY = 0.8  # confidence cap of a suggestion that must not be auto-applied
MAX_SLIP_CANDIDATES = 64  # same-amount invoices compared with a mistyped number; more: too common an amount
UNKNOWN_GAP = 10**6  # days between a due date and a value date when either is missing
NOBODY = Recognition(0.0, "", "")
# a customer known by the amount alone: between MatchSettings' min_review_name_score and
# min_name_score, so its invoices are suggested for review, never applied
AMOUNT_SCORE = 70.0
# early-payment discounts, per mille of the invoice: 1/10, 1.5/10, 2/10, 2.5/10 and 3/10 net 30 terms
DISCOUNT_RATES = (10, 15, 20, 25, 30)


def name_factor(score: float) -> float:
    """1.0 for a clear name match, falling 0.006 per point under 95."""
    return 1.0 if score >= 95 else max(0.0, 1.0 - (95 - score) * 0.006)


class Matcher:
    def __init__(self, invoices: Invoices, settings, habits: Habits, number_keys: list[str],
                 bare_keys: list[str]) -> None:
        self.inv = invoices
        self.keys = number_keys  # what the visible end of a masked number is compared to
        self.bare_keys = bare_keys
        self._partial: PartialNumbers | None = None  # built on first use
        # open amounts sorted per currency, and their invoices (built here, not on first use: the
        # matcher's forks would each build it again)
        by_currency: dict[str, list[tuple[int, int]]] = {}
        for idx, (currency_of, open_milli) in enumerate(zip(invoices.currencies, invoices.open_milli)):
            by_currency.setdefault(currency_of, []).append((open_milli, idx))
        self._by_currency = {c: ([a for a, _ in pairs], [i for _, i in pairs])
                             for c, pairs in ((c, sorted(p)) for c, p in by_currency.items())}
        self.settings = settings
        self.habits = habits
        self.fee_milli = int(settings.bank_fee_tolerance * 1000)

    def fee_limit(self, currency: str) -> int:
        """The fee tolerance is set as in a two-decimal currency and means that many minor units
        elsewhere: 25.00 is JPY 2500 (a Japanese bank's lifting fee), not JPY 25."""
        decimals = minor_units(currency)
        return self.fee_milli * 10 ** (2 - decimals) if decimals <= 2 else self.fee_milli // 10 ** (decimals - 2)

    def wire_fee_size(self, currency: str) -> int:
        """What a wire fee can come to: about twice the tolerance. A shortfall or an excess this
        small is a fee taken or a fee the payer added, not another invoice."""
        return 2 * self.fee_limit(currency)

    def ends_as_masked(self, idx: int, masked: list[str]) -> bool:
        """The invoice's number ends with one of a masked number's visible ends (numbers.masked_ends)."""
        return any(self.keys[idx].endswith(end) for end in masked)

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

    def plan_key(self, plan: Plan) -> tuple[float, int]:
        """Most confident first; equal confidence: the plan whose first invoice is due first."""
        return -plan.confidence, min(self.inv.due_rank[i] for i, _ in plan.allocations)

    def option_key(self, plan: Plan) -> tuple[float, bool, int]:
        """Of a line's plans by number, PO and name: as plan_key, but of two as confident, the one
        whose invoices the amount fits before one it overpays or underpays (a number quoted exactly
        for exactly its amount, before an overpayment of the payer's own invoice)."""
        confidence, due = self.plan_key(plan)
        return confidence, not plan.amount_explained, due

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

    def customer_plan(self, amount: int, currency: str, customers: Recognitions, value_day: int | None,
                      excluded: frozenset[int] = frozenset()) -> Plan | None:
        """The payer was recognised as one or more customers: find what of theirs it pays.
        excluded: invoices that other lines quote, not open to an amount-based plan."""
        if not customers:
            return None
        best_score = max(found.score for found in customers.values())
        options: list[tuple[Plan, float, str]] = []
        for customer, found in sorted(customers.items()):
            if found.score < best_score - 5:
                continue
            open_idxs = [i for i in self.inv.by_customer.get((customer, currency), []) if i not in excluded]
            plan = self._customer_plan(amount, open_idxs, value_day) if open_idxs else None
            if plan is None:
                continue
            plan.confidence *= name_factor(found.score)
            if found.score < self.settings.min_name_score:
                plan.confidence = min(plan.confidence, REVIEW_ONLY)
                if found.via == "name":
                    plan.notes.append("payer name only close enough for review")
            if found.via == "alias" and plan.rule in ("amount_name", "multi_invoice"):
                plan.rule = "alias"
            options.append((plan, found.score, customer))
        if not options:
            return None
        options.sort(key=lambda option: self.plan_key(option[0]))
        best, best_plan_score, _ = options[0]
        rivals = [(p, score, c) for p, score, c in options[1:] if p.confidence > best.confidence - 0.05
                  or score >= best_plan_score - 3 and (p.amount_explained or not best.amount_explained)]
        if rivals:  # another customer, as well named, explains it too: for review, and the
            # suggestion is the one whose invoices the payment settles to the cent (a clerk's first
            # look), before a short pay or an overpayment of another customer
            contenders = [options[0]] + rivals
            best, _, chosen = min(contenders, key=lambda o: (not self.pays_exactly(o[0], amount), self.plan_key(o[0])))
            other = next(o for o in contenders if o[2] != chosen)
            best.confidence = min(best.confidence, 0.7)
            best.notes.append(f"{other[2]} (name score {other[1]:.0f}) explains it too")
        return best

    def off_by_a_wire_fee(self, plan: Plan, amount: int) -> bool:
        """The plan's invoices are paid short or over by no more than a wire fee's size."""
        gap = abs(amount - sum(self.inv.open_milli[i] for i, _ in plan.allocations))
        return gap <= self.wire_fee_size(self.inv.currencies[plan.allocations[0][0]])

    def pays_exactly(self, plan: Plan, amount: int) -> bool:
        """The plan's invoices are open for exactly the payment's amount (no fee, no excess)."""
        return sum(self.inv.open_milli[i] for i, _ in plan.allocations) == amount

    def _customer_plan(self, amount: int, open_idxs: list[int], value_day: int | None) -> Plan | None:
        """open_idxs: one customer's open invoices in the line's currency, due first."""
        opens = self.inv.open_milli
        subsets = self.explain_amount(amount, open_idxs, self.settings.max_subset_invoices)
        if len(subsets) > 1 and len(subsets[0]) > 1:  # several combinations: those issued by the value date
            issued = issued_by(open_idxs, self.inv.issued_days, value_day)
            subsets = self.explain_amount(amount, issued, self.settings.max_subset_invoices) or subsets
        if subsets and len(subsets[0]) == 1:
            all_same = [i for i in open_idxs if opens[i] == amount]
            same = sorted(issued_by(all_same, self.inv.issued_days, value_day), key=lambda i: self.closeness(i, value_day))
            if len(all_same) == 1:
                return Plan(self.allocate(amount, same), "amount_name", 0.97, "amount exact", amount_explained=True)
            if len(same) == 1:
                return Plan(self.allocate(amount, same), "amount_name", 0.95, amount_explained=True, detail=
                            f"amount exact; the only one of {len(all_same)} open invoices of this amount issued "
                            "by the value date")
            customer = self.inv.customers[same[0]]
            lag = self.habits.lag(customer)
            confidence, reason = by_date([self.closeness(i, value_day)[0] for i in same],
                                         self.habits.knows_lag(customer))
            if self.habits.infers_lag(customer):
                confidence = min(confidence, NEAREST_BY_DATE)
                reason += (f" after the {lag}-day lag this payer's payments of repeated amounts fit (inferred in "
                           "this run: for review)")
            elif lag:
                reason += f" after the customer's usual {lag}-day lag (learned habit)"
            plan = Plan(self.allocate(amount, same[:1]), "amount_name", confidence,
                        f"{len(same)} open invoices of this amount; {reason}", amount_explained=True)
            plan.same_amount = same
            return plan
        # a statement paid, or all that was due by a date: the invoices due first, more of them than
        # the subset sum tries (among fewer, the combinations found stand: two payments of one sum
        # from one payer would both be suggested the same invoices due first)
        oldest = self.oldest_first(amount, issued_by(open_idxs, self.inv.issued_days, value_day)) \
            if not subsets else None
        if oldest:
            return Plan(self.allocate(amount, oldest), "multi_invoice", 0.92,
                        f"amount is the sum of the customer's {len(oldest)} open invoices due first",
                        amount_explained=True)
        if subsets:
            return Plan(self.allocate(amount, subsets[0]), "multi_invoice", 0.95 if len(subsets) == 1 else 0.7,
                        f"amount is the sum of {len(subsets[0])} open invoices"
                        + ("" if len(subsets) == 1 else "; another combination fits too"), amount_explained=True)
        shorts = [i for i in open_idxs if opens[i] > amount and self.short_reason([i], opens[i] - amount)]
        if shorts:
            # the customer's usual short pay (a fee its bank always takes) before a chance fit
            usual = [i for i in shorts if self.habits.usual_short(self.inv.customers[i], self.inv.currencies[i],
                                                                   opens[i] - amount)]
            pool = usual or shorts
            # of several within the tolerance, the one due nearest the value date (a fee's size does not choose)
            idx = min(pool, key=lambda i: (self.closeness(i, value_day), opens[i]))
            # or paid over another by a wire fee's size (a fee added, an overpayment): a fee explains
            # either, unless the shortfall is the customer's usual one
            fee_size = self.wire_fee_size(self.inv.currencies[idx])
            over = len(pool) == 1 and not usual and any(0 < amount - opens[i] <= fee_size for i in open_idxs)
            return Plan(self.allocate(amount, [idx]), "short_pay", 0.93 if len(pool) == 1 and not over else 0.7,
                        (self.short_reason([idx], opens[idx] - amount) or "")
                        + ("; or another open invoice paid over by a fee" if over else ""), amount_explained=True)
        if len(open_idxs) == 1 and amount > opens[open_idxs[0]]:
            return Plan(self.allocate(amount, open_idxs), "overpayment", 0.85,
                        "paid more than the customer's only open invoice; remainder unapplied")
        return self._near_plan(amount, open_idxs, value_day)

    def oldest_first(self, amount: int, open_idxs: list[int]) -> list[int] | None:
        """The two or more of open_idxs (due first) that come first and add up to the amount."""
        total = 0
        for k, idx in enumerate(open_idxs):
            total += self.inv.open_milli[idx]
            if total >= amount:
                return open_idxs[:k + 1] if total == amount and k else None
        return None

    def _near_plan(self, amount: int, open_idxs: list[int], value_day: int | None) -> Plan | None:
        """Nothing adds up exactly: the invoice or invoices closest to the amount, for review.
        A short pay beyond the share tolerance or over several invoices, or an overpayment; of
        several invoices of the closest amount, the one due nearest the value date."""
        opens, currency = self.inv.open_milli, self.inv.currencies[open_idxs[0]]
        slack, fee_size = self.fee_limit(currency), self.wire_fee_size(currency)
        found = self.explain_amount(amount, open_idxs, self.settings.max_subset_invoices, slack=slack)
        if found:
            short = sum(opens[i] for i in found[0]) - amount
            return Plan(self.allocate(amount, found[0]), "short_pay", 0.75 if len(found) == 1 else 0.6,
                        f"short by {money(short)} over these invoices (beyond the share tolerance); residual left open")
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
        if under is not None:  # paid over by a wire fee's size (a fee added) before by more, here or elsewhere
            fee_over = amount - opens[under] <= fee_size
            return Plan(self.allocate(amount, [under]), "overpayment", 0.66 if fee_over else 0.65,
                        f"paid {money(amount - opens[under])} more than the closest open invoice"
                        + (", a wire fee's size" if fee_over else "") + "; remainder unapplied")
        return None

    def discount_rate(self, short: int, open_milli: int, currency: str) -> int | None:
        """The rate (per mille) when the shortfall is 1, 1.5, 2, 2.5 or 3% of the invoice to the
        minor unit: an early-payment discount taken (a shortfall of 0.997% is none)."""
        unit = 10 ** (3 - min(minor_units(currency), 3))
        return next((rate for rate in DISCOUNT_RATES if abs(short * 1000 - open_milli * rate) <= unit * 1000), None)

    def short_by_a_wire_fee(self, open_milli: int, amount: int, currency: str) -> bool:
        """The payment is short of the open amount by no more than a wire fee's size (an
        intermediary bank's charge, beyond the fee tolerance) and the tolerance's share of it."""
        return 0 < open_milli - amount <= self.fee_tolerance(open_milli, currency, self.wire_fee_size(currency))

    def sole_customer_of_amount(self, amount: int, currency: str, excluded: frozenset[int]) -> str | None:
        """The one customer with open invoices in the currency for the amount or for the amount and
        a bank fee taken on the way (open for up to the fee tolerance more), when no other customer
        has any; failing any such invoice, the same up to a wire fee's size (and at most the fee
        tolerance's share of the invoice). None when nobody or several customers have."""
        amounts, idxs = self._by_currency.get(currency, ([], []))
        fee, wire_fee = self.fee_limit(currency), self.wire_fee_size(currency)
        within_fee: set[str] = set()
        within_wire_fee: set[str] = set()
        for k in range(bisect.bisect_left(amounts, amount), bisect.bisect_right(amounts, amount + wire_fee)):
            over = amounts[k] - amount
            if over > fee and within_fee:
                break  # ascending: no invoice further on is within the fee tolerance
            if idxs[k] in excluded:
                continue
            if over <= self.fee_tolerance(amounts[k], currency, fee):
                within_fee.add(self.inv.customers[idxs[k]])
            elif self.short_by_a_wire_fee(amounts[k], amount, currency):  # then over the fee: none was within it
                within_wire_fee.add(self.inv.customers[idxs[k]])
            if len(within_fee) > 1 or len(within_wire_fee) > 1:
                return None
        owners = within_fee or within_wire_fee
        return next(iter(owners)) if len(owners) == 1 else None

    def amount_owner_plan(self, amount: int, currency: str, value_day: int | None,
                          excluded: frozenset[int] = frozenset()) -> Plan | None:
        """Nobody recognised and nothing read: the customer the amount alone names
        (sole_customer_of_amount: an AP network paying a customer's large invoice less a wire
        fee, its number mangled beyond reading), its open invoices planned as a recognised
        payer's, for review only."""
        owner = self.sole_customer_of_amount(amount, currency, excluded)
        if owner is None:
            return None
        plan = self.customer_plan(amount, currency, {owner: Recognition(AMOUNT_SCORE, "amount", "")}, value_day,
                                  excluded)
        if plan is not None:
            plan.notes.append(f"{owner} is the only customer with an open invoice of this amount or of this amount "
                              "and a bank fee: named by the amount alone, for review")
        return plan

    def amount_only_plan(self, amount: int, currency: str, masked: list[str], tokens: list[Token]) -> Plan | None:
        """Nobody recognised and no number read whole: the only open invoice of this exact amount;
        or, among those, the only one whose number ends with a masked number's visible end or
        starts with the reference's last number cut at a field width (5+ characters), or is one
        character off a number read (a slip an AP network relays; at most MAX_SLIP_CANDIDATES
        invoices of the amount compared one by one). Review only."""
        same_amount = self.inv.by_amount.get((currency, amount), [])
        if len(same_amount) == 1:
            return Plan(self.allocate(amount, same_amount), "amount_only", 0.6,
                        "only open invoice of this exact amount; payer not recognised")
        cut = [t for t in tokens if t.last and len(t.key) >= MIN_CUT]
        if self._partial is None:
            self._partial = PartialNumbers(self.keys, self.bare_keys, self.inv.by_amount)
        partly = self._partial.of_amount(currency, amount, masked, [t.key for t in cut])
        how = f"ends with {masked[0]}" if masked else f"starts with {cut[0].text}" if cut else ""
        if len(partly) != 1 and len(same_amount) <= MAX_SLIP_CANDIDATES:
            slipped = {i: t.text for i in same_amount for t in tokens
                       if slip(t, self.keys[i], self.bare_keys[i]) == "one character off"}
            partly, how = list(slipped), f"is one character off '{next(iter(slipped.values()), '')}'"
        if len(partly) == 1:
            return Plan(self.allocate(amount, partly), "reference", 0.75,
                        f"only open invoice of this exact amount whose number {how}; payer not recognised",
                        amount_explained=True)
        return None
