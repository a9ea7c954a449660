"""The stage order, once, for `build`, `check` and `serve`: read top to bottom in `build`.

prepare (themes, output, cache state, content files) → unchanged? stop → ingest → assemble →
plan → page keys (templates parsed) → write (render, link, search, swap) → save the cache state.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import bodies, schedule, themes
from . import cache as cache_mod
from .articles import Ingested, load_articles
from .config import Config, ConfigError
from .discover import discover
from .errors import BuildError, describe
from .model import Page, Problem, Site
from .output import Manifest, check_output_dir, manifest
from .parallel import MIN_ITEMS, Background, release_free_memory
from .writer import SearchStep, write_site

if TYPE_CHECKING:
    from .i18n import Interface
    from .render import Renderer
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


class _Clock:
    """Seconds per stage, in the order the stages ran."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.timings: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = round(now - self.last, 4)
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.started


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
    """Build the site; `write=False` stops before writing (check); `reindex_search=False`
    takes the last search index even if stale (fast previews); `strict` writes nothing when a
    file is skipped. Longer than most functions on purpose: the stage order, in one place."""
    clock, jobs = _Clock(), jobs or os.cpu_count() or 1
    chain = _theme_chain(config)
    if write:
        _check_output(config)
    # what the output holds, surveyed by a second process while this one works (a second at
    # 100,000 pages), to tell whether it is still as the last build left it
    survey = Background(functools.partial(_survey, config.output_dir), jobs if write else 1)
    global_key = cache_mod.page_key(cache_mod.code_version(), repr(_output_config(config)))
    data = _load_state(config, global_key, log) if use_cache else None
    files, inputs, problems = discover(config.content_dir)
    theme = chain.fingerprint()
    clock.lap("cache load")
    # a preview that wrote pages without re-indexing owes the search index an update
    search_due = bool(config.search and reindex_search and data is not None and data.search_stale)
    now = None if config.future else schedule.now(os.environ)
    if (
        write
        and data is not None
        and not search_due
        and _untouched(data, inputs, theme, now, survey)
    ):
        return _as_last_time(data, problems, clock)

    # a build that keeps a cache keeps the articles' bodies in it, out of memory (`bodies`)
    with bodies.use(config.cache_dir) if use_cache else contextlib.nullcontext() as store:
        words = _words(chain, config)
        ingested = _ingest(files, inputs, config, data, jobs, log, store)
        clock.lap("ingest")
        from .plan import plan
        from .site import assemble
        from .urls import Urls

        site = assemble(
            ingested.articles, drafts=config.drafts, editions=config.editions,
            title=words.edition_title, now=now,
        )  # fmt: skip
        result = BuildResult(site, problems + ingested.problems + list(site.problems))
        result.timings, result.read, result.published = (
            clock.timings,
            ingested.read,
            len(site.all_articles),
        )
        if strict and result.errors:
            result.notes.append("--strict: a file was skipped, so nothing was written")
            return result
        urls = Urls(config.base_url, site.tag_slugs, site.source_slugs)
        pages = plan(site, urls, config, words) + _static_pages(chain, urls)
        result.pages = len(pages)
        clock.lap("assemble+plan")
        renderer = _renderer(config, urls, chain, words, use_cache)
        # parses every template: errors show here; a changed catalog changes every page's key
        site_key = cache_mod.page_key(global_key, words.digest, urls.fingerprint())
        # the templates' digests are the last build's while no theme file changed
        templates = dict(data.templates) if data is not None and data.theme == theme else {}
        keys, body_keys = _page_keys(pages, renderer, site_key, config.pagefind, templates)
        if not write:
            return result
        old_keys, trusted, present = _trusted_keys(data, survey)
        clock.lap("page keys")
        reindexed = False
        if old_keys == keys and trusted and not search_due:
            result.kept, result.output_files = len(pages), present
        else:
            # Broadsheet's own index is always made current; Pagefind's may wait (a fast preview)
            reindexed = config.search and (reindex_search or not config.pagefind)
            job = _search_job(site, urls, body_keys, config, use_cache, reindexed, jobs)
            done = write_site(
                pages, keys, old_keys, renderer, config.output_dir, jobs, job, log, present
            )
            result.written, result.kept, result.notes = (
                done.written,
                done.kept,
                result.notes + done.notes,
            )
            result.output_files = done.files
            clock.lap("render+write")
        if data is not None:
            owed = data.search_stale or result.written > 0
            data.search_stale = bool(config.search) and owed and not reindexed
            data.pages, data.inputs, data.theme, data.templates = keys, inputs, theme, templates
            result.notes += _save_state(config, data, result, ingested, site, store)
        clock.lap("cache save")
        result.seconds = clock.total()
        return result


