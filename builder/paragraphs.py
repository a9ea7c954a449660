"""Restoring the paragraph breaks a scraper lost: `said.As far` → `said.` | `As far`.

A scraper that joins `<p>` texts with nothing between them leaves a sentence end glued to the
first letter of the next paragraph. In alphabetic scripts that never happens inside a
paragraph (sentences are separated by a space), so a *glued* sentence end is a lost break:

* a sentence end is `.` `!` `?` `…` or `...` (a run of them is one end and is never split),
  or the Greek question mark `;`, optionally followed by closing quotes or brackets, which
  stay with the old paragraph (a German `“` before the mark closes: `„am Ende“.Die`);
* the new paragraph starts with an uppercase letter of any script (`str.isupper`), a letter
  of a caseless script (Arabic, Hebrew, Hangul...), a hashtag or handle (`#MeToo`), or an
  opening quote, bracket or dialogue dash (`– To`) followed by such a letter or a digit;
  after an ordinary word (`said.10 people`) or after `!` `?` `…` it may also start with a
  digit;
* the ASCII `"` opens or closes by parity within the paragraph so far (a Hebrew gershayim,
  `צה"ל`, is no quote); `'`, `«` `»` and `„` `“` are told apart the same way (English,
  French and German conventions); an ellipsis inside an open quote is a pause (`"Well...I`);
* no break inside dotted initialisms and initials (`U.S.A`, `J.R.R.Tolkien`, `В.В.Путин`),
  after abbreviations that precede a name or a number (`Dr.Smith`, `St.Petersburg`, `No.10`,
  `ул.Ленина`, `z.B.`), in numbers (`3.5`), German ordinals (`3.Oktober`), URLs, `www.`
  domains and e-mail addresses. A glued acronym that ends a sentence does break (`U.S.The`,
  `5 p.m.The`), and so does a title abbreviation followed by a word that only ever starts
  a sentence (`Main St.The`); the small list of such words is the price of telling
  `F.B.I.The` from `J.K.Rowling` without a dictionary of names;
* headings, captions and markers have no full stop: a whole lowercase word, a word in
  capitals, a number or a bracket glued to one of those starting words is a lost break
  too (`their namesThe storm`, `ADVERTISEMENTThe`, `(AP Photo)The`);
* nothing else breaks: not `iPhone`, not `YouTube`, not `LinkedIn`, not after `:` or `,`.

CJK text has no spaces between sentences at all, so a lost break looks exactly like an
ordinary sentence end. The trade-off taken here: every `。` `！` `？` (and `!` `?` after a
CJK character), with its closing quotes or brackets, followed directly by a CJK character,
an opening bracket, a Latin capital or a digit, is a paragraph break. CJK news is laid out
in short paragraphs, so one sentence per paragraph reads far better than one wall of text;
it does split sentences that belonged together. A quote is not split from a particle
(`「……。」と述べた`) or from a short attribution ending in a verb of saying (`“……。”他说。`).

The scan is one compiled regex over the glued sentence ends and glued capitals only, plus
bounded checks around each of them; quote counts are kept incrementally and addresses are
found once, so the whole split is linear in the length of the text.
`"".join(split_paragraphs(t)) == t` for every string, and each paragraph it returns, split
again, is returned whole.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from builder import lexicon

# Sentence-end marks; `;` is the Greek question mark (U+037E, or ASCII after a Greek letter).
_MARKS = ".!?…。！？｡؟۔।‼⁉;\u037e"
# The capitals that start a word of `lexicon.STARTERS`, and what may end a heading or a marker
# glued to one: letters (roughly: Latin, Greek, Cyrillic), digits, `%` and `)`;
# `break_before` looks closer.
_HEADS = "".join(sorted({word[0].upper() for word in lexicon.STARTERS}))
_GLUED = "a-zA-ZÀ-ÿ\u0100-\u024f\u0391-\u03ce\u0410-\u045f0-9%)"
_NUMBER = re.compile(r"\d[\d.,]*%?")
# One scan finds both kinds of candidates (a second scan would cost as much as the first):
# * a run of sentence-end marks glued to what follows: not a space, comma, colon or lowercase
#   ASCII letter, which never start a paragraph, nor a digit right after `digit.` (3.5);
#   French may put a space before a closing `»`;
# * a capital glued to a word, a number or a bracket, where an unpunctuated heading, caption
#   or marker meets the next paragraph ("their namesThe storm", "ADVERTISEMENTThe"); only a
#   sentence starter will do (`break_before`).
_CANDIDATE = re.compile(
    rf"[{_MARKS}{_HEADS}](?:(?<=[{_HEADS}])(?<=[{_GLUED}].)"
    rf"|(?<=[{_MARKS}])[{_MARKS}]*+(?=[^\s\d,;:a-z]|(?<!\d.)\d|[ \u00a0\u202f]»))"
)
_CJK_MARKS = frozenset("。！？｡")
_SPACES = frozenset(" \u00a0\u202f")  # French puts a (narrow) space inside « »
_CLOSERS = frozenset("”’)]」』）》〉】›")  # always closing; `"` `'` `“` `«` `»` decided by state
_OPENERS = frozenset("“‘«„‚(¿¡「『（《【〈‹")  # `"` `'` `»` `—` `–` also open, decided in context
_ANY_OPENER = _OPENERS | frozenset("\"'»—–")
_QUOTE_MARKS = frozenset("\"'“”‘’«»„‚‹›")
_CJK_QUOTE_ENDS = frozenset("”」』")
_CODE_ENDS = frozenset("),;]/")  # after one capital: never the first word of a paragraph
_QUOTES = _CLOSERS | _ANY_OPENER | frozenset("«»“") | _SPACES  # what _quotes_after skips
_MAX_INITIALS = 8  # a dotted initialism is never longer; bounds the look-back
_MAX_WORD = 24  # the longest word looked at after a dot
_MAX_QUOTE = 200  # how far back an ellipsis looks for the quotation mark it may be inside
_MAX_ATTRIBUTION = 16  # the longest CJK attribution after a quote ("他说", "市长在仪式上表示")
_SPACE = re.compile(r"\s")


def split_paragraphs(text: str) -> list[str]:
    """Split one glued block of text into paragraphs at lost breaks."""
    scan = _Scan(text)
    cuts = [0]
    for match in _CANDIDATE.finditer(text):
        start, end = match.span()
        cut = scan.break_before(start) if text[start].isalpha() else scan.break_after(start, end)
        if cut >= 0:
            cuts.append(cut)
            scan.paragraph = cut  # quotes are counted afresh from here when needed
    cuts.append(len(text))
    return [text[a:b] for a, b in pairwise(cuts) if a < b]


class _Scan:
    """The state of one left-to-right scan: where the current paragraph starts, its quote
    counts, and where the URLs and e-mail addresses are. The counts are brought up to date
    lazily and only forward, so the whole scan stays linear."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.size = len(text)
        # Where URLs and e-mail addresses are; most articles have none.
        self.markers = _address_markers(text)
        self.marker_index = 0  # the first marker at or after the last sentence end looked at
        self.spaced_marker = -1  # the marker last looked at, and whether a space follows it
        self.spaced_read = 0
        self.spaced = False
        self.paragraph = 0
        # Quote counts of the current paragraph, brought up to date only when a quote follows
        # a sentence end: `*_for` is the paragraph they are for, `*_read` how far they go.
        self.straight_for = self.straight_read = self.straight = 0  # ASCII double quotes
        self.balances_for = self.balances_read = 0
        self.guillemets = 0  # « minus »: > 0 French «…» open, < 0 German »…« open
        self.low_quotes = 0  # „ minus “: > 0 German „…“ open
        self.singles_for = self.singles_read = 0  # ASCII single quotes
        self.single_open = False

    # The decision, one glued sentence end at a time.

    def break_after(self, start: int, end: int) -> int:
        """Where a new paragraph starts after the sentence end text[start:end], or -1."""
        text, paragraph = self.text, self.paragraph
        if start <= paragraph:
            return -1
        before = text[start - 1]
        mark = text[start:end]
        if mark[0] == ";" and not _is_greek(before):
            return -1  # a semicolon; after a Greek letter it is a question mark
        cjk = mark != "." and (
            not _CJK_MARKS.isdisjoint(mark)
            or (mark[0] in "!?" and before >= "\u3040" and _is_cjk(before))
        )
        if before.isspace():
            # French puts a space before ! and ?; otherwise a leading "... and" or a stray mark.
            if cjk or mark[0] not in "!?" or start - 2 < paragraph:
                return -1
            before = text[start - 2]
            if before.isspace():
                return -1
        if (before in _OPENERS and not _closing_quote(text, start - 1, paragraph)) or (
            before in "\"'" and (mark[0] == "…" or mark[:2] == "..")
        ):
            return -1  # "(...)", "\"...and": an ellipsis that opens a text, not one that ends it
        first = text[end]
        if first in _QUOTES:
            cut, position = self._quotes_after(end)
            if position >= self.size:
                return -1
            first = text[position]
        else:
            cut = position = end
        if cjk:
            return cut if self._cjk_starts(end, cut, position, first) else -1
        if first.isupper() or first.istitle():
            pass
        elif first.isdigit():
            if before.isdigit():
                return -1  # 3.5, 07.11.2024, 1...10
        elif first in "#@" and position == cut and _alnum_at(text, position + 1):
            pass  # a hashtag or a handle: "#MeToo activists", "@Reuters reported"
        elif not first.isalpha() or first.islower() or _is_cjk(first):
            return -1  # lowercase, punctuation, or CJK after Latin (`Yahoo!ニュース`)
        if before >= "\u3040" and _is_cjk(before):
            return -1  # "." or "…" inside CJK text
        if position == end and ("…" in mark or ".." in mark) and self._inside_quote(start):
            return -1  # a pause inside a quote: "Well...I think so," he said
        if mark == "." and not self._dot_ends_sentence(start, position, first):
            return -1  # (! ? … and runs of marks end a sentence whatever comes before them)
        if self.markers and self._in_address(start, position):
            return -1
        return cut

    def break_before(self, position: int) -> int:
        """`position`, when the capital there starts a new paragraph after an unpunctuated
        heading, caption or marker, else -1. Glued to it, a word that starts sentences and is
        never a name (as after `Main St.`); before it, a bracket (`(AP Photo)The`) or a whole
        token: a lowercase word (`their namesThe`, but not `iPhone`, `LinkedIn`), a word in
        capitals before a starter of three letters or more (`ADVERTISEMENTThe`, but not
        `MBAs`), a number (`dal 2025Il`, `1%O`)."""
        text, paragraph = self.text, self.paragraph
        after = text[position + 1 : position + 2]
        if not (after in _SPACES or after.islower()) or not text[position].isupper():
            return -1  # quick: "NATO", "iOS"
        if not self._starter_at(position):
            return -1
        if text[position - 1] == ")":  # a credit in brackets, but not "(s)He"
            bracketed = position - 3 >= paragraph and text[position - 3] != "("
            return position if bracketed else -1
        start, limit = position, max(paragraph, position - _MAX_WORD)
        while start > limit and (text[start - 1].isalnum() or text[start - 1] in "%.,"):
            start -= 1
        if start > paragraph and not text[start - 1].isspace():
            return -1  # inside an address, a handle, a tag or a long word: "x.com/newsThe"
        token, starter = text[start:position], _word_after(text, position)
        if len(token) < 2 and not token.isdigit():
            return -1
        if token.isalpha():
            if token.islower() or (token.isupper() and len(starter) > 2 and starter[1:].islower()):
                return position
            return -1
        number = _NUMBER.fullmatch(token)
        return position if number and (token[-1] == "%" or len(starter) > 1) else -1

    def _quotes_after(self, end: int) -> tuple[int, int]:
        """Skip the closing quotes after a sentence end, then the opening ones: the cut
        (where the new paragraph would start) and the position of its first letter."""
        text, size = self.text, self.size
        position = end
        straight: bool | None = None  # an ASCII double quote is open; counted when needed
        single: bool | None = None
        balances: tuple[int, int] | None = None
        while position < size:
            char = text[position]
            if char in _CLOSERS:
                pass
            elif char == '"':
                if straight is None:
                    straight = self._straight_quotes(end) % 2 == 1
                if not straight and _alnum_at(text, position + 1):
                    break  # it opens the next paragraph; before `#`, `"` or nothing it closes
                straight = False
            elif char == "'":
                if _alnum_at(text, position + 1):
                    if single is None:
                        single = self._single_quote_open(end)
                    if not single:
                        break  # 'We will...
                single = False
            elif char in "«»“ \u00a0\u202f":
                if balances is None:
                    balances = self._balances(end)
                guillemets, low_quotes = balances
                if char == "»" and (
                    guillemets > 0
                    or text[position - 1] in _SPACES
                    or not _alnum_at(text, position + 1)
                ):
                    guillemets -= 1  # French closing (" »"); »Wir before a letter: German opening
                elif char == "«" and guillemets < 0:
                    guillemets += 1  # German »…« closing
                elif char == "“" and low_quotes > 0:
                    low_quotes -= 1  # German „…“ closing
                elif not (char in _SPACES and text[position + 1 : position + 2] == "»"):
                    break  # "tracé. »Dix" goes on; anything else opens
                balances = guillemets, low_quotes
            else:
                break
            position += 1
        cut = position
        while position < size and position - cut < 3:
            char = text[position]
            if char not in _ANY_OPENER or (
                char == "–" and text[position + 1 : position + 2] != " "
            ):
                break  # an en dash opens a line of dialogue only before a space: "– To"
            position += 1
            if char in "«—–" and position < size and text[position] in _SPACES:
                position += 1  # "« C'est", "— Мы", "– To"
        return cut, position

    def _cjk_starts(self, end: int, cut: int, position: int, first: str) -> bool:
        """After a CJK sentence end: a CJK character, an opening bracket, a capital or a
        digit starts a new paragraph, except a particle after a quote (」と) or the short
        attribution of a quote (“……。”他说。)."""
        if position > cut:
            return True
        if _is_cjk(first):
            if cut == end or _CJK_QUOTE_ENDS.isdisjoint(self.text[end:cut]):
                return True  # no quote closed here
            return not ("\u3041" <= first <= "\u309f" or _attribution_at(self.text, position))
        return first.isupper() or first.isdigit()

    # Quotes and addresses: the paragraph and its current token, read forward only.

    def _straight_quotes(self, upto: int) -> int:
        """The ASCII double quotes of the paragraph up to `upto`."""
        if self.straight_for != self.paragraph:
            self.straight_for = self.straight_read = self.paragraph
            self.straight = 0
        if upto > self.straight_read:
            text = self.text
            index = text.find('"', self.straight_read, upto)
            while index >= 0:
                self.straight += not _gershayim_at(text, index)
                index = text.find('"', index + 1, upto)
            self.straight_read = upto
        return self.straight

    def _balances(self, upto: int) -> tuple[int, int]:
        """« minus », and „ minus “, in the paragraph up to `upto`."""
        if self.balances_for != self.paragraph:
            self.balances_for = self.balances_read = self.paragraph
            self.guillemets = self.low_quotes = 0
        text, begin = self.text, self.balances_read
        if upto > begin:
            self.guillemets += text.count("«", begin, upto) - text.count("»", begin, upto)
            self.low_quotes += text.count("„", begin, upto) - text.count("“", begin, upto)
            self.balances_read = upto
        return self.guillemets, self.low_quotes

    def _inside_quote(self, start: int) -> bool:
        """Whether the last quotation mark before `start` in this paragraph (at most
        `_MAX_QUOTE` characters back) opens a quote: it follows a space or an opening bracket,
        or starts the paragraph. Apostrophes (`don't`) are not quotation marks."""
        text, paragraph = self.text, self.paragraph
        index = start - 1
        while index >= max(paragraph, start - _MAX_QUOTE):
            if text[index] in _QUOTE_MARKS:
                before = text[index - 1] if index > paragraph else " "
                if not (text[index] in "'’" and before.isalpha() and _letter_at(text, index + 1)):
                    return before.isspace() or before in _OPENERS or before in ":—–"
            index -= 1
        return False

    def _single_quote_open(self, upto: int) -> bool:
        """Whether an ASCII single quote is open at `upto`: one before a word, not after one,
        opens; one after a word, not before one, closes; one inside a word is an apostrophe."""
        if self.singles_for != self.paragraph:
            self.singles_for = self.singles_read = self.paragraph
            self.single_open = False
        text = self.text
        index = text.find("'", self.singles_read, upto)
        while index >= 0:
            before = text[index - 1] if index > self.paragraph else " "
            if _alnum_at(text, index + 1):
                if not before.isalnum():
                    self.single_open = True  # opening; between letters it is an apostrophe
            elif not before.isspace():
                self.single_open = False  # closing, or a plural possessive
            index = text.find("'", index + 1, upto)
        self.singles_read = max(upto, self.singles_read)
        return self.single_open

    def _in_address(self, start: int, position: int) -> bool:
        """Whether the dot at `start` is inside a URL or an e-mail address: a marker (`://`,
        `@`) before it in the same token, or the `@` of an address whose local part has a dot
        after it. The end of one, `example.com.The`, still breaks."""
        text, markers = self.text, self.markers
        index = self.marker_index
        while index < len(markers) and markers[index] < start:
            index += 1
        self.marker_index = index
        if index > 0:
            marker = markers[index - 1]
            if marker >= self.paragraph and not self._space_between(marker, start):
                word = _word_before(text, start, marker)
                return not (word.lower() in lexicon.ADDRESS_ENDS and _lower_at(text, position + 1))
        if index < len(markers) and text[markers[index]] == "@":
            return _local_part_follows(text, position)
        return False

    def _space_between(self, marker: int, start: int) -> bool:
        """Whether whitespace ends the marker's token before `start` (read forward only)."""
        if marker != self.spaced_marker:
            self.spaced_marker, self.spaced_read, self.spaced = marker, marker, False
        if not self.spaced and self.spaced_read < start:
            self.spaced = _SPACE.search(self.text, self.spaced_read, start) is not None
            self.spaced_read = start
        return self.spaced

    # Dots: abbreviations, initials, numbers.

    def _dot_ends_sentence(self, start: int, position: int, first: str) -> bool:
        """Whether a single `.` at `start`, glued to `first` at `position`, ends a sentence."""
        text, paragraph = self.text, self.paragraph
        word_start = start
        while word_start > paragraph and text[word_start - 1].isalpha():
            word_start -= 1
        if word_start > paragraph and text[word_start - 1] > "\u02ff":
            word_start = start - len(_word_before(text, start, paragraph))  # combining marks
        word = text[word_start:start]
        previous = text[word_start - 1] if word_start > paragraph else ""
        if not word:
            if previous.isdigit():  # "in 2024.The", but not a German ordinal "am 3.Oktober"
                return not _german_ordinal(text, start, position, paragraph)
            return True  # "(AP).The", "5%.The", "the “best”.The"
        if not (word[0].islower() or word[0].isupper()):
            return True  # a caseless script (Arabic, Hangul...) has no capitalised initials
        digit = first.isdigit()
        if len(word) == 1:
            if previous == ".":
                return self._initialism_ends_sentence(word_start, position, first)
            if digit:
                return False  # "p.12", "S.5"
            if _initial_follows(text, position):
                return False  # "J.R.R.Tolkien"
            if _after_number(text, word_start, paragraph) or not (
                previous == "" or previous.isspace() or previous in _ANY_OPENER
            ):
                return True  # a unit or a year: "5 m.The", "-25°C.The", "в 2024 г.В Москве"
            return self._starter_at(position)  # an initial: "J.Smith", "M.Macron", "г.Москва"
        key = word.lower()
        if key in lexicon.MIDSENTENCE:
            return False  # "vs.Nadal", "vgl.Art"
        if digit:  # "said.10 people", but "No.10", "Art.5", "www.site.10"
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
            return self._starter_at(position)  # "Dr.Smith", "St.Petersburg", but "Main St.The"
        if position == start + 1 and text[position : position + 2].lower() in lexicon.TLD_HEADS:
            return _word_after(text, position).lower() not in lexicon.CAPITAL_TLDS  # "Lenta.Ru"
        return True

    def _initialism_ends_sentence(self, last: int, position: int, first: str) -> bool:
        """After the dotted initialism whose last letter is at `last` ("U.S", "p.m", "J.K")."""
        text = self.text
        letters = _initialism(text, last, self.paragraph)
        key = letters.lower()
        if first.isdigit() or key in lexicon.MIDSENTENCE_INITIALISMS:
            return False  # "U.S.10", "e.g.Germany", "т.е.Москва"
        if _initial_follows(text, position) or (key + first.lower()) in lexicon.ACRONYMS:
            return False  # "J.R.R.Tolkien", "U.S.A and Canada"
        if key in lexicon.ACRONYMS or letters.islower():
            return True  # "U.S.The", "p.m.The", "т.д.Вчера"
        return self._starter_at(position)  # "F.B.I.The", but "J.K.Rowling", "В.В.Путин"

    def _starter_at(self, position: int) -> bool:
        """Whether the word at `position` is one that starts sentences and is never a name."""
        text = self.text
        word = _word_after(text, position)
        end = position + len(word)
        if not word or text[end : end + 1] not in _SPACES:
            return False
        key = word.lower()
        if key in lexicon.NAME_PARTICLES:
            return _lower_at(text, end + 1)
        return key in lexicon.STARTERS


