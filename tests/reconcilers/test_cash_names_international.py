"""Names of companies outside the English-speaking world, as banks spell them, one row per
convention and per legal form. Sources: EPC217-08 (the SEPA character set and its conversion of
other letters to basic Latin), ICAO Doc 9303 part 3 and DIN 5007-2 (umlauts and Nordic vowels
written as digraphs: Ä AE, Ö OE, Ü UE, Å AA, Ø OE), camt.053 Dbtr/Nm in UTF-8 (the letters as
registered), ISO 20275's Entity Legal Forms code list (GLEIF, v1.5) for the legal forms, Zengin
transfers' remitter names (half-width katakana, the Japanese Bankers Association's abbreviations
of legal forms, small kana written large), ICAO Doc 9303's Latin spelling of Cyrillic and Greek."""

import pytest

from cash_helpers import applied, run, summary
from reconcilers.kana import number_before_name
from reconcilers.normalise import digraph_spelling, normalise_name, other_name, undotted_spelling

CUSTOMERS = [  # one open invoice each, for the same amount: only the name can tell them apart
    ("j1", "N-1", "c1", "Müller Präzision GmbH", None, None, "EUR", "500.00"),
    ("j2", "N-2", "c2", "Ørsted Vind A/S", None, None, "EUR", "500.00"),
    ("j3", "N-3", "c3", "Skærbæk Træ ApS", None, None, "EUR", "500.00"),
    ("j4", "N-4", "c4", "Großmann Bäckerei KG", None, None, "EUR", "500.00"),
    ("j5", "N-5", "c5", "Łódź Logistyka Sp. z o.o.", None, None, "EUR", "500.00"),
    ("j6", "N-6", "c6", "Þórsson Orka ehf.", None, None, "EUR", "500.00"),
    ("j7", "N-7", "c7", "Ålborg Mølle A/S", None, None, "EUR", "500.00"),
    ("j8", "N-8", "c8", "Mueller Werkzeug AG", None, None, "EUR", "500.00"),  # billed with the digraphs
    ("j9", "N-9", "c9", "Işık Çelik Ticaret Ltd. Şti.", None, None, "EUR", "500.00"),
    ("k1", "N-10", "d1", "Tōkyō Kōgyō K.K.", None, None, "EUR", "500.00"),  # romanised, as billed abroad
    ("k2", "N-11", "d2", "Kyōto Denki Shōkai Co., Ltd.", None, None, "EUR", "500.00"),
    ("r1", "N-12", "e1", "Romashka Trading LLC", None, None, "EUR", "500.00"),  # billed in Latin letters
    ("g1", "N-13", "e2", "Papadopoulos Shipping S.A.", None, None, "EUR", "500.00"),
    ("m1", "N-14", "f1", "Kruger Stahlbau AG", None, None, "EUR", "500.00"),  # Krüger billed without the dots
    ("m2", "N-15", "f2", "Aarhus Vindkraft ApS", None, None, "EUR", "500.00"),  # Århus billed with AA
    ("m3", "N-16", "f3", "Oeko Energie GmbH", None, None, "EUR", "500.00"),  # Öko billed with OE, first in a word
]

