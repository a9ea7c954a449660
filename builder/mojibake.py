"""Repairing mojibake: UTF-8 text that was read as Windows-1252 (or Latin-1) upstream.

`CafÃ©` → `Café`, `â€œQuoteâ€\x9d` → `“Quote”`, `ÐŸÑ€Ð¸` → `При`. Only whole UTF-8 sequences
are re-decoded, and only those with a tell-tale lead character, so that real text such as
`CAFÉ’S`, `Öß` or Vietnamese `đã` is left alone. Runs before C1 controls are mapped: the
bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) survive only as C1.
"""

from __future__ import annotations

import re

_BYTE: dict[str, int] = {}  # a character → the byte it came from
for _value in range(0x80, 0x100):
    _BYTE[chr(_value)] = _value  # Latin-1, and C1 controls for the undefined bytes
    _BYTE[bytes([_value]).decode("cp1252", errors="replace")] = _value
_BYTE.pop("\ufffd")


def _chars(low: int, high: int) -> str:
    return "".join(re.escape(c) for c, b in sorted(_BYTE.items()) if low <= b <= high)


_CONT = f"[{_chars(0x80, 0xBF)}]"
_SEQUENCES = re.compile(
    f"(?:[{_chars(0xC2, 0xDF)}]{_CONT}|[{_chars(0xE0, 0xEF)}]{_CONT}{{2}}"
    f"|[{_chars(0xF0, 0xF4)}]{_CONT}{{3}})+"
)
# Leads that mis-decoded text shows again and again: Â Ã (Latin-1), Ä Å Æ Ç (Latin
# Extended-A: ł ę ő ş), Î Ï (Greek), Ð Ñ (Cyrillic), × (Hebrew), Ø Ù Ú Û (Arabic), à-ï (’ “ ”
# – …, Indic, CJK, Hangul), ð (emoji). É, Ö and the like lead mostly IPA or rare scripts, and
# follow in real text by a quote or a dash ("CAFÉ’S"): not tells.
_TELLS = frozenset("ÂÃÄÅÆÇÎÏÐÑ×ØÙÚÛàáâãäåæçèéêëìíîïð")


def repair(text: str) -> tuple[str, int, str, int]:
    """The text with mis-decoded sequences re-decoded; how many runs; the first ("was → is")
    and where it began."""
    count = where = 0
    first = ""
    if text.isascii():
        return text, 0, "", 0

    def redecoded(found: re.Match[str]) -> str:
        nonlocal count, first, where
        run = found.group()
        if _TELLS.isdisjoint(run):
            return run
        try:
            better = bytes(_BYTE[c] for c in run).decode("utf-8")
        except UnicodeDecodeError:  # an overlong or surrogate form: not UTF-8 after all
            return run
        if not count:
            first, where = f"{run} → {better}", found.start()
        count += 1
        return better

    return _SEQUENCES.sub(redecoded, text), count, first, where
