"""Money movements for the invoices: processor charges, bank remittances, ERP mirror and receipts.

Runs after the invoice defects are injected, so every payment matches the invoice as billed.
The truth of cash application (which bank line paid which invoice, and how) is recorded here.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from contract.money import money
from seeds import catalog
from seeds.habits import CustomerHabit, CustomerHabits, fee_for, lag_for, payer_as_shown, reference_text
from seeds.util import ZERO, at, iso_ts
from seeds.records import Account, IdMaker, Invoice

BANK_ACCOUNTS = {"USD": "021000021-4821907", "EUR": "DE89370400440532013000", "GBP": "GB29NWBK60161331926819",
                 "JPY": "JP-MUFG-0012-3456789"}
WIRE_FEE = {"USD": Decimal("15.00"), "EUR": Decimal("10.00"), "GBP": Decimal("12.00"), "JPY": Decimal("2500")}
BAI2_WINDOW_DAYS = 45  # recent USD lines arrive as the bank's BAI2 file, older ones as CSV


@dataclass
class BankLine:
    bank_txn_id: str
    value_date: date
    amount: Decimal
    currency: str
    payer_name: str
    reference: str
    file_format: str  # csv | bai2 | camt
    type_code: str = "195"  # BAI2 detail type (195 incoming wire, 142 ACH credit, 165 pre-authorised ACH)

    def row(self) -> dict[str, str]:
        return {"bank_txn_id": self.bank_txn_id, "value_date": self.value_date.isoformat(),
                "amount": str(money(self.amount, self.currency)), "currency": self.currency,
                "payer_name": self.payer_name, "reference": self.reference,
                "account_id": BANK_ACCOUNTS[self.currency]}


def method_for(account: Account, rng: random.Random) -> str:
    if account.currency == "EUR":
        return "sepa_debit"
    if account.currency == "USD":
        return "ach" if rng.random() < 0.3 else "card"
    return "card"


def processor_fee(method: str, amount: Decimal, currency: str) -> Decimal:
    if method == "card":
        fixed = Decimal("0.30") if currency != "JPY" else ZERO
        return money(amount * Decimal("0.029") + fixed, currency)
    if method == "ach":
        return min(money(amount * Decimal("0.008"), currency), Decimal("5.00"))
    return money(Decimal("0.35") * catalog.PRICE_LIST_FACTOR[currency], currency)


def payer_variant(name: str, rng: random.Random, wire: bool) -> str:
    """What a bank shows as the payer: case, abbreviations, dropped suffix, prefixes, truncation."""
    words = name.split()
    choice = rng.randrange(6)
    if choice == 0:
        text = name.upper()
    elif choice == 1:  # legal suffix dropped
        text = " ".join(words[:-1]).upper()
    elif choice == 2:
        text = " ".join(catalog.ABBREVIATIONS.get(w, w) for w in words).upper().replace(".", "")
    elif choice == 3:
        text = name
    elif choice == 4:
        text = name.upper()[:18]
    else:
        text = name.lower()
    prefix = rng.choice(("WIRE FROM ", "", "")) if wire else rng.choice(("ACH CREDIT ", "", ""))
    return prefix + text


def reference_variant(number: str, rng: random.Random) -> str:
    """How a customer quotes one invoice number in the remittance text."""
    compact = number.replace("-", "")
    return rng.choice((
        number, compact, f"Payment for invoice {number} thank you", number.lower(),
        f"{number.replace('INV-', 'INV ')} /REMIT", f"INVOICE {number[4:]}", f"{compact} ACCT PAYABLE",
    ))


class Cash:
    def __init__(self, rng: random.Random, ids: IdMaker, as_of: date, invoices: list[Invoice],
                 failed_not_retried: set[str], habits: CustomerHabits | None = None) -> None:
        self.rng, self.ids, self.as_of = rng, ids, as_of
        self.habits = habits  # None: the demo's own habits (payer_variant, reference_variant, lag around due)
        self.line_habits: list[dict[str, str]] = []  # per bank line, when habits are on: what it shows
        self.transactions: list[dict[str, str]] = []
        self.bank_lines: list[BankLine] = []
        self.matches: list[dict[str, str]] = []
        self.non_customer: list[dict[str, str]] = []
        self.receipts: list[tuple[Invoice, Decimal, date, str]] = []
        self.applied: dict[str, Decimal] = defaultdict(lambda: ZERO)  # invoice_id -> net cash applied
        self.failed_not_retried: dict[str, str] = {}  # invoice_id -> transaction_id
        self._bank_queue: dict[str, list[tuple[date, Invoice]]] = defaultdict(list)
        for invoice in sorted(invoices, key=lambda i: (i.issued_at, i.invoice_id)):
            if invoice.status == "void":
                continue
            if invoice.invoice_id in failed_not_retried:
                self._fail_without_retry(invoice)
            elif invoice.contract.account.autopay:
                self._autopay(invoice)
            else:
                self._pay_by_bank_later(invoice)
        self._write_off_oldest_unpaid(invoices)
        self._bank_remittances()
        self._refunds_and_chargebacks(invoices)
        self._non_customer_lines()

    # -- processor -------------------------------------------------------------------------------
    def _charge(self, invoice: Invoice, method: str, day: date, attempt: int, status: str,
                failure_code: str = "") -> dict[str, str]:
        amount = invoice.total
        rng = self.rng
        description = rng.choice((f"Invoice {invoice.invoice_number}", f"Subscription payment {invoice.invoice_number}",
                                  "Automatic payment", f"{invoice.contract.account.name} - {invoice.invoice_number}"))
        row = {"transaction_id": self.ids.random("ch"), "type": "charge", "invoice_id": invoice.invoice_id,
               "customer_id": invoice.contract.account.customer_id, "method": method, "status": status,
               "failure_code": failure_code, "amount": str(amount),
               "fee": str(processor_fee(method, amount, invoice.currency)) if status == "succeeded" else str(money(0, invoice.currency)),
               "currency": invoice.currency, "created_at": iso_ts(at(day, rng.randint(3600, 80000))),
               "attempt": str(attempt), "description": description}
        self.transactions.append(row)
        if status == "succeeded":
            self.applied[invoice.invoice_id] += amount
            self.receipts.append((invoice, amount, day, method))
        return row

    def _autopay(self, invoice: Invoice) -> None:
        rng = self.rng
        method = method_for(invoice.contract.account, rng)
        day = invoice.issue_date + timedelta(days=rng.randint(0, 1))
        if day >= self.as_of:
            return  # not charged yet: open, not yet due
        if method == "ach" and day >= self.as_of - timedelta(days=3):
            self._charge(invoice, method, day, 1, "pending")
            return
        attempt = 1
        if rng.random() < 0.07 and day + timedelta(days=6) < self.as_of:  # declined, retried within the window
            self._charge(invoice, method, day, 1, "failed", rng.choice(("card_declined", "insufficient_funds",
                                                                      "expired_card")))
            day, attempt = day + timedelta(days=rng.randint(1, 5)), 2
        self._charge(invoice, method, day, attempt, "succeeded")
        invoice.status = "paid"

    def _fail_without_retry(self, invoice: Invoice) -> None:
        day = invoice.issue_date + timedelta(days=1)
        row = self._charge(invoice, method_for(invoice.contract.account, self.rng), day, 1, "failed",
                           self.rng.choice(("card_declined", "insufficient_funds", "do_not_honor")))
        self.failed_not_retried[invoice.invoice_id] = row["transaction_id"]

    def _refunds_and_chargebacks(self, invoices: list[Invoice]) -> None:
        rng = self.rng
        charged = [t for t in self.transactions if t["type"] == "charge" and t["status"] == "succeeded"
                   and t["created_at"][:10] < (self.as_of - timedelta(days=30)).isoformat()]
        by_id = {i.invoice_id: i for i in invoices}
        for kind, count in (("refund", 4), ("chargeback", 2)):
            for charge in rng.sample(charged, count):
                charged.remove(charge)
                invoice = by_id[charge["invoice_id"]]
                amount = money(invoice.total * Decimal("0.1"), invoice.currency) if kind == "refund" else invoice.total
                day = date.fromisoformat(charge["created_at"][:10]) + timedelta(days=rng.randint(5, 25))
                self.transactions.append({
                    "transaction_id": self.ids.random("re" if kind == "refund" else "dp"), "type": kind,
                    "invoice_id": invoice.invoice_id, "customer_id": charge["customer_id"], "method": charge["method"],
                    "status": "succeeded", "failure_code": "", "amount": str(amount),
                    "fee": str(money(Decimal(15) * catalog.PRICE_LIST_FACTOR[invoice.currency], invoice.currency))
                    if kind == "chargeback" else str(money(0, invoice.currency)),
                    "currency": invoice.currency, "created_at": iso_ts(at(day, rng.randint(3600, 80000))),
                    "attempt": "", "description": "Service credit for the outage, approved by support"
                    if kind == "refund" else "Dispute lost: customer does not recognise the charge"})
                self.applied[invoice.invoice_id] -= amount

    # -- bank ------------------------------------------------------------------------------------
    def _pay_by_bank_later(self, invoice: Invoice) -> None:
        rng = self.rng
        if self.habits and self.habits.options.lag:
            lag = lag_for(self._habit(invoice).payment, self.habits.rng)
        else:
            lag = rng.randint(-20, 12)
        pay_day = max(invoice.due_date + timedelta(days=lag), invoice.issue_date + timedelta(days=2))
        if pay_day >= self.as_of or rng.random() < 0.07:
            return  # unpaid: open (past due or not) at as_of
        invoice.status = "paid"
        self._bank_queue[invoice.contract.account.customer_id].append((pay_day, invoice))

    def _write_off_oldest_unpaid(self, invoices: list[Invoice]) -> None:
        old_unpaid = [i for i in invoices if i.status == "open" and i.invoice_id not in self.failed_not_retried
                      and i.due_date < self.as_of - timedelta(days=200)]
        for invoice in old_unpaid[:2]:
            invoice.status = "uncollectible"

    def _new_bank_line(self, day: date, amount: Decimal, currency: str, payer: str, reference: str,
                       type_code: str = "195") -> BankLine:
        if currency == "EUR":
            file_format = "camt"
        elif currency == "USD" and day >= self.as_of - timedelta(days=BAI2_WINDOW_DAYS):
            file_format = "bai2"
        else:
            file_format = "csv"
        prefix = {"camt": "CAMT", "bai2": "", "csv": "BT"}[file_format]
        txn_id = f"{prefix}{self.rng.randint(10**11, 10**12 - 1)}"
        line = BankLine(txn_id, day, amount, currency, payer, reference, file_format, type_code)
        self.bank_lines.append(line)
        return line

    def _match(self, line: BankLine, invoice: Invoice, amount: Decimal, kind: str) -> None:
        self.matches.append({"bank_txn_id": line.bank_txn_id, "invoice_id": invoice.invoice_id,
                             "allocated_amount": str(money(amount, invoice.currency)), "kind": kind})
        self.applied[invoice.invoice_id] += amount
        self.receipts.append((invoice, amount, line.value_date, "wire"))

    def _habit(self, invoice: Invoice) -> CustomerHabit:
        account = invoice.contract.account
        return self.habits.of(account.customer_id, account.registered_name or account.name, account.currency,
                              is_wire(invoice), account.typed_as)

    def _payer(self, invoice: Invoice) -> str:
        if self.habits and self.habits.options.payer:  # the bank prints the name as registered
            account = invoice.contract.account
            return payer_as_shown(account.registered_name or account.name, self._habit(invoice).payer, self.habits.rng)
        return payer_variant(invoice.contract.account.name, self.rng, is_wire(invoice))

    def _habit_reference(self, invoices: list[Invoice], day: date) -> tuple[str, str]:
        habit = self._habit(invoices[0])
        numbers = [i.invoice_number for i in invoices]
        quoted = reference_text(numbers, invoices[0].contract.po_number, habit.reference, self.habits.rng,
                                line_allows_empty(invoices[0].currency, day, self.as_of),
                                agent=self.habits.is_agent(invoices[0].contract.account.customer_id))
        phrased = self.habits.phrased(habit, numbers, [i.total for i in invoices])
        return (phrased, habit.phrasing) if phrased else quoted

    def _bank_remittances(self) -> None:
        rng = self.rng
        totals_seen: dict[tuple[str, Decimal], int] = defaultdict(int)
        for queue in self._bank_queue.values():
            for _, invoice in queue:
                totals_seen[(invoice.contract.account.customer_id, invoice.total)] += 1
        references = self.habits is not None and self.habits.options.reference
        for customer_id in sorted(self._bank_queue):
            queue = sorted(self._bank_queue[customer_id], key=lambda q: (q[0], q[1].invoice_id))
            i = 0
            while i < len(queue):
                day, invoice = queue[i]
                payer = self._payer(invoice)
                type_code = "195" if is_wire(invoice) else "142"
                cur = invoice.currency
                if i + 1 < len(queue) and queue[i + 1][0] - day <= timedelta(days=40) and rng.random() < 0.05:
                    group = [invoice] + [q[1] for q in queue[i + 1:i + 3]]
                    day = max(q[0] for q in queue[i:i + 3])
                    numbers = [g.invoice_number for g in group]
                    if references:
                        reference, habit = self._habit_reference(group, day)
                    else:
                        reference, habit = rng.choice((", ".join(numbers), "INVOICES " + " ".join(n[4:] for n in numbers),
                                                       " / ".join(n.replace("-", "") for n in numbers))), ""
                    line = self._new_bank_line(day, sum((g.total for g in group), ZERO), cur, payer, reference, type_code)
                    self._record_habit(line, habit, ZERO)
                    for member in group:
                        self._match(line, member, member.total, "multi_invoice")
                    i += len(group)
                    continue
                unique_total = totals_seen[(customer_id, invoice.total)] == 1
                if references:
                    self._habit_payment(day, invoice, payer, type_code)
                else:
                    self._demo_payment(day, invoice, payer, type_code, unique_total)
                i += 1

    def _fee(self, invoice: Invoice, roll: float) -> Decimal:
        """What the bank deducts: the customer's usual fee (lag habits), else the demo's 8% of wires."""
        if self.habits and self.habits.options.lag:
            return fee_for(self._habit(invoice).payment, invoice.total, self.habits.rng)
        fee = WIRE_FEE[invoice.currency]
        return fee if roll < 0.08 and is_wire(invoice) and invoice.total > fee * 20 else ZERO

    def _demo_payment(self, day: date, invoice: Invoice, payer: str, type_code: str, unique_total: bool) -> None:
        rng, cur = self.rng, invoice.currency
        roll = rng.random()
        fee = self._fee(invoice, roll)
        if fee:
            line = self._new_bank_line(day, invoice.total - fee, cur, payer,
                                       reference_variant(invoice.invoice_number, rng), type_code)
            self._match(line, invoice, invoice.total - fee, "short_pay")
        elif 0.08 <= roll < 0.11:
            extra = money(invoice.total * Decimal("0.05"), cur) + WIRE_FEE[cur]
            line = self._new_bank_line(day, invoice.total + extra, cur, payer,
                                       reference_variant(invoice.invoice_number, rng), type_code)
            self._match(line, invoice, invoice.total, "overpay")
        elif roll < 0.24 and invoice.contract.po_number and unique_total:
            po = invoice.contract.po_number
            line = self._new_bank_line(day, invoice.total, cur, payer,
                                       rng.choice((po, f"{po} PAYMENT", po.replace("-", " "))), type_code)
            self._match(line, invoice, invoice.total, "po")
        elif roll < 0.34 and unique_total and line_allows_empty(cur, day, self.as_of):
            line = self._new_bank_line(day, invoice.total, cur, payer, rng.choice(("", "PAYMENT", "THANK YOU")),
                                       type_code)
            self._match(line, invoice, invoice.total, "amount_name")
        else:
            line = self._new_bank_line(day, invoice.total, cur, payer,
                                       reference_variant(invoice.invoice_number, rng), type_code)
            self._match(line, invoice, invoice.total, "reference")
        self._record_habit(line, "", fee)

    def _habit_payment(self, day: date, invoice: Invoice, payer: str, type_code: str) -> None:
        """One invoice paid the customer's way: its reference habit, its bank's usual fee, now and
        then an overpayment (5% plus a fee, as the demo)."""
        roll = self.rng.random()
        reference, habit = self._habit_reference([invoice], day)
        fee = self._fee(invoice, roll)
        if fee:
            amount, allocated, kind = invoice.total - fee, invoice.total - fee, "short_pay"
        elif 0.08 <= roll < 0.11:
            amount = invoice.total + money(invoice.total * Decimal("0.05"), invoice.currency) + WIRE_FEE[invoice.currency]
            allocated, kind = invoice.total, "overpay"
        else:
            amount = allocated = invoice.total
            kind = {"po": "po", "none": "amount_name"}.get(habit, "reference")
        line = self._new_bank_line(day, amount, invoice.currency, payer, reference, type_code)
        self._record_habit(line, habit, fee)
        self._match(line, invoice, allocated, kind)

    def _record_habit(self, line: BankLine, reference_habit: str, fee: Decimal) -> None:
        if self.habits:
            self.line_habits.append({"bank_txn_id": line.bank_txn_id, "payer_name": line.payer_name,
                                     "reference": line.reference, "reference_habit": reference_habit,
                                     "fee_deducted": str(money(fee, line.currency))})

    def _non_customer_lines(self) -> None:
        """Processor payouts, interest, a tax refund, a vendor refund: credits that pay no invoice."""
        rng = self.rng
        usd_net: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for t in self.transactions:
            if t["currency"] == "USD" and t["status"] == "succeeded" and t["type"] == "charge":
                usd_net[t["created_at"][:7]] += Decimal(t["amount"]) - Decimal(t["fee"])
        for month in sorted(usd_net)[-6:]:
            day = date.fromisoformat(f"{month}-01") + timedelta(days=rng.randint(33, 36))
            day = day.replace(day=min(day.day, 5))
            if day < self.as_of:
                line = self._new_bank_line(day, usd_net[month], "USD", "STRIPE", f"STRIPE TRANSFER ST-{rng.randint(10**7, 10**8)}",
                                           "165")
                self.non_customer.append({"bank_txn_id": line.bank_txn_id, "kind": "processor_payout"})
        specials = (
            ("USD", 3, Decimal("812.44"), "JPMORGAN CHASE BANK", "INTEREST CREDIT", "354", "interest"),
            ("EUR", 20, Decimal("143.18"), "DEUTSCHE BANK AG", "Habenzinsen Q3", "354", "interest"),
            ("USD", 60, Decimal("18250.00"), "IRS TREAS 310", "TAX REF 2025", "195", "tax_refund"),
            ("GBP", 75, Decimal("420.00"), "AMAZON WEB SERVICES EMEA", "REFUND CREDIT NOTE 77812", "195", "vendor_refund"),
            ("USD", 10, Decimal("1299.00"), "DELL MARKETING LP", "RMA REFUND 5520091", "195", "vendor_refund"),
        )
        for currency, days_ago, amount, payer, reference, code, kind in specials:
            line = self._new_bank_line(self.as_of - timedelta(days=days_ago), amount, currency, payer, reference, code)
            self.non_customer.append({"bank_txn_id": line.bank_txn_id, "kind": kind})


def is_wire(invoice: Invoice) -> bool:
    account = invoice.contract.account
    return account.segment in ("enterprise", "strategic") or account.currency != "USD"


def line_allows_empty(currency: str, day: date, as_of: date) -> bool:
    """An empty remittance text only in CSV lines: BAI2 parsers fall back to the whole record text."""
    return currency != "EUR" and not (currency == "USD" and day >= as_of - timedelta(days=BAI2_WINDOW_DAYS))
