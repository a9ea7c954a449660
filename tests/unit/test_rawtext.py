"""`builder.rawtext`: bytes → text (`decode`) and the scraper's format → `RawArticle` (`parse`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from builder.model import Problem, RawArticle
from builder.mojibake import repair
from builder.rawtext import decode, parse

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "content" / "2024" / "11" / "000_e9e95706f7053264.txt"
PATH = "content/x.txt"

HEADER = " date 2024-11-07 https://example.com/a"
STANDARD = f"{HEADER}\n\nTitle here\n\nTitle here\n\n07.11.2024\n\nBody text.\n"


def error(message: str, line: int | None = None) -> Problem:
    return Problem(PATH, message, line, "error")


def warning(message: str, line: int | None = None) -> Problem:
    return Problem(PATH, message, line, "warning")


# ---------------------------------------------------------------------------------------------
# decode


CP1252_WARNING = (
    "not UTF-8: read as Windows-1252 (cp1252) because of byte 0x{byte:02X} at offset {offset} "
    "(line {line}); please save the file as UTF-8"
)
NOT_UTF8 = (
    "not UTF-8 text: invalid byte 0x{byte:02X} at offset {offset} (line {line}); "
    "please save the file as UTF-8"
)
UTF16 = "not UTF-8: read as UTF-16; please save the file as UTF-8"
C1_WARNING = (
    "replaced {count} C1 control character(s) with the Windows-1252 characters they stand for, "
    "the first on line {line} (U+{code} → {char})"
)


def not_utf8(byte: int, offset: int, line: int) -> Problem:
    return error(NOT_UTF8.format(byte=byte, offset=offset, line=line), line)


DECODE_CASES: list[tuple[str, bytes, str | None, list[Problem]]] = [
    ("utf8", "Café “x” Путин\n".encode(), "Café “x” Путин\n", []),
    ("bom", b"\xef\xbb\xbf date 2024-11-07 x\n", " date 2024-11-07 x\n", []),
    ("crlf", b"a\r\nb\r\n", "a\nb\n", []),
    ("cr", b"a\rb\r", "a\nb\n", []),
    ("mixed line ends", b"a\r\nb\rc\nd", "a\nb\nc\nd", []),
    ("bom and crlf", b"\xef\xbb\xbfa\r\n", "a\n", []),
    ("inner bom kept", "a\ufeffb".encode(), "a\ufeffb", []),
    ("empty", b"", None, [error("empty file")]),
    ("whitespace only", b" \n\t\r\n  ", None, [error("empty file: it contains only whitespace")]),
    ("bom only", b"\xef\xbb\xbf", None, [error("empty file: it contains only whitespace")]),
    (
        "bom and zero-width only",
        "\ufeff\u200b \n\u00a0".encode(),
        None,
        [error("empty file: it contains only whitespace")],
    ),
    (
        "binary with NUL",
        b"\x00\x01\x02\xff\xfe binary",
        None,
        [error("binary file, not text (it contains NUL bytes)")],
    ),
    (
        "png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        None,
        [error("binary file, not text (it contains NUL bytes)")],
    ),
    (
        "binary control characters",
        bytes(range(1, 9)) * 5,
        None,
        [error("binary file, not text (40 control characters)")],
    ),
    ("utf-16 with bom", "hello\r\nCafé".encode("utf-16"), "hello\nCafé", [warning(UTF16)]),
    ("utf-16-le without bom", "hello world".encode("utf-16-le"), "hello world", [warning(UTF16)]),
    ("utf-16-be without bom", "hello world".encode("utf-16-be"), "hello world", [warning(UTF16)]),
    (
        "utf-32",
        "hi".encode("utf-32"),
        "hi",
        [warning("not UTF-8: read as UTF-32; please save the file as UTF-8")],
    ),
    (
        "truncated utf-16",
        b"\xff\xfeh\x00i",
        None,
        [error("UTF-16 text that cannot be read (truncated data); please save it as UTF-8")],
    ),
    (
        "binary after a utf-16 bom",
        b"\xff\xfe" + b"\x01\x00\x02\x00" * 10,
        None,
        [error("binary file, not text (20 control characters)")],
    ),
    (
        "cp1252 accents and curly quotes",
        f"{HEADER}\r\n\r\nCafé “quoted” – naïve, à Paris, Größe 5 €\r\n".encode("cp1252"),
        f"{HEADER}\n\nCafé “quoted” – naïve, à Paris, Größe 5 €\n",
        [warning(CP1252_WARNING.format(byte=0xE9, offset=45, line=3), 3)],
    ),
    (
        "cp1252 quotes only",
        "He said “no”.".encode("cp1252"),
        "He said “no”.",
        [warning(CP1252_WARNING.format(byte=0x93, offset=8, line=1), 1)],
    ),
    ("cp1251 russian", "Привет, мир".encode("cp1251"), None, [not_utf8(0xCF, 0, 1)]),
    (
        "cp1251 word in english text",
        b"They said " + "Путин".encode("cp1251") + b" today",
        None,
        [not_utf8(0xCF, 10, 1)],
    ),
    ("utf-8 with a stray latin-1 byte", b"caf\xc3\xa9\nna\xefve", None, [not_utf8(0xEF, 8, 2)]),
    ("undefined in cp1252", b"abc\x81def", None, [not_utf8(0x81, 3, 1)]),
    ("lone high byte", b"line\r\n\xff\r\n", None, [not_utf8(0xFF, 6, 2)]),
    ("truncated utf-8", b"word \xe2\x80", None, [not_utf8(0xE2, 5, 1)]),
    ("bom then bad byte", b"\xef\xbb\xbfab\r\rc \x81", None, [not_utf8(0x81, 9, 3)]),
    (
        "few control characters removed",
        b"Hello\x1b world\x07\nok",
        "Hello world\nok",
        [warning("removed 2 invisible control character(s), the first on line 1", 1)],
    ),
    (
        "form feed removed",
        b"a\nb\x0c",
        "a\nb",
        [warning("removed 1 invisible control character(s), the first on line 2", 2)],
    ),
    (
        "stray NUL in UTF-8 text removed, not a binary file",
        "a\nCafé\x00 b\n".encode(),
        "a\nCafé b\n",
        [warning("removed 1 invisible control character(s), the first on line 2", 2)],
    ),
    (
        "C1 controls read as the Windows-1252 punctuation they stand for",
        "a\nIt\x92s \x93ok\x94\x85\n".encode(),
        "a\nIt’s “ok”…\n",
        [warning(C1_WARNING.format(count=4, line=2, code="0092", char="’"), 2)],
    ),
    (
        "C1 control undefined in Windows-1252 removed",
        "a\x81b".encode(),
        "ab",
        [warning(C1_WARNING.format(count=1, line=1, code="0081", char="nothing"), 1)],
    ),
]


@pytest.mark.parametrize(
    ("data", "text", "problems"),
    [case[1:] for case in DECODE_CASES],
    ids=[case[0] for case in DECODE_CASES],
)
def test_decode(data: bytes, text: str | None, problems: list[Problem]) -> None:
    assert decode(data, PATH) == (text, problems)


@given(st.binary(max_size=400))
def test_decode_never_raises_and_returns_text_or_an_error(data: bytes) -> None:
    text, problems = decode(data, PATH)
    errors = [p for p in problems if p.level == "error"]
    assert (text is None) == bool(errors)
    assert len(errors) <= 1
    if text is not None:
        assert "\r" not in text and "\x00" not in text and text.strip()


INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u180e"), None)


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_decode_reads_any_utf8_text_unchanged(text: str) -> None:
    assume(not text.startswith("\ufeff") and text.translate(INVISIBLE).strip())
    assume(repair(text)[1] == 0)  # "Â\xa0" is UTF-8 read as Windows-1252: repaired, by design
    assert decode(text.encode(), PATH) == (text, [])


# ---------------------------------------------------------------------------------------------
# parse


def article(
    title: str = "Title here", body: str = "Body text.", url: str = "https://example.com/a"
) -> RawArticle:
    return RawArticle(date=dt.date(2024, 11, 7), url=url, title=title, body=body)


def raw(*lines: str) -> str:
    """The header line, then `lines`, separated by blank lines as the scraper writes them."""
    return "\n\n".join([HEADER, *lines]) + "\n"


INVALID_HEADER = 'missing header line: expected " date YYYY-MM-DD URL", found '
OTHER_DATE_LINE = "the date line {} is not DD.MM.YYYY; ignored, using the header's date 2024-11-07"

PARSE_OK: list[tuple[str, str, RawArticle, list[Problem]]] = [
    ("standard", STANDARD, article(), []),
    ("no leading space", STANDARD.lstrip(" "), article(), []),
    ("uppercase DATE", STANDARD.replace("date", "DATE"), article(), []),
    ("capitalised Date with colon", STANDARD.replace(" date", "Date:"), article(), []),
    (
        "tabs and extra spaces",
        STANDARD.replace(HEADER, "\t date \t2024-11-07\t\t https://example.com/a  \t"),
        article(),
        [],
    ),
    ("leading blank lines", "\n \n\t\n" + STANDARD, article(), []),
    ("crlf", STANDARD.replace("\n", "\r\n"), article(), []),
    ("cr", STANDARD.replace("\n", "\r"), article(), []),
    ("no blank separator lines", STANDARD.replace("\n\n", "\n"), article(), []),
    ("bom before the header", "\ufeff" + STANDARD, article(), []),
    (
        "single-digit date line",
        raw("Title here", "Title here", "7.11.2024", "Body text."),
        article(),
        [],
    ),
    ("title once", raw("Title here", "07.11.2024", "Body text."), article(), []),
    ("title twice, no date line", raw("Title here", "Title here", "Body text."), article(), []),
    ("title once, no date line", raw("Title here", "Body text."), article(), []),
    (
        "repeat differs only in spacing",
        raw("Title  here", "Title here ", "07.11.2024", "Body text."),
        article(),
        [],
    ),
    (
        "differing repeat",
        raw("Title here", "Another title", "07.11.2024", "Body text."),
        article(),
        [
            warning(
                "the title repeated on line 5 differs from the one on line 3; using the first", 5
            )
        ],
    ),
    (
        "repeat differs in case, no date line",
        raw("Title here", "TITLE HERE", "Body text."),
        article(),
        [
            warning(
                "the title repeated on line 5 differs from the one on line 3; using the first", 5
            )
        ],
    ),
    (
        "mismatching date line",
        raw("Title here", "Title here", "08.11.2024", "Body text."),
        article(),
        [
            warning(
                'the date line "08.11.2024" does not match the header\'s date 2024-11-07; '
                "using the header's",
                7,
            )
        ],
    ),
    (
        "invalid date line",
        raw("Title here", "Title here", "31.02.2024", "Body text."),
        article(),
        [
            warning(
                'invalid date line "31.02.2024" (day is out of range for month); '
                "using the header's date 2024-11-07",
                7,
            )
        ],
    ),
    ("ISO date line", raw("Title here", "Title here", "2024-11-07", "Body text."), article(), []),
    (
        "date line with a time",
        raw("Title here", "Title here", "07.11.2024 14:30", "Body text."),
        article(),
        [],
    ),
    (
        "date line in another form: not the body",
        raw("Title here", "Title here", "07/11/2024", "Body text."),
        article(),
        [warning(OTHER_DATE_LINE.format('"07/11/2024"'), 7)],
    ),
    (
        "title once, then a date line with a two-digit year",
        raw("Title here", "07.11.24", "Body text."),
        article(),
        [warning(OTHER_DATE_LINE.format('"07.11.24"'), 5)],
    ),
    (
        "date line with spaces",
        raw("Title here", "Title here", "07. 11. 2024", "Body text."),
        article(),
        [],
    ),
    (
        "a score is no date line",
        raw("Title here", "Title here", "3-1", "Body text."),
        article(body="3-1\n\nBody text."),
        [],
    ),
    (
        "a time is no date line",
        raw("Title here", "10:30", "Body text."),
        article(body="10:30\n\nBody text."),
        [],
    ),
    (
        "extra text after the URL",
        STANDARD.replace(HEADER, HEADER + " extra words"),
        article(),
        [warning('ignored extra text after the URL in the header line: "extra words"', 1)],
    ),
    (
        "several body lines, stripped, blank lines dropped",
        raw(
            "Title here", "Title here", "07.11.2024", "  Para one.  \n\n\n Para two.\nPara three.\t"
        )
        + "\n\n\n",
        article(body="Para one.\n\nPara two.\n\nPara three."),
        [],
    ),
    (
        "inner body text untouched but for character references",
        raw("Title here", "Body  with\ttabs, &amp; <b>tags</b> and \u200bzero width."),
        article(body="Body  with\ttabs, & <b>tags</b> and \u200bzero width."),
        [],
    ),
    (
        "title cleaned: zero-width, bom, whitespace runs",
        raw("\u200bBig  \t news\ufeff\u2060", "Big news", "Body text."),
        article(title="Big news"),
        [],
    ),
    (
        "decomposed accents: the same title as the composed one",
        raw("Cafe\u0301 re\u0301ouvert", "Café réouvert", "07.11.2024", "Body text."),
        article(title="Café réouvert"),
        [],
    ),
    (
        "the title again after the date line is not the body",
        raw("Title here", "07.11.2024", "Title here", "Body text."),
        article(),
        [],
    ),
    (
        "title keeps ZWNJ inside a Persian word",
        raw("می\u200cخواهم \u200c", "Body text."),
        article(title="می\u200cخواهم"),
        [],
    ),
    ("http URL", STANDARD.replace("https:", "http:"), article(url="http://example.com/a"), []),
    (
        "uppercase scheme",
        STANDARD.replace("https:", "HTTPS:"),
        article(url="HTTPS://example.com/a"),
        [],
    ),
    (
        "single-digit header date",
        STANDARD.replace("2024-11-07", "2024-11-7"),
        article(),
        [],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "problems"),
    [case[1:] for case in PARSE_OK],
    ids=[case[0] for case in PARSE_OK],
)
def test_parse(text: str, expected: RawArticle, problems: list[Problem]) -> None:
    assert parse(text, PATH) == (expected, problems)


PARSE_ERRORS: list[tuple[str, str, Problem]] = [
    ("empty", "", error("empty file")),
    ("whitespace only", " \n\t\n", error("empty file")),
    ("no header", "Title\n\nBody", error(INVALID_HEADER + '"Title"', 1)),
    (
        "no header after blank lines",
        "\n\nNo header here",
        error(INVALID_HEADER + '"No header here"', 3),
    ),
    (
        "title that starts with date",
        "Date night ideas\n\nBody",
        error(INVALID_HEADER + '"Date night ideas"', 1),
    ),
    (
        "long first line is shortened",
        "x" * 100,
        error(INVALID_HEADER + '"' + "x" * 59 + '…"', 1),
    ),
    (
        "header without anything",
        " date\n\nT\n\nBody",
        error("missing date and URL in the header line", 1),
    ),
    (
        "header without date",
        " date https://example.com/a\n\nT\n\nBody",
        error("missing date in the header line (expected YYYY-MM-DD before the URL)", 1),
    ),
    (
        "2024-02-30",
        STANDARD.replace("2024-11-07", "2024-02-30"),
        error('invalid date "2024-02-30" in the header line (day is out of range for month)', 1),
    ),
    (
        "month 13",
        STANDARD.replace("2024-11-07", "2024-13-01"),
        error('invalid date "2024-13-01" in the header line (month must be in 1..12)', 1),
    ),
    (
        "year 0",
        STANDARD.replace("2024-11-07", "0000-01-01"),
        error('invalid date "0000-01-01" in the header line (year 0 is out of range)', 1),
    ),
    (
        "DD.MM.YYYY in the header",
        STANDARD.replace("2024-11-07", "07.11.2024"),
        error('invalid date "07.11.2024" in the header line (expected YYYY-MM-DD)', 1),
    ),
    (
        "missing URL",
        " date 2024-11-07\n\nT\n\nT\n\nBody",
        error("missing URL in the header line", 1),
    ),
    (
        "ftp URL",
        STANDARD.replace("https://", "ftp://"),
        error('the URL "ftp://example.com/a" in the header line is not an http(s) address', 1),
    ),
    (
        "URL without scheme",
        STANDARD.replace("https://", "www."),
        error('the URL "www.example.com/a" in the header line is not an http(s) address', 1),
    ),
    (
        "javascript URL",
        STANDARD.replace("https://example.com/a", "javascript:alert(1)"),
        error('the URL "javascript:alert(1)" in the header line is not an http(s) address', 1),
    ),
    (
        "URL without host",
        STANDARD.replace("https://example.com/a", "https:///a"),
        error('the URL "https:///a" in the header line has no valid host name', 1),
    ),
    (
        "malformed URL",
        STANDARD.replace("https://example.com/a", "http://[::1"),
        error('the URL "http://[::1" in the header line is not a valid address', 1),
    ),
    ("missing title", HEADER + "\n\n\n", error("missing title after the header line", 1)),
    (
        "date line instead of title",
        raw("07.11.2024", "Body text."),
        error("missing title: the date line comes right after the header line", 3),
    ),
    (
        "empty body after title",
        raw("Title here"),
        error("empty body: no article text after the title", 3),
    ),
    (
        "empty body after the repeated title",
        raw("Title here", "Title here"),
        error("empty body: no article text after the title", 5),
    ),
    (
        "empty body after the date line",
        raw("Title here", "Title here", "07.11.2024") + "\n  \n",
        error("empty body: no article text after the title", 7),
    ),
    (
        "body of invisible characters only",
        raw("Title here", "07.11.2024", "\u200b\ufeff"),
        error("empty body: no article text after the title", 5),
    ),
    (
        "only the title again after the date line",
        raw("Title here", "Title here", "07.11.2024", "Title here"),
        error("empty body: no article text after the title", 9),
    ),
]


@pytest.mark.parametrize(
    ("text", "problem"),
    [case[1:] for case in PARSE_ERRORS],
    ids=[case[0] for case in PARSE_ERRORS],
)
def test_parse_errors(text: str, problem: Problem) -> None:
    assert parse(text, PATH) == (None, [problem])


def test_errors_keep_earlier_warnings() -> None:
    text = f"{HEADER} junk\n\nTitle\n\nOther\n\n07.11.2024\n"
    got, problems = parse(text, PATH)
    assert got is None
    assert [p.level for p in problems] == ["warning", "warning", "error"]


def test_the_seed_file_field_by_field() -> None:
    text, problems = decode(SEED.read_bytes(), str(SEED.name))
    assert problems == [] and text is not None
    got, problems = parse(text, SEED.name)
    assert problems == [] and got is not None
    assert got.date == dt.date(2024, 11, 7)
    assert got.url == (
        "https://sputnikglobe.com/20241107/"
        "putin-congratulates-trump-on-presidential-win-says-russia-ready-for-contacts-1120812538.html"
    )
    assert (
        got.title == "Putin Congratulates Trump on Election Victory, Says Russia Ready for Contacts"
    )
    assert got.body.startswith("President Vladimir Putin has congratulated Donald Trump on his")
    assert got.body.endswith("Novgorod near Lake Valdai.")
    assert "\n" not in got.body  # one long line, its paragraph breaks lost: kept as is
    assert "Putin said.As far as politics goes" in got.body
    assert got.title not in got.body and "07.11.2024" not in got.body


def test_problem_paths_are_the_given_path() -> None:
    for text in ("", "x", STANDARD.replace("https", "ftp"), raw("A", "B", "09.11.2024", "C")):
        assert all(p.path == PATH for p in parse(text, PATH)[1])


# Lines that look like parts of the format, to reach deep branches more often than random text.
LINE = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            HEADER,
            " date 2024-02-30 https://e.com",
            "date 2024-11-07",
            "DATE 2024-11-07 ftp://x",
            "date 2024-11-07 http://[::1",
            "Title",
            "Title ",
            "\u200b",
            "\u200c",
            "07.11.2024",
            "31.02.2024",
            "99.99.9999",
            "Body.",
            "\ufeff",
            "\r",
        ]
    ),
    st.text(max_size=30),
)


@given(st.one_of(st.text(), st.lists(LINE, max_size=12).map("\n".join)))
def test_parse_never_raises_and_returns_an_article_or_an_error(text: str) -> None:
    got, problems = parse(text, PATH)
    errors = [p for p in problems if p.level == "error"]
    assert (got is None) == (len(errors) == 1)
    assert len(errors) <= 1
    assert all(p.line is None or p.line >= 1 for p in problems)
    if got is not None:
        assert got.title and got.title == " ".join(got.title.split())
        assert got.body and got.body == got.body.strip()
        assert got.url.lower().startswith(("http://", "https://"))


@given(st.binary(max_size=300))
def test_decode_then_parse_never_raises(data: bytes) -> None:
    text, _ = decode(data, PATH)
    if text is not None:
        parse(text, PATH)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("AT&amp;T", "AT&T"),
        ("&quot;No&quot;, she said", '"No", she said'),
        ("it&#8217;s &#x2014; it&#39;s", "it’s — it's"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),
        ("&amp;lt;", "&lt;"),  # one level only: the scraper escaped an escape
        ("R&D, Q&A, &para=3, &copy 2024", "R&D, Q&A, &para=3, &copy 2024"),  # no ";": as written
        ("&bogus; stays", "&bogus; stays"),
        ("a&#10;b&#9;c", "a b c"),  # a line break must not split the text
        ("price&nbsp;10", "price\u00a010"),
    ],
)
def test_character_references_left_by_scrapers_are_decoded(written: str, meant: str) -> None:
    text = (
        f" date 2024-01-02 https://x.org/a?b=1&amp;c=2\n\nT {written}\n\nT {written}\n\n{written}\n"
    )
    article, problems = parse(text, "a.txt")
    assert article is not None and problems == []
    assert (article.title, article.body, article.url) == (
        " ".join(f"T {meant}".split()),  # titles have single plain spaces
        meant,
        "https://x.org/a?b=1&c=2",
    )
