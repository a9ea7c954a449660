"""`builder.related`: shared tags first, then the same edition; never the article itself,
never a draft or a hidden article; the same answer whatever order the files come in."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.config import Config
from builder.ingest import ingest_bytes
from builder.model import Article, Edition, Site
from builder.related import LIMIT, NEIGHBOURS, related_articles
from builder.site import assemble

UTC = dt.UTC


def page(title: str, date: str, tags: list[str], **flags: bool) -> bytes:
    lines = ["---", f"title: {title}", f"date: {date}", f"tags: [{', '.join(tags)}]"]
    lines += [f"{key}: {'true' if value else 'false'}" for key, value in flags.items()]
    return "\n".join([*lines, "---", "", "Some text.", ""]).encode()


def md(rel: str, title: str, date: str, tags: list[str], **flags: bool) -> Article:
    article, problems = ingest_bytes(page(title, date, tags, **flags), rel, Config())
    assert article is not None and not problems, problems
    return article


def article(
    source: str, when: dt.datetime, tags: tuple[str, ...] = (), **fields: object
) -> Article:
    slug = str(fields.pop("slug", source.split(".")[0]))
    return Article(
        source=source,
        title=source,
        date=when,
        slug=slug,
        source_url="",
        source_name="example.com",
        tags=tags,
        **fields,  # type: ignore[arg-type]
    )


def editions_by_source(site: Site) -> dict[str, Edition]:
    """As `plan` builds it: each listed article's edition."""
    return {a.source: e for e in site.editions for a in e.articles}


def related(site: Site, limit: int = LIMIT) -> dict[str, list[str]]:
    found = related_articles(site.articles, editions_by_source(site), limit)
    return {source: [a.source for a in items] for source, items in found.items()}


def expected(site: Site, limit: int = LIMIT) -> dict[str, list[str]]:
    """A plain model: 2 points per shared tag, 1 for the same edition; ties newest, then slug.
    (The code looks at only the NEIGHBOURS nearest stories per tag; the sites here are small.)"""
    edition = {a.source: e.key for e in site.editions for a in e.articles}
    result = {}
    for one in site.articles:
        scored = []
        for other in site.articles:
            if other.source == one.source:
                continue
            score = 2 * len(set(one.tags) & set(other.tags))
            score += edition[one.source] == edition[other.source]
            if score:
                scored.append((-score, -other.date.timestamp(), other.slug, other.source))
        result[one.source] = [item[-1] for item in sorted(scored)[:limit]]
    return result


# --- the ranking, case by case -------------------------------------------------------------------

STORIES = [
    md("a.md", "Alpha", "2024-11-01T12:00:00Z", ["x", "y"]),
    md("b.md", "Bravo", "2024-11-03T12:00:00Z", ["x", "y"]),  # two shared tags: 4
    md("c.md", "Charlie", "2024-11-01T08:00:00Z", ["x"]),  # a tag and the edition: 3
    md("d.md", "Delta", "2024-11-05T12:00:00Z", ["y"]),  # one tag: 2, newer than e
    md("e.md", "Echo", "2024-11-02T12:00:00Z", ["x", "z"]),  # one tag: 2
    md("f.md", "Foxtrot", "2024-11-01T06:00:00Z", []),  # the edition only: 1
    md("g.md", "Golf", "2024-11-01T06:00:00Z", []),  # the same, and the same moment as f
    md("h.md", "Hotel", "2024-11-09T12:00:00Z", []),  # nothing in common
    md("i.md", "India", "2024-11-09T12:00:00Z", ["z"]),  # a tag only e shares
]


def test_shared_tags_first_then_the_same_edition_then_newest_then_slug() -> None:
    site = assemble(STORIES)
    got = related(site)
    assert got["a.md"] == ["b.md", "c.md", "d.md", "e.md", "f.md"]
    assert related(site, limit=7)["a.md"] == ["b.md", "c.md", "d.md", "e.md", "f.md", "g.md"]
    assert related(site, limit=2)["a.md"] == ["b.md", "c.md"]
    assert got["f.md"] == ["a.md", "c.md", "g.md"]  # same edition: newest first, then by slug
    assert got["g.md"] == ["a.md", "c.md", "f.md"]
    assert got["h.md"] == ["i.md"]  # same day, no tags in common
    assert got["i.md"] == ["e.md", "h.md"]
    assert got == expected(site)


