"""`builder.urls`: output paths and links, at a domain root and under a project's `/REPO/`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.model import Article, Edition, FeedFormat
from builder.urls import Urls

ROOT_SITE = "https://user.github.io/"
PROJECT_SITE = "https://user.github.io/REPO/"
SEGMENT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def article(slug: str) -> Article:
    return Article(
        source="2024/story.md",
        title="A story",
        date=dt.datetime(2024, 11, 7, 9, 30, tzinfo=dt.UTC),
        slug=slug,
        source_url="https://example.com/story",
        source_name="example.com",
    )


def edition(key: str) -> Edition:
    day = dt.date(2024, 11, 7)
    return Edition(key=key, title="7 November 2024", start=day, end=day, articles=())


# --- base path -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("base_url", "base_path", "normalised"),
    [
        ("https://user.github.io/", "/", "https://user.github.io/"),
        ("https://user.github.io", "/", "https://user.github.io/"),
        ("https://user.github.io/REPO/", "/REPO/", "https://user.github.io/REPO/"),
        ("https://user.github.io/REPO", "/REPO/", "https://user.github.io/REPO/"),
        ("http://localhost:8000/", "/", "http://localhost:8000/"),
        ("https://example.org/a/b/", "/a/b/", "https://example.org/a/b/"),
    ],
)
def test_base_path(base_url: str, base_path: str, normalised: str) -> None:
    urls = Urls(base_url)
    assert urls.base_url == normalised
    assert urls.base_path == base_path
    assert urls.home() == base_path


# --- links, table ------------------------------------------------------------------------------
LINK_CASES: list[tuple[str, str, str]] = [
    # (output path, link at the domain root, link under /REPO/)
    ("index.html", "/", "/REPO/"),
    ("articles/harbour/index.html", "/articles/harbour/", "/REPO/articles/harbour/"),
    ("archive/page/2/index.html", "/archive/page/2/", "/REPO/archive/page/2/"),
    ("404.html", "/404.html", "/REPO/404.html"),
    ("feed.xml", "/feed.xml", "/REPO/feed.xml"),
    ("tags/x/feed.xml", "/tags/x/feed.xml", "/REPO/tags/x/feed.xml"),
    ("static/style.css", "/static/style.css", "/REPO/static/style.css"),
    ("myindex.html", "/myindex.html", "/REPO/myindex.html"),
    ("a/notindex.html", "/a/notindex.html", "/REPO/a/notindex.html"),
    ("index.html.bak", "/index.html.bak", "/REPO/index.html.bak"),
    ("articles/é/index.html", "/articles/%C3%A9/", "/REPO/articles/%C3%A9/"),
    ("a b/index.html", "/a%20b/", "/REPO/a%20b/"),
]


@pytest.mark.parametrize(("path", "at_root", "under_repo"), LINK_CASES)
def test_link(path: str, at_root: str, under_repo: str) -> None:
    assert Urls(ROOT_SITE).link(path) == at_root
    assert Urls(PROJECT_SITE).link(path) == under_repo
    assert Urls(PROJECT_SITE.rstrip("/")).link(path) == under_repo


@pytest.mark.parametrize(("path", "at_root", "under_repo"), LINK_CASES)
def test_absolute(path: str, at_root: str, under_repo: str) -> None:
    assert Urls(ROOT_SITE).absolute(path) == "https://user.github.io" + at_root
    assert Urls(PROJECT_SITE).absolute(path) == "https://user.github.io" + under_repo


def test_link_is_the_same_when_asked_twice() -> None:
    urls = Urls(PROJECT_SITE)
    first = urls.link("articles/x/index.html")
    assert urls.link("articles/x/index.html") == first == "/REPO/articles/x/"
    assert urls.link("articles/y/index.html") == "/REPO/articles/y/"


def test_home_absolute_is_the_base_url() -> None:
    assert Urls(PROJECT_SITE).absolute("index.html") == PROJECT_SITE
    assert Urls(ROOT_SITE).absolute("index.html") == ROOT_SITE


# --- typed helpers -------------------------------------------------------------------------------
def test_article_and_edition() -> None:
    urls = Urls(PROJECT_SITE)
    assert urls.article_path(article("harbour-reopens")) == "articles/harbour-reopens/index.html"
    assert urls.article(article("harbour-reopens")) == "/REPO/articles/harbour-reopens/"
    assert urls.edition_path(edition("2024-11-07")) == "editions/2024-11-07/index.html"
    assert urls.edition(edition("2024-11-07")) == "/REPO/editions/2024-11-07/"
    assert urls.edition(edition("2024-W45")) == "/REPO/editions/2024-W45/"
    assert Urls(ROOT_SITE).edition(edition("2024-W45")) == "/editions/2024-W45/"


@pytest.mark.parametrize(
    ("section", "page", "path"),
    [
        ("", 1, "index.html"),
        ("", 2, "page/2/index.html"),
        ("archive", 1, "archive/index.html"),
        ("archive", 3, "archive/page/3/index.html"),
        ("tags/economy", 1, "tags/economy/index.html"),
        ("tags/economy", 12, "tags/economy/page/12/index.html"),
    ],
)
def test_listing_path_and_link(section: str, page: int, path: str) -> None:
    urls = Urls(PROJECT_SITE)
    assert urls.listing_path(section, page) == path
    assert urls.listing(section, page) == "/REPO/" + path.removesuffix("index.html")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("economy", "economy"),
        ("Economy", "economy"),
        ("Climate change", "climate-change"),
        ("Économie", "economie"),
        ("Экономика", "ekonomika"),
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("../..", None),
        ("..", None),
        ("/", None),
        ("a/b", "a-b"),
        ("a\\b", "a-b"),
        ("東京", None),
        ("", None),
        ("%2e%2e", "2e-2e"),
        ("tag?x=1#y", "tag-x-1-y"),
    ],
)
def test_tag_and_source_urls_are_one_ascii_segment(name: str, key: str | None) -> None:
    urls = Urls(PROJECT_SITE)
    tag = urls.tag(name)
    source = urls.source(name)
    assert tag.startswith("/REPO/tags/") and tag.endswith("/")
    assert source.startswith("/REPO/sources/") and source.endswith("/")
    tag_segment = tag.removeprefix("/REPO/tags/").removesuffix("/")
    source_segment = source.removeprefix("/REPO/sources/").removesuffix("/")
    assert SEGMENT.fullmatch(tag_segment), tag
    assert tag_segment == source_segment == urls.tag_key(name)
    if key is not None:
        assert tag_segment == key
    else:  # nothing readable is left: a short hash, the same for the same name
        assert tag_segment.startswith("a-")
        assert urls.tag(name) == tag


def test_different_unreadable_names_get_different_urls() -> None:
    urls = Urls(ROOT_SITE)
    assert urls.tag("東京") != urls.tag("大阪")
    assert urls.source("東京新聞") != urls.source("大阪新聞")


def test_tag_pages() -> None:
    urls = Urls(PROJECT_SITE)
    assert urls.tag("Economy", 1) == "/REPO/tags/economy/"
    assert urls.tag("Economy", 2) == "/REPO/tags/economy/page/2/"
    assert urls.source("BBC News", 3) == "/REPO/sources/bbc-news/page/3/"
    assert urls.tag_section("Economy") == "tags/economy"
    assert urls.source_section("bbc.co.uk") == "sources/bbc-co-uk"


def test_static() -> None:
    assert Urls(PROJECT_SITE).static("style.css") == "/REPO/static/style.css"
    assert Urls(ROOT_SITE).static("fonts/a.woff2") == "/static/fonts/a.woff2"


@pytest.mark.parametrize(
    ("section", "feed_format", "path", "home"),
    [
        ("", "rss", "feed.xml", "index.html"),
        ("", "atom", "atom.xml", "index.html"),
        ("", "json", "feed.json", "index.html"),
        (Urls.EDITIONS, "rss", "editions/feed.xml", "editions/index.html"),
        ("tags/economy", "rss", "tags/economy/feed.xml", "tags/economy/index.html"),
    ],
)
def test_a_feed_is_in_its_section_next_to_the_page_it_is_the_feed_of(
    section: str, feed_format: FeedFormat, path: str, home: str
) -> None:
    assert Urls.feed_path(section, feed_format) == path
    assert Urls.feed_home_path(path) == home


def test_the_sites_own_files_are_at_the_root() -> None:
    urls = Urls(PROJECT_SITE)
    paths = [urls.not_found_path(), urls.robots_path(), urls.sitemap_path(), urls.opml_path()]
    assert paths == ["404.html", "robots.txt", "sitemap.xml", "sources.opml"]
    assert [urls.nojekyll_path(), urls.cname_path()] == [".nojekyll", "CNAME"]
    assert urls.link(urls.search_path()) == "/REPO/search/"
    assert urls.static_path("search.js") == "static/search.js"


# --- properties ----------------------------------------------------------------------------------
BASES = st.sampled_from(
    [ROOT_SITE, PROJECT_SITE, "https://user.github.io/REPO", "https://example.org/a/b/"]
)
NAMES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["..", "../..", "/", "./", "\\..\\", "%2F", "a/../../b", "\x00", " "]),
)


def inside(output: Path, relative: str) -> bool:
    return (output / relative).resolve().is_relative_to(output.resolve())


@settings(max_examples=200, deadline=None)
@given(base=BASES, name=NAMES, page=st.integers(min_value=1, max_value=500))
def test_tag_and_source_links_are_safe(base: str, name: str, page: int) -> None:
    urls = Urls(base)
    output = Path("/srv/public")
    for section, prefix in (
        (urls.tag_section(name), "tags"),
        (urls.source_section(name), "sources"),
    ):
        path = urls.listing_path(section, page)
        parts = PurePosixPath(path).parts
        assert parts[0] == prefix
        assert ".." not in parts and "." not in parts
        assert all(SEGMENT.fullmatch(part) or part in ("page", "index.html") for part in parts)
        assert path.isascii()
        assert inside(output, path)
        link = urls.link(path)
        assert link.isascii()
        assert link.startswith(urls.base_path + prefix + "/")
        assert "//" not in link
        assert urls.absolute(path) == base.rstrip("/") + "/" + link[len(urls.base_path) :]


SEGMENTS = st.lists(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\\"),
        min_size=1,
        max_size=12,
    ).filter(lambda s: s not in (".", "..")),
    min_size=1,
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(base=BASES, segments=SEGMENTS)
def test_every_link_starts_with_the_base_path_and_round_trips(
    base: str, segments: list[str]
) -> None:
    urls = Urls(base)
    path = "/".join(segments)
    link = urls.link(path)
    assert link.startswith(urls.base_path)
    assert link.isascii()
    assert urlsplit(link).path == link  # no "?" or "#" left unescaped to cut the link short
    shown = unquote(link[len(urls.base_path) :])
    if segments[-1] == "index.html":
        assert shown == path.removesuffix("index.html")
        assert link.endswith("/")
    else:
        assert shown == path
    absolute = urls.absolute(path)
    assert absolute.startswith(urls.base_url)
    assert urlsplit(absolute).path == link


@given(path=st.text(alphabet=st.sampled_from("aZ09_.~-/ %?#é字"), max_size=30))
def test_a_link_is_its_path_quoted_whether_or_not_it_needed_quoting(path: str) -> None:
    assert Urls("https://example.org/site/").link(path) == "/site/" + quote(path)
