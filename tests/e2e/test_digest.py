"""Digest features end to end: search, drafts and hidden articles, editions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest

from tests.conftest import copy_sample, run_build, serve_folder

DRAFT = """---
title: Secret draft about the harbour tunnel
date: 2024-11-08
draft: true
tags: [world]
---

Draft text that must never be published.
"""
HIDDEN = """---
title: Hidden correction notice for subscribers
date: 2024-11-08
hidden: true
tags: [world]
---

Hidden text that is built but never listed.
"""


@pytest.fixture(scope="module")
def curated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_sample(tmp_path_factory.mktemp("curated"))
    (project / "content" / "draft.md").write_text(DRAFT, encoding="utf-8")
    (project / "content" / "hidden.md").write_text(HIDDEN, encoding="utf-8")
    run_build("build", "--config", str(project / "site.toml"), "--base-url", "https://u.example/")
    return project / "public"


def everything_but(site: Path, page: str) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file()
        and p.suffix in (".html", ".xml", ".json", ".txt")
        and p.relative_to(site).as_posix() != page
    )


def test_drafts_never_reach_pages_feeds_or_sitemap(curated_site: Path) -> None:
    assert not (curated_site / "articles" / "secret-draft-about-the-harbour-tunnel").exists()
    assert "Secret draft" not in everything_but(curated_site, "")


def test_hidden_articles_are_built_but_never_listed(curated_site: Path) -> None:
    page = "articles/hidden-correction-notice-for-subscribers/index.html"
    html = (curated_site / page).read_text(encoding="utf-8")
    assert "Hidden text that is built" in html and 'content="noindex"' in html
    assert "data-pagefind-body" not in html
    assert "Hidden correction notice" not in everything_but(curated_site, page)
    for feed in ("feed.xml", "atom.xml", "tags/world/feed.xml"):
        path = curated_site / feed
        if path.exists():
            titles = [e.title for e in feedparser.parse(path.read_bytes()).entries]
            assert "Hidden correction notice for subscribers" not in titles


def test_featured_story_leads_its_edition_and_notes_show(curated_site: Path) -> None:
    editions = sorted((curated_site / "editions").glob("*/index.html"))
    assert len(editions) >= 2
    for edition in editions:
        html = edition.read_text(encoding="utf-8")
        cards = re.findall(r'<article class="card([^"]*)"', html)
        if any("featured" in c for c in cards):
            assert "featured" in cards[0], edition
            assert "Curator" in html
            return
    pytest.fail("no edition shows the featured story")


def test_json_feed_carries_the_full_text_and_note(curated_site: Path) -> None:
    feed = json.loads((curated_site / "feed.json").read_text(encoding="utf-8"))
    noted = [item for item in feed["items"] if "Curator" in item["content_html"]]
    assert noted, "the curator's note is missing from the JSON feed"
    assert all(len(item["content_html"]) > 200 for item in feed["items"])


@pytest.mark.browser
def test_search_finds_a_story_under_the_sub_path(sample_site: Path, page) -> None:  # type: ignore[no-untyped-def]
    server, url = serve_folder(sample_site, "/REPO/")
    try:
        page.goto(url + "search/")
        page.fill("#search input", "Valdai")
        link = page.wait_for_selector(".search-result-link", timeout=15000)
        assert link is not None
        href = link.get_attribute("href") or ""
        assert href.startswith("/REPO/articles/"), href
        assert "Putin" in link.inner_text()
        page.fill("#search input", "qqqzzzunfound")
        page.wait_for_selector(".search-status:has-text('No stories found.')", timeout=15000)
        assert page.locator(".search-result-link").count() == 0
    finally:
        server.shutdown()


NEW_STORY = """---
title: Lighthouse keepers return to Skerryvore
date: 2024-11-08
---

The keepers of Skerryvore came back after forty years.
"""


def indexed_pages(site: Path) -> int:
    """Pages in the Pagefind index, over every shard that pagefind/shards.json lists."""
    folder = site / "pagefind"
    bundles = json.loads((folder / "shards.json").read_text(encoding="utf-8"))["bundles"]
    total = 0
    for bundle in bundles:
        entry = json.loads((folder / bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        total += sum(language["page_count"] for language in entry["languages"].values())
    return total


def test_a_preview_edit_leaves_the_pagefind_index_owed_until_the_next_indexing_build(
    tmp_path: Path,
) -> None:
    from builder import config as config_mod
    from builder.pipeline import build

    project = copy_sample(tmp_path)
    with (project / "site.toml").open("a", encoding="utf-8") as toml:
        toml.write('search_engine = "pagefind"\n')
    config = config_mod.load(project / "site.toml")
    site = config.output_dir
    first = build(config, jobs=1)
    assert not first.notes, first.notes  # Pagefind ran
    before = indexed_pages(site)
    (project / "content" / "new-story.md").write_text(NEW_STORY, encoding="utf-8")
    quick = build(config, jobs=1, reindex_search=False)  # a preview's edit: pages patched
    assert quick.written > 0 and indexed_pages(site) == before
    owed = build(config, jobs=1)  # no content change, but the index is behind
    assert owed.site is not None and indexed_pages(site) == before + 1
    settled = build(config, jobs=1)
    assert settled.site is None and settled.written == 0  # nothing changed, nothing owed


def test_a_preview_edit_keeps_broadsheets_own_index_current(tmp_path: Path) -> None:
    """The default index is patched by every build, a preview's quick ones included."""
    from builder import config as config_mod
    from builder.pipeline import build

    project = copy_sample(tmp_path)
    config = config_mod.load(project / "site.toml")
    index = config.output_dir / "search" / "index.json"
    build(config, jobs=1)
    before = json.loads(index.read_text(encoding="utf-8"))["n"]
    (project / "content" / "new-story.md").write_text(NEW_STORY, encoding="utf-8")
    quick = build(config, jobs=1, reindex_search=False)
    assert quick.written > 0
    assert json.loads(index.read_text(encoding="utf-8"))["n"] == before + 1
    settled = build(config, jobs=1)
    assert settled.site is None and settled.written == 0  # nothing owed
