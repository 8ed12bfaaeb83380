"""Text normalisation for cash application: payer names and non-customer lines."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from reconcilers.kana import has_kana, romanised
from reconcilers.scripts import has_other_script, in_latin_letters

# What banks put in front of the ordering customer's name: a SWIFT field tag (/NAME/; field 50F's
# name line '1/'), the payment type (Zelle and Interac e-Transfer too; South African banks' clearing
# ('ACB CREDIT', 'MAGTAPE CREDIT', 'RTC CREDIT': the BankservAfrica batch and real-time streams) and
# channel ('FNB OB PMT', 'INTERNET TRF FROM', 'IB PAYMENT FROM', 'IMMEDIATE PAYMENT', 'DIGITAL
# PAYMENT CR'), Ghana's GhIPSS ('GIP TRF FROM', 'GHIPSS ACH CR')), and a label (NACHA 'ORIG CO
# NAME:', SWIFT MT103 field 50 'B/O', 'BY ORDER OF', French 'VIR RECU DE').
# South African banks' clearing streams and channels, Ghana's GhIPSS (narrations.py reads what follows)
CHANNEL = r"(?:ACB|MAGTAPE|RTC|FNB (?:OB|APP)|INTERNET|IB|IMMEDIATE|DIGITAL|REAL[- ]TIME|GIP|GHIPSS(?: ACH)?)"
TRANSFER_WORD = r"(?:CREDIT|CR|TRANSFER|TRF|PAYMENT|PMT)"
_PAYER_PREFIXES = re.compile(
    r"^(?:1/(?=[A-Z]))?(?:/(?:NAME|ORDP|ORD|BENM)/\s*)?"
    r"(?:(?:ACH|SEPA|WIRE|FEDWIRE|SWIFT|CHIPS|RTP|BACS|FPS|EFT|CHAPS|GIRO|ZELLE|INTERAC(?: E-?TRANSFER)?"
    r"|E-?TRANSFER)\s+"
    # a French or Moroccan bank's cheque deposit and its number: the drawer's name follows
    r"|REMISE (?:DE )?CH(?:E|È)QUES?(?: N(?:O|°)?\.?)?(?: \d+)?\s+"
    # a word that is a channel only before a transfer's word ('INTERNET TRF', not 'INTERNET FLOWERS')
    rf"|{CHANNEL}\s+(?={TRANSFER_WORD}\b))?"
    r"(?:(?:CREDIT|CR|TRANSFER|TRF|PAYMENT|PMT|DEPOSIT|IN|INCOMING|RECEIVED)\s+)*"
    r"(?:(?:FROM|BY ORDER OF|B/O|ORIG(?:INATOR)?(?: CO)?(?: NAME)?|ORDERING (?:CUSTOMER|PARTY)|PAYER|REMITTER|DEBTOR"
    # French and North African banks' 'transfer received from'
    r"|VIR(?:EMENT)?(?: SEPA)? RE(?:C|Ç)U DE|VIR(?:EMENT)? DE)"
    r"(?:\s*[:/]\s*|\s+)|(?:NAME|ORIG ID|IND NAME)\s*:\s*)?"
)
# What banks write after the name: the other fields of an ACH descriptor (Chase's 'ORIG CO NAME:X
# ORIG ID:... DESC DATE:... CO ENTRY DESCR:... SEC:CCD TRACE#:... EED:... IND ID:... IND NAME:...
# TRN:...'), a labelled number ('ACCT 12345678', 'CONF# 0042315'), a routing or account number
# after a slash, a transfer's confirmation code of letters and digits ('Zelle Payment From X
# Jpm667438464'). A bare number stays: a name can end with one ('Store 0042', 'Fjord Analytics
# 21360'), and a slip of the hand can lengthen it.
_PAYER_TRAILER = re.compile(
    r"\s+(?:ORIG ID|ORG ID|CO ID|IND ID|IND NAME|DESC DATE|CO ENTRY DESCR|ENTRY DESCR|SEC|TRACE ?#?|EED|TRN)\s*:.*$"
    r"|\s+(?:ID|ACCT|ACCOUNT|A/C|CONF(?:IRMATION)?|TRACE|REF)\s*(?:#|NO\.?)?\s*:?\s*\d[\d-]{5,}(?:\s.*)?$"
    r"|\s*/\s*\d{6,}\s*$|\s+(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{10,}\s*$"
    # a postal address after the name (SWIFT 50K's address lines, flattened by a bank's export): a
    # house number, a street's name and its type (USPS Publication 28's common suffixes; rue, via,
    # calle), a PO box, a German street and its number
    r"|\s+\d{1,6}[A-Z]?\s+(?:(?:[A-Z][A-Z.'-]*|\d+(?:ST|ND|RD|TH))\s+){1,3}?"
    r"(?:ST|STREET|AVE|AVENUE|RD|ROAD|BLVD|BOULEVARD|DR|DRIVE|LN|LANE|WAY|PL|PLACE|PLAZA|CT|COURT|HWY|HIGHWAY"
    r"|PKWY|PARKWAY|SQ|SQUARE|TER|TERRACE|CIR|CIRCLE)\b.*$"
    r"|\s+\d{1,5}\s+(?:RUE|VIA|CALLE|AVENIDA|CHEMIN)\s.*$|\s+P\s?\.?\s?O\.?\s+BOX\b.*$"
    r"|\s+[A-Z]+(?:STR|STRASSE|WEG|PLATZ|ALLEE)\.?\s+\d+.*$")
# One payer field, two businesses or two names of one: an agent or custodian paying for its client
# ('BILL.COM FBO ACME', '... ON BEHALF OF ACME': the client is the payer), the payer care of an
# agent ('ACME C/O BILL.COM'), and a legal entity trading under another name ('ACME HOLDINGS LLC
# DBA ACME ANALYTICS': US 'doing business as', UK 'T/A', trading as), where either may be billed.
_FOR_CLIENT = re.compile(r"^.*?\b(?:FBO|F/B/O|OBO|O/B/O|ON BEHALF OF|FOR (?:THE )?BENEFIT OF)\s+(?=\S)")
_CARE_OF = re.compile(r"\s+(?:C/O|CARE OF)\s.*$")
_TRADING_AS = re.compile(r"\s+(?:DBA|D/B/A|T/A|AKA|A/K/A|TRADING AS)\s+(?=\S)", re.IGNORECASE)
# Words banks and AP clerks shorten, read as the full word on both sides, so 'ACME INTL MFG'
# and 'Acme International Manufacturing' compare equal and a truncated full word still matches.
_ABBREVIATIONS = {
    "INTL": "INTERNATIONAL", "MFG": "MANUFACTURING", "MFRS": "MANUFACTURERS", "SVCS": "SERVICES",
    "SVC": "SERVICES", "SRVCS": "SERVICES", "TECH": "TECHNOLOGY", "TECHS": "TECHNOLOGIES", "GRP": "GROUP",
    "SYS": "SYSTEMS", "SYST": "SYSTEMS", "ASSOC": "ASSOCIATES", "ASSOCS": "ASSOCIATES", "MGMT": "MANAGEMENT",
    "DEPT": "DEPARTMENT", "BROS": "BROTHERS", "NATL": "NATIONAL", "INDS": "INDUSTRIES", "IND": "INDUSTRIES",
    "ENGG": "ENGINEERING", "ENGR": "ENGINEERING", "DIST": "DISTRIBUTION", "DISTR": "DISTRIBUTION",
    "SOLNS": "SOLUTIONS", "SOLN": "SOLUTIONS", "COMMS": "COMMUNICATIONS", "PRODS": "PRODUCTS",
    "MKTG": "MARKETING", "CTR": "CENTER", "CENTRE": "CENTER", "LABORATORIES": "LABS", "LAB": "LABS",
    "HLDGS": "HOLDINGS", "HLDG": "HOLDINGS", "HOLDG": "HOLDINGS", "HOLDING": "HOLDINGS",
    # French 'Éts' and 'Cie' (établissements, compagnie: the Office québécois de la langue française's
    # list of abbreviations), Spanish 'Cía.' and 'Hnos.' (compañía, hermanos: the RAE's Diccionario
    # panhispánico de dudas, appendix 2)
    "ETS": "ETABLISSEMENTS", "CIE": "COMPAGNIE", "CIA": "COMPANIA", "HNOS": "HERMANOS",
}
# Business words as USPS Publication 28 (352, appendix G) abbreviates them, which US banks' name
# fields and address tools print (ST MARYS MED CTR, GEN HOSP ASSN, MTN VIEW PTNRS); read so before
# a name's last word only, which may be a longer word cut at the field's width (ORION HORIZON ST for
# STUDIOS, WILLOW QUEST MED for MEDIA) and is compared as such
_ABBREVIATIONS_INSIDE = {
    "ASSN": "ASSOCIATION", "HOSP": "HOSPITAL", "MED": "MEDICAL", "UNIV": "UNIVERSITY", "GEN": "GENERAL",
    "INS": "INSURANCE", "INST": "INSTITUTE", "AGCY": "AGENCY", "ENGRG": "ENGINEERING", "DISTRIB": "DISTRIBUTION",
    "PTNRS": "PARTNERS", "PTNR": "PARTNERS", "PRTNRS": "PARTNERS", "MTN": "MOUNTAIN", "NTHN": "NORTHERN",
    "NORTHN": "NORTHERN", "STHN": "SOUTHERN", "SOUTHN": "SOUTHERN", "ACAD": "ACADEMY", "SCH": "SCHOOL",
    "SOC": "SOCIETY", "GOVT": "GOVERNMENT", "EQUIP": "EQUIPMENT", "CONSTR": "CONSTRUCTION", "AMERN": "AMERICAN",
    "FINL": "FINANCIAL", "FINCL": "FINANCIAL", "PROPS": "PROPERTIES", "PPTYS": "PROPERTIES", "RLTY": "REALTY",
    "INVTS": "INVESTMENTS", "ENTPRS": "ENTERPRISES", "ENTPR": "ENTERPRISES", "MGT": "MANAGEMENT",
    "SVGS": "SAVINGS", "BK": "BANK", "ST": "SAINT",
}
# Legal forms, dropped from names on both sides. Beyond the English-speaking ones, the commercial
# companies' abbreviations of ISO 20275's Entity Legal Forms code list (GLEIF, v1.5) for the
# countries customers are billed in, spelt as normalise_name leaves them ('Sp. z o.o.' -> SPZOO,
# 'S.A. de C.V.' -> SADECV, 'Ltd. Şti.' -> LTD STI): Denmark ApS, AmbA; Norway ASA, ANS; Finland
# Oyj; Iceland ehf.; Poland Sp. z o.o., sp.k., sp.j.; Czechia and Slovakia s.r.o., spol. s r.o.;
# Hungary Kft., Zrt., Nyrt.; Croatia and Slovenia d.o.o.; Bulgaria EOOD, OOD, EAD; Lithuania UAB;
# Latvia SIA; Germany and Austria UG (haftungsbeschränkt), gGmbH, OHG, KGaA, e.K., e.V., mbH,
# Ges.m.b.H.; Switzerland Sagl, Sàrl; France SASU, EURL, SNC; Belgium BVBA, SPRL, CVBA; the
# Netherlands VOF; Spain S.L. (written SL too), S.L.U., S.A.U.; Portugal and Brazil Lda., Ltda.,
# EIRELI; Mexico S.A. de C.V., S. de R.L. (de C.V.); Turkey Ltd. Şti.; Malaysia Sdn. Bhd.; Indonesia PT, Tbk; Japan
# K.K., G.K., Y.K., kabushiki kaisha; Ireland DAC, ULC; the US PLLC, PC, LLLP; the EU SE; Russia
# OOO, ZAO, OAO, PAO; Ukraine TOV, PrAT; Greece A.E., EPE, IKE (spelt from their letters). Left
# out: forms that are common words or initials of names (EU, BT, PA, HF, KY, AD).
COMMON_LEGAL_FORMS = frozenset(
    "INC INCORPORATED LLC L L C LTD LIMITED CORP CORPN CORPORATION CO COMPANY GMBH AG SA SAS SARL BV NV PLC "
    "LLP LP PTY SRL SPA AB AS OY KG KK PVT PTE THE HOLDINGS".split())
LEGAL_SUFFIXES = COMMON_LEGAL_FORMS | frozenset(
    "APS AMBA ASA ANS OYJ EHF SPZOO SPK SPJ SRO SPOLSRO KFT ZRT NYRT DOO EOOD OOD EAD UAB SIA UG "
    "HAFTUNGSBESCHRANKT HAFTUNGSBESCHRAENKT GGMBH OHG KGAA EK EV MBH GESMBH SAGL SASU EURL SNC BVBA SPRL CVBA VOF "
    "SL SLU SAU LDA LTDA EIRELI SADECV SDERL SDERLDECV STI SDN BHD PT TBK GK YK KABUSHIKI KAISHA DAC ULC PLLC PC LLLP "
    "SE OOO ZAO OAO PAO TOV PRAT EPE IKE AE".split())
# Forms that are also initials or words of names ('EV Connect', 'PC Connection', 'SE Ranking', 'GK
# Software', 'PT Solutions', 'SIA Engineering', 'Ike Behar'): forms only in the run of forms that
# ends a name. Indonesia's PT and Latvia's SIA, which come first, stay there: a name left with one
# word ('PT SOLUTIONS' as SOLUTIONS) would be read as another company's.
_FORMS_AT_ENDS = frozenset("EV EK PC SE UG GK YK STI PT SIA SNC DAC ULC SL SAU SLU LDA SPK SPJ ANS EAD OOD MBH SDN TBK "
                           "VOF AE IKE EPE PRAT".split())
_FORMS_FIRST = LEGAL_SUFFIXES - _FORMS_AT_ENDS
_NOT_WORD = re.compile(r"[^0-9A-Z]+")
# Legal forms that end a name: what a bank prints after one is the payer's city or address
# ('ACME CORP NEW YORK'), or the rest of a legal form ('GMBH & CO KG'). Forms that are words of
# names too are left out: CO, COMPANY, HOLDINGS, THE ('Smith & Co Engineering'), AG ('Midwest Ag
# Services'), SA, SAS, NV, SPA, BV, OY, KK.
_NAME_ENDS = frozenset("INC INCORPORATED LLC LTD LIMITED CORP CORPORATION GMBH PLC SARL LLP PTY APS ASA OYJ EHF "
                       "SPZOO SRO SPOLSRO KFT ZRT NYRT DOO EOOD OOD UAB GGMBH KGAA SAGL SASU EURL BVBA SPRL LTDA "
                       "EIRELI SADECV SDERL SDERLDECV SLU BHD TBK PLLC SRL".split())


# Letters with no accent to strip, spelt as banks and passports spell them in the Latin alphabet
# (EPC217-08, the SEPA character set's conversion table; ICAO Doc 9303 part 3, which also gives
# the Cyrillic and Greek letters' Latin spelling): without this they would be lost ('Ørsted' read
# as RSTED, 'Großmann' as GROMANN, 'ООО Ромашка' as nothing). Ø as O, as SEPA converts it.
_CYRILLIC = dict(zip("АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯЂЃЅЈЉЊЋЌЎЏ",
                     ("A B V G G D E IE ZH Z I I I I K L M N O P R S T U F KH TS CH SH SHCH IE Y - E IU IA D G DZ J "
                      "LJ NJ C K U DZ").split()))
_GREEK = dict(zip("ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ", "A V G D E Z I TH I K L M N X O P R S T Y F CH PS O".split()))
_LETTERS = str.maketrans({"ß": "ss", "ẞ": "SS", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Ø": "O", "ø": "o",
                          "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th",
                          "ı": "i", "Ħ": "H", "ħ": "h", "Ŧ": "T", "ŧ": "t", "Ŋ": "N", "ŋ": "n", "ς": "S",
                          **{k: "" if v == "-" else v for k, v in (_CYRILLIC | _GREEK).items()},
                          **{k.lower(): "" if v == "-" else v for k, v in (_CYRILLIC | _GREEK).items()}})
_GREEK_OU = re.compile("ΟΥ|Ου|ου|ΟΎ|ού")  # Greek's OU is one sound, not O and Y
# The other spelling of a name's umlauts and Nordic vowels: Ä as AE, Ö and Ø as OE, Ü as UE, Å as
# AA (ICAO Doc 9303 part 3's transliteration, DIN 5007-2; German and Swiss banks and AP clerks
# write 'MUELLER' for Müller, Danish ones 'AALBORG' for Ålborg), where SEPA's conversion drops
# the dots ('MULLER'), which normalise_name does.
_DIGRAPHS = {"Ä": "Ae", "ä": "ae", "Ö": "Oe", "ö": "oe", "Ø": "Oe", "ø": "oe", "Ü": "Ue", "ü": "ue", "Å": "Aa",
             "å": "aa"}
_DIGRAPH_LETTER = re.compile(f"[{''.join(_DIGRAPHS)}]")


def digraph_spelling(name: str | None) -> str:
    """'Müller GmbH' -> 'Mueller GmbH', 'MÜLLER' -> 'MUELLER', 'Ålborg Træ' -> 'Aalborg Træ': the
    name spelt with the digraphs for its umlauts and Nordic vowels; '' when it has none."""
    def spelt(found: re.Match) -> str:
        text, k = found.string, found.start()
        in_capitals = (k + 1 < len(text) and text[k + 1].isupper()) or (k > 0 and text[k - 1].isupper())
        return _DIGRAPHS[found[0]].upper() if found[0].isupper() and in_capitals else _DIGRAPHS[found[0]]
    return "" if not name or name.isascii() or not _DIGRAPH_LETTER.search(name) else _DIGRAPH_LETTER.sub(spelt, name)


# An ASCII name's AE, OE, UE and AA read as the umlauts and Nordic vowels they may spell, printed
# without the dots: a customer billed as 'Mueller GmbH' (a billing system or CRM typed in ASCII)
# whose bank converts the registered 'Müller' to SEPA's basic set (EPC217-08) prints MULLER. AE, OE
# UE and AA first in a word or after a consonant but Q ('Oeko' for Öko, 'Aalborg' for Ålborg), and
# only before another letter: 'Queen', 'Blue' and 'Joe' keep theirs.
_DIGRAPH_READ = re.compile(r"(?<![aeiouq])(?:ae|oe|ue|aa)(?=[a-z])", re.IGNORECASE)


def undotted_spelling(name: str | None) -> str:
    """'Mueller GmbH' -> 'Muller GmbH', 'AALBORG TRAE' -> 'ALBORG TRAE': an ASCII name with its
    digraphs read as umlauts or Nordic vowels and their dots dropped; '' when it has none."""
    if not name or not name.isascii():
        return ""
    spelt = _DIGRAPH_READ.sub(lambda found: found[0][0], name)
    return spelt if spelt != name else ""


def other_spelling(name: str | None) -> str:
    """A customer name's other spelling at a bank: with digraphs where it has umlauts or Nordic
    vowels (digraph_spelling), without the dots where its digraphs may stand for them
    (undotted_spelling); '' when it has none."""
    return digraph_spelling(name) or undotted_spelling(name)


@lru_cache(maxsize=1 << 18)  # every customer name is normalised by two recognisers; payers repeat
def normalise_name(name: str | None) -> str:
    """'ACH CREDIT ACME Industries, Inc.' -> 'ACME INDUSTRIES': what stays the same across a billing
    name, a CRM name and the name a bank prints ('&' and 'and' dropped, abbreviations spelt out)."""
    if not name:
        return ""
    text = _PAYER_PREFIXES.sub("", _plain_upper(name).strip())
    text = _TRADING_AS.split(_CARE_OF.sub("", _FOR_CLIENT.sub("", text, count=1)))[-1]  # the trade name
    text = _PAYER_TRAILER.sub("", text) or text  # a field that is nothing but a number keeps it
    text = _INITIALS_AND.sub(r"\1", text)
    words = _spelt_out(_join_letters(_join_initials([w for w in _NOT_WORD.split(text) if w])))
    first = next((k for k, w in enumerate(words) if w not in _FORMS_FIRST), len(words))
    ends = next((k for k in range(first + 1, len(words)) if words[k] in _NAME_ENDS), len(words))
    kept = [w for w in words[:ends] if w not in LEGAL_SUFFIXES and w != "AND"] if _FORMS_AT_ENDS.isdisjoint(words) \
        else _without_forms(words, first, ends)
    if len(kept) >= 2 and _cut_suffix(kept[-1]):
        kept.pop()  # 'EMBER HOLDINGS COR', 'SILVERLINE MEDIA LIMI': a bank cut the legal form short
    return " ".join(kept or words)


def without_payer_prefixes(text: str) -> str:
    """The text, upper-cased, without what banks put in front of a name, however often ('ACH
    CREDIT /NAME/ACME', 'ACH CREDIT ORIG CO NAME:ACME': a one-text line's description before a
    payer field's own label)."""
    text = text.upper().strip()
    while (shorter := _PAYER_PREFIXES.sub("", text, count=1).strip()) != text:
        text = shorter
    return text


def text_words(text: str | None) -> list[str]:
    """A free text's words as normalise_name reads a name's, to find a name in it: upper-case
    ASCII, initials joined, abbreviations spelt out, 'AND' dropped."""
    words = _join_letters([w for w in _NOT_WORD.split(_INITIALS_AND.sub(r"\1", _plain_upper(text or ""))) if w])
    return [w for w in _spelt_out(words) if w != "AND"]


def _plain_upper(text: str) -> str:
    """Upper-case ASCII of the first 500 characters: katakana read in Hepburn, Hangul, Han
    characters and other scripts without Latin letters read into them (scripts.py), other letters
    spelt out, accents dropped."""
    text = text[:500]
    if not text.isascii():
        text = in_latin_letters(text) if has_other_script(text) else text
        text = unicodedata.normalize("NFKD", romanised(text) if has_kana(text) else _GREEK_OU.sub("OU", text))
        text = text.translate(_LETTERS)
    return _FRATELLI.sub("FRATELLI", text.encode("ascii", "ignore").decode().upper().replace("'", ""))


def _spelt_out(words: list[str]) -> list[str]:
    return [_ABBREVIATIONS.get(w) or (_ABBREVIATIONS_INSIDE.get(w, w) if k < len(words) - 1 else w)
            for k, w in enumerate(words)]


def legal_name(name: str | None) -> str:
    """'ACME HOLDINGS LLC DBA ACME ANALYTICS' -> 'ACME': normalised, the name a payer field gives
    before 'DBA' or 'T/A' (normalise_name gives the one after); '' when it gives one name only."""
    parts = _TRADING_AS.split(name or "", maxsplit=1)
    return normalise_name(parts[0]) if len(parts) == 2 else ""


def _without_forms(words: list[str], first: int, ends: int) -> list[str]:
    """The words of the name from first to ends without its legal forms, keeping those that are
    words of names too (_FORMS_AT_ENDS) unless in the run of forms that ends it."""
    last = next((k for k in range(ends, first, -1) if words[k - 1] not in LEGAL_SUFFIXES), first)
    return [w for k, w in enumerate(words[:ends]) if w != "AND"
            and (w not in LEGAL_SUFFIXES or (w in _FORMS_AT_ENDS and first <= k < last))]


def other_name(payer: str | None, respell: bool = True) -> str:
    """The second name a payer field gives, normalised: the legal name of 'X DBA Y' (legal_name),
    or, with respell, the name in its other spelling (other_spelling: 'MÜLLER GMBH' is MUELLER too,
    'MUELLER GMBH' MULLER, the spellings a customer may be billed under); '' when it gives one only."""
    return legal_name(payer) or (normalise_name(spelt) if respell and (spelt := other_spelling(payer)) else "")


def _cut_suffix(word: str) -> bool:
    """A legal form cut short ('COR', 'CORPORAT', 'LIMI', 'INCORP'): the start of one, 3+ letters."""
    return word in _CUT_SUFFIXES


# the English-speaking forms banks cut at a field width; other forms' first letters are too often words ('EIRE')
_CUT_SUFFIXES = frozenset(s[:k] for s in COMMON_LEGAL_FORMS for k in range(3, len(s))) - LEGAL_SUFFIXES


# Italian 'F.lli' (fratelli, brothers: Treccani's abbreviations), split by its dot into two words
_FRATELLI = re.compile(r"\bF\. ?LLI\b")

# Initials are one word however they are written (the US GPO Style Manual sets a name's initials
# with points and no spaces, J.F.K., and bodies' without points, MIT; a bank field squeezes them):
# 'A&W', 'AT & T', 'B+H' as AW, ATT, BH here, 'C.H.' and 'C H' as CH by _join_letters
_INITIALS_AND = re.compile(r"\b([A-Z]{1,2}) ?[&+] ?(?=[A-Z]{1,2}\b)")


def _join_letters(words: list[str]) -> list[str]:
    """'C H ROBINSON' -> 'CH ROBINSON', 'A B C SUPPLY' -> 'ABC SUPPLY', 'A AND W' -> 'AW': a run of
    single letters is one word (one letter alone stays: 'PLAN B'), but for a run that would spell a
    legal form before the name's end ('A B FOODS' is not the Swedish AB's FOODS)."""
    joined: list[str] = []
    run: list[str] = []
    for k, word in enumerate(words + [""]):
        if run and word == "AND" and k + 1 < len(words) and len(words[k + 1]) == 1 and words[k + 1].isalpha():
            continue
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if run:
            spells_a_form = word and "".join(run) in LEGAL_SUFFIXES  # word: not the name's end
            joined += run if spells_a_form else ["".join(run)]
            run = []
        if word:
            joined.append(word)
    return joined


def _join_initials(words: list[str]) -> list[str]:
    """'S A' (from 'S.A.') -> 'SA', 'SP Z O O' -> 'SPZOO', 'S A DE C V' -> 'SADECV': a dotted legal
    form's letters and short words, after a word of the name, joined into the form they spell;
    dropped when the name ends with the start of one only ('ACME S.R', a field cut inside S.R.L.)."""
    joined: list[str] = []
    last_joined = False
    for word in words:
        last_joined = len(word) <= 2 and len(joined) >= 2 and joined[-1].isalpha() and word.isalpha() \
            and (joined[-1] + word) in _FORM_STARTS
        if last_joined:
            joined[-1] += word
        else:
            joined.append(word)
    if last_joined and joined[-1] not in LEGAL_SUFFIXES:
        joined.pop()
    return joined


# every legal form and its beginnings: where the letters of a dotted one run ('L.L.C.', 'Sp. z o.o.')
_FORM_STARTS = frozenset(form[:k] for form in LEGAL_SUFFIXES for k in range(1, len(form) + 1) if len(form) <= 9)


def name_block_keys(normalised: str) -> list[str]:
    """Blocking keys: the first four letters of each of the first three words, so a typo or a
    truncation in one word still leaves a shared key, and each pair of them ('GLOB+TECH') for
    when a single word is too common to block on; plus the first word with the second's first
    two letters ('IRON+QU', typo later in the second word), the first word with the initial of the
    second and the third's first two letters ('VERT+Q+CA', typo early in the second word), the
    first two words' first four letters with the third's initial ('NIMB+LOGI+2', a name cut one
    character into its third word) and the first six letters with the spaces removed ('DUNERA', for a letter swapped across a space);
    and the first word, whole and with each character deleted in turn, with the second's first two
    letters ('~APEX+AL': 'APEEX ALPINE CAPIT' for Apex Alpine Capital, when ALPINE and CAPITAL
    are shared by too many names to block on); and the same deletions of the second word's first
    six letters after the first word's first four ('^GRAN+IVER': 'GRANITE IVER LOGIS' for Granite
    River Logistics, 'FALCON ECME WORKS' for Falcon Acme Works, when the first and last words are
    too common)."""
    words = normalised.split()
    prefixes = sorted({w[:4] for w in words[:3] if len(w) >= 2})
    keys = prefixes + [f"{a}+{b}" for i, a in enumerate(prefixes) for b in prefixes[i + 1:]]
    if len(words) >= 2:
        keys.append(f"{words[0][:4]}+{words[1][:2]}")
    if len(words) >= 3:  # a typo early in the second word: 'VERTEX QARTZ CAP'; a name cut one
        # character into its third word: 'NIMBUS LOGISTICS 2' for Nimbus Logistics 26491
        keys += [f"{words[0][:4]}+{words[1][:1]}+{words[2][:2]}", f"{words[0][:4]}+{words[1][:4]}+{words[2][:1]}"]
    squeezed = "".join(words)
    if len(squeezed) >= 6:
        keys.append(f"={squeezed[:6]}")
    if words and len(words[0]) >= 3:  # a typo early in the first word when the later words are common
        keys += [f"~{variant}+{words[1][:2] if len(words) >= 2 else ''}" for variant in _one_deleted(words[0])]
    if len(words) >= 2 and len(words[1]) >= 3:  # a slip in the second word's first letters ('IVER', 'ECME')
        keys += [f"^{words[0][:4]}+{variant}" for variant in _one_deleted(words[1][:6])]
    return list(dict.fromkeys(keys))  # each key once: a block counts every name that has it once


def _one_deleted(word: str) -> set[str]:
    """The word and each form of it with one character deleted: 'APEEX' and 'APEX' share APEX,
    'OHRIZON' and 'HORIZON' share ORIZON, 'UION' and 'UNION' share UION (a symmetric-delete key)."""
    return {word} | {word[:k] + word[k + 1:] for k in range(len(word))}


# AP automation networks that pay suppliers on their customers' behalf and pass the biller's
# invoice numbers on in the remittance (Bill.com, AvidXchange and its AvidPay Direct, Paymode-X by
# Bottomline, Tipalti, Corpay, Payoneer, Nvoicepay, MineralTree, Coupa Pay, Versapay, Melio, whose
# deposits read "<client> melio CCD" by its help centre, Plastiq, Routable): the payer name says
# nothing about the customer, the reference is all there is.
_PAYMENT_NETWORK = re.compile(
    r"\b(?:BILL\.?\s?COM|AVID\s?XCHANGE|AVID\s?PAY|PAYMODE(?:-?X)?|TIPALTI|CORPAY|PAYONEER|NVOICEPAY"
    r"|MINERAL\s?TREE|COUPA\s?PAY|VERSAPAY|MELIO|PLASTIQ|ROUTABLE)\b", re.IGNORECASE)


def is_payment_network(payer_name: str | None) -> bool:
    return bool(_PAYMENT_NETWORK.search(payer_name or ""))


_NETWORK_WORDS = frozenset("PAYNETWORK PAY PAYABLES PAYMENT PAYMENTS AP ACH VENDOR SUPPLIER SOLUTIONS".split())


def names_only_a_network(payer_name: str | None) -> bool:
    """The payer field names an AP payment network and no client of it ('BILL.COM', 'ACH CREDIT
    AVIDXCHANGE INC', 'CORPAY SOLUTIONS'; not 'BILL.COM FBO ACME' nor 'ACME C/O BILL.COM')."""
    if not is_payment_network(payer_name):
        return False
    rest = normalise_name(_PAYMENT_NETWORK.sub(" PAYNETWORK ", payer_name)).split()
    return all(word in _NETWORK_WORDS or word in LEGAL_SUFFIXES for word in rest)
