"""Payer names in katakana, as Japanese banks print them, read in the Latin letters a customer is
billed under ('ｶ)ﾄｳｷﾖｳｺｳｷﾞﾖｳ' -> 'TOKYOKOGYO' for Tōkyō Kōgyō K.K.).

A Zengin transfer's remitter name (振込依頼人名) is half-width katakana, upper-case Latin letters,
digits and ( ) . - / only: small kana are written large (ｷﾖｳ for きょう), the long-vowel mark as
'-', and the company's legal form as an abbreviation before, after or inside the name, with a
bracket on the side of the name (ｶ) / (ｶ / (ｶ): 株式会社 ｶ, 有限会社 ﾕ, 合名会社 ﾒ, 合資会社 ｼ,
合同会社 ﾄﾞ, 医療法人 ｲ, 財団法人 ｻﾞｲ, 社団法人 ｼﾔ, ... (the Japanese Bankers Association's
abbreviations, as the banks' account-holder converters list them). Read here: the abbreviation
dropped, the kana in Hepburn, a large ヤ/ユ/ヨ after an i-row kana as the contracted sound it
usually is (ｼﾖｳｼﾞ SHOJI, not SHIYOUJI), long vowels written as one (ｺｳｷﾞﾖｳ KOGYO), as
romanised company names write them without macrons, and the English words most common in
company names, which Japanese write as katakana loanwords, as those words (ﾃﾞｼﾞﾀﾙ DIGITAL).
"""

from __future__ import annotations

import re
import unicodedata

_KANA = re.compile(r"[\u30a1-\u30fa\u30fc\uff66-\uff9f]")
# legal forms' abbreviations with their bracket: before the name, after it, or inside it
_FORMS = "カ|ユ|メ|シ|ド|イ|ザイ|シヤ|シユウ|ガク|フク|ソ|トクヒ|ドク|ベン|ゼイ"
_LEGAL_FORM = re.compile(rf"(?:^|(?<=[\s/:]))(?:{_FORMS})\s*\)|\(\s*(?:{_FORMS})\s*\)?\s*$|\(\s*(?:{_FORMS})\s*\)"
                         r"|\([^()]{0,2}$")  # or one cut at the field's width: '(ﾄ' of '(ﾄﾞ'
_KANA_RUN = re.compile(r"[\u30a1-\u30fa][\u30a1-\u30fa-]*")  # full-width, as NFKC leaves them; '-' a long vowel
_ZENGIN_LARGE = str.maketrans("ッャュョァィゥェォ", "ツヤユヨアイウエオ")  # small kana as a Zengin field writes them

_ROWS = {  # katakana -> Hepburn
    **dict(zip("アイウエオ", ("A", "I", "U", "E", "O"))),
    **dict(zip("カキクケコ", ("KA", "KI", "KU", "KE", "KO"))), **dict(zip("ガギグゲゴ", ("GA", "GI", "GU", "GE", "GO"))),
    **dict(zip("サシスセソ", ("SA", "SHI", "SU", "SE", "SO"))), **dict(zip("ザジズゼゾ", ("ZA", "JI", "ZU", "ZE", "ZO"))),
    **dict(zip("タチツテト", ("TA", "CHI", "TSU", "TE", "TO"))), **dict(zip("ダヂヅデド", ("DA", "JI", "ZU", "DE", "DO"))),
    **dict(zip("ナニヌネノ", ("NA", "NI", "NU", "NE", "NO"))),
    **dict(zip("ハヒフヘホ", ("HA", "HI", "FU", "HE", "HO"))), **dict(zip("バビブベボ", ("BA", "BI", "BU", "BE", "BO"))),
    **dict(zip("パピプペポ", ("PA", "PI", "PU", "PE", "PO"))),
    **dict(zip("マミムメモ", ("MA", "MI", "MU", "ME", "MO"))),
    **dict(zip("ヤユヨ", ("YA", "YU", "YO"))), **dict(zip("ラリルレロ", ("RA", "RI", "RU", "RE", "RO"))),
    "ワ": "WA", "ヲ": "O", "ン": "N", "ヴ": "VU",
    **dict(zip("ァィゥェォ", ("A", "I", "U", "E", "O"))), **dict(zip("ャュョ", ("YA", "YU", "YO"))),
}
_CONTRACTED = {"ヤ": "A", "ユ": "U", "ヨ": "O", "ャ": "A", "ュ": "U", "ョ": "O"}
_LONG_VOWELS = re.compile(r"([AEIOU])-+|OU|UU|OO")


