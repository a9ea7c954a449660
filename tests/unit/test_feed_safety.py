"""Feeds are safe by construction: whatever text reaches `builder.feeds` (past ingest or not),
every format is well-formed, and the site's description is the same plain text in each."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json

import feedparser
import pytest

from builder import feeds
from builder.config import Config
from builder.model import Article, Edition, Page, pack_body
from builder.plan import FEED_FORMATS
from builder.urls import Urls

UNSAFE = "\x00\x01\x0b\x0c\x1f\ud800\udfff\ufdd0\ufffe\uffff\U0001fffe\U0010ffff"
WHEN = dt.datetime(2024, 11, 8, 12, tzinfo=dt.UTC)
ARTICLE = Article(
    source="a.md",
    title=f"Harbour {UNSAFE}reopens",
    date=WHEN,
    slug="harbour",
    source_url=f"https://example.com/a{UNSAFE}",
    source_name=f"Tribune{UNSAFE}",
    tags=(f"eco{UNSAFE}nomy",),
    note_html=f"<p>Note{UNSAFE}</p>",
    packed_body=pack_body(f"<p>Body{UNSAFE.replace(chr(0xD800), '').replace(chr(0xDFFF), '')}</p>"),
    summary=f"Summary{UNSAFE}",
)


def render_all(config: Config, article: Article = ARTICLE) -> dict[str, bytes]:
    urls = Urls(config.base_url)
    context = {"title": f"{config.title}{UNSAFE}", "articles": (article,)}
    pages = [Page(f"feed.{f}", kind="feed", feed_format=f, context=context) for f in FEED_FORMATS]
    edition = Edition("2024-11-08", f"8 November{UNSAFE}", WHEN.date(), WHEN.date(), (article,))
    editions = {"title": "E", "editions": (edition,)}
    pages.append(Page("editions.xml", kind="feed", feed_format="rss", context=editions))
    return {page.path: feeds.render(page, config, urls) for page in pages}


def test_unsafe_text_that_skipped_ingest_still_gives_well_formed_feeds() -> None:
    config = Config(title=f"Site{UNSAFE}", description=f"About{UNSAFE}", author=f"Me{UNSAFE}")
    for path, data in render_all(config).items():
        if path == "feed.json":
            item = json.loads(data)["items"][0]
            assert item["title"] == "Harbour reopens" and item["tags"] == ["economy"]
            continue
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries[0].title in ("Harbour reopens", "8 November: 1 story")


@pytest.mark.parametrize(
    ("description", "shown"),
    [
        ("A digest", "A digest"),
        ("News & <b>views</b> *here*", "News & <b>views</b> *here*"),  # shown, not applied
        ("A \x01 digest\nof  news ", "A digest of news"),
        ("", "T"),  # RSS requires a description: the feed's title
        (" \n\t", "T"),
    ],
)
def test_the_description_is_the_same_plain_text_in_every_format(
    description: str, shown: str
) -> None:
    config = dataclasses.replace(Config(), title="T", description=description)
    urls = Urls(config.base_url)
    context = {"title": "T", "articles": (ARTICLE,)}
    for feed_format in FEED_FORMATS:
        page = Page("feed", kind="feed", feed_format=feed_format, context=context)
        data = feeds.render(page, config, urls)
        if feed_format == "json":
            assert json.loads(data)["description"] == shown
            continue
        parsed = feedparser.parse(data)
        assert not parsed.bozo
        detail = parsed.feed.subtitle_detail
        if detail.type == "text/html":  # RSS: readers take HTML, so markup arrives escaped
            assert "<" not in detail.value
            assert html.unescape(detail.value) == shown
        else:
            assert detail.value == shown


def test_an_empty_site_title_still_gives_a_feed() -> None:
    config = dataclasses.replace(Config(), title="", description="")
    data = render_all(config)
    for path in ("feed.rss", "feed.atom", "editions.xml"):
        assert not feedparser.parse(data[path]).bozo
