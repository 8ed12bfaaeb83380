"""A payer named as a group whose first word too many customers' names start with to recognise
any of them by name ('GRANITE GLOBAL LTD' where a thousand customers are 'Granite ...')."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

from rapidfuzz import process
from rapidfuzz.distance import OSA

from reconcilers.names import GROUP_SCORE, Recognition
from reconcilers.numbers import Token, slip
from reconcilers.plan_types import Hit, Invoices, Plan, money
from reconcilers.plans import Matcher


_SLIP_WORDS = {"one character off": "a number read is one character off", "truncated": "a number read is the cut start of"}


class GroupAmounts:
    """The open invoices of such groups' members by (group, currency), ordered by open amount, in
    one pass over the invoices: a common plan price has thousands of open invoices, a group's members a few each."""

    def __init__(self, invoices: Invoices, members: dict[str, frozenset[str]]) -> None:
        self._group_of = {customer: stem for stem, customers in members.items() for customer in customers}
        self._by_open: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)  # (open, invoice), ascending
        for (customer, currency), idxs in invoices.by_customer.items():
            if customer in self._group_of:
                self._by_open[(self._group_of[customer], currency)] += [(invoices.open_milli[i], i) for i in idxs]
        for pairs in self._by_open.values():
            pairs.sort()

    def _open_between(self, stem: str, currency: str, low: int, high: int) -> list[tuple[int, int]]:
        """(open, invoice) of the group's members' invoices open for low..high."""
        pairs = self._by_open.get((stem, currency), [])
        return pairs[bisect_left(pairs, low, key=lambda p: p[0]):bisect_right(pairs, high, key=lambda p: p[0])]

    def plan(self, matcher: Matcher, amount: int, currency: str, stem: str, excluded: frozenset[int],
             value_day: int | None) -> Plan | None:
        """The only open invoice of one of the group's members for exactly this amount, or, with
        none for exactly it, the only one it pays short by what a bank takes. Review only: the
        name backs a word, the amount the invoice; two such invoices of two members: neither. Two
        of one member (a subscription's price, billed every month or quarter) name the member: of
        its invoices, the one the date chooses, as for a payer recognised by name."""
        found = [i for _, i in self._open_between(stem, currency, amount, amount) if i not in excluded]
        if len(found) == 1:
            return Plan(matcher.allocate(amount, found), "amount_name", 0.7,
                        f"payer named as the {stem} group; the only open invoice of a {stem} customer for exactly "
                        "this amount", amount_explained=True)
        if len({matcher.inv.customers[i] for i in found}) == 1:
            member = matcher.inv.customers[found[0]]
            plan = matcher.customer_plan(amount, currency, {member: Recognition(GROUP_SCORE, "group", stem)},
                                         value_day, excluded)
            if plan is not None:
                plan.confidence = min(plan.confidence, 0.7)
                plan.notes.append(f"payer named as the {stem} group; {member} is the only {stem} customer with open "
                                  "invoices of exactly this amount")
            return plan
        if found:
            return None
        short = [(i, reason) for open_milli, i in
                 self._open_between(stem, currency, amount + 1, amount + matcher.fee_limit(currency))
                 if i not in excluded and (reason := matcher.short_reason([i], open_milli - amount))]
        if len(short) != 1:
            return None
        return Plan(matcher.allocate(amount, [short[0][0]]), "short_pay", 0.7,
                    f"payer named as the {stem} group; the only open invoice of a {stem} customer this amount "
                    f"pays short: {short[0][1]}", amount_explained=True)

    def quoted_plan(self, matcher: Matcher, amount: int, hits: dict[int, Hit], stem: str,
                    excluded: frozenset[int]) -> Plan | None:
        """The only invoice that a number of the reference reads as and that one of the group's
        members owes: the group name backs a short or mistyped number ('KESTREL GLOBAL', 'Invoice
        6733' where many customers have an invoice 6733 and one Kestrel customer has), as a
        customer's name backs it. Review only: the name backs a word; paid in full or short by
        what a bank takes, or it says by how much it is not."""
        found = [i for i in hits if i not in excluded and self._group_of.get(matcher.inv.customers[i]) == stem]
        if len(found) != 1:
            return None
        open_milli = matcher.inv.open_milli[found[0]]
        short = matcher.short_reason(found, open_milli - amount) if amount < open_milli else None
        fits = amount == open_milli or short is not None
        how = "paid in full" if amount == open_milli else short or (
            f"paid {money(abs(amount - open_milli))} {'more' if amount > open_milli else 'less'} than it is open for")
        return Plan(matcher.allocate(amount, found), "reference", 0.7,
                    f"payer named as the {stem} group; the only invoice read in the reference that a {stem} "
                    f"customer owes; {how}", amount_explained=fits, quoted=True, hits={found[0]: hits[found[0]]})

    def replan(self, matcher: Matcher, plan: Plan | None, amount: int, currency: str, hits: dict[int, Hit],
               tokens: list[Token], masked: list[str], stem: str, excluded: frozenset[int], value_day: int | None
               ) -> Plan | None:
        """What a line whose payer names the group `stem` pays, when its own plan is not sure and
        either does not explain the amount or pays an invoice of someone outside the group: a
        member's invoice quoted and fitting the amount, else one a slipped or masked number names,
        else the quoted one that does not fit, else the only member invoice of the amount; or the
        line's own plan."""
        if plan is not None and (plan.confidence >= matcher.settings.auto_apply_threshold or plan.amount_explained
                                 and all(self._group_of.get(matcher.inv.customers[inv]) == stem
                                         for inv, _ in plan.allocations)):
            return plan
        quoted = self.quoted_plan(matcher, amount, hits, stem, excluded)
        return (quoted if quoted and quoted.amount_explained else None) \
            or self.slipped_plan(matcher, amount, currency, tokens, masked, stem, excluded) \
            or quoted or self.plan(matcher, amount, currency, stem, excluded, value_day) or plan

    def slipped_plan(self, matcher: Matcher, amount: int, currency: str, tokens: list[Token], masked: list[str],
                     stem: str, excluded: frozenset[int]) -> Plan | None:
        """The only invoice of one of the group's members that this amount pays (in full, or short by
        what a bank takes) and that a number of the reference names with a slip (one character
        off, typed twice or left out, cut short: numbers.slip) or whose number ends with a masked
        number's visible end: 'ONYX GROUP AG' quoting 455622 for Onyx Juniper Health's 45622,
        1,200.00, among a thousand Onyx customers; 'LOTUS HLDGS' quoting XXXXXXX6-0004. Review
        only, as above."""
        readable = [t for t in tokens if len(t.key) >= 4]
        fits = [(i, "paid in full" if open_milli == amount else reason) for open_milli, i in
                self._open_between(stem, currency, amount, amount + matcher.fee_limit(currency))
                if i not in excluded
                and (open_milli == amount or (reason := matcher.short_reason([i], open_milli - amount)))]
        if not (readable or masked) or not fits:
            return None
        near: set[int] = set()  # one edit away in bulk first (a common plan price: hundreds of members' invoices)
        for keys in ([matcher.keys[i] for i, _ in fits], [matcher.bare_keys[i] for i, _ in fits]):
            for token in readable:
                near.update(k for _, _, k in process.extract(token.key, keys, scorer=OSA.distance, score_cutoff=1,
                                                             limit=None))
        found = {}  # invoice -> (fee reason, how the number was read)
        for i, how in (fits[k] for k in sorted(near)):
            if slipped := next(filter(None, (slip(t, matcher.keys[i], matcher.bare_keys[i]) for t in readable)), None):
                found[i] = (how, _SLIP_WORDS[slipped])
        found |= {i: (how, "a masked number's visible end is that of") for i, how in fits
                  if i not in found and matcher.ends_as_masked(i, masked)}
        if len(found) != 1:
            return None
        (idx, (how, read)), = found.items()
        return Plan(matcher.allocate(amount, [idx]), "reference", 0.7,
                    f"payer named as the {stem} group; {read} the only invoice of a {stem} customer this amount "
                    f"pays ({matcher.inv.numbers[idx]}); {how}", amount_explained=True)
