"""Bytes → text: which encoding a content file is in, and what to say when it is not UTF-8.

UTF-8 (with or without a BOM) is read silently. Other files are read with a warning when the
intent is clear: UTF-16 or UTF-32 (a BOM, or NUL bytes in every other place), Windows-1252
prose (a few accented letters inside words), or a legacy encoding that charset-normalizer
finds the bytes fit (cp1251, KOI8-R, GBK, Big5, Shift-JIS…) when there are enough non-ASCII
bytes to tell. Binary files, damaged UTF-8 and too little evidence are refused. Pure; never
raises.
"""

from __future__ import annotations

import re

from .model import Problem

# C0 controls other than tab, LF and CR, and DEL: many of them mean a binary file.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UTF8_BOM = b"\xef\xbb\xbf"
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)  # Python's "utf-16" and "utf-32" codecs read the byte order from the BOM
# A valid multi-byte UTF-8 sequence: its presence means a file is UTF-8 with some damage,
# not Windows-1252 (whose accented letters are single bytes).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
# Non-letters that Windows-1252 text plausibly contains; anything else high is suspicious.
_CP1252_PUNCTUATION = frozenset("‚„…‘’“”•–—€™‹›\xa0¡¢£¥§©«®°±²³µ·¹º»¼½¾¿×÷")
_NON_LETTERS = "".join(_CP1252_PUNCTUATION)
# Accented letters that are words on their own (French, Italian, Portuguese, Icelandic…).
_ONE_LETTER_WORDS = frozenset("àÀèÈéÉòÒóÓùÙáÁíÍúÚ")

# The legacy encodings of news sites, as charset-normalizer names them, and how to say them.
# Fewer candidates than it knows: with all of them, a short text "fits" Mac Iceland or cp1006.
LEGACY_ENCODINGS = {
    "cp1251": "Windows-1251 (Cyrillic)",
    "koi8_r": "KOI8-R (Cyrillic)",
    "koi8_u": "KOI8-U (Cyrillic)",
    "cp866": "CP866 (DOS Cyrillic)",
    "gb18030": "GB18030/GBK (simplified Chinese)",
    "big5": "Big5 (traditional Chinese)",
    "cp932": "Shift-JIS (Japanese)",
    "euc_jp": "EUC-JP (Japanese)",
    "euc_kr": "EUC-KR (Korean)",
    "cp1250": "Windows-1250 (Central European)",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    "cp1255": "Windows-1255 (Hebrew)",
    "cp1256": "Windows-1256 (Arabic)",
    "cp1257": "Windows-1257 (Baltic)",
    "cp874": "Windows-874 (Thai)",
    "cp1252": "Windows-1252 (cp1252)",  # prose with more accents than `_as_cp1252` allows
}
LEGACY_MIN_BYTES = 24  # fewer non-ASCII bytes than this fit too many encodings to choose
_LEGACY_MAX_CHAOS = 0.1  # charset-normalizer's "mess" of the decoded text, 0 (clean) to 1


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """The text of `data` (line ends as they were), or None with the error that stops it."""
    if not data:
        return None, [Problem(path, "empty file")]
    encoding = _wide_encoding(data)
    return _decode_wide(data, encoding, path) if encoding else _decode(data, path)


def _wide_encoding(data: bytes) -> str:
    """The codec of UTF-16 or UTF-32 text, or "" for a byte-wide encoding."""
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return name.lower()
    if _looks_like_utf16(data):
        return "utf-16-le" if data[1:512:2].count(0) > data[0:512:2].count(0) else "utf-16-be"
    return ""


