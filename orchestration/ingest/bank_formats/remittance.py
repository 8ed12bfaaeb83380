"""Payer name and remittance text out of the free-form fields banks fill: BAI2 16/88 text and the
MT940 :86: field. Each dialect, with where it comes from, is listed in docs/cash_application.md."""

from __future__ import annotations

import re

from orchestration.ingest.bank_formats.common import clean, join_unique
from orchestration.ingest.bank_formats.identity import is_placeholder

# An account number or IBAN at the start of a name field (SWIFT field 50's "/account" line, a
# BAI2 "B/O: 0123456789 ACME", an MT940 :86: "NL29INGB0006475121 j blom"): not part of the name.
_LEADING_ACCOUNT = re.compile(r"^/?(?:[A-Z]{2}\d{2}[A-Z0-9]{8,30}|\d[\d\-./ ]{5,}\d)(?=\s|$)\s*")


_IBAN = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}")


def strip_account(name: str) -> str:
    return clean(_LEADING_ACCOUNT.sub("", clean(name)))


# --- BAI2 ---------------------------------------------------------------------------------------

# Tags US banks put in 16/88 text (Goldman Sachs, Citi, SVB, JPMorgan, Wells Fargo BAI2 guides) for
# the ordering customer and the remittance information, and the other tags that bound them.
_BAI2_NAME_TAGS = ("DBNM", "ORIGINATOR NAME", "ORIG CO NAME", "ORIG NAME", "ORG NAME", "ORIGINATOR",
                   "ORIG", "ORG", "B/O", "BY ORDER OF", "BO1", "PAYER", "PAYOR", "REMITTER", "SENDER",
                   "DEBTOR", "FROM",
                   # SWIFT MT103 field 50's label as Canadian banks print a wire; a lockbox check's drawer
                   "ORDERING CUSTOMER", "ORDERING CUST", "DRAWER")
_BAI2_REF_TAGS = ("REMI", "REMITTANCE INFO", "OBI", "RMT", "RMR", "RFB", "REF", "PY", "INV", "INVOICE",
                  "PURPOSE", "DESCRIPTION", "ADDENDA", "ADDENDA INFO", "PMT DET", "EREF",
                  # field 70 as 'DETAILS (OF PAYMENT)', an Interac e-Transfer's message, a lockbox stub
                  "DETAILS OF PAYMENT", "DETAILS", "MSG", "MESSAGE", "STUB")
_BAI2_OTHER_TAGS = ("CREF", "CRNM", "CACT", "DACT", "DABA", "CABA", "DBIC", "CBIC", "CHKN", "IDNM", "TRID",
                    "ENDT", "BI", "OB", "OB3", "BO", "FR", "ENTRY DESCRIPTION", "CO ENTRY DESCR", "SEC",
                    "CLIENT REF ID", "GS ID", "TO", "RETURN FROM", "RETURN TO", "ORG ADDRESS", "ORIG ADDRESS",
                    "ORG ID", "ORIG ID", "REC ID", "IND ID", "IND NAME", "CO ID", "TRN", "TRACE", "TRACE NO",
                    "DESC DATE", "EED", "BNF", "BNF ADDRESS", "SND BK", "RCV BK", "IMAD", "OMAD", "FED REF",
                    "SRF", "BBI", "ORIG BK", "ORDERING BANK",
                    # Goldman Sachs' credit and debit party ids, originating party, clearing details
                    "CCID", "DCID", "OPRP", "CLEARING REF", "SETTLED AMT", "FX RATE", "RETURN REASON")
_BAI2_TAG = re.compile(
    r"(?:^|(?<=[\s,;]))(" + "|".join(re.escape(t) for t in sorted(
        {*_BAI2_NAME_TAGS, *_BAI2_REF_TAGS, *_BAI2_OTHER_TAGS}, key=len, reverse=True))
    # any other single word written with ':=' (SVB's "REC ID:=") is a tag too
    + r"|[A-Z][A-Z0-9#/_-]*(?=\s*:=))\s*(?::=|:|=)\s*", re.IGNORECASE)


