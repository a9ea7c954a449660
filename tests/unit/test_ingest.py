"""`builder.ingest`: front matter types, text keys read as text, characters no feed can carry
removed with a warning, alias bombs refused, and messages of a bounded length."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from builder import cli, feeds, safetext
from builder import config as config_mod
from builder.config import Config
from builder.ingest import ingest_bytes
from builder.model import Article, Edition, Page, Problem
from builder.pipeline import build
from builder.plan import FEED_FORMATS
from builder.urls import Urls

CONFIG = Config()
HEADER = "---\ntitle: Harbour reopens\ndate: 2024-11-08\n"


def ingest_md(front: str, body: str = "Body text.\n", name: str = "a.md") -> Any:
    return ingest_bytes(f"{HEADER}{front}\n---\n{body}".encode(), name, CONFIG)


def errors(problems: list[Problem]) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in problems if p.level == "error"]


# --- wrong types are errors naming the key, never published as Python text ---------------------
@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("source_name: [x, y]", 4, "front matter 'source_name' must be text, not a list"),
        ("source_name: {a: b}", 4, "front matter 'source_name' must be text, not a mapping"),
        ("note: [a]", 4, "front matter 'note' must be text, not a list"),
        ("summary: !!bool yes", 4, "front matter 'summary' must be text, not true or false"),
        ("slug: !!int '3'", 4, "front matter 'slug' must be text, not a number"),
        ("lang: [en]", 4, "front matter 'lang' must be text, not a list"),
        ("source_url: [https://x.org]", 4, "front matter 'source_url' must be text, not a list"),
        ("tags: {a: b}", 4, "front matter 'tags' must be a list of words, not a mapping"),
        ("tags: [a, [b]]", 4, "front matter 'tags' must be a list of words; tag 2 is a list"),
        (
            "tags: [a, !!bool yes]",
            4,
            "front matter 'tags' must be a list of words; tag 2 is true or false",
        ),
        ("featured: maybe", 4, "front matter 'featured' must be true or false, not text"),
        ("draft: [true]", 4, "front matter 'draft' must be true or false, not a list"),
    ],
)
def test_a_wrong_type_is_an_error_naming_the_key_and_line(
    front: str, line: int, message: str
) -> None:
    article, problems = ingest_md(front)
    assert article is None
    assert errors(problems) == [(line, message)]


def test_a_wrong_title_type_names_the_title() -> None:
    data = b"---\ndate: 2024-11-08\ntitle: [a, b]\n---\nBody\n"
    article, problems = ingest_bytes(data, "a.md", CONFIG)
    assert article is None
    assert errors(problems) == [(3, "front matter 'title' must be text, not a list")]


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ('source_name = ["x", "y"]', "front matter 'source_name' must be text, not a list"),
        ("lang = true", "front matter 'lang' must be text, not true or false"),
        ("summary = 2024-11-08", "front matter 'summary' must be text, not a date"),
        ("tags = [2024]", "front matter 'tags' must be a list of words; tag 1 is a number"),
    ],
)
def test_toml_types_are_checked_the_same_way(front: str, message: str) -> None:
    data = f'+++\ntitle = "T"\ndate = 2024-11-08\n{front}\n+++\nBody\n'.encode()
    article, problems = ingest_bytes(data, "a.md", CONFIG)
    assert article is None
    assert errors(problems) == [(4, message)]


@pytest.mark.parametrize(
    ("front", "field", "value"),
    [
        ("lang: no", "lang", "no"),  # Norwegian (YAML 1.1 would say false)
        ("lang: NO", "lang", "NO"),
        ("source_name: on", "source_name", "on"),
        ("source_name: 1.5", "source_name", "1.5"),
        ("summary: 2024-11-08", "summary", "2024-11-08"),
        ("slug: 2024", "slug", "2024"),
        ("tags: [yes, no, 2024]", "tags", ("2024", "no", "yes")),
        ("tags: economy, climate", "tags", ("climate", "economy")),
        ("tags: [a, ~, '']", "tags", ("a",)),
        ("note:\nsummary: ~", "summary", "Body text."),  # empty: the default
        ("draft: true\nfeatured: yes", "draft", True),
        ("hidden: no", "hidden", False),
    ],
)
def test_text_keys_are_text_and_flags_stay_flags(front: str, field: str, value: object) -> None:
    article, problems = ingest_md(front)
    assert problems == []
    assert getattr(article, field) == value


def test_a_title_that_yaml_would_read_as_a_number_or_a_date() -> None:
    for title in ("2024", "yes", "1e3", "2024-11-08", "12:30"):
        data = f"---\ntitle: {title}\ndate: 2024-11-08\n---\nBody\n".encode()
        article, problems = ingest_bytes(data, "a.md", CONFIG)
        assert problems == [] and article is not None and article.title == title


def test_date_parsing_still_works() -> None:
    article, _ = ingest_bytes(
        b"---\ntitle: T\ndate: 2024-11-08T14:30:00+01:00\n---\nB", "a.md", CONFIG
    )
    assert article is not None and article.date == dt.datetime(2024, 11, 8, 13, 30, tzinfo=dt.UTC)


# --- bombs and long values ------------------------------------------------------------------------
def test_a_billion_laughs_is_refused_at_once() -> None:
    """Nine levels of nine aliases: 9^9 strings once expanded; refused before any expansion."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
    for key in ("source_name", "date", "title", "tags"):
        text = "---\ntitle: T\ndate: 2024-11-08\n" + "\n".join(lines) + f"\n{key}: *l8\n---\nB\n"
        assert len(text) < 600
        article, problems = ingest_bytes(text.encode(), "bomb.md", CONFIG)
        assert article is None
        [(line, message)] = errors(problems)
        assert line == 12  # the anchored value the alias repeats
        assert "aliases (*name) are not allowed" in message


