"""seeds/international_names.py: the names of other countries' companies and the banks' spellings
of them, one row per convention (`bench_cash_phrasing.py --names` and `seeds.generate --name-habits`)."""

import random
from collections import Counter

import pytest

from seeds.generate import build, main
from seeds.habits import HabitOptions
from seeds.international_names import ASCII_TYPINGS, COUNTRIES, SPELLINGS, international_name, zengin_kana


@pytest.mark.parametrize(("name", "utf8", "sepa_basic", "icao_digraphs"), [
    ("Müller Präzision GmbH", "MÜLLER PRÄZISION GMBH", "MULLER PRAZISION GMBH", "MUELLER PRAEZISION GMBH"),
    ("Ørsted Vind A/S", "ØRSTED VIND A/S", "ORSTED VIND A/S", "OERSTED VIND A/S"),
    ("Ålborg Træ ApS", "ÅLBORG TRÆ APS", "ALBORG TRAE APS", "AALBORG TRAE APS"),
    ("Großmann KG", "GROSSMANN KG", "GROSSMANN KG", "GROSSMANN KG"),
    ("Þór Orka ehf.", "ÞÓR ORKA EHF.", "THOR ORKA EHF.", "THOR ORKA EHF."),
    ("Łódź Sp. z o.o.", "ŁÓDŹ SP. Z O.O.", "LODZ SP. Z O.O.", "LODZ SP. Z O.O."),
    ("Işık Ltd. Şti.", "IŞIK LTD. ŞTI.", "ISIK LTD. STI.", "ISIK LTD. STI."),
])
def test_each_banks_spelling(name, utf8, sepa_basic, icao_digraphs):
    assert [SPELLINGS[s](name) for s in ("utf8", "sepa_basic", "icao_digraphs")] == [utf8, sepa_basic, icao_digraphs]


def test_the_basic_latin_spellings_are_ascii():
    rng, taken = random.Random(3), set()
    names = [international_name(rng, taken) for _ in range(500)]
    assert all(SPELLINGS[s](n).isascii() for n in names for s in ("sepa_basic", "icao_digraphs"))


def test_names_are_distinct_by_their_words_and_come_from_every_country():
    rng, taken = random.Random(7), set()
    names = [international_name(rng, taken) for _ in range(5000)]
    forms = {form: country for country, _, country_forms in COUNTRIES for form in country_forms}
    words = [" ".join(sorted(n.removesuffix(next(f for f in sorted(forms, key=len, reverse=True)
                                                 if n.endswith(f" {f}"))).split())) for n in names]
    assert len(set(words)) == len(names)
    assert not any(w.isdigit() for n in names for w in n.split())  # 5,000 names need no number
    first_words = {n.split()[0] for n in names}
    assert all(any(w in first_words for w in country_words.split()) for _, country_words, _ in COUNTRIES)


NAMES_OFF = HabitOptions(payer=True, reference=True, lag=True, forms=True)
NAMES_ON = HabitOptions(payer=True, reference=True, lag=True, forms=True, names=True)
NAME_COLUMNS = {"account_name", "name", "email", "description", "customer_ref", "payer_name"}


@pytest.fixture(scope="module")
def landings():
    return build(7, numbering="mixed", habits=NAMES_OFF), build(7, numbering="mixed", habits=NAMES_ON)


def test_turning_the_name_habits_on_changes_only_names_and_what_is_written_from_them(landings) -> None:
    plain, named = landings
    changed = Counter()
    for table in plain.tables:
        assert len(plain.tables[table]) == len(named.tables[table]), table
        changed.update(c for a, b in zip(plain.tables[table], named.tables[table]) for c in a if a[c] != b[c])
    changed.update(c for a, b in zip(plain.bank_lines, named.bank_lines, strict=True) for c in a if a[c] != b[c])
    assert set(changed) <= NAME_COLUMNS and changed["account_name"] > 0 and changed["payer_name"] > 0
    for truth in ("matches", "findings", "kpis", "collections", "non_customer_bank_lines"):
        assert plain.truth[truth] == named.truth[truth], truth


