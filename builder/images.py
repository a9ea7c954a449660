"""Article images: front matter `image` (a path under the content folder, or an absolute URL)
and `image_alt`. A local image is published next to its article, with its width and height
(read by Pillow, imported only when a local image exists, and remembered by size and mtime)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from .model import Article, Problem

SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")
TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
Known = dict[str, tuple[int, int, int, int]]  # image path → (size, mtime_ns, width, height)


def checked(value: str) -> str:
    """Why `value` cannot be an article's `image` ("" when it can)."""
    if not value or value.lower().startswith(("https://", "http://")):
        return ""
    path = PurePosixPath(value)
    if "\\" in value or path.is_absolute() or ".." in path.parts or "://" in value:
        return "must be an http(s) URL or a path inside the content folder, like images/x.jpg"
    if path.suffix.lower() not in SUFFIXES:
        return f"must be an image ({', '.join(SUFFIXES)})"
    return ""


def with_image(article: Article, meta: dict[str, Any]) -> tuple[Article, list[Problem]]:
    """The article with its front matter `image` and `image_alt`; a bad value is left out
    with a warning (the story is still published)."""
    image, alt = meta.get("image", ""), meta.get("image_alt", "")
    problems = []
    if not isinstance(image, str) or (why := checked(image.strip())):
        why = "must be text" if not isinstance(image, str) else why
        problems.append(
            Problem(article.source, f"front matter 'image' {why}: left out", 2, "warning")
        )
        image = ""
    if not isinstance(alt, str):
        message = "front matter 'image_alt' must be text: left out"
        problems.append(Problem(article.source, message, 2, "warning"))
        alt = ""
    image, alt = image.strip(), " ".join(alt.split())
    if image and not alt:
        message = (
            "front matter 'image' has no 'image_alt': describe it for readers who cannot see it"
        )
        problems.append(Problem(article.source, message, 2, "warning"))
    if not image:
        return article, problems
    return replace(article, image=image, image_alt=alt), problems


def is_local(article: Article) -> bool:
    return bool(article.image) and not article.image.lower().startswith(("https://", "http://"))


def mime_type(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    return TYPES.get(suffix, f"image/{suffix[1:]}")


def measure(
    articles: Iterable[Article], content_dir: Path, known: Known
) -> tuple[list[Article], list[Problem], Known]:
    """Articles with their local image's size (and the image in their cache identity); a
    missing or unreadable image is dropped with a warning. Returns what is known for next time."""
    result: list[Article] = []
    problems: list[Problem] = []
    now: Known = {}
    for article in articles:
        if not is_local(article):
            result.append(article)
            continue
        path = content_dir / article.image
        try:
            stat = os.stat(path)
        except OSError:
            message = f"image {article.image!r} not found in the content folder: left out"
            problems.append(Problem(article.source, message, None, "warning"))
            result.append(replace(article, image="", image_alt=""))
            continue
        entry = known.get(article.image)
        if entry is None or entry[:2] != (stat.st_size, stat.st_mtime_ns):
            entry = (stat.st_size, stat.st_mtime_ns, *_size(path))
        now[article.image] = entry
        if entry[2] < 0:
            message = f"image {article.image!r}: not an image Pillow can read; shown without a size"
            problems.append(Problem(article.source, message, None, "warning"))
        stamp = f"{article.digest}:{entry[0]}:{entry[1]}".encode()
        digest = hashlib.blake2b(stamp, digest_size=16).hexdigest()
        width, height = max(entry[2], 0), max(entry[3], 0)
        result.append(replace(article, image_width=width, image_height=height, digest=digest))
    return result, problems, now


def _size(path: Path) -> tuple[int, int]:
    """(width, height) in pixels; 0, 0 for SVG (it scales); -1, -1 when Pillow cannot read it."""
    if path.suffix.lower() == ".svg":
        return 0, 0
    from PIL import Image

    try:
        with Image.open(path) as image:  # reads the header only
            width, height = image.size
    except Exception:  # not an image, truncated, a decompression bomb: all mean "no size"
        return -1, -1
    return int(width), int(height)
