"""A payer named as a group whose first word too many customers' names start with to recognise
any of them by name ('GRANITE GLOBAL LTD' where a thousand customers are 'Granite ...')."""

from __future__ import annotations

from collections import defaultdict

from reconcilers.plans import Invoices, Matcher, Plan


class GroupAmounts:
    """The open invoices of such groups' members by (group, currency, amount), in one pass over the
    invoices: a common plan price has thousands of open invoices, a group's members a few each."""

    def __init__(self, invoices: Invoices, members: dict[str, frozenset[str]]) -> None:
        group_of = {customer: stem for stem, customers in members.items() for customer in customers}
        self._by_amount: dict[tuple[str, str, int], list[int]] = defaultdict(list)
        for (customer, currency), idxs in invoices.by_customer.items():
            if customer in group_of:
                for i in idxs:
                    self._by_amount[(group_of[customer], currency, invoices.open_milli[i])].append(i)

    def plan(self, matcher: Matcher, amount: int, currency: str, stem: str, excluded: frozenset[int]) -> Plan | None:
        """The only open invoice of one of the group's members for exactly this amount. Review
        only: the name backs a word, the amount the invoice; two such invoices: neither."""
        found = [i for i in self._by_amount.get((stem, currency, amount), ()) if i not in excluded]
        if len(found) != 1:
            return None
        return Plan(matcher.allocate(amount, found), "amount_name", 0.7,
                    f"payer named as the {stem} group; the only open invoice of a {stem} customer for exactly "
                    "this amount", amount_explained=True)
