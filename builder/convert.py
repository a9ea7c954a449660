"""Raw scraped article → Markdown page (front matter + escaped, re-paragraphed body).

`import` writes the result to disk; the build uses the same function in memory for `.txt` files.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import Any

from . import frontmatter, rawtext
from .markdown import escape
from .model import Problem, RawArticle
from .paragraphs import split_paragraphs
from .slugs import slugify
from .sourceurl import source_name


def body_paragraphs(body: str) -> list[str]:
    """The body's paragraphs: its own blocks, each split again at lost breaks."""
    return [
        paragraph.strip()
        for block in body.split("\n\n")
        for paragraph in split_paragraphs(block)
        if paragraph.strip()
    ]


def to_page(raw: RawArticle) -> tuple[dict[str, Any], str]:
    """Front matter and Markdown body for one raw article."""
    metadata, paragraphs = to_parts(raw)
    return metadata, "\n\n".join(escape(paragraph) for paragraph in paragraphs)


def to_parts(raw: RawArticle) -> tuple[dict[str, Any], list[str]]:
    """Front matter and the plain-text paragraphs of one raw article."""
    metadata: dict[str, Any] = {
        "title": raw.title,
        "date": raw.date,
        "source_url": raw.url,
        "source_name": source_name(raw.url),
        "slug": slugify(raw.title),
        "tags": [],
        "note": "",
    }
    return metadata, body_paragraphs(raw.body)


def convert(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """A raw file's bytes → the text of its Markdown page, or the problems that stop it."""
    text, problems = rawtext.decode(data, path)
    if text is None:
        return None, problems
    raw, more = rawtext.parse(text, path)
    problems += more
    if raw is None:
        return None, problems
    return frontmatter.dump(*to_page(raw)), problems


def write_page(destination: Path, text: str) -> None:
    """Write an imported page whole or not at all: a hidden temporary file beside it, renamed
    over it, and removed whatever happens. Raises OSError (a folder in the way included)."""
    if destination.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder, not a page", str(destination))
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(destination)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)  # gone already when the rename succeeded