def _check_output(config: Config) -> None:
    check_output_dir(
        config.output_dir,
        config.content_dir,
        config.root,
        themes=config.themes_dir,
        overrides=config.overrides_dir,
    )


def _save_state(
    config: Config,
    data: cache_mod.CacheData,
    result: BuildResult,
    ingested: Ingested,
    site: Site,
    store: bodies.Store | None,
) -> list[str]:
    """What the next build compares against; a note if the cache could not be written."""
    data.next_due, data.images, data.ingest = site.next_due, ingested.images, ingested.entries
    data.files, data.published = result.output_files, result.published
    data.problems = ingested.problems + list(site.problems)
    warning = cache_mod.save(config.cache_dir, data, ingested.changed)
    if store is not None and not warning:
        store.prune({e.article.body_key for e in data.ingest.values() if e.article})
    return [warning] if warning else []


def _theme_chain(config: Config) -> themes.ThemeChain:
    try:
        return themes.resolve(config.themes_dir, config.theme, config.overrides_dir)
    except themes.ThemeError as error:
        raise ConfigError(str(error)) from None  # a `theme` that is not there: a bad config


def _load_state(config: Config, global_key: str, log: Callable[[str], None]) -> cache_mod.CacheData:
    data, reason = cache_mod.load(config.cache_dir, global_key)
    if reason:
        log(reason)
    return data


def _untouched(
    data: cache_mod.CacheData,
    inputs: dict[str, tuple[int, int]],
    theme: str,
    now: dt.datetime | None,
    survey: Callable[[], Manifest | None],
) -> bool:
    """Same content files, templates and config as last time, no scheduled story due yet, and
    an output nobody changed (`survey`: its files, None when there is no output)."""
    due = data.next_due is not None and now is not None and now.timestamp() >= data.next_due
    if due or not data.files or (data.inputs, data.theme) != (inputs, theme):
        return False
    return survey() == data.files


def _survey(output: Path) -> Manifest | None:
    return manifest(output) if output.is_dir() else None


def _as_last_time(data: cache_mod.CacheData, problems: list[Problem], clock: _Clock) -> BuildResult:
    """The result of a build that found nothing to do: the last build's, output unchanged."""
    result = BuildResult(site=None, problems=problems + data.problems, timings=clock.timings)
    result.pages = result.kept = len(data.pages)
    result.published, result.output_files = data.published, data.files
    result.seconds = clock.total()
    return result


def _words(chain: themes.ThemeChain, config: Config) -> Interface:
    from .i18n import LanguageError, load

    try:
        return load(chain.locale_dirs, config.language)
    except LanguageError as error:
        raise ConfigError(str(error)) from None


def _ingest(
    files: list[tuple[str, str]],
    inputs: dict[str, tuple[int, int]],
    config: Config,
    data: cache_mod.CacheData | None,
    jobs: int,
    log: Callable[[str], None],
    store: bodies.Store | None,
) -> Ingested:
    """Articles from the content files (cached per file), with their local images measured."""
    from .images import measure

    if data is not None and (reason := cache_mod.load_ingest(config.cache_dir, data)):
        log(reason)
    cached = data.ingest if data else {}
    ingested = load_articles(files, inputs, config, cached, jobs, store)
    if ingested.read > MIN_ITEMS:
        release_free_memory()  # the bodies just read are in the store: before a fork
    known = data.images if data is not None else {}
    articles, problems, images = measure(ingested.articles, config.content_dir, known)
    return replace(
        ingested, articles=articles, problems=ingested.problems + problems, images=images
    )


