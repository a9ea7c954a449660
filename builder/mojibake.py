"""Repairing mojibake: UTF-8 text that was decoded upstream in the wrong encoding.

`CafÃ©` → `Café`, `itâ€™s` → `it’s`, `РґРѕСЂРѕРіРµ` → `дороге`, and text garbled twice
(`cafÃƒÂ©`). ftfy decides what to repair and how: it leaves real text such as `5×£35`,
`CAFÉ’S` or `Việt Nam` alone. It is called only on lines where a cheap test finds a tell-tale
pair (the character of a UTF-8 lead byte followed by that of a continuation byte, as Latin-1,
Windows-1252, -1250, -1251 or Mac Roman show them), so most text never pays for it. C1
controls are left for the caller, which maps them to Windows-1252 punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ftfy import TextFixerConfig


def _chars(encoding: str, low: int, high: int) -> str:
    """The characters bytes `low`–`high` become in `encoding`; C1 controls for its holes."""
    found = set()
    for byte in range(low, high + 1):
        char = bytes([byte]).decode(encoding, errors="replace")
        found.add(chr(byte) if char == "\ufffd" else char)
    return "".join(re.escape(c) for c in sorted(found))


_WESTERN_LEADS = _chars("latin-1", 0xC2, 0xF4) + _chars("cp1252", 0xC2, 0xF4)
_WESTERN_CONTS = _chars("latin-1", 0x80, 0xBF) + _chars("cp1252", 0x80, 0xBF)
# In Windows-1250 and -1251 only the leads of common scripts (Latin-1 letters, Cyrillic,
# punctuation): all their letters lead some UTF-8 sequence, and "ół" or "всё" are real text.
_TELLS = re.compile(  # starts with one character class: the search skips the rest fast
    f"[{_WESTERN_LEADS}ĂÄĹВГДЕРСв√‚](?:"
    f"(?<=[{_WESTERN_LEADS}])[{_WESTERN_CONTS}]"
    f"|(?<=[ĂÄĹ])[{_chars('cp1250', 0x80, 0xBF)}]"
    f"|(?<=[ВГДЕРС])[{_chars('cp1251', 0x80, 0xBF)}]|(?<=в)Ђ"
    f"|(?<=[√‚])[{_chars('mac_roman', 0x80, 0xBF)}]"  # Mac Roman: "caf√©", "‚Äô"
    "|(?<=[ÃÂ]) )"  # a no-break space (0xA0) that became a space: "Ã " for "à"
)
_FAMILIES = (
    (("latin-1", "1252"), re.compile(f"[{_WESTERN_LEADS}][{_WESTERN_CONTS}]|[ÃÂ] ")),
    (("1250", "8859-2"), re.compile(f"[ĂÄĹ][{_chars('cp1250', 0x80, 0xBF)}]")),
    (("1251",), re.compile(f"[ВГДЕРС][{_chars('cp1251', 0x80, 0xBF)}]|вЂ")),
    (("macroman",), re.compile(f"[√‚][{_chars('mac_roman', 0x80, 0xBF)}]")),
)
_WESTERN_CONT = f"[{_WESTERN_CONTS}]"
_WESTERN_SEQUENCE = re.compile(  # a whole UTF-8 sequence as Latin-1 or Windows-1252 show it
    f"[{_chars('latin-1', 0xC2, 0xDF)}{_chars('cp1252', 0xC2, 0xDF)}]{_WESTERN_CONT}"
    f"|[{_chars('latin-1', 0xE0, 0xEF)}{_chars('cp1252', 0xE0, 0xEF)}]{_WESTERN_CONT}{{2}}"
    f"|[{_chars('latin-1', 0xF0, 0xF4)}{_chars('cp1252', 0xF0, 0xF4)}]{_WESTERN_CONT}{{3}}"
)
_NAMES = {"latin-1": "Latin-1", "macroman": "Mac Roman", "cp437": "code page 437"}
_SHOWN = 40  # characters of a repair shown in a warning, before and after


def repair(text: str) -> tuple[str, int, str, int]:
    """The text with garbled lines repaired; how many lines; the first repair ("was → is
    (how it was garbled)"), and the offset where it began (nothing before it changed)."""
    if text.isascii() or not _TELLS.search(text):
        return text, 0, "", 0
    import ftfy  # 0.1 s to import: only for text that needs it

    config = ftfy.TextFixerConfig(fix_c1_controls=False)
    lines = text.split("\n")
    count = where = offset = 0
    first = ""
    for number, line in enumerate(lines):
        if _TELLS.search(line):
            fixed, how = _fixed(line, config)
            if fixed != line:
                if not count:
                    first, start = _first(line, fixed, how)
                    where = offset + start
                lines[number] = fixed
                count += 1
        offset += len(line) + 1
    return "\n".join(lines), count, first, where


def _fixed(line: str, config: TextFixerConfig) -> tuple[str, str]:
    """ftfy's repair of one line, step by step while each step is plausible, and how the line
    had been garbled."""
    from ftfy import _fix_encoding_one_step_and_explain as one_step  # ftfy 6: the loop's body

    text, encodings = line, []
    while True:
        fixed, plan = one_step(text, config)
        if fixed == text or not _plausible(text, fixed, plan or []):
            break
        text = fixed
        encodings += [_name(step[1]) for step in plan or () if step[0] == "encode"]
    how = ", then as ".join(reversed(encodings))  # undone last first
    return text, f"UTF-8 read as {how or 'Windows-1252 in places'}"


def _plausible(before: str, after: str, plan: Sequence[tuple[str, str]]) -> bool:
    """A step re-encodes in a code page only when the text shows that code page's tell-tale
    pairs, and mends part of a line only where whole Windows-1252 sequences were: ftfy alone
    takes the clean "Café“Łódź" for Windows-1250 mojibake of a Chinese character."""
    codecs = [parameter for action, parameter in plan if action == "encode"]
    if not codecs:
        start = 0
        while start < min(len(before), len(after)) and before[start] == after[start]:
            start += 1
        return _WESTERN_SEQUENCE.search(before, max(start - 3, 0)) is not None
    return all(_family(codec).search(before) for codec in codecs)


def _family(codec: str) -> re.Pattern[str]:
    """The tell-tale pairs of UTF-8 read in `codec`."""
    for marks, pattern in _FAMILIES:
        if any(mark in codec for mark in marks):
            return pattern
    return _TELLS


def _name(codec: str) -> str:
    codec = codec.removeprefix("sloppy-")
    return _NAMES.get(codec, codec.title() if codec.startswith("windows") else codec.upper())


def _first(line: str, fixed: str, how: str) -> tuple[str, int]:
    """`was → is (how)` for the changed words of a line, and where the change starts."""
    start = 0
    while start < min(len(line), len(fixed)) and line[start] == fixed[start]:
        start += 1
    end, fixed_end = len(line), len(fixed)
    while end > start and fixed_end > start and line[end - 1] == fixed[fixed_end - 1]:
        end, fixed_end = end - 1, fixed_end - 1
    start = line.rfind(" ", 0, start) + 1  # whole words: the text around is the same
    rest = line.find(" ", end)
    grow = (len(line) if rest < 0 else rest) - end
    end, fixed_end = end + grow, fixed_end + grow
    was = line[start:end][:_SHOWN]
    now = fixed[start:fixed_end][:_SHOWN]
    return f"{was} → {now} ({how})", start