def _is_cjk(char: str) -> bool:
    """Han ideographs, kana and fullwidth forms (not Hangul: Korean has spaces and `.`)."""
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF10 <= code <= 0xFF19
        or 0xFF21 <= code <= 0xFF3A
        or 0xFF41 <= code <= 0xFF5A
        or 0xFF66 <= code <= 0xFF9F
        or 0x20000 <= code <= 0x3FFFF
    )


def _is_greek(char: str) -> bool:
    return "\u0370" <= char <= "\u03ff" or "\u1f00" <= char <= "\u1fff"


def _gershayim_at(text: str, index: int) -> bool:
    """Whether the `"` at `index` stands between two Hebrew letters: an acronym (צה"ל)."""
    return (
        0 < index < len(text) - 1
        and "\u05d0" <= text[index - 1] <= "\u05ea"
        and "\u05d0" <= text[index + 1] <= "\u05ea"
    )


def _closing_quote(text: str, index: int, limit: int) -> bool:
    """Whether the `“` or `‘` at `index` closes a quote, as in German („Ja“): it follows a
    letter or a mark, not a space or an opening bracket."""
    if text[index] not in "“‘" or index <= limit:
        return False
    before = text[index - 1]
    return not before.isspace() and before not in _OPENERS


def _attribution_at(text: str, position: int) -> bool:
    """A short CJK clause ending in a verb of saying at the next sentence end (or the end of
    the text): the attribution of the quote before it, "他说。", "现场观众欢呼道。"."""
    end, limit = position, min(len(text), position + _MAX_ATTRIBUTION)
    while end < limit and text[end] not in _CJK_MARKS and text[end] not in "，,":
        end += 1
    if end < len(text) and text[end] not in _CJK_MARKS:
        return False
    return text[position:end].endswith(lexicon.SPEECH_VERBS)


