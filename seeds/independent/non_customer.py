"""Bank lines that are not customer payments (one per ten customers), which a matcher must leave unmatched.

Payment-processor payouts, bank interest, vendor refunds, ACH return reversals, tax refunds, transfers between
our own accounts, and a customer refunding us as our vendor (its name on the line, yet no invoice to match).
15% have an amount equal to some open invoice: a trap for amount-only matching.
"""

import datetime as dt
import random
from decimal import Decimal

from .dates import ISSUE_START, STATEMENT_END, next_business_day
from .draws import BASE62, UniqueIds, weighted_choice
from .model import BankLine, Customer, Invoice, NonCustomerLine
from .money import cents

OWN_COMPANY = "Brightwave Analytics Inc"  # the seller whose bank statement this is
KINDS = [("processor_payout_stripe", 28), ("processor_payout_adyen", 10), ("processor_payout_paypal", 12),
         ("bank_interest", 10), ("vendor_refund", 12), ("ach_return_reversal", 6), ("tax_refund", 7),
         ("internal_transfer", 12), ("vendor_refund_from_customer_named_company", 3)]


def non_customer_lines(rng: random.Random, count: int, customers: list[Customer], invoices: list[Invoice],
                       txn_ids: UniqueIds) -> tuple[list[BankLine], list[NonCustomerLine]]:
    lines: list[BankLine] = []
    labels: list[NonCustomerLine] = []
    # the last day drawn is three days before the statement end, so the move off a weekend stays inside it
    last_offset = (STATEMENT_END - ISSUE_START).days - 3
    for _ in range(count):
        kind = weighted_choice(rng, KINDS)
        value_date = next_business_day(ISSUE_START + dt.timedelta(days=rng.randint(10, last_offset)))
        currency = "USD"
        amount = cents(Decimal(str(round(rng.lognormvariate(8.5, 1.2), 2))))
        collide = rng.random() < 0.15
        if collide:
            invoice = rng.choice(invoices)
            amount, currency = invoice.amount, invoice.currency
        payer, reference = _describe(rng, kind, customers)
        if kind == "bank_interest" and not collide:  # interest is small
            amount = cents(Decimal(str(round(rng.uniform(5, 900), 2))))
        txn_id = txn_ids.next()
        lines.append(BankLine(txn_id, value_date, amount, currency, payer, reference))
        labels.append(NonCustomerLine(txn_id, kind + ("+amount_equals_open_invoice" if collide else "")))
    return lines, labels


def _describe(rng: random.Random, kind: str, customers: list[Customer]) -> tuple[str, str]:
    """(payer name, reference) of a line of the kind."""
    if kind == "processor_payout_stripe":
        payer = rng.choice(["STRIPE", "STRIPE TRANSFER", "Stripe Payments UK Ltd"])
        return payer, f"STRIPE PAYOUT ST-{''.join(rng.choice(BASE62[:36]) for _ in range(12))}"
    if kind == "processor_payout_adyen":
        return "ADYEN N.V.", f"Payout batch {rng.randint(100, 9999)} BrightwaveECOM"
    if kind == "processor_payout_paypal":
        return rng.choice(["PAYPAL", "PAYPAL INC"]), f"TRANSFER {rng.randint(10**9, 10**10 - 1)}"
    if kind == "bank_interest":
        payer = rng.choice(["", "JPMORGAN CHASE BANK", "SILICON VALLEY BANK"])
        return payer, rng.choice(["INTEREST PAYMENT", "CREDIT INTEREST", "INTEREST EARNED MAR"])
    if kind == "vendor_refund":
        payer = rng.choice(["AMAZON WEB SERVICES", "DELTA AIR LINES", "GOOGLE CLOUD", "WEWORK",
                            "STAPLES BUSINESS", "SALESFORCE.COM", "ZOOM VIDEO COMMUNICAT"])
        return payer, rng.choice([f"REFUND CASE {rng.randint(10**6, 10**7)}", "REFUND", "CREDIT MEMO REFUND",
                                  f"RFND INV {rng.randint(10**5, 10**6)}"])
    if kind == "ach_return_reversal":
        return "", rng.choice(["ACH RETURN R01 REVERSAL", "RETURN OF POSTED DEBIT", "REVERSAL OF ACH DEBIT R10"])
    if kind == "tax_refund":
        return rng.choice([("IRS TREAS 310", "TAX REF"), ("HMRC VAT", "VAT REPAYMENT"),
                           ("FINANZAMT", "Erstattung USt"), ("CA FTB", "TAX REFUND")])
    if kind == "internal_transfer":
        payer = rng.choice([OWN_COMPANY.upper(), "", OWN_COMPANY])
        return payer, rng.choice([f"TRANSFER FROM CHK ...{rng.randint(1000, 9999)}", "BOOK TRANSFER CREDIT",
                                  "ZBA CREDIT", f"SWEEP FROM ACCT {rng.randint(1000, 9999)}"])
    if kind == "vendor_refund_from_customer_named_company":
        customer = rng.choice(customers)
        return customer.name.upper(), rng.choice([f"REFUND OF OVERPAID BILL {rng.randint(1000, 9999)}",
                                                  f"CREDIT MEMO CM-{rng.randint(100, 999)} REFUND"])
    raise ValueError(kind)