def bai2_tagged(text: str) -> dict[str, str]:
    """Split 'DBNM: ACME INC REMI: INV 12' into {'DBNM': 'ACME INC', 'REMI': 'INV 12'}."""
    fields: dict[str, str] = {}
    matches = list(_BAI2_TAG.finditer(text))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        fields.setdefault(clean(match.group(1)).upper(), text[match.end():end].strip(" ,;\""))
    return fields


# X12 820 remittance segments (NACHA CCD+/CTX addenda, reconcilers/x12.py) say which invoices are
# paid wherever the bank prints them: after a labelled field ('TRN: 0494216004TC RMR*IV*1042**1500.00\',
# a Chase-style ACH text) as well as after their own label ('PMT DET:', 'ADDENDA:')
_X12_REFERENCE = re.compile(r"(?<![0-9A-Z])(?:RMR|REF)\*[^~\\\n]*[~\\]?")


def bai2_payer_and_reference(customer_ref: str, text: str) -> tuple[str, str]:
    fields = bai2_tagged(text)
    payer = next((strip_account(fields[t]) for t in _BAI2_NAME_TAGS if strip_account(fields.get(t, ""))), "")
    remittance = [fields[t] for t in _BAI2_REF_TAGS if fields.get(t) and not is_placeholder(fields[t])]
    reference = join_unique(remittance) if remittance else ("" if fields and _BAI2_TAG.match(text) else text)
    reference = join_unique([reference, *_X12_REFERENCE.findall(text)])
    if customer_ref and not is_placeholder(customer_ref):
        reference = join_unique([reference, customer_ref])
    return payer, clean(reference)


# --- MT940 :86: ----------------------------------------------------------------------------------

# German/Dutch/Polish structured :86: (DFU/DK "Verwendungszweck" layout, Triodos, Polish banks):
# a 3-digit transaction code, then sub-fields marked by a separator and two digits: 20-29 and
# 60-63 purpose, 32-33 the counterparty's name, 30/31 its bank and account. UniCredit Bulbank
# writes the same layout after a 3-letter code with '+' ('TBB+00...+21...+30BIC+31IBAN+32name'),
# the payment's purpose in +00 as well.
_SUBFIELDS = re.compile(r"^\s*(?:\d{3})?\s*([?>~^])\d{2}|^\s*[A-Z]{3}(\+)\d{2}")
_SEPA_KEYS = re.compile(r"\b(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT)\+")
# SWIFT-style tags /TAG/value (SWIFT's MT940 example in the Category 9 message reference guide,
# '/ORDP/COMPUTERSYS INC.' then '/REMI//INV/78541'; the Dutch banks after SEPA: ING's "MT940
# Structured" and Rabobank's "MT940 Structured" format descriptions, ABN AMRO's SEPA layout
# '/TRTP/SEPA OVERBOEKING/IBAN/../BIC/../NAME/../REMI/../EREF/..', bunq, Triodos; the code words
# NetSuite's MT940 parser lists for HSBC's and Citi's statements). A tag's slashes are shared with
# its neighbours: '/REMI//CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/12345' (Rabobank, OCA's
# bank-statement-import tests) is REMI (empty), CDTRREFTP, CD, ISSR and CDTRREF.
_SWIFT_TAGS = ("TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "CSID", "MARF", "ORDP", "BENM", "ULTD", "ULTC",
               "ULTB", "CNTP", "PREF", "ISDT", "PURP", "RTRN", "ACCW", "ADDR", "ID", "SVCL", "FX", "CDTRREFTP",
               "CDTRREF", "CD", "ISSR", "TRCD", "IREF", "KREF", "CHGS", "EXCH", "OCMT", "NBTR", "ORDT")
_SWIFT_TAG = re.compile(r"/(" + "|".join(sorted(_SWIFT_TAGS, key=len, reverse=True)) + r")(?=/)")
_SWIFT_MARKERS = ("/NAME/", "/REMI/", "/EREF/", "/CNTP/", "/ORDP/", "/TRTP/")
# a party's tag, and the sub-fields that belong to the party before them ('/ORDP//NAME/x/ADDR/y',
# '/ULTD//NAME/x', ABN AMRO's '/ORDP//ID/y')
_SWIFT_PARTIES = ("ORDP", "BENM", "ULTD", "ULTC", "ULTB", "CNTP")
_SWIFT_PARTY_FIELDS = ("NAME", "ID", "ADDR")


