"""Plain, frozen data passed between the pipeline's stages. No I/O here, but for an article
body kept in the build's body store (`bodies`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from . import bodies

Level = Literal["error", "warning"]
PageKind = Literal["page", "feed", "text", "copy"]
FeedFormat = Literal["rss", "atom", "json"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one input file; errors skip the file, warnings do not."""

    path: str
    message: str
    line: int | None = None
    level: Level = "error"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.level}: {self.message}"


@dataclass(frozen=True, slots=True)
class RawArticle:
    """An article as the scraper wrote it: header fields and the glued body text."""

    date: dt.date
    url: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class Article:
    """One published (or draft/hidden) article, with its body already rendered to HTML."""

    source: str  # path relative to the content folder, with forward slashes
    title: str
    date: dt.datetime  # timezone-aware, in the site's timezone
    slug: str
    source_url: str
    source_name: str
    tags: tuple[str, ...] = ()
    note_html: str = ""
    packed_body: bytes = b""  # the body's HTML packed with `pack_body`: a third of the memory,
    # kept by the tens of thousands in the build and in every worker process; read `body_html`
    summary: str = ""
    featured: bool = False
    draft: bool = False
    hidden: bool = False
    lang: str = ""
    direction: str = ""  # "rtl" or "ltr" when set explicitly or detected
    words: int = 0
    digest: str = ""  # hash of the source bytes: identity for caches
    identity: str = ""  # the normalised source URL: the same story has the same identity
    image: str = ""  # a path under the content folder, or an absolute URL (see `images`)
    image_alt: str = ""
    image_width: int = 0  # pixels, of a local image; 0 when unknown
    image_height: int = 0

    body_key: str = ""  # with no `packed_body`: the body's key in the body store (`bodies`)

    @property
    def body_html(self) -> str:
        packed = self.packed_body or (bodies.read(self.body_key) if self.body_key else b"")
        return zlib.decompress(packed).decode() if packed else ""

    def __reduce__(self) -> tuple[type[Article], tuple[Any, ...]]:
        """Pickle as a plain tuple: ten times faster to load from the cache than slots state."""
        return (Article, tuple(getattr(self, name) for name in _ARTICLE_FIELDS))


_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))


def source_digest(data: bytes) -> str:
    """A content file's identity for the caches (`Article.digest`, the ingest cache's entries)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def pack_body(html: str) -> bytes:
    """An article body's HTML, compressed for `Article.packed_body` (fast level: ~30 µs a story)."""
    return zlib.compress(html.encode(), 1) if html else b""


@dataclass(frozen=True, slots=True)
class Edition:
    """The articles of one day or one ISO week."""

    key: str  # "2024-11-07" or "2024-W45"
    title: str
    start: dt.date
    end: dt.date
    articles: tuple[Article, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({a.source_name for a in self.articles}))


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the plan needs, assembled once."""

    articles: tuple[Article, ...]  # listed: newest first, no drafts/hidden unless asked
    all_articles: tuple[Article, ...]  # every article that gets a page (hidden included)
    editions: tuple[Edition, ...]  # newest first
    tags: dict[str, tuple[Article, ...]]
    sources: dict[str, tuple[Article, ...]]
    problems: tuple[Problem, ...] = ()
    tag_slugs: dict[str, str] = field(default_factory=dict)  # names whose slug another has
    source_slugs: dict[str, str] = field(default_factory=dict)
    next_due: float | None = None  # timestamp of the first story held back for a later time


@dataclass(frozen=True, slots=True)
class Page:
    """One output file. Its cache key derives from how it is made (`recipe`) and the context's
    shape, so a dependency can never be forgotten (see `cache.shape`).

    How it is made is its `kind`: "page" renders the Jinja2 `template` with the context; "feed"
    writes a feed in `feed_format` of the context's "articles" (or "editions"); "text" writes
    the context's "text"; "copy" copies the file at the context's "source"."""

    path: str  # relative to the output folder, forward slashes
    template: str = ""  # the Jinja2 template of a "page"; "" for every other kind
    context: dict[str, Any] = field(default_factory=dict)
    kind: PageKind = "page"
    feed_format: FeedFormat | None = None  # of a "feed" only

    def __post_init__(self) -> None:
        if bool(self.template) != (self.kind == "page"):
            raise ValueError(f"{self.path}: a {self.kind!r} with template {self.template!r}")
        if (self.feed_format is not None) != (self.kind == "feed"):
            raise ValueError(f"{self.path}: a {self.kind!r} with feed format {self.feed_format}")

    @property
    def recipe(self) -> str:
        """How it is made, for messages: its template, or its kind ("feed:atom", "copy")."""
        if self.kind == "page":
            return self.template
        return f"feed:{self.feed_format}" if self.kind == "feed" else self.kind
