"""The words a search matches: one rule for the index built here and for the query typed on
the search page (`terms` in themes/default/static/search.js says the same in JavaScript; the
two must agree, and tests/e2e/test_search_index.py checks they do in a browser).

Text is folded (compatibility forms, lower case, no accents, Hebrew points or Arabic vowel
marks: a reader types "zurich" for "Zürich"), then cut into words: runs of letters, digits
and the marks that belong to letters (Unicode categories L, N, M). Scripts written without
spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) have no words to cut, so their runs are
indexed as overlapping pairs of characters: a query matches where all its pairs occur.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .writing_systems import HAN, KANA

VERSION = "1"  # bump when a rule changes: every article is read again
SOUTHEAST_ASIAN = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
SPACELESS = f"{HAN}{KANA}{SOUTHEAST_ASIAN}"
FOLDED = "\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0670"  # accents, Hebrew points, harakat
_SPACELESS_RUNS = re.compile(f"[{SPACELESS}]+|[^{SPACELESS}]+")
_SPACELESS_CHAR = re.compile(f"[{SPACELESS}]")
_FOLDED = re.compile(f"[{FOLDED}]")


@functools.cache
def _words() -> re.Pattern[str]:
    """Runs of letters, digits and marks. The Basic Multilingual Plane by category; beyond
    it, everything but the emoji blocks counts as a letter (historic scripts, rare Han)."""
    ranges: list[str] = []
    start = None
    for code in range(0x10001):
        inside = code < 0x10000 and unicodedata.category(chr(code))[0] in "LNM"
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    astral = "\\U00010000-\\U0001efff\\U0001fb00-\\U0010ffff"
    return re.compile(f"[{''.join(ranges)}{astral}]+")


def fold(text: str) -> str:
    """Compatibility forms, no accents or vowel points, lower case (JavaScript's rule)."""
    if text.isascii():
        return text.lower()
    bare = _FOLDED.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFC", bare).lower()


def terms(text: str) -> set[str]:
    """The distinct words of `text`, folded; pairs of characters in spaceless runs."""
    folded = fold(text)
    found = set(_words().findall(folded))
    if folded.isascii() or not _SPACELESS_CHAR.search(folded):
        return found
    spaceless = {word for word in found if _SPACELESS_CHAR.search(word)}
    found -= spaceless
    for word in spaceless:
        for run in _SPACELESS_RUNS.findall(word):
            if len(run) == 1 or not _SPACELESS_CHAR.match(run):
                found.add(run)
            else:
                found.update(run[i : i + 2] for i in range(len(run) - 1))
    return found
