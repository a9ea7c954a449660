"""`sources.opml`: every RSS feed of the site, linked from the home and sources pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from tests.unit.test_feeds import BASE, make_project, run


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run(make_project(tmp_path_factory.mktemp("opml")))


def outlines(site: Path) -> dict[str, list[ET.Element]]:
    """Group title → its feed outlines."""
    root = ET.parse(site / "sources.opml").getroot()
    assert root.tag == "opml" and root.get("version") == "2.0"
    body = root.find("body")
    assert body is not None
    return {group.get("text", ""): list(group) for group in body}


def test_every_rss_feed_of_the_site_is_listed_once_and_exists(site: Path) -> None:
    groups = outlines(site)
    assert list(groups) == ["Feeds & <Friends>", "Tags", "Sources"]  # escaped, read back
    urls = [o.get("xmlUrl", "") for members in groups.values() for o in members]
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("feed.xml"))
    assert sorted(u.removeprefix(BASE) for u in urls) == built
    for members in groups.values():
        for outline in members:
            assert outline.get("type") == "rss"
            assert outline.get("text") and outline.get("htmlUrl", "").startswith(BASE)
            feed_file = site / outline.get("xmlUrl", "").removeprefix(BASE)
            parsed = feedparser.parse(feed_file.read_bytes())
            assert not parsed.bozo and parsed.feed.title == outline.get("text"), feed_file


def test_tags_and_sources_are_grouped_for_a_one_step_subscription(site: Path) -> None:
    groups = outlines(site)
    assert [o.get("text") for o in groups["Tags"]] == [
        "Feeds & <Friends>: economy",
        "Feeds & <Friends>: politics",
        "Feeds & <Friends>: world",
    ]
    assert [o.get("xmlUrl") for o in groups["Sources"]] == [
        BASE + "sources/example-tribune/feed.xml",  # "Example Tribune": by name, in any case
        BASE + "sources/example-net/feed.xml",
    ]


def test_the_home_page_head_and_the_sources_page_link_to_it(site: Path) -> None:
    head = (site / "index.html").read_text(encoding="utf-8").partition("</head>")[0]
    assert re.search(
        r'<link rel="alternate" type="text/x-opml" title="[^"]+" href="/digest/sources.opml">',
        head,
    )
    sources = (site / "sources" / "index.html").read_text(encoding="utf-8")
    assert 'href="/digest/sources.opml"' in sources