def _joined(parts: list[str]) -> str:
    """Sub-fields of a fixed width (27 characters) wrap mid-word: join those without a space."""
    text, previous_full = "", False
    for part in parts:
        text += part if previous_full else (f" {part}" if text else part)
        previous_full = len(part) >= 27
    return clean(text)


SWIFT_LINE = 65  # characters of an MT940 :86: line


def _unwrapped(info: str, tagged: bool = False) -> str:
    """The :86: lines as one text: a full line was cut by position (joined as is), a shorter one
    at a space the bank dropped ('?33hen Beginn' + 'Fuellzeichen'); a line starting with ':',
    which SWIFT does not allow, was cut inside a time ('T16' + ':26:37') and is joined as is.
    tagged: a '/' at either side of the break is a tag's, which needs no space ('/ORDP/ACME'
    + '/REMI/INV 1': SWIFT's example puts each tag on a line of its own)."""
    text = previous = ""
    for line in info.split("\n"):
        joined = not text or len(previous) >= SWIFT_LINE or previous.endswith(" ") or line.startswith(":") \
            or (tagged and (previous.endswith("/") or line.startswith("/")))
        text += line if joined else f" {line}"
        previous = line
    return text


def _structured(info: str) -> tuple[str, str] | None:
    match = _SUBFIELDS.match(info)
    if match is None:
        return None
    separator = match.group(1) or match.group(2)
    body = _unwrapped(info)
    pieces = re.split(re.escape(separator) + r"(\d{2})", body)[1:]
    fields: dict[int, list[str]] = {}
    for number, value in zip(pieces[::2], pieces[1::2]):
        fields.setdefault(int(number), []).append(value)
    # Polish banks' '~' layout (ZBP; mBank's MT940 export) keeps the counterparty's address in
    # ~62-~63, where the German layout continues the purpose: a street's number is no invoice's
    purpose = _joined([v for n in [*range(20, 30), *range(60, 62 if separator == "~" else 64)]
                       for v in fields.get(n, [])])
    if separator == "+":
        purpose = join_unique([*fields.get(0, []), purpose])
    payer = _joined([v for n in (32, 33) for v in fields.get(n, [])])
    return strip_account(payer), _sepa_purpose(purpose)


def _sepa_purpose(purpose: str) -> str:
    """SEPA purpose 'EREF+E2E SVWZ+Invoice 12': the remittance text and the end-to-end reference."""
    keys = list(_SEPA_KEYS.finditer(purpose))
    if not keys:
        return purpose
    values = {m.group(1): clean(purpose[m.end():keys[i + 1].start() if i + 1 < len(keys) else len(purpose)])
              for i, m in enumerate(keys)}
    parts = [values.get("SVWZ", ""), values.get("EREF", ""), clean(purpose[:keys[0].start()])]
    return join_unique([p for p in parts if not is_placeholder(p)])


# Komercijalna Banka Skopje: '/ORDP/account' (or /BENM/) alone on the first line, then one line
# each for the party's name, its and our reference ('/747//747') and the purpose
_PARTY_LINES = re.compile(r"^/(?:ORDP|BENM)/\d[\d-]*\s*\n/(?![A-Z]{2,9}/)(?P<name>[^\n]*)\n/(?P<refs>[^\n]*)\n/(?P<purpose>.*)$", re.DOTALL)


def _party_lines(info: str) -> tuple[str, str] | None:
    match = _PARTY_LINES.match(info.strip())
    if match is None:
        return None
    refs = [r for r in match.group("refs").split("//") if not is_placeholder(r)]
    return clean(match.group("name")), join_unique([clean(match.group("purpose").replace("\n", "")), *refs])


def _swift_fields(body: str) -> dict[str, str]:
    """Each tag's first non-empty value (Rabobank's '/REMI//REMI/text'); a party's NAME, ID and
    ADDR under 'ORDP/NAME' and the like, a NAME of no party (ABN AMRO, bunq) as 'NAME'."""
    matches = list(_SWIFT_TAG.finditer(body))
    fields: dict[str, str] = {}
    party = ""
    for i, match in enumerate(matches):
        tag = match.group(1)
        party = tag if tag in _SWIFT_PARTIES else party if tag in _SWIFT_PARTY_FIELDS else ""
        key = f"{party}/{tag}" if party and tag in _SWIFT_PARTY_FIELDS else tag
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        if not fields.get(key):
            fields[key] = body[match.end() + 1:end].strip("/ ")
    return fields