@pytest.mark.parametrize(
    "front",
    [
        'date: "' + "9" * 100_000 + '"',
        "source_url: " + "x" * 100_000,
        "slug: " + "x" * 100_000,
        "y" * 60_000 + ": 1",
        "tags: [" + "[" * 15 + "]" * 15 + "]",
    ],
)
def test_messages_never_quote_a_value_in_full(front: str) -> None:
    _, problems = ingest_md(front)
    assert problems
    assert all(len(p.message) < 300 for p in problems), [p.message[:300] for p in problems]


# --- characters that no feed can carry ---------------------------------------------------------
RAW = " date 2024-11-07 https://example.com/a\n\nHarbour \uffff reopens\n\n07.11.2024\n\n{body}\n"


def test_noncharacters_in_a_raw_file_are_removed_with_a_warning() -> None:
    data = RAW.format(body="The harbour\ufffe reopened.\U0010ffff It was closed.").encode()
    article, problems = ingest_bytes(data, "a.txt", CONFIG)
    assert article is not None
    assert article.title == "Harbour reopens"
    assert "\ufffe" not in article.body_html and "\U0010ffff" not in article.body_html
    assert [(p.line, p.level) for p in problems] == [(3, "warning")]
    assert problems[0].message == (
        "removed 3 characters that feeds cannot carry (U+FFFF, …), the first on line 3"
    )


@pytest.mark.parametrize(
    ("front", "field", "clean", "line"),
    [
        (r'title: "Harbour \x01reopens"', "title", "Harbour reopens", 2),
        (r'note: "Why \u0000it matters"', "note_html", "<p>Why it matters</p>\n", 4),
        (r'summary: "Short\uFFFE"', "summary", "Short", 4),
        (r'source_name: "Trib\x1Fune"', "source_name", "Tribune", 4),
        (r'tags: ["eco\x0Bnomy", "wor\uFDD0ld"]', "tags", ("economy", "world"), 4),
        (r'slug: "harbour\x08"', "slug", "harbour", 4),
        (r'lang: "n\U0001FFFEo"', "lang", "no", 4),
    ],
)
def test_escapes_in_front_matter_are_removed_with_a_warning(
    front: str, field: str, clean: object, line: int
) -> None:
    text = HEADER + front + "\n---\nBody text.\n"
    if field == "title":
        text = f"---\n{front}\ndate: 2024-11-08\n---\nBody text.\n"
    article, problems = ingest_bytes(text.encode(), "a.md", CONFIG)
    assert article is not None, problems
    assert getattr(article, field) == clean
    [problem] = problems
    assert (problem.path, problem.line, problem.level) == ("a.md", line, "warning")
    key = "title" if field == "title" else front.split(":")[0]
    assert problem.message.startswith(f"front matter {key!r}: removed ")


def test_toml_escapes_are_removed_too() -> None:
    text = '+++\ntitle = "Harbour\\u0001 reopens"\ndate = 2024-11-08\n+++\nBody\n'
    article, problems = ingest_bytes(text.encode(), "a.md", CONFIG)
    assert article is not None and article.title == "Harbour reopens"
    assert [(p.line, p.level) for p in problems] == [(2, "warning")]


