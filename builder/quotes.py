"""Quotation marks at a glued sentence end: which close the old paragraph and which open the
new one, and whether an ellipsis stands inside a quote.

* the ASCII `"` opens or closes by parity within the paragraph so far (a Hebrew gershayim,
  `צה"ל`, is no quote); `'`, `«` `»` and `„` `“` are told apart the same way (English,
  French and German conventions);
* closing quotes and brackets stay with the old paragraph (a German `“` before the mark
  closes: `„am Ende“.Die`); opening ones, and a dialogue dash before a space (`– To`), go
  with the new one;
* an ellipsis inside an open quote is a pause (`"Well...I`).

The counts are kept per paragraph and read forward only (`ForwardTally`), and only when a
quote follows a sentence end.
"""

from __future__ import annotations

from builder.tally import ForwardTally
from builder.textscan import ANY_OPENER, CLOSERS, OPENERS, SPACES, alnum_at, letter_at

QUOTES = CLOSERS | ANY_OPENER | frozenset("«»“") | SPACES  # what `Quotes.after` skips
_QUOTE_MARKS = frozenset("\"'“”‘’«»„‚‹›")
_MAX_QUOTE = 200  # how far back an ellipsis looks for the quotation mark it may be inside


class Quotes:
    """The quote counts of one text's current paragraph, brought up to date when asked."""

    __slots__ = ("balances", "single", "straight", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.straight = ForwardTally(text, 0, _count_straight)  # ASCII double quotes
        # « minus »: > 0 French «…» open, < 0 German »…« open; „ minus “: > 0 German „…“ open
        self.balances = ForwardTally(text, (0, 0), _count_balances)
        self.single = ForwardTally(text, False, _read_singles)  # an ASCII single quote is open

    def after(self, end: int, paragraph: int) -> tuple[int, int]:
        """Skip the closing quotes after the sentence end at `end`, then the opening ones: the
        cut (where the new paragraph would start) and the position of its first letter."""
        text, size = self.text, len(self.text)
        position = end
        straight: bool | None = None  # an ASCII double quote is open; counted when needed
        single: bool | None = None
        balances: tuple[int, int] | None = None
        while position < size:
            char = text[position]
            if char in CLOSERS:
                pass
            elif char == '"':
                if straight is None:
                    straight = self.straight.value_at(paragraph, end) % 2 == 1
                if not straight and alnum_at(text, position + 1):
                    break  # it opens the next paragraph; before `#`, `"` or nothing it closes
                straight = False
            elif char == "'":
                if alnum_at(text, position + 1):
                    if single is None:
                        single = self.single.value_at(paragraph, end)
                    if not single:
                        break  # 'We will...
                single = False
            elif char in "«»“ \u00a0\u202f":
                if balances is None:
                    balances = self.balances.value_at(paragraph, end)
                balances = _closing_balances(text, position, balances)
                if balances is None:
                    break
            else:
                break
            position += 1
        return position, _opening(text, position)


def _closing_balances(
    text: str, position: int, balances: tuple[int, int]
) -> tuple[int, int] | None:
    """The balances once the `«` `»` `“` or space at `position` is passed as closing, or None
    when it opens the next paragraph."""
    guillemets, low_quotes = balances
    char = text[position]
    if char == "»" and (
        guillemets > 0 or text[position - 1] in SPACES or not alnum_at(text, position + 1)
    ):
        return guillemets - 1, low_quotes  # French closing (" »"); »Wir before a letter opens
    if char == "«" and guillemets < 0:
        return guillemets + 1, low_quotes  # German »…« closing
    if char == "“" and low_quotes > 0:
        return guillemets, low_quotes - 1  # German „…“ closing
    if char in SPACES and text[position + 1 : position + 2] == "»":
        return balances  # "tracé. »Dix" goes on
    return None


def _opening(text: str, cut: int) -> int:
    """The first letter after the opening quotes (at most three) at `cut`."""
    size, position = len(text), cut
    while position < size and position - cut < 3:
        char = text[position]
        if char not in ANY_OPENER or (char == "–" and text[position + 1 : position + 2] != " "):
            break  # an en dash opens a line of dialogue only before a space: "– To"
        position += 1
        if char in "«—–" and position < size and text[position] in SPACES:
            position += 1  # "« C'est", "— Мы", "– To"
    return position


def inside_quote(text: str, start: int, paragraph: int) -> bool:
    """Whether the last quotation mark before `start` in this paragraph (at most
    `_MAX_QUOTE` characters back) opens a quote: it follows a space or an opening bracket,
    or starts the paragraph. Apostrophes (`don't`) are not quotation marks."""
    index = start - 1
    while index >= max(paragraph, start - _MAX_QUOTE):
        if text[index] in _QUOTE_MARKS:
            before = text[index - 1] if index > paragraph else " "
            if not (text[index] in "'’" and before.isalpha() and letter_at(text, index + 1)):
                return before.isspace() or before in OPENERS or before in ":—–"
        index -= 1
    return False


def closing_quote(text: str, index: int, limit: int) -> bool:
    """Whether the `“` or `‘` at `index` closes a quote, as in German („Ja“): it follows a
    letter or a mark, not a space or an opening bracket."""
    if text[index] not in "“‘" or index <= limit:
        return False
    before = text[index - 1]
    return not before.isspace() and before not in OPENERS


def _count_straight(text: str, begin: int, start: int, end: int, count: int) -> int:
    """`count` plus the ASCII double quotes in text[start:end]."""
    index = text.find('"', start, end)
    while index >= 0:
        count += not _gershayim_at(text, index)
        index = text.find('"', index + 1, end)
    return count


def _count_balances(
    text: str, begin: int, start: int, end: int, balances: tuple[int, int]
) -> tuple[int, int]:
    """The balances « minus » and „ minus “, carried on over text[start:end]."""
    guillemets, low_quotes = balances
    guillemets += text.count("«", start, end) - text.count("»", start, end)
    low_quotes += text.count("„", start, end) - text.count("“", start, end)
    return guillemets, low_quotes


def _read_singles(text: str, begin: int, start: int, end: int, is_open: bool) -> bool:
    """Whether an ASCII single quote is open after text[start:end]: one before a word, not
    after one, opens; one after a word, not before one, closes; one inside a word is an
    apostrophe."""
    index = text.find("'", start, end)
    while index >= 0:
        before = text[index - 1] if index > begin else " "
        if alnum_at(text, index + 1):
            if not before.isalnum():
                is_open = True  # opening; between letters it is an apostrophe
        elif not before.isspace():
            is_open = False  # closing, or a plural possessive
        index = text.find("'", index + 1, end)
    return is_open


def _gershayim_at(text: str, index: int) -> bool:
    """Whether the `"` at `index` stands between two Hebrew letters: an acronym (צה"ל)."""
    return (
        0 < index < len(text) - 1
        and "\u05d0" <= text[index - 1] <= "\u05ea"
        and "\u05d0" <= text[index + 1] <= "\u05ea"
    )
