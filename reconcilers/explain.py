"""The detail column: in words, why a line was matched as it was, or why it was not."""

from __future__ import annotations

from reconcilers.names import Recognitions, describe
from reconcilers.plan_types import Hit, Invoices, Plan, money

NOTHING_READ = "no invoice number, payer name or amount recognised"
SURE_PAYER = 95  # a payer name this close is the customer's, for cash in another currency than its invoices


def explain(plan: Plan, payer: str, customers: Recognitions, invoices: Invoices) -> str:
    """One or two sentences: the numbers read and what they matched, the payer recognition, the
    amount reasoning, habits or backing used, and the runner-up."""
    parts = [f"read '{hit.read}' as " + (f"PO {invoices.po_numbers[idx]} of {invoices.numbers[idx]}" if plan.rule == "po_number"
                                         else invoices.numbers[idx]) + f" ({hit.how})"
             for idx, hit in sorted(plan.hits.items(), key=lambda item: invoices.due_rank[item[0]])[:3]]
    if len(plan.hits) > 3:
        parts.append(f"and {len(plan.hits) - 3} more numbers")
    customer = invoices.customers[plan.allocations[0][0]]
    found = customers.get(customer)
    if found:
        parts.append(describe(payer, customer, found))
    else:
        known = max(customers.items(), key=lambda item: (item[1].score, item[0]), default=None)
        parts.append(f"payer '{payer}' not recognised" + (
            f" as {customer}'s, but as {known[0]}'s ({describe(payer, *known)})" if known else ""))
    parts += [plan.detail] + plan.notes
    chosen = {inv for inv, milli in plan.allocations if milli >= 0}  # a credit note netted is no other choice
    runner = next((other for other in plan.alternatives if {inv for inv, _ in other.allocations} != chosen), None)
    if runner:
        parts.append(f"runner-up: {', '.join(invoices.numbers[i] for i, _ in runner.allocations[:3])} "
                     f"({runner.rule}, {runner.confidence:.2f})")
    else:
        rivals = sorted(((found.score, c) for c, found in customers.items() if c != customer), reverse=True)
        if rivals:
            parts.append(f"next customer: {rivals[0][1]} (score {rivals[0][0]:.0f})")
    return "; ".join(p for p in parts if p)


def invoices_by_key(keys: set[str], invoice_keys: list[str]) -> dict[str, list[int]]:
    """The invoices (of any currency) whose number has one of keys."""
    found: dict[str, list[int]] = {}
    for k, key in enumerate(invoice_keys):
        if key in keys:
            found.setdefault(key, []).append(k)
    return found


def why_unmatched(line: tuple, customers: Recognitions, quoted: list[int], invoices: Invoices,
                  settled: list[str], hits: dict[int, Hit]) -> tuple[str, int | None]:
    """A customer payment nothing was planned for: the invoices it quotes whole that are billed in
    another currency (a payer paying a EUR invoice in USD: not applied, the amounts are not
    comparable) or on which nothing is open any more (settled: their numbers; paid by card through
    the processor, or credited: paid twice, the customer is owed a refund), the numbers read that
    nothing backed (a short number with neither the payer's name nor the amount behind it), and
    the customers its payer was recognised as whose open invoices in the line's currency the amount
    does not fit. With the words, the invoice of another currency the line is for, whose customer
    the cash is (until an analyst applies it at the bank's rate): of those it quotes whole, the one
    due first; else, when its payer is recognised surely (a name score of SURE_PAYER) as the one
    customer with no open invoice in the line's currency, that customer's invoice due first."""
    _, currency, amount, payer, _, _ = line
    other_currency = sorted({k for k in quoted if invoices.currencies[k] != currency}, key=lambda k: invoices.due_rank[k])
    sure = [c for c, found in customers.items() if found.score >= SURE_PAYER]
    if not other_currency and len(sure) == 1 and (sure[0], currency) not in invoices.by_customer:
        other_currency = invoices.of_customer.get(sure[0], [])[:1]
    parts = [f"quotes {invoices.numbers[k]}, billed in {invoices.currencies[k]} ({money(invoices.open_milli[k])} "
             f"open), paid in {currency}: not applied" for k in other_currency][:3]
    parts += [f"read '{hit.read}' as {invoices.numbers[k]} ({hit.how}), which neither the payer's name nor the "
              f"amount backs" for k, hit in sorted(hits.items(), key=lambda item: invoices.due_rank[item[0]])[:3]]
    parts += [f"quotes {number}, on which nothing is open (paid through the processor, or credited): paid twice?"
              for number in settled[:3]]
    for customer, found in sorted(customers.items(), key=lambda item: (-item[1].score, item[0]))[:2]:
        owes = (customer, currency) in invoices.by_customer
        parts.append(describe(payer, customer, found) + (f"; none of {customer}'s open {currency} invoices is "
                                                         f"suggested for {money(amount)} (rejected for this line, "
                                                         "or none fits)" if owes
                                                         else f"; {customer} has no open invoice in {currency}"))
    return "; ".join(parts) or NOTHING_READ, other_currency[0] if other_currency else None
