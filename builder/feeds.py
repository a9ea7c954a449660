"""RSS 2.0 and Atom (feedgen) and JSON Feed 1.1. Dates come from the content, never the clock."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from html import escape
from typing import Any

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator

from . import feedext, safetext
from .config import Config
from .i18n import Interface, english
from .images import is_local, mime_type
from .model import Article, Edition, Page
from .sourceurl import normalize
from .urls import Urls

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
GENERATOR = "Broadsheet"


def guid(article: Article, urls: Urls) -> tuple[str, bool]:
    """(guid, is it a permalink): the normalised source URL survives re-slugging and moves."""
    if article.source_url:
        return article.identity or normalize(article.source_url), False
    return urls.absolute(urls.article_path(article)), True


def content_html(article: Article, urls: Urls, words: Interface | None = None) -> str:
    """The full text a reader sees in a feed: the curator's note, the body, the source."""
    words = words or english()
    parts = []
    if article.note_html:
        note = escape(words.gettext("Curator’s note"))
        label = f"<p><strong>{note}</strong></p>"
        parts.append(f"<blockquote>{label}{article.note_html}</blockquote>")
    parts.append(article.body_html)
    if article.source_url:
        link = f'<a href="{escape(article.source_url)}">{escape(article.source_name)}</a>'
        source = words.gettext("Source: %(source)s") % {"source": link}
        parts.append(f"<p>{source}</p>")
    return "\n".join(parts)


def render(page: Page, config: Config, urls: Urls, words: Interface | None = None) -> bytes:
    """A feed page in its `feed_format`, of the context's "editions" if it has them, else of
    its "articles"; in the site's language: its language field, and its own words (an
    edition's title and story count, the curator's note)."""
    words = words or english()
    kind = page.feed_format
    if kind == "json":
        return _json_feed(page, config, urls, words)
    generator = _generator(page, config, urls)
    # RSS readers expect HTML in CDATA; Atom (RFC 4287) wants type="html", escaped
    content_type = "html" if kind == "atom" else "CDATA"
    if "editions" in page.context:
        for edition in page.context["editions"]:
            _add_edition(generator, edition, urls, content_type, words)
    else:
        if any(a.image for a in page.context["articles"]) and kind == "rss":
            media = (feedext.MEDIA_NAME, feedext.MediaNamespace, feedext.MediaContent)
            generator.register_extension(*media, atom=False)
        for article in page.context["articles"]:
            _add_article(generator, article, urls, content_type, words)
    data: bytes = (
        generator.atom_str(pretty=True) if kind == "atom" else generator.rss_str(pretty=True)
    )
    return data


def _newest(page: Page) -> dt.datetime:
    dates = [a.date for a in page.context.get("articles", ())]
    dates += [a.date for e in page.context.get("editions", ()) for a in e.articles]
    return max(dates, default=EPOCH, key=lambda d: d.timestamp())


def _generator(page: Page, config: Config, urls: Urls) -> FeedGenerator:
    generator = _Cleaning(FeedGenerator())
    home = urls.absolute(urls.feed_home_path(page.path))
    generator.id(home)
    title = _title(page, urls)
    generator.title(title)
    # one field in feedgen: RSS <description> is read as HTML, Atom <subtitle> as text
    description = _description(config, title)
    atom = page.feed_format == "atom"
    generator.description(description if atom else escape(description, quote=False))
    generator.language(config.language)
    generator.author({"name": config.author or config.title})
    generator.generator(GENERATOR)
    # RSS takes the channel <link> from the last link added: self first, home last.
    generator.link(href=urls.absolute(page.path), rel="self")
    generator.link(href=home, rel="alternate")
    generator.register_extension(feedext.NAME, feedext.FeedLinks, feedext.EntryLinks)
    getattr(generator, feedext.NAME).hub = config.websub_hub
    newest = _newest(page)
    generator.lastBuildDate(newest)
    generator.updated(newest)
    generator.pubDate(newest)
    return generator


def _add_article(
    generator: FeedGenerator, article: Article, urls: Urls, content_type: str, words: Interface
) -> None:
    entry = generator.add_entry(order="append")
    ident, permalink = guid(article, urls)
    entry.id(ident)
    entry.guid(ident, permalink=permalink)
    entry.title(article.title)
    entry.link(href=urls.absolute(urls.article_path(article)))
    getattr(entry, feedext.NAME).via = article.source_url  # Atom: rel="via"
    if article.image and hasattr(entry, feedext.MEDIA_NAME):
        getattr(entry, feedext.MEDIA_NAME).image = _media(article, urls)
    entry.published(article.date)
    entry.updated(article.date)
    # RSS readers take <description> as HTML; the summary is plain text
    entry.description(escape(article.summary or article.title, quote=False))
    entry.content(content_html(article, urls, words), type=content_type)
    for tag in article.tags:
        entry.category(term=tag)


