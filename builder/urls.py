"""The one place that knows where every output lives and how to link to it.

Each `*_path` method returns a file path relative to the output folder; `link` turns it into a
root-relative URL that includes the base path of a project site (`/REPO/...`), so links work from
any depth, 404 page included; `absolute` gives the full URL for feeds, sitemaps and canonicals.
The paths that depend on no site (`static`) need no instance: `Urls.not_found_path()`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from urllib.parse import quote, urlsplit

from .images import is_local
from .model import Article, Edition, FeedFormat
from .slugs import name_slug

INDEX = "index.html"  # a folder's own page, linked as the folder (pretty URLs)
FEED_FILES: dict[FeedFormat, str] = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}


_UNQUOTED = re.compile(r"[A-Za-z0-9_.~/-]*")  # the characters `quote` never changes


class Urls:
    # sections: the folders of listings and indexes; `listing_path(section)` is each one's page
    ARCHIVE = "archive"
    EDITIONS = "editions"  # the index of editions (each edition in its own folder), their feed
    TAGS = "tags"
    SOURCES = "sources"

    def __init__(
        self,
        base_url: str,
        tag_slugs: Mapping[str, str] | None = None,
        source_slugs: Mapping[str, str] | None = None,
    ) -> None:
        """`tag_slugs`, `source_slugs`: names whose slug another name has (`Site.tag_slugs`)."""
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.base_path = urlsplit(self.base_url).path or "/"
        self._links: dict[str, str] = {}
        self._tags = dict(tag_slugs or {})
        self._sources = dict(source_slugs or {})

    def fingerprint(self) -> str:
        """Everything besides the page itself that decides a link (for the cache's keys)."""
        return repr((self.base_url, sorted(self._tags.items()), sorted(self._sources.items())))

    # --- output paths -------------------------------------------------------------------------
    def article_path(self, article: Article) -> str:
        return f"articles/{article.slug}/{INDEX}"

    def edition_path(self, edition: Edition) -> str:
        return f"{self.EDITIONS}/{edition.key}/{INDEX}"

    @staticmethod
    def listing_path(section: str, page: int = 1) -> str:
        """`section` is "" for the home page, or a folder such as "archive" or "tags/x"."""
        prefix = f"{section}/" if section else ""
        return f"{prefix}{INDEX}" if page == 1 else f"{prefix}page/{page}/{INDEX}"

    @staticmethod
    def tag_key(tag: str) -> str:
        """A name's own slug; see `tag_section` for the one it is published at."""
        return name_slug(tag)

    def tag_section(self, tag: str) -> str:
        return f"{self.TAGS}/{self._tags.get(tag) or name_slug(tag)}"

    def source_section(self, source: str) -> str:
        return f"{self.SOURCES}/{self._sources.get(source) or name_slug(source)}"

    @staticmethod
    def feed_path(section: str, feed_format: FeedFormat = "rss") -> str:
        """A feed of a section ("" for the site, or "tags/x", "sources/y", "editions")."""
        name = FEED_FILES[feed_format]
        return f"{section}/{name}" if section else name

    @staticmethod
    def feed_home_path(feed_path: str) -> str:
        """The page a feed is the feed of: its section's listing."""
        return Urls.listing_path(feed_path.rpartition("/")[0])

    def email_path(self, edition: Edition, kind: str = "html") -> str:
        """The edition as a newsletter: "html" or "txt"."""
        return f"{self.EDITIONS}/{edition.key}/email.{kind}"

    def image_path(self, article: Article) -> str:
        """A local image, published next to its article under its own file name."""
        return f"articles/{article.slug}/{PurePosixPath(article.image).name}"

    def image(self, article: Article) -> str:
        """The link to an article's image: its own page's copy, or the URL it was given."""
        return self.link(self.image_path(article)) if is_local(article) else article.image

    def image_absolute(self, article: Article) -> str:
        return self.absolute(self.image_path(article)) if is_local(article) else article.image

    @staticmethod
    def opml_path() -> str:
        return "sources.opml"

    @staticmethod
    def not_found_path() -> str:
        """The 404 page, at the root: hosts serve it for any missing path."""
        return "404.html"

    @staticmethod
    def search_path() -> str:
        return f"search/{INDEX}"

    @staticmethod
    def static_path(name: str) -> str:
        """A file of the theme's `static/` folder."""
        return f"static/{name}"

    @staticmethod
    def sitemap_path() -> str:
        return "sitemap.xml"

    @staticmethod
    def robots_path() -> str:
        return "robots.txt"

    @staticmethod
    def nojekyll_path() -> str:
        """The empty file that tells GitHub Pages to publish the folder as it is."""
        return ".nojekyll"

    @staticmethod
    def cname_path() -> str:
        """The custom domain of a GitHub Pages site."""
        return "CNAME"

    # --- links ----------------------------------------------------------------------------------
    def link(self, path: str) -> str:
        """Root-relative URL of an output path; `index.html` is dropped (pretty URLs)."""
        link = self._links.get(path)
        if link is None:
            pretty = path[: -len(INDEX)] if path.rpartition("/")[2] == INDEX else path
            safe = _UNQUOTED.fullmatch(pretty)  # most paths: `quote` would leave them as they are
            link = self._links[path] = self.base_path + (pretty if safe else quote(pretty))
        return link

    def absolute(self, path: str) -> str:
        link = self.link(path)
        return self.base_url + link[len(self.base_path) :]

    def article(self, article: Article) -> str:
        return self.link(self.article_path(article))

    def edition(self, edition: Edition) -> str:
        return self.link(self.edition_path(edition))

    def tag(self, tag: str, page: int = 1) -> str:
        return self.link(self.listing_path(self.tag_section(tag), page))

    def source(self, source: str, page: int = 1) -> str:
        return self.link(self.listing_path(self.source_section(source), page))

    def listing(self, section: str, page: int = 1) -> str:
        return self.link(self.listing_path(section, page))

    def static(self, name: str) -> str:
        return self.link(self.static_path(name))

    def home(self) -> str:
        return self.base_path
