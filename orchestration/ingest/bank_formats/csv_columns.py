"""The columns of a bank's own CSV export, known by their names: which header cell holds the date,
the amount (or the money in and out), the text, the bank's id, the currency and the account.

Names are compared folded (case, accents, punctuation and spaces dropped: 'Date (UTC)' is
'date utc', 'Währung' and 'Waehrung' are 'wahrung'/'waehrung', 'Beguenstigter/Zahlungspflichtiger'
is 'beguenstigter zahlungspflichtiger'). Each name is listed with the bank whose published layout
or export has it; a name a bank suffixes with the currency ('Betrag (EUR)', DKB; 'Amount (ZAR)')
is read as that name, and the suffix as the file's currency (also after 'in': 'Credit in CHF',
PostFinance; also a symbol: 'MoneyIn(R)', Capitec). Where several names of one role are
in a header, the first listed wins (a value date before a booking date).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from orchestration.ingest.bank_formats.csv_values import ISO_CURRENCIES

SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "value date", "value_date",  # generic; the contract's own name
        "valutadatum", "valuta", "wertstellung",  # Sparkasse CSV-CAMT; ING (DE); DKB
        "posting date", "postingdate",  # Chase business and personal checking; Capitec
        "date utc",  # Mercury: 'Date (UTC)'
        "completion time",  # Safaricom M-Pesa statement
        "transaction date", "booking date", "posted date", "date posted",  # generic English exports
        "buchungstag", "buchungsdatum", "buchung",  # Sparkasse; Volksbank; ING (DE)
        "date", "datum", "fecha", "date operation",  # FNB, generic; German; Spanish; French
    ),
    "amount": (
        "amount", "transaction amount", "amount signed",  # Chase, Mercury, FNB, generic
        "betrag", "umsatz",  # Sparkasse CSV-CAMT, Volksbank, DKB 'Betrag (EUR)'; Sparkasse (old CSV)
        "montant", "importe", "bedrag",  # French, Spanish, Dutch banks
    ),
    "credit": (
        "paid in",  # Safaricom M-Pesa
        "money in", "moneyin",  # Monzo, Starling and other UK exports; Capitec 'MoneyIn(R)'
        "deposits", "deposit",  # Bank of America and other US statement exports
        "credit", "credits", "credit amount", "cr",  # generic 'Date,Description,Credit,Debit,Balance'
        "haben", "gutschrift", "eingang",  # German 'Soll/Haben' exports
        "inflow", "received",
    ),
    "debit": (
        "withdrawn",  # Safaricom M-Pesa
        "money out", "moneyout",  # Monzo, Starling; Capitec
        "payments",  # Standard Bank (South Africa) 'Payments,Deposits'
        "withdrawals", "withdrawal",  # Bank of America
        "debit", "debits", "debit amount", "dr",  # generic
        "soll", "ausgang",  # German 'Soll/Haben' exports
        "outflow", "paid out",
    ),
    "balance": (
        "balance", "running balance", "ledger balance",  # Chase, FNB, M-Pesa, generic
        "saldo", "kontostand",  # German banks
    ),
    "bank_id": (
        "bank_txn_id",  # the contract's own name
        "receipt no", "receipt number",  # Safaricom M-Pesa
        "transaction id", "transaction reference number", "reference number",  # generic US, Wise
        "txn id", "fitid",
    ),
    "payer": (
        "payer_name", "payer name", "payer",  # the contract's own name; generic
        "beguenstigter zahlungspflichtiger", "begunstigter zahlungspflichtiger",  # Sparkasse CSV-CAMT
        "auftraggeber begunstigter", "auftraggeber empfanger",  # DKB; ING (DE)
        "name zahlungsbeteiligter",  # Volksbank
        "name",  # Monzo: the counterparty (Mercury's 'Name On Card' is ours, not read)
        "counterparty", "counterparty name", "sender", "remitter", "from",  # generic
    ),
    "text": (
        "reference", "payment reference",  # Mercury (the sender's memo), generic
        "verwendungszweck",  # Sparkasse CSV-CAMT, DKB, Volksbank
        "kundenreferenz end to end",  # Sparkasse CSV-CAMT: the payer's end-to-end reference
        "description", "transaction description",  # Chase, Mercury, FNB, generic
        "details", "transaction details",  # Safaricom M-Pesa (payer and account number typed)
        "narration", "narrative", "particulars", "remarks",  # Nigerian, UK, Indian exports
        "notification text",  # PostFinance
        "memo", "note",  # generic; Mercury
        "bank description",  # Mercury: the bank's raw text
        "buchungstext",  # Sparkasse: the booking type ('GUTSCHR. UEBERWEISUNG')
    ),
    "currency": (
        "currency", "ccy", "currency code",  # generic, the contract's own name
        "waehrung", "wahrung",  # Sparkasse CSV-CAMT ('Waehrung'), others 'Währung'
        "devise", "moneda",  # French, Spanish
    ),
    "account": (
        "account_id", "account number", "account no", "account",  # the contract's own; generic
        "auftragskonto", "iban auftragskonto",  # Sparkasse CSV-CAMT; Volksbank
        "source account",  # Mercury ('Mercury Checking ••1234')
    ),
    "status": (
        "status",  # Mercury (Sent, Pending, Failed, Cancelled)
        "transaction status",  # Safaricom M-Pesa (Completed, Failed)
        "info",  # Sparkasse CSV-CAMT ('Umsatz gebucht', 'Umsatz vorgemerkt')
    ),
}

# statuses of a line that is not booked money: a pending line comes again once booked (as camt's
# PDNG entries), a failed or cancelled one never moved money (Mercury, M-Pesa, Sparkasse 'Info')
NOT_BOOKED = frozenset({"pending", "failed", "cancelled", "canceled", "declined", "rejected",
                        "umsatz vorgemerkt", "vorgemerkt"})


def fold(name: str) -> str:
    """A header name without case, accents and punctuation: 'Date (UTC)' -> 'date utc'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9_]+", " ", plain.lower()).strip()


