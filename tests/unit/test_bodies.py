"""Article bodies kept in the cache's body store, not in the build's memory: read back the
same here and in forked workers, and a cached article whose body is gone is read again."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder import bodies, cache
from builder.model import Article, pack_body
from builder.parallel import MIN_ITEMS, parallel_map
from builder.pipeline import build
from tests.conftest import read_tree
from tests.unit.test_cache import cold, load, make_project


def slim(html: str) -> tuple[Article, bytes]:
    packed = pack_body(html)
    article = Article(
        source="a.md", title="A", date=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), slug="a",
        source_url="https://e.org/a",
        source_name="E", body_key=bodies.key_of(packed),
    )  # fmt: skip
    return article, packed


@contextlib.contextmanager
def holding(folder: Path, *stored: tuple[str, bytes]) -> Iterator[bodies.Store]:
    """The body store in `folder`, in use, with `stored` (key, packed body) put in it."""
    with bodies.use(folder) as store:
        assert store is not None
        store.put(stored)
        yield store


def test_a_body_is_read_back_here_and_in_forked_workers(tmp_path: Path) -> None:
    article, packed = slim("<p>Zürich’s harbour, «reopened» — 港口</p>\n")
    with holding(tmp_path, (article.body_key, packed)):
        assert article.body_html == "<p>Zürich’s harbour, «reopened» — 港口</p>\n"

        def read(_: int) -> tuple[str, int]:
            time.sleep(0.002)  # long enough that the builder cannot take every chunk
            return article.body_html, os.getpid()

        found = parallel_map(read, list(range(2 * MIN_ITEMS)), jobs=2)
        assert {html for html, _ in found} == {article.body_html}
        assert len({pid for _, pid in found}) == 2  # a worker read it through its own connection
        assert article.body_html  # and the builder's connection still works after the fork


def test_a_missing_body_or_no_open_store_is_an_error_naming_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bodies, "_store", None)  # no build has used a store in this process
    article, _ = slim("<p>Never stored.</p>")
    with pytest.raises(LookupError, match="no body store is open"):
        _ = article.body_html
    with bodies.use(tmp_path), pytest.raises(LookupError, match=article.body_key):
        _ = article.body_html


def test_bodies_stay_readable_after_the_build_that_stored_them(tmp_path: Path) -> None:
    """`newsletter` renders an edition from the site a build returned."""
    article, packed = slim("<p>Read later.</p>")
    with holding(tmp_path, (article.body_key, packed)):
        pass
    assert article.body_html == "<p>Read later.</p>"


def test_a_store_that_cannot_be_opened_leaves_the_bodies_in_memory(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder should be", encoding="utf-8")
    with bodies.use(tmp_path / "cache") as store:
        assert store is None


def test_a_store_that_cannot_be_read_is_started_afresh(tmp_path: Path) -> None:
    (tmp_path / bodies.FILE).write_bytes(b"not a database" * 100)
    with bodies.use(tmp_path) as store:
        assert store is not None and store.keys() == set()


def test_prune_drops_only_bodies_no_article_names_once_they_are_many(tmp_path: Path) -> None:
    packed = {bodies.key_of(f"{n}".encode()): f"{n}".encode() for n in range(40)}
    with holding(tmp_path, *packed.items()) as store:
        kept = set(list(packed)[:10])
        store.prune(kept)
        assert store.keys() == kept
        store.prune(set(list(packed)[:5]))  # five spare of ten: too few to be worth a prune
        assert store.keys() == kept


def test_a_cached_build_keeps_keys_not_bodies_and_rebuilds_a_lost_store(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    first = build(load(project), jobs=1)
    assert not first.errors and first.read > 0
    shards = sorted((project / ".cache").rglob("articles-*.pickle"))
    entries = [e for shard in shards for e in cache._read(shard)[0].values()]
    articles = [e.article for e in entries if e.article is not None]
    assert articles and all(a.body_key and not a.packed_body for a in articles)
    # the store lost: every cached article is read again, and the site is the same
    (next((project / ".cache").rglob(bodies.FILE))).unlink()
    (project / "content" / "2024" / "gamma.md").touch()  # some input changed: no early stop
    again = build(load(project), jobs=1)
    assert again.read == first.read and not again.errors
    assert read_tree(project / "public") == cold(project, tmp_path / "cold")
