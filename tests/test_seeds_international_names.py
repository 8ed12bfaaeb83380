"""seeds/international_names.py: the names of other countries' companies and the banks' spellings
of them, one row per convention (as the benchmark probe `bench_cash_phrasing.py --names` uses them)."""

import random

import pytest

from seeds.international_names import COUNTRIES, SPELLINGS, international_name


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
