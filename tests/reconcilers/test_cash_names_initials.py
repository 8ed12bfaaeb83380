"""Initials and abbreviated business words in names, as billing systems and banks write them, one
row per habit. Sources: the US GPO Style Manual (2008, 9.7-9.8: a personal name's initials with
points set without spaces, `J.F.K.`; organised bodies' initials without points, `MIT`; `AT&T`,
`Texas A&M`), the NACHA company name field (16 characters: banks print `CH ROBINSON WORLDW`),
USPS Publication 28 (352 and appendix G: the standard abbreviations of business words, which
address and name standardisation tools apply: ASSN, HOSP, MED, CTR, UNIV, AGCY, INS, PTNRS ...)."""

import pytest

from cash_helpers import applied, run
from reconcilers.normalise import normalise_name


@pytest.mark.parametrize(("billed", "printed"), [
    ("C.H. Robinson Worldwide, Inc.", "CH ROBINSON WORLDWIDE"),  # a first initial that is a legal form's letter
    ("J. P. Morgan Chase & Co.", "JP MORGAN CHASE"),  # points and spaces
    ("A.B.C. Supply Co", "ABC SUPPLY"), ("U.S. Steel Corp", "US STEEL"), ("H.B. Fuller Company", "HB FULLER CO"),
    ("AT&T Inc.", "ATT INC"), ("AT & T", "ATT"),  # GPO: AT&T
    ("A & W Restaurants", "A AND W RESTAURANTS"), ("A&W Restaurants", "AW RESTAURANTS"), ("B+H Photo", "BH PHOTO"),
])
def test_initials_written_apart_or_squeezed_read_alike(billed, printed):
    assert normalise_name(billed) == normalise_name(printed)


@pytest.mark.parametrize(("raw", "normalised"), [
    ("Plan B Consulting", "PLAN B CONSULTING"),  # one letter alone is a word of the name
    ("Johnson & Johnson", "JOHNSON JOHNSON"), ("Smith & Sons Ltd", "SMITH SONS"),  # words, not initials
    ("ACME L.L.C.", "ACME"), ("ACME S. de R.L. de C.V.", "ACME"), ("ACME S.A.", "ACME"),  # dotted legal forms
    ("Acme Corpn.", "ACME"),  # India's abbreviation of Corporation
])
def test_single_letters_that_are_not_initials_stay(raw, normalised):
    assert normalise_name(raw) == normalised


@pytest.mark.parametrize(("billed", "printed"), [
    ("Saint Mary's Medical Center", "ST MARYS MED CTR"), ("General Hospital Association Inc", "GEN HOSP ASSN INC"),
    ("University of Chicago", "UNIV OF CHICAGO"), ("Mountain View Partners LP", "MTN VIEW PTNRS LP"),
    ("American Insurance Agency Inc", "AMERN INS AGCY INC"),
    ("Northern Engineering Institute of Ohio", "NTHN ENGRG INST OF OHIO"),
    ("Southern Distribution Co", "STHN DISTRIB CO"), ("Keystone Savings Society Ltd", "KEYSTONE SVGS SOC LTD"),
    ("Government Equipment Academy Corp", "GOVT EQUIP ACAD CORP"),
    ("Pacific Construction School Inc", "PACIFIC CONSTR SCH INC"),
    ("Granite Financial Properties LLC", "GRANITE FINL PROPS LLC"),
    ("Harbor Realty Investments Inc", "HARBOR RLTY INVTS INC"), ("First Bank of Ohio", "FIRST BK OF OHIO"),
    ("Atlas Enterprises Group", "ATLAS ENTPRS GRP"), ("Vista Management Partners Inc", "VISTA MGT PTNRS INC"),
])
def test_business_words_abbreviated_as_banks_print_them_read_alike(billed, printed):
    assert normalise_name(billed) == normalise_name(printed)


@pytest.mark.parametrize(("printed", "normalised"), [
    ("ORION HORIZON ST", "ORION HORIZON ST"),  # STUDIOS cut at 16 characters, not SAINT
    ("WILLOW QUEST MED", "WILLOW QUEST MED"),  # MEDIA cut, not MEDICAL
    ("GEN HOSP ASSN", "GENERAL HOSPITAL ASSN"),
])
def test_a_last_word_may_be_cut_and_is_not_read_as_an_abbreviation(printed, normalised):
    assert normalise_name(printed) == normalised


CUSTOMERS = [  # one open invoice each, for the same amount: only the name can tell them apart
    ("i1", "N-1", "c1", "C.H. Robinson Worldwide, Inc.", None, None, "USD", "500.00"),
    ("i2", "N-2", "c2", "Robinson Freight Worldwide LLC", None, None, "USD", "500.00"),
    ("i3", "N-3", "c3", "Saint Mary's Medical Center", None, None, "USD", "500.00"),
    ("i4", "N-4", "c4", "Saint Mark Dental Group", None, None, "USD", "500.00"),
    ("i5", "N-5", "c5", "General Hospital Association", None, None, "USD", "500.00"),
]


@pytest.mark.parametrize(("payer", "invoice"), [
    ("ORIG CO NAME:CH ROBINSON WORLDW", "i1"),  # squeezed, cut at 18
    ("C H ROBINSON WORLDWIDE INC", "i1"),  # spaced without points
    ("ST MARYS MED CTR", "i3"), ("B/O SAINT MARYS MEDICAL CTR", "i3"),
    ("ORIG CO NAME:GEN HOSP ASSN", "i5"),  # the last word as printed, compared with the name cut alike
])
def test_a_payer_with_initials_or_abbreviations_names_the_customer(payer, invoice):
    matches, _ = run([("b", "500.00", "USD", payer, "")], CUSTOMERS)
    assert applied(matches) == [("b", invoice, "auto_applied")], matches[0]["detail"]
