"""Reading one scraped article file: bytes → text → header, title, date and glued body."""

from __future__ import annotations

import datetime as dt
import re

from .model import Problem, RawArticle

_HEADER = re.compile(r"^\s*date\s+(\S+)(?:\s+(\S+))?\s*$", re.IGNORECASE)
_DATE_LINE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CP1252_ONLY = re.compile(rb"[\x80-\x9f]")  # bytes that are printable in cp1252, never in Latin-1


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (with or without BOM); Windows-1252 only when it is clearly text; never binary."""
    if not data.strip():
        return None, [Problem(path, "empty file")]
    if b"\x00" in data or len(_CONTROL.findall(data[:4096].decode("latin-1"))) > 8:
        return None, [Problem(path, "binary file, not text")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        if _looks_like_cp1252(data):
            text = data.decode("cp1252", errors="replace")
            message = "not UTF-8: read as Windows-1252; please save it as UTF-8"
            return _newlines(text), [Problem(path, message, line, "warning")]
        return None, [Problem(path, f"not UTF-8 text (invalid byte at offset {error.start})", line)]
    return _newlines(text), []


def _looks_like_cp1252(data: bytes) -> bool:
    """High bytes standing alone between ASCII letters or spaces, as accented text has them."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    high = [c for c in text if ord(c) > 127]
    letters = sum(c.isalpha() or c in "‘’“”–—…€°«»·" for c in high)
    return bool(high) and letters >= 0.9 * len(high) and not _CONTROL.search(text)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str, path: str) -> tuple[RawArticle | None, list[Problem]]:
    """The scraper's format: a ` date YYYY-MM-DD URL` line, the title twice, an optional
    `DD.MM.YYYY` line, then the body."""
    problems: list[Problem] = []
    lines = [
        (number, line.translate(_INVISIBLE).strip())
        for number, line in enumerate(text.split("\n"), 1)
    ]
    filled = [(number, line) for number, line in lines if line]
    if not filled:
        return None, [Problem(path, "empty file")]
    number, first = filled[0]
    header = _HEADER.match(first)
    if header is None:
        return None, [Problem(path, "the first line must be ' date YYYY-MM-DD URL'", number)]
    try:
        date = dt.date.fromisoformat(header.group(1))
    except ValueError as error:
        reason = str(error).removeprefix("Invalid isoformat string: ")
        message = f"invalid date {header.group(1)!r} in the header line ({reason})"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", header.group(1)):
            message = f"invalid date {header.group(1)!r} in the header line (no such day)"
        return None, [Problem(path, message, number)]
    url = header.group(2) or ""
    if not url:
        return None, [Problem(path, "missing URL in the header line", number)]
    if not re.match(r"^https?://[^\s/]+", url, re.IGNORECASE):
        return None, [Problem(path, f"the URL {url!r} is not an http(s) address", number)]
    rest = filled[1:]
    if not rest or _DATE_LINE.match(rest[0][1]):
        return None, [Problem(path, "missing title", rest[0][0] if rest else number)]
    title_line, title = rest[0]
    title = " ".join(title.split())
    rest = rest[1:]
    if rest and not _DATE_LINE.match(rest[0][1]):
        repeat_line, repeat = rest[0]
        if " ".join(repeat.split()) == title:
            rest = rest[1:]
        elif len(rest) > 1 and _DATE_LINE.match(rest[1][1]) and len(repeat) < 300:
            message = "the repeated title differs from the first; using the first"
            problems.append(Problem(path, message, repeat_line, "warning"))
            rest = rest[1:]
    if rest and (found := _DATE_LINE.match(rest[0][1])):
        date_line = rest[0][0]
        rest = rest[1:]
        day, month, year = (int(g) for g in found.groups())
        try:
            if dt.date(year, month, day) != date:
                message = f"the date line {found.group(0).strip()} differs from the header's {date}"
                problems.append(Problem(path, message, date_line, "warning"))
        except ValueError:
            problems.append(
                Problem(path, "the date line is not a valid date", date_line, "warning")
            )
    if not rest:
        return None, [*problems, Problem(path, "empty body: no text after the title", title_line)]
    body = "\n\n".join(line for _, line in rest)
    return RawArticle(date=date, url=url, title=title, body=body), problems
