"""Whether a single `.` glued to the next word ends a sentence: abbreviations, initials and
numbers (`!` `?` `…` and runs of marks end one whatever comes before them).

* no break inside dotted initialisms and initials (`U.S.A`, `J.R.R.Tolkien`, `В.В.Путин`),
  after abbreviations that precede a name or a number (`Dr.Smith`, `St.Petersburg`, `No.10`,
  `ул.Ленина`, `z.B.`), after `www` (`www.BBC.co.uk`), in numbers (`3.5`, decided before
  the dot gets here), German ordinals (`3.Oktober`), tickers (`TSLA.O)`) and capitalised
  domains (`Lenta.Ru`);
* a glued acronym that ends a sentence does break (`U.S.The`, `5 p.m.The`), and so does a
  title abbreviation followed by a word that only ever starts a sentence (`Main St.The`), or
  one that is the end of a domain (`frb.gov.Key`); the small list of such words is the price
  of telling `F.B.I.The` from `J.K.Rowling` without a dictionary of names.
"""

from __future__ import annotations

from builder import lexicon
from builder.textscan import ANY_OPENER, SPACES, starter_at, word_after, word_before

_MAX_INITIALS = 8  # a dotted initialism is never longer; bounds the look-back
_CODE_ENDS = frozenset("),;]/")  # after one capital: never the first word of a paragraph


def dot_ends_sentence(text: str, start: int, position: int, first: str, paragraph: int) -> bool:
    """Whether a single `.` at `start`, glued to `first` at `position`, ends a sentence of the
    paragraph that starts at `paragraph`."""
    word_start = start
    while word_start > paragraph and text[word_start - 1].isalpha():
        word_start -= 1
    if word_start > paragraph and text[word_start - 1] > "\u02ff":
        word_start = start - len(word_before(text, start, paragraph))  # combining marks
    word = text[word_start:start]
    previous = text[word_start - 1] if word_start > paragraph else ""
    if not word:
        if previous.isdigit():  # "in 2024.The", but not a German ordinal "am 3.Oktober"
            return not _german_ordinal(text, start, position, paragraph)
        return True  # "(AP).The", "5%.The", "the “best”.The"
    if not (word[0].islower() or word[0].isupper()):
        return True  # a caseless script (Arabic, Hangul...) has no capitalised initials
    if len(word) == 1:
        return _letter_ends_sentence(text, word_start, position, first, paragraph)
    key = word.lower()
    if key in lexicon.MIDSENTENCE:
        return False  # "vs.Nadal", "vgl.Art"
    if first.isdigit():  # "said.10 people", but "No.10", "Art.5", "www.site.10"
        return (
            previous != "."
            and key not in lexicon.TITLES
            and key not in lexicon.NUMBER_ABBREVIATIONS
        )
    if previous != "." and word.isupper() and _acronym_follows(text, position):
        return False  # "EE.UU.", "FF.AA."
    if word.isupper() and text[position + 1 : position + 2] in _CODE_ENDS:
        return False  # a ticker's exchange or class: "(TSLA.O)", "BRK.B,"
    domain = previous == "." and word.islower()  # "frb.gov", "exemple.fr": not "Gov.", "Fr."
    if key in lexicon.TITLES and not domain and not _after_number(text, word_start, paragraph):
        return starter_at(text, position)  # "Dr.Smith", "St.Petersburg", but "Main St.The"
    if position == start + 1 and text[position : position + 2].lower() in lexicon.TLD_HEADS:
        return word_after(text, position).lower() not in lexicon.CAPITAL_TLDS  # "Lenta.Ru"
    return True


def _letter_ends_sentence(
    text: str, word_start: int, position: int, first: str, paragraph: int
) -> bool:
    """After a single letter and its dot: an initial, a unit, or the end of an initialism."""
    previous = text[word_start - 1] if word_start > paragraph else ""
    if previous == ".":
        return _initialism_ends_sentence(text, word_start, position, first, paragraph)
    if first.isdigit():
        return False  # "p.12", "S.5"
    if _initial_follows(text, position):
        return False  # "J.R.R.Tolkien"
    if _after_number(text, word_start, paragraph) or not (
        previous == "" or previous.isspace() or previous in ANY_OPENER
    ):
        return True  # a unit or a year: "5 m.The", "-25°C.The", "в 2024 г.В Москве"
    return starter_at(text, position)  # an initial: "J.Smith", "M.Macron", "г.Москва"


def _initialism_ends_sentence(
    text: str, last: int, position: int, first: str, paragraph: int
) -> bool:
    """After the dotted initialism whose last letter is at `last` ("U.S", "p.m", "J.K")."""
    letters = _initialism(text, last, paragraph)
    key = letters.lower()
    if first.isdigit() or key in lexicon.MIDSENTENCE_INITIALISMS:
        return False  # "U.S.10", "e.g.Germany", "т.е.Москва"
    if _initial_follows(text, position) or (key + first.lower()) in lexicon.ACRONYMS:
        return False  # "J.R.R.Tolkien", "U.S.A and Canada"
    if key in lexicon.ACRONYMS or letters.islower():
        return True  # "U.S.The", "p.m.The", "т.д.Вчера"
    return starter_at(text, position)  # "F.B.I.The", but "J.K.Rowling", "В.В.Путин"


def _initial_follows(text: str, position: int) -> bool:
    """A single letter then a dot ("R.") or the end of the word ("U.S.A,"), not a word like
    "A" or "I" before a space."""
    if not text[position].isalpha():
        return False
    after = text[position + 1 : position + 2]
    return after == "." or (not after.isalpha() and after not in SPACES)


def _after_number(text: str, word_start: int, limit: int) -> bool:
    """A word right after a number is a unit or a year: "5 ft", "2024 г", "2024г"."""
    before = word_start - 1
    if before > limit and text[before] in SPACES:
        before -= 1
    return before >= limit and text[before].isdigit()


def _german_ordinal(text: str, start: int, position: int, limit: int) -> bool:
    """One or two digits glued to a month or a rank: "am 3.Oktober", "1.FC Köln"."""
    digits = start - 1
    while digits > limit and start - digits <= 2 and text[digits - 1].isdigit():
        digits -= 1
    if start - digits > 2 or (digits > limit and text[digits - 1] in ".,"):
        return False
    return word_after(text, position).lower() in lexicon.ORDINAL_NOUNS


def _initialism(text: str, last: int, limit: int) -> str:
    """The letters of a dotted initialism whose last letter is at `last`: "U.S" → "US"."""
    letters = [text[last]]
    position = last - 1  # a dot
    while (
        len(letters) < _MAX_INITIALS
        and position - 1 >= limit
        and text[position] == "."
        and text[position - 1].isalpha()
        and (position - 2 < limit or not text[position - 2].isalpha())
    ):
        letters.append(text[position - 1])
        position -= 2
    return "".join(reversed(letters))


def _acronym_follows(text: str, position: int) -> bool:
    """An all-capital word then a dot: the next half of "EE.UU." or "FF.AA."."""
    word = word_after(text, position)
    end = position + len(word)
    return len(word) >= 2 and word.isupper() and text[end : end + 1] == "."
