"""A bank file's bytes as text: UTF-8, the East Asian double-byte code pages banks still download
in, the Cyrillic and Hebrew Windows code pages, or a Western single-byte code page, never silently
garbled.

Japanese web banking (SMBC, MUFG, Mizuho) downloads CSV in Shift_JIS/CP932, Korean banks (KB
Kookmin, Shinhan, Woori) in EUC-KR/CP949, most European banks in Windows-1252 or a DOS code page.
A double-byte code page is taken only when the bytes decode under it without error AND what they
give reads as that language: its characters are the ones such text is written in (kana and
common kanji; Hangul syllables of KS X 1001), and none sits inside a Latin word. Windows-1252
text decoded as CP932 gives half-width katakana between Latin letters ('M\uff9cLLER' for
'MÜLLER') or fails; Korean decoded as CP932 gives half-width katakana beside rare kanji and private-use
characters; Japanese decoded as CP949 gives the rare syllables outside KS X 1001. Each is scored
and falls below the bar, so the next reading is tried.

Ukrainian banks (PrivatBank's, Ukrsibbank's, ProCredit's business exports; Monobank's too) download in
Windows-1251, Israeli banks (Hapoalim, Leumi) in Windows-1255. Every byte over 0x7F is a letter or
a symbol in Windows-1252 too, so these are scored as languages as well: a Cyrillic reading counts
words of Cyrillic letters that stand apart from Latin ones and are written in one case or
capitalised ('Оплата', 'ТОВ'); Western text read as Windows-1251 gives a Cyrillic letter inside a
Latin word ('MЬLLER', 'naпve') or alone ('Ј100' for '£100'), half-width katakana read so give words
of mixed case ('ёЧёЧіДЮ'). A Hebrew reading counts Hebrew letters; Cyrillic read as Windows-1255
fails (ы, ь, я are no characters there) or gives vowel points where words start. Hebrew read as
Windows-1251 gives lower-case Cyrillic only, as Hebrew read as Hebrew scores: a tie keeps the
code page tried first, Windows-1255. A single letter alone ('PAIEMENT À M') counts for neither.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Single-byte code pages banks export in besides UTF-8: Windows-1252/Latin-1 (Western Europe),
# CP850 (DOS Western: German savings banks' MT940), CP852 (DOS Central European: Polish, Czech,
# Hungarian exports such as Raiffeisen's MT940), Windows-1250 and ISO 8859-2 (Central European:
# mBank's MT940 is ISO 8859-2, 'SP\xd3\xa3KA' for SPÓŁKA). Western text reads the same or as
# letters of the same case in the later ones, so a tie keeps Windows-1252.
_CODE_PAGES = ("cp1252", "cp850", "cp852", "cp1250", "iso8859_2")
# the code pages read as a language, in the order tried; a tie keeps the first
_LANGUAGES = ("cp932", "cp949", "cp1255", "cp1251")
# the share of a text's non-ASCII characters that must read as its language (score per character)
_PLAUSIBLE = 0.6
# how many of a decoded file's non-ASCII characters are scored: the first tell the language (all
# of a 200,000-line download took 3 s), while the whole file must still decode without error
_SCORED_CHARACTERS = 20_000


# what Western text has besides letters, and the other single-byte code pages read as letters
# ('£100' is 'Ł100' in CP852, '«Oui»' 'ŤOuiť')
_WESTERN_SYMBOLS = frozenset("£€«»°§©®–—“”‘’…•½¼¾±×÷¿¡")


def _plausible_letters(text: str) -> int:
    """Non-ASCII characters that read as letters of the same case as the letters beside them
    ('MÜLLER', 'átutalás'), not as symbols or as 'MšLLER', nor as a letter beside none ('Ł100');
    and the symbols of Western text."""
    score = 0
    for i, ch in enumerate(text):
        if ord(ch) < 128:
            continue
        if ch in _WESTERN_SYMBOLS:
            score += 1
            continue
        if not ch.isalpha():
            continue
        beside = [c for c in text[max(i - 1, 0):i + 2:2] if c.isalpha()]
        score += bool(beside) and all(c.isupper() == ch.isupper() for c in beside if c.isascii())
    return score


def _japanese(ch: str) -> float:
    """How much a character reads as Japanese bank text: kana and the JIS level-1 kanji (Shift_JIS
    lead bytes up to 0x9F) fully, half-width katakana (the Zengin remitter names) and level-2 kanji
    partly, anything else (private use, Cyrillic, box drawing) against."""
    code = ord(ch)
    if 0x3040 <= code <= 0x30FF or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E or ch in "￥〒":
        return 1.0
    if 0xFF61 <= code <= 0xFF9F:
        return 0.7
    if 0x4E00 <= code <= 0x9FFF:
        return 1.0 if ch.encode("cp932")[0] <= 0x9F else 0.2
    return -2.0


def _korean(ch: str) -> float:
    """How much a character reads as Korean bank text: the 2,350 Hangul syllables of KS X 1001 (all
    that EUC-KR has) and ㈜ fully, the rarer syllables of CP949's extension and Hanja against."""
    code = ord(ch)
    if 0xAC00 <= code <= 0xD7A3:
        try:
            ch.encode("euc_kr")
        except UnicodeEncodeError:
            return -1.0
        return 1.0
    if ch in "㈜㈔￦₩" or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:
        return 1.0
    if 0x4E00 <= code <= 0x9FFF:
        return -0.5
    return -2.0


