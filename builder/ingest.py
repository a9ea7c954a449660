"""One content file → one `Article`, or the problems that keep it out. Never raises."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import zoneinfo
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import frontmatter, rawtext
from .config import Config
from .convert import to_parts
from .markdown import Rendered, render, render_html, render_paragraphs
from .model import Article, Problem, pack_body
from .slugs import slugify, validate_slug
from .sourceurl import normalize, source_name

KNOWN_KEYS = frozenset(
    {"title", "date", "source_url", "source_name", "slug", "tags", "note", "featured"}
    | {"draft", "hidden", "summary", "lang", "dir"}
)


def ingest_file(path: Path, rel: str, config: Config) -> tuple[Article | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(rel, f"cannot read the file: {error.strerror or error}")]
    return ingest_bytes(data, rel, config)


def ingest_bytes(data: bytes, rel: str, config: Config) -> tuple[Article | None, list[Problem]]:
    try:
        return _ingest(data, rel, config)
    except Exception as error:  # a bug must not take the whole build down; report it per file
        return None, [Problem(rel, f"internal error while reading this file: {error!r}")]


def _ingest(data: bytes, rel: str, config: Config) -> tuple[Article | None, list[Problem]]:
    text, problems = rawtext.decode(data, rel)
    if text is None:
        return None, problems
    body_line = 1
    if rel.lower().endswith(".txt"):  # the build finds "STORY.TXT" too
        raw, more = rawtext.parse(text, rel)
        problems += more
        if raw is None:
            return None, problems
        metadata, paragraphs = to_parts(raw)
        rendered = render_paragraphs(paragraphs)
    else:
        try:
            parsed, body, body_line, more = frontmatter.split(text, rel)
        except ValueError as error:  # YAML's timestamp constructor: `date: 2024-02-30`
            return None, [*problems, Problem(rel, f"front matter: invalid date ({error})", 2)]
        problems += more
        if parsed is None:
            return None, problems
        metadata = parsed
        rendered = render(body)
    article, more = _article(metadata, rendered, rel, body_line, config)
    problems += more
    if article is not None:
        article = replace(article, digest=hashlib.blake2b(data, digest_size=16).hexdigest())
    return article, problems


def _article(
    meta: dict[str, Any], rendered: Rendered, rel: str, body_line: int, config: Config
) -> tuple[Article | None, list[Problem]]:
    problems = [
        Problem(rel, f"unknown front matter key {key!r} (ignored)", 2, "warning")
        for key in sorted(map(str, meta))
        if key not in KNOWN_KEYS
    ]

    def error(message: str, line: int | None = 2) -> tuple[None, list[Problem]]:
        return None, [*problems, Problem(rel, message, line)]

    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        return error("missing title (front matter 'title')")
    title = " ".join(title.split())
    when, message = _date(meta.get("date"), config.timezone)
    if when is None:
        return error(message)
    url = meta.get("source_url", "")
    if not isinstance(url, str) or (url and not url.lower().startswith(("http://", "https://"))):
        return error("'source_url' must be an http(s) URL")
    name = meta.get("source_name") or (source_name(url) if url else "")
    strings = {k: meta.get(k, "") for k in ("note", "summary", "lang", "dir", "slug")}
    for key, value in strings.items():
        if not isinstance(value, str):
            return error(f"front matter {key!r} must be text")
    flags = {k: meta.get(k, False) for k in ("featured", "draft", "hidden")}
    for key, value in flags.items():
        if not isinstance(value, bool):
            return error(f"front matter {key!r} must be true or false")
    tags, message = _tags(meta.get("tags", []))
    if tags is None:
        return error(message)
    slug = strings["slug"] or slugify(title)
    if strings["slug"] and (bad := validate_slug(slug)):
        return error(f"front matter 'slug': {bad}")
    if strings["dir"] not in ("", "ltr", "rtl"):
        return error('front matter \'dir\' must be "ltr" or "rtl"')
    note_html = render_html(strings["note"])
    if not rendered.html.strip() and not note_html:
        return error("empty body: the article has no text and no note", body_line)
    summary = strings["summary"] or rendered.first_paragraph
    article = Article(
        source=rel,
        title=title,
        date=when,
        slug=slug,
        source_url=url,
        source_name=str(name),
        tags=tags,
        note_html=note_html,
        body=pack_body(rendered.html),
        summary=shorten(summary, config.summary_length),
        featured=flags["featured"],
        draft=flags["draft"],
        hidden=flags["hidden"],
        lang=strings["lang"] or detect_language(title + " " + summary),
        direction=strings["dir"] or detect_direction(title + " " + summary),
        words=rendered.words,
        identity=normalize(url) if url else "",
    )
    return article, problems


def _date(value: object, timezone: str) -> tuple[dt.datetime | None, str]:
    zone = zoneinfo.ZoneInfo(timezone)
    if value is None or value == "":
        return None, "missing date (front matter 'date')"
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None, f"invalid date {value!r} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)"
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=zone)
        return aware.astimezone(zone), ""
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=zone), ""
    return None, f"invalid date {value!r}"


def _tags(value: object) -> tuple[tuple[str, ...] | None, str]:
    if isinstance(value, str):
        value = value.split(",")
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(t, str | int) for t in value):
        return None, "front matter 'tags' must be a list of words"
    tags = {" ".join(str(t).split()) for t in value}
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


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def detect_direction(text: str) -> str:
    """`rtl` when most letters are Arabic, Hebrew or another right-to-left script."""
    if not _RTL.search(text):
        return ""
    rtl = ltr = 0
    for char in text[:400]:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    return "rtl" if rtl > ltr else ""


_CJK = re.compile("[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_KANA, _HANGUL = re.compile("[\u3040-\u30ff]"), re.compile("[\uac00-\ud7af]")
_HEBREW, _ARABIC, _PERSIAN = (
    re.compile(p) for p in ("[\u0590-\u05ff]", "[\u0600-\u06ff]", "[پچژگ]")
)
_CYRILLIC, _GREEK = re.compile("[\u0400-\u04ff]"), re.compile("[\u0370-\u03ff]")
_NON_LATIN = re.compile(
    "[\u0370-\u06ff\u0900-\u0e7f\u10a0-\u10ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"
)
_UKRAINIAN, _BELARUSIAN, _SERBIAN = (re.compile(p) for p in ("[іїєґ]", "[ў]", "[ђћџљњ]"))
# Scripts written mostly in one language: Devanagari (Hindi; also Marathi and Nepali),
# Bengali, Tamil, Thai, Georgian, Armenian.
_ONE_LANGUAGE_SCRIPTS = tuple(
    (re.compile(pattern), language)
    for pattern, language in (
        ("[\u0900-\u097f]", "hi"),
        ("[\u0980-\u09ff]", "bn"),
        ("[\u0b80-\u0bff]", "ta"),
        ("[\u0e00-\u0e7f]", "th"),
        ("[\u10a0-\u10ff]", "ka"),
        ("[\u0530-\u058f]", "hy"),
    )
)


def detect_language(text: str) -> str:
    """The language of text whose script tells it (CJK, Hebrew, Arabic, Cyrillic, Greek,
    Devanagari, Thai…); "" for Latin script, where the site's language stays the best guess."""
    if not _NON_LATIN.search(text):
        return ""
    letters = sum(map(str.isalpha, text))

    def most(script: re.Pattern[str]) -> bool:
        return len(script.findall(text)) * 2 > letters

    lowered = text.lower()
    if most(_CJK):
        return "ja" if _KANA.search(text) else "ko" if _HANGUL.search(text) else "zh"
    if most(_HEBREW):
        return "he"
    if most(_ARABIC):
        return "fa" if _PERSIAN.search(text) else "ar"
    if most(_CYRILLIC):
        for language, letters_of in (("uk", _UKRAINIAN), ("be", _BELARUSIAN), ("sr", _SERBIAN)):
            if letters_of.search(lowered):
                return language
        return "ru"
    if most(_GREEK):
        return "el"
    return next((language for script, language in _ONE_LANGUAGE_SCRIPTS if most(script)), "")
