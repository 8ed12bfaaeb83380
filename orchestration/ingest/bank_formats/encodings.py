"""A bank file's bytes as text: UTF-8, the East Asian double-byte code pages banks still download
in, or a single-byte code page, never silently garbled.

Japanese web banking (SMBC, MUFG, Mizuho) downloads CSV in Shift_JIS/CP932, Korean banks (KB
Kookmin, Shinhan, Woori) in EUC-KR/CP949, most European banks in Windows-1252 or a DOS code page.
A double-byte code page is taken only when the bytes decode under it without error AND what they
give reads as that language: its characters are the ones such text is written in (kana and
common kanji; Hangul syllables of KS X 1001), and none sits inside a Latin word. Windows-1252
text decoded as CP932 gives half-width katakana between Latin letters ('M\uff9cLLER' for
'MÜLLER') or fails; Korean decoded as CP932 gives half-width katakana beside rare kanji and private-use
characters; Japanese decoded as CP949 gives the rare syllables outside KS X 1001. Each is scored
and falls below the bar, so the next reading is tried.
"""

from __future__ import annotations

import re

# Single-byte code pages banks export in besides UTF-8: Windows-1252/Latin-1 (Western Europe),
# CP850 (DOS Western: German savings banks' MT940), CP852 (DOS Central European: Polish, Czech,
# Hungarian exports such as Raiffeisen's MT940), Windows-1250 and ISO 8859-2 (Central European:
# mBank's MT940 is ISO 8859-2, 'SP\xd3\xa3KA' for SPÓŁKA). Western text reads the same or as
# letters of the same case in the later ones, so a tie keeps Windows-1252.
_CODE_PAGES = ("cp1252", "cp850", "cp852", "cp1250", "iso8859_2")
# the double-byte code pages, in the order tried; a tie keeps the first
_DOUBLE_BYTE = ("cp932", "cp949")
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


_SCORERS = {"cp932": _japanese, "cp949": _korean}


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


def _double_byte(data: bytes) -> str | None:
    best: tuple[float, str] | None = None
    for codec in _DOUBLE_BYTE:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _reads_as(text, codec)
        if score >= _PLAUSIBLE and (best is None or score > best[0]):
            best = (score, text)
    return best[1] if best else None


def decode(data: bytes) -> str:
    """UTF-8 (a BOM dropped); else CP932 or CP949 where the bytes read as Japanese or Korean (the
    better of the two); else the single-byte code page under which the non-ASCII bytes read as
    the most plausible letters (CP852's 0xA0 is 'á' where Windows-1252 has a no-break space),
    Windows-1252 on a tie."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if (text := _double_byte(data)) is not None:
        return text
    decoded = [data.decode(code_page, errors="replace") for code_page in _CODE_PAGES]
    return max(decoded, key=_plausible_letters)  # max keeps the first of equals