# the letters of Russian, Ukrainian and Belarusian (Windows-1251 also has Serbian and Macedonian
# letters, which are what Western symbols read as: '£' is 'Ј', '€' 'Ђ')
_CYRILLIC = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў") | frozenset("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯІЇЄҐЎ")
# what Cyrillic and Hebrew text has besides letters, and reads the same in Windows-1252: neither
# scored nor counted
_SHARED_SYMBOLS = frozenset("\u00a0«»–—‘’“”„•…°§©№")


def _cyrillic(ch: str) -> float:
    return 1.0 if ch in _CYRILLIC else -2.0


def _hebrew(ch: str) -> float:
    """Hebrew letters, geresh and gershayim, the shekel sign and the direction marks fully; vowel
    points (no bank writes them: Cyrillic capitals read as Windows-1255) and anything else against."""
    code = ord(ch)
    if 0x05D0 <= code <= 0x05EA or ch in "׳״₪\u200e\u200f":
        return 1.0
    return -2.0


_SCORERS = {"cp932": _japanese, "cp949": _korean, "cp1255": _hebrew, "cp1251": _cyrillic}
# the single-byte languages: a word of mixed case is garbled (Cyrillic), a letter alone counts nothing
_SINGLE_BYTE = ("cp1255", "cp1251")


def _half_width_kana(ch: str) -> bool:
    return 0xFF61 <= ord(ch) <= 0xFF9F


def _in_a_kana_name(text: str, i: int) -> bool:
    """Whether the half-width katakana at i stands in a name of such letters ('ｶ)ｻｸﾗ', 'ﾔﾏﾀﾞ ﾀﾛｳ'),
    a neighbour, or one across a bracket or point, being one too; Windows-1252's 'À' or '£' read
    as CP932 stands alone ('PAIEMENT ﾀ M', '｣100', 'ﾀ ﾀ')."""
    for step in (-1, 1):
        j = i + step
        if 0 <= j < len(text) and text[j] in "().":
            j += step
        if 0 <= j < len(text) and _half_width_kana(text[j]):
            return True
    return False