def _alnum_at(text: str, position: int) -> bool:
    return position < len(text) and text[position].isalnum()


def _letter_at(text: str, position: int) -> bool:
    return position < len(text) and text[position].isalpha()


def _lower_at(text: str, position: int) -> bool:
    return position < len(text) and text[position].islower()


def _word_before(text: str, end: int, limit: int) -> str:
    """The letters (and their combining marks) right before `end`, not before `limit`."""
    start = end
    while start > limit:
        char = text[start - 1]
        if not (char.isalpha() or (char > "\u02ff" and unicodedata.category(char)[0] == "M")):
            break  # combining marks: Arabic harakat, Devanagari vowel signs
        start -= 1
    return text[start:end]


def _word_after(text: str, start: int) -> str:
    """The letters from `start` on, at most `_MAX_WORD` of them."""
    end, size = start, min(len(text), start + _MAX_WORD)
    while end < size and text[end].isalpha():
        end += 1
    return text[start:end]


def _address_markers(text: str) -> list[int]:
    """The positions of the `://` of URLs and of the `@` of e-mail addresses, in order."""
    found = []
    index = text.find(":")
    while index >= 0:
        if text.startswith("//", index + 1):
            found.append(index)
        index = text.find(":", index + 1)
    index = text.find("@")
    while index >= 0:
        if index > 0 and text[index - 1].isalnum():
            found.append(index)
        index = text.find("@", index + 1)
    return sorted(found)


