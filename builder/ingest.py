"""One content file → one `Article`, or the problems that keep it out. Never raises."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import frontmatter, rawtext, safetext
from .config import Config
from .convert import to_parts
from .images import with_image
from .language import detect_direction, detect_language
from .markdown import Rendered, render, render_html, render_paragraphs
from .model import Article, Problem, pack_body, source_digest
from .safetext import kind
from .slugs import slugify, validate_slug
from .sourceurl import normalize, source_name

TEXT_KEYS = tuple(sorted(frontmatter.TEXT_KEYS))
KNOWN_KEYS = frozenset(
    {"title", "date", "source_url", "source_name", "slug", "tags", "note", "featured"}
    | {"draft", "hidden", "summary", "lang", "dir"}
    | {"image", "image_alt"}
)


def ingest_file(path: Path, rel: str, config: Config) -> tuple[Article | None, list[Problem], str]:
    """The file's article or its problems, and its bytes' `source_digest` ("" if unreadable):
    the file is read once."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(rel, f"cannot read the file: {error.strerror or error}")], ""
    article, problems = ingest_bytes(data, rel, config)
    return article, problems, article.digest if article else source_digest(data)


def ingest_bytes(data: bytes, rel: str, config: Config) -> tuple[Article | None, list[Problem]]:
    try:
        return _ingest(data, rel, config)
    except Exception as error:  # a bug must not take the whole build down; report it per file
        shown = safetext.quoted(repr(error), 200)
        return None, [Problem(rel, f"internal error while reading this file: {shown}")]


def _ingest(data: bytes, rel: str, config: Config) -> tuple[Article | None, list[Problem]]:
    text, problems = rawtext.decode(data, rel)
    if text is None:
        return None, problems
    body_line = 1
    lines: dict[str, int] = {}
    if rel.lower().endswith(".txt"):  # the build finds "STORY.TXT" too
        raw, more = rawtext.parse(text, rel)
        problems += more
        if raw is None:
            return None, problems
        metadata, paragraphs = to_parts(raw)
        rendered = render_paragraphs(paragraphs)  # `decode` left nothing unsafe to escape
    else:
        parsed, body, body_line, more = frontmatter.split(text, rel)
        problems += more
        if parsed is None:
            return None, problems
        metadata, lines = parsed, frontmatter.key_lines(text, body_line)
        rendered = render(body)
        html, more = _safe_html(rendered.html, rel, body_line, "the body")  # `&#12;`
        problems += more
        rendered = Rendered(html, safetext.clean(rendered.first_paragraph), rendered.words)
    article, more = _article(metadata, rendered, rel, body_line, lines, config)
    problems += more
    if article is not None:
        article = replace(article, digest=source_digest(data))
    return article, problems


def _article(
    meta: dict[str, Any],
    rendered: Rendered,
    rel: str,
    body_line: int,
    lines: dict[str, int],
    config: Config,
) -> tuple[Article | None, list[Problem]]:
    """Front matter and the rendered body → an `Article`, or None with the problem that keeps
    it out; warnings either way."""
    problems = _unknown_keys(meta, rel)
    meta, more = _sanitised(meta, rel, lines)
    problems += more
    fields = _fields(meta, rel, lines, config.timezone)
    if isinstance(fields, Problem):
        return None, [*problems, fields]
    note = render_html(fields.texts["note"])
    note_html, more = _safe_html(note, rel, lines.get("note", 2), "'note'")
    problems += more
    if not rendered.html.strip() and not note_html:
        return None, [
            *problems,
            Problem(rel, "empty body: the article has no text and no note", body_line),
        ]
    article, more = with_image(_built(fields, note_html, rendered, rel, config), meta)
    return article, problems + more


@dataclass(frozen=True, slots=True)
class _Fields:
    """The front matter's values, checked: what an `Article` is made of besides its body."""

    texts: dict[str, str]  # each of TEXT_KEYS, "" when absent
    flags: dict[str, bool]  # featured, draft, hidden
    title: str  # its spaces collapsed
    when: dt.datetime
    tags: tuple[str, ...]
    slug: str  # the given one, or one made from the title


def _unknown_keys(meta: dict[str, Any], rel: str) -> list[Problem]:
    """A warning for each front matter key Broadsheet does not know, in name order."""
    return [
        Problem(rel, f"unknown front matter key {safetext.quoted(key)} (ignored)", 2, "warning")
        for key in sorted(map(str, meta))
        if key not in KNOWN_KEYS
    ]