def _reads_as(text: str, codec: str) -> float:
    """The mean score of the text's non-ASCII characters in the codec's language. Accented letters
    read under the wrong code page stand inside Latin words ('j쥡젩r쟳a' for 'jóváírása', 'MﾜLLER'):
    a run of such characters between two Latin letters counts as garbled, one beside a Latin letter
    ('KB국민') as nothing either way, a half-width katakana beside one or standing alone as garbled."""
    if codec in _SINGLE_BYTE:
        return _reads_as_words(text, _SCORERS[codec])
    scorer, total, count = _SCORERS[codec], 0.0, 0
    for run in re.finditer(r"[^\x00-\x7f]+", text):
        if count >= _SCORED_CHARACTERS:
            break
        sides = sum(c.isascii() and c.isalpha() for c in (text[run.start() - 1:run.start()], text[run.end():run.end() + 1]))
        for i in range(run.start(), run.end()):
            count += 1
            if sides == 2 or (_half_width_kana(text[i]) and (sides or not _in_a_kana_name(text, i))):
                total -= 2.0
            elif not sides:
                total += scorer(text[i])
    return total / count if count else 0.0


_SHARED = "[" + re.escape("".join(sorted(_SHARED_SYMBOLS))) + "]"
_WORD = re.compile(r"[^\x00-\x7f]+")


def _reads_as_words(text: str, scorer: Callable[[str], float]) -> float:
    """The mean score of the non-ASCII words (runs without the shared symbols): a word inside a
    Latin one or of mixed case is garbled, one beside a Latin letter or of one letter counts
    nothing, the others their letters' scores."""
    total, count = 0.0, 0
    for run in _WORD.finditer(re.sub(_SHARED, " ", text)):
        if count >= _SCORED_CHARACTERS:
            break
        word = run.group(0)
        sides = sum(c.isascii() and c.isalpha() for c in (text[run.start() - 1:run.start()], text[run.end():run.end() + 1]))
        count += len(word)
        if sides == 2 or not _one_case(word):
            total -= 2.0 * len(word)
        elif not sides and len(word) > 1:
            total += sum(scorer(ch) for ch in word)
    return total / count if count else 0.0


def _one_case(word: str) -> bool:
    """A word in one case, capitalised or of capitalised parts ('ТОВ', 'оплата', 'Оплата',
    'ПриватБанк'; no case at all: Hebrew), not the mixed case of other code pages' bytes read as
    Cyrillic ('ёЧёЧіДЮ')."""
    letters = "".join(c for c in word if c.isalpha())
    return (letters.isupper() or letters.islower() or not any(c.isupper() or c.islower() for c in letters)
            or re.fullmatch(r"(?:[^\W\d_a-zа-яёіїєґў][^\W\d_A-ZА-ЯЁІЇЄҐЎ]+)+", letters) is not None)


def _language(data: bytes) -> tuple[str, str] | None:
    """(code page, text) of the language code page the bytes read best as, if any reads well."""
    best: tuple[float, str, str] | None = None
    for codec in _LANGUAGES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _reads_as(text, codec)
        if score >= _PLAUSIBLE and (best is None or score > best[0]):
            best = (score, codec, text)
    return best[1:] if best else None


def _read(data: bytes) -> tuple[str, str]:
    try:
        return "utf-8-sig", data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if (found := _language(data)) is not None:
        return found
    decoded = [(code_page, data.decode(code_page, errors="replace")) for code_page in _CODE_PAGES]
    return max(decoded, key=lambda read: _plausible_letters(read[1]))  # max keeps the first of equals


def code_page(data: bytes) -> str:
    """The code page `decode` reads the bytes in ('utf-8-sig', 'cp1255', 'cp1252', ...), for a
    reader that streams the file itself (the contract-layout CSV reader)."""
    return _read(data)[0]


def decode(data: bytes) -> str:
    """UTF-8 (a BOM dropped); else CP932, CP949, Windows-1255 or Windows-1251 where the bytes read
    as Japanese, Korean, Hebrew or Cyrillic (the best of them); else the Western single-byte code
    page under which the non-ASCII bytes read as the most plausible letters (CP852's 0xA0 is 'á'
    where Windows-1252 has a no-break space), Windows-1252 on a tie."""
    return _read(data)[1]
