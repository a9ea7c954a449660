"""The incremental-build cache: a corrupt or stale cache is rebuilt, never trusted, and an
incremental build writes exactly what a cold build would, touching only the files that changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder import cache
from builder import config as config_mod
from builder.model import Article, Edition, pack_body
from builder.pipeline import build
from tests.conftest import ROOT, read_tree, stamps, write_tree

SITE_TOML = """\
title = "Cache Test Digest"
description = "Checking the incremental build"
base_url = "https://example.org/digest/"
author = "Curator"
timezone = "UTC"
search = false
"""
ARTICLES = {
    "2024/alpha.md": """---
title: Alpha harbour reopens
date: 2024-11-08T09:30:00+00:00
source_url: https://example.com/alpha
source_name: Example News
tags: [world, economy]
note: Why it *matters*.
---

Alpha body, the first paragraph of the story.

A second paragraph about the harbour.
""",
    "2024/beta.md": """---
title: Beta council budget
date: 2024-11-07
source_url: https://example.org/beta
tags: [politics]
---

Beta body about the council budget.
""",
    "2024/gamma.md": """---
title: Gamma storm warning
date: 2024-11-06
tags: [climate, world]
---

Gamma body about the storm.
""",
    "raw/delta.txt": """ date 2024-11-05 https://example.net/world/delta.html

Delta grid upgrade announced

Delta grid upgrade announced

05.11.2024

The grid operator said the upgrade starts in spring.Engineers will work at night.
""",
}
ARTICLE_OVERRIDE = """{% extends "!default/article.html" %}
{% block title %}{{ article.title }} | {{ site.title }}{% endblock %}
"""


CODE_VERSION = cache.code_version()


@pytest.fixture(autouse=True)
def same_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """One code version for the whole test, even if builder/ is edited while it runs (an
    upgrade between two builds is tested on its own, below)."""
    monkeypatch.setattr(cache, "code_version", lambda: CODE_VERSION)


def make_project(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    write_tree(folder / "content", ARTICLES)
    templates = folder / "overrides" / "templates"
    templates.mkdir(parents=True)
    (templates / "article.html").write_text(ARTICLE_OVERRIDE, encoding="utf-8")
    return folder


def load(project: Path) -> config_mod.Config:
    return config_mod.load(project / "site.toml")


_COLD: dict[bytes, dict[str, bytes]] = {}


def cold(project: Path, where: Path) -> dict[str, bytes]:
    """The same content and config built from nothing, without any cache (memoised by the
    project's inputs: many tests end with the same content)."""
    inputs = read_tree(project / "content") | read_tree(project / "overrides")
    inputs["site.toml"] = (project / "site.toml").read_bytes()
    digest = hashlib.sha256(repr(sorted(inputs.items())).encode()).digest()
    if digest not in _COLD:
        config = dataclasses.replace(load(project), output_dir=where)
        build(config, use_cache=False, jobs=1)
        _COLD[digest] = read_tree(where)
    return _COLD[digest]


def cached_build(project: Path) -> list[str]:
    notes: list[str] = []
    result = build(load(project), jobs=1, log=notes.append)
    assert not result.errors, result.errors
    return notes


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- corrupt or stale caches ------------------------------------------------------------------


def shard_files(project: Path) -> list[Path]:
    return sorted((project / ".cache" / "broadsheet").glob("articles-*.pickle"))


def shard_path(project: Path, rel: str) -> Path:
    return project / ".cache" / "broadsheet" / f"articles-{cache.shard_of(rel):02d}.pickle"


def truncate_state(project: Path) -> None:
    state = project / ".cache" / "broadsheet" / "state.pickle"
    state.write_bytes(state.read_bytes()[: state.stat().st_size // 2])


def flip_shard_bytes(project: Path) -> None:
    shard = shard_path(project, "2024/alpha.md")
    data = bytearray(shard.read_bytes())
    for index in range(len(data) - 40, len(data) - 10, 3):
        data[index] ^= 0xFF
    shard.write_bytes(bytes(data))


def shard_from_another_version(project: Path) -> None:
    """A well-formed shard that says the unchanged alpha.md holds other text: only the checksum
    the state recorded for it can tell it is not the one this build wrote."""
    rel = "2024/alpha.md"
    stat = (project / "content" / rel).stat()
    poison = Article(
        source=rel,
        title="POISONED TITLE",
        date=dt.datetime(2024, 11, 8, tzinfo=dt.UTC),
        slug="poisoned",
        source_url="https://example.com/poison",
        source_name="Poison",
        packed_body=pack_body("<p>POISONED BODY</p>"),
    )
    entry = cache.IngestEntry(stat.st_size, stat.st_mtime_ns, poison, [])
    cache._write(shard_path(project, rel), {rel: entry})


def shard_with_another_format(project: Path) -> None:
    shard = shard_path(project, "2024/alpha.md")
    data = shard.read_bytes()
    shard.write_bytes(data.replace(cache.FORMAT, b"broadsheet-cache-0\n", 1))


def missing_shard(project: Path) -> None:
    shard_path(project, "2024/alpha.md").unlink()


def state_of_the_wrong_type(project: Path) -> None:
    """A checksum-valid state.pickle holding something that is not a CacheData."""
    cache._write(project / ".cache" / "broadsheet" / "state.pickle", {"pages": {}, "files": {}})


def unpicklable_with_a_valid_checksum(project: Path) -> None:
    payload = pickle.dumps({"x": 1})[:-3]  # a valid header and checksum over a broken pickle
    digest = cache._checksum(payload)
    (project / ".cache" / "broadsheet" / "state.pickle").write_bytes(
        cache.FORMAT + digest.encode() + b"\n\n" + payload
    )


def random_garbage(project: Path) -> None:
    rng = random.Random(7)
    for path in [project / ".cache" / "broadsheet" / "state.pickle", *shard_files(project)]:
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))))


