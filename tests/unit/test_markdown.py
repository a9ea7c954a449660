"""`builder.markdown`: untrusted news text escaped so it shows as written, safe rendering of
curated Markdown (only http(s), mailto and relative links), and word counts."""

from __future__ import annotations

import html
import re
import string

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from builder.markdown import count_words, escape, render, render_html, render_paragraphs

TAG = re.compile(r"<[^>]*>")
TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def visible(rendered_html: str) -> str:
    """What a reader sees: tags stripped, entities unescaped."""
    return html.unescape(TAG.sub("", rendered_html))


def tags(rendered_html: str) -> set[str]:
    return set(TAG_NAME.findall(rendered_html))


URL_ATTRIBUTE = re.compile(r'<[a-z]+[^>]*\s(?:href|src)="([^"]*)"')
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def link_schemes(rendered_html: str) -> list[str]:
    """The scheme a browser would see in each href and src ("" for a relative URL): it drops
    tabs and newlines anywhere and C0 controls and spaces at either end (WHATWG URL)."""
    schemes = []
    for value in URL_ATTRIBUTE.findall(rendered_html):
        url = re.sub(r"[\t\n\r]", "", html.unescape(value)).strip("\x00- ")
        match = SCHEME.match(url)
        schemes.append(match.group(1).lower() if match else "")
    return schemes


# --- escape: news text stays text ---------------------------------------------------------------
NEWS_TEXT = [
    "*Breaking*: markets fall",
    "**Bold** claims and __dunder__ names",
    "snake_case_name and _underscored_ words",
    "# 1 in the charts",
    "#hashtag trending",
    "## Not a heading either",
    "Price [citation needed] rose",
    "[link](https://evil.example/) text",
    "![image](https://evil.example/x.png)",
    "| a | b |",
    "Use `rm -rf /` carefully",
    "```python",
    "~~struck~~ and ~tilde~",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<b>bold</b> & <i>italic</i>",
    "<https://example.com/autolink>",
    "<desk@example.com>",
    "1. Not a list",
    "2024. A year to remember",
    "3) Neither is this",
    "123456789. nine digits",
    "1234567890. ten digits",
    "> Not a quote",
    ">> nested",
    "- Not a bullet",
    "+ Not a bullet",
    "* Not a bullet",
    "---",
    "***",
    "___",
    "===",
    "- - -",
    "Tom &amp; Jerry",
    "&copy; 2024 &#169; &#xA9; &#XA9;",
    "&#65;&#x41;&#X41;",
    "AT&T and R&D; &nbsp; here",
    "&_x_; &a_b; &c",
    "A backslash \\ and \\* and a trailing one \\",
    "Path C:\\Users\\news",
    "[foo]: https://evil.example/",
    "Line with two spaces at the end  ",
    "Quotes \"double\" and 'single'",
    "Emoji 🎉 and Ünïcödé and العربية and 東京",
    "Footnote[^1] and {curly} and (parens)",
    "   leading and trailing spaces   ",
    "http://example.com/a_b_c?x=1&y=2",
    "    four spaces of indent",
    "\tA tab first",
]


@pytest.mark.parametrize("text", NEWS_TEXT)
def test_escaped_text_renders_as_written(text: str) -> None:
    rendered = render(escape(text)).html
    assert visible(rendered) == text.strip() + "\n"
    assert tags(rendered) == {"p"}
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n")


@pytest.mark.parametrize("text", NEWS_TEXT)
def test_render_paragraphs_equals_render_of_escaped_text(text: str) -> None:
    paragraph = text.strip()
    assert render_paragraphs([paragraph]) == render(escape(paragraph))


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("*a*", "\\*a\\*"),
        ("_a_", "\\_a\\_"),
        ("# x", "\\# x"),
        ("a # b", "a # b"),
        ("> x", "\\> x"),
        ("- x", "\\- x"),
        ("+ x", "\\+ x"),
        ("= x", "\\= x"),
        ("1. x", "1\\. x"),
        ("2024. x", "2024\\. x"),
        ("7) x", "7\\) x"),
        ("a 1. x", "a 1. x"),
        ("[a]", "\\[a\\]"),
        ("a|b", "a\\|b"),
        ("`a`", "\\`a\\`"),
        ("<a>", "\\<a\\>"),
        ("~a~", "\\~a\\~"),
        ("a\\b", "a\\\\b"),
        ("&amp;", "\\&amp;"),
        ("&#65;", "\\&#65;"),
        ("&#x41;", "\\&#x41;"),
        ("&#X41;", "\\&#X41;"),
        ("&a_b;", "&a\\_b;"),
        ("AT&T", "AT&T"),
        ("  padded  ", "padded"),
    ],
)
def test_escape_table(text: str, escaped: str) -> None:
    assert escape(text) == escaped