# The English words most often in company names, as Japanese write them in katakana: a name billed
# as 'Tōkyō Digital Partners K.K.' is ﾄｳｷﾖｳﾃﾞｼﾞﾀﾙﾊﾟ-ﾄﾅ-ｽﾞ(ｶ at the bank, DEJITARU and PATONAZU in Hepburn.
_LOANWORDS = {
    "ホールディングス": "HOLDINGS", "グループ": "GROUP", "ジャパン": "JAPAN", "インターナショナル": "INTERNATIONAL",
    "グローバル": "GLOBAL", "システムズ": "SYSTEMS", "システム": "SYSTEMS", "テクノロジーズ": "TECHNOLOGIES",
    "テクノロジー": "TECHNOLOGY", "ソリューションズ": "SOLUTIONS", "ソリューション": "SOLUTIONS", "サービス": "SERVICES",
    "ソフトウェア": "SOFTWARE", "ソフトウエア": "SOFTWARE", "ネットワークス": "NETWORKS", "ネットワーク": "NETWORK",
    "デジタル": "DIGITAL", "コンサルティング": "CONSULTING", "パートナーズ": "PARTNERS", "トレーディング": "TRADING",
    "エンジニアリング": "ENGINEERING", "デザイン": "DESIGN", "スタジオ": "STUDIO", "メディカル": "MEDICAL",
    "ファーマ": "PHARMA", "キャピタル": "CAPITAL", "メディア": "MEDIA", "フーズ": "FOODS", "リテール": "RETAIL",
    "ロボティクス": "ROBOTICS", "アナリティクス": "ANALYTICS", "オートメーション": "AUTOMATION",
    "テキスタイル": "TEXTILES", "マネジメント": "MANAGEMENT", "マーケティング": "MARKETING", "エナジー": "ENERGY",
    "ロジスティクス": "LOGISTICS", "ヘルスケア": "HEALTHCARE", "ラボ": "LABS", "ワークス": "WORKS",
    "エンタープライズ": "ENTERPRISES", "ファイナンス": "FINANCE", "セキュリティ": "SECURITY", "クラウド": "CLOUD",
    "コーポレーション": "CORPORATION", "カンパニー": "COMPANY", "インダストリーズ": "INDUSTRIES",
    "インダストリー": "INDUSTRY", "エレクトロニクス": "ELECTRONICS", "エレクトリック": "ELECTRIC", "モーターズ": "MOTORS",
    "ケミカル": "CHEMICAL", "プロダクツ": "PRODUCTS", "クリエイティブ": "CREATIVE", "コミュニケーションズ": "COMMUNICATIONS",
    "コミュニケーション": "COMMUNICATION", "アソシエイツ": "ASSOCIATES", "エンターテインメント": "ENTERTAINMENT",
    "パシフィック": "PACIFIC", "アメリカ": "AMERICA", "サプライ": "SUPPLY", "リサーチ": "RESEARCH", "ワールド": "WORLD",
    "マテリアルズ": "MATERIALS", "マテリアル": "MATERIAL", "マシナリー": "MACHINERY", "インベストメンツ": "INVESTMENTS",
    "インベストメント": "INVESTMENT", "プロパティーズ": "PROPERTIES", "ビジネス": "BUSINESS", "サイエンス": "SCIENCE",
    "ファクトリー": "FACTORY", "エージェンシー": "AGENCY", "オートモーティブ": "AUTOMOTIVE",
    "インフォメーション": "INFORMATION", "モバイル": "MOBILE", "エクスプレス": "EXPRESS", "トランスポート": "TRANSPORT",
    "ファッション": "FASHION", "スポーツ": "SPORTS", "リゾート": "RESORT", "ラボラトリーズ": "LABORATORIES",
}


def has_kana(text: str) -> bool:
    return bool(_KANA.search(text))


def romanised(text: str) -> str:
    """Katakana (half- or full-width) in Hepburn capitals, a legal form's abbreviation dropped, the
    common loanwords as the English words they are; other characters kept."""
    text = _LEGAL_FORM.sub(" ", unicodedata.normalize("NFKC", text).replace("ー", "-"))
    # each run of kana on its own: the Latin letters around it keep their spelling ('GROUP' is no OU)
    return _KANA_RUN.sub(lambda run: _LOANWORD.sub(lambda m: f" {_LOANWORD_READINGS[m[0]]} ", _hepburn(run[0])), text)


