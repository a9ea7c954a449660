"""`plan()`: every output file as a `Page`, from a small site assembled in-process."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from builder import config as config_mod
from builder.model import Page, Site
from builder.pipeline import build
from builder.plan import plan
from builder.urls import Urls
from tests.unit.smallsite import THREE, make_site, story

STORIES = {
    **THREE,
    "d.md": story("Delta", "2024-11-08", tags="[economy]"),
    "e.md": story("Echo", "2024-11-09", tags="[economy]"),
    "hidden.md": story("Hidden Story", "2024-11-09", tags="[economy]", hidden=True),
    "draft.md": story("Draft Story", "2024-11-09", tags="[economy]", draft=True),
}


def planned(tmp_path: Path, drafts: bool = True) -> tuple[Site, Urls, list[Page]]:
    """The site (by default with drafts shown, as a preview, so the draft has a page) and
    its plan."""
    config = config_mod.load(make_site(tmp_path, STORIES), drafts=drafts)
    site = build(config, jobs=1, write=False, use_cache=False).site
    assert site is not None
    urls = Urls(config.base_url, site.tag_slugs, site.source_slugs)
    return site, urls, plan(site, urls, config)


def by_path(pages: list[Page]) -> dict[str, Page]:
    return {page.path: page for page in pages}


def test_every_path_is_planned_once(tmp_path: Path) -> None:
    _, _, pages = planned(tmp_path)
    twice = [path for path, n in Counter(page.path for page in pages).items() if n > 1]
    assert twice == [] and len(pages) > 20


def test_every_article_has_its_page(tmp_path: Path) -> None:
    site, urls, pages = planned(tmp_path)
    paths = by_path(pages)
    assert len(site.all_articles) == 7  # the hidden story and the draft included
    for article in site.all_articles:
        page = paths[urls.article_path(article)]
        assert page.template == "article.html" and page.context["article"] is article


def listed_titles(pages: list[Page]) -> set[str]:
    """Titles of the stories any listing, edition or feed shows."""
    return {
        article.title
        for page in pages
        if page.template != "article.html"
        for key in ("articles", "stories")
        for article in page.context.get(key, ())
    }


def sitemap(pages: list[Page]) -> list[str]:
    return [path for path, _ in by_path(pages)["sitemap.xml"].context["entries"]]


def test_a_hidden_story_has_a_page_in_no_listing_feed_or_sitemap(tmp_path: Path) -> None:
    site, urls, pages = planned(tmp_path, drafts=False)
    (hidden,) = [a for a in site.all_articles if a.hidden]
    assert urls.article_path(hidden) in by_path(pages)
    shown = listed_titles(pages)
    assert {"Alpha", "Echo"} <= shown and "Hidden Story" not in shown
    assert "articles/alpha/index.html" in sitemap(pages)
    assert urls.article_path(hidden) not in sitemap(pages)


def test_a_draft_is_nowhere_unless_previewed_and_then_not_in_the_sitemap(tmp_path: Path) -> None:
    site, _, pages = planned(tmp_path / "published", drafts=False)
    assert "Draft Story" not in {a.title for a in site.all_articles}
    assert not any("draft" in page.path for page in pages)
    site, urls, pages = planned(tmp_path / "preview", drafts=True)
    (draft,) = [a for a in site.all_articles if a.draft]
    assert urls.article_path(draft) in by_path(pages) and "Draft Story" in listed_titles(pages)
    assert urls.article_path(draft) not in sitemap(pages)


def test_listings_are_paginated_per_page(tmp_path: Path) -> None:
    _, _, pages = planned(tmp_path, drafts=False)  # per_page = 2; five listed, four economy
    paths = by_path(pages)
    archive = ["archive/index.html", "archive/page/2/index.html", "archive/page/3/index.html"]
    assert [len(paths[p].context["articles"]) for p in archive] == [2, 2, 1]
    assert [paths[p].context["pager"]["number"] for p in archive] == [1, 2, 3]
    assert {paths[p].context["pager"]["total"] for p in archive} == {3}
    assert "archive/page/4/index.html" not in paths
    economy = ["tags/economy/index.html", "tags/economy/page/2/index.html"]
    assert [len(paths[p].context["articles"]) for p in economy] == [2, 2]
    assert "tags/economy/page/3/index.html" not in paths
    newest_first = [a.title for p in archive for a in paths[p].context["articles"]]
    assert newest_first == ["Echo", "Delta", "Charlie", "Bravo", "Alpha"]
