"""Text folding for accent- and case-insensitive matching of names."""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not decompose into a base letter plus a combining mark.
_EXTRA = str.maketrans(
    {"đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ı": "i"}
)
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """``text`` decomposed (NFKD), without combining marks, case-folded: 'Múrai BATU' → 'murai batu'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text``; hyphens, dots and other punctuation separate words."""
    return _WORD.findall(fold(text))
