"""The genuinely ambiguous lines: about 5% of payment lines that no matcher can place with certainty.

A hard line pays a single invoice whose (currency, amount) is shared by at least two open invoices, and carries
nothing else: an individual or deposit payer with no reference, an empty payer with noise, or an AP platform
with an opaque payment id. The label records how many invoices share the amount.
"""

import random
from decimal import Decimal

from .model import Invoice
from .payer_names import AGENTS
from .payment_plan import Payment

INDIVIDUALS = ["J SMITH", "MARIA GONZALEZ", "R PATEL", "DAVID M LEE", "K JOHNSON",
               "ANNA SCHMIDT", "T NGUYEN", "MOBILE DEPOSIT", "REMOTE DEPOSIT CAPTURE",
               "ONLINE TRANSFER", "CASH DEPOSIT", "BRANCH DEPOSIT", "ZELLE PAYMENT",
               "MICHAEL OBRIEN", "S WILLIAMS", "CHECK DEPOSIT 0412"]


def pick_hard_lines(rng: random.Random, planned: list[Payment],
                    amount_count: dict[tuple[str, Decimal], int]) -> set[int]:
    """Indexes into `planned` of the hard lines: 5% of all lines, from the single-invoice shared-amount ones."""
    candidates = [k for k, payment in enumerate(planned)
                  if len(payment.invoices) == 1
                  and amount_count[(payment.invoices[0].currency, payment.invoices[0].amount)] >= 2]
    rng.shuffle(candidates)
    return set(candidates[:round(0.05 * len(planned))])


def hard_line(rng: random.Random, invoice: Invoice,
              amount_count: dict[tuple[str, Decimal], int]) -> tuple[str, str, str]:
    """(payer name, reference, habit label) of a hard line paying the invoice."""
    r = rng.random()
    if r < 0.5:
        payer, reference, label = rng.choice(INDIVIDUALS), "", "hard_unknown_payer+no_ref"
    elif r < 0.75:
        noise = ["DEPOSIT", "ACH CREDIT", "INCOMING WIRE", "CREDIT", f"TRN {rng.randint(10**9, 10**10 - 1)}"]
        payer, reference, label = "", rng.choice(noise), "hard_empty_payer+noise_ref"
    else:
        payer = rng.choice([agent for agent, _ in AGENTS])
        reference, label = f"PMT ID P.{rng.randint(10**9, 10**10 - 1)}", "hard_agent_payer+opaque_ref"
    shared = amount_count[(invoice.currency, invoice.amount)]
    label += "+dup_amount_" + ("2to4" if shared < 5 else "5to19" if shared < 20 else "20plus")
    return payer, reference, label
