"""The `newsletter` command: one edition's e-mail (HTML or plain text), rendered in memory
from the content exactly as `build` writes it to `editions/<ID>/email.html` and `email.txt`."""

from __future__ import annotations

from .config import Config, ConfigError
from .model import Edition
from .pipeline import BuildError, build, describe
from .plan import email_pages
from .themes import ThemeError, resolve
from .urls import Urls

KINDS = ("html", "txt")


def newsletter(config: Config, key: str | None, kind: str) -> tuple[bytes, list[str]]:
    """The e-mail of edition `key` (the latest if None) and the problems met on the way."""
    result = build(config, write=False)
    site = result.site
    assert site is not None  # a build that writes nothing always assembles the site
    problems = [str(p) for p in result.errors]
    edition = _edition(site.editions, key)
    try:
        chain = resolve(config.themes_dir, config.theme, config.overrides_dir)
    except ThemeError as error:
        raise ConfigError(str(error)) from None
    from .render import Renderer

    urls = Urls(config.base_url)
    page = next(p for p in email_pages(edition, urls) if p.path.endswith(f".{kind}"))
    try:
        return Renderer(config, urls, chain, config.drafts).render(page), problems
    except Exception as error:
        raise BuildError(f"{page.path} ({page.recipe}): {describe(error)}") from None


def _edition(editions: tuple[Edition, ...], key: str | None) -> Edition:
    if not editions:
        raise BuildError("no editions yet: there is no published article in the content folder")
    if key is None:
        return editions[0]
    for edition in editions:
        if edition.key == key:
            return edition
    shown = ", ".join(e.key for e in editions[:5])
    raise BuildError(f"no edition {key!r}; the latest are: {shown}")