def _hepburn(text: str) -> str:
    out: list[str] = []
    for k, ch in enumerate(text):
        after_i = k > 0 and _ROWS.get(text[k - 1], "").endswith("I") and text[k - 1] not in "イィ"
        if ch in _CONTRACTED and after_i and out:  # キヨ, キョ -> KYO; シヨ -> SHO; チヨ -> CHO; ジヨ -> JO
            stem = out.pop()[:-1]
            out.append(stem + ("" if stem.endswith(("SH", "CH", "J")) else "Y") + _CONTRACTED[ch])
        elif ch in "ッ" and k + 1 < len(text) and (nxt := _ROWS.get(text[k + 1], "")):
            out.append(nxt[0])  # a small ッ doubles the next consonant
        else:
            out.append(_ROWS.get(ch, ch))
    return _LONG_VOWELS.sub(lambda m: m[1] or m[0][0], "".join(out))


# each loanword as _hepburn reads it, from small kana and from a Zengin field's large ones (ネットワーク
# NETTOWAKU, ﾈﾂﾄﾜ-ｸ NETSUTOWAKU), longest first (SYSTEMS' SHISUTEMUZU before SHISUTEMU)
_LOANWORD_READINGS = dict(sorted(((_hepburn(spelt.replace("ー", "-")), english) for kana, english in _LOANWORDS.items()
                                  for spelt in (kana, kana.translate(_ZENGIN_LARGE))), key=lambda pair: -len(pair[0])))
_LOANWORD = re.compile("|".join(map(re.escape, _LOANWORD_READINGS)))


# A Zengin transfer carries no remittance field of its own: payers type the invoice's number (or
# their customer number) before their name, as Japanese invoices ask them to (振込依頼人名 '269
# ﾆｼﾑﾗｹﾝｾﾂ(ｶ', '00123ﾔﾏﾀﾞｼﾖｳｼﾞ'). A Korean transfer's depositor name (입금자명, what the
# recipient's passbook shows: 7 to 10 Hangul characters) is typed the same way ('00019한빛건설',
# '12345(주)새롬'), and a Chinese one's remitter. Three digits or more right before half-width
# katakana, Hangul, a Han character or a bracketed legal form.
_NUMBER_BEFORE_KANA = re.compile(r"^\s*(\d{3,})\s*(?=[\uff66-\uff9f\uac00-\ud7af\u4e00-\u9fff㈜㈱]|[(（][주株])")


def number_before_name(payer: str) -> tuple[str, str]:
    """(the number typed before a remitter's katakana, Hangul or Han name, the name), or ('', payer);
    a Zengin name a bank spelt kana by kana in Latin letters read as its katakana are."""
    if (spelt := _ROMAJI_MARKED.match(payer)) and (kana := _kana_spelt(spelt.group(2))):
        return spelt.group(1) or "", romanised(kana).strip()
    typed = _NUMBER_BEFORE_KANA.match(payer)
    return (typed.group(1), payer[typed.end():]) if typed else ("", payer)


# A bank's MT940 or SWIFT statement spells a Zengin remitter's katakana in Latin letters, kana by
# kana, small kana large as the Zengin field holds them: 'KA)ISHIKAWASHIYOUJI' for ｶ)ｲｼｶﾜｼﾖｳｼﾞ,
# 'NIHONKOUGIYOU(KA' for ﾆﾎﾝｺｳｷﾞﾖｳ(ｶ, the long-vowel mark kept ('KA)YAMATOHO-RUDEINGUSU'), an
# invoice's number maybe typed before it, 'FURIKOMI' (振込, a transfer) maybe before both. Marked by
# a legal form's abbreviation and its bracket,
# such a name is read back into katakana, then as katakana are (SHOJI, KOGYO, HOLDINGS).
_ROMAJI_FORMS = "KA|YU|ME|SHI|DO|I|ZAI|SHIYA|SHIYUU|GAKU|FUKU|SO|TOKUHI|DOKU|BEN|ZEI"
_ROMAJI_MARKED = re.compile(rf"^\s*(?:FURIKOMI\s+)?(\d[\d-]{{1,}}\d)?\s*((?:{_ROMAJI_FORMS})\)\s*[A-Z][A-Z-]+|[A-Z][A-Z-]+\s*\((?:{_ROMAJI_FORMS})\)?)\s*$")
# romaji -> katakana, the large kana first (read last, they win): a Zengin field writes no small ones
_KANA_OF = {romaji: kana for kana, romaji in reversed(_ROWS.items())}


def _kana_spelt(text: str) -> str | None:
    """The katakana a text of Latin letters spells kana by kana (brackets kept), or None when a
    run of its letters is no such spelling ('SMITH')."""
    out: list[str] = []
    k = 0
    while k < len(text):
        if text[k] in "()- " or text[k].isspace():
            out.append("ー" if text[k] == "-" else text[k])
            k += 1
            continue
        size = next((n for n in (3, 2, 1) if text[k:k + n] in _KANA_OF), 0)
        if not size:
            return None
        out.append(_KANA_OF[text[k:k + size]])
        k += size
    return "".join(out)

