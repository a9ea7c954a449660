"""The character classes paragraph restoration shares, and bounded looks around a position:
the character there, the word before or after it, and whether that word starts sentences."""

from __future__ import annotations

import unicodedata

from builder import lexicon

SPACES = frozenset(" \u00a0\u202f")  # French puts a (narrow) space inside « »
CLOSERS = frozenset("”’)]」』）》〉】›")  # always closing; `"` `'` `“` `«` `»` decided by state
OPENERS = frozenset("“‘«„‚(¿¡「『（《【〈‹")  # `"` `'` `»` `—` `–` also open, decided in context
ANY_OPENER = OPENERS | frozenset("\"'»—–")
MAX_WORD = 24  # the longest word looked at after a dot


def alnum_at(text: str, position: int) -> bool:
    return position < len(text) and text[position].isalnum()


def letter_at(text: str, position: int) -> bool:
    return position < len(text) and text[position].isalpha()


def lower_at(text: str, position: int) -> bool:
    return position < len(text) and text[position].islower()


def word_before(text: str, end: int, limit: int) -> str:
    """The letters (and their combining marks) right before `end`, not before `limit`."""
    start = end
    while start > limit:
        char = text[start - 1]
        if not (char.isalpha() or (char > "\u02ff" and unicodedata.category(char)[0] == "M")):
            break  # combining marks: Arabic harakat, Devanagari vowel signs
        start -= 1
    return text[start:end]


def word_after(text: str, start: int) -> str:
    """The letters from `start` on, at most `MAX_WORD` of them."""
    end, size = start, min(len(text), start + MAX_WORD)
    while end < size and text[end].isalpha():
        end += 1
    return text[start:end]


def starter_at(text: str, position: int) -> bool:
    """Whether the word at `position` is one that starts sentences and is never a name."""
    word = word_after(text, position)
    end = position + len(word)
    if not word or text[end : end + 1] not in SPACES:
        return False
    key = word.lower()
    if key in lexicon.NAME_PARTICLES:
        return lower_at(text, end + 1)
    return key in lexicon.STARTERS