def test_a_names_landing_names_accounts_of_other_countries_and_spells_them_as_their_banks_do(landings) -> None:
    plain, named = landings
    countries = {country for country, _, _ in COUNTRIES}
    renamed = [(a["billing_country"], b["account_name"]) for a, b in zip(plain.tables["crm__accounts"],
                                                                         named.tables["crm__accounts"])
               if a["account_name"] != b["account_name"]]
    assert renamed and all(country in countries for country, _ in renamed)
    eligible = sum(a["billing_country"] in countries for a in plain.tables["crm__accounts"])
    assert 0.35 <= len(renamed) / eligible <= 0.85
    spelling = {r["customer_id"]: r["payer_spelling"] for r in named.truth["customer_habits"][1]}
    assert {"", "sepa_basic", "icao_digraphs"} <= set(spelling.values())
    customer_of = {m["bank_txn_id"]: m["invoice_id"] for m in named.truth["matches"][1]}
    shown = [line["payer_name"] for line in named.bank_lines if line["bank_txn_id"] in customer_of]
    assert any(not text.isascii() for text in shown)  # a bank that prints the letters as registered


def test_name_habits_without_payer_habits_is_a_clear_error(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path / "x"), "--name-habits"])
    assert "--name-habits names accounts as their banks spell them: add --payer-habits" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "kana"), [
    ("Tōkyō Kōgyō K.K.", "ﾄｳｷﾖｳｺｳｷﾞﾖｳ(ｶ"), ("Kyōto Denki Shōkai G.K.", "ﾄﾞ)ｷﾖｳﾄﾃﾞﾝｷｼﾖｳｶｲ"),  # the form's bracket
    ("Nihon Partners Co., Ltd.", "ﾆﾎﾝﾊﾟ-ﾄﾅ-ｽﾞ(ｶ"),  # a loanword, the long-vowel mark as '-'
    ("Ōsaka Yūsen", "ｵｵｻｶﾕｳｾﾝ"), ("Acme Yūsen K.K.", ""),  # no form; a word it has no kana for
])
def test_a_japanese_bank_prints_the_name_in_half_width_katakana(name, kana):
    assert zengin_kana(name) == kana


def test_some_names_are_billed_typed_in_ascii_and_paid_under_the_registered_name() -> None:
    typing = build(11, accounts=600, habits=HabitOptions(payer=True, names=True))  # enough typed customers who pay
    typed = {r["customer_id"]: r["billed_typed_as"] for r in typing.truth["customer_habits"][1] if r["billed_typed_as"]}
    assert set(typed.values()) == set(ASCII_TYPINGS)
    billed = {r["customer_id"]: r["name"] for r in typing.tables["billing__customers"]}
    assert all(billed[customer].isascii() for customer in typed)
    customer_of = {r["invoice_id"]: r["customer_id"] for r in typing.tables["billing__invoices"]}
    paid_by = {m["bank_txn_id"]: customer_of[m["invoice_id"]] for m in typing.truth["matches"][1]}
    # a bank printing the name as registered shows letters the billing system's name does not have
    assert any(not line["payer_name"].isascii() for line in typing.bank_lines
               if paid_by.get(line["bank_txn_id"]) in typed)


@pytest.mark.parametrize(("typing", "name", "typed"), [
    ("ascii_digraphs", "Müller Präzision GmbH", "Mueller Praezision GmbH"),
    ("ascii_basic", "Müller Präzision GmbH", "Muller Prazision GmbH"),
    ("ascii_digraphs", "Ålborg Mølle A/S", "Aalborg Moelle A/S"),
    ("ascii_basic", "Ålborg Mølle A/S", "Alborg Molle A/S"),
    ("ascii_digraphs", "Tōkyō Kōgyō K.K.", "Tokyo Kogyo K.K."),
    ("ascii_basic", "Skærbæk Træ ApS", "Skaerbaek Trae ApS"),
])
def test_a_name_typed_in_ascii(typing, name, typed):
    assert ASCII_TYPINGS[typing](name) == typed