def _add_edition(
    generator: FeedGenerator, edition: Edition, urls: Urls, content_type: str, words: Interface
) -> None:
    entry = generator.add_entry(order="append")
    link = urls.absolute(urls.edition_path(edition))
    entry.id(link)
    entry.guid(link, permalink=True)
    count = len(edition.articles)
    stories = words.ngettext("%(num)s story", "%(num)s stories", count) % {"num": count}
    entry.title(f"{edition.title}: {stories}")
    entry.link(href=link)
    newest = max((a.date for a in edition.articles), key=lambda d: d.timestamp())
    entry.published(newest)
    entry.updated(newest)
    entry.description(escape(", ".join(a.title for a in edition.articles[:5]), quote=False))
    entry.content(_edition_html(edition, urls), type=content_type)


def _edition_html(edition: Edition, urls: Urls) -> str:
    items = []
    for article in edition.articles:
        link = escape(urls.absolute(urls.article_path(article)))
        note = article.note_html or ""
        summary = f"<p>{escape(article.summary)}</p>" if article.summary else ""
        items.append(
            f'<h2><a href="{link}">{escape(article.title)}</a></h2>'
            f"<p><em>{escape(article.source_name)}</em></p>{note}{summary}"
        )
    return "\n".join(items)


def _json_feed(page: Page, config: Config, urls: Urls, words: Interface) -> bytes:
    articles: Sequence[Article] = page.context["articles"]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _title(page, urls),
        "home_page_url": urls.absolute(urls.feed_home_path(page.path)),
        "feed_url": urls.absolute(page.path),
        "description": _description(config, _title(page, urls)),
        "language": config.language,
        "authors": [{"name": config.author or config.title}],
        "items": [_json_item(a, urls, words) for a in articles],
    }
    if config.websub_hub:
        feed["hubs"] = [{"type": "WebSub", "url": config.websub_hub}]
    return (json.dumps(_clean(feed), ensure_ascii=False, indent=2) + "\n").encode()


def _json_item(article: Article, urls: Urls, words: Interface) -> dict[str, object]:
    item: dict[str, object] = {
        "id": guid(article, urls)[0],
        "url": urls.absolute(urls.article_path(article)),
        "title": article.title,
        "content_html": content_html(article, urls, words),
        "summary": article.summary,
        "date_published": article.date.isoformat(),
        "tags": list(article.tags),
    }
    if article.source_url:
        item["external_url"] = article.source_url
    if article.image:
        item["image"] = urls.image_absolute(article)
    return item


def _media(article: Article, urls: Urls) -> dict[str, str]:
    """`media:content` attributes of an article's image (Media RSS)."""
    media = {"url": urls.image_absolute(article), "medium": "image"}
    if is_local(article):
        media["type"] = mime_type(article.image)
    if article.image_width:
        media.update(width=str(article.image_width), height=str(article.image_height))
    return media


def _title(page: Page, urls: Urls) -> str:
    """The feed's title on one line; the site's address when empty (RSS requires one)."""
    return _one_line(page.context["title"]) or urls.absolute("")


def _description(config: Config, title: str) -> str:
    """The site's description as plain text on one line, the same in every format; the
    feed's title when empty (RSS requires one)."""
    return _one_line(config.description) or title


def _one_line(text: str) -> str:
    return " ".join(safetext.clean(text).split())


def _clean(value: Any) -> Any:
    """Every text in `value` (nested in lists, tuples and dicts) without what XML forbids."""
    if isinstance(value, str):
        return safetext.clean(value)
    if isinstance(value, list | tuple):
        return type(value)(_clean(item) for item in value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


class _Cleaning:
    """feedgen (a generator, an entry, an extension) with every text it is given cleaned
    first: lxml refuses a control character or a noncharacter, and one stray character must
    never stop a build."""

    def __init__(self, target: Any) -> None:
        object.__setattr__(self, "_target", target)

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if isinstance(attribute, BaseExtension):  # `.via = url` on an entry's extension
            return _Cleaning(attribute)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attribute(*_clean(args), **_clean(kwargs))
            return _Cleaning(result) if isinstance(result, FeedEntry) else result

        return call

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._target, name, _clean(value))