SPELLINGS = [  # convention, payer as printed, invoice it must find, name score
    ("as registered (camt.053 in UTF-8)", "MÜLLER PRÄZISION GMBH", "j1", 100),
    ("SEPA basic Latin: dots dropped", "MULLER PRAZISION GMBH", "j1", 100),
    ("ICAO digraphs: Ä AE, Ü UE", "MUELLER PRAEZISION GMBH", "j1", 100),
    ("Ø as O (SEPA)", "ORSTED VIND A/S", "j2", 100),
    ("Ø as OE (ICAO)", "OERSTED VIND A/S", "j2", 100),
    ("Æ as AE", "SKAERBAEK TRAE APS", "j3", 100),
    ("ß as SS, Ä as A", "GROSSMANN BACKEREI KG", "j4", 100),
    ("ß as SS, Ä as AE", "GROSSMANN BAECKEREI KG", "j4", 100),
    ("ß kept", "GROßMANN BÄCKEREI KG", "j4", 100),
    ("Ł as L, the Polish form spelt out", "LODZ LOGISTYKA SP. Z O.O.", "j5", 100),
    ("Þ as TH, the Icelandic form dropped", "THORSSON ORKA", "j6", 100),
    ("Å as AA, Ø as OE", "AALBORG MOELLE A/S", "j7", 100),
    ("Å as A, Ø as O", "ALBORG MOLLE A/S", "j7", 100),
    ("billed with digraphs, printed as registered", "MÜLLER WERKZEUG AG", "j8", 100),
    # a billing system typed in ASCII, a bank that drops the dots (SEPA) or writes digraphs (ICAO)
    ("billed with digraphs, printed without dots", "MULLER WERKZEUG AG", "j8", 100),
    ("billed without dots, printed with digraphs", "KRUEGER STAHLBAU AG", "m1", 100),
    ("billed with AA, printed with Å as A", "ARHUS VINDKRAFT APS", "m2", 100),
    ("billed with OE first in a word, printed without dots", "OKO ENERGIE GMBH", "m3", 100),
    ("dotless ı and Ş as I and S", "ISIK CELIK TICARET LTD. STI.", "j9", 100),
    ("cut inside a dotted form at 35 characters", "ISIK CELIK TICARET LTD. S", "j9", 100),
    # a Zengin transfer's remitter: half-width katakana, the legal form abbreviated, no spaces
    ("Zengin katakana, form before the name", "ｶ)ﾄｳｷﾖｳｺｳｷﾞﾖｳ", "k1", 95),
    ("Zengin katakana, form after the name", "ｷﾖｳﾄ ﾃﾞﾝｷ ｼﾖｳｶｲ(ｶ", "k2", 100),
    # Cyrillic and Greek as a camt.053 in UTF-8 carries them, the legal form in its own letters
    ("Cyrillic, the Russian form first", "ООО «РОМАШКА ТРЕЙДИНГ»", "r1", 91),  # ТРЕЙДИНГ: TREIDING, near TRADING
    ("Greek, OU as one sound", "ΠΑΠΑΔΟΠΟΥΛΟΣ SHIPPING Α.Ε.", "g1", 100),
]


