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
        "תאריך ערך", "יום ערך",  # Hapoalim, Leumi, Mizrahi-Tefahot; Discount: the value date
        "posting date", "postingdate",  # Chase business and personal checking; Capitec
        "date utc",  # Mercury: 'Date (UTC)'
        "completion time",  # Safaricom M-Pesa statement
        "transaction date", "booking date", "posted date", "date posted",  # generic English exports
        "buchungstag", "buchungsdatum", "buchung",  # Sparkasse; Volksbank; ING (DE)
        "date", "datum", "fecha", "date operation",  # FNB, generic; German; Spanish; French
        "posted transactions date",  # AIB (Ireland)
        "年月日", "日付", "取引日", "取扱日", "お取引日", "入出金日",  # SMBC; MUFG; Mizuho; other Japanese banks
        "거래일자", "거래일시", "거래일", "일자",  # Shinhan; KB Kookmin, Woori; other Korean banks
        "дата проводки", "дата операции", "дата операції",  # Russian-language exports; PrivatBank, Ukrsibbank
        "дата i час операції", "дата и время операции", "дата",  # Monobank; Kaspi Gold; Kaspi Business
        "תאריך",  # Israeli banks: the booking date
    ),
    "amount": (
        "amount", "transaction amount", "amount signed",  # Chase, Mercury, FNB, generic
        "betrag", "umsatz",  # Sparkasse CSV-CAMT, Volksbank, DKB 'Betrag (EUR)'; Sparkasse (old CSV)
        "montant", "importe", "bedrag",  # French, Spanish, Dutch banks
        "金額", "取引金額", "거래금액",  # Japanese, Korean signed amounts
        "value",  # NatWest/RBS: the signed amount; PostFinance's 'Value' is its value date (_VALUE)
        "сума в валюті картки",  # Monobank: the amount in the account's currency ('(UAH)'), not 'в валюті операції'
        "сумма", "сума", "сумма операции",  # Kaspi Business; PrivatBank; Russian-language exports
        "סכום", "זכות חובה",  # Israeli banks' signed amount; Discount's '₪ זכות/חובה'
    ),
    "credit": (
        "paid in",  # Safaricom M-Pesa
        "money in", "moneyin",  # Monzo, Starling and other UK exports; Capitec 'MoneyIn(R)'
        "deposits", "deposit",  # Bank of America and other US statement exports
        "credit", "credits", "credit amount", "cr",  # generic 'Date,Description,Credit,Debit,Balance'
        "haben", "gutschrift", "eingang",  # German 'Soll/Haben' exports
        "inflow", "received",
        "お預入れ", "お預入金額", "預入金額", "お預り金額", "預かり金額", "預り金額", "入金金額", "入金額", "入金",
        # SMBC; Mizuho; MUFG; other Japanese banks
        "입금액", "입금", "맡기신금액", "입금금액",  # KB Kookmin; Shinhan '입금(원)'; Woori, Hana
        "кредит", "приход", "поступление", "надходження",  # the account's credit side: Ukrsibbank, ProCredit (UA)
        "זכות", "בזכות",  # Hapoalim, Mizrahi-Tefahot; Leumi
    ),
    "debit": (
        "withdrawn",  # Safaricom M-Pesa
        "money out", "moneyout",  # Monzo, Starling; Capitec
        "payments",  # Standard Bank (South Africa) 'Payments,Deposits'
        "withdrawals", "withdrawal",  # Bank of America
        "debit", "debits", "debit amount", "dr",  # generic
        "soll", "ausgang",  # German 'Soll/Haben' exports
        "outflow", "paid out",
        "お引出し", "お引出金額", "引出金額", "お支払金額", "支払い金額", "支払金額", "出金金額", "出金額", "出金",
        "출금액", "출금", "찾으신금액", "지급액", "출금금액",
        "дебет", "расход", "списание", "списання",  # the debit side of the same exports
        "חובה", "בחובה",  # Hapoalim, Mizrahi-Tefahot; Leumi
    ),
    "balance": (
        "balance", "running balance", "ledger balance",  # Chase, FNB, M-Pesa, generic
        "saldo", "kontostand",  # German banks
        "残高", "差引残高", "잔액", "거래후잔액", "거래후 잔액",  # Japanese; Korean banks
        "залишок після операції", "залишок", "остаток",  # Monobank; Ukrainian, Russian exports
        "יתרה", "יתרה בש ח", "היתרה בש ח",  # Israeli banks ('יתרה בש"ח': the balance in shekels)
    ),
    "bank_id": (
        "bank_txn_id",  # the contract's own name
        "receipt no", "receipt number",  # Safaricom M-Pesa
        "transaction id", "transaction reference number", "reference number",  # generic US, Wise
        "txn id", "fitid",
        "референс", "номер документа",  # PrivatBank; Kaspi Business, Ukrsibbank (taken where unique)
        "אסמכתא",  # Israeli banks' reference number (taken where unique in the file)
        "document number",  # TBC Business
    ),
    "payer": (
        "payer_name", "payer name", "payer",  # the contract's own name; generic
        "beguenstigter zahlungspflichtiger", "begunstigter zahlungspflichtiger",  # Sparkasse CSV-CAMT
        "auftraggeber begunstigter", "auftraggeber empfanger",  # DKB; ING (DE)
        "name zahlungsbeteiligter",  # Volksbank
        "name",  # Monzo: the counterparty (Mercury's 'Name On Card' is ours, not read)
        "counterparty", "counterparty name", "sender", "remitter", "from",  # generic
        "other party",  # Westpac NZ
        "payee",  # ASB: the other party, the payer of a credit
        "摘要内容", "振込依頼人名", "依頼人名",  # MUFG: the remitter's name; other Japanese banks
        "내용", "기재내용", "보낸분", "의뢰인", "받는분 보낸분",  # Shinhan, KB; Woori; other Korean banks
        "partner s name", "partner name", "beneficiary remitter",  # TBC Business; Bank of Georgia
        "отправитель", "плательщик", "платник",  # Kaspi Business; Russian, Ukrainian exports
        "назва контрагента", "найменування контрагента", "наименование контрагента",  # PrivatBank; others
        "кореспондент", "корреспондент", "контрагент", "наименование",  # Ukrsibbank, ProCredit; others
        # (ЄДРПОУ, БИН/ИИН, Partner's Tax Code: the payer's registry number, no name: not read)
    ),
    "text": (
        "reference", "payment reference",  # Mercury (the sender's memo), generic
        "verwendungszweck",  # Sparkasse CSV-CAMT, DKB, Volksbank
        "kundenreferenz end to end",  # Sparkasse CSV-CAMT: the payer's end-to-end reference
        "description", "transaction description",  # Chase, Mercury, FNB, generic
        "details", "transaction details",  # Safaricom M-Pesa (payer and account number typed)
        "description1", "description2", "description3",  # AIB: one text in three columns
        "narration", "narrative", "particulars", "remarks",  # Nigerian, Westpac AU, UK, Indian exports
        "code", "analysis code",  # the NZ payment's Code: ANZ NZ; Westpac NZ (see _NZ_TEXT)
        "notification text",  # PostFinance
        "memo", "note",  # generic; Mercury
        "bank description",  # Mercury: the bank's raw text
        "buchungstext",  # Sparkasse: the booking type ('GUTSCHR. UEBERWEISUNG')
        "お取引内容", "取引内容", "摘要", "メモ", "備考",  # SMBC, Mizuho; MUFG's type and memo
        "적요", "메모", "비고",  # Korean banks: the transaction's kind, the memo
        "назначение платежа", "призначення платежу",  # Kaspi Business, Russian exports; PrivatBank, Ukrsibbank
        "деталі операції", "описание операции", "опис операції",  # Monobank; others
        "additional information",  # TBC Business
        "תיאור הפעולה", "תיאור התנועה", "תיאור", "הפעולה", "סוג תנועה", "פרטים", "עבור",  # Israeli banks
    ),
    "currency": (
        "currency", "ccy", "currency code",  # generic, the contract's own name
        "waehrung", "wahrung",  # Sparkasse CSV-CAMT ('Waehrung'), others 'Währung'
        "devise", "moneda",  # French, Spanish
        "posted currency",  # AIB
        "通貨", "통화",
        "валюта", "מטבע",  # Kaspi, PrivatBank, Ukrsibbank; Israeli banks
    ),
    "account": (
        "account_id", "account number", "account no", "account",  # the contract's own; generic
        "auftragskonto", "iban auftragskonto",  # Sparkasse CSV-CAMT; Volksbank
        "source account",  # Mercury ('Mercury Checking ••1234')
        "posted account",  # AIB ('93-11-52 12345678': sort code and account)
        "bank account",  # Westpac AU ('032-000 123456': BSB and account)
        "рахунок",  # Ukrsibbank, ProCredit (UA): the account's own IBAN ('Рахунок кореспондента' the other's)
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
    """A header name without case, Latin accents and punctuation: 'Date (UTC)' -> 'date utc',
    'Währung' -> 'wahrung'; Japanese and Korean names keep their letters ('入金額（円）' -> '入金額 円',
    half-width katakana as full-width). Ukrainian і (and ї) is Latin i: Monobank and Ukrsibbank
    write 'Дата i час операції', 'Дата операцiї' with a Latin i; й reads as и, ё as е."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = unicodedata.normalize("NFC", "".join(c for c in decomposed if not 0x300 <= ord(c) <= 0x36F))
    return re.sub(r"\W+", " ", plain.lower().replace("\u0456", "i")).strip()


# a currency's symbol in a column's name: South African banks write 'MoneyIn(R)', 'Credits(R)'
# (Capitec, Nedbank); Japanese banks '入金額(円)', Korean '입금(원)' (Shinhan)
_SYMBOL_SUFFIXES = {"r": "ZAR", "円": "JPY", "원": "KRW"}
_LOOKUP = {fold(synonym): role for role, names in SYNONYMS.items() for synonym in names}
_RANK = {fold(synonym): rank for names in SYNONYMS.values() for rank, synonym in enumerate(names)}
# NatWest's 'Value' is the signed amount; beside a money-in/out pair (PostFinance) it is a date
_VALUE = "value"
# a text column that is the payer's name where no column is: AIB's Description1; Hapoalim's
# פרטים (the other party's details: 'ISRACARD LTD' beside the operation 'העברת תקבולי אשראי')
_PAYER_TOO = ("description1", "פרטים")
# New Zealand's banks carry the payer's Particulars, Code and Reference (12 characters each, the
# NZ payment standard), in this order the text; a header with Particulars and a Code is theirs,
# and their other text (Westpac NZ's Description, the kind of transaction) is read only where
# the three are empty; ANZ NZ's Details is the other party
_NZ_TEXT = ("particulars", "code", "analysis code", "reference")
_NZ_PAYER = "details"


@dataclass(frozen=True)
class Columns:
    """Where each role is in a header (its cell's index), the text columns (and those read only
    where these are empty), and a currency its amount's name gave."""
    at: dict[str, int]
    texts: tuple[int, ...]
    currency_in_name: str = ""
    fallback_texts: tuple[int, ...] = ()

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
    texts: list[tuple[int, int, str]] = []
    currency = ""
    for index, cell in enumerate(header):
        found = _role(fold(cell))
        if found is None:
            continue
        role, synonym, suffix = found
        currency = currency or (suffix if role in ("amount", "credit") else "")
        if role == "text":
            texts.append((_RANK[synonym], index, synonym))
        elif role not in best or _RANK[synonym] < best[role][0]:
            best[role] = (_RANK[synonym], index)
    at = {role: index for role, (_, index) in best.items()}
    if currency and "currency" in at:  # Monobank: 'Валюта' is the currency of 'Сума в валюті операції'
        del at["currency"]
    if "amount" in at and fold(header[at["amount"]]) == _VALUE and ("credit" in at or "debit" in at):
        del at["amount"]
    names = {synonym: index for _, index, synonym in texts}
    if "particulars" in names and ("code" in names or "analysis code" in names):
        nz = tuple(names[name] for name in _NZ_TEXT if name in names)
        if _NZ_PAYER in names and "payer" not in at:
            at["payer"] = names[_NZ_PAYER]
        other = tuple(index for _, index, _ in sorted(texts) if index not in nz and index != at.get("payer"))
        return Columns(at, nz, currency, other)
    if "payer" not in at and (too := next((names[n] for n in _PAYER_TOO if n in names), None)) is not None:
        at["payer"] = too
    return Columns(at, tuple(index for _, index, _ in sorted(texts)), currency)

