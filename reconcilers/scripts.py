"""Payer names in scripts that have no Latin letters: Hangul, Han characters (Chinese, Japanese
kanji), Arabic, Hebrew, Thai, Devanagari, Georgian, Armenian. Korean, Chinese and Taiwanese banks
print the remitter as the customer was registered ('(주)새롬전자', '苏州天成数据有限公司'), and
billing systems bill it so; the names had been dropped whole by the ASCII reading, so nobody was
recognised. Each run of such characters is read into ASCII letters (anyascii: Hangul by syllable
in Revised Romanization, Han characters in Mandarin pinyin, so simplified and traditional
characters read alike: 华硕 and 華碩 are both HUASHUO), after the legal forms written in those
scripts are left out. A run is one word, as such names are written without spaces. Kana are read
elsewhere (kana.py: Hepburn, as Zengin transfers spell them)."""

from __future__ import annotations

import re

from anyascii import anyascii

_OTHER_SCRIPTS = ("\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u0900-\u097f\u0e00-\u0e7f\u10a0-\u10ff"
                  "\u1100-\u11ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
                  "\uf900-\ufaff\ufb1d-\ufb4f\ufb50-\ufdff\ufe70-\ufeff")
_RUN = re.compile(f"[{_OTHER_SCRIPTS}]+")
# Legal forms: Korean (주식회사, (주) and ㈜ a stock company; 유한회사 a limited company; 사단법인 and
# 재단법인 associations and foundations), Chinese and Taiwanese (有限公司 limited, 股份有限公司 a
# company limited by shares, 有限责任公司 a limited liability company; HK's 有限公司), Japanese
# (株式会社, (株) and ㈱; 有限会社, (有) and ㈲; 合同会社, 合資会社, 合名会社; 一般社団法人 and
# 一般財団法人). Longest first, so 股份有限公司 is not read as 股份 and 有限公司.
_FORMS = sorted(["주식회사", "유한회사", "유한책임회사", "합자회사", "합명회사", "사단법인", "재단법인",
                 "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "股份公司",
                 "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "一般社団法人", "一般財団法人"],
                key=len, reverse=True)
_MARKS = "주유사재합株有同"  # written in brackets before or after the name: (주), (株)
_LEGAL_FORM = re.compile("|".join(_FORMS) + f"|[(（]\\s*[{_MARKS}]\\s*[)）]|[㈜㈱㈲]")


def has_other_script(text: str) -> bool:
    return _RUN.search(text) is not None


def in_latin_letters(text: str) -> str:
    """The text with its legal forms in those scripts left out and each run of their characters
    read into ASCII letters, one word a run: '(주)새롬전자' -> 'SaeLomJeonJa'; Latin, kana and
    everything else as it was."""
    return _RUN.sub(lambda run: f" {anyascii(run.group())} ", _LEGAL_FORM.sub(" ", text))
