"""Restoring the paragraph breaks a scraper lost: `said.As far` → `said.` | `As far`.

A scraper that joins `<p>` texts with nothing between them leaves a sentence end glued to the
next sentence's first letter. In alphabetic scripts that never happens inside a paragraph
(sentences are separated by a space), so a glued end is a lost break, unless the dot belongs
to an abbreviation, an initial, a number, a URL or an e-mail address.

CJK text has no spaces between sentences at all, so a lost break there looks exactly like a
sentence end: every `。` `！` `？` followed by more text is taken as a break. That gives short
paragraphs, which is how CJK news is usually laid out, rather than one wall of text.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

_END = re.compile(r"(?:\.\.\.|[.!?…。！？؟۔।])+(?=\S|[ \u00a0\u202f]»)")  # glued ends only
_SPACES = frozenset(" \u00a0\u202f")  # French puts a (narrow) space inside « »
CJK_MIN_PARAGRAPH = 40  # characters: CJK sentence ends only break paragraphs at least this long
CLOSERS = frozenset("\"'”’»)]」』）›")
OPENERS = frozenset('"“‘«„(¿¡「『（‹')
_CJK_ENDS = frozenset("。！？")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")
# Words that are abbreviations before a name or a number, so a glued capital does not break.
ABBREVIATIONS = frozenset(
    (
        "mr mrs ms mx dr prof st ste sen rep gov gen col lt sgt capt cpt cmdr adm maj brig mt ft "
        "no nos nr art vs fig vol ch sec pp op cf ca approx dept univ pres supt insp rev hon fr "
        "sr sra srta dra mme mlle messrs hr str jr ing "
        "г гг им ул д т п проф акад тов см ст кв обл р руб млн млрд тыс ген пр просп пер"
    ).split()
)
# Dotted initialisms that end sentences: after these, a glued capital word is a new paragraph.
ACRONYMS = frozenset("us uk un eu usa uae dc nz pr ussr gb ca jr sr ok am pm eg ie etc".split())


def split_paragraphs(text: str) -> list[str]:
    """Split one glued block of text into paragraphs at lost breaks; joins back to `text`."""
    cuts = [0]
    quotes = 0  # ASCII double quotes seen in the current paragraph: odd means one is open
    last = 0
    for match in _END.finditer(text):
        start, end = match.span()
        quotes += text.count('"', last, start)
        last = start
        cut = _break_after(text, start, end, quotes % 2 == 1, cuts[-1])
        if cut is not None and cut > cuts[-1]:
            cuts.append(cut)
            quotes = 0
            last = cut
    cuts.append(len(text))
    return [text[a:b] for a, b in pairwise(cuts) if a < b]


def _break_after(
    text: str, start: int, end: int, quote_open: bool, paragraph_start: int
) -> int | None:
    """Where the new paragraph starts if the sentence end text[start:end] is a lost break."""
    size = len(text)
    position = end
    while position < size:
        char = text[position]
        if char in _SPACES and text[position + 1 : position + 2] == "»":
            position += 1  # "tracé. »Dix"
            continue
        if char not in CLOSERS:
            break
        if char == '"':
            if not quote_open:
                break  # this quote opens the next paragraph
            quote_open = False
        position += 1
    cut = position
    while position < size and text[position] in OPENERS:
        position += 1
        if text[position - 1] == "«" and text[position : position + 1] in _SPACES:
            position += 1  # "« C'est"
    if position >= size or text[position].isspace() or start == 0:
        return None
    before, first = text[start - 1], text[position]
    if before.isspace() or before in OPENERS:
        return None  # "...and" opening a quote, not a sentence end
    mark = text[start:end]
    if mark[-1] in _CJK_ENDS:
        if start - paragraph_start < CJK_MIN_PARAGRAPH:
            return None
        return cut if first not in CLOSERS and not _is_punctuation(first) else None
    if not _starts_sentence(text, position):
        return None
    if _in_address(text, start):
        return None
    if mark == ".":
        return cut if _dot_ends_sentence(text, start, first) else None
    return cut


def _starts_sentence(text: str, position: int) -> bool:
    """A capital, a digit, a letter of a script without case (Arabic, Hebrew, Devanagari...),
    a CJK character, or a hashtag."""
    first = text[position]
    if first.isupper() or first.isdigit():
        return True
    if first.isalpha():
        return not first.islower()  # caseless scripts; CJK is matched here too
    return first in "#@" and text[position + 1 : position + 2].isalnum()


def _is_punctuation(char: str) -> bool:
    return not char.isalnum() and char not in OPENERS and not _CJK.match(char)


def _in_address(text: str, start: int) -> bool:
    """Inside a URL, a domain written with www., or an e-mail address."""
    token_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    token = text[token_start : start + 1]
    return "://" in token or "@" in token or token.lower().startswith("www.")


def _dot_ends_sentence(text: str, start: int, first: str) -> bool:
    word_start = start
    while word_start > 0 and (
        text[word_start - 1].isalpha() or unicodedata.combining(text[word_start - 1])
    ):
        word_start -= 1  # letters and their marks (Arabic harakat, Devanagari signs)
    word = text[word_start:start]
    if not word:  # a number or a closing bracket before the dot: "in 2024.The"
        return (not first.isdigit() and text[start - 1].isdigit()) or text[start - 1] in ")]"
    dotted = word_start > 0 and text[word_start - 1] == "."
    if len(word) == 1:
        if not dotted:
            return word.islower() and not first.isdigit()  # "J.Smith" is an initial
        return _initialism(text, word_start) in ACRONYMS and not _initial_follows(text, start)
    if word.lower() in ABBREVIATIONS:
        return False
    if first.isdigit():
        return not dotted and len(word) >= 2
    return True


def _initialism(text: str, word_start: int) -> str:
    """The letters of a dotted initialism ending at word_start: "U.S" → "us"."""
    letters = [text[word_start]]
    position = word_start - 1
    while position >= 2 and text[position] == "." and text[position - 1].isalpha():
        if position >= 2 and text[position - 2].isalpha():
            break
        letters.append(text[position - 1])
        position -= 2
    return "".join(reversed(letters)).lower()


def _initial_follows(text: str, start: int) -> bool:
    """After "J.R." another initial ("R.") means a name goes on."""
    return start + 3 <= len(text) and text[start + 1].isalpha() and text[start + 2] == "."