def no_state(project: Path) -> None:
    (project / ".cache" / "broadsheet" / "state.pickle").unlink()


CORRUPTIONS = [
    truncate_state,
    flip_shard_bytes,
    shard_from_another_version,
    shard_with_another_format,
    missing_shard,
    state_of_the_wrong_type,
    unpicklable_with_a_valid_checksum,
    random_garbage,
    no_state,
]
REPORTED = {
    truncate_state,
    flip_shard_bytes,
    shard_from_another_version,
    shard_with_another_format,
    missing_shard,
    unpicklable_with_a_valid_checksum,
    random_garbage,
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS, ids=lambda f: f.__name__)
def test_a_corrupt_cache_is_rebuilt_never_trusted(tmp_path: Path, corrupt) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "project")
    cached_build(project)
    corrupt(project)
    # an edit makes the build read the article shards, not just the state; and the output was
    # changed by hand as well: nothing may be kept on the cache's word
    edit(project / "content" / "2024" / "beta.md", "council budget.", "council budget, again.")
    (project / "public" / "index.html").write_text("tampered", encoding="utf-8")
    notes = cached_build(project)
    built = read_tree(project / "public")
    assert built == cold(project, tmp_path / "cold")
    assert not any(b"POISON" in data for data in built.values())
    if corrupt in REPORTED:
        assert any("rebuilding" in n or "re-reading" in n for n in notes), notes
    # and the cache is healthy again: the next build keeps everything
    again = build(load(project), jobs=1)
    assert again.written == 0 and again.kept == again.pages > 0
    assert read_tree(project / "public") == built


def poison(project: Path, key: str | None = None) -> None:
    """Rewrite the cache consistently (valid checksums) so that it says alpha.md, unchanged on
    disk, holds a poisoned article; `key` stands for the code and config it was made with."""
    folder = project / ".cache" / "broadsheet"
    data = cache._read(folder / "state.pickle")[0]
    assert cache.load_ingest(folder, data) == ""
    entry = data.ingest["2024/alpha.md"]
    assert entry.article is not None
    entry.article = dataclasses.replace(entry.article, title="POISONED TITLE")
    data.key = key or data.key
    cache.save(folder, data)
    # an edit elsewhere makes the next build use the cached articles instead of returning early
    edit(project / "content" / "2024" / "beta.md", "council budget.", "council budget, again.")


