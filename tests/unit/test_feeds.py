"""Feeds (RSS, Atom, JSON Feed, per tag, per source, editions) through real builds of a small
content folder: valid, escaped, dated from the content, limited, stable."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import json
import re
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from builder import config as config_mod
from builder.pipeline import build
from tests.conftest import ROOT, write_tree

BASE = "https://example.org/digest/"
SITE_TOML = f"""\
title = "Feeds & <Friends>"
description = "A digest for testing feeds"
base_url = "{BASE}"
author = "The curators"
timezone = "Europe/Berlin"
feed_size = 2
search = false
"""
XSS_TITLE = 'Harbour <script>alert("t")</script> & <img src=x onerror=x> reopens'
ARTICLES = {
    "curated/harbour.md": f"""---
title: '{XSS_TITLE}'
date: 2024-11-08T14:30:00+01:00
source_url: https://www.example.com/harbour/?utm_source=feed
source_name: Example Tribune
tags: [economy, world]
note: "Curator says it *matters* because <script>alert('note')</script> ships & trade."
featured: true
---

The harbour reopened <script>alert("body")</script> after the storm & the repairs.

Second paragraph with <img src=y onerror=alert(2)> an image that must stay text.
""",
    "curated/council.md": """---
title: Council approves the budget
date: 2024-11-07T09:00:00+01:00
source_url: https://example.org/council
source_name: Example Tribune
tags: [politics, world]
---

The council approved the budget on Monday.
""",
    "curated/storm.md": """---
title: Storm warning issued for the coast
date: 2024-11-06
source_url: https://example.org/storm
source_name: Example Tribune
tags: [world]
---

Forecasters issued a storm warning for the coast.
""",
    "raw/grid.txt": """ date 2024-11-05 https://example.net/world/grid.html

Grid upgrade starts in spring

Grid upgrade starts in spring

05.11.2024

The grid operator said the upgrade starts in spring.Engineers will work at night.
""",
    "curated/draft.md": """---
title: Secret draft zeppelin story
date: 2024-11-09
source_url: https://example.com/draft
source_name: Example Tribune
tags: [world]
draft: true
---

Draftword zeppelin text that must never be published.
""",
    "curated/hidden.md": """---
title: Hidden quokka correction
date: 2024-11-10
source_url: https://example.com/hidden
source_name: Example Tribune
tags: [world, economy]
hidden: true
---

