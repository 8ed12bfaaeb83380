"""How a remittance introduces its numbers: as a document's, or as something else's.

A short number is a deliberate quote after a document word ('Invoice 1042', 'Rechnung Nr. 1042');
a number after a word naming another kind of number (a check's, an account's, a customer's) is
none of the invoices', however many invoices end with it: 'CHECK NO 3793 INV 1042' pays 1042,
and invoice 3793 is another customer's. Sources of the words: docs/cash_application.md
("Numbers named as something else").
"""

from __future__ import annotations

import re

# Words a payer writes in front of a document number (English, German, Spanish, French, Italian,
# Dutch, Portuguese, Nordic, Finnish, Hungarian, Polish): they make a short number a deliberate
# quote rather than a quantity or a year.
# N is what stays of the French and Italian 'n°' (the degree sign is no letter; 'Nº' folds to NO);
# EREF is a SEPA transfer's end-to-end reference as German statements print it ('EREF+1042').
# Abbreviated as typed: 'Fakt.', 'Fact.', 'Fatt.', 'Rchg', Spanish and Finnish 'nro'; Finnish
# 'lasku' (and 'laskunro'), Hungarian 'számla' (accents dropped), Nordic 'fakturanr', Polish
# 'faktury nr', a Mexican CFDI's 'folio'; Spanish 'fra.' (the RAE's Diccionario panhispánico de
# dudas, appendix 2), Polish 'FV' and 'FVAT' (faktura VAT), Brazil's 'NF' and 'NF-e' (nota fiscal,
# eletrônica: Ajuste SINIEF 07/05; 'NFS-e', 'NFSe' and 'Nota Fiscal' of a service's: LC 116/2003),
# the Czech and Slovak variable symbol 'VS' (a payment's numeric id, by convention the invoice's).
# Not Croatian 'račun', which names a bank account too.
DOCUMENT_WORDS = frozenset("INV INVS INVOICE INVOICES INVNO BILL BILLS NO NR NRO N NUM NUMBER NOS REF EREF DOC RECHNUNG "
                           "RECHNUNGEN RG RECH RCHG FACTURA FACTURAS FACTURE FACTURES FACT FA FAC FACTUUR FACTUURNR "
                           "FACTUURNUMMER FATURA FAKTURA FAKTURY FAKTURANR FAKTURANUMMER FAKT FATTURA FATT FAT FRA "
                           "FV FVAT NF NFE NFS NFSE FISCAL VS LASKU LASKUNRO LASKUNUMERO SZAMLA SZAMLASZAM FOLIO RMT "
                           "REMIT SCHET SCHETU SCHETA SCHETAM RAKHUNOK RAKHUNKU RAKHUNKA RAHUNOK".split())
# "and" between numbers: English, German, French, Spanish, Italian and Portuguese, Dutch, Danish and Norwegian,
# Swedish, Polish
LIST_WORDS = frozenset("AND UND ET Y E EN OG OCH I PLUS".split())
# Words naming the number after them as another thing's: a check deposited (lockbox and BAI2 check
# lines, 'CHQ' in Canada and the UK, German 'Scheck') and the lockbox and batch it came in, the
# payer's account or customer number with the payee (German 'Kd.-Nr.', Dutch 'klantnummer'), a
# SEPA direct debit's mandate or creditor id ('MREF+', 'CRED+' in German statements' purpose
# text), a card or a transfer's own trace or confirmation. Words of four letters or more, or the
# check's and the German customer number's own abbreviations: a shorter word may be an invoice
# prefix ('ACC-0042').
CUSTOMER_NUMBER_WORDS = frozenset("ACCT ACCOUNT KONTO CUST CUSTOMER CLIENT CLIENTE KUNDE KUNDEN KUNDENNR "
                                  "KUNDENNUMMER KD KDNR KLANT KLANTNUMMER".split())
# and a company's tax id or a bank account of Latin America and India (Argentina's CUIT and CBU,
# Brazil's CNPJ and CPF, Chile's RUT, Peru's RUC, Colombia's NIT, Mexico's RFC and CLABE, India's
# GSTIN) or an Indian transfer's own references (UTR, RRN)
# and a contract's or agreement's number (English, Russian and Ukrainian transliterated, German,
# Spanish, French, Italian, Polish, Uzbek), Kazakhstan's payment purpose and beneficiary codes (KNP,
# KBe: the National Bank's codes), a company's tax id there and in Russia and Ukraine (BIN, IIN,
# INN, EDRPOU), a VAT id
OTHER_NUMBER_WORDS = CUSTOMER_NUMBER_WORDS | frozenset("CHECK CHECKS CHK CHQ CHEQUE CHEQUES SCHECK LOCKBOX BATCH MREF "
                                                       "CRED MANDAT MANDATE TRACE CONF CONFIRMATION CARD CUIT CUIL CBU "
                                                       "CNPJ CPF RUT RUC NIT RFC CLABE GSTIN UTR RRN CONTRACT CONTRACTS "
                                                       "AGREEMENT DOGOVOR DOGOVORU DOGOVORA DOGOVIR DOGOVORY UGODA UGODY "
                                                       "UGODI VERTRAG CONTRATO CONTRAT CONTRATTO KONTRAKT UMOWA UMOWY "
                                                       "SHARTNOMA KNP KBE BIN IIN INN EDRPOU VAT".split())