def _swift_payer(fields: dict[str, str]) -> str:
    """The ultimate debtor when named (as the camt reader reads it: the party a factor, a parent or
    a payment provider pays for), else the ordering party (its NAME, or the name written after
    /ORDP/ itself: SWIFT's '/ORDP/COMPUTERSYS INC.'), else a NAME of no party (ABN AMRO, bunq), ING's
    /CNTP/account/BIC/name/city/, and last a beneficiary's name (a debit of Rabobank's reversed)."""
    counterparty = (fields.get("CNTP", "").split("/") + ["", "", ""])[2]
    names = (fields.get("ULTD/NAME", ""), fields.get("ORDP/NAME", ""), fields.get("ORDP", ""), fields.get("NAME", ""),
             counterparty, fields.get("BENM/NAME", ""))
    return next((name for name in map(strip_account, names) if name and not is_placeholder(name)), "")


def _swift_tagged(info: str) -> tuple[str, str] | None:
    party = _party_lines(info)
    if party is not None:
        return party
    body = clean(_unwrapped(info, tagged=True))
    if not any(marker in body for marker in _SWIFT_MARKERS):
        return None
    fields = _swift_fields(body)
    remittance = fields.get("REMI", "")
    # a structured Dutch payment reference (/REMI/STRD/CUR/5000056789012345/, ING's and Rabobank's
    # MT940; Rabobank's /CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/<reference>) keeps its name, which the
    # matcher reads it by with its check digit
    remittance = re.sub(r"^STRD/+CUR/+", "BETALINGSKENMERK ", remittance)
    remittance = re.sub(r"^(?:USTD|STRD)(?:/+|$)", "", remittance)
    if not remittance and fields.get("CDTRREF"):
        remittance = ("BETALINGSKENMERK " if fields.get("ISSR") == "CUR" else "") + fields["CDTRREF"]
    eref = fields.get("EREF", "")
    return _swift_payer(fields), join_unique([remittance, "" if is_placeholder(eref) else eref])


def swift_return_reason(info: str) -> str | None:
    """The reason code of /RTRN/ (Rabobank's and ING's SEPA returns, 'MS03'), '' for the tag
    without one, None when the :86: has none: a credit so marked is a payment of ours returned."""
    if "/RTRN/" not in info.replace("\n", ""):
        return None
    return _swift_fields(clean(_unwrapped(info, tagged=True))).get("RTRN", "").split("/")[0]


# the payer's name after a label, to the end of the line, a ';', the next label or a run of spaces:
# Knab '/NAAM: MMS ONLINE B.V.', mBank 'OD: JAN NOWAK' (Polish 'from'), old ABN AMRO
# 'NAAM: BHBBAAA B.V.              MACHTIGING: BHV001'
_NAME_LABEL = re.compile(r"\b(?:NAAM|NAME|OD)\s*:\s*([^;\n]+?)(?=\s{2,}|\s+[A-Z]{2,}\s*:|[;\n]|\s*$)", re.IGNORECASE)


# UK banks' statement text naming the payer after the last FROM (Santander's 'FASTER PAYMENTS
# RECEIPT REF.ABC123 FROM A Smith', 'CREDIT FROM ...', 'REGULAR TRANSFER FROM ...'; a reference can
# hold a FROM of its own, so the last one)
_FROM_PAYER = re.compile(r"^(?:FASTER PAYMENTS RECEIPT\b.*\bFROM|(?:REGULAR )?TRANSFER FROM|CREDIT FROM)"
                         r"\s+(\S.*?)\s*$", re.IGNORECASE | re.DOTALL)


# the originator's tags of US banks' wire and ACH text, which their MT940 carries as free :86: text
# (HSBC, JPMorgan: 'FEDWIRE CREDIT VIA: <bank> B/O: <name> <address> REF: ... OBI: ...')
_US_NAME_TAG = re.compile(r"(?<![A-Z])(?:B/O|BY ORDER OF|ORIG CO NAME|ORIGINATOR NAME|ORIG NAME|ORG NAME)\s*:")