def test_a_consistent_cache_of_the_same_code_and_config_is_used(tmp_path: Path) -> None:
    """The control for the two tests below: their poison would show if the cache were used."""
    project = make_project(tmp_path / "project")
    cached_build(project)
    poison(project)
    cached_build(project)
    assert b"POISONED TITLE" in (project / "public" / "feed.xml").read_bytes()


def test_a_cache_written_by_other_code_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    monkeypatch.setattr(cache, "code_version", lambda: "an older builder")
    cached_build(project)
    poison(project)
    monkeypatch.setattr(cache, "code_version", lambda: CODE_VERSION)
    cached_build(project)
    built = read_tree(project / "public")
    assert not any(b"POISON" in data for data in built.values())
    assert built == cold(project, tmp_path / "cold")


def test_a_cache_written_by_a_different_config_is_not_used(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    edit(project / "site.toml", 'title = "Cache Test Digest"', 'title = "Another Digest"')
    cached_build(project)
    poison(project)
    edit(project / "site.toml", 'title = "Another Digest"', 'title = "Cache Test Digest"')
    cached_build(project)
    built = read_tree(project / "public")
    assert not any(b"POISON" in data for data in built.values())
    assert b"Cache Test Digest" in built["index.html"] and b"Another" not in built["index.html"]
    assert built == cold(project, tmp_path / "cold")


def test_a_shard_in_doubt_is_dropped_and_reported(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    cached_build(project)
    folder = project / ".cache" / "broadsheet"
    data, reason = cache.load(folder, cache._read(folder / "state.pickle")[0].key)
    assert reason == "" and data.shard_digests
    assert cache.load_ingest(folder, data) == ""
    assert set(data.ingest) == set(ARTICLES)
    shard_from_another_version(project)
    note = cache.load_ingest(folder, data)
    assert note.startswith("1 cache file(s)")
    assert "2024/alpha.md" not in data.ingest
    assert set(data.ingest) == set(ARTICLES) - {"2024/alpha.md"}


# --- shape and page_key --------------------------------------------------------------------------


def article(**changes: object) -> Article:
    base = {
        "source": "a.md",
        "title": "Title",
        "date": dt.datetime(2024, 11, 8, tzinfo=dt.UTC),
        "slug": "title",
        "source_url": "https://example.com/a",
        "source_name": "Example",
        "tags": ("world",),
        "digest": "d1",
    }
    return Article(**{**base, **changes})  # type: ignore[arg-type]


def edition(*articles: Article, title: str = "8 November 2024") -> Edition:
    day = dt.date(2024, 11, 8)
    return Edition("2024-11-08", title, day, day, tuple(articles))


def context(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "title": "Archive",
        "articles": (article(), article(source="b.md", slug="b", digest="d2")),
        "pager": {"number": 1, "total": 2, "prev": "", "next": "archive/page/2/"},
        "edition": edition(article()),
    }
    return {**base, **changes}


def test_shape_is_equal_for_equal_contexts_built_separately() -> None:
    memo: dict[int, str] = {}
    one, two = context(), context()  # the memo is keyed by id: the objects must stay alive
    assert cache.shape(one) == cache.shape(two) == cache.shape(one, memo)
    assert cache.shape(two, memo) == cache.shape(one, memo) == cache.shape(one)
    reordered = dict(reversed(list(context().items())))
    assert cache.shape(reordered) == cache.shape(context())


@pytest.mark.parametrize(
    "changed",
    [
        {"title": "Archive 2"},
        {"pager": {"number": 2, "total": 2, "prev": "archive/", "next": ""}},
        {"articles": (article(),)},
        {"articles": (article(source="b.md", slug="b", digest="d2"), article())},
        {"articles": (article(digest="edited"), article(source="b.md", slug="b", digest="d2"))},
        {"articles": (article(slug="moved"), article(source="b.md", slug="b", digest="d2"))},
        {"articles": (article(tags=("x",)), article(source="b.md", slug="b", digest="d2"))},
        {"articles": (article(source_name="Y"), article(source="b.md", slug="b", digest="d2"))},
        {"edition": edition(article(), title="Friday 8 November")},
        {"edition": edition(article(digest="edited"))},
        {"edition": None},
        {"extra": 1},
    ],
    ids=repr,
)
def test_shape_differs_when_a_context_value_differs(changed: dict[str, object]) -> None:
    assert cache.shape(context(**changed)) != cache.shape(context())
    memo: dict[int, str] = {}
    old, new = context(), context(**changed)  # alive together, as in a build
    cache.shape(old, memo)  # a warm memo must not hide the difference
    assert cache.shape(new, memo) != cache.shape(old, memo)


identifiers = st.text(alphabet="abc_", min_size=1, max_size=4)
scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(identifiers, inner, max_size=3),
    max_leaves=8,
)


def canonical(value: object) -> object:
    """What a context means for its page: dict order does not matter, types do (1 vs True)."""
    if isinstance(value, dict):
        return ("dict", tuple(sorted((k, canonical(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("list", tuple(canonical(v) for v in value))
    return ("value", repr(value))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(identifiers, values, max_size=4), st.dictionaries(identifiers, values))
def test_shape_tells_plain_contexts_apart(one: dict[str, object], two: dict[str, object]) -> None:
    assert (cache.shape(one) == cache.shape(two)) == (canonical(one) == canonical(two))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(identifiers, values, max_size=4), st.data())
def test_shape_differs_after_one_change(one: dict[str, object], data: st.DataObject) -> None:
    two = dict(one)
    key = data.draw(identifiers)
    two[key] = data.draw(values.filter(lambda v: canonical(v) != canonical(one.get(key, ...))))
    assert cache.shape(two) != cache.shape(one)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(identifiers, values, max_size=4))
def test_shape_of_a_copy_is_the_same(one: dict[str, object]) -> None:
    copy = pickle.loads(pickle.dumps(one))
    assert cache.shape(copy) == cache.shape(one)


def test_page_key_is_stable_and_separates_its_parts() -> None:
    key = cache.page_key("global", "index.html", "home.html", "{x=1}")
    assert key == cache.page_key("global", "index.html", "home.html", "{x=1}")
    assert len(key) == 32 and int(key, 16) >= 0
    assert cache.page_key("ab", "c") != cache.page_key("a", "bc")
    assert cache.page_key("a", "b") != cache.page_key("b", "a")
    # the same in a fresh interpreter with another hash seed: keys survive across builds
    code = (
        "from builder.cache import page_key\n"
        "print(page_key('global', 'index.html', 'home.html', '{x=1}'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        check=True,
    )
    assert done.stdout.strip() == key


# --- incremental builds ------------------------------------------------------------------------


def incremental(project: Path, tmp_path: Path, change) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Build, change something, build again; check the result against a cold build and that
    exactly the files whose bytes changed were rewritten. Returns what was rewritten/kept."""
    cached_build(project)
    output = project / "public"
    before, before_stamps = read_tree(output), stamps(output)
    change(project)
    result = build(load(project), jobs=1)
    after, after_stamps = read_tree(output), stamps(output)
    assert after == cold(project, tmp_path / "cold"), "incremental output differs from cold"
    rewritten, kept = [], []
    for rel in sorted(set(before) & set(after)):
        if before[rel] == after[rel]:
            kept.append(rel)
            assert after_stamps[rel] == before_stamps[rel], f"{rel} unchanged but rewritten"
        else:
            rewritten.append(rel)
            assert after_stamps[rel] != before_stamps[rel]
    assert rewritten and kept, (rewritten, kept)
    new = sorted(set(after) - set(before))
    assert result.written == len(rewritten) + len(new)
    return {"rewritten": rewritten, "kept": kept, "new": new}


def edit_article(project: Path) -> None:
    edit(project / "content" / "2024" / "gamma.md", "about the storm.", "about the big storm.")


def edit_template(project: Path) -> None:
    edit(project / "overrides" / "templates" / "article.html", " | ", " — ")


def edit_config(project: Path) -> None:
    (project / "site.toml").write_text(SITE_TOML + "per_page = 2\n", encoding="utf-8")


def test_incremental_rebuild_after_editing_an_article(tmp_path: Path) -> None:
    done = incremental(make_project(tmp_path / "project"), tmp_path, edit_article)
    assert "articles/gamma-storm-warning/index.html" in done["rewritten"]
    assert "articles/alpha-harbour-reopens/index.html" in done["kept"]
    assert "static/style.css" in done["kept"]


def test_incremental_rebuild_after_editing_a_template(tmp_path: Path) -> None:
    done = incremental(make_project(tmp_path / "project"), tmp_path, edit_template)
    articles = [r for r in done["rewritten"] if r.startswith("articles/")]
    assert len(articles) == len(ARTICLES)
    assert set(done["rewritten"]) == set(articles), "only article pages use article.html"


def test_incremental_rebuild_after_editing_site_toml(tmp_path: Path) -> None:
    done = incremental(make_project(tmp_path / "project"), tmp_path, edit_config)
    assert "archive/page/2/index.html" in done["new"]
    assert "archive/index.html" in done["rewritten"]
    assert "articles/alpha-harbour-reopens/index.html" in done["kept"]


def test_all_three_edits_at_once_equal_a_cold_build(tmp_path: Path) -> None:
    def everything(project: Path) -> None:
        edit_article(project)
        edit_template(project)
        edit_config(project)

    incremental(make_project(tmp_path / "project"), tmp_path, everything)


def test_an_unchanged_rebuild_writes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    cached_build(project)
    before = stamps(project / "public")
    result = build(load(project), jobs=1)
    assert result.written == 0 and result.kept == result.pages
    assert stamps(project / "public") == before


def touch_all(folder: Path, seconds: int = 3600) -> None:
    """New mtimes, same bytes: what a fresh checkout does to every file."""
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 10**9))


def test_new_mtimes_on_the_same_bytes_re_read_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    first = build(load(project), jobs=1)
    assert first.read == len(ARTICLES)
    before = read_tree(project / "public")
    touch_all(project / "content")
    touched = build(load(project), jobs=1)
    assert touched.read == 0 and touched.written == 0, (touched.read, touched.written)
    assert read_tree(project / "public") == before
    # the new mtimes were saved: the next build does not hash again, and skips everything
    again = build(load(project), jobs=1)
    assert again.site is None and again.read == 0


def test_same_size_other_bytes_and_a_new_story_are_read_again(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    cached_build(project)
    touch_all(project / "content")
    edit(project / "content" / "2024" / "gamma.md", "storm.", "STORM.")  # same size
    text = ARTICLES["2024/beta.md"].replace("/beta", "/zeta").replace("Beta", "Zeta")
    (project / "content" / "2024" / "zeta.md").write_text(text, encoding="utf-8")
    result = build(load(project), jobs=1)
    assert result.read == 2
    assert read_tree(project / "public") == cold(project, tmp_path / "cold")
    assert (
        "about the STORM."
        in (project / "public/articles/gamma-storm-warning/index.html").read_text()
    )


@pytest.mark.parametrize("where", ["file", "parent-file"])
def test_a_cache_folder_that_cannot_be_written_is_a_warning(tmp_path: Path, where: str) -> None:
    """A regular file where the cache folder should be stops writes even for root."""
    project = make_project(tmp_path / "project")
    blocker = project / ".cache" / ("broadsheet" if where == "file" else "")
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a folder", encoding="utf-8")
    for _ in range(2):  # the second build meets the same file again
        done = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "build", "--config", "site.toml"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert "warning: cannot write the build cache" in done.stderr, done.stderr
        assert (project / "public" / "index.html").is_file()
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@given(st.text())
def test_a_packed_body_survives_the_cache_as_written(html: str) -> None:
    packed = article(packed_body=pack_body(html))
    assert packed.body_html == html
    assert pickle.loads(pickle.dumps(packed)).body_html == html
