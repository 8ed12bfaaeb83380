"""The customer payment lines of the bank statement and their truth rows.

Each planned payment becomes one bank line: a hard (ambiguous) line, or a line whose amount, reference and
payer name follow the customer's habits, labelled with every habit it shows
(`num_<style>+name_<…>+amt_<…>+ref_<…>[+err][+multi_…]+lag_<…>`). 40% of partial payments get a later line
for the remainder, generated after all planned lines.
"""

import datetime as dt
import random
from decimal import Decimal

from .amounts import draw_amount
from .dates import STATEMENT_END, next_business_day
from .draws import UniqueIds
from .hard_lines import hard_line
from .model import Allocation, BankLine, Customer, Invoice
from .money import cents
from .payer_names import build_payer
from .payment_plan import Payment
from .references import build_reference


def payment_lines(rng: random.Random, planned: list[Payment], hard: set[int],
                  amount_count: dict[tuple[str, Decimal], int],
                  txn_ids: UniqueIds) -> tuple[list[BankLine], list[Allocation]]:
    """Bank lines and truth rows for the planned payments (`hard`: indexes of the hard lines), then for the
    remainders of partial payments."""
    lines: list[BankLine] = []
    truth: list[Allocation] = []
    remainders: list[tuple[Customer, Invoice, Decimal, dt.date]] = []
    for k, (customer, invoices, value_date) in enumerate(planned):
        if k in hard:
            invoice = invoices[0]
            payer, reference, label = hard_line(rng, invoice, amount_count)
            txn_id = txn_ids.next()
            lines.append(BankLine(txn_id, value_date, invoice.amount, invoice.currency, payer, reference))
            truth.append(Allocation(txn_id, invoice.invoice_id, invoice.amount, label))
            continue
        labels = ["num_" + customer.style]
        amount = draw_amount(rng, customer, invoices)
        labels.append(amount.label)
        reference = build_reference(rng, customer, invoices, amount.allocations, amount.line_amount, labels)
        if customer.trunc_ref and reference:  # the payer's bank field is 18 or 35 characters wide
            width = rng.choice([18, 35])
            if len(reference) > width:
                reference = reference[:width]
                labels.append(f"ref_truncated{width}")
        payer, reference = build_payer(rng, customer, labels, reference)
        labels.append("lag_" + customer.lag_class)
        txn_id = txn_ids.next()
        lines.append(BankLine(txn_id, value_date, cents(amount.line_amount), amount.line_currency, payer, reference))
        habit = "+".join(labels)
        truth.extend(Allocation(txn_id, invoice.invoice_id, applied, habit) for invoice, applied in amount.allocations)
        if amount.label.startswith("amt_partial") and rng.random() < 0.4:
            rest = invoices[0].amount - amount.allocations[0][1]
            later = next_business_day(value_date + dt.timedelta(days=rng.randint(14, 45)))
            if rest > 0 and later <= STATEMENT_END:
                remainders.append((customer, invoices[0], rest, later))
    for customer, invoice, rest, value_date in remainders:
        labels = ["num_" + customer.style, "amt_remainder_after_partial", "ref_remainder_words"]
        reference = rng.choice([f"BALANCE INV {invoice.number}", f"Remaining balance {invoice.number}",
                                invoice.number, f"{invoice.number} final payment"])
        payer, reference = build_payer(rng, customer, labels, reference)
        txn_id = txn_ids.next()
        lines.append(BankLine(txn_id, value_date, rest, invoice.currency, payer, reference))
        truth.append(Allocation(txn_id, invoice.invoice_id, rest, "+".join(labels)))
    return lines, truth
