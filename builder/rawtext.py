"""Reading one scraped article file: bytes → text → header, title, date and glued body.

The scraper's format::

     date 2024-11-07 https://example.com/story      ← header line (leading space optional)

    Title of the story

    Title of the story                              ← the title again (optional)

    07.11.2024                                      ← DD.MM.YYYY (optional)

    Body text, usually one long line whose paragraph breaks were lost.

Both functions are pure and never raise: every problem is returned as a `Problem`.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from urllib.parse import urlsplit

from . import decoding, mojibake
from .model import Problem, RawArticle
from .safetext import removed, search

# Invisible characters that carry no meaning in a title (and make a line look non-blank).
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u2060\u180e"), None)
_JOINERS = "\u200c\u200d"  # ZWNJ/ZWJ: meaningful inside Persian words and emoji sequences
_STRAY_JOINERS = re.compile(rf"(?<!\S)[{_JOINERS}]+|[{_JOINERS}]+(?!\S)")
_ALL_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u2060\u180e" + _JOINERS), None)
_VISIBLE = re.compile(rf"[^\s\ufeff\u200b\u2060\u180e{_JOINERS}]")  # a search stops at the first

_HEADER = re.compile(r"date(?:[\s:]+(.*))?", re.IGNORECASE | re.DOTALL)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DATE_LINE = re.compile(r"(\d{1,2})\. ?(\d{1,2})\. ?(\d{4})(?:,? \d{1,2}:\d{2}(?::\d{2})?)?")
# A date line in any form ("07.11.2024", "07/11/2024", "2024-11-07", "07.11.24 14:30"):
# only digits and separators, with a day, a month and a year (not "10:30", not "3-1").
_DATE_CHARACTERS = re.compile(r"[\d ./:,-]+")
_DAY_MONTH_YEAR = re.compile(r"\d[./-] ?\d+[./-] ?\d")
# A character reference left by the scraper ("AT&amp;T", "&quot;", "&#8217;"): with its ";",
# so that "&para=1" in a URL or "R&D" stay as written.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_EXAMPLE_HEADER = '" date YYYY-MM-DD URL"'

# C0 controls other than tab, LF and CR (also not valid in XML 1.0), and DEL.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# C1 controls in Unicode text are Windows-1252 punctuation decoded as Latin-1 somewhere
# upstream ("\x92" for ’, "\x85" for …); browsers read them the same way.
_C1_CHARS = re.compile(r"[\x80-\x9f]")


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes → text with LF line ends, in the encoding `decoding` finds (with a warning when
    it is not UTF-8); never binary or blank files."""
    text, problems = decoding.decode(data, path)
    if text is None:
        return None, problems
    return _cleaned(text, problems, path)