def test_a_character_reference_to_a_control_character_in_markdown() -> None:
    """markdown-it decodes `&#12;` (form feed) into the page; no feed can carry it."""
    article, problems = ingest_md("note: 'a &#12; b'", "Body &#12; text.\n")
    assert article is not None
    assert "\x0c" not in article.body_html + article.note_html + article.summary
    assert [(p.line, p.message) for p in problems] == [
        (6, "the body: removed 1 character that feeds cannot carry (U+000C)"),
        (4, "'note': removed 1 character that feeds cannot carry (U+000C)"),
    ]


# --- the property: any text in any field gives an article or a clear error, and valid feeds ----
ANY_CHAR = st.characters(codec=None, categories=None)  # every plane, controls, surrogates
NASTY = st.sampled_from(
    ["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\ud800", "\udfff", "\ufdd0",
     "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff", "\u2028", "&#12;", "&#xFFFF;", "<b>",
     "]]>", "&", "'", '"', "\\", "\n", "\r", ": ", "#", "---", "yes", "no", "2024-11-08"]
)  # fmt: skip
TEXTS = st.lists(st.one_of(ANY_CHAR, NASTY), max_size=12).map("".join)
# Mostly valid where a field has rules (a title, an http URL, a slug, a direction), so that
# most examples reach the feeds.
FIELDS = st.fixed_dictionaries(
    {"title": TEXTS.map("T{}".format)},
    optional={
        **dict.fromkeys(["note", "summary", "source_name", "lang"], TEXTS),
        "source_url": TEXTS.map("https://example.com/{}".format),
        "slug": st.one_of(st.just("harbour-reopens"), TEXTS),
        "dir": st.sampled_from(["ltr", "rtl", ""]),
    },
)


def quoted(text: str) -> str:
    """`text` in double quotes, every character but printable ASCII escaped: the same syntax
    in YAML and in TOML (where a surrogate is an error, as libyaml makes it too)."""
    escaped = "".join(c if " " <= c <= "~" and c not in '"\\' else f"\\U{ord(c):08X}" for c in text)
    return f'"{escaped}"'


def page_bytes(values: dict[str, str], tags: list[str], body: str, style: str) -> bytes:
    """A curated page with `values` in its front matter, escaped or raw."""
    if style == "toml":
        lines = ["+++", "date = 2024-11-08"]
        lines += [f"{key} = {quoted(value)}" for key, value in values.items()]
        lines += [f"tags = [{', '.join(map(quoted, tags))}]", "+++"]
    else:
        quote = quoted if style == "escaped" else (lambda v: v)
        lines = ["---", "date: 2024-11-08"]
        lines += [f"{key}: {quote(value)}" for key, value in values.items()]
        lines += [f"tags: [{', '.join(map(quote, tags))}]", "---"]
    return ("\n".join(lines) + "\n" + body).encode("utf-8", "surrogatepass")


def raw_bytes(title: str, body: str) -> bytes:
    text = f" date 2024-11-07 https://example.com/a\n\n{title}\n\n07.11.2024\n\n{body}\n"
    return text.encode("utf-8", "surrogatepass")


def assert_feeds_parse(article: Article) -> None:
    """Every feed format, with this article, is well-formed and parses."""
    urls = Urls(CONFIG.base_url)
    edition = Edition("2024-11-08", "8 November 2024", article.date.date(), article.date.date(),
                      (article,))  # fmt: skip
    context = {"title": article.title, "articles": (article,)}
    pages = [Page(f"{f}.out", kind="feed", feed_format=f, context=context) for f in FEED_FORMATS]
    editions = {"title": "E", "editions": (edition,)}
    pages.append(Page("e.xml", kind="feed", feed_format="rss", context=editions))
    for page in pages:
        data = feeds.render(page, CONFIG, urls)
        if page.feed_format == "json":
            assert json.loads(data)["items"][0]["title"] == article.title
            continue
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (page.recipe, parsed.get("bozo_exception"))
        assert len(parsed.entries) == 1


def assert_clean(article: Article) -> None:
    for field in ("title", "summary", "source_name", "slug", "lang", "source_url", "note_html"):
        assert safetext.search(getattr(article, field)) == -1, field
    assert safetext.search(article.body_html + "".join(article.tags)) == -1


def check(data: bytes, name: str) -> None:
    article, problems = ingest_bytes(data, name, CONFIG)
    assert (article is None) == any(p.level == "error" for p in problems), problems
    assert all(p.path == name and p.message and len(p.message) < 400 for p in problems)
    assert not any("internal error" in p.message for p in problems), problems
    if article is not None:
        assert_clean(article)
        assert_feeds_parse(article)


