"""The stage order, once, for `build`, `check` and `serve`.

ingest → assemble → plan → render → write.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from . import cache as cache_mod
from . import search, themes
from .config import Config
from .ingest import SUFFIXES, ingest_file
from .model import Article, Page, Problem, Site
from .output import Staging, check_output_dir, manifest
from .plan import plan
from .render import Renderer
from .site import assemble
from .urls import Urls

T = TypeVar("T")
R = TypeVar("R")
PARALLEL_MIN = 64  # below this many items a process pool costs more than it saves


class BuildError(Exception):
    """The build cannot go on (bad theme, template error, unsafe output); nothing was changed."""


@dataclass
class BuildResult:
    site: Site
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    written: int = 0
    kept: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]


def discover(content_dir: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Every article file under the content folder, in a stable order; hidden files skipped."""
    if not content_dir.is_dir():
        raise BuildError(f"content folder {content_dir} does not exist")
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for folder, dirs, files in os.walk(content_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            rel = path.relative_to(content_dir).as_posix()
            if name.lower().endswith(SUFFIXES):
                found.append((path, rel))
            else:
                problems.append(
                    Problem(rel, "not an article (.txt, .md): ignored", None, "warning")
                )
    return found, problems


def load_articles(
    config: Config, data: cache_mod.CacheData | None, jobs: int
) -> tuple[list[Article], list[Problem]]:
    files, problems = discover(config.content_dir)
    results: dict[str, cache_mod.IngestEntry] = {}
    todo: list[tuple[Path, str, int, int]] = []
    for path, rel in files:
        stat = path.stat()
        old = data.ingest.get(rel) if data else None
        if old and old.size == stat.st_size and old.mtime_ns == stat.st_mtime_ns:
            results[rel] = old
        else:
            todo.append((path, rel, stat.st_size, stat.st_mtime_ns))
    for (_, rel, size, mtime), (article, found) in zip(
        todo, _map(_ingest_one, [(p, r, config) for p, r, _, _ in todo], jobs), strict=True
    ):
        results[rel] = cache_mod.IngestEntry(size, mtime, article, found)
    if data is not None:
        data.ingest = results
    articles = []
    for rel in sorted(results):
        entry = results[rel]
        problems += entry.problems
        if entry.article is not None:
            articles.append(entry.article)
    return articles, problems


def _ingest_one(job: tuple[Path, str, Config]) -> tuple[Article | None, list[Problem]]:
    return ingest_file(*job)


def _map(function: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    if jobs <= 1 or len(items) < PARALLEL_MIN:
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs) as pool:
        return pool.map(function, items, chunksize=max(1, len(items) // (jobs * 8)))


def build(
    config: Config,
    *,
    use_cache: bool = True,
    jobs: int = 0,
    write: bool = True,
    reindex_search: bool = True,
    log: Callable[[str], None] = lambda _: None,
) -> BuildResult:
    """Build the site; `reindex_search=False` reuses the last search index (fast previews)."""
    started = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    try:
        chain = themes.resolve(config.themes_dir, config.theme, config.overrides_dir)
    except themes.ThemeError as error:
        raise BuildError(str(error)) from None
    if write:
        check_output_dir(config.output_dir, config.content_dir, config.root)
    global_key = cache_mod.page_key(cache_mod.code_version(), repr(_output_config(config)))
    data: cache_mod.CacheData | None = None
    if use_cache:
        data, reason = cache_mod.load(config.cache_dir, global_key)
        if reason:
            log(reason)
    articles, problems = load_articles(config, data, jobs)
    site = assemble(articles, drafts=config.drafts, editions=config.editions)
    result = BuildResult(site=site, problems=problems + list(site.problems))
    urls = Urls(config.base_url)
    pages = plan(site, urls, config) + _static_pages(chain)
    result.pages = len(pages)
    if not write:
        return result
    renderer = Renderer(config, urls, chain, config.drafts)
    keys = _page_keys(pages, renderer, global_key)
    old_keys = _trusted_keys(data, config.output_dir)
    if old_keys == keys and data is not None and data.files:
        result.kept = len(pages)  # nothing changed, and the output is as we left it
    else:
        _write(pages, keys, old_keys, renderer, config, result, jobs, reindex_search, log)
        if data is not None:
            data.files = manifest(config.output_dir)
    if data is not None:
        data.pages = keys
        cache_mod.save(config.cache_dir, data)
    result.seconds = time.perf_counter() - started
    return result


def _trusted_keys(data: cache_mod.CacheData | None, output: Path) -> dict[str, str]:
    """Page keys from the cache, for the files that are still exactly as the last build left
    them; an output changed by hand (or a stray file in it) is never trusted."""
    if data is None or not output.is_dir():
        return {}
    actual, expected = manifest(output), data.files
    if actual == expected:
        return data.pages
    data.files = {}  # the output was touched: the fast path must not be taken
    return {path: key for path, key in data.pages.items() if actual.get(path) == expected.get(path)}


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


def _page_keys(pages: list[Page], renderer: Renderer, global_key: str) -> dict[str, str]:
    memo: dict[str, str] = {}
    keys = {}
    for page in pages:
        template = page.template
        if template.endswith((".html", ".xml", ".txt")):
            try:
                template = themes.template_digest(renderer.env, template, memo)
            except Exception as error:
                raise BuildError(f"{page.template}: {describe(error)}") from None
        keys[page.path] = cache_mod.page_key(
            global_key, page.path, template, cache_mod.shape(page.context)
        )
    if len(keys) != len(pages):
        raise BuildError("two outputs would be written to the same path")
    return keys


_JOB: tuple[list[Page], Renderer, Staging] | None = None


def _write(
    pages: list[Page],
    keys: dict[str, str],
    old_keys: dict[str, str],
    renderer: Renderer,
    config: Config,
    result: BuildResult,
    jobs: int,
    reindex_search: bool,
    log: Callable[[str], None],
) -> None:
    global _JOB
    staging = Staging(config.output_dir)
    try:
        todo = []
        for index, page in enumerate(pages):
            if old_keys.get(page.path) == keys[page.path] and staging.keep(page.path):
                result.kept += 1
            else:
                todo.append(index)
        _JOB = (pages, renderer, staging)
        counts = _map(_render_many, _chunks(todo, jobs), jobs if len(todo) > PARALLEL_MIN else 1)
        result.written += sum(c[0] for c in counts)
        result.kept += sum(c[1] for c in counts)
        if config.search:
            changed = reindex_search and sum(c[0] for c in counts) > 0
            result.notes += search.index(staging, changed, log)
        staging.commit()
    except BaseException as error:
        staging.abort()
        if isinstance(error, BuildError | KeyboardInterrupt):
            raise
        raise BuildError(f"{type(error).__name__}: {error}") from error
    finally:
        _JOB = None


def _chunks(indices: list[int], jobs: int) -> list[list[int]]:
    size = max(1, len(indices) // (jobs * 8))
    return [indices[i : i + size] for i in range(0, len(indices), size)]


def _render_many(indices: list[int]) -> tuple[int, int]:
    """Render pages (in a worker after fork, or in-process); write those whose bytes changed."""
    assert _JOB is not None
    pages, renderer, staging = _JOB
    written = kept = 0
    for index in indices:
        page = pages[index]
        try:
            data = renderer.render(page)
        except Exception as error:
            raise BuildError(f"{page.path} ({page.template}): {describe(error)}") from None
        if staging.old_bytes(page.path) == data and staging.keep(page.path):
            kept += 1
        else:
            staging.write(page.path, data)
            written += 1
    return written, kept


def describe(error: BaseException) -> str:
    """A template error with its file and line, or the exception in one line."""
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    where = f"{name}:{line}: " if name and line else (f"{name}: " if name else "")
    return f"{where}{type(error).__name__}: {error}"
