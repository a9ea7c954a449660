"""Pagefind search (`search_engine = "pagefind"`) in shards, end to end: a site whose index
is split by date, an edit that re-indexes
one shard and links the rest, and a browser that finds a word from any article's body."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder import config as config_mod
from builder import pagefindshards as search
from builder.pipeline import build
from tests.conftest import read_tree, serve_folder

SITE = (
    'title = "Shards"\nbase_url = "https://example.org/REPO/"\ntimezone = "UTC"\n'
    'search_engine = "pagefind"\n'
)
STORY = (
    "---\ntitle: Report {n}\ndate: {date}\nsource_url: https://example.com/{n}\n---\n\n"
    "The council met again on the {n}th day. Its clerk, known as {word}, took notes.\n"
)
FRENCH = (
    "---\ntitle: Le conseil municipal\ndate: 2024-08-20\nlang: fr\n---\n\n"
    "Le conseil municipal s'est réuni. Son greffier, surnommé zqvélorine, a pris des notes.\n"
)
DATES = [
    f"{year}-{month:02d}-{day:02d}"
    for year in (2023, 2024)
    for month in (2, 8)
    for day in (3, 9, 17)
]


def word(n: int) -> str:
    """A made-up word found in one article's body only."""
    return "zq" + "".join("bcdfghjklmnprstvwx"[int(d) + 3] for d in f"{n:02d}") + "ovel"


def stamps(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Twelve articles over two years; shards of at most 4 pages, so each year (6 articles)
    splits into two quarters of 3: four shards."""
    monkeypatch.setattr(search, "SHARD_PAGES", 4)
    (tmp_path / "content").mkdir()
    (tmp_path / "site.toml").write_text(SITE, encoding="utf-8")
    for n, date in enumerate(DATES):
        text = STORY.format(n=n, date=date, word=word(n))
        (tmp_path / "content" / f"s{n:02d}.md").write_text(text, encoding="utf-8")
    (tmp_path / "content" / "fr.md").write_text(FRENCH, encoding="utf-8")
    return tmp_path


def bundles(site: Path) -> list[str]:
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    return list(manifest["bundles"])


def pages_in(site: Path, bundle: str) -> int:
    entry = json.loads((site / "pagefind" / bundle / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


def test_an_edit_reindexes_only_its_shard(project: Path) -> None:
    config = config_mod.load(project / "site.toml")
    site = config.output_dir
    logs: list[str] = []
    first = build(config, jobs=2, log=logs.append)
    assert not first.notes, first.notes
    names = bundles(site)
    assert len(names) == 4 and names[0] == "2024-q3/", names
    assert sum(pages_in(site, name) for name in names) == len(DATES) + 1
    assert "indexing 4 of 4 shard(s)" in " ".join(logs)
    before = {name: stamps(site / "pagefind" / name) for name in names}

    edited = project / "content" / "s01.md"  # 2023-02-09: the oldest shard
    edited.write_text(edited.read_text() + "\nA late correction.\n", encoding="utf-8")
    logs.clear()
    second = build(config, jobs=2, log=logs.append)
    assert second.written > 0 and "indexing 1 of 4 shard(s)" in " ".join(logs), logs
    after = {name: stamps(site / "pagefind" / name) for name in bundles(site)}
    assert after["2023-q1/"] != before["2023-q1/"]
    for name in ("2024-q3/", "2024-q1/", "2023-q3/"):
        assert after[name] == before[name], f"{name} should be linked, not re-indexed"

    logs.clear()  # without the cache every shard is indexed afresh, to the same bytes
    indexed = read_tree(site / "pagefind")
    build(config_mod.load(project / "site.toml"), use_cache=False, jobs=1, log=logs.append)
    assert "indexing 4 of 4 shard(s)" in " ".join(logs), logs
    assert read_tree(site / "pagefind") == indexed
    assert not any(p.name == search.DIGEST_FILE for p in site.rglob("*")), (
        "digests stay in the cache"
    )


@pytest.mark.browser
def test_a_word_from_any_articles_body_finds_it(project: Path, page) -> None:  # type: ignore[no-untyped-def]
    config = config_mod.load(project / "site.toml")
    assert not build(config, jobs=2).notes
    server, url = serve_folder(config.output_dir, "/REPO/")
    fetched: list[str] = []
    page.on("response", lambda response: fetched.append(response.url))
    try:
        page.goto(url + "search/")
        for n in (0, 5, 11):  # the oldest shard, a middle one, the newest
            page.fill(".pagefind-ui__search-input", word(n))
            link = page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
            assert link is not None
            assert link.inner_text() == f"Report {n}", word(n)
            page.fill(".pagefind-ui__search-input", "")
        page.fill(".pagefind-ui__search-input", "zqvélorine")  # a French story, English site
        link = page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        assert link is not None and link.inner_text() == "Le conseil municipal"
    finally:
        server.shutdown()
    for name in bundles(config.output_dir):  # every shard's index was consulted
        assert any(f"/pagefind/{name}" in address for address in fetched), name
