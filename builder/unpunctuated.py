"""Headings, captions and markers glued to the next paragraph: they have no full stop, so the
lost break shows only as a capital glued to the token before it.

A whole lowercase word, a word in capitals, a number or a bracket glued to a word that
starts sentences and is never a name is a lost break (`their namesThe storm`,
`ADVERTISEMENTThe`, `(AP Photo)The`, `dal 2025Il`); nothing else is: not `iPhone`, not
`YouTube`, not `LinkedIn`, not `MBAs`.
"""

from __future__ import annotations

import re

from builder import lexicon
from builder.textscan import MAX_WORD, SPACES, starter_at, word_after

# The capitals that start a word of `lexicon.STARTERS`, and what may end a heading or a marker
# glued to one: letters (roughly: Latin, Greek, Cyrillic), digits, `%` and `)`;
# `break_before` looks closer.
HEADS = "".join(sorted({word[0].upper() for word in lexicon.STARTERS}))
GLUED = "a-zA-ZÀ-ÿ\u0100-\u024f\u0391-\u03ce\u0410-\u045f0-9%)"
_NUMBER = re.compile(r"\d[\d.,]*%?")


def break_before(text: str, position: int, paragraph: int) -> int:
    """`position`, when the capital there starts a new paragraph after an unpunctuated
    heading, caption or marker of the paragraph that starts at `paragraph`, else -1. Glued to
    it, a word that starts sentences and is never a name (as after `Main St.`); before it, a
    bracket (`(AP Photo)The`) or a whole token: a lowercase word (`their namesThe`, but not
    `iPhone`, `LinkedIn`), a word in capitals before a starter of three letters or more
    (`ADVERTISEMENTThe`, but not `MBAs`), a number (`dal 2025Il`, `1%O`)."""
    after = text[position + 1 : position + 2]
    if not (after in SPACES or after.islower()) or not text[position].isupper():
        return -1  # quick: "NATO", "iOS"
    if not starter_at(text, position):
        return -1
    if text[position - 1] == ")":  # a credit in brackets, but not "(s)He"
        bracketed = position - 3 >= paragraph and text[position - 3] != "("
        return position if bracketed else -1
    start, limit = position, max(paragraph, position - MAX_WORD)
    while start > limit and (text[start - 1].isalnum() or text[start - 1] in "%.,"):
        start -= 1
    if start > paragraph and not text[start - 1].isspace():
        return -1  # inside an address, a handle, a tag or a long word: "x.com/newsThe"
    token, starter = text[start:position], word_after(text, position)
    if len(token) < 2 and not token.isdigit():
        return -1
    if token.isalpha():
        if token.islower() or (token.isupper() and len(starter) > 2 and starter[1:].islower()):
            return position
        return -1
    number = _NUMBER.fullmatch(token)
    return position if number and (token[-1] == "%" or len(starter) > 1) else -1
