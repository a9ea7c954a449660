"""`Site` → the list of every output file as a `Page`. Pure: no I/O, no rendering."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from .config import Config
from .i18n import Interface, english
from .images import is_local
from .model import Article, Edition, FeedFormat, Page, Site
from .related import related_articles
from .urls import Urls

EMAIL_STORIES = 40  # about 1.5 KB each in the HTML newsletter, notes included
FEED_FORMATS: tuple[FeedFormat, ...] = ("rss", "atom", "json")


def plan(site: Site, urls: Urls, config: Config, words: Interface | None = None) -> list[Page]:
    """Every output file; `words` name the pages the site titles itself (English if None)."""
    words = words or english()
    home = {"editions": site.editions[: config.home_editions]}
    months = _by_month(site.editions, words)
    pages: list[Page] = [
        Page(urls.listing_path(""), "home.html", home),
        Page(urls.not_found_path(), "404.html"),
        Page(urls.listing_path(urls.EDITIONS), "editions.html", {"months": months}),
        Page(urls.listing_path(urls.TAGS), "tags.html", {"tags": _counts(site.tags)}),
        Page(urls.listing_path(urls.SOURCES), "sources.html", {"sources": _counts(site.sources)}),
        Page(urls.robots_path(), "robots.txt"),
        Page(urls.nojekyll_path(), kind="text", context={"text": ""}),
    ]
    if config.search:
        pages.append(Page(urls.search_path(), "search.html"))
    if config.cname:
        pages.append(Page(urls.cname_path(), kind="text", context={"text": config.cname + "\n"}))
    archive = words.gettext("Archive")
    pages += _listing(urls, urls.ARCHIVE, archive, site.articles, config.per_page, {})
    for tag, articles in site.tags.items():
        section = urls.tag_section(tag)
        pages += _listing(urls, section, tag, articles, config.per_page, {"tag": tag})
        pages += _feeds(section, f"{config.title}: {tag}", articles, config, rss_only=True)
    for source, articles in site.sources.items():
        section = urls.source_section(source)
        pages += _listing(urls, section, source, articles, config.per_page, {"source": source})
        pages += _feeds(section, f"{config.title}: {source}", articles, config, rss_only=True)
    pages += _editions(site.editions, urls)
    pages += [page for edition in site.editions for page in email_pages(edition, urls)]
    pages += _articles(site, urls)
    pages += _images(site, urls, config)
    pages += _feeds("", config.title, site.articles, config)
    editions = {
        "editions": site.editions[: config.feed_size],
        "title": words.editions_feed(config.title),
    }
    feed = urls.feed_path(urls.EDITIONS)
    pages.append(Page(feed, kind="feed", feed_format="rss", context=editions))
    names = {"tag_names": tuple(site.tags), "source_names": tuple(site.sources)}
    pages.append(Page(urls.opml_path(), "opml.xml", names))
    unlisted = {urls.article_path(a) for a in site.all_articles if a.hidden or a.draft}
    unlisted.update((urls.not_found_path(), *(urls.email_path(e) for e in site.editions)))
    newest = site.articles[0].date.isoformat() if site.articles else ""
    listed = sorted(
        (p.path, _lastmod(p, newest))
        for p in pages
        if p.path.endswith(".html") and p.path not in unlisted
    )
    pages.append(Page(urls.sitemap_path(), "sitemap.xml", {"entries": listed}))
    return pages


def _lastmod(page: Page, newest: str) -> str:
    """The date of the newest article a page shows (an article page: its own); an index of
    editions, names or counts changes with the newest article of all; "" for no articles.
    Listings are newest first; an edition leads with its featured stories, so it is searched."""
    context = page.context
    if "article" in context:
        return str(context["article"].date.isoformat())
    if "articles" in context:
        articles = context["articles"]
        return str(articles[0].date.isoformat()) if articles else ""
    if "edition" in context:
        return _newest(context["edition"].articles)
    if "editions" in context:
        return _newest([a for e in context["editions"] for a in e.articles])
    if {"months", "tags", "sources"} & context.keys():
        return newest
    return ""


def _newest(articles: Sequence[Article]) -> str:
    return max(articles, key=lambda a: a.date.timestamp()).date.isoformat() if articles else ""


def _by_month(editions: Sequence[Edition], words: Interface) -> list[tuple[str, list[Edition]]]:
    """Editions grouped under "November 2024" headings, newest first."""
    groups: dict[str, list[Edition]] = defaultdict(list)
    for edition in editions:
        groups[words.month(edition.start)].append(edition)
    return list(groups.items())


def _counts(index: dict[str, tuple[Article, ...]]) -> list[tuple[str, int]]:
    return [(name, len(articles)) for name, articles in index.items()]


def _listing(
    urls: Urls,
    section: str,
    title: str,
    articles: Sequence[Article],
    per_page: int,
    extra: dict[str, Any],
) -> list[Page]:
    chunks = [articles[i : i + per_page] for i in range(0, len(articles), per_page)] or [()]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        pager = {
            "number": number,
            "total": len(chunks),
            "prev": urls.listing(section, number - 1) if number > 1 else "",
            "next": urls.listing(section, number + 1) if number < len(chunks) else "",
        }
        context = {"title": title, "articles": chunk, "pager": pager, "section": section, **extra}
        pages.append(Page(urls.listing_path(section, number), "list.html", context))
    return pages


def _feeds(
    section: str, title: str, articles: Sequence[Article], config: Config, rss_only: bool = False
) -> list[Page]:
    items = tuple(articles[: config.feed_size])
    formats = FEED_FORMATS[:1] if rss_only else FEED_FORMATS
    context = {"articles": items, "title": title}
    return [
        Page(Urls.feed_path(section, f), kind="feed", feed_format=f, context=context)
        for f in formats
    ]


def _editions(editions: Sequence[Edition], urls: Urls) -> list[Page]:
    pages = []
    for index, edition in enumerate(editions):
        newer = editions[index - 1] if index > 0 else None
        older = editions[index + 1] if index + 1 < len(editions) else None
        context = {"edition": edition, "newer": _ref(newer), "older": _ref(older)}
        pages.append(Page(urls.edition_path(edition), "edition.html", context))
    return pages


def email_pages(edition: Edition, urls: Urls) -> list[Page]:
    """An edition as a newsletter, HTML and plain text; at most `EMAIL_STORIES` stories, so
    the HTML stays under the 102 KB at which Gmail clips a message."""
    context = {
        "edition": edition,
        "stories": edition.articles[:EMAIL_STORIES],
        "more": max(0, len(edition.articles) - EMAIL_STORIES),
    }
    return [Page(urls.email_path(edition, k), f"email.{k}", context) for k in ("html", "txt")]


def _images(site: Site, urls: Urls, config: Config) -> list[Page]:
    """Each local image, copied next to its article."""
    return [
        Page(
            urls.image_path(a),
            kind="copy",
            context={"source": str(config.content_dir / a.image), "of": a},
        )
        for a in site.all_articles
        if is_local(a)
    ]


def _ref(edition: Edition | None) -> Edition | None:
    """A neighbour edition as a link needs it: key and title, not its articles."""
    if edition is None:
        return None
    return Edition(edition.key, edition.title, edition.start, edition.end, ())


def _articles(site: Site, urls: Urls) -> list[Page]:
    edition_of: dict[str, Edition] = {}
    for edition in site.editions:
        for article in edition.articles:
            edition_of[article.source] = edition
    related = related_articles(site.articles, edition_of)
    ref_of = {id(edition): _ref(edition) for edition in site.editions}  # one per edition
    pages = []
    for article in site.all_articles:
        own = edition_of.get(article.source)
        context = {
            "article": article,
            "related": related.get(article.source, ()),
            "edition": ref_of[id(own)] if own else None,
        }
        pages.append(Page(urls.article_path(article), "article.html", context))
    return pages
