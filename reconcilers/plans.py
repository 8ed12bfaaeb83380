"""What one bank line pays: plans built from quoted numbers, from the recognised payer's open
invoices, or from the amount alone, each with a rule, a confidence and the reasoning in words.
Money is integer thousandths of the major unit ("milli")."""

from __future__ import annotations

import bisect

from reconcilers.habits import Habits
from reconcilers.names import Recognition, Recognitions
from reconcilers.numbers import Token, slip
from reconcilers.partial_numbers import MIN_CUT, PartialNumbers
from reconcilers.plan_types import Invoices, Plan
from reconcilers.pairing import NEAREST_BY_DATE, by_date, issued_by
from reconcilers.shortfalls import Shortfalls

REVIEW_ONLY = 0.8  # confidence cap of a suggestion that must not be auto-applied
MAX_SLIP_CANDIDATES = 64  # same-amount invoices compared with a mistyped number; more: too common an amount
NOBODY = Recognition(0.0, "", "")
# a customer known by the amount alone: between MatchSettings' min_review_name_score and
# min_name_score, so its invoices are suggested for review, never applied
AMOUNT_SCORE = 70.0


def name_factor(score: float) -> float:
    """1.0 for a clear name match, falling 0.006 per point under 95."""
    return 1.0 if score >= 95 else max(0.0, 1.0 - (95 - score) * 0.006)


class Matcher(Shortfalls):
    def __init__(self, invoices: Invoices, settings, habits: Habits, number_keys: list[str],
                 bare_keys: list[str]) -> None:
        super().__init__(invoices, settings, habits)
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

    def ends_as_masked(self, idx: int, masked: list[str]) -> bool:
        """The invoice's number ends with one of a masked number's visible ends (numbers.masked_ends)."""
        return any(self.keys[idx].endswith(end) for end in masked)

    def plan_key(self, plan: Plan) -> tuple[float, int]:
        """Most confident first; equal confidence: the plan whose first invoice is due first."""
        return -plan.confidence, min(self.inv.due_rank[i] for i, _ in plan.allocations)

    def option_key(self, plan: Plan) -> tuple[float, bool, int]:
        """Of a line's plans by number, PO and name: as plan_key, but of two as confident, the one
        whose invoices the amount fits before one it overpays or underpays (a number quoted exactly
        for exactly its amount, before an overpayment of the payer's own invoice)."""
        confidence, due = self.plan_key(plan)
        return confidence, not plan.amount_explained, due

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
        options.sort(key=lambda option: self.plan_key(option[0]))
        if not any(plan.amount_explained for plan, _, _ in options):
            sister = self._sister_plan(amount, currency, customers, best_score, value_day, excluded)
            if sister is not None:
                return sister
        if not options:
            return None
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

    def _sister_plan(self, amount: int, currency: str, customers: Recognitions, best_score: float,
                     value_day: int | None, excluded: frozenset[int]) -> Plan | None:
        """The payer's name is a customer's but none of its invoices fits the amount: a company of
        the group the payer's first word names (a parent or sister company, `Brightwater Group Ltd`
        paying Brightwater Paper Company's invoice while `Brightwater Group Inc` is a customer too)
        whose invoices the amount fits, when only one does; for review."""
        fitting = []
        for customer, found in sorted(customers.items()):
            if found.via != "group" or found.score >= best_score - 5:
                continue
            open_idxs = [i for i in self.inv.by_customer.get((customer, currency), []) if i not in excluded]
            plan = self._customer_plan(amount, open_idxs, value_day) if open_idxs else None
            if plan is not None and plan.amount_explained:
                fitting.append((customer, plan))
        if len(fitting) != 1:
            return None
        customer, plan = fitting[0]
        # one invoice of exactly the amount, the only one of it in the group: what the parent pays
        one = len(plan.allocations) == 1 and not plan.same_amount and plan.rule == "amount_name"
        plan.confidence = min(plan.confidence, 0.91 if one else 0.75)
        plan.notes.append(f"none of the invoices of the customer the payer's name is fits the amount; {customer}, of "
                          f"the {customers[customer].evidence} group (parent or sister company), is paid")
        return plan

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
        short_pay = self.short_pay_plan(amount, open_idxs, value_day)
        if short_pay:
            return short_pay
        only = open_idxs[0]
        if len(open_idxs) == 1 and amount > opens[only]:
            fee_added = self.fee_added(amount - opens[only], opens[only], self.inv.currencies[only])
            return Plan(self.allocate(amount, open_idxs), "overpayment", 0.91 if fee_added else 0.85,
                        "paid more than the customer's only open invoice"
                        + (", by a bank charge's size the payer added" if fee_added else "") + "; remainder unapplied")
        return self.near_plan(amount, open_idxs, value_day)

    def oldest_first(self, amount: int, open_idxs: list[int]) -> list[int] | None:
        """The two or more of open_idxs (due first) that come first and add up to the amount."""
        total = 0
        for k, idx in enumerate(open_idxs):
            total += self.inv.open_milli[idx]
            if total >= amount:
                return open_idxs[:k + 1] if total == amount and k else None
        return None

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

    def amount_only_plan(self, amount: int, currency: str, masked: list[str], tokens: list[Token],
                         network: bool = False) -> Plan | None:
        """Nobody recognised and no number read whole: the only open invoice of this exact amount;
        or, among those, the only one whose number ends with a masked number's visible end or
        starts with the reference's last number cut at a field width (5+ characters), or is one
        character off a number read (a slip an AP network relays; at most MAX_SLIP_CANDIDATES
        invoices of the amount compared one by one). Review only, but for an AP payment network's
        payment (network) of an amount with cents that one open invoice has: a network pays only
        billers' invoices, its remittance goes by e-mail and the bank line carries its own payment
        id ('PMT ID P.7728423306'), so the amount to the cent is what names the invoice; an
        internal transfer or a refund that equals an open invoice comes from no network."""
        same_amount = self.inv.by_amount.get((currency, amount), [])
        if len(same_amount) == 1:
            by_network = network and amount % 1000 != 0
            return Plan(self.allocate(amount, same_amount), "amount_only", 0.91 if by_network else 0.6,
                        "only open invoice of this exact amount, to the cent, paid through an AP payment network "
                        "(which pays billers' invoices only)" if by_network else
                        "only open invoice of this exact amount; payer not recognised", amount_explained=by_network)
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