def _renderer(
    config: Config, urls: Urls, chain: themes.ThemeChain, words: Interface, use_cache: bool
) -> Renderer:
    from .render import Renderer

    bytecode = cache_mod.writable(config.cache_dir / "templates") if use_cache else None
    return Renderer(config, urls, chain, config.drafts, bytecode, words)


def _search_job(
    site: Site,
    urls: Urls,
    keys: dict[str, str],
    config: Config,
    use_cache: bool,
    reindex: bool,
    jobs: int,
) -> SearchStep | None:
    """Broadsheet's own index (always current: it costs little), or Pagefind's shards."""
    if not config.search:
        return None
    store = config.cache_dir / "search" if use_cache else None
    if config.search_engine == "broadsheet":
        from .searchindex import IndexJob, docs

        return IndexJob(tuple(docs(site.all_articles, urls)), store, jobs)
    from .pagefindshards import SearchJob, indexed_pages

    return SearchJob(tuple(indexed_pages(site, urls, keys)), store, reindex, config.language)


def _trusted_keys(
    data: cache_mod.CacheData | None, survey: Callable[[], Manifest | None]
) -> tuple[dict[str, str], bool, Manifest]:
    """Page keys from the cache for the files still exactly as the last build left them;
    whether the whole output is (an output changed by hand is never trusted); what is there."""
    actual = survey()
    if actual is None:
        return {}, False, {}
    if data is None:
        return {}, False, actual
    expected = data.files
    if expected and actual == expected:
        return data.pages, True, actual
    trusted = {
        path: key for path, key in data.pages.items() if actual.get(path) == expected.get(path)
    }
    return trusted, False, actual


def _output_config(config: Config) -> Config:
    """The config as far as it shapes the output (where the output goes does not)."""
    return replace(config, output_dir=Path(), cache_dir=Path())


def _static_pages(chain: themes.ThemeChain, urls: Urls) -> list[Page]:
    """The theme's static files, copied as they are."""
    pages = []
    for name, source in themes.static_files(chain).items():
        stat = source.stat()
        stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
        context = {"source": str(source), "stamp": stamp}
        pages.append(Page(urls.static_path(name), kind="copy", context=context))
    return pages


def _page_keys(
    pages: list[Page],
    renderer: Renderer,
    global_key: str,
    body_keys: bool,
    templates: dict[str, str],
) -> tuple[dict[str, str], dict[str, str]]:
    """Each page's key (what it is made from), and if `body_keys`, for article pages a second
    key of only what Pagefind indexes (the article and its edition, not the related stories;
    Broadsheet's own index keys each story by its own content). `templates`: the digests of
    templates known, filled with the others."""
    from .templates import template_digest

    shapes: dict[int, str] = {}
    keys, bodies = {}, {}
    for page in pages:
        made_by = page.recipe  # a template by its digest: an edit to it is a new recipe
        if page.kind == "page":
            try:
                made_by = template_digest(renderer.env, page.template, templates)
            except Exception as error:
                raise BuildError(f"{page.template}: {describe(error)}") from None
        keys[page.path] = cache_mod.page_key(
            global_key, page.path, made_by, cache_mod.shape(page.context, shapes)
        )
        if body_keys and "article" in page.context:
            body = {name: page.context.get(name) for name in ("article", "edition")}
            bodies[page.path] = cache_mod.page_key(
                global_key, page.path, made_by, cache_mod.shape(body, shapes)
            )
    if len(keys) != len(pages):
        raise BuildError("two outputs would be written to the same path")
    return keys, bodies
