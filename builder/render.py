"""One `Page` → its bytes: Jinja2 templates, feeds, plain text or a copied static file."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import feeds
from .config import Config
from .i18n import Interface, load
from .language import language_name
from .model import Article, Page
from .plaintext import plaintext
from .templates import environment, translate
from .themes import ThemeChain, static_files
from .urls import Urls

WORDS_PER_MINUTE = 220


class Renderer:
    def __init__(
        self,
        config: Config,
        urls: Urls,
        chain: ThemeChain,
        drafts: bool,
        bytecode_dir: Path | None = None,
        words: Interface | None = None,
    ) -> None:
        self.config = config
        self.urls = urls
        self.words = words or load(chain.locale_dirs, config.language)
        self.env = environment(chain, bytecode_dir)
        translate(self.env, self.words)
        rtl = self.words.direction == "rtl"
        self.env.filters.update(
            isodate=_isodate,
            longdate=self.words.longdate,
            month=self.words.month,
            reading_time=reading_time,
            by_day=by_day,
            json_ld=json_ld,
            language_name=lambda code: language_name(code, config.language),
            lang_attrs=lambda article: lang_attrs(article, rtl),
            isolate=lambda article: isolate(article, rtl),
            host=host,
            plaintext=plaintext,
        )
        self.env.globals.update(
            site=config,
            urls=urls,
            preview_drafts=drafts,
            static_files=frozenset(static_files(chain)),
            feed_links=_feed_links(urls, config.title, self.words),
            rtl=rtl,
        )

    def render(self, page: Page) -> bytes:
        """A page's bytes, made the way its `kind` says."""
        if page.kind == "feed":
            return feeds.render(page, self.config, self.urls, self.words)
        if page.kind == "text":
            return str(page.context["text"]).encode()
        if page.kind == "copy":
            return Path(page.context["source"]).read_bytes()
        template = self.env.get_template(page.template)
        context: dict[str, Any] = {"page_path": page.path, **page.context}
        return template.render(context).encode()


def _feed_links(urls: Urls, title: str, words: Interface) -> list[tuple[str, str, str]]:
    """(type, title, href) of the site-wide feeds every page advertises."""
    return [
        ("application/rss+xml", f"{title} (RSS)", urls.link(urls.feed_path(""))),
        ("application/atom+xml", f"{title} (Atom)", urls.link(urls.feed_path("", "atom"))),
        ("application/feed+json", f"{title} (JSON Feed)", urls.link(urls.feed_path("", "json"))),
        (
            "application/rss+xml",
            words.editions_feed(title),
            urls.link(urls.feed_path(urls.EDITIONS)),
        ),
    ]


def _isodate(value: dt.datetime | dt.date) -> str:
    return value.isoformat()


def by_day(articles: Sequence[Article]) -> list[tuple[dt.date, list[Article]]]:
    """Articles under their day, newest day first; within a day, in the order given (so a
    featured story leads its day)."""
    days: dict[dt.date, list[Article]] = {}
    for article in articles:
        days.setdefault(article.date.date(), []).append(article)
    return sorted(days.items(), reverse=True, key=lambda item: item[0])


def json_ld(article: Article, url: str, image: str = "") -> Markup:
    """schema.org NewsArticle, safe inside a <script> element; `image`: its absolute URL."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.date.isoformat(),
        "url": url,
        "description": article.summary,
        "keywords": list(article.tags),
        "wordCount": article.words,
    }
    if article.source_url:
        data["isBasedOn"] = article.source_url
        data["publisher"] = {"@type": "Organization", "name": article.source_name}
    if image:
        data["image"] = image
        if article.image_width:
            size = {"width": article.image_width, "height": article.image_height}
            data["image"] = {"@type": "ImageObject", "url": image, **size}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def lang_attrs(article: Article, rtl: bool = False) -> Markup:
    """` lang="…" dir="…"` for an article whose language or direction is its own (on a
    right-to-left site, a left-to-right article says so)."""
    attrs = Markup("")
    if article.lang:
        attrs += Markup(' lang="{}"').format(article.lang)
    if article.direction or _flows_against(article, rtl):
        attrs += Markup(' dir="{}"').format(article.direction or "ltr")
    return attrs


def isolate(article: Article, rtl: bool = False) -> Markup:
    """In an article written the other way from the site, the site's own words each keep
    their own direction."""
    return Markup(' dir="auto"') if _flows_against(article, rtl) else Markup("")


def _flows_against(article: Article, rtl: bool) -> bool:
    return (article.direction == "rtl") != rtl


def host(url: str) -> str:
    """The host a URL points to, without "www.": what a link to it should say."""
    parts = url.split("/")
    return (parts[2] if len(parts) > 2 else url).removeprefix("www.")


def reading_time(article: Article) -> int:
    return max(1, math.ceil(article.words / WORDS_PER_MINUTE))
