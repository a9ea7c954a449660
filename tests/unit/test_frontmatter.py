"""`builder.frontmatter`: splitting a page into YAML metadata and body, and writing one back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from builder.frontmatter import dump, split
from builder.model import Problem

PATH = "content/2024/story.md"


def body_from_line(text: str, line: int) -> str:
    """The text from 1-based `line` on: what `split` says the body is."""
    return "\n".join(text.split("\n")[line - 1 :])


# --- split: valid ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "",
        "Just a body.\n",
        "Body first\n---\ntitle: no\n---\n",
        "----\ntitle: no\n----\n",
        "# Heading\n\ntext\n",
        "\n---\ntitle: not at the start\n---\n",
    ],
)
def test_no_front_matter(text: str) -> None:
    assert split(text, PATH) == ({}, text, 1, [])


@pytest.mark.parametrize(
    ("text", "metadata", "body", "line"),
    [
        (
            "---\ntitle: Harbour reopens\ndate: 2024-11-08\ntags: [economy, climate]\n---\nBody.\n",
            {
                "title": "Harbour reopens",
                "date": dt.date(2024, 11, 8),
                "tags": ["economy", "climate"],
            },
            "Body.\n",
            6,
        ),
        ("---\ntitle: T\n...\nBody", {"title": "T"}, "Body", 4),
        ("---\n---\nBody", {}, "Body", 3),
        ("---\n# only a comment\n---\n", {}, "", 4),
        ("---  \ntitle: T\n---  \nBody", {"title": "T"}, "Body", 4),
        ("---\ntitle: T\n---", {"title": "T"}, "", 4),
        (
            "---\ntitle: T\n---\nBody\n\n---\n\nAfter a rule\n---\n",
            {"title": "T"},
            "Body\n\n---\n\nAfter a rule\n---\n",
            4,
        ),
        (
            "---\ntitle: T\nnote: |\n  First line\n  ---\n  ...\n  after\n---\nBody",
            {"title": "T", "note": "First line\n---\n...\nafter"},
            "Body",
            9,
        ),
        ("\ufeff---\ntitle: With a BOM\n---\nBody", {"title": "With a BOM"}, "Body", 4),
        ("---\r\ntitle: T\r\n---\r\nBody\r\n", {"title": "T"}, "Body\r\n", 4),
        (
            "---\ntitle: 'Путин: «Да»'\ndate: 2024-11-08T14:30:00+01:00\n---\n",
            {
                "title": "Путин: «Да»",
                "date": dt.datetime(2024, 11, 8, 13, 30, tzinfo=dt.UTC),
            },
            "",
            5,
        ),
        ("---\nfeatured: true\ncount: 3\nsummary: ''\n---\n", None, "", 6),
    ],
)
def test_split_valid(text: str, metadata: dict[str, Any] | None, body: str, line: int) -> None:
    data, got_body, got_line, problems = split(text, PATH)
    assert problems == []
    if metadata is None:
        metadata = {"featured": True, "count": 3, "summary": ""}
    assert data == metadata
    assert got_body == body
    assert got_line == line
    assert body_from_line(text.removeprefix("\ufeff"), line) == body


def test_split_keeps_key_order() -> None:
    data, _, _, _ = split("---\nz: 1\na: 2\nm: 3\n---\n", PATH)
    assert list(data or {}) == ["z", "a", "m"]


# --- split: problems -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: a: b\n---\nBody", 2, "mapping values"),
        ("---\ntitle: ok\nnote: a: b\n---\nBody", 3, "mapping values"),
        ("---\ntitle: ok\ndate: 2024-11-08\nsummary: x\ntags: a: b\n---\n", 5, "mapping values"),
        ('---\ntitle: "unterminated\n---\n', 2, "end of stream"),
        ("---\n\ttitle: tab indent\n---\n", 2, "cannot start any token"),
        ("---\ntitle: ok\n  bad: indent\n---\n", 3, ""),
        ("---\nx: !!python/object/apply:os.system ['echo hi']\n---\n", 2, "constructor"),
        ("---\n[unclosed\n---\nBody", None, ""),
    ],
)
def test_invalid_yaml_is_a_problem_naming_the_file_and_line(
    text: str, line: int | None, words: str
) -> None:
    data, body, body_line, problems = split(text, PATH)
    assert data is None
    assert len(problems) == 1
    problem = problems[0]
    assert problem.path == PATH
    assert problem.level == "error"
    assert problem.message.startswith("front matter: ")
    assert words in problem.message
    assert problem.line is not None
    closing = text.split("\n").index("---", 1) + 1
    assert 2 <= problem.line <= closing  # inside the front matter or at its closing line
    if line is not None:
        assert problem.line == line
    assert str(problem).startswith(f"{PATH}:{problem.line}: error: front matter")
    assert body_line == closing + 1
    assert body == body_from_line(text, body_line)


@pytest.mark.parametrize(
    "text",
    [
        "---\n- a\n- b\n---\nBody",
        "---\njust a string\n---\nBody",
        "---\n42\n---\n",
        "---\n[a, b]\n---\n",
    ],
)
def test_front_matter_that_is_not_a_mapping(text: str) -> None:
    data, body, line, problems = split(text, PATH)
    assert data is None
    assert problems == [Problem(PATH, "front matter is not a mapping", 2)]
    assert body == body_from_line(text, line)


@pytest.mark.parametrize(
    "text", ["---\ntitle: T\n", "---\n", "---\ntitle: T\n  ---\nBody", "---\ntitle: T\n----\n"]
)
def test_missing_closing_fence(text: str) -> None:
    data, body, line, problems = split(text, PATH)
    assert data is None
    assert body == text
    assert line == 1
    assert problems == [Problem(PATH, "front matter has no closing '---' line", 1)]


# --- TOML between +++ (Hugo, Zola) ------------------------------------------------------------
def test_toml_front_matter() -> None:
    text = (
        '+++\ntitle = "Harbour: reopened"\ndate = 2024-11-08T10:00:00+01:00\n'
        'tags = ["economy", "climate"]\nfeatured = true\n+++\n\nBody.\n'
    )
    data, body, line, problems = split(text, PATH)
    assert problems == []
    assert data == {
        "title": "Harbour: reopened",
        "date": dt.datetime(2024, 11, 8, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        "tags": ["economy", "climate"],
        "featured": True,
    }
    assert (body, line) == ("\nBody.\n", 7)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('+++\ntitle = "T"\ndate = 2024-13-01\n+++\nBody', 3, "front matter: "),
        ('+++\ntitle = "T"\ntitle = "U"\n+++\nBody', 3, "front matter: "),
        ('+++\ntitle = "unclosed\n+++\nBody', 2, "front matter: "),
        ('+++\ntitle = "T"\n', 1, "no closing '+++' line"),
        ('+++\ntitle = "T"\n---\n', 1, "no closing '+++' line"),  # a YAML fence does not close
    ],
)
def test_toml_problems_name_the_line(text: str, line: int, words: str) -> None:
    data, _, _, problems = split(text, PATH)
    assert data is None
    [problem] = problems
    assert problem.line == line and words in problem.message


# --- dump and round trip -----------------------------------------------------------------------
def test_dump_layout() -> None:
    text = dump({"title": "T", "tags": ["a", "b"], "draft": False}, "Body text.\n\n\n")
    assert text == "---\ntitle: T\ntags: [a, b]\ndraft: false\n---\n\nBody text.\n"


def test_dump_keeps_non_ascii_readable() -> None:
    text = dump({"title": "Київ — «Новини» 東京", "tags": []}, "x")
    assert "Київ — «Новини» 東京" in text
    assert "\\u" not in text


ROUND_TRIP_TITLES = [
    "Harbour reopens after the storm",
    "Breaking: markets fall",
    "Q&A: what now?",
    'He said "no" twice',
    "It's the 'quote' of the day",
    "Путин поздравил Трампа",
    "東京で地震",
    "مرحبا بالعالم",
    "Beyoncé & Jay-Z: “Café”…",
    "# not a comment",
    "- not a list",
    "---",
    "...",
    "--- in the middle ---",
    "[not] a list",
    "{not: a map}",
    "*star* and &anchor and !tag and %percent and @at and `tick`",
    "yes",
    "No",
    "null",
    "~",
    "true",
    "1.5",
    "0x1F",
    "2024-11-08",
    "12:30",
    "",
    " leading and trailing ",
    "two\nlines",
    "a\n---\nb",
    "tab\there",
    "line\u2028separator and next\x85line",
    "\ufeffBOM inside",
]


@pytest.mark.parametrize("title", ROUND_TRIP_TITLES)
def test_round_trip_titles(title: str) -> None:
    metadata = {"title": title, "date": dt.date(2024, 11, 8), "tags": [title, "x"]}
    data, body, _, problems = split(dump(metadata, "Body"), PATH)
    assert problems == []
    assert data == metadata
    assert isinstance(data["title"], str)
    assert body.strip() == "Body"


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2024, 2, 29),
        dt.datetime(2024, 11, 8, 14, 30),
        dt.datetime(2024, 11, 8, 14, 30, tzinfo=dt.UTC),
        dt.datetime(2024, 11, 8, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
        dt.datetime(2024, 11, 8, 14, 30, 15, 123456, tzinfo=dt.timezone(-dt.timedelta(hours=8))),
        True,
        0,
        -7,
        [],
        ["économie", "a: b", "#tag"],
        "",
    ],
)
def test_round_trip_values(value: object) -> None:
    data, _, _, problems = split(dump({"date": value}, ""), PATH)
    assert problems == []
    assert data == {"date": value}
    assert type(data["date"]) is type(value)


def test_round_trip_body_with_fences() -> None:
    body = "First.\n\n---\n\n...\n\nLast ---"
    text = dump({"title": "T"}, body)
    data, got_body, line, problems = split(text, PATH)
    assert (data, problems) == ({"title": "T"}, [])
    assert got_body == "\n" + body + "\n"
    assert body_from_line(text, line) == got_body


# --- properties ----------------------------------------------------------------------------------
PIECES = st.one_of(
    st.characters(blacklist_categories=("Cs",)),
    st.sampled_from(
        [
            *["---", "...", "\n---\n", "\n...\n", ": ", " #", "'", '"', "- ", "? ", "!", "&"],
            *["*", "%", "@", "`", "{", "}", "[", "]", ",", "|", ">", "yes", "null", "1.5"],
            *["2024-01-01", "\u2028", "\x85", "\ufeff", "\n", "\r\n", "\t", "  "],
        ]
    ),
)
STRINGS = st.lists(PIECES, max_size=20).map("".join)
VALUES = st.one_of(
    STRINGS,
    st.integers(),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-3))])),
    st.lists(STRINGS, max_size=3),
)
KEYS = st.sampled_from(
    ["title", "date", "source_url", "source_name", "slug", "tags", "note", "summary", "lang"]
)


@settings(max_examples=200, deadline=None)
@given(metadata=st.dictionaries(KEYS, VALUES, max_size=6), body=STRINGS)
@example(metadata={"note": "a\n---\nb", "title": "x\n...\ny"}, body="---")
@example(metadata={"title": "\x85---"}, body="")
def test_dump_then_split_round_trips(metadata: dict[str, Any], body: str) -> None:
    text = dump(metadata, body)
    data, got_body, line, problems = split(text, PATH)
    assert problems == []
    assert data == metadata
    assert list(data) == list(metadata)
    assert got_body == "\n" + body.rstrip() + "\n"
    assert body_from_line(text, line) == got_body


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_split_never_raises_on_text_without_a_fence(text: str) -> None:
    if text.removeprefix("\ufeff").split("\n")[0].strip() in ("---", "+++"):
        text = "x" + text
    assert split(text, PATH) == ({}, text.removeprefix("\ufeff"), 1, [])


@settings(max_examples=200, deadline=None)
@given(block=STRINGS, body=STRINGS)
def test_split_result_is_consistent(block: str, body: str) -> None:
    text = f"---\n{block}\n---\n{body}"
    try:
        data, got_body, line, problems = split(text, PATH)
    except ValueError:  # YAML's timestamp constructor on an impossible date; ingest reports it
        return
    assert (data is None) == bool(problems)
    assert all(p.path == PATH and p.line is not None and p.line >= 1 for p in problems)
    if data is not None:
        assert isinstance(data, dict)
        assert got_body == body_from_line(text, line)
