"""A payer named as a group whose first word too many customers' names start with to recognise
any of them by name ('GRANITE GLOBAL LTD' where a thousand customers are 'Granite ...')."""

from __future__ import annotations

from reconcilers.plans import Matcher, Plan


def group_amount_plan(matcher: Matcher, amount: int, currency: str, stem: str, members: frozenset[str],
                      excluded: frozenset[int]) -> Plan | None:
    """The only open invoice of one of the group's members for exactly this amount. Review only:
    the name backs a word, the amount the invoice; two such invoices: neither."""
    invoices = matcher.inv
    found = [i for i in invoices.by_amount.get((currency, amount), [])
             if invoices.customers[i] in members and i not in excluded]
    if len(found) != 1:
        return None
    return Plan(matcher.allocate(amount, found), "amount_name", 0.7,
                f"payer named as the {stem} group; the only open invoice of a {stem} customer for exactly "
                "this amount", amount_explained=True)
