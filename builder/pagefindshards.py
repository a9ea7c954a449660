"""Search with Pagefind (`search_engine = "pagefind"`; the default is `searchindex`), in shards
re-indexed only when their pages change.

Only article pages are indexed. They are grouped by date (`plan_shards`: a year, split into
quarters, months, then runs of pages while a group is too big), a pure function of the articles,
so cold and incremental builds make the same shards. Each shard is one Pagefind run over just
its pages, at most `PARALLEL_PAGES` pages being indexed at once (Pagefind holds a shard in
memory). The search page reads `pagefind/shards.json`, opens the newest shard's bundle and
merges the others (Pagefind's multisite search). With a cache, each shard's bundle is kept in
the cache under a digest of its pages' keys and linked into the output while still current;
without one (`--no-cache`) every shard is indexed afresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import Site
from .output import Staging, link_or_copy
from .urls import Urls

FOLDER = "pagefind"
MANIFEST = f"{FOLDER}/shards.json"
# Pagefind holds a shard in memory (about 330 KB a page of real news text) and a query reads
# about 28 KB of index from every shard: shards as big as memory allows, indexed one at a time
# unless small enough to pair.
SHARD_PAGES = 1000  # a group bigger than this is split into finer periods
PARALLEL_PAGES = 1200  # pages being indexed at once, over all Pagefind processes
DIGEST_FILE = "broadsheet-shard.txt"
# What only the primary (newest) bundle needs: the merged ones are read through its code.
_PRIMARY_ONLY = ("pagefind.js", "pagefind-worker.js", "pagefind-highlight.js", "wasm.")
_UNUSED = ("pagefind-component-ui.", "pagefind-modular-ui.")  # other UIs than the search page's


@dataclass(frozen=True, slots=True)
class Indexed:
    """An article page to index: when it was published, where it is, the key of its bytes."""

    date: dt.datetime
    path: str
    key: str


@dataclass(frozen=True, slots=True)
class Shard:
    key: str  # "2024", "2024-q3", "2024-07", "2024-07.2"
    pages: tuple[Indexed, ...]

    @property
    def folder(self) -> str:
        return f"{FOLDER}/{self.key}"

    def digest(self, primary: bool, version: str) -> str:
        parts = [self.key, str(primary), version, *(f"{p.path}={p.key}" for p in self.pages)]
        return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def plan_shards(pages: Sequence[Indexed], limit: int = 0) -> list[Shard]:
    """Shards, newest first: by year; a year with more than `limit` (SHARD_PAGES) pages by
    quarter, then by month, then in runs of `limit` pages in date order."""
    limit = limit or SHARD_PAGES
    periods: list[Callable[[dt.datetime], str]] = [
        lambda d: f"{d.year}",
        lambda d: f"{d.year}-q{(d.month - 1) // 3 + 1}",
        lambda d: f"{d.year}-{d.month:02d}",
    ]
    ordered = sorted(pages, key=lambda p: (p.date.isoformat(), p.path))
    shards = _split(ordered, periods, limit)
    return sorted(shards, key=lambda s: (s.pages[-1].date.isoformat(), s.pages[-1].path))[::-1]


def _split(
    pages: list[Indexed], periods: list[Callable[[dt.datetime], str]], limit: int
) -> list[Shard]:
    period, finer = periods[0], periods[1:]
    groups: dict[str, list[Indexed]] = {}
    for page in pages:
        groups.setdefault(period(page.date), []).append(page)
    shards: list[Shard] = []
    for key, members in groups.items():
        if len(members) <= limit:
            shards.append(Shard(key, tuple(members)))
        elif finer:
            shards += _split(members, finer, limit)
        else:
            runs = range(0, len(members), limit)
            shards += [
                Shard(f"{key}.{n + 1}", tuple(members[i : i + limit])) for n, i in enumerate(runs)
            ]
    return shards


def available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


def indexed_pages(site: Site, urls: Urls, keys: dict[str, str]) -> list[Indexed]:
    """The pages readers search: every published article's own page."""
    found = []
    for article in site.all_articles:
        if not (article.hidden or article.draft):
            path = urls.article_path(article)
            found.append(Indexed(article.date, path, keys[path]))
    return found


@dataclass(frozen=True, slots=True)
class SearchJob:
    pages: tuple[Indexed, ...]  # what to index
    store: Path | None  # where bundles are kept between builds (in the cache), if anywhere
    reindex: bool  # False: take the last bundles made, even if stale (a fast preview)
    language: str = "en"  # the site's: every article is indexed in it (see `_start`)

    def alongside(self, pages: int) -> None:
        """Pagefind reads the rendered pages: it runs after them."""
        return None

    def run(self, staging: Staging, log: Callable[[str], None]) -> list[str]:
        return index(staging, self, log)


