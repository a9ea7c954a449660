"""Broadsheet's own search index: the words it cuts, the files it writes, and that a patched
index answers exactly as one made afresh."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builder import searchfiles, searchindex
from builder.model import Article, pack_body
from builder.output import Staging
from builder.searchstore import FILE, Store
from builder.searchwords import terms
from builder.urls import Urls

URLS = Urls("https://example.org/REPO/")


def story(n: int, body: str, title: str = "", day: int = 0) -> Article:
    date = dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=day or n)
    return Article(
        source=f"s{n}.md", title=title or f"Story {n}", date=date, slug=f"story-{n}",
        source_url=f"https://example.com/{n}", source_name="Example Times",
        packed_body=pack_body(f"<p>{body}</p>"), summary=body[:40], digest=f"{n}:{body}:{title}",
    )  # fmt: skip


def decoded(public: Path) -> dict[str, list[tuple[str, int]]]:
    """Each word → (link, in title) of the stories holding it, read from the files."""
    meta = json.loads((public / searchfiles.META).read_text(encoding="utf-8"))
    records = []
    for name in meta["docs"]:
        records += json.loads((public / searchfiles.FOLDER / f"{name}.json").read_text())
    assert len(records) == meta["n"]
    found: dict[str, list[tuple[str, int]]] = {}
    for first, name in zip(meta["words"], meta["files"], strict=True):
        words, gaps = json.loads((public / searchfiles.FOLDER / f"{name}.json").read_text())
        assert words[0] == first and words == sorted(words, key=searchfiles.utf16)
        for word, steps in zip(words, gaps, strict=True):
            value, hits = 0, []
            for step in steps:
                value += step
                hits.append((records[value >> 1][0], value & 1))
            assert word not in found
            found[word] = sorted(hits)
    return found


def publish(articles: list[Article], output: Path, store: Path | None) -> list[str]:
    """Index `articles` into `output` as a build does; the log lines."""
    log: list[str] = []
    staging = Staging(output)
    job = searchindex.IndexJob(tuple(searchindex.docs(articles, URLS)), store)
    job.run(staging, log.append)
    staging.commit()
    return log


def test_words_are_folded_and_cut_by_the_script() -> None:
    assert terms("Zürich's MAYOR, «Ça va»") == {"zurich", "s", "mayor", "ca", "va"}
    assert terms("snake_case e-mail 2024") == {"snake", "case", "e", "mail", "2024"}
    assert terms("שָׁלוֹם מُحَمَّد") >= {"שלום"}  # points and vowel marks are not typed
    assert terms("नमस्ते दुनिया") == {"नमस्ते", "दुनिया"}  # vowel signs stay in the word
    assert terms("서울시는 발표했다") == {"서울시는", "발표했다"}  # Korean has spaces
    assert terms("東京都の知事") == {"東京", "京都", "都の", "の知", "知事"}
    assert terms("ภาษาไทย") == {"ภา", "าษ", "ษา", "าไ", "ไท", "ทย"}
    assert terms("2024年に") == {"2024", "年に"}
    assert terms("🔥fire ＡＢＣ") == {"fire", "abc"}


def test_each_word_names_its_stories_and_whether_in_the_title(tmp_path: Path) -> None:
    articles = [story(1, "The harbour reopened."), story(2, "A storm.", title="Harbour news")]
    publish(articles, tmp_path / "public", None)
    index = decoded(tmp_path / "public")
    assert index["harbour"] == [("/REPO/articles/story-1/", 0), ("/REPO/articles/story-2/", 1)]
    assert index["storm"] == [("/REPO/articles/story-2/", 0)]
    assert index["example"] == [(f"/REPO/articles/story-{n}/", 0) for n in (1, 2)]  # source


def test_a_patched_index_answers_as_one_made_afresh(tmp_path: Path) -> None:
    stories = [story(n, f"Common words and a rare zq{n}ord here.") for n in range(40)]
    store = tmp_path / "cache"
    publish(stories, tmp_path / "public", store)
    stories[7] = story(7, "Edited: now about lighthouses and zq7ord.", title="Lighthouse")
    stories += [story(40, "A new one about lighthouses.")]
    log = publish(stories, tmp_path / "public", store)
    assert log == ["search: 2 stories re-indexed, 4 files written"]  # a word file, 2 of records
    publish(stories, tmp_path / "fresh", None)
    assert decoded(tmp_path / "public") == decoded(tmp_path / "fresh")
    assert "common" in decoded(tmp_path / "public")


def test_removed_and_backdated_stories_are_patched_too(tmp_path: Path) -> None:
    stories = [story(n, f"Words zq{n}ord.") for n in range(40)]
    store = tmp_path / "cache"
    publish(stories, tmp_path / "public", store)
    late = story(99, "An old story found late: zq99ord.", day=1)  # dated before all others
    now = [*stories[1:], late]
    assert publish(now, tmp_path / "public", store)[0].startswith("search: 2 stories re-indexed")
    publish(now, tmp_path / "fresh", None)
    assert decoded(tmp_path / "public") == decoded(tmp_path / "fresh")
    assert "zq0ord" not in decoded(tmp_path / "public")
    meta = json.loads((tmp_path / "public" / searchfiles.META).read_bytes())
    assert meta["n"] == 41  # the removed story's number stays empty; the late one is last


def test_many_removals_or_a_changed_output_make_the_index_afresh(tmp_path: Path) -> None:
    stories = [story(n, f"Words zq{n}ord.") for n in range(40)]
    store = tmp_path / "cache"
    publish(stories, tmp_path / "public", store)
    assert publish(stories[20:], tmp_path / "public", store) == ["search: 20 stories indexed"]
    (tmp_path / "public" / searchfiles.META).write_text("{}", encoding="utf-8")
    assert publish(stories[21:], tmp_path / "public", store) == ["search: 19 stories indexed"]
    assert "zq20ord" not in decoded(tmp_path / "public")


def test_a_word_file_that_grows_past_twice_its_size_is_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(searchfiles, "BUCKET_BYTES", 200)
    stories = [story(n, "alpha beta gamma") for n in range(30)]
    store = tmp_path / "cache"
    publish(stories, tmp_path / "public", store)
    files = len(json.loads((tmp_path / "public" / searchfiles.META).read_bytes())["files"])
    stories += [story(n, "alpha beta gamma delta epsilon") for n in range(30, 45)]
    publish(stories, tmp_path / "public", store)
    meta = json.loads((tmp_path / "public" / searchfiles.META).read_bytes())
    assert len(meta["files"]) > files
    publish(stories, tmp_path / "fresh", None)
    assert decoded(tmp_path / "public") == decoded(tmp_path / "fresh")


def test_a_store_that_cannot_be_read_is_started_afresh(tmp_path: Path) -> None:
    (tmp_path / FILE).write_bytes(b"not a database" * 100)
    with Store.open(tmp_path) as store:
        assert store.keys() == set() and store.layout() is None


def test_the_index_is_made_alongside_the_pages_only_when_they_are_as_many() -> None:
    docs = tuple(searchindex.docs([story(n, f"word{n}") for n in range(1, 6)], URLS))
    job = searchindex.IndexJob(docs, None, jobs=2)
    alongside = job.alongside(pages=5)
    assert alongside is not None and alongside.jobs == 1 and alongside.docs == docs
    assert job.alongside(pages=4) is None  # an edit: the index is patched after the pages