def _local_part_follows(text: str, position: int) -> bool:
    """The rest of an e-mail address whose local part has a dot: "Press.Office@Example.org"."""
    begin, end = position, min(len(text), position + 64)
    while position < end and (text[position].isalnum() or text[position] in "._%+-"):
        position += 1
    return (
        begin < position < end
        and text[position] == "@"
        and text[position - 1].isalnum()
        and _alnum_at(text, position + 1)
    )


def _initial_follows(text: str, position: int) -> bool:
    """A single letter then a dot ("R.") or the end of the word ("U.S.A,"), not a word like
    "A" or "I" before a space."""
    if not text[position].isalpha():
        return False
    after = text[position + 1 : position + 2]
    return after == "." or (not after.isalpha() and after not in _SPACES)


def _after_number(text: str, word_start: int, limit: int) -> bool:
    """A word right after a number is a unit or a year: "5 ft", "2024 г", "2024г"."""
    before = word_start - 1
    if before > limit and text[before] in _SPACES:
        before -= 1
    return before >= limit and text[before].isdigit()


def _german_ordinal(text: str, start: int, position: int, limit: int) -> bool:
    """One or two digits glued to a month or a rank: "am 3.Oktober", "1.FC Köln"."""
    digits = start - 1
    while digits > limit and start - digits <= 2 and text[digits - 1].isdigit():
        digits -= 1
    if start - digits > 2 or (digits > limit and text[digits - 1] in ".,"):
        return False
    return _word_after(text, position).lower() in lexicon.ORDINAL_NOUNS


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
    word = _word_after(text, position)
    end = position + len(word)
    return len(word) >= 2 and word.isupper() and text[end : end + 1] == "."