def _decode_wide(data: bytes, encoding: str, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-16 or UTF-32 text, with a warning; never binary."""
    name = encoding[:6].upper()
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        message = f"{name} text that cannot be read ({error.reason}); please save it as UTF-8"
        return None, [Problem(path, message)]
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > 8 and controls * 100 > len(text):
        return None, [Problem(path, f"binary file, not text ({controls} control characters)")]
    message = f"not UTF-8: read as {name}; please save the file as UTF-8"
    return text, [Problem(path, message, None, "warning")]


def _decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without BOM), else Windows-1252 or another legacy encoding when the
    bytes clearly are such text."""
    if b"\x00" in data and not _stray_nuls(data):
        return None, [Problem(path, "binary file, not text (it contains NUL bytes)")]
    controls = len(_CONTROL_BYTES.findall(data))
    if controls > 8 and controls * 100 > len(data):
        message = f"binary file, not text ({controls} control characters)"
        return None, [Problem(path, message)]
    start = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    try:
        return data[start:].decode("utf-8"), []
    except UnicodeDecodeError as error:
        offset = start + error.start
        line = _line_at(data, offset)
        where = f"byte 0x{data[offset]:02X} at offset {offset} (line {line})"
        # after a BOM, or cut inside the last character, the file is UTF-8 that was damaged
        damaged = start > 0 or error.reason == "unexpected end of data"
        read = _as_cp1252(data[start:]) or (None if damaged else _as_legacy(data))
    if read is None:
        message = f"not UTF-8 text: invalid {where}; please save the file as UTF-8"
        return None, [Problem(path, message, line)]
    text, name = read
    message = f"not UTF-8: read as {name} because of {where}; please save the file as UTF-8"
    return text, [Problem(path, message, line, "warning")]


def _stray_nuls(data: bytes) -> bool:
    """A few NUL bytes in what is otherwise UTF-8 text (a scraper's glitch, removed with the
    other control characters), rather than a binary file."""
    nuls = data.count(0)
    if nuls > 8 and nuls * 100 > len(data):
        return False
    try:
        data.replace(b"\x00", b"").decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_utf16(data: bytes) -> bool:
    """BOM-less UTF-16: NUL bytes in most even or most odd positions of the first bytes."""
    head = data[:512]
    if len(head) < 4:
        return False
    pairs = len(head) // 2
    return max(head[0::2].count(0), head[1::2].count(0)) > 0.7 * pairs > 0 and (
        min(head[0::2].count(0), head[1::2].count(0)) < 0.1 * pairs
    )


def _line_at(data: bytes, offset: int) -> int:
    """The 1-based line of a byte offset, counting CRLF, LF and CR as one line end each."""
    before = data[:offset]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


def _as_legacy(data: bytes) -> tuple[str, str] | None:
    """(text, the encoding's name) when charset-normalizer finds a legacy encoding the bytes
    fit cleanly, from enough non-ASCII bytes, and they are not mostly valid UTF-8 (that is
    damaged UTF-8, which no other encoding reads as meant)."""
    high = len(_HIGH_BYTE.findall(data))
    if high < LEGACY_MIN_BYTES:
        return None
    in_utf8 = sum(len(found.group()) for found in _UTF8_SEQUENCE.finditer(data))
    if in_utf8 * 2 > high:
        return None
    from charset_normalizer import from_bytes  # 25 ms to import: only for files that need it

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None or best.chaos > _LEGACY_MAX_CHAOS:
        return None
    text = data.decode(best.encoding)
    return text, LEGACY_ENCODINGS.get(best.encoding, best.encoding)


def _as_cp1252(data: bytes) -> tuple[str, str] | None:
    """(text, "Windows-1252 (cp1252)") when the bytes are clearly Windows-1252 prose, else None.

    Clearly means: no valid multi-byte UTF-8 sequence (that would be damaged UTF-8), every high
    byte is a letter or common punctuation in cp1252, accented letters come at most three in a
    row, inside a word (or as a one-letter word such as "à"), and are a minority of the letters
    (a Cyrillic or Greek 8-bit code page read as cp1252 gives long runs of accented letters)."""
    for found in _UTF8_SEQUENCE.finditer(data):
        char = found.group().decode("utf-8", errors="replace")
        if len(found.group()) > 2 or "\x80" <= char <= "\u052f":
            return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252
        return None
    high_letters = 0
    for run in _HIGH_RUN.finditer(data):  # cp1252 is one byte per character
        chars = text[run.start() : run.end()]
        letters = sum(c.isalpha() for c in chars)
        if len(chars) > 4 or letters > 3:
            return None
        if any(not c.isalpha() and c not in _CP1252_PUNCTUATION for c in chars):
            return None
        near = text[run.start() - 1 : run.start()] + text[run.end() : run.end() + 1]
        in_word = any(c.isascii() and c.isalpha() for c in near)
        if letters and not in_word and chars.strip(_NON_LETTERS) not in _ONE_LETTER_WORDS:
            return None
        high_letters += letters
    all_letters = sum(c.isalpha() for c in text)
    if high_letters * 5 > all_letters * 2:
        return None
    return text, "Windows-1252 (cp1252)"
