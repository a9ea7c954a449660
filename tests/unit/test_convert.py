"""Conversion of raw files: `import` and the build agree, and nothing raises."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder import frontmatter
from builder.config import Config
from builder.convert import convert
from builder.ingest import ingest_bytes
from builder.markdown import escape, render, render_paragraphs

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "golden" / "seed.md"
RAW_SEED = ROOT / "content" / "2024" / "11" / "000_e9e95706f7053264.txt"  # the seed, as shipped
CONFIG = Config()
paragraph = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    min_size=1,
).filter(lambda t: t.strip())


@given(st.lists(paragraph.map(str.strip), min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_fast_html_for_imported_text_equals_markdown_of_its_escaped_form(
    paragraphs: list[str],
) -> None:
    markdown = "\n\n".join(escape(p) for p in paragraphs)
    assert render_paragraphs(paragraphs).html == render(markdown).html


@given(st.binary(max_size=600))
@settings(max_examples=200, deadline=None)
def test_any_bytes_give_an_article_or_an_error_never_an_exception(data: bytes) -> None:
    for name in ("x.txt", "x.md"):
        article, problems = ingest_bytes(data, name, CONFIG)
        errors = [p for p in problems if p.level == "error"]
        assert (article is None) == bool(errors), problems
        assert all(p.path == name for p in problems)
        assert not any("internal error" in p.message for p in problems), problems


@given(st.text(max_size=400))
@settings(max_examples=200, deadline=None)
def test_any_text_converts_or_reports(text: str) -> None:
    body = f" date 2024-11-07 https://example.com/a\n\nTitle\n\nTitle\n\n07.11.2024\n\n{text}"
    page, problems = convert(body.encode(), "x.txt")
    if page is None:
        assert any(p.level == "error" for p in problems)
    else:
        metadata, _, _, more = frontmatter.split(page, "x.md")
        assert metadata is not None and not more
        assert metadata["title"] == "Title"


def test_imported_page_builds_to_the_same_article_as_the_raw_file(tmp_path: Path) -> None:
    data = RAW_SEED.read_bytes()
    page, _ = convert(data, "seed.txt")
    assert page == SEED.read_text(encoding="utf-8")
    from_raw, _ = ingest_bytes(data, "seed.txt", CONFIG)
    from_page, _ = ingest_bytes(page.encode(), "seed.md", CONFIG)
    assert from_raw is not None and from_page is not None
    assert from_raw.body_html == from_page.body_html
    assert (from_raw.title, from_raw.slug, from_raw.date) == (
        from_page.title,
        from_page.slug,
        from_page.date,
    )


def test_a_raw_file_in_capitals_is_read_as_raw() -> None:
    article, problems = ingest_bytes(RAW_SEED.read_bytes(), "2024/STORY.TXT", CONFIG)
    assert article is not None and not problems


@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("दिल्ली में वायु प्रदूषण गंभीर श्रेणी में पहुंचा", "hi"),
        ("AQI 450: दिल्ली की हवा", "hi"),
        ("กรุงเทพฯ น้ำท่วม", "th"),
        ("ঢাকায় ভারী বৃষ্টি", "bn"),
        ("საქართველოს მთავრობა", "ka"),
        ("Հայաստանի կառավարություն", "hy"),
        ("Νέα μέτρα για τη στέγαση", "el"),
        ("Путин поздравил Трампа", "ru"),
        ("Harbour reopens", ""),
    ],
)
def test_language_of_a_raw_article_from_its_script(title: str, language: str) -> None:
    data = f" date 2024-11-07 https://example.com/a\n\n{title}\n\n07.11.2024\n\n{title}.\n"
    article, _ = ingest_bytes(data.encode(), "a.txt", CONFIG)
    assert article is not None and article.lang == language


# Edits near valid input, where parsers break: cut, insert or repeat pieces of the seed.
# `FUZZ_EXAMPLES=10000 pytest -k damaged` searches deeper.
SNIPPETS = st.sampled_from(
    [b"\r\n", b"\n\n", b"---\n", b"+++\n", b"\xef\xbb\xbf", b"\x00", b"\xff", b"\xc3", b"\xc3\xa9",
     b" date ", b"2024-02-30", b"07.11.2024", b"https://", b"&amp;", b"<script>", b"\t", b'"', b"."]
)  # fmt: skip
EDIT = st.tuples(
    st.sampled_from(["cut", "insert", "repeat"]), st.integers(0, 3000), st.integers(0, 80)
)


def edited(data: bytes, edits: list[tuple[str, int, int]], snippets: list[bytes]) -> bytes:
    for (kind, at, size), snippet in zip(edits, snippets, strict=False):
        at %= len(data) + 1
        if kind == "cut":
            data = data[:at] + data[at + size :]
        elif kind == "insert":
            data = data[:at] + snippet + data[at:]
        else:
            data = data[:at] + data[at : at + size] * 2 + data[at + size :]
    return data


@given(st.lists(EDIT, min_size=1, max_size=4), st.lists(SNIPPETS, min_size=4, max_size=4))
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")), deadline=None)
def test_damaged_articles_give_an_article_or_a_clear_error(
    edits: list[tuple[str, int, int]], snippets: list[bytes]
) -> None:
    for name, original in (("x.txt", RAW_SEED.read_bytes()), ("x.md", SEED.read_bytes())):
        data = edited(original, edits, snippets)
        article, problems = ingest_bytes(data, name, CONFIG)
        errors = [p for p in problems if p.level == "error"]
        assert (article is None) == bool(errors), problems
        assert all(p.path == name and p.message for p in problems)
        assert not any("internal error" in p.message for p in problems), problems
        if article is not None:
            assert article.title.strip() and article.slug and article.body_html.strip()
