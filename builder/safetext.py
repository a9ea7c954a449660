"""Text that every output can carry, and values quoted in messages at a bounded length.

XML 1.0 allows tab, LF, CR and U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF: lxml (feedgen)
refuses anything else, and a lone surrogate cannot even be encoded as UTF-8. The noncharacters
(U+FDD0–U+FDEF and the last two code points of every plane) are allowed but mean nothing in
published text. All of these are removed; nothing else is touched.
"""

from __future__ import annotations

import datetime as dt
import re

_LAST_TWO = "".join(chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF))
UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef{_LAST_TWO}]")
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


def clean(text: str) -> str:
    """`text` without the characters XML forbids and without noncharacters."""
    return UNSAFE.sub("", text) if UNSAFE.search(text) else text


def code_point(char: str) -> str:
    """How a message names a character that cannot be shown: U+FFFF."""
    return f"U+{ord(char):04X}"


def removed(text: str) -> tuple[str, str]:
    """(clean text, "" or what was removed, for a warning: "2 characters that feeds cannot
    carry (U+0001, …)")."""
    found = UNSAFE.search(text)
    if found is None:
        return text, ""
    text, count = UNSAFE.subn("", text)
    plural = "character" if count == 1 else "characters"
    more = ", …" if count > 1 else ""
    return text, f"{count} {plural} that feeds cannot carry ({code_point(found.group())}{more})"


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
        return repr(UNSAFE.sub(lambda found: code_point(found.group()), text))
    if isinstance(value, dt.date):
        return str(value)
    if isinstance(value, bool | int | float):
        return repr(value)[:limit]
    return kind(value)
