"""Company names with their country's letters and legal forms, and the ways banks spell them.

A customer billed as 'Müller Maschinenbau GmbH' shows on a statement as MÜLLER MASCHINENBAU GMBH (a
camt.053 in UTF-8, which SEPA's extended character set allows), MULLER MASCHINENBAU GMBH (EPC217-08's
conversion to the basic Latin set drops the dots) or MUELLER MASCHINENBAU GMBH (the digraphs of
ICAO Doc 9303 part 3 and DIN 5007-2, as German, Swiss and Nordic banks and AP clerks write them).
Legal forms are the abbreviations of ISO 20275's Entity Legal Forms code list (GLEIF, v1.5).
Used by `seeds.generate --name-habits` and `benchmarks/bench_cash_phrasing.py --names`. Nothing here may be
read by reconcilers/.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

# (country, words of names, legal forms as registered)
COUNTRIES = (
    ("DE", "Müller Schröder Bäcker Köhler Großmann Weiß Jäger Fröhlich Südwerk Gärtner Maschinenbau Logistik "
           "Gebäudetechnik Lösungen Wärmetechnik Handel Dienstleistungen Straßenbau Grün Kühltechnik",
     ("GmbH", "AG", "GmbH & Co. KG", "e.K.", "UG (haftungsbeschränkt)", "KGaA")),
    ("AT", "Österreichische Wörthersee Bräu Kärntner Holzbau Glück Tischlerei Käserei Schönbrunn Technik Möbel",
     ("GmbH", "Ges.m.b.H.", "AG", "OG")),
    ("CH", "Zürcher Genève Bündner Müller Uhren Präzision Lötschental Gümligen Werkstätte Bâtiment",
     ("AG", "GmbH", "Sàrl", "SA", "Sagl")),
    ("FR", "Société Générale Électricité Énergie Hôtellerie Crédit Régie Bâtiment Études Créations Française "
           "Provençale Câblerie Forêt Château",
     ("SAS", "SA", "SARL", "EURL", "SASU")),
    ("ES", "Compañía Peña Logística Energía Ibérica Construcción Señalización Tecnología Diseño Castaño Montaña",
     ("S.L.", "S.A.", "S.L.U.")),
    ("PT", "São Ação Soluções Comércio Importação Gestão Logística Construção Serviços Alimentação",
     ("Lda.", "S.A.", "Unipessoal Lda.")),
    ("BR", "São Paulo Soluções Comércio Indústria Tecnologia Distribuição Alimentos Serviços Logística",
     ("Ltda.", "S.A.", "EIRELI")),
    ("DK", "Ørsted Skærbæk Ålborg Træ Bjørn Grøn Søndergaard Høj Fjæl Kø Mølle Værk",
     ("A/S", "ApS", "I/S", "AmbA")),
    ("NO", "Bjørn Fjøsne Ålesund Sjømat Kraftverk Grønland Tønsberg Løvås Bygg Økonomi",
     ("AS", "ASA", "ANS")),
    ("SE", "Göteborg Åkers Mälar Byggnads Södra Järn Örebro Västra Trä Skånska Kök",
     ("AB", "HB")),
    ("FI", "Pääkaupunki Järvi Metsä Sähkö Rakennus Kone Tekniikka Hämeen Työkalu Öljy",
     ("Oy", "Oyj", "Ky")),
    ("IS", "Þór Íslensk Sjávarútvegur Ísfélag Reykjavíkur Hraðfrysti Þjónusta Orka",
     ("ehf.", "hf.")),
    ("PL", "Łódź Wrocław Gdańsk Kraków Przemysł Żywiec Śląsk Budownictwo Handel Usługi Mięsne Łąka",
     ("Sp. z o.o.", "S.A.", "sp.k.", "sp.j.")),
    ("CZ", "Strojírny Plzeň Brno Český Doprava Stavební Obchodní Služby Železárny Pivovar",
     ("s.r.o.", "a.s.", "spol. s r.o.")),
    ("HU", "Győr Szolgáltató Kereskedelmi Építő Mérnöki Pécsi Szegedi Gépgyár Élelmiszer",
     ("Kft.", "Zrt.", "Nyrt.")),
    ("TR", "Işık Güneş Yıldız Çelik Ticaret Gıda İnşaat Otomotiv Tekstil Doğan",
     ("A.Ş.", "Ltd. Şti.")),
    ("IT", "Società Città Ferrovie Caffè Qualità Meccanica Lavorazioni Edilizia Servizi Tessile",
     ("S.r.l.", "S.p.A.", "S.n.c.")),
    ("MX", "Compañía Construcción Logística Energía Técnica Alimentos Diseño Peñasco",
     ("S.A. de C.V.", "S. de R.L. de C.V.")),
    ("NL", "IJssel Zuidas Brouwerij Scheepvaart Bouwbedrijf Groothandel Vervoer Curaçao Noordzee Hoogovens",
     ("B.V.", "N.V.", "V.O.F.")),
    ("JP", "Tōkyō Kōgyō Shōji Nihon Seisakusho Denki Sangyō Ōsaka Kyōto Yūsen Shōkai",  # Hepburn with macrons
     ("K.K.", "Kabushiki Kaisha", "G.K.", "Co., Ltd.")),
)

# EPC217-08's conversion of what the SEPA basic set lacks: accents dropped, and these letters spelt out
_SEPA_LETTERS = str.maketrans({"ß": "ss", "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe",
                               "Ł": "L", "ł": "l", "Þ": "TH", "þ": "th", "Ð": "D", "ð": "d", "ı": "i"})
# ICAO Doc 9303 part 3: umlauts and Nordic vowels as digraphs, then as above (as a clerk typing in
# ASCII writes them too: 'Mueller')
_DIGRAPHS = str.maketrans({"Ä": "Ae", "ä": "ae", "Ö": "Oe", "ö": "oe", "Ü": "Ue", "ü": "ue", "Å": "Aa",
                           "å": "aa", "Ø": "Oe", "ø": "oe"})


def _basic_latin(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_SEPA_LETTERS))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


# how a bank prints the payer's name: as registered (UTF-8), converted to SEPA's basic set, or with ICAO's digraphs
SPELLINGS: dict[str, Callable[[str], str]] = {
    "utf8": str.upper,
    "sepa_basic": lambda name: _basic_latin(name).upper(),
    "icao_digraphs": lambda name: _basic_latin(name.translate(_DIGRAPHS)).upper(),
}
# a customer's bank's convention, drawn once per customer with a name outside basic Latin ('' as registered)
SPELLING_CHOICES = ("", "", "sepa_basic", "sepa_basic", "icao_digraphs")
LOCAL_NAME_SHARE = 0.6  # of the accounts of a country in COUNTRIES, named in its language


# words of names in any country (not the matcher's group words: GROUP, GLOBAL, INTERNATIONAL, HOLDING)
SHARED_WORDS = ("Digital Consulting Partners Solutions Trading Engineering Design Studio Network Software Medical "
                "Pharma Capital Media Foods Retail Robotics Analytics Automation Textiles").split()


def international_name(rng: random.Random, taken: set[str]) -> str:
    """A company name as a company of one of COUNTRIES registers it: one of the country's words,
    two more of its own or of SHARED_WORDS, one of its legal forms ('Müller Gärtner Logistik
    GmbH', 'Skærbæk Digital Træ ApS'). No two names share their words in any order, nor is one
    another's words and more (a number follows the words only when hundreds of draws meet taken
    ones): companies named alike but for the legal form or a number are one company's entities or
    a truncation away, not strangers."""
    _, words, forms = rng.choice(COUNTRIES)
    return _name_from(words.split(), forms, rng, taken, any_country=True)


def _name_from(local: list[str], forms: tuple[str, ...], rng: random.Random, taken: set[str],
               any_country: bool = False) -> str:
    """One of local's words, two more of local or SHARED_WORDS, one of forms; words not taken in
    any order (any_country: another country's words and forms after each taken draw)."""
    for _ in range(500):
        first = rng.choice(local)
        chosen = [first, *rng.sample([w for w in local if w != first] + SHARED_WORDS, 2)]
        if (key := " ".join(sorted(chosen))) not in taken:
            break
        if any_country:
            _, words, forms = rng.choice(COUNTRIES)
            local = words.split()
    else:
        chosen.append(str(len(taken)))
        key = " ".join(sorted(chosen))
    taken.add(key)
    return f"{' '.join(chosen)} {rng.choice(forms)}"


def name_accounts_locally(accounts: list, rng: random.Random) -> None:
    """Renames LOCAL_NAME_SHARE of the accounts of a country in COUNTRIES to a name in its language
    (`seeds.generate --name-habits`): three words, one of which the country's, and its legal form."""
    by_country = {country: (words, forms) for country, words, forms in COUNTRIES}
    taken = {" ".join(sorted(account.name.split()[:-1])) for account in accounts}
    for account in accounts:
        if account.country in by_country and rng.random() < LOCAL_NAME_SHARE:
            words, forms = by_country[account.country]
            account.name = _name_from(words.split(), forms, rng, taken)


# How a billing system or CRM typed in ASCII holds a name registered with other letters: with
# the digraphs ('Mueller Logistik GmbH', as a German clerk types Müller) or with the accents
# dropped ('Muller Logistik GmbH'), while the customer's bank prints the name as registered, in its
# own spelling (SPELLINGS)
ASCII_TYPINGS: dict[str, Callable[[str], str]] = {
    "ascii_digraphs": lambda name: _basic_latin(name.translate(_DIGRAPHS)),
    "ascii_basic": _basic_latin,
}
ASCII_TYPED_SHARE = 0.3  # of the accounts named in letters beyond basic Latin


def type_names_in_ascii(accounts: list, rng: random.Random) -> None:
    """Has ASCII_TYPED_SHARE of the accounts whose names go beyond basic Latin typed in ASCII by
    the billing and CRM systems (`--name-habits`), one of ASCII_TYPINGS each: `name` becomes the
    typed name, `registered_name` keeps the name their banks print."""
    for account in accounts:
        if not account.name.isascii() and rng.random() < ASCII_TYPED_SHARE:
            account.typed_as = rng.choice(sorted(ASCII_TYPINGS))
            account.registered_name, account.name = account.name, ASCII_TYPINGS[account.typed_as](account.name)


# Japanese names as a Zengin transfer prints the remitter (half-width katakana, small kana written
# large, '-' for the long-vowel mark, the legal form abbreviated before or after the name with a
# bracket on the name's side: ｶ) for 株式会社, ﾄﾞ) for 合同会社), and the words of COUNTRIES' JP
# names and SHARED_WORDS in katakana (the shared ones as Japanese write the English loanwords)
_KANA_WORDS = {
    "Tōkyō": "トウキヨウ", "Kōgyō": "コウギヨウ", "Shōji": "シヨウジ", "Nihon": "ニホン", "Seisakusho": "セイサクシヨ",
    "Denki": "デンキ", "Sangyō": "サンギヨウ", "Ōsaka": "オオサカ", "Kyōto": "キヨウト", "Yūsen": "ユウセン",
    "Shōkai": "シヨウカイ", "Digital": "デジタル", "Consulting": "コンサルテイング", "Partners": "パ-トナ-ズ",
    "Solutions": "ソリユ-シヨンズ", "Trading": "トレ-デイング", "Engineering": "エンジニアリング", "Design": "デザイン",
    "Studio": "スタジオ", "Network": "ネツトワ-ク", "Software": "ソフトウエア", "Medical": "メデイカル",
    "Pharma": "フア-マ", "Capital": "キヤピタル", "Media": "メデイア", "Foods": "フ-ズ", "Retail": "リテ-ル",
    "Robotics": "ロボテイクス", "Analytics": "アナリテイクス", "Automation": "オ-トメ-シヨン", "Textiles": "テキスタイル",
}
_KANA_FORMS = {"Kabushiki Kaisha": "カ", "Co., Ltd.": "カ", "K.K.": "カ", "G.K.": "ド"}
_HALF_WIDTH = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF66, 0xFF9E)} | {"\u3099": "ﾞ",
                                                                                                 "\u309a": "ﾟ"}


def zengin_kana(name: str) -> str:
    """'Tōkyō Kōgyō K.K.' -> 'ｶ)ﾄｳｷﾖｳｺｳｷﾞﾖｳ' (or 'ﾄｳｷﾖｳｺｳｷﾞﾖｳ(ｶ'); '' for a name of other words."""
    form = next((f for f in _KANA_FORMS if name.endswith(f" {f}")), "")
    words = name.removesuffix(f" {form}").split() if form else name.split()
    if not all(w in _KANA_WORDS or w.isdigit() for w in words):
        return ""
    kana = "".join(_KANA_WORDS.get(w, w) for w in words)
    if form:
        kana = f"{_KANA_FORMS[form]}){kana}" if len(name) % 2 else f"{kana}({_KANA_FORMS[form]}"
    return "".join(_HALF_WIDTH.get(ch, ch) for ch in unicodedata.normalize("NFD", kana))