def test_the_same_week_is_the_same_edition_on_a_weekly_site() -> None:
    daily = related(assemble(STORIES))
    weekly = related(assemble(STORIES, editions="weekly"))
    assert daily["d.md"] == ["b.md", "a.md"]
    # 2024-11-05 and 2024-11-09 are both in 2024-W45; 2024-11-01 to 03 are in W44
    assert weekly["d.md"] == ["b.md", "a.md", "h.md", "i.md"]
    assert weekly["h.md"] == ["i.md", "d.md"]  # both 1 point: the newer first
    assert weekly == expected(assemble(STORIES, editions="weekly"))


def test_a_story_alone_has_no_related_stories() -> None:
    site = assemble([md("a.md", "Alone", "2024-11-01", ["x"])])
    assert related(site) == {"a.md": []}


def test_never_itself_a_draft_or_a_hidden_story() -> None:
    stories = [
        *STORIES,
        md("draft.md", "Draft", "2024-11-01T12:00:00Z", ["x", "y"], draft=True),
        md("hidden.md", "Hidden", "2024-11-01T12:00:00Z", ["x", "y"], hidden=True),
    ]
    site = assemble(stories)
    got = related(site)
    assert set(got) == {a.source for a in STORIES}  # the hidden page gets no related list
    for source, items in got.items():
        assert source not in items
        assert not {"draft.md", "hidden.md"} & set(items), source
    assert got == related(assemble(STORIES))  # as if they were not there at all


def test_the_window_of_neighbours_per_tag() -> None:
    start = dt.datetime(2024, 1, 1, 12, tzinfo=UTC)
    count = 2 * NEIGHBOURS + 20
    site = assemble(
        article(f"{n:03d}.md", start + dt.timedelta(days=n), ("x",)) for n in range(count)
    )
    got = related(site)
    newest, oldest = f"{count - 1:03d}.md", "000.md"
    assert got[newest] == [f"{count - 1 - k:03d}.md" for k in range(1, LIMIT + 1)]
    # the oldest looks only at its NEIGHBOURS nearest: the newest of those come first
    assert got[oldest] == [f"{NEIGHBOURS - k:03d}.md" for k in range(LIMIT)]
    for source, items in got.items():
        for other in items:
            assert abs(int(other[:3]) - int(source[:3])) <= NEIGHBOURS, (source, other)


# --- properties over random small sites ----------------------------------------------------------

TAGS = st.lists(st.sampled_from(["x", "y", "z", "w"]), max_size=3, unique=True).map(
    lambda tags: tuple(sorted(tags))
)
STORY = st.tuples(
    TAGS,
    st.integers(0, 9),  # day
    st.sampled_from([0, 6, 12, 23]),  # hour: equal moments happen
    st.booleans(),  # draft
    st.booleans(),  # hidden
    st.booleans(),  # featured
)


def build(specs: list[tuple[tuple[str, ...], int, int, bool, bool, bool]]) -> list[Article]:
    start = dt.datetime(2024, 12, 27, tzinfo=UTC)  # across a year end and an ISO week
    return [
        article(
            f"s{n:02d}.md",
            start + dt.timedelta(days=day, hours=hour),
            tags,
            slug=f"story-{(n * 7) % 23:02d}",
            draft=draft,
            hidden=hidden,
            featured=featured,
        )
        for n, (tags, day, hour, draft, hidden, featured) in enumerate(specs)
    ]


@given(st.lists(STORY, max_size=14), st.sampled_from(["daily", "weekly"]))
@settings(max_examples=150)
def test_related_matches_the_model_and_never_itself_drafts_or_hidden(
    specs: list[tuple[tuple[str, ...], int, int, bool, bool, bool]], kind: str
) -> None:
    stories = build(specs)
    site = assemble(stories, editions=kind)
    got = related(site)
    unlisted = {a.source for a in stories if a.draft or a.hidden}
    assert set(got) == {a.source for a in stories} - unlisted
    for source, items in got.items():
        assert source not in items
        assert not unlisted & set(items)
        assert len(items) == len(set(items)) <= LIMIT
    assert got == expected(site)


@given(st.lists(STORY, min_size=2, max_size=12).flatmap(lambda s: st.tuples(st.just(s), st.data())))
@settings(max_examples=150)
def test_the_same_related_stories_whatever_the_input_order(
    drawn: tuple[list[tuple[tuple[str, ...], int, int, bool, bool, bool]], st.DataObject],
) -> None:
    specs, data = drawn
    stories = build(specs)
    site = assemble(stories)
    want = related(site)
    shuffled = data.draw(st.permutations(stories))
    assert related(assemble(shuffled)) == want
    # and the function alone, given the listed stories in any order
    listed = data.draw(st.permutations(site.articles))
    found = related_articles(listed, editions_by_source(site))
    assert {s: [a.source for a in items] for s, items in found.items()} == want