# a currency's symbol in a column's name: South African banks write 'MoneyIn(R)', 'Credits(R)'
# (Capitec, Nedbank)
_SYMBOL_SUFFIXES = {"r": "ZAR"}
_LOOKUP = {synonym: role for role, names in SYNONYMS.items() for synonym in names}
_RANK = {synonym: rank for names in SYNONYMS.values() for rank, synonym in enumerate(names)}


@dataclass(frozen=True)
class Columns:
    """Where each role is in a header (its cell's index), and a currency its amount's name gave."""
    at: dict[str, int]
    texts: tuple[int, ...]
    currency_in_name: str = ""

    def usable(self) -> bool:
        """A header of a bank export: a date, and a signed amount or a money-in column."""
        return "date" in self.at and ("amount" in self.at or "credit" in self.at)


def _role(folded: str) -> tuple[str, str, str] | None:
    """(role, the synonym, a currency suffix) of one folded header name, or None."""
    if folded in _LOOKUP:
        return _LOOKUP[folded], folded, ""
    stem, _, suffix = folded.rpartition(" ")
    stem = stem.removesuffix(" in")  # PostFinance: 'Credit in CHF'
    code = _SYMBOL_SUFFIXES.get(suffix, suffix.upper())
    if code in ISO_CURRENCIES and _LOOKUP.get(stem) in ("amount", "credit", "debit", "balance"):
        return _LOOKUP[stem], stem, code
    return None


def recognise(header: list[str]) -> Columns:
    """The roles of a header's cells; the text columns in the order SYNONYMS lists them."""
    best: dict[str, tuple[int, int]] = {}
    texts: list[tuple[int, int]] = []
    currency = ""
    for index, cell in enumerate(header):
        found = _role(fold(cell))
        if found is None:
            continue
        role, synonym, suffix = found
        currency = currency or (suffix if role in ("amount", "credit") else "")
        if role == "text":
            texts.append((_RANK[synonym], index))
        elif role not in best or _RANK[synonym] < best[role][0]:
            best[role] = (_RANK[synonym], index)
    return Columns({role: index for role, (_, index) in best.items()},
                   tuple(index for _, index in sorted(texts)), currency)