def _fields(
    meta: dict[str, Any], rel: str, lines: dict[str, int], timezone: str
) -> _Fields | Problem:
    """The front matter's values checked one by one, or the problem with the first bad one
    (at its key's line)."""

    def error(message: str, key: str) -> Problem:
        return Problem(rel, message, lines.get(key, 2))

    texts: dict[str, str] = {}
    flags: dict[str, bool] = {}
    for key in TEXT_KEYS:
        texts[key], message = _text(meta, key)
        if message:
            return error(message, key)
    for key in ("featured", "draft", "hidden"):
        flags[key] = value = meta.get(key, False)
        if not isinstance(value, bool):
            return error(f"front matter {key!r} must be true or false, not {kind(value)}", key)
    title = " ".join(texts["title"].split())
    if not title:
        return error("missing title (front matter 'title')", "title")
    when, message = _date(meta.get("date"), timezone)
    if when is None:
        return error(message, "date")
    url = texts["source_url"]
    if url and not url.lower().startswith(("http://", "https://")):
        return error("'source_url' must be an http(s) URL", "source_url")
    tags, message = _tags(meta.get("tags"))
    if tags is None:
        return error(message, "tags")
    slug = texts["slug"] or slugify(title)
    if texts["slug"] and (bad := validate_slug(slug)):
        return error(f"front matter 'slug': {bad}", "slug")
    if texts["dir"] not in ("", "ltr", "rtl"):
        return error('front matter \'dir\' must be "ltr" or "rtl"', "dir")
    return _Fields(texts, flags, title, when, tags, slug)


def _built(
    fields: _Fields, note_html: str, rendered: Rendered, rel: str, config: Config
) -> Article:
    """The `Article` of checked fields: the summary, language and direction filled in where
    the front matter leaves them out."""
    texts, title, url = fields.texts, fields.title, fields.texts["source_url"]
    summary = texts["summary"] or rendered.first_paragraph
    return Article(
        source=rel,
        title=title,
        date=fields.when,
        slug=fields.slug,
        source_url=url,
        source_name=texts["source_name"] or (source_name(url) if url else ""),
        tags=fields.tags,
        note_html=note_html,
        packed_body=pack_body(rendered.html),
        summary=shorten(summary, config.summary_length),
        featured=fields.flags["featured"],
        draft=fields.flags["draft"],
        hidden=fields.flags["hidden"],
        lang=texts["lang"] or detect_language(title + " " + summary, config.language),
        direction=texts["dir"] or detect_direction(title + " " + summary),
        words=rendered.words,
        identity=normalize(url) if url else "",
    )


def _sanitised(
    meta: dict[str, Any], rel: str, lines: dict[str, int]
) -> tuple[dict[str, Any], list[Problem]]:
    """Front matter text without the characters feeds cannot carry ("\\x01" and "\\uffff"
    escapes put them there), with a warning for each key that had some."""
    texts = [v for v in meta.values() if isinstance(v, str)]
    texts += [i for v in meta.values() if isinstance(v, list) for i in v if isinstance(i, str)]
    if safetext.search("".join(texts)) < 0:  # the usual case, in one pass
        return meta, []
    problems = []
    clean = dict(meta)
    for key, value in meta.items():
        if isinstance(value, str):
            clean[key], note = safetext.removed(value)
        elif isinstance(value, list) and any(isinstance(item, str) for item in value):
            _, note = safetext.removed("".join(item for item in value if isinstance(item, str)))
            clean[key] = [safetext.clean(i) if isinstance(i, str) else i for i in value]
        else:
            continue
        if note:
            where = f"front matter {safetext.quoted(str(key))}"
            problems.append(
                Problem(rel, f"{where}: removed {note}", lines.get(str(key), 2), "warning")
            )
    return clean, problems


def _safe_html(html: str, rel: str, line: int, what: str) -> tuple[str, list[Problem]]:
    """Rendered Markdown without what feeds cannot carry: a reference such as `&#12;`."""
    html, note = safetext.removed(html)
    return html, [Problem(rel, f"{what}: removed {note}", line, "warning")] if note else []


def _text(meta: dict[str, Any], key: str) -> tuple[str, str]:
    """A text key's value ("" when absent or empty), or an error naming the key."""
    value = meta.get(key)
    if value is None or isinstance(value, str):
        return value or "", ""
    return "", f"front matter {key!r} must be text, not {kind(value)}"


def _date(value: object, timezone: str) -> tuple[dt.datetime | None, str]:
    zone = zoneinfo.ZoneInfo(timezone)
    if value is None or value == "":
        return None, "missing date (front matter 'date')"
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            shown = safetext.quoted(value)
            return None, f"invalid date {shown} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)"
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=zone)
        return aware.astimezone(zone), ""
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=zone), ""
    return None, f"invalid date {safetext.quoted(value)} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)"


def _tags(value: object) -> tuple[tuple[str, ...] | None, str]:
    """A list of words, or one string of words separated by commas; empty items are dropped."""
    if isinstance(value, str):
        value = value.split(",")
    if value is None:
        value = []
    if not isinstance(value, list):
        return None, f"front matter 'tags' must be a list of words, not {kind(value)}"
    for number, tag in enumerate(value, 1):
        if tag is not None and not isinstance(tag, str):
            return None, f"front matter 'tags' must be a list of words; tag {number} is {kind(tag)}"
    tags = {" ".join(t.split()) for t in value if t is not None}
    return tuple(sorted(t for t in tags if t and slugify(t))), ""


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary, with an ellipsis when something was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
