"""A customer's own id quoted in the remittance text recognises the customer, as its name would.

AP clerks quote the account or customer number the biller prints on its invoices and statements
when they have no invoice number at hand ('Kd-Nr. 0000100234', 'ACCT cus_NffrFeUfNV2Hib',
'Customer CUST-004417'). The contract gives one such number: the billing system's customer_id
(Stripe `cus_…`, NetSuite `CUST1234`, SAP's ten-digit debtor number, Xero's contact GUID, a
home-grown `C-00042`). It is compared on the same keys as invoice numbers (numbers.number_key:
case, separators, look-alike letters and leading zeros do not count). Only ids that cannot be
something else count: six key characters or more with a digit (ten without), no invoice or PO number
with the same key, one customer per key; an id of digits only ('100234', a SAP debtor; '60553', four
digits or more) needs a customer or account word in front of it ('Kd-Nr.', 'Acct', 'Customer No'),
since bare digits may be a check, a PO or an amount. So does the number of an id written as a prefix and a
number (NetSuite's autonumbered `CUST93599`, `C-00042`), which clerks quote as the customer
number it is ('CUST NO 93599', 'Customer # 93599'): its digits, four or more, name the customer
when a customer word comes before them.
"""

from __future__ import annotations

import re

from reconcilers.numbers import CHUNK, HAS_DIGIT, JOINER, MAX_TOKENS_PER_LINE, alnum, fold
from reconcilers.quoting import CUSTOMER_NUMBER_WORDS, LABEL_FILLERS

MIN_ID_KEY = 6  # QuickBooks' customer ids ('58') are as short as its invoice numbers: never read
MIN_LETTERS_ID_KEY = 10  # an id of letters only (a Stripe id drawn without a digit: 'cus_SQbJgoFinDSssV')
MAX_ID_CHUNKS = 5  # a GUID is five groups: 'bd2270c3-8706-4c11-9cfb-000b551c3f51'
MAX_TEXT = 20_000  # as numbers.readable_text: a 10 kB reference is read, not more
_HEAD = 4  # key characters an id is first looked up by
MIN_PREFIXED_NUMBER = 4  # 'CUST NO 42' is as likely a count or a line number
_PREFIXED_NUMBER = re.compile(r"[A-Z]+[-_ ]?(\d+)")  # 'CUST93599', 'C-00042'


class CustomerIds:
    """The customers whose own id, quoted, names them: key -> customer_id."""

    def __init__(self, customer_ids: set[str], taken_keys: set[str]):
        owners: dict[str, set[str]] = {}
        for customer in customer_ids:
            key = fold(alnum(customer)).lstrip("0")  # numbers.number_key, without its bare key
            # an id of digits only, read only after a customer word, may be as short as a prefixed
            # id's number: Recurly's and Maxio's account codes, a German Kundennummer ('60553')
            if (len(key) >= MIN_LETTERS_ID_KEY or len(key) >= MIN_ID_KEY and HAS_DIGIT(customer)
                    or key.isdigit() and len(key) >= MIN_PREFIXED_NUMBER) and key not in taken_keys:
                owners.setdefault(key, set()).add(customer)
            # the number of a prefixed id, read only after a customer word (quoted())
            prefixed = _PREFIXED_NUMBER.fullmatch(customer.upper())
            number = prefixed.group(1).lstrip("0") if prefixed else ""
            if len(number) >= MIN_PREFIXED_NUMBER and number not in taken_keys:
                owners.setdefault(number, set()).add(customer)
        self.owners = {key: next(iter(found)) for key, found in owners.items() if len(found) == 1}
        self.heads = {key[:_HEAD] for key in self.owners}  # most runs of a reference start no id

    def quoted(self, reference: str | None) -> dict[str, str]:
        """customer -> the id as read, for every customer whose id the reference quotes."""
        if not self.owners or not reference:
            return {}
        text = reference[:MAX_TEXT].upper()
        chunks = [(m.start(), m.end(), m.group()) for m in CHUNK.finditer(text)][:2 * MAX_TOKENS_PER_LINE]
        folded = [fold(chunk) for _, _, chunk in chunks]
        found: dict[str, str] = {}
        for start in range(len(chunks)):
            key = ""
            for end in range(start, min(start + MAX_ID_CHUNKS, len(chunks))):
                if end > start and not JOINER.match(text[chunks[end - 1][1]:chunks[end][0]]):
                    break
                key = (key + folded[end]).lstrip("0")
                if len(key) >= _HEAD and key[:_HEAD] not in self.heads:
                    break
                customer = self.owners.get(key)
                if customer and customer not in found and (not key.isdigit() or _labelled(chunks, start)):
                    found[customer] = text[chunks[start][0]:chunks[end][1]]
        return found


def _labelled(chunks: list[tuple[int, int, str]], start: int) -> bool:
    """The chunk at start follows a customer or account word ('Kd-Nr.', 'Customer No', 'Acct')."""
    k = start - 1
    while k >= 0 and chunks[k][2] in LABEL_FILLERS:
        k -= 1
    return k >= 0 and chunks[k][2] in CUSTOMER_NUMBER_WORDS