Hiddenword quokka text, built but never listed.
""",
}
LISTED = ["Harbour", "Council approves the budget", "Grid upgrade starts in spring"]


def make_project(folder: Path, extra_config: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.toml").write_text(SITE_TOML + extra_config, encoding="utf-8")
    write_tree(folder / "content", ARTICLES)
    return folder


def run(project: Path, output: Path | None = None, use_cache: bool = True) -> Path:
    config = config_mod.load(project / "site.toml")
    if output is not None:
        config = dataclasses.replace(config, output_dir=output)
    result = build(config, use_cache=use_cache, jobs=1)
    assert not result.errors, result.errors
    return config.output_dir


def feed_files(site: Path) -> list[Path]:
    return sorted(
        p
        for p in site.rglob("*")
        if p.name in ("feed.xml", "atom.xml", "feed.json") and p.is_file()
    )


def xml_feeds(site: Path) -> list[Path]:
    return [p for p in feed_files(site) if p.suffix == ".xml"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run(make_project(tmp_path_factory.mktemp("feeds")))


def test_every_feed_is_built_and_parses_cleanly(site: Path) -> None:
    names = [p.relative_to(site).as_posix() for p in feed_files(site)]
    assert names == [
        "atom.xml",
        "editions/feed.xml",
        "feed.json",
        "feed.xml",
        "sources/example-net/feed.xml",
        "sources/example-tribune/feed.xml",
        "tags/economy/feed.xml",
        "tags/politics/feed.xml",
        "tags/world/feed.xml",
    ]
    for path in xml_feeds(site):
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version == ("atom10" if path.name == "atom.xml" else "rss20"), path
        assert feed.entries, path
        assert feed.feed.title.startswith("Feeds & <Friends>"), path


# --- guids --------------------------------------------------------------------------------------


def guids(site: Path) -> dict[str, dict[str, str]]:
    """feed → {entry title: guid} for every XML feed and the JSON feed."""
    found = {}
    for path in xml_feeds(site):
        rel = path.relative_to(site).as_posix()
        found[rel] = {e.title: e.id for e in feedparser.parse(path.read_bytes()).entries}
    items = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
    found["feed.json"] = {item["title"]: item["id"] for item in items}
    return found


def test_guids_are_the_normalised_source_url(site: Path) -> None:
    main = guids(site)["feed.xml"]
    assert main[XSS_TITLE] == "https://example.com/harbour"  # no www., utm_*, trailing slash
    assert main["Council approves the budget"] == "https://example.org/council"
    permalinks = {g.get("isPermaLink") for g in ET.parse(site / "feed.xml").iter("guid")}
    assert permalinks == {"false"}
    assert guids(site)["atom.xml"] == main == guids(site)["feed.json"]


def test_guids_survive_rebuilds_body_edits_and_a_new_slug(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    first = guids(run(project))
    assert guids(run(project, use_cache=False)) == first
    harbour = project / "content" / "curated" / "harbour.md"
    text = harbour.read_text(encoding="utf-8").replace("after the storm", "after a long storm")
    harbour.write_text(text.replace("featured: true", "slug: harbour-moved"), encoding="utf-8")
    grid = project / "content" / "raw" / "grid.txt"
    grid.write_text(grid.read_text().replace("at night.", "at night and at weekends."))
    site = run(project)
    assert "after a long storm" in (site / "feed.xml").read_text(encoding="utf-8")
    assert "harbour-moved" in (site / "feed.xml").read_text(encoding="utf-8")
    assert guids(site) == first


def test_an_article_without_a_source_url_has_its_permalink_as_guid(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    council = project / "content" / "curated" / "council.md"
    council.write_text(
        re.sub(r"source_url: .*\n", "", council.read_text(encoding="utf-8")), encoding="utf-8"
    )
    site = run(project)
    entry = next(
        e
        for e in feedparser.parse((site / "feed.xml").read_bytes()).entries
        if e.title == "Council approves the budget"
    )
    assert entry.id == entry.link == BASE + "articles/council-approves-the-budget/"
    item = next(
        i
        for i in ET.parse(site / "feed.xml").iter("item")
        if i.findtext("title") == "Council approves the budget"
    )
    guid = item.find("guid")
    assert guid is not None and guid.get("isPermaLink") == "true"


# --- escaping -----------------------------------------------------------------------------------


class Markup(HTMLParser):
    """The live elements and attributes of an HTML fragment, and its text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]

    def handle_data(self, data: str) -> None:
        self.text += data


def assert_inert(html: str, where: str) -> None:
    markup = Markup(html)
    assert "script" not in markup.tags and "img" not in markup.tags, (where, html)
    assert not any(a.startswith("on") for a in markup.attributes), (where, html)


NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}


def html_payloads(path: Path) -> list[tuple[str, str]]:
    """Every element of an XML feed whose text a reader renders as HTML."""
    root = ET.parse(path).getroot()
    found = []
    for item in root.iter("item"):
        for name in ("description", "content:encoded"):
            for element in item.findall(name, NS):
                found.append((name, element.text or ""))
    for entry in root.iter(f"{{{NS['atom']}}}entry"):
        for name in ("atom:content", "atom:summary"):
            for element in entry.findall(name, NS):
                if element.get("type") != "text":
                    found.append((name, element.text or ""))
    return found


def test_html_in_titles_and_bodies_is_never_live_markup(site: Path) -> None:
    checked = 0
    for path in xml_feeds(site):
        raw = path.read_text(encoding="utf-8")
        assert "<script" not in raw and "<img" not in raw, path
        for name, html in html_payloads(path):
            assert_inert(html, f"{path.relative_to(site)} {name}")
            checked += 1
        for entry in feedparser.parse(path.read_bytes(), sanitize_html=False).entries:
            for detail in [*entry.get("content", []), entry.get("summary_detail")]:
                if detail is not None and detail.type in ("text/html", "application/xhtml+xml"):
                    assert_inert(detail.value, f"{path.relative_to(site)} {entry.title}")
    assert checked >= 10
    for item in json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]:
        assert_inert(item["content_html"], f"feed.json {item['title']}")