def index(staging: Staging, job: SearchJob, log: Callable[[str], None]) -> list[str]:
    """Put a bundle for every shard into the staging tree, and the manifest the search page
    reads: current bundles from the store are linked, the others are indexed (when not
    `reindex`, the last bundle made is taken even if stale: a preview that re-indexes later).
    Returns notes for the build log."""
    shards, store, reindex = plan_shards(job.pages), job.store, job.reindex
    version = _version()
    if not shards or (reindex and version is None):
        return [] if not shards else [NOT_INSTALLED]
    work = Path(tempfile.mkdtemp(prefix=f".{staging.output.name}.search-", dir=staging.root.parent))
    try:
        ready: dict[str, Path] = {}
        todo: list[tuple[Shard, bool, str]] = []
        for number, shard in enumerate(shards):
            digest = shard.digest(number == 0, f"{version}:{job.language}")
            found = _reusable(store / shard.key, digest, stale_ok=not reindex) if store else None
            if found is not None:
                ready[shard.key] = found
            elif reindex:
                todo.append((shard, number == 0, digest))
        if todo:
            log(f"search: indexing {len(todo)} of {len(shards)} shard(s) with Pagefind")
        made, failed = _run_all(staging, todo, store or work / "store", work, job.language)
        if failed:
            return [f"search: Pagefind failed ({failed}); the site was built without search"]
        ready.update(made)
        present = [shard for shard in shards if shard.key in ready]
        for shard in present:
            _link_tree(ready[shard.key], staging, shard.folder)
        if present:
            _link_ui(ready[present[0].key], staging)
            bundles = [f"{shard.key}/" for shard in present]
            staging.write(MANIFEST, json.dumps({"bundles": bundles}).encode())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return []


NOT_INSTALLED = (
    "search: Pagefind is not installed (pip install 'broadsheet[search]'); "
    "the search page will say search is unavailable"
)


def _version() -> str | None:
    if not available():
        return None
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _reusable(bundle: Path, digest: str, stale_ok: bool) -> Path | None:
    """The stored bundle if it was made from exactly these pages (or, if `stale_ok`, at all)."""
    try:
        made_from = (bundle / DIGEST_FILE).read_text(encoding="ascii")
    except OSError:
        return None
    return bundle if made_from == digest or stale_ok else None


def _run_all(
    staging: Staging, todo: list[tuple[Shard, bool, str]], store: Path, work: Path, language: str
) -> tuple[dict[str, Path], str]:
    """Index the shards, several at once while their pages stay within PARALLEL_PAGES, into
    the store. Returns where each bundle is, and the first failure's message or ""."""
    queue = sorted(todo, key=lambda item: -len(item[0].pages))
    running: list[tuple[subprocess.Popen[str], Shard, bool, str]] = []
    made: dict[str, Path] = {}
    failure = ""
    while queue or running:
        load = sum(len(job[1].pages) for job in running)
        while queue and (not running or load + len(queue[0][0].pages) <= PARALLEL_PAGES):
            shard, primary, digest = queue.pop(0)
            running.append((_start(staging, shard, work, language), shard, primary, digest))
            load += len(shard.pages)
        process, shard, primary, digest = running.pop(0)
        out, _ = process.communicate()
        bundle = work / "bundles" / shard.key
        if process.returncode != 0 or not (bundle / "pagefind-entry.json").is_file():
            failure = failure or (out or "no output").strip().splitlines()[-1]
            continue
        made[shard.key] = _keep(bundle, primary, digest, store / shard.key)
    return made, failure


def _start(staging: Staging, shard: Shard, work: Path, language: str) -> subprocess.Popen[str]:
    """Pagefind over a folder holding links to just this shard's pages, as one language: the
    digest has one search page, which searches only its own language's index, so a French
    story in an English digest would otherwise never be found (merging every language of
    every shard instead multiplied the bytes of a query by nine on the benchmark)."""
    site = work / "sites" / shard.key
    for page in shard.pages:
        target = site / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        _placed(link_or_copy(staging.root / page.path, target), page.path)
    command = [sys.executable, "-m", "pagefind", "--site", str(site)]
    command += ["--output-path", str(work / "bundles" / shard.key), "--silent"]
    command += ["--force-language", language.split("-")[0].lower() or "en"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _keep(bundle: Path, primary: bool, digest: str, place: Path) -> Path:
    """Stamp a new bundle with its digest and move it to its place in the store."""
    unused = _UNUSED if primary else _UNUSED + _PRIMARY_ONLY
    for path in bundle.iterdir():
        if path.is_file() and path.name.startswith(unused):
            path.unlink()
    (bundle / DIGEST_FILE).write_text(digest, encoding="ascii")
    shutil.rmtree(place, ignore_errors=True)
    place.parent.mkdir(parents=True, exist_ok=True)
    os.replace(bundle, place)
    return place


def _link_tree(source: Path, staging: Staging, folder: str) -> None:
    """A stored bundle into the output, without its digest (which holds the site's paths:
    the output must not depend on where the project lives)."""
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.name != DIGEST_FILE:
            rel = f"{folder}/{path.relative_to(source).as_posix()}"
            _placed(staging.adopt(path, rel), rel)


def _link_ui(primary: Path, staging: Staging) -> None:
    """Pagefind's UI at a fixed place (`pagefind/pagefind-ui.js`) for the search page."""
    for name in ("pagefind-ui.js", "pagefind-ui.css"):
        if (primary / name).is_file():
            _placed(staging.adopt(primary / name, f"{FOLDER}/{name}"), name)


def _placed(done: bool, rel: str) -> None:
    if not done:
        raise OSError(f"search: cannot place {rel} (neither a link nor a copy worked)")