# Cyrillic words that label a number, in the Latin letters of the words above, read before the
# script's other letters are dropped: an invoice (счёт, рахунок), a contract (договор, договір,
# контракт, угода), the VAT (НДС, ПДВ, ҚҚС), Kazakhstan's payment codes (КНП, КБе), tax ids
# (a key of three letters is the whole word, a longer one the start of the word's forms)
_CYRILLIC_LABELS = {"СЧЕТ": "SCHET", "СЧЁТ": "SCHET", "РАХУН": "RAKHUNOK", "ДОГОВ": "DOGOVOR", "КОНТР": "CONTRACT",
                    "УГОД": "UGODA", "НДС": "VAT", "ПДВ": "VAT", "ҚҚС": "VAT", "КНП": "KNP", "КБЕ": "KBE", "БИН": "BIN",
                    "ИИН": "IIN", "ИНН": "INN", "ЕДРП": "EDRPOU"}
_CYRILLIC_LABEL = re.compile(r"(?i)\b(?:" + "|".join(key + (r"\w*" if len(key) > 3 else r"\b")
                                                     for key in _CYRILLIC_LABELS) + ")")


def latin_labels(text: str) -> str:
    """The text with the Cyrillic words that label a number written in Latin letters."""
    return _CYRILLIC_LABEL.sub(_latin_label, text)


def _latin_label(word: re.Match[str]) -> str:
    upper = word.group().upper()
    return f" {next(latin for start, latin in _CYRILLIC_LABELS.items() if upper.startswith(start))} "
LABEL_FILLERS = frozenset({"NO", "NR", "NRO", "N", "NUM", "NUMBER", "ID", "NOS"})  # 'CUSTOMER ACCOUNT NUMBER 10442'
_APART = re.compile(r"[\s#:.+]")  # 'CHK 3793', 'CHK#3793', 'Acct. 4471', 'MREF+4471'; not 'ACC-0042', 'CHK3793'
_SAME_NUMBER = frozenset("-/._:")  # '4471-2231': one number split by a separator


def other_numbers(text: str, chunks: list[tuple[int, int, str]], numeric: list[bool]) -> list[bool]:
    """Which chunks belong to a number introduced by a word of OTHER_NUMBER_WORDS (maybe through
    'NO', 'NUMBER', 'ID'), set apart from it by a space, '#', ':' or '.'."""
    other = [False] * len(chunks)
    if OTHER_NUMBER_WORDS.isdisjoint(chunk for _, _, chunk in chunks):
        return other
    labelled, previous_end, k = False, 0, 0
    while k < len(chunks):
        start, end, chunk = chunks[k]
        if not numeric[k]:
            labelled = chunk in OTHER_NUMBER_WORDS or (labelled and chunk in LABEL_FILLERS)
        elif labelled and _APART.search(text[previous_end:start]):
            other[k] = True
            while k + 1 < len(chunks) and numeric[k + 1] and text[end:chunks[k + 1][0]] in _SAME_NUMBER:
                k += 1
                other[k] = True
                end = chunks[k][1]
            labelled = False
        else:
            labelled = False
        previous_end = end
        k += 1
    return other


def marked_chunks(text: str, chunks: list[tuple[int, int, str]], numeric: list[bool]) -> list[bool]:
    """Which numeric chunks are introduced as document numbers: after a document word or '#'
    (and the numbers listed right after it), glued to a document word ('INVOICES2995'), or in a
    reference that holds nothing but numbers. Any other word ends a list."""
    if all(numeric):
        return [True] * len(chunks)
    marked, listing, previous_end = [], False, 0
    for (start, end, chunk), is_numeric in zip(chunks, numeric):
        if "#" in text[previous_end:start]:
            listing = True
        if not is_numeric and chunk not in LIST_WORDS:
            listing = chunk in DOCUMENT_WORDS
        marked.append(is_numeric and (listing or chunk.rstrip("0123456789").rstrip("-") in DOCUMENT_WORDS))
        previous_end = end
    return marked