def test_the_text_of_a_dangerous_story_survives_escaping(site: Path) -> None:
    """Escaped, not dropped: a reader shows the title and body exactly as written."""
    rss = ET.parse(site / "feed.xml").getroot()
    item = next(i for i in rss.iter("item") if "Harbour" in (i.findtext("title") or ""))
    assert item.findtext("title") == XSS_TITLE
    body = Markup(item.findtext("content:encoded", namespaces=NS) or "").text
    assert 'The harbour reopened <script>alert("body")</script> after the storm & the' in body
    assert "<img src=y onerror=alert(2)>" in body
    summary = Markup(item.findtext("description") or "").text
    assert summary.startswith('The harbour reopened <script>alert("body")</script> after')
    atom = ET.parse(site / "atom.xml").getroot()
    entry = next(
        e for e in atom.iter(f"{{{NS['atom']}}}entry") if "Harbour" in ET.tostring(e, "unicode")
    )
    title = entry.find("atom:title", NS)
    assert title is not None and title.get("type", "text") == "text"
    assert title.text == XSS_TITLE
    item_json = next(
        i
        for i in json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
        if i["title"] == XSS_TITLE
    )
    assert "<script>" in item_json["summary"]  # JSON Feed summaries are plain text
    assert "&lt;script&gt;alert(&quot;body&quot;)" in item_json["content_html"]


def test_edition_titles_in_the_editions_feed_are_escaped(site: Path) -> None:
    root = ET.parse(site / "editions" / "feed.xml").getroot()
    descriptions = [Markup(i.findtext("description") or "").text for i in root.iter("item")]
    assert XSS_TITLE in descriptions
    contents = [
        Markup(i.findtext("content:encoded", namespaces=NS) or "") for i in root.iter("item")
    ]
    assert any(XSS_TITLE in c.text for c in contents)


def test_atom_content_has_a_type_rfc_4287_allows(site: Path) -> None:
    root = ET.parse(site / "atom.xml").getroot()
    types = {c.get("type") for c in root.iter(f"{{{NS['atom']}}}content")}
    assert types and types <= {"html", "xhtml", "text"}


# --- dates --------------------------------------------------------------------------------------

RFC_822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|"
    r"Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}$"
)
RFC_3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")
HARBOUR = dt.datetime(2024, 11, 8, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def test_rss_dates_are_rfc_822_and_come_from_the_content(site: Path) -> None:
    for path in xml_feeds(site):
        if path.name == "atom.xml":
            continue
        channel = ET.parse(path).getroot().find("channel")
        assert channel is not None
        dates = [channel.findtext("lastBuildDate") or "", channel.findtext("pubDate") or ""]
        items = [i.findtext("pubDate") or "" for i in channel.iter("item")]
        for value in dates + items:
            assert RFC_822.match(value), (path, value)
        newest = max(email.utils.parsedate_to_datetime(v) for v in items)
        assert email.utils.parsedate_to_datetime(dates[0]) == newest, path
        assert email.utils.parsedate_to_datetime(dates[1]) == newest, path
    channel = ET.parse(site / "feed.xml").getroot().find("channel")
    assert channel is not None
    # the newest listed story, not the newer hidden or draft ones, and not the clock
    assert email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate") or "") == HARBOUR
    first = email.utils.parsedate_to_datetime(channel.findtext("item/pubDate") or "")
    assert first == HARBOUR
    grid = [
        i for i in channel.iter("item") if i.findtext("title") == "Grid upgrade starts in spring"
    ]
    assert not grid  # feed_size = 2: the oldest story is not in the main feed
    tag = ET.parse(site / "sources" / "example-net" / "feed.xml").getroot()
    grid_date = email.utils.parsedate_to_datetime(tag.findtext("channel/item/pubDate") or "")
    # a raw file's date is midnight in the site's timezone (Europe/Berlin)
    assert grid_date == dt.datetime(2024, 11, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def test_atom_dates_are_rfc_3339_and_come_from_the_content(site: Path) -> None:
    root = ET.parse(site / "atom.xml").getroot()
    updated = root.findtext("atom:updated", namespaces=NS) or ""
    assert RFC_3339.match(updated) and dt.datetime.fromisoformat(updated) == HARBOUR
    entries = list(root.iter(f"{{{NS['atom']}}}entry"))
    assert entries
    for entry in entries:
        for name in ("atom:updated", "atom:published"):
            value = entry.findtext(name, namespaces=NS) or ""
            assert RFC_3339.match(value), (name, value)
    values = [
        dt.datetime.fromisoformat(e.findtext("atom:published", namespaces=NS) or "")
        for e in entries
    ]
    assert values == sorted(values, reverse=True) and values[0] == HARBOUR
    for item in json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]:
        assert RFC_3339.match(item["date_published"]), item["date_published"]


def test_feed_dates_do_not_depend_on_the_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "p")
    first = {p.name: p.read_bytes() for p in xml_feeds(run(project, tmp_path / "a", False))}

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Later:  # type: ignore[override]
            return cls(2031, 1, 1, tzinfo=tz)

        @classmethod
        def utcnow(cls) -> Later:  # type: ignore[override]
            return cls(2031, 1, 1)

    monkeypatch.setattr(dt, "datetime", Later)
    monkeypatch.setattr(time, "time", lambda: 1_924_992_000.0)
    second = {p.name: p.read_bytes() for p in xml_feeds(run(project, tmp_path / "b", False))}
    assert second == first
    assert not any(b"2031" in data for data in second.values())