# `FUZZ_EXAMPLES=10000 pytest -k any_text` searches deeper.
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")), deadline=None)
@given(
    values=FIELDS,
    tags=st.lists(TEXTS, max_size=3),
    body=TEXTS,
    style=st.sampled_from(["escaped", "raw", "toml"]),
)
@example(values={"title": "A\x01\ud800\uffff"}, tags=["\x0c"], body="&#12;x", style="escaped")
@example(values={"title": "T", "note": "\uffff"}, tags=[], body="\ufffe", style="raw")
def test_any_text_in_any_field_gives_an_article_or_a_clear_error(
    values: dict[str, str], tags: list[str], body: str, style: str
) -> None:
    check(page_bytes(values, tags, body, style), "x.md")
    check(raw_bytes(values.get("title", "T"), body or "x"), "x.txt")


# --- a whole build with all of it ---------------------------------------------------------------
SITE = 'title = "T"\nbase_url = "https://example.org/"\nsearch = false\n'
NASTY_FILES = {
    "raw.txt": RAW.format(body="Body \uffff text \ufdd0 here.Second \U0001fffe sentence."),
    "escapes.md": (
        '---\ntitle: "Escapes \\x01 \\u0000 \\uFFFF"\ndate: 2024-11-08\n'
        'source_url: https://example.org/e\nsource_name: "Trib\\x02une"\n'
        'tags: ["a\\x03", "b\\uFFFE"]\nnote: "note \\x1f"\nsummary: "sum \\x0c"\nlang: no\n'
        "---\nBody &#12; text \ufffe.\n"
    ),
    "toml.md": '+++\ntitle = "TOML \\u0001"\ndate = 2024-11-09\n+++\nBody\n',
}


@pytest.mark.parametrize(
    "description", ["", "News & <b>views</b> *here*", "A \u0001 \uffff\ndigest  ", "  \n "]
)
def test_a_site_with_unsafe_characters_everywhere_builds_valid_feeds(
    tmp_path: Path, description: str
) -> None:
    (tmp_path / "site.toml").write_text(SITE + f"description = {json.dumps(description)}\n")
    for name, text in NASTY_FILES.items():
        (tmp_path / "content").mkdir(exist_ok=True)
        (tmp_path / "content" / name).write_text(text, encoding="utf-8")
    config = config_mod.load(tmp_path / "site.toml")
    result = build(
        dataclasses.replace(config, output_dir=tmp_path / "out"), use_cache=False, jobs=1
    )
    assert not result.errors, result.errors
    assert result.published == 3
    shown = " ".join(safetext.clean(description).split()) or "T"
    xml = sorted([*(tmp_path / "out").rglob("*.xml"), *(tmp_path / "out").rglob("*.opml")])
    assert {"atom.xml", "sitemap.xml", "sources.opml"} <= {p.name for p in xml}
    for path in xml:
        ET.fromstring(path.read_bytes())  # well-formed, tag and source names included
        if path.name not in ("feed.xml", "atom.xml"):
            continue
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        if path.name in ("feed.xml", "atom.xml") and path.parent == tmp_path / "out":
            assert displayed(parsed.feed.subtitle_detail) == shown, path
    feed = json.loads((tmp_path / "out" / "feed.json").read_bytes())
    assert feed["description"] == shown


def displayed(detail: Any) -> str:
    """What a reader shows for a feedparser text construct."""
    if detail.type == "text/html":
        assert "<" not in detail.value  # markup arrives escaped: shown, not applied
        return html.unescape(detail.value)
    return str(detail.value)


def test_one_noncharacter_is_a_warning_on_its_file_not_a_failed_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bug: U+FFFF in one story failed the build in a feed, naming the feed."""
    (tmp_path / "site.toml").write_text(SITE)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "raw.txt").write_text(NASTY_FILES["raw.txt"], encoding="utf-8")
    args = ["--config", str(tmp_path / "site.toml")]
    assert cli.main(["build", *args, "--output", str(tmp_path / "out"), "--no-cache"]) == 0
    assert feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes()).entries
    assert cli.main(["check", "--strict", *args]) == 1  # warnings fail a strict check
    out = capsys.readouterr()
    assert "raw.txt:3: warning: removed 4 characters that feeds cannot carry (U+FFFF, …)" in (
        out.out + out.err
    )
