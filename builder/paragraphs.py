"""Restoring the paragraph breaks a scraper lost: `said.As far` → `said.` | `As far`.

A scraper that joins `<p>` texts with nothing between them leaves a sentence end glued to the
first letter of the next paragraph. In alphabetic scripts that never happens inside a
paragraph (sentences are separated by a space), so a *glued* sentence end is a lost break:

* a sentence end is `.` `!` `?` `…` or `...` (a run of them is one end and is never split),
  or the Greek question mark `;`, optionally followed by closing quotes or brackets, which
  stay with the old paragraph (`quotes` tells opening from closing);
* the new paragraph starts with an uppercase letter of any script (`str.isupper`), a letter
  of a caseless script (Arabic, Hebrew, Hangul...), a hashtag or handle (`#MeToo`), or an
  opening quote, bracket or dialogue dash (`– To`) followed by such a letter or a digit;
  after an ordinary word (`said.10 people`) or after `!` `?` `…` it may also start with a
  digit;
* an ellipsis inside an open quote is a pause (`"Well...I`), and one that opens a text is
  no end (`(...)The`);
* a single `.` may end an abbreviation, an initial or a number instead (`abbreviations`:
  `U.S.A`, `Dr.Smith`, `No.10`, `3.Oktober`, but `U.S.The`), or stand inside a URL or an
  e-mail address (`addresses`);
* headings, captions and markers have no full stop: a capital glued to one can be a lost
  break too (`unpunctuated`: `their namesThe storm`, `ADVERTISEMENTThe`);
* nothing else breaks: not `iPhone`, not `YouTube`, not `LinkedIn`, not after `:` or `,`.

CJK text has no spaces between sentences at all; `cjk` says where its paragraphs start.

The scan is one compiled regex over the glued sentence ends and glued capitals only, plus
bounded checks around each of them; quote counts are kept incrementally and addresses are
found once, so the whole split is linear in the length of the text.
`"".join(split_paragraphs(t)) == t` for every string, and each paragraph it returns, split
again, is returned whole.
"""

from __future__ import annotations

import re
from itertools import pairwise

from builder.abbreviations import dot_ends_sentence
from builder.addresses import Addresses
from builder.cjk import cjk_end, cjk_starts
from builder.quotes import QUOTES, Quotes, closing_quote, inside_quote
from builder.textscan import OPENERS, alnum_at
from builder.unpunctuated import GLUED, HEADS, break_before
from builder.writing_systems import in_unspaced_text

# Sentence-end marks; `;` is the Greek question mark (U+037E, or ASCII after a Greek letter).
_MARKS = ".!?…。！？｡؟۔।‼⁉;\u037e"
# One scan finds both kinds of candidates (a second scan would cost as much as the first):
# * a run of sentence-end marks glued to what follows: not a space, comma, colon or lowercase
#   ASCII letter, which never start a paragraph, nor a digit right after `digit.` (3.5);
#   French may put a space before a closing `»`;
# * a capital glued to a word, a number or a bracket, where an unpunctuated heading, caption
#   or marker meets the next paragraph ("their namesThe storm", "ADVERTISEMENTThe"); only a
#   sentence starter will do (`break_before`), so a capital before an ASCII capital or digit
#   (`NATO`, more than half of them) is left out here.
_CANDIDATE = re.compile(
    rf"[{_MARKS}{HEADS}](?:(?<=[{HEADS}])(?<=[{GLUED}].)(?![A-Z0-9])"
    rf"|(?<=[{_MARKS}])[{_MARKS}]*+(?=[^\s\d,;:a-z]|(?<!\d.)\d|[ \u00a0\u202f]»))"
)


def split_paragraphs(text: str) -> list[str]:
    """Split one glued block of text into paragraphs at lost breaks."""
    scan = _Scan(text)
    break_after = scan.break_after
    cuts = [0]
    for match in _CANDIDATE.finditer(text):
        start, end = match.span()
        if text[start].isalpha():
            cut = break_before(text, start, scan.paragraph)
        else:
            cut = break_after(start, end)
        if cut >= 0:
            cuts.append(cut)
            scan.paragraph = cut  # quotes are counted afresh from here when needed
    cuts.append(len(text))
    return [text[a:b] for a, b in pairwise(cuts) if a < b]


class _Scan:
    """One left-to-right scan: where the current paragraph starts, its quote counts, and the
    text's addresses."""

    __slots__ = ("addresses", "paragraph", "quotes", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraph = 0
        self.quotes: Quotes | None = None  # made when a quote first follows a sentence end
        self.addresses = Addresses.of(text)  # None for most articles, which have none

    def break_after(self, start: int, end: int) -> int:
        """Where a new paragraph starts after the sentence end text[start:end], or -1."""
        text, paragraph = self.text, self.paragraph
        if start <= paragraph:
            return -1
        before = text[start - 1]
        mark = text[start:end]
        if mark[0] == ";" and not _is_greek(before):
            return -1  # a semicolon; after a Greek letter it is a question mark
        cjk = mark != "." and cjk_end(mark, before)  # (a single "." is the common case)
        if before.isspace():  # French puts a space before ! and ?
            if cjk or mark[0] not in "!?" or start - 2 < paragraph or text[start - 2].isspace():
                return -1  # otherwise a leading "... and" or a stray mark
            before = text[start - 2]
        if (before in OPENERS and not closing_quote(text, start - 1, paragraph)) or (
            before in "\"'" and (mark[0] == "…" or mark[:2] == "..")
        ):
            return -1  # "(...)", "\"...and": an ellipsis that opens a text, not one that ends it
        cut = position = end
        if text[end] in QUOTES:
            self.quotes = self.quotes or Quotes(text)
            cut, position = self.quotes.after(end, paragraph)
            if position >= len(text):
                return -1
        if cjk:
            return cut if cjk_starts(text, end, cut, position) else -1
        first = text[position]
        if first.isupper() or first.istitle():
            pass
        elif first.isdigit():
            if before.isdigit():
                return -1  # 3.5, 07.11.2024, 1...10
        elif first in "#@" and position == cut and alnum_at(text, position + 1):
            pass  # a hashtag or a handle: "#MeToo activists", "@Reuters reported"
        elif not first.isalpha() or first.islower() or in_unspaced_text(first):
            return -1  # lowercase, punctuation, or CJK after Latin (`Yahoo!ニュース`)
        if in_unspaced_text(before):
            return -1  # "." or "…" inside CJK text
        if (
            position == end
            and ("…" in mark or ".." in mark)
            and inside_quote(text, start, paragraph)
        ):
            return -1  # a pause inside a quote: "Well...I think so," he said
        if mark == "." and not dot_ends_sentence(text, start, position, first, paragraph):
            return -1  # (! ? … and runs of marks end a sentence whatever comes before them)
        if self.addresses and self.addresses.hold(start, position, paragraph):
            return -1
        return cut


def _is_greek(char: str) -> bool:
    return "\u0370" <= char <= "\u03ff" or "\u1f00" <= char <= "\u1fff"