# --- what is in the feeds -----------------------------------------------------------------------


def entry_titles(path: Path) -> list[str]:
    if path.suffix == ".json":
        return [i["title"] for i in json.loads(path.read_text(encoding="utf-8"))["items"]]
    return [e.title for e in feedparser.parse(path.read_bytes()).entries]


def test_feed_size_limits_every_feed_to_the_newest_items(site: Path) -> None:
    assert entry_titles(site / "feed.xml") == [XSS_TITLE, "Council approves the budget"]
    assert entry_titles(site / "atom.xml") == entry_titles(site / "feed.xml")
    assert entry_titles(site / "feed.json") == entry_titles(site / "feed.xml")
    newest_two = [XSS_TITLE, "Council approves the budget"]  # of three listed in each
    assert entry_titles(site / "tags" / "world" / "feed.xml") == newest_two
    assert entry_titles(site / "sources" / "example-tribune" / "feed.xml") == newest_two
    editions = entry_titles(site / "editions" / "feed.xml")  # of four editions
    assert editions == ["8 November 2024: 1 story", "7 November 2024: 1 story"]


def test_a_larger_feed_size_lists_every_story(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    (project / "site.toml").write_text(SITE_TOML.replace("feed_size = 2", "feed_size = 50"))
    site = run(project)
    assert len(entry_titles(site / "feed.xml")) == 4
    assert len(entry_titles(site / "tags" / "world" / "feed.xml")) == 3
    assert len(entry_titles(site / "sources" / "example-tribune" / "feed.xml")) == 3
    assert len(entry_titles(site / "editions" / "feed.xml")) == 4


def test_drafts_and_hidden_articles_are_in_no_feed(site: Path) -> None:
    for path in feed_files(site):
        data = path.read_text(encoding="utf-8")
        for word in ("zeppelin", "Draftword", "quokka", "Hiddenword", "example.com/draft"):
            assert word not in data, (path, word)
        assert "example.com/hidden" not in data, path
    # and the hidden page itself was built: it is missing from the feeds, not from the site
    assert (site / "articles" / "hidden-quokka-correction" / "index.html").is_file()


def test_the_curators_note_is_in_the_content(site: Path) -> None:
    rss = ET.parse(site / "feed.xml").getroot()
    item = next(i for i in rss.iter("item") if "Harbour" in (i.findtext("title") or ""))
    content = item.findtext("content:encoded", namespaces=NS) or ""
    assert "Curator’s note" in content and "<em>matters</em>" in content
    assert "Curator says it matters because <script>alert('note')</script> ships & trade." in (
        Markup(content).text
    )
    atom = (site / "atom.xml").read_text(encoding="utf-8")
    assert atom.count("&lt;em&gt;matters&lt;/em&gt;") == 1  # type="html": escaped
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert sum("<em>matters</em>" in i["content_html"] for i in feed["items"]) == 1
    editions = (site / "editions" / "feed.xml").read_text(encoding="utf-8")
    assert "<em>matters</em>" in editions
    council = next(
        i for i in rss.iter("item") if i.findtext("title") == "Council approves the budget"
    )
    assert "Curator" not in (council.findtext("content:encoded", namespaces=NS) or "")


def test_json_feed_validates_against_the_schema(site: Path) -> None:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "jsonfeed-1.1.schema.json").read_text())
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    jsonschema.validate(feed, schema)
    assert feed["feed_url"] == BASE + "feed.json" and feed["home_page_url"] == BASE
    broken = {**feed, "items": [{**feed["items"][0], "id": None}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_two_builds_give_byte_identical_feeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "p")
    first = run(project, tmp_path / "one", use_cache=False)
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    try:
        second = run(project, tmp_path / "two", use_cache=True)
        run(project, tmp_path / "two", use_cache=True)  # and again from the cache
    finally:
        monkeypatch.undo()
        time.tzset()
    ones = {p.relative_to(first): p.read_bytes() for p in feed_files(first)}
    twos = {p.relative_to(second): p.read_bytes() for p in feed_files(second)}
    assert len(ones) == 9 and ones == twos
