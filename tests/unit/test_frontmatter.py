"""`builder.frontmatter`: splitting a page into YAML metadata and body, and writing one back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from builder import frontmatter
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
# Text keys hold text (a plain `2024` there is read as "2024"); other keys hold any value.
TEXT_KEYS = st.sampled_from(sorted(frontmatter.TEXT_KEYS | frontmatter.TEXT_LIST_KEYS))
OTHER_KEYS = st.sampled_from(["date", "featured", "count", "extra"])
METADATA = st.tuples(
    st.dictionaries(TEXT_KEYS, st.one_of(STRINGS, st.lists(STRINGS, max_size=3)), max_size=4),
    st.dictionaries(OTHER_KEYS, VALUES, max_size=3),
).map(lambda pair: {**pair[0], **pair[1]})


@settings(max_examples=200, deadline=None)
@given(metadata=METADATA, body=STRINGS)
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


# --- limits: aliases, depth, size ------------------------------------------------------------
def laughs(levels: int) -> str:
    """The "billion laughs": each anchor repeats the one before nine times."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("block", "line"),
    [
        (f"title: T\n{laughs(9)}\nsource_name: *l9", 12),  # 9^10 strings once expanded
        (f"title: T\n{laughs(9)}\ndate: *l9", 12),
        ("title: &t T\nsource_name: *t", 2),
        ("title: &t [*t]", 2),  # an alias inside its own anchor
        ("base: &b {x: 1}\nother:\n  <<: *b", 2),  # a merge key is an alias too
    ],
)
def test_aliases_are_refused(block: str, line: int) -> None:
    data, _, _, problems = split(f"---\n{block}\n---\nBody", PATH)
    assert data is None
    assert problems == [
        Problem(
            PATH,
            "front matter: aliases (*name) are not allowed; this value is repeated by one",
            line,
        )
    ]


@pytest.mark.parametrize(
    "block",
    [
        "title: " + "[" * 17 + "]" * 17,
        "title: " + "[" * 5000 + "]" * 5000,
        "title:" + "".join(f"\n{'  ' * n}k{n}:" for n in range(1, 20)) + " x",
    ],
)
def test_deep_nesting_is_refused(block: str) -> None:
    data, _, _, [problem] = split(f"---\n{block}\n---\n", PATH)
    assert data is None
    assert problem.message in (
        "front matter: nested deeper than 16 levels",
        "front matter: exceeded maximum nesting depth",  # libyaml's own limit, at 1000
    )


def test_nesting_to_the_limit_is_read() -> None:
    data, _, _, problems = split("---\nx: " + "[" * 15 + "]" * 15 + "\n---\n", PATH)
    assert problems == [] and data is not None


@pytest.mark.parametrize(
    "text",
    [
        "+++\nx = " + "[" * 17 + "]" * 17 + "\n+++\n",
        "+++\nx = " + "[" * 5000 + "]" * 5000 + "\n+++\n",
        "+++\n[" + ".".join(f"k{n}" for n in range(20)) + "]\ny = 1\n+++\n",
    ],
)
def test_deep_toml_is_refused(text: str) -> None:
    assert split(text, PATH)[3] == [Problem(PATH, "front matter: nested deeper than 16 levels", 2)]


@pytest.mark.parametrize(("fence", "line"), [("---", "note: "), ("+++", "note = ")])
def test_front_matter_size_is_limited(fence: str, line: str) -> None:
    size = frontmatter.MAX_CHARS
    text = f'{fence}\n{line}"{"x" * size}"\n{fence}\nBody'
    data, body, _, [problem] = split(text, PATH)
    assert (data, body) == (None, "Body")
    assert problem.line == 2 and "front matter may have at most 65,536" in problem.message
    assert len(problem.message) < 120


def test_long_values_are_not_quoted_in_full() -> None:
    text = "---\ntitle: T\n*" + "a" * 10_000 + "\n---\n"
    _, _, _, [problem] = split(text, PATH)
    assert len(problem.message) <= 250


# --- text keys are read as text --------------------------------------------------------------
@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("lang: no", {"lang": "no"}),  # Norwegian, not false (YAML 1.1)
        ("lang: NO\ndir: on", {"lang": "NO", "dir": "on"}),
        ("title: yes", {"title": "yes"}),
        ("title: 2024", {"title": "2024"}),
        ("title: 1.50", {"title": "1.50"}),
        ("title: 0x1F", {"title": "0x1F"}),
        ("slug: 2024-11-08", {"slug": "2024-11-08"}),
        ("summary: 12:30", {"summary": "12:30"}),
        ("source_name: off", {"source_name": "off"}),
        ("image: 2024.png\nimage_alt: yes", {"image": "2024.png", "image_alt": "yes"}),
        ("tags: [yes, no, 2024, 1.5]", {"tags": ["yes", "no", "2024", "1.5"]}),
        ("tags:\n  - on\n  - 3", {"tags": ["on", "3"]}),
        # not text keys: YAML's own types
        (
            "draft: true\nfeatured: yes\nhidden: no",
            {"draft": True, "featured": True, "hidden": False},
        ),
        ("date: 2024-11-08", {"date": dt.date(2024, 11, 8)}),
        ("count: 3", {"count": 3}),
        # nothing, or an explicit tag, stays what it says
        ("summary:\nnote: ~\nlang: null", {"summary": None, "note": None, "lang": None}),
        ("title: !!bool yes", {"title": True}),
        ("title: !!int '3'", {"title": 3}),
        ("title: [yes, 3]", {"title": [True, 3]}),  # a list where text belongs: a type error later
        ("extra: {title: no}", {"extra": {"title": False}}),  # only top-level keys
    ],
)
def test_text_keys_keep_plain_scalars_as_written(block: str, expected: dict[str, Any]) -> None:
    assert split(f"---\n{block}\n---\n", PATH)[0] == expected


def test_key_lines() -> None:
    text = "---\ntitle: T\n# a comment\n'note': |\n  date: no\ndate: 2024-11-08\n---\ndate: body\n"
    assert frontmatter.key_lines(text, 8) == {"title": 2, "note": 4, "date": 6}
    toml = '+++\ntitle = "T"\ntags = ["a"]\n+++\n'
    assert frontmatter.key_lines(toml, 5) == {"title": 2, "tags": 3}
