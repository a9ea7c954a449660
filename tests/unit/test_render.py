"""`Renderer.render`: one `Page` → its bytes, for each kind of page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from builder import themes
from builder.model import FeedFormat, Page
from builder.render import Renderer
from builder.urls import Urls
from tests.unit.smallsite import THREE, load


def renderer(tmp_path: Path, templates: dict[str, str] | None = None) -> Renderer:
    """The default theme, with `templates` as the site's overrides."""
    config = load(tmp_path, THREE)
    for name, text in (templates or {}).items():
        (config.overrides_dir / "templates").mkdir(parents=True, exist_ok=True)
        (config.overrides_dir / "templates" / name).write_text(text, encoding="utf-8")
    chain = themes.resolve(config.themes_dir, config.theme, config.overrides_dir)
    return Renderer(config, Urls(config.base_url), chain, drafts=False)


def test_a_text_page_is_its_text_as_utf8(tmp_path: Path) -> None:
    page = Page("CNAME", kind="text", context={"text": "news.example.org — digest\n"})
    assert renderer(tmp_path).render(page) == "news.example.org — digest\n".encode()


def test_a_copied_file_is_its_bytes_unchanged(tmp_path: Path) -> None:
    source = tmp_path / "picture.bin"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\xff\x00{{ not a template }}")
    page = Page("articles/a/picture.bin", kind="copy", context={"source": str(source)})
    assert renderer(tmp_path).render(page) == source.read_bytes()


def test_a_theme_template_renders_with_the_sites_urls(tmp_path: Path) -> None:
    data = renderer(tmp_path).render(Page("robots.txt", "robots.txt"))
    assert data.decode().endswith("Sitemap: https://user.github.io/small/sitemap.xml\n")


def test_an_html_template_escapes_values_and_knows_its_path(tmp_path: Path) -> None:
    probe = renderer(tmp_path, {"probe.html": "<p>{{ greeting }} at {{ page_path }}</p>"})
    data = probe.render(Page("x/index.html", "probe.html", {"greeting": "<b>hi</b>"}))
    assert data == b"<p>&lt;b&gt;hi&lt;/b&gt; at x/index.html</p>"


def test_a_missing_variable_raises_instead_of_rendering_empty(tmp_path: Path) -> None:
    probe = renderer(tmp_path, {"probe.html": "<p>{{ greeting }}</p>"})
    with pytest.raises(jinja2.UndefinedError, match="'greeting' is undefined"):
        probe.render(Page("x/index.html", "probe.html", {}))


@pytest.mark.parametrize("feed_format", ["rss", "atom", "json"])
def test_a_feed_page_is_rendered_as_a_feed_in_its_format(
    tmp_path: Path, feed_format: FeedFormat
) -> None:
    context = {"title": "News", "articles": ()}
    page = Page("x/feed", kind="feed", feed_format=feed_format, context=context)
    data = renderer(tmp_path).render(page)
    expected = {"rss": b"<rss ", "atom": b"<feed ", "json": b'"version": "https://jsonfeed.org'}
    assert expected[feed_format] in data


def test_a_page_template_that_looks_like_a_kind_is_still_a_template(tmp_path: Path) -> None:
    probe = renderer(tmp_path, {"copy": "a template named {{ 'copy' }}"})
    assert probe.render(Page("copy.txt", "copy")) == b"a template named copy"


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "page"},
        {"kind": "text", "template": "x.html"},
        {"kind": "copy", "feed_format": "rss"},
        {"kind": "feed"},
        {"kind": "feed", "template": "feed.xml", "feed_format": "rss"},
    ],
)
def test_a_page_names_a_template_only_as_a_page_and_a_format_only_as_a_feed(
    fields: dict[str, Any],
) -> None:
    with pytest.raises(ValueError, match=r"^x/index\.html: a"):
        Page("x/index.html", **fields)


def test_a_pages_recipe_names_how_it_is_made() -> None:
    assert Page("a.html", "article.html").recipe == "article.html"
    assert Page("feed.xml", kind="feed", feed_format="atom").recipe == "feed:atom"
    assert Page("CNAME", kind="text").recipe == "text"