def _cleaned(text: str, problems: list[Problem], path: str) -> tuple[str | None, list[Problem]]:
    """LF line ends, without control characters; None when nothing visible is left."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if found := _CONTROL_CHARS.search(text):
        line = text.count("\n", 0, found.start()) + 1
        count = len(_CONTROL_CHARS.findall(text))
        text = _CONTROL_CHARS.sub("", text)
        message = f"removed {count} invisible control character(s), the first on line {line}"
        problems.append(Problem(path, message, line, "warning"))
    if (unsafe := search(text)) >= 0:  # noncharacters (U+FFFF): no feed can carry them
        line = text.count("\n", 0, unsafe) + 1
        text, note = removed(text)
        problems.append(Problem(path, f"removed {note}, the first on line {line}", line, "warning"))
    text, count, first, where = mojibake.repair(text)
    if count:
        line = text.count("\n", 0, where) + 1  # nothing before `where` was changed
        message = (
            f"repaired mojibake (text decoded in the wrong encoding upstream) on {count} "
            f"line(s), the first on line {line}: {first}"
        )
        problems.append(Problem(path, message, line, "warning"))
    if found := _C1_CHARS.search(text):
        text, problem = _replace_c1(text, found, path)
        problems.append(problem)
    if not _VISIBLE.search(text):
        return None, [*problems, Problem(path, "empty file: it contains only whitespace")]
    return text, problems


def _character(reference: re.Match[str]) -> str:
    """The character an HTML reference stands for; a line break or tab becomes a space (it
    must not split a title), an unknown name stays as written."""
    char = html.unescape(reference.group())
    return " " if char.isspace() and char != "\u00a0" else char


def _replace_c1(text: str, first: re.Match[str], path: str) -> tuple[str, Problem]:
    """C1 controls → the Windows-1252 characters they stand for (the five it leaves
    undefined are removed), and a warning naming the first."""
    line = text.count("\n", 0, first.start()) + 1
    count = len(_C1_CHARS.findall(text))
    text = _C1_CHARS.sub(lambda found: _from_cp1252(found.group()), text)
    shown = _from_cp1252(first.group()) or "nothing"
    message = (
        f"replaced {count} C1 control character(s) with the Windows-1252 characters they stand "
        f"for, the first on line {line} (U+{ord(first.group()):04X} → {shown})"
    )
    return text, Problem(path, message, line, "warning")


def _from_cp1252(char: str) -> str:
    return bytes([ord(char)]).decode("cp1252", errors="ignore")


def parse(text: str, path: str) -> tuple[RawArticle | None, list[Problem]]:
    """The scraper's format → a `RawArticle`, or None with the error that stops it."""
    text = _ENTITY.sub(_character, text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    filled = [(number, line) for number, line in enumerate(lines, 1) if _VISIBLE.search(line)]
    if not filled:
        return None, [Problem(path, "empty file")]
    header_line = filled[0][0]
    header, problems = _header(*filled[0], path)
    if header is None:
        return None, problems
    date, url = header

    rest = filled[1:]
    if not rest:
        return None, [*problems, Problem(path, "missing title after the header line", header_line)]
    title_line, raw_title = rest[0]
    if _date_line(raw_title):
        message = "missing title: the date line comes right after the header line"
        return None, [*problems, Problem(path, message, title_line)]
    title = _clean_title(raw_title)
    rest, last_line, more = _past_title(rest[1:], title, title_line, date, path)
    problems += more

    body = "\n\n".join(line.strip() for _, line in rest).rstrip()
    if not body:
        message = "empty body: no article text after the title"
        return None, [*problems, Problem(path, message, last_line)]
    return RawArticle(date=date, url=url, title=title, body=body), problems


def _header(number: int, line: str, path: str) -> tuple[tuple[dt.date, str] | None, list[Problem]]:
    """The header line's date and URL (with a warning for any text after them), or None with
    the error."""
    header = _HEADER.fullmatch(line.translate(_INVISIBLE).strip())
    fields = (header.group(1) or "").split() if header else []
    if header is None or (fields and "://" not in fields[0] and not re.search(r"\d", fields[0])):
        message = f"missing header line: expected {_EXAMPLE_HEADER}, found {_quote(line)}"
        return None, [Problem(path, message, number)]
    date, error = _header_date(fields[0] if fields else "")
    if date is None:
        return None, [Problem(path, error, number)]
    if len(fields) < 2:
        return None, [Problem(path, "missing URL in the header line", number)]
    url = fields[1]
    if bad_url := _url_problem(url):
        return None, [Problem(path, bad_url, number)]
    if len(fields) > 2:
        extra = _quote(" ".join(fields[2:]))
        message = f"ignored extra text after the URL in the header line: {extra}"
        return (date, url), [Problem(path, message, number, "warning")]
    return (date, url), []


def _past_title(
    rest: list[tuple[int, str]], title: str, title_line: int, date: dt.date, path: str
) -> tuple[list[tuple[int, str]], int, list[Problem]]:
    """The lines after the title without what may follow it before the body: the title
    again, the date line, the title once more; the number of the last line skipped (the
    title's if none), and warnings."""
    problems: list[Problem] = []
    last_line = title_line
    if rest and not _is_date_line(rest[0][1]) and _could_be_title(rest[0][1], title):
        repeat_line, raw_repeat = rest[0]
        repeat = _clean_title(raw_repeat)
        followed_by_date = len(rest) > 1 and _date_line(rest[1][1]) is not None
        if repeat == title:
            last_line, rest = repeat_line, rest[1:]
        elif followed_by_date or repeat.casefold() == title.casefold():
            message = (
                f"the title repeated on line {repeat_line} differs from the one on line "
                f"{title_line}; using the first"
            )
            problems.append(Problem(path, message, repeat_line, "warning"))
            last_line, rest = repeat_line, rest[1:]

    if rest and (found := _date_line_problems(*rest[0], date, path)) is not None:
        last_line, rest = rest[0][0], rest[1:]
        problems += found
    if rest and _could_be_title(rest[0][1], title) and _clean_title(rest[0][1]) == title:
        last_line, rest = rest[0][0], rest[1:]  # the title again, after the date line
    return rest, last_line, problems


def _header_date(value: str) -> tuple[dt.date | None, str]:
    """The header's date, or an error message."""
    if not value:
        return None, "missing date and URL in the header line"
    if "://" in value or value.lower().startswith("http"):
        return None, "missing date in the header line (expected YYYY-MM-DD before the URL)"
    found = _ISO_DATE.fullmatch(value)
    if found is None:
        return None, f"invalid date {_quote(value)} in the header line (expected YYYY-MM-DD)"
    year, month, day = (int(part) for part in found.groups())
    try:
        return dt.date(year, month, day), ""
    except ValueError as error:
        return None, f"invalid date {_quote(value)} in the header line ({error})"


def _url_problem(url: str) -> str | None:
    shown = _quote(url)
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return f"the URL {shown} in the header line is not a valid address"
    if parts.scheme.lower() not in ("http", "https"):
        return f"the URL {shown} in the header line is not an http(s) address"
    if not host or not url.isprintable():
        return f"the URL {shown} in the header line has no valid host name"
    return None


def _date_line_problems(number: int, line: str, date: dt.date, path: str) -> list[Problem] | None:
    """What is wrong with the date line `line`, or None when it is no date line at all (the
    body begins)."""
    if not _is_date_line(line):
        return None
    shown = _quote(line)
    parts = _date_parts(line)
    if parts is None:
        message = (
            f"the date line {shown} is not DD.MM.YYYY; ignored, using the header's date {date}"
        )
        return [Problem(path, message, number, "warning")]
    try:
        line_date = dt.date(*parts)
    except ValueError as invalid:
        message = f"invalid date line {shown} ({invalid}); using the header's date {date}"
        return [Problem(path, message, number, "warning")]
    if line_date != date:
        message = (
            f"the date line {shown} does not match the header's date {date}; using the header's"
        )
        return [Problem(path, message, number, "warning")]
    return []


def _date_parts(line: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a DD.MM.YYYY or a YYYY-MM-DD line, else None."""
    bare = line.translate(_ALL_INVISIBLE).strip()
    if found := _DATE_LINE.fullmatch(bare):
        day, month, year = found.groups()
    elif found := _ISO_DATE.fullmatch(bare):
        year, month, day = found.groups()
    else:
        return None
    return int(year), int(month), int(day)


def _is_date_line(line: str) -> bool:
    """DD.MM.YYYY, or a date in another form: never the first paragraph of a body."""
    if len(line) > 64:  # a body, not a date with stray spaces
        return False
    bare = line.translate(_ALL_INVISIBLE).strip()
    return _DATE_CHARACTERS.fullmatch(bare) is not None and _DAY_MONTH_YEAR.search(bare) is not None


def _date_line(line: str) -> re.Match[str] | None:
    if len(line) > 64:  # a body, not a date with stray spaces
        return None
    return _DATE_LINE.fullmatch(line.translate(_ALL_INVISIBLE).strip())


def _clean_title(line: str) -> str:
    """Without invisible characters, with single spaces and composed accents (NFC, so that
    "e" + U+0301 and "é" are the same title); ZWNJ/ZWJ kept inside words."""
    text = _STRAY_JOINERS.sub("", line.translate(_INVISIBLE))
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _could_be_title(line: str, title: str) -> bool:
    """Short enough to be the title again: a body line is never cleaned to find out."""
    return len(line) <= 4 * len(title) + 16


def _quote(text: str, limit: int = 60) -> str:
    """Text for a message: in double quotes, shortened to `limit` characters."""
    text = " ".join(text.split())
    return f'"{text if len(text) <= limit else text[: limit - 1] + "…"}"'
