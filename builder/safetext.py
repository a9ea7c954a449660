"""Text that every output can carry, and values quoted in messages at a bounded length.

XML 1.0 allows tab, LF, CR and U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF: lxml (feedgen)
refuses anything else, and a lone surrogate cannot even be encoded as UTF-8. The noncharacters
(U+FDD0–U+FDEF and the last two code points of every plane) are allowed but mean nothing in
published text. All of these are removed; nothing else is touched.
"""

from __future__ import annotations

import datetime as dt
import re

# Every unsafe character, and the astral ones between them (from U+1FFFE: CJK extensions,
# private use; not emoji), checked one by one: a class of ranges is ten times faster to search
# than one listing the 32 astral noncharacters.
_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]"
)
_KINDS: tuple[tuple[type, str], ...] = (
    (bool, "true or false"),
    (int, "a number"),
    (float, "a number"),
    (dt.datetime, "a date and time"),
    (dt.date, "a date"),
    (list, "a list"),
    (dict, "a mapping"),
    (bytes, "binary data"),
    (type(None), "empty"),
)


def is_unsafe(char: str) -> bool:
    """Whether XML forbids `char` or it is a noncharacter."""
    point = ord(char)
    return _SUSPECT.match(char) is not None and (point < 0x10000 or point & 0xFFFE == 0xFFFE)


def search(text: str) -> int:
    """The index of the first unsafe character, or -1."""
    found = _SUSPECT.search(text)  # almost always None: no generator to make
    if found is None:
        return -1
    suspects = _SUSPECT.finditer(text, found.start())
    return next((m.start() for m in suspects if is_unsafe(m.group())), -1)


def clean(text: str) -> str:
    """`text` without the characters XML forbids and without noncharacters."""
    return removed(text)[0]


def code_point(char: str) -> str:
    """How a message names a character that cannot be shown: U+FFFF."""
    return f"U+{ord(char):04X}"


def removed(text: str) -> tuple[str, str]:
    """(clean text, "" or what was removed, for a warning: "2 characters that feeds cannot
    carry (U+0001, …)")."""
    first = search(text)
    if first < 0:
        return text, ""
    found = text[first]
    kept = _SUSPECT.sub(lambda m: "" if is_unsafe(m.group()) else m.group(), text[first:])
    count = len(text) - first - len(kept)
    text = text[:first] + kept
    plural = "character" if count == 1 else "characters"
    more = ", …" if count > 1 else ""
    return text, f"{count} {plural} that feeds cannot carry ({code_point(found)}{more})"


def kind(value: object) -> str:
    """What a value from front matter is, in words: "a list", "true or false"."""
    for python_type, words in _KINDS:
        if isinstance(value, python_type):
            return words
    return "text" if isinstance(value, str) else type(value).__name__


def quoted(value: object, limit: int = 60) -> str:
    """A value for a message: text quoted and cut to `limit` characters (unsafe characters
    shown as code points), numbers and booleans as written, anything else by its kind."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return repr("".join(code_point(c) if is_unsafe(c) else c for c in text))
    if isinstance(value, dt.date):
        return str(value)
    if isinstance(value, bool | int | float):
        return repr(value)[:limit]
    return kind(value)
