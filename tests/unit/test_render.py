"""`Renderer.render`: one `Page` → its bytes, for each kind of page."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from builder import themes
from builder.model import Page
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
    page = Page("CNAME", "text", {"text": "news.example.org — digest\n"})
    assert renderer(tmp_path).render(page) == "news.example.org — digest\n".encode()


def test_a_copied_file_is_its_bytes_unchanged(tmp_path: Path) -> None:
    source = tmp_path / "picture.bin"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\xff\x00{{ not a template }}")
    page = Page("articles/a/picture.bin", "copy", {"source": str(source)})
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