@pytest.mark.parametrize(("convention", "payer", "invoice", "score"), SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_a_banks_spelling_of_a_name_still_names_the_customer(convention, payer, invoice, score):
    matches, _ = run([("b", "500.00", "EUR", payer, "")], CUSTOMERS)
    assert applied(matches) == [("b", invoice, "auto_applied")], matches[0]["detail"]
    assert f"scores {score} against" in matches[0]["detail"]  # 100: read as the name it is, not as a near miss


@pytest.mark.parametrize(("raw", "normalised"), [
    ("Straße", "STRASSE"), ("Ærø", "AERO"), ("Øst", "OST"), ("Œuvre", "OEUVRE"), ("Łąka", "LAKA"),
    ("Þór", "THOR"), ("Đurić", "DURIC"), ("Işık", "ISIK"), ("Ðóra", "DORA"),
])
def test_letters_without_an_accent_to_strip_are_spelt_out(raw, normalised):
    assert normalise_name(raw) == normalised


@pytest.mark.parametrize(("raw", "normalised"), [
    ("ООО «Ромашка»", "ROMASHKA"), ("ПАО Газпром", "GAZPROM"), ("ЗАО Щука", "SHCHUKA"),  # Russian, ICAO 9303
    ("ТОВ Їжак Юність", "IZHAK IUNIST"), ("Єдність ПрАТ", "IEDNIST"),  # Ukrainian (PrAT, a word too, at the end only)
    ("Παπαδόπουλος Α.Ε.", "PAPADOPOULOS"), ("ΑΘΗΝΑ ΕΠΕ", "ATHINA"), ("Ψυχή ΙΚΕ", "PSYCHI"),  # Greek
    ("AE Industries", "AE INDUSTRIES"), ("Ike Behar Inc", "IKE BEHAR"),  # a Greek form's letters as a name's word
])
def test_cyrillic_and_greek_names_are_spelt_in_latin_letters(raw, normalised):
    assert normalise_name(raw) == normalised


@pytest.mark.parametrize(("raw", "normalised"), [
    ("Acme ApS", "ACME"), ("Acme AmbA", "ACME"), ("Acme ASA", "ACME"), ("Acme ANS", "ACME"),  # DK, NO
    ("Acme Oyj", "ACME"), ("Acme ehf.", "ACME"),  # FI, IS
    ("Acme Sp. z o.o.", "ACME"), ("Acme sp.k.", "ACME"), ("Acme sp. j.", "ACME"),  # PL
    ("Acme s.r.o.", "ACME"), ("Acme spol. s r.o.", "ACME"),  # CZ, SK
    ("Acme Kft.", "ACME"), ("Acme Zrt.", "ACME"), ("Acme Nyrt.", "ACME"),  # HU
    ("Acme d.o.o.", "ACME"), ("Acme EOOD", "ACME"), ("Acme OOD", "ACME"), ("Acme UAB", "ACME"),  # HR, SI, BG, LT
    ("Acme SIA", "ACME"), ("SIA Acme", "SIA ACME"),  # LV: the form first stays (SIA Engineering)
    ("Acme UG (haftungsbeschränkt)", "ACME"), ("Acme gGmbH", "ACME"), ("Acme OHG", "ACME"),  # DE
    ("Acme KGaA", "ACME"), ("Acme e.K.", "ACME"), ("Acme e.V.", "ACME"), ("Acme Ges.m.b.H.", "ACME"),  # DE, AT
    ("Acme Sàrl", "ACME"), ("Acme Sagl", "ACME"), ("Acme SASU", "ACME"), ("Acme EURL", "ACME"),  # CH, FR
    ("Acme BVBA", "ACME"), ("Acme SPRL", "ACME"), ("Acme VOF", "ACME"),  # BE, NL
    ("Acme S.L.", "ACME"), ("Acme SL", "ACME"), ("SL Green Realty Corp", "SL GREEN REALTY"),  # ES: S.L. unpunctuated
    ("Acme S.L.U.", "ACME"), ("Acme Lda.", "ACME"), ("Acme Ltda.", "ACME"), ("Acme EIRELI", "ACME"),  # ES, PT, BR
    ("Acme S.A. de C.V.", "ACME"), ("Acme S. de R.L. de C.V.", "ACME"),  # MX
    ("Acme Ltd. Şti.", "ACME"), ("Acme Sdn. Bhd.", "ACME"), ("PT Acme Tbk", "PT ACME"),  # TR, MY, ID
    ("Acme K.K.", "ACME"), ("Acme G.K.", "ACME"), ("Acme Kabushiki Kaisha", "ACME"),  # JP
    ("Acme DAC", "ACME"), ("Acme PLLC", "ACME"), ("Acme SE", "ACME"),  # IE, US, EU
    # a form ends the name: what follows is a city
    ("ACME APS KOBENHAVN", "ACME"), ("ACME SP Z O O WARSZAWA", "ACME"), ("ACME KFT BUDAPEST", "ACME"),
    # a dotted form cut at a field's width
    ("ACME MEDIA S.R", "ACME MEDIA"), ("ACME MEDIA S.A. DE C", "ACME MEDIA"), ("ACME MEDIA SP. Z O.", "ACME MEDIA"),
    # the letters of a name stay: a single letter, or short words that spell no form
    ("Plan B Studios", "PLAN B STUDIOS"), ("ACME PLAN B", "ACME PLAN B"), ("Acme DE Logistics", "ACME DE LOGISTICS"),
    # forms that are initials or words of names too count only in the run of forms that ends a name
    ("EV Connect Inc", "EV CONNECT"), ("PC Connection Inc", "PC CONNECTION"), ("SE Ranking", "SE RANKING"),
    ("GK Software SE", "GK SOFTWARE"), ("Acme PT Solutions", "ACME PT SOLUTIONS"), ("PT Solutions", "PT SOLUTIONS"),
])
def test_legal_forms_of_other_countries_are_read(raw, normalised):
    assert normalise_name(raw) == normalised


# Words of company names that payers abbreviate by convention, one row per source: the Office
# québécois de la langue française's abbreviations (Éts, Cie), the RAE's Diccionario panhispánico
# de dudas, appendix 2 (Cía., Hnos.), Treccani's (F.lli).
ABBREVIATED = [("ETS FONTAINE", "Établissements Fontaine SAS"), ("DUPONT ET CIE", "Dupont et Compagnie"),
               ("CIA. MINERA DEL SUR", "Compañía Minera del Sur S.A."), ("GARCIA HNOS SL", "García Hermanos S.L."),
               ("F.LLI ROSSI SPA", "Fratelli Rossi S.p.A.")]


@pytest.mark.parametrize(("payer", "name"), ABBREVIATED, ids=[a[0] for a in ABBREVIATED])
def test_a_conventional_abbreviation_of_a_companys_word_names_it(payer, name):
    """Among other customers whose names start with the same letters, so that no shortening of
    the customers' own words reads it (reconcilers/abbreviations.py)."""
    customers = [("x1", "N-1", "c1", name, None, None, "EUR", "500.00")] + [
        (f"y{k}", f"N-{k + 2}", f"d{k}", other, None, None, "EUR", "500.00") for k, other in enumerate(
            ["Etoile Transports SA", "Energie Tech Services SARL", "Elite Estates SAS", "Fontana Group SpA",
             "Cielo Azul SL", "Compass Industrial SA", "Hnatek Stavby s.r.o.", "Rossi Bianchi Srl"])]
    matches, _ = run([("b", "500.00", "EUR", payer, "")], customers)
    assert applied(matches) == [("b", "x1", "auto_applied")], matches[0]["detail"]
    assert "scores 100 against" in matches[0]["detail"]


@pytest.mark.parametrize(("kana", "read"), [
    ("ｶ)ﾄｳｷﾖｳｺｳｷﾞﾖｳ", "TOKYOKOGYO"), ("ﾄｳｷﾖｳｺｳｷﾞﾖｳ(ｶ", "TOKYOKOGYO"),  # 株式会社 before, after
    ("ﾆﾎﾝ(ｶ)ｵｵｻｶｼﾃﾝ", "NIHON OSAKASHITEN"),  # inside the name
    ("ﾄﾞ)ﾕｳｾﾝ", "YUSEN"), ("ﾕ)ﾔﾏﾀﾞ", "YAMADA"), ("ｻﾞｲ)ﾆﾎﾝ", "NIHON"),  # 合同会社, 有限会社, 財団法人
    ("トウキョウコウギョウ", "TOKYOKOGYO"),  # full-width, small kana as written
    ("ｼﾖｳｼﾞ", "SHOJI"), ("ｼｮｳｼﾞ", "SHOJI"), ("ﾁﾖｳｾﾝ", "CHOSEN"), ("ｷﾔｸ", "KYAKU"),  # contracted sounds
    ("ﾗ-ﾒﾝ", "RAMEN"), ("ラーメン", "RAMEN"),  # the long-vowel mark, as '-' and as ー
    # the English words of company names, as katakana loanwords, in a Zengin field and as written
    ("ﾊﾟ-ﾄﾅ-ｽﾞ", "PARTNERS"), ("パートナーズ", "PARTNERS"), ("ｷﾔﾋﾟﾀﾙ", "CAPITAL"), ("ﾃﾞｼﾞﾀﾙ", "DIGITAL"),
    ("ﾈﾂﾄﾜ-ｸ", "NETWORK"), ("ネットワーク", "NETWORK"), ("ｿﾌﾄｳｴｱ", "SOFTWARE"), ("ｿﾘﾕ-ｼﾖﾝｽﾞ", "SOLUTIONS"),
    ("ﾎ-ﾙﾃﾞｲﾝｸﾞｽ", "HOLDINGS"), ("ｼｽﾃﾑｽﾞ", "SYSTEMS"), ("ｼｽﾃﾑ", "SYSTEMS"),
    ("ﾄｳｷﾖｳﾃﾞｼﾞﾀﾙﾊﾟ-ﾄﾅ-ｽﾞ(ｶ", "TOKYO DIGITAL PARTNERS"),
    ("ｶ)ﾄｳｷﾖｳｴﾚｸﾄﾛﾆｸｽ", "TOKYO ELECTRONICS"), ("ｻｸﾗｲﾝﾀﾞｽﾄﾘ-ｽﾞ(ｶ", "SAKURA INDUSTRIES"),
    ("ﾆﾎﾝｹﾐｶﾙ(ｶ", "NIHON CHEMICAL"), ("ｵｵｻｶﾓ-ﾀ-ｽﾞ", "OSAKA MOTORS"), ("ﾊﾟｼﾌｲﾂｸｻﾌﾟﾗｲ(ｶ", "PACIFIC SUPPLY"),
    ("ｴﾝﾀ-ﾃｲﾝﾒﾝﾄｼﾞﾔﾊﾟﾝ", "ENTERTAINMENT JAPAN"), ("ｸﾘｴｲﾃｲﾌﾞﾘｻ-ﾁ(ｶ", "CREATIVE RESEARCH"),
    ("ｵ-ﾄﾓ-ﾃｲﾌﾞﾌﾟﾛﾀﾞｸﾂ", "AUTOMOTIVE PRODUCTS"), ("ﾌｱﾂｼﾖﾝﾜ-ﾙﾄﾞ", "FASHION WORLD"),
    ("ﾀｹｱｷｼﾖｳｼﾞ", "TAKEAKISHOJI"),  # Japanese words, no loanword inside them
    ("ACME GROUP ﾄｳｷﾖｳ", "ACME GROUP TOKYO"), ("ﾄｳｷﾖｳ BLUE DOOR", "TOKYO BLUE DOOR"),  # the Latin letters beside kana
    ("ﾆｯﾎﾟﾝ", "NIPPON"), ("ｵｵｻｶ", "OSAKA"), ("ﾕｳｾﾝ", "YUSEN"), ("ｲｲﾀﾞ", "IIDA"),  # doubled sounds, long vowels
])
def test_katakana_is_read_in_hepburn(kana, read):
    assert normalise_name(kana) == read


@pytest.mark.parametrize(("payer", "number", "name"), [
    ("269 ﾆｼﾑﾗｹﾝｾﾂ(ｶ", "269", "ﾆｼﾑﾗｹﾝｾﾂ(ｶ"), ("00123ﾔﾏﾀﾞｼﾖｳｼﾞ", "00123", "ﾔﾏﾀﾞｼﾖｳｼﾞ"),
    ("ﾆｼﾑﾗｹﾝｾﾂ(ｶ", "", "ﾆｼﾑﾗｹﾝｾﾂ(ｶ"),  # no number
    ("12 ﾆｼﾑﾗｹﾝｾﾂ(ｶ", "", "12 ﾆｼﾑﾗｹﾝｾﾂ(ｶ"),  # two digits: as likely part of the name
    ("3M JAPAN", "", "3M JAPAN"), ("1800 FLOWERS", "", "1800 FLOWERS"),  # not a Zengin name
])
def test_a_number_typed_before_a_zengin_remitter_name_is_set_apart(payer, number, name):
    assert number_before_name(payer) == (number, name)


def test_the_number_before_a_zengin_remitter_name_is_read_as_its_reference():
    """A new user's Japanese landing: 82 payments with the invoice's number typed before the name
    (Zengin transfers have no remittance field) had been left unmatched."""
    invoices = [("a", "INV-20260269", "c1", "Nishimura Kensetsu K.K.", None, None, "JPY", "68860"),
                ("b", "INV-20260270", "c1", "Nishimura Kensetsu K.K.", None, None, "JPY", "68860")]
    matches, _ = run([("p", "68860", "JPY", "270 ﾆｼﾑﾗｹﾝｾﾂ(ｶ", "")], invoices)
    assert summary(matches) == [("b", "68860.000", "reference", "auto_applied")], matches[0]["detail"]


@pytest.mark.parametrize(("raw", "spelt", "other"), [
    ("Müller GmbH", "Mueller GmbH", "MUELLER"), ("MÜLLER GMBH", "MUELLER GMBH", "MUELLER"),
    ("Ålborg Mølle A/S", "Aalborg Moelle A/S", "AALBORG MOELLE"), ("Köln Öl", "Koeln Oel", "KOELN OEL"),
    ("Acme GmbH", "", ""), ("Café Crème", "", ""),  # no umlauts or Nordic vowels: one spelling
    ("ACME HOLDINGS LLC DBA MÜLLER", "ACME HOLDINGS LLC DBA MUELLER", "ACME"),  # the legal name goes first
])
def test_a_name_with_umlauts_has_its_digraph_spelling_too(raw, spelt, other):
    assert (digraph_spelling(raw), other_name(raw)) == (spelt, other)


@pytest.mark.parametrize(("raw", "undotted"), [
    ("Mueller GmbH", "Muller GmbH"), ("MUELLER", "MULLER"), ("Boerse AG", "Borse AG"), ("Kaercher", "Karcher"),
    ("Oersted A/S", "Orsted A/S"), ("Ueberland", "Uberland"), ("Aalborg", "Alborg"),  # first in a word too
    ("Queen Blue Corp", ""), ("Joe Toe", ""), ("Sequel Avenue", ""),  # after Q or a vowel, or ending a word
    ("Müller GmbH", ""), ("Acme GmbH", ""),  # not ASCII (digraph_spelling's), no digraph
])
def test_an_ascii_names_digraphs_are_read_without_dots_too(raw, undotted):
    assert undotted_spelling(raw) == undotted


def test_a_spelling_that_is_another_customers_name_names_that_customer_alone():
    """Mueller and Muller are two companies when both are billed: MULLER reads as Muller's name
    and only near Mueller's (97), MUELLER the other way round; the amounts tell them apart here."""
    customers = [("a", "N-1", "c1", "Mueller Werkzeug AG", None, None, "EUR", "500.00"),
                 ("b", "N-2", "c2", "Muller Werkzeug AG", None, None, "EUR", "700.00")]
    matches, _ = run([("x", "700.00", "EUR", "MULLER WERKZEUG AG", ""),
                      ("y", "500.00", "EUR", "MUELLER WERKZEUG AG", "")], customers)
    assert applied(matches) == [("x", "b", "auto_applied"), ("y", "a", "auto_applied")]
    assert [m["detail"].split("; ")[-1] for m in matches] == ["next customer: c1 (score 97)",
                                                              "next customer: c2 (score 97)"]


@pytest.mark.parametrize(("payer", "number", "name"), [
    # a Zengin remitter name spelt kana by kana in Latin letters by the bank's MT940 (small kana
    # large, the legal form's abbreviation and bracket kept): read as the katakana would be
    ("KA)ISHIKAWASHIYOUJI", "", "ISHIKAWASHOJI"),  # ｶ)ｲｼｶﾜｼﾖｳｼﾞ, Ishikawa Shoji K.K.
    ("NIHONKOUGIYOU(KA", "", "NIHONKOGYO"),  # ﾆﾎﾝｺｳｷﾞﾖｳ(ｶ, Nihon Kogyo
    ("KA)YAMATOHO-RUDEINGUSU", "", "YAMATO HOLDINGS"),  # the long-vowel mark, a loanword
    ("20260058TAKAHASHISEIKI(KA", "20260058", "TAKAHASHISEIKI"),  # an invoice's number typed before
    ("FURIKOMI 20260930-007KA)KEIHININSATSU", "20260930-007", "KEIHININSATSU"),  # 振込, a dated number
    ("SMITH(KA", "", "SMITH(KA"),  # TH spells no kana: left as it is
    ("ACME CORP", "", "ACME CORP"),  # no legal form's abbreviation: not a Zengin name
])
def test_a_zengin_name_spelt_in_latin_letters_is_read_as_its_katakana(payer, number, name):
    assert number_before_name(payer) == (number, name)


def test_a_zengin_name_spelt_in_latin_letters_in_an_mt940_text_names_its_customer():
    invoices = [("i1", "INV-2026-0101", "c1", "Ishikawa Shoji Co., Ltd.", None, None, "JPY", "33000"),
                ("i2", "INV-2026-0102", "c2", "Ishikawa Denki Co., Ltd.", None, None, "JPY", "33000")]
    matches, _ = run([("p", "33000", "JPY", "", "FURIKOMI KA)ISHIKAWASHIYOUJI")], invoices)
    assert applied(matches)[0][1] == "i1", matches[0]["detail"]