def test_uppercase_hex_entity_stays_text() -> None:
    # `&#X41;` is an entity in CommonMark; it was once left unescaped and shown as "A".
    assert visible(render(escape("&#X41;")).html).strip() == "&#X41;"


def test_entity_with_underscores_does_not_become_emphasis() -> None:
    # `&_a_;` once matched the entity pattern whole and kept its "_" unescaped: "&<em>a</em>;".
    rendered = render(escape("&_a_;")).html
    assert "<em>" not in rendered
    assert visible(rendered).strip() == "&_a_;"


def test_escaped_script_is_never_html() -> None:
    rendered = render(escape("<script>alert('x')</script><img src=x onerror=alert(1)>")).html
    assert "<script" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;" in rendered and "&lt;img" in rendered


def test_escaped_paragraphs_joined_stay_separate_paragraphs() -> None:
    paragraphs = ["# One", "2. Two", "> Three", "- Four"]
    rendered = render("\n\n".join(escape(p) for p in paragraphs))
    assert rendered.html == "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in paragraphs)
    assert rendered.first_paragraph == "# One"


# Printable, single-line text: a paragraph as the importer gives it (no control characters,
# so no line breaks), with Markdown's special characters and sequences drawn often.
SPECIALS = st.sampled_from(
    [
        *"\\`*_[]<>|~&#;!()-+=.:0123456789 xX\t\"'{}^$@%",
        *["&amp;", "&#X41;", "&#65;", "&copy;", "1. ", "2024. ", "# ", "> ", "- ", "+ ", "***"],
        *["```", "~~", "<script>", "<img onerror=x>", "http://a.b", "  ", "](", "![", "<a@b.c>"],
    ]
)
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"))
LINES = st.lists(st.one_of(PRINTABLE, SPECIALS), max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(LINES)
@example("&#X41;")
@example("&_a_;")
@example("1234567890) x")
@example("\u2028# x")
def test_escape_then_render_shows_the_text_as_written(text: str) -> None:
    rendered = render(escape(text)).html
    assert visible(rendered).strip() == text.strip()
    assert tags(rendered) <= {"p"}


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES.map(str.strip).filter(bool), min_size=1, max_size=4))
def test_render_paragraphs_matches_render_of_escaped_paragraphs(paragraphs: list[str]) -> None:
    assert render_paragraphs(paragraphs) == render("\n\n".join(map(escape, paragraphs)))


@settings(max_examples=200, deadline=None)
@given(LINES)
def test_escape_is_stable_on_plain_words(text: str) -> None:
    words = re.sub(r"[^A-Za-z0-9 ]", "", text).strip()
    assert escape(words) == words


# --- render: curated Markdown --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("[a](https://example.com/x)", "https://example.com/x"),
        ("[a](http://example.com/x)", "http://example.com/x"),
        ("[a](HTTPS://example.com/)", "HTTPS://example.com/"),
        ("[a](mailto:desk@example.com)", "mailto:desk@example.com"),
        ("[a](/relative/page/)", "/relative/page/"),
        ("[a](../up)", "../up"),
        ("[a](#section)", "#section"),
        ("<https://example.com/auto>", "https://example.com/auto"),
    ],
)
def test_safe_links_are_kept(source: str, href: str) -> None:
    rendered = render(source).html
    assert f'<a href="{href}">' in rendered
    assert len(link_schemes(rendered)) == 1


LINK_TEXT = st.text(alphabet="abcxyz ", min_size=1, max_size=8).map(str.strip).filter(bool)


