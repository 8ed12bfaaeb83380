"""Defects injected into the clean world, each recorded as one row of _truth/findings.csv.

Each defect touches its own contract or invoice (never one already touched), so one defect
produces exactly one finding. amount_at_risk is the positive amount at stake, in the invoice's
(or contract's) currency: the pre-tax amount for billing defects, the tax difference for tax,
the invoice total for duplicates, failed payments and ERP defects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from contract.money import money
from seeds import catalog
from seeds.util import ZERO, add_months
from seeds.records import Account, Invoice, InvoiceLine, expected_tax_rate
from seeds.world import World

FINDING_COLUMNS = ("exception_type", "contract_id", "customer_id", "invoice_id", "erp_invoice_id", "transaction_id",
                   "bank_txn_id", "product_code", "period_start", "amount_at_risk", "currency", "note")
GRACE_DAYS = 5


@dataclass
class Findings:
    rows: list[dict[str, str]] = field(default_factory=list)

    def add(self, exception_type: str, currency: str, amount: Decimal, note: str, **keys: str | date) -> None:
        row = {c: "" for c in FINDING_COLUMNS}
        row.update({k: v.isoformat() if isinstance(v, date) else v for k, v in keys.items()})
        row.update(exception_type=exception_type, currency=currency, note=note,
                   amount_at_risk=str(money(abs(amount), currency)))
        self.rows.append(row)


class Injector:
    def __init__(self, world: World) -> None:
        self.world = world
        self.rng = world.rng
        self.as_of = world.as_of
        self.findings = Findings()
        self.touched_invoices: set[str] = set()
        self.touched_contracts: set[str] = set()
        self.extra_customers: list[dict[str, str]] = []
        self.subscription_overrides: dict[str, dict[str, str]] = {}

    def _sample(self, candidates: list, n: int) -> list:
        return self.rng.sample(candidates, min(n, len(candidates)))

    def _touch_invoice(self, invoice: Invoice) -> None:
        self.touched_invoices.add(invoice.invoice_id)
        self.touched_contracts.add(invoice.contract.contract_id)

    def _fresh_invoices(self, predicate) -> list[Invoice]:
        return [i for i in self.world.invoices if i.invoice_id not in self.touched_invoices
                and i.contract.contract_id not in self.touched_contracts and predicate(i)]

    # -- sync: CRM vs billing ----------------------------------------------------------------------
    def contracts_not_in_billing(self, n: int = 4) -> None:
        """Signed add-on contracts starting around as_of that nobody set up in billing."""
        w = self.world
        accounts = self._sample([c.account for c in w.contracts if c.status == "active" and c.contract_type == "new"], n)
        for account in accounts:
            start = self.as_of + timedelta(days=self.rng.randint(-3, 30))
            contract = w._new_contract(account, "expansion", "", start, add_months(start, 12) - timedelta(days=1),
                                       "monthly", False, "", None, None)
            contract.has_subscription = False
            self.touched_contracts.add(contract.contract_id)
            expected = sum((cl.unit_price * cl.quantity for cl in contract.lines if cl.charge_type == "recurring"), ZERO)
            self.findings.add("contract_not_in_billing", contract.currency, expected,
                              "active contract with no billing subscription (monthly recurring value at risk)",
                              contract_id=contract.contract_id, customer_id=account.customer_id)

    def customers_not_in_crm(self, unknown: tuple[str, ...] = ("001A999001", "001A999002"), empty: int = 2) -> None:
        """Self-serve sign-ups in billing that never got a CRM account (or a mistyped one)."""
        links = list(unknown) + [""] * empty
        for link in links:
            country = self.rng.choice(("US", "GB", "DE"))
            customer_id = self.world.ids.random("cus")
            name = f"{self.rng.choice(catalog.NAME_FIRST)} Studio {self.rng.choice(catalog.LEGAL_SUFFIX[country])}"
            self.extra_customers.append({
                "customer_id": customer_id, "crm_account_id": link, "name": name,
                "email": f"billing@{name.split()[0].lower()}-studio.example",
                "currency": catalog.CURRENCY_OF_COUNTRY[country], "tax_country": country,
                "tax_region": "NY" if country == "US" else "", "tax_id": "", "tax_exempt": "false",
                "autopay": "true", "portal_enabled": "true"})
            self.findings.add("customer_not_in_crm", catalog.CURRENCY_OF_COUNTRY[country], ZERO,
                              "crm_account_id is empty" if not link else f"crm_account_id {link} is not a CRM account",
                              customer_id=customer_id)

    def subscription_terms_mismatch(self, n: int = 4) -> None:
        contracts = self._sample([c for c in self.world.contracts if c.has_subscription and c.status == "active"
                                  and c.contract_id not in self.touched_contracts and c.contract_type != "expansion"], n)
        for k, contract in enumerate(contracts):
            self.touched_contracts.add(contract.contract_id)
            if k % 2 == 0:
                other = "annual" if contract.frequency != "annual" else "quarterly"
                self.subscription_overrides[contract.contract_id] = {"billing_frequency": other}
                note = f"subscription billed {other}, contract says {contract.frequency}"
            else:
                end = add_months(contract.end, 1)
                self.subscription_overrides[contract.contract_id] = {"end_date": end.isoformat()}
                note = f"subscription ends {end}, contract ends {contract.end}"
            self.findings.add("subscription_terms_mismatch", contract.currency, ZERO, note,
                              contract_id=contract.contract_id, customer_id=contract.account.customer_id)

    # -- leakage ---------------------------------------------------------------------------------
    def missing_invoices(self, n: int = 5) -> None:
        def eligible(i: Invoice) -> bool:
            c = i.contract
            return (i.kind == "regular" and c.usage_line() is None and i.period_start > c.start
                    and i.period_start < self.as_of - timedelta(days=15) and c.contract_type != "expansion")
        for invoice in self._sample(self._fresh_invoices(eligible), n):
            self._touch_invoice(invoice)
            self.world.invoices.remove(invoice)
            self.findings.add("missing_invoice", invoice.currency, invoice.pre_tax, "no invoice for the contract period",
                              contract_id=invoice.contract.contract_id, customer_id=invoice.contract.account.customer_id,
                              period_start=invoice.period_start)

    def missing_renewal_invoices(self, n_renewals: int = 3) -> None:
        w = self.world
        def eligible(i: Invoice) -> bool:
            c = i.contract
            return (c.contract_type == "renewal" and i.period_start == c.start and i.kind == "regular"
                    and c.start < self.as_of - timedelta(days=15))
        for invoice in self._sample(self._fresh_invoices(eligible), n_renewals):
            self._touch_invoice(invoice)
            w.invoices.remove(invoice)
            self.findings.add("missing_renewal_invoice", invoice.currency, invoice.pre_tax,
                              "renewal contract's first period not invoiced", contract_id=invoice.contract.contract_id,
                              customer_id=invoice.contract.account.customer_id, period_start=invoice.period_start)
        # Auto-renewing contracts that ran past their end with no renewal contract and no cancellation.
        ended = [c for c in w.contracts if c.account in w.recently_ended_accounts and c.contract_type == "new"
                 and c.contract_id not in self.touched_contracts]
        for contract in ended:
            renewal_start = contract.end + timedelta(days=1)
            if not (renewal_start < self.as_of - timedelta(days=GRACE_DAYS)
                    and add_months(renewal_start, contract.months) > self.as_of):
                continue
            contract.auto_renew, contract.status = True, "active"
            self.touched_contracts.add(contract.contract_id)
            period = (renewal_start, add_months(renewal_start, contract.months) - timedelta(days=1))
            expected = sum((l.amount for l in w.recurring_lines(contract, period)), ZERO)
            self.findings.add("missing_renewal_invoice", contract.currency, expected,
                              "auto-renew contract past its end: renewal period not invoiced",
                              contract_id=contract.contract_id, customer_id=contract.account.customer_id,
                              period_start=renewal_start)

    def _recompute_tax(self, invoice: Invoice) -> None:
        for line in invoice.lines:
            line.tax_amount = self.world.line_tax(invoice.contract.account, line.amount)

    def _billable(self, i: Invoice) -> bool:
        return i.kind == "regular" and i.issue_date < self.as_of - timedelta(days=10)

    def amount_mismatches(self, n: int = 5) -> None:
        def eligible(i: Invoice) -> bool:
            return self._billable(i) and any(l.charge_type == "recurring" and l.quantity > 2 for l in i.lines) \
                and i.contract.contract_type != "expansion"
        for k, invoice in enumerate(self._sample(self._fresh_invoices(eligible), n)):
            self._touch_invoice(invoice)
            line = next(l for l in invoice.lines if l.charge_type == "recurring" and l.quantity > 2)
            before = line.amount
            if k % 2 == 0:  # seat count not updated
                line.quantity = line.quantity - max(2, (line.quantity // 10))
                note = "seat quantity billed below contract"
            else:  # last year's price list
                line.unit_price = money(line.unit_price * Decimal("0.9"), invoice.currency)
                note = "unit price billed below contract"
            line.discount_amount = money(line.gross * self._pct(invoice, line) / 100, invoice.currency)
            self._recompute_tax(invoice)
            self.findings.add("amount_mismatch", invoice.currency, before - line.amount, note,
                              invoice_id=invoice.invoice_id, contract_id=invoice.contract.contract_id,
                              customer_id=invoice.contract.account.customer_id, product_code=line.product_code,
                              period_start=invoice.period_start)

    @staticmethod
    def _pct(invoice: Invoice, line: InvoiceLine) -> Decimal:
        return next(cl.discount_pct for cl in invoice.contract.lines if cl.product_code == line.product_code)

    def discount_mismatches(self, n: int = 4) -> None:
        def eligible(i: Invoice) -> bool:
            return self._billable(i) and any(l.charge_type == "recurring" and l.discount_amount > 0 for l in i.lines)
        for invoice in self._sample(self._fresh_invoices(eligible), n):
            self._touch_invoice(invoice)
            line = next(l for l in invoice.lines if l.charge_type == "recurring" and l.discount_amount > 0)
            pct = self._pct(invoice, line)
            before = line.amount
            line.discount_amount = money(line.gross * (pct + 10) / 100, invoice.currency)
            self._recompute_tax(invoice)
            self.findings.add("discount_mismatch", invoice.currency, before - line.amount,
                              f"discount billed at {pct + 10}% instead of {pct}%", invoice_id=invoice.invoice_id,
                              contract_id=invoice.contract.contract_id, customer_id=invoice.contract.account.customer_id,
                              product_code=line.product_code, period_start=invoice.period_start)

    def usage_defects(self, n_unbilled: int = 5, n_overbilled: int = 3) -> None:
        def eligible(i: Invoice) -> bool:
            usage = [l for l in i.lines if l.charge_type == "usage"]
            return bool(usage) and usage[0].period_end < self.as_of - timedelta(days=10) and i.kind != "closing"
        chosen = self._sample(self._fresh_invoices(eligible), n_unbilled + n_overbilled)
        for k, invoice in enumerate(chosen):
            self._touch_invoice(invoice)
            usage = [l for l in invoice.lines if l.charge_type == "usage"]
            billed_before = sum((l.amount for l in usage), ZERO)
            first = usage[0]
            if k < n_unbilled:
                if k % 2 == 0:
                    invoice.lines = [l for l in invoice.lines if l.charge_type != "usage"]
                    note = "usage rated from events was not billed at all"
                else:
                    first.quantity = (first.quantity * Decimal("0.6")).to_integral_value()
                    note = "usage billed below the rated quantity"
                kind = "unbilled_usage"
            else:
                first.quantity = (first.quantity * Decimal("1.3")).to_integral_value() + 1
                note = "usage billed above the rated quantity"
                kind = "usage_overbilled"
            first.discount_amount = money(first.gross * self._pct(invoice, first) / 100, invoice.currency)
            self._recompute_tax(invoice)
            billed_after = sum((l.amount for l in invoice.lines if l.charge_type == "usage"), ZERO)
            self.findings.add(kind, invoice.currency, billed_before - billed_after, note,
                              contract_id=invoice.contract.contract_id, customer_id=invoice.contract.account.customer_id,
                              invoice_id=invoice.invoice_id, product_code=first.product_code,
                              period_start=first.period_start)

    def duplicates_and_reissues(self, n_duplicates: int = 3, n_reissues: int = 2) -> None:
        """Duplicates are findings; a void-and-reissue (the first invoice void) is not."""
        w = self.world
        chosen = self._sample(self._fresh_invoices(lambda i: self._billable(i) and i.period_start > i.contract.start
                                                   and all(l.charge_type == "recurring" for l in i.lines)),
                              n_duplicates + n_reissues)
        for k, invoice in enumerate(chosen):
            self._touch_invoice(invoice)
            lines = [w.make_line(invoice.contract, l.product_code, l.charge_type, (l.period_start, l.period_end),
                                 l.quantity, l.unit_price, self._pct(invoice, l)) for l in invoice.lines]
            issue = invoice.issue_date + timedelta(days=self.rng.randint(1, 4))
            copy = w.new_invoice(invoice.contract, (invoice.period_start, invoice.period_end), lines, issue,
                                 kind="duplicate" if k < n_duplicates else "reissue")
            self.touched_invoices.add(copy.invoice_id)
            if k < n_duplicates:
                self.findings.add("duplicate_billing", copy.currency, copy.total,
                                  f"second invoice for the period (first is {invoice.invoice_id})",
                                  invoice_id=copy.invoice_id, contract_id=invoice.contract.contract_id,
                                  customer_id=invoice.contract.account.customer_id, period_start=invoice.period_start)
            else:
                invoice.status = "void"

    def tax_mismatches(self) -> None:
        """One per tax rule: reverse charge, exemption, software not taxable, a missing and a wrong rate."""
        def has_taxable_line(i: Invoice) -> bool:
            return self._billable(i) and any(l.amount > 0 for l in i.lines)

        def is_rc(a: Account) -> bool:
            return bool(a.tax_id) and a.country in catalog.EU_COUNTRIES
        cases = (
            (is_rc, lambda a: Decimal(dict(((c, r), rate) for c, r, rate, _ in catalog.TAX_RATES)[(a.country, "")]),
             "VAT charged to an EU business customer (reverse charge applies)"),
            (lambda a: a.tax_exempt, lambda a: Decimal("0.0625"), "sales tax charged to a tax-exempt customer"),
            (lambda a: a.country == "US" and a.region == "CA", lambda a: Decimal("0.0725"),
             "sales tax charged where software is not taxable"),
            (lambda a: a.country == "US" and a.region == "TX", lambda a: ZERO, "no sales tax charged"),
            (lambda a: a.country == "JP", lambda a: Decimal("0.08"), "tax charged at the wrong rate"),
        )
        for applies, wrong_rate, note in cases:
            # a tax-exempt account in Texas expects 0 too: only accounts the wrong rate really is wrong for
            candidates = self._fresh_invoices(
                lambda i: applies(i.contract.account) and has_taxable_line(i)
                and expected_tax_rate(i.contract.account) != wrong_rate(i.contract.account))
            if not candidates:
                continue
            invoice = self.rng.choice(candidates)
            self._touch_invoice(invoice)
            expected = invoice.tax
            account = invoice.contract.account
            for line in invoice.lines:
                line.tax_amount = self.world.line_tax(account, line.amount, wrong_rate(account))
            self.findings.add("tax_mismatch", invoice.currency, invoice.tax - expected,
                              f"{note}: expected {expected}, charged {invoice.tax}", invoice_id=invoice.invoice_id,
                              contract_id=invoice.contract.contract_id, customer_id=account.customer_id)

    def failed_payments(self, n: int = 4) -> set[str]:
        """Autopay invoices whose only charge attempt failed more than the retry window ago."""
        def eligible(i: Invoice) -> bool:
            return (i.contract.account.autopay and i.kind == "regular"
                    and self.as_of - timedelta(days=90) < i.issue_date < self.as_of - timedelta(days=12))
        chosen = self._sample(self._fresh_invoices(eligible), n)
        for invoice in chosen:
            self._touch_invoice(invoice)
        return {i.invoice_id for i in chosen}

    def record_failed_payments(self, by_invoice: dict[str, str], invoices: dict[str, Invoice]) -> None:
        for invoice_id, transaction_id in sorted(by_invoice.items()):
            invoice = invoices[invoice_id]
            self.findings.add("failed_payment_not_retried", invoice.currency, invoice.total,
                              "charge failed and was not retried within the window; invoice unpaid",
                              transaction_id=transaction_id, invoice_id=invoice_id,
                              customer_id=invoice.contract.account.customer_id)

    def record_lost_disputes(self, transactions: list[dict[str, str]], invoices: dict[str, Invoice]) -> None:
        """A chargeback decided against the seller (succeeded: the money was taken back) by as_of."""
        for t in transactions:
            if t["type"] == "chargeback" and t["status"] == "succeeded" and t["created_at"][:10] <= self.as_of.isoformat():
                invoice = invoices[t["invoice_id"]]
                self.findings.add("dispute_lost", t["currency"], Decimal(t["amount"]), "chargeback lost",
                                  transaction_id=t["transaction_id"], invoice_id=invoice.invoice_id,
                                  customer_id=invoice.contract.account.customer_id)

    # -- ERP ------------------------------------------------------------------------------------
    def erp_defects(self, erp_rows: list[dict[str, str]], receipts: list[dict[str, str]]) -> None:
        """Mutates the ERP mirror (one row per billing invoice) and its receipts."""
        rng = self.rng
        by_ref = {r["external_ref"]: r for r in erp_rows}
        def eligible(i: Invoice) -> bool:
            return i.status != "void" and i.issue_date < self.as_of - timedelta(days=10) and i.invoice_number in by_ref
        pool = self._sample(self._fresh_invoices(eligible), 12)
        missing, amounts, statuses = pool[:4], pool[4:8], pool[8:12]
        for invoice in missing:
            self._touch_invoice(invoice)
            erp_id = by_ref[invoice.invoice_number]["erp_invoice_id"]
            erp_rows.remove(by_ref[invoice.invoice_number])
            receipts[:] = [r for r in receipts if r["erp_invoice_id"] != erp_id]
            self.findings.add("erp_missing_invoice", invoice.currency, invoice.total, "invoice never posted to the ERP",
                              invoice_id=invoice.invoice_id, customer_id=invoice.contract.account.customer_id)
        for invoice in amounts:
            self._touch_invoice(invoice)
            row = by_ref[invoice.invoice_number]
            posted = invoice.pre_tax if invoice.tax else invoice.total - money(rng.randint(1, 50) * 10, invoice.currency)
            row["amount"] = str(money(posted, invoice.currency))
            self.findings.add("erp_amount_mismatch", invoice.currency, invoice.total - posted,
                              f"ERP amount {row['amount']} vs billing total {invoice.total}",
                              invoice_id=invoice.invoice_id, erp_invoice_id=row["erp_invoice_id"],
                              customer_id=invoice.contract.account.customer_id)
        for invoice in statuses:
            self._touch_invoice(invoice)
            row = by_ref[invoice.invoice_number]
            row["status"] = "open" if invoice.status == "paid" else "paid"
            self.findings.add("erp_status_mismatch", invoice.currency, invoice.total,
                              f"billing status {invoice.status}, ERP status {row['status']}",
                              invoice_id=invoice.invoice_id, erp_invoice_id=row["erp_invoice_id"],
                              customer_id=invoice.contract.account.customer_id)
        for k in range(3):
            currency = ("USD", "EUR", "USD")[k]
            amount = money(rng.randint(500, 20000), currency)
            row = {"erp_invoice_id": f"ERP-{900000 + rng.randint(0, 99999)}",
                   "external_ref": ("", f"INV-{self.as_of.year}-9{rng.randint(10000, 99999)}", "MANUAL-ADJ-2026")[k],
                   "customer_ref": rng.choice(self.world.accounts).name,
                   "posted_at": f"{(self.as_of - timedelta(days=rng.randint(10, 90))).isoformat()}T10:00:00Z",
                   "currency": currency, "amount": str(amount), "status": "open"}
            erp_rows.append(row)
            self.findings.add("erp_orphan_invoice", currency, amount, "ERP invoice with no billing invoice",
                              erp_invoice_id=row["erp_invoice_id"])