def _full_lines_run_on(info: str) -> str:
    """The :86: free text with each full line run into the next, as _unwrapped joins them (banks
    that wrap free text at the line's width cut words: PostFinance's 'XXXXXXXXSTR' + 'ASSE 111'),
    and every other line break kept: _free_text_payer reads a first line by it, and a name label
    ends at it (mBank's 'OD: KLIENT TESTOWY SP. Z O.O. ' before its address line)."""
    lines = info.split("\n")
    return "".join(line + ("" if len(line) >= SWIFT_LINE else "\n") for line in lines[:-1]) + lines[-1]


def _free_text_payer(info: str) -> str:
    """Free text: a UK bank's payer after FROM, a US bank's originator tag, a name label, a name in
    the colon-separated field before the payer's IBAN (Penta: '999SEPA_CREDIT_TRANSFER:Rechnung Nr
    7983:SRB Steuerberatungsgesellschaft mbH:DE70...'), or a first line that is an account then a
    name only ('NL29INGB0006475121 j blom', ASN; '0111111111 ING Bank N.V. inzake TEST', ING)."""
    sender = _FROM_PAYER.match(clean(info))
    if sender:
        return sender.group(1)
    if _US_NAME_TAG.search(info):  # a US bank's wire or ACH text, as its BAI2 gives it
        return bai2_payer_and_reference("", clean(info))[0]
    label = _NAME_LABEL.search(info)
    if label:
        return clean(label.group(1))
    fields = [clean(f) for f in info.replace("\n", "").split(":")]
    before_iban = next((fields[k - 1] for k in range(2, len(fields)) if _IBAN.fullmatch(fields[k])), "")
    if re.match(r"[^\W\d_]", before_iban):
        return before_iban
    first_line = clean(info.split("\n", 1)[0])
    name = strip_account(first_line)
    # a name starts with a word, not a code ('0111111111 EJ46GREENP100610T1456' is no payer), and
    # is more letters than digits ('7170030400010058 GR 417844', Bank Danamon, is an account and a code)
    looks_like_name = re.match(r"[^\W\d_][^\W\d_.'-]*[.'-]?(\s|$)", name) is not None and ":" not in name \
        and sum(c.isalpha() for c in name) > sum(c.isdigit() for c in name)
    return name if _LEADING_ACCOUNT.match(first_line) and looks_like_name else ""


# What banks write in the :61: customer reference to say where the reference is rather than what
# it is: Rabobank's 'EREF' (the end-to-end id, in :86: /EREF/), 'PREF' (a batch's payment
# information id), 'MARF' (a mandate), a German bank's empty SEPA key 'KREF+' (LBBW). They carry
# nothing: dropped like NONREF.
_CUSTOMER_REF_KEYS = frozenset({"EREF", "PREF", "MARF", "KREF+", "EREF+", "MREF+"})


def _own_customer_ref(customer_ref: str) -> bool:
    return bool(customer_ref) and not is_placeholder(customer_ref) and customer_ref.upper() not in _CUSTOMER_REF_KEYS


def mt940_payer_and_reference(info: str, supplementary: str, customer_ref: str, named: str = "") -> tuple[str, str]:
    """From the :86: text, the :61: supplementary details, the :61: customer reference and a name
    after it on the :61: line (old Rabobank), which names the payer where the :86: does not."""
    parsed = _structured(info) or _swift_tagged(info)
    if parsed is None:
        text = _full_lines_run_on(info)
        parsed = _free_text_payer(text), clean(text)
    payer, reference = parsed
    payer = payer or named
    counterparty_iban = _IBAN.fullmatch(customer_ref) is not None
    if not payer and supplementary and counterparty_iban:
        payer = clean(supplementary)  # ASN: the :61: carries the payer's IBAN, then their name
    elif not info.strip() and supplementary:
        # no :86:: the :61: supplementary details are the line's only words (SWIFT's MT940 example,
        # 'ORDER BK OF NYC WESTERN CASH RESERVE')
        reference = clean(supplementary)
    if _own_customer_ref(customer_ref) and not counterparty_iban:
        reference = join_unique([reference, customer_ref])
    return payer, reference
