"""Arabic normalisation shared by the lexicon, the rules and the scorer.

Lemmas from PADT/PUD carry diacritics and news text writes hamza and alif variants freely
(أكد/اكد، آلن/الن، إلى/الى), so every comparison goes through :func:`normalize`.
"""
from __future__ import annotations

import re
import unicodedata

DIACRITICS_RE = re.compile("[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]")
TATWEEL = "\u0640"
_ALIF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
ARABIC_LETTER_RE = re.compile("[\u0621-\u064A\u0671-\u06D3]")
WORD_RE = re.compile(r"[\w\u0600-\u06FF]+", re.UNICODE)


def strip_diacritics(text: str) -> str:
    return DIACRITICS_RE.sub("", text).replace(TATWEEL, "")


def normalize(text: str) -> str:
    """Strip diacritics and tatweel; unify أ/إ/آ/ٱ→ا, ى→ي, ة→ه, ؤ→و, ئ→ي; NFC first."""
    return strip_diacritics(unicodedata.normalize("NFC", text)).translate(_ALIF)


def has_arabic(text: str) -> bool:
    return bool(ARABIC_LETTER_RE.search(text))


def words(text: str) -> list[str]:
    """Normalised word tokens (letters and digits), for overlap measures."""
    return WORD_RE.findall(normalize(text))


# quotation marks news text uses, straight, curly and guillemets
QUOTE_CHARS = '"“”«»„‟″'


def quote_state(text: str, start: int, end: int, depth: int = 0, straight: int = 0) -> tuple[int, int]:
    """The quotation marks open after reading ``text[start:end]`` from the state (``depth``,
    ``straight``): guillemets and curly quotes counted by their direction, straight quotes by
    their number (odd: one is open)."""
    for ch in text[start:end]:
        if ch in "«“":
            depth += 1
        elif ch in "»”" and depth:
            depth -= 1
        elif ch == '"':
            straight += 1
    return depth, straight