@settings(max_examples=200, deadline=None)
@given(
    scheme=st.one_of(
        st.from_regex(r"[a-zA-Z][a-zA-Z0-9+.-]{0,10}", fullmatch=True),
        st.sampled_from(["javascript", "JAVASCRIPT", "vbscript", "data", "file", "http"]),
    ),
    noise=st.sampled_from(["", " ", "\t", "\x01", "&#9;", "&#x0A;", "%09"]),
    rest=st.sampled_from(["alert(1)", "//example.com/x", "text/html,<script>", ""]),
    image=st.booleans(),
)
def test_only_safe_schemes_are_ever_linked(scheme: str, noise: str, rest: str, image: bool) -> None:
    half = len(scheme) // 2
    target = scheme[:half] + noise + scheme[half:] + ":" + rest
    source = f"{'!' if image else ''}[x](<{target}>) and <{target}>"
    assert set(link_schemes(render(source).html)) <= {"", "http", "https", "mailto"}


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click](  javascript:alert(1)  )",
        "[click](<java\tscript:alert(1)>)",
        "[click](<java script:alert(1)>)",
        "[click](javascript&#58;alert(1))",
        "[click](javascript&colon;alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](file:///etc/passwd)",
        "<javascript:alert(1)>",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
        "![img](javascript:alert(1))",
        "![img](data:image/svg+xml;base64,PHN2Zz4=)",
        '<a href="javascript:alert(1)">raw html</a>',
    ],
)
def test_unsafe_links_are_not_clickable(source: str) -> None:
    rendered = render(source).html
    assert set(link_schemes(rendered)) <= {""}  # at most a harmless relative link
    if "%" not in rendered:  # not even a relative link, unless the scheme was mangled into one
        assert "<a " not in rendered and "<img" not in rendered


def test_curator_note_with_javascript_link_is_plain_text() -> None:
    note = "Why it matters: see [the report](javascript:alert(document.cookie))."
    rendered = render_html(note)
    assert "<a" not in rendered
    assert "[the report](javascript:alert(document.cookie))" in html.unescape(rendered)


def test_raw_html_is_escaped() -> None:
    rendered = render("Hello <script>alert(1)</script>\n\n<div onclick=x>block</div>").html
    assert "<script" not in rendered and "<div" not in rendered
    assert "&lt;script&gt;" in rendered and "&lt;div onclick=x&gt;" in rendered


def test_render_supports_emphasis_tables_and_strikethrough() -> None:
    rendered = render("*em* **strong** ~~gone~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n").html
    assert "<em>em</em>" in rendered
    assert "<strong>strong</strong>" in rendered
    assert "<s>gone</s>" in rendered
    assert "<table>" in rendered and "<td>1</td>" in rendered


def test_render_first_paragraph_and_words() -> None:
    rendered = render("# Heading words\n\nFirst *para* `code` here.\n\nSecond one.")
    assert rendered.first_paragraph == "First para code here."
    assert rendered.words == 2 + 4 + 2


def test_render_first_paragraph_skips_headings_and_empty() -> None:
    assert render("").first_paragraph == ""
    assert render("").html == ""
    assert render("# Only a heading").first_paragraph == ""


def test_render_html_of_blank_text_is_empty() -> None:
    assert render_html("") == ""
    assert render_html("  \n\t ") == ""
    assert render_html("*x*") == "<p><em>x</em></p>\n"


# --- count_words ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("   ", 0),
        ("one", 1),
        ("The harbour reopens after the storm.", 6),
        ("U.S. officials, said: 3.5 percent", 5),
        ("multiple   spaces\tand\nnewlines", 4),
        ("Café owners protest", 3),
        ("Путин поздравил Трампа", 3),
        ("Ελληνικά νέα", 2),
        ("東京", 1),
        ("東京都", 1),
        ("東京で地震", 2),
        ("日本語のテキストです", 5),
        ("한국어 뉴스", 2),
        ("Tokyo 東京 news", 3),
        ("— – …", 0),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


def test_cjk_counts_two_characters_as_a_word() -> None:
    assert count_words("字" * 200) == 100
    assert count_words("字" * 201) == 100


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=string.ascii_letters, min_size=1, max_size=10), max_size=30))
def test_count_words_counts_english_words(words: list[str]) -> None:
    assert count_words(" ".join(words)) == len(words)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_count_words_is_never_negative_nor_more_than_the_characters(text: str) -> None:
    assert 0 <= count_words(text) <= len(text)
