"""The stage order, once, for `build`, `check` and `serve`.

ingest → assemble → plan → render → write.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache as cache_mod
from . import schedule, themes
from .config import Config, ConfigError
from .discover import discover
from .errors import BuildError, describe
from .model import Article, Page, Problem, Site
from .output import check_output_dir, manifest
from .parallel import parallel_map
from .writer import write_site

if TYPE_CHECKING:
    from .render import Renderer
    from .search import SearchJob
    from .urls import Urls

__all__ = ["BuildError", "BuildResult", "build", "describe", "load_articles"]

# The stages that do the work (ingest, plan, render: markdown-it, Jinja2, feedgen) are imported
# where they are first needed, so a build that finds nothing changed never loads them.


@dataclass
class BuildResult:
    site: Site | None  # None when nothing changed and nothing was assembled
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    published: int = 0
    written: int = 0
    kept: int = 0
    read: int = 0  # content files ingested, not taken from the cache
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds
    output_files: dict[str, tuple[int, int]] = field(default_factory=dict)  # path → size, mtime

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]


def load_articles(
    files: list[tuple[str, str]],
    inputs: dict[str, tuple[int, int]],
    config: Config,
    data: cache_mod.CacheData | None,
    jobs: int,
) -> tuple[list[Article], list[Problem], set[str], int]:
    """Articles and problems, re-reading only files whose size or bytes changed; the paths
    whose cache entry changed (re-read, gone, or a new mtime); and how many were re-read."""
    results: dict[str, cache_mod.IngestEntry] = {}
    todo: list[tuple[str, str]] = []
    changed: set[str] = set()
    for path, rel in files:
        old = data.ingest.get(rel) if data else None
        entry = cache_mod.reuse(old, path, inputs[rel])
        if entry is None:
            todo.append((path, rel))
            continue
        results[rel] = entry
        if entry is not old:
            changed.add(rel)  # same bytes, new mtime: saved so the next build need not hash
    workers = jobs
    found = parallel_map(_ingest_one, [(Path(path), rel, config) for path, rel in todo], workers)
    for (_, rel), (article, problems, digest) in zip(todo, found, strict=True):
        results[rel] = cache_mod.IngestEntry(*inputs[rel], article, problems, digest)
    changed |= {rel for _, rel in todo}
    if data is not None:
        changed |= set(data.ingest) - set(results)
    if data is not None:
        data.ingest = results
    articles: list[Article] = []
    all_problems: list[Problem] = []
    for rel in sorted(results):
        entry = results[rel]
        all_problems += entry.problems
        if entry.article is not None:
            articles.append(entry.article)
    return articles, all_problems, changed, len(todo)


def _ingest_one(job: tuple[Path, str, Config]) -> tuple[Article | None, list[Problem], str]:
    from .ingest import ingest_file

    return (*ingest_file(*job), cache_mod.file_digest(job[0]))


def build(
    config: Config,
    *,
    use_cache: bool = True,
    jobs: int = 0,
    write: bool = True,
    reindex_search: bool = True,
    strict: bool = False,
    log: Callable[[str], None] = lambda _: None,
) -> BuildResult:
    """Build the site; `reindex_search=False` reuses the last search index (fast previews);
    `strict` writes nothing when a file is skipped."""
    return _build(config, use_cache, jobs, write, reindex_search, strict, log)


def _build(
    config: Config,
    use_cache: bool,
    jobs: int,
    write: bool,
    reindex_search: bool,
    strict: bool,
    log: Callable[[str], None],
) -> BuildResult:
    started = time.perf_counter()
    timings: dict[str, float] = {}
    clock = [started]

    def lap(stage: str) -> None:
        now = time.perf_counter()
        timings[stage] = round(now - clock[0], 4)
        clock[0] = now

    jobs = jobs or os.cpu_count() or 1
    try:
        chain = themes.resolve(config.themes_dir, config.theme, config.overrides_dir)
    except themes.ThemeError as error:
        raise ConfigError(str(error)) from None  # a `theme` that is not there: a bad config
    if write:
        check_output_dir(
            config.output_dir,
            config.content_dir,
            config.root,
            themes=config.themes_dir,
            overrides=config.overrides_dir,
        )
    global_key = cache_mod.page_key(cache_mod.code_version(), repr(_output_config(config)))
    data: cache_mod.CacheData | None = None
    if use_cache:
        data, reason = cache_mod.load(config.cache_dir, global_key)
        if reason:
            log(reason)
    files, inputs, problems = discover(config.content_dir)
    theme = chain.fingerprint()
    lap("cache load")
    # a preview that patched pages without re-indexing owes the search index an update
    search_due = bool(config.search and reindex_search and data is not None and data.search_stale)
    now = None if config.future else schedule.now(os.environ)
    if (
        write
        and data is not None
        and not search_due
        and (now is None or data.next_due is None or now.timestamp() < data.next_due)
        and _untouched(data, inputs, theme, config.output_dir)
    ):
        result = BuildResult(site=None, problems=problems + data.problems, timings=timings)
        result.pages = result.kept = len(data.pages)
        result.published = data.published
        result.output_files = data.files
        result.seconds = time.perf_counter() - started
        return result  # nothing changed, and the output is as the last build left it
    from .i18n import LanguageError, load
    from .plan import plan
    from .render import Renderer
    from .site import assemble
    from .urls import Urls

    try:
        words = load(chain.locale_dirs, config.language)
    except LanguageError as error:
        raise ConfigError(str(error)) from None

    if data is not None and (reason := cache_mod.load_ingest(config.cache_dir, data)):
        log(reason)
    articles, found, changed, read = load_articles(files, inputs, config, data, jobs)
    from .images import measure

    known = data.images if data is not None else {}
    articles, more, known = measure(articles, config.content_dir, known)
    found += more
    lap("ingest")
    site = assemble(
        articles, drafts=config.drafts, editions=config.editions, title=words.edition_title, now=now
    )
    result = BuildResult(site=site, problems=problems + found + list(site.problems))
    result.timings, result.read = timings, read
    result.published = len(site.all_articles)
    if strict and result.errors:
        result.notes.append("--strict: a file was skipped, so nothing was written")
        return result
    urls = Urls(config.base_url, site.tag_slugs, site.source_slugs)
    pages = plan(site, urls, config, words) + _static_pages(chain)
    result.pages = len(pages)
    lap("assemble+plan")
    bytecode = cache_mod.writable(config.cache_dir / "templates") if use_cache else None
    renderer = Renderer(config, urls, chain, config.drafts, bytecode, words)
    # parses every template: errors show here; a changed catalog changes every page's key
    keys, body_keys = _page_keys(
        pages, renderer, cache_mod.page_key(global_key, words.digest, urls.fingerprint())
    )
    if not write:
        return result
    old_keys, trusted, present = _trusted_keys(data, config.output_dir)
    lap("page keys")
    reindexed = False
    if old_keys == keys and trusted and not search_due:
        result.kept = len(pages)
        result.output_files = present
    else:
        reindexed = bool(config.search and reindex_search)
        job = _search_job(site, urls, body_keys, config, use_cache, reindexed)
        written = write_site(pages, keys, old_keys, renderer, config.output_dir, jobs, job, log)
        result.written, result.kept, result.notes = written.written, written.kept, written.notes
        result.output_files = manifest(config.output_dir)
        lap("render+write")
    if data is not None:
        owed = data.search_stale or result.written > 0
        data.search_stale = bool(config.search) and owed and not reindexed
        data.next_due = site.next_due
        data.images = known
        data.files = result.output_files
        data.pages, data.inputs, data.theme = keys, inputs, theme
        data.published, data.problems = result.published, found + list(site.problems)
        if warning := cache_mod.save(config.cache_dir, data, changed):
            result.notes.append(warning)
    lap("cache save")
    result.seconds = time.perf_counter() - started
    return result


def _search_job(
    site: Site, urls: Urls, keys: dict[str, str], config: Config, use_cache: bool, reindex: bool
) -> SearchJob | None:
    if not config.search:
        return None
    from .search import SearchJob, indexed_pages

    store = config.cache_dir / "search" if use_cache else None
    return SearchJob(tuple(indexed_pages(site, urls, keys)), store, reindex, config.language)


def _untouched(
    data: cache_mod.CacheData,
    inputs: dict[str, tuple[int, int]],
    theme: str,
    output: Path,
) -> bool:
    """Same content files, templates and config as last time, and an output nobody changed."""
    if not data.files or (data.inputs, data.theme) != (inputs, theme) or not output.is_dir():
        return False
    return manifest(output) == data.files


def _trusted_keys(
    data: cache_mod.CacheData | None, output: Path
) -> tuple[dict[str, str], bool, dict[str, tuple[int, int]]]:
    """Page keys from the cache for the files still exactly as the last build left them;
    whether the whole output is (an output changed by hand is never trusted); what is there."""
    if not output.is_dir():
        return {}, False, {}
    actual = manifest(output)
    if data is None:
        return {}, False, actual
    expected = data.files
    if expected and actual == expected:
        return data.pages, True, actual
    data.files = {}
    trusted = {
        path: key for path, key in data.pages.items() if actual.get(path) == expected.get(path)
    }
    return trusted, False, actual


def _output_config(config: Config) -> Config:
    """The config as far as it shapes the output (where the output goes does not)."""
    return replace(config, output_dir=Path(), cache_dir=Path())


def _static_pages(chain: themes.ThemeChain) -> list[Page]:
    pages = []
    for name, source in themes.static_files(chain).items():
        stat = source.stat()
        stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
        pages.append(Page(f"static/{name}", "copy", {"source": str(source), "stamp": stamp}))
    return pages


def _page_keys(
    pages: list[Page], renderer: Renderer, global_key: str
) -> tuple[dict[str, str], dict[str, str]]:
    """Each page's key (what it is made from), and for article pages a second key of only
    what the search index reads (the article and its edition, not the related stories)."""
    from .templates import template_digest

    memo: dict[str, str] = {}
    shapes: dict[int, str] = {}
    keys, body_keys = {}, {}
    for page in pages:
        template = page.template
        if template.endswith((".html", ".xml", ".txt")):
            try:
                template = template_digest(renderer.env, template, memo)
            except Exception as error:
                raise BuildError(f"{page.template}: {describe(error)}") from None
        keys[page.path] = cache_mod.page_key(
            global_key, page.path, template, cache_mod.shape(page.context, shapes)
        )
        if "article" in page.context:
            body = {name: page.context.get(name) for name in ("article", "edition")}
            body_keys[page.path] = cache_mod.page_key(
                global_key, page.path, template, cache_mod.shape(body, shapes)
            )
    if len(keys) != len(pages):
        raise BuildError("two outputs would be written to the same path")
    return keys, body_keys
