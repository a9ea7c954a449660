"""The incremental-build cache in `.cache/broadsheet/`: ingested articles and page keys.

Everything is keyed by what it was made from (file size and mtime, config, templates, the
builder's own code), and the file carries a checksum: a stale or corrupt cache is rebuilt, never
trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Article, Edition, Problem

FORMAT = b"broadsheet-cache-1\n"
_CODE = Path(__file__).parent


def code_version() -> str:
    """Changes whenever the builder's code does, so an upgrade never reuses old results."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(_CODE.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class IngestEntry:
    size: int
    mtime_ns: int
    article: Article | None
    problems: list[Problem]


@dataclass
class CacheData:
    key: str = ""  # code + config: anything else means start afresh
    ingest: dict[str, IngestEntry] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # output path → page key
    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # output → (size, mtime)


def load(folder: Path, key: str) -> tuple[CacheData, str]:
    """The cache, or a fresh one and the reason the old one was not used ("" if none)."""
    path = folder / "cache.pickle"
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return CacheData(key=key), ""
    except OSError as error:
        return CacheData(key=key), f"cache unreadable ({error}); rebuilding"
    header, _, payload = blob.partition(b"\n\n")
    expected = FORMAT + hashlib.blake2b(payload, digest_size=16).hexdigest().encode()
    if header != expected:
        return CacheData(key=key), "cache is corrupt or from another version; rebuilding"
    try:
        data = pickle.loads(payload)
    except Exception:  # any unpickling failure means the same: do not trust it
        return CacheData(key=key), "cache is corrupt; rebuilding"
    if not isinstance(data, CacheData) or data.key != key:
        return CacheData(key=key), ""
    return data, ""


def save(folder: Path, data: CacheData) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
    header = FORMAT + hashlib.blake2b(payload, digest_size=16).hexdigest().encode()
    temporary = folder / f"cache.pickle.{os.getpid()}.tmp"
    temporary.write_bytes(header + b"\n\n" + payload)
    temporary.replace(folder / "cache.pickle")


def shape(value: Any) -> str:
    """A compact, stable description of a page context: articles by fingerprint, not content."""
    if isinstance(value, Article):
        return f"A({value.digest}:{value.slug}:{value.source_name}:{','.join(value.tags)})"
    if isinstance(value, Edition):
        return f"E({value.key}:{'|'.join(shape(a) for a in value.articles)})"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}={shape(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(shape(v) for v in value) + "]"
    return repr(value)


def page_key(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()
