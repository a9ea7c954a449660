"""The ingest stage with its cache: every content file as an article (or problems), read again
only when its bytes changed."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import bodies
from . import cache as cache_mod
from .config import Config
from .model import Article, Problem
from .parallel import parallel_map


@dataclass(frozen=True)
class Ingested:
    articles: list[Article]
    problems: list[Problem]
    entries: dict[str, cache_mod.IngestEntry]  # what the cache keeps for the next build
    changed: set[str]  # paths whose entry changed: re-read, gone, or the same bytes re-dated
    read: int  # files read this time (not taken from the cache)
    images: dict[str, tuple[int, int, int, int]] = field(
        default_factory=dict
    )  # local images measured (the cache's)


def load_articles(
    files: list[tuple[str, str]],
    inputs: dict[str, tuple[int, int]],
    config: Config,
    cached: dict[str, cache_mod.IngestEntry],
    jobs: int,
    store: bodies.Store | None = None,
) -> Ingested:
    """`files` as (path, path in the content folder); `inputs` their size and mtime; `cached`
    the entries of the last build; `store`, if given, takes the bodies of the articles read
    (their `Article` keeps the key), and a cached article whose body it lacks is read again."""
    entries: dict[str, cache_mod.IngestEntry] = {}
    todo: list[tuple[str, str]] = []
    changed: set[str] = set()
    present = store.keys() if store is not None else set()
    for path, rel in files:
        old = cached.get(rel)
        entry = cache_mod.reuse(old, path, inputs[rel])
        if entry is None or _body_missing(entry, store, present):
            todo.append((path, rel))
            continue
        entries[rel] = entry
        if entry is not old:
            changed.add(rel)  # same bytes, new mtime: saved so the next build need not hash
    found = parallel_map(_ingest_one, [(Path(path), rel, config) for path, rel in todo], jobs)
    keys = [
        bodies.key_of(article.packed_body) if store and article and article.packed_body else ""
        for article, _, _ in found
    ]
    stored = store is not None and _stored(store, found, keys)
    for (_, rel), (article, problems, digest), key in zip(todo, found, keys, strict=True):
        if stored and article is not None and key:
            article = replace(article, packed_body=b"", body_key=key)
        entries[rel] = cache_mod.IngestEntry(*inputs[rel], article, problems, digest)
    del found
    changed |= {rel for _, rel in todo} | (set(cached) - set(entries))
    articles: list[Article] = []
    all_problems: list[Problem] = []
    for rel in sorted(entries):
        all_problems += entries[rel].problems
        if entries[rel].article is not None:
            articles.append(entries[rel].article)  # type: ignore[arg-type]
    return Ingested(articles, all_problems, entries, changed, len(todo))


def _stored(
    store: bodies.Store, found: list[tuple[Article | None, list[Problem], str]], keys: list[str]
) -> bool:
    """Whether the bodies of the articles `found` went into the store under `keys` (else they
    stay in memory)."""
    packed = ((key, a.packed_body) for (a, _, _), key in zip(found, keys, strict=True) if a and key)
    try:
        store.put(packed)
    except (OSError, sqlite3.Error):
        return False
    return True


def _body_missing(
    entry: cache_mod.IngestEntry, store: bodies.Store | None, present: set[str]
) -> bool:
    """A cached article whose body is in no store this build can read (it is read again)."""
    article = entry.article
    if article is None or article.packed_body or not article.body_key:
        return False
    return store is None or article.body_key not in present


def _ingest_one(job: tuple[Path, str, Config]) -> tuple[Article | None, list[Problem], str]:
    from .ingest import ingest_file

    return ingest_file(*job)
