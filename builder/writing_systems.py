"""Which characters belong to the East Asian writing systems, in one place for the three uses:
restoring paragraphs, counting words, telling a language.

- Han: the ideographs of Chinese and Japanese, with extension A, the compatibility ideographs
  and the supplementary planes (rare names and places, but Han all the same), and `々` `〆`
  `〇`, Han to Unicode too (`々` repeats the one before: `人々` is one word, not `人` and `々`).
- Kana: hiragana and katakana, halfwidth katakana too (older Japanese systems still send it).
- Hangul: the syllables, the jamo and the compatibility jamo (`ㅋㅋ`).

Han and kana are written with no spaces between words or sentences; Korean puts spaces between
words and ends sentences with `.`, so Hangul is not among the unspaced letters: a word count
counts Korean words as it counts English ones (two syllables a word made Korean reading times
about one and a half times what they are), and paragraph restoration treats Korean as it treats
a Latin script.
"""

from __future__ import annotations

import re

HAN = "\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
HIRAGANA = "\u3041-\u309f"
KANA = f"{HIRAGANA}\u30a0-\u30ff\uff66-\uff9f"
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
FULLWIDTH_LETTERS_AND_DIGITS = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"

# Letters written with no spaces between words: a word count counts their characters.
UNSPACED_LETTER = re.compile(f"[{HAN}{KANA}]")
# Letters that tell an East Asian language: kana Japanese, Hangul Korean, Han alone Chinese.
EAST_ASIAN_LETTER = re.compile(f"[{HAN}{KANA}{HANGUL}]")
KANA_LETTER = re.compile(f"[{KANA}]")
HANGUL_LETTER = re.compile(f"[{HANGUL}]")
# The letters Japanese writes its particles (`と`, `が`) and endings in.
HIRAGANA_LETTER = re.compile(f"[{HIRAGANA}]")

_UNSPACED_TEXT = re.compile(f"[{HAN}{KANA}{FULLWIDTH_LETTERS_AND_DIGITS}]")
_FIRST_UNSPACED = "\u3005"


def in_unspaced_text(char: str) -> bool:
    """Whether `char` belongs to text with no spaces between sentences, as paragraph
    restoration needs to know: Han, kana, and the fullwidth letters and digits set among them."""
    return char >= _FIRST_UNSPACED and _UNSPACED_TEXT.match(char) is not None
