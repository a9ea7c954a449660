"""The ingest stage with its cache: every content file as an article (or problems), read again
only when its bytes changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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
) -> Ingested:
    """`files` as (path, path in the content folder); `inputs` their size and mtime; `cached`
    the entries of the last build."""
    entries: dict[str, cache_mod.IngestEntry] = {}
    todo: list[tuple[str, str]] = []
    changed: set[str] = set()
    for path, rel in files:
        old = cached.get(rel)
        entry = cache_mod.reuse(old, path, inputs[rel])
        if entry is None:
            todo.append((path, rel))
            continue
        entries[rel] = entry
        if entry is not old:
            changed.add(rel)  # same bytes, new mtime: saved so the next build need not hash
    found = parallel_map(_ingest_one, [(Path(path), rel, config) for path, rel in todo], jobs)
    for (_, rel), (article, problems, digest) in zip(todo, found, strict=True):
        entries[rel] = cache_mod.IngestEntry(*inputs[rel], article, problems, digest)
    changed |= {rel for _, rel in todo} | (set(cached) - set(entries))
    articles: list[Article] = []
    all_problems: list[Problem] = []
    for rel in sorted(entries):
        all_problems += entries[rel].problems
        if entries[rel].article is not None:
            articles.append(entries[rel].article)  # type: ignore[arg-type]
    return Ingested(articles, all_problems, entries, changed, len(todo))


def _ingest_one(job: tuple[Path, str, Config]) -> tuple[Article | None, list[Problem], str]:
    from .ingest import ingest_file

    return (*ingest_file(*job), cache_mod.file_digest(job[0]))
