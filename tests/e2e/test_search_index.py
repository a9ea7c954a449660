"""Broadsheet's own search in Chromium: the page cuts a query into words as the build cut the
stories (builder/searchwords.py and static/search.js agree), in every script; a word from any
story's body finds it; several words narrow; a word's start finds the longer word; results
come ten at a time; a query fetches a few small files, not the index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from builder import config as config_mod
from builder import searchfiles
from builder.pipeline import build
from tests.conftest import serve_folder

SITE = 'title = "Finder"\nbase_url = "https://example.org/REPO/"\ntimezone = "UTC"\n'
STORY = "---\ntitle: {title}\ndate: 2024-03-{day:02d}\nlang: {lang}\n---\n\n{body}\n"
STORIES = {  # title → (language, body)
    "Zurich council": ("de", "Der Stadtrat von Zürich tagte über die Brücke."),
    "Tokyo governor": ("ja", "東京都の知事は新しい計画を発表した。"),
    "Beijing rail": ("zh", "北京市政府宣布了新的高铁线路。"),
    "Bangkok market": ("th", "ตลาดน้ำในกรุงเทพมหานครเปิดใหม่"),
    "Jerusalem library": ("he", "הספרייה בירושלים נפתחה מחדש"),
    "Delhi metro": ("hi", "दिल्ली मेट्रो की नई लाइन खुली।"),
    "Seoul budget": ("ko", "서울시는 새로운 예산을 발표했다."),
    "Harbour reopens": ("en", "The harbour reopened after the storm, officials said."),
}
COMMON = "The council met again; its clerk took notes about the weather."


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("finder")
    content = project / "content"
    content.mkdir()
    (project / "site.toml").write_text(SITE, encoding="utf-8")
    for day, (title, (lang, body)) in enumerate(STORIES.items(), start=1):
        text = STORY.format(title=title, day=day, lang=lang, body=body)
        (content / f"s{day}.md").write_text(text, encoding="utf-8")
    for n in range(25):  # 25 stories share every word of COMMON: three pages of results
        text = STORY.format(title=f"Routine {n}", day=10 + n % 18, lang="en", body=COMMON)
        (content / f"r{n:02d}.md").write_text(text, encoding="utf-8")
    config = config_mod.load(project / "site.toml")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(searchfiles, "BUCKET_BYTES", 100)  # many word files, as on a big site
        assert not build(config, jobs=1).notes
    return config.output_dir


def titles(page: Any, query: str) -> list[str]:
    page.fill("#search input", query)
    page.wait_for_function(
        "q => document.querySelector('#search input').value === q"
        " && document.querySelector('.search-status').textContent !== ''",
        arg=query,
    )
    page.wait_for_timeout(400)  # the results of the last keystroke, not an earlier one
    return [" ".join(t.split()) for t in page.locator(".search-result-link").all_text_contents()]


@pytest.mark.browser
def test_queries_in_every_script_find_their_story(site: Path, page) -> None:  # type: ignore[no-untyped-def]
    server, url = serve_folder(site, "/REPO/")
    try:
        page.goto(url + "search/")
        page.wait_for_selector("#search input")
        assert titles(page, "zurich") == ["Zurich council"]  # no accent typed
        assert titles(page, "ZÜRICH brücke") == ["Zurich council"]
        assert titles(page, "知事") == ["Tokyo governor"]  # two characters inside a sentence
        assert titles(page, "高铁线路") == ["Beijing rail"]
        assert titles(page, "กรุงเทพ") == ["Bangkok market"]
        assert titles(page, "בירושלים") == ["Jerusalem library"]
        assert titles(page, "मेट्रो") == ["Delhi metro"]
        assert titles(page, "서울시는") == ["Seoul budget"]
        assert titles(page, "harb") == ["Harbour reopens"]  # the start of a word
        assert titles(page, "harbour storm") == ["Harbour reopens"]
        assert titles(page, "harbour brücke") == []  # every word must be there
        assert page.locator(".search-status").inner_text() == "No stories found."
        link = page.locator(".search-result-link")
        titles(page, "harbour")
        assert link.first.get_attribute("href") == "/REPO/articles/harbour-reopens/"
    finally:
        server.shutdown()


@pytest.mark.browser
def test_results_come_ten_at_a_time_and_a_query_reads_only_its_files(site: Path, page) -> None:  # type: ignore[no-untyped-def]
    server, url = serve_folder(site, "/REPO/")
    fetched: list[str] = []
    page.on("response", lambda response: fetched.append(response.url))
    try:
        page.goto(url + "search/")
        page.wait_for_selector("#search input")
        before = len(fetched)
        found = titles(page, "clerk weather")
        assert len(found) == 10 and page.locator(".search-status").inner_text().endswith("25")
        meta = json.loads((site / searchfiles.META).read_text(encoding="utf-8"))
        asked = {u.rpartition("/")[2].removesuffix(".json") for u in fetched[before:]}
        words, records = asked & set(meta["files"]), asked & set(meta["docs"])
        assert len(meta["files"]) > 10 and 1 <= len(words) <= 2 * 3  # two words, a prefix each
        assert records and len(records) <= 2  # the ten newest: numbers 23 to 32, two files
        page.click(".search-more")
        page.wait_for_function("document.querySelectorAll('.search-result').length === 20")
        page.click(".search-more")
        page.wait_for_function("document.querySelectorAll('.search-result').length === 25")
        assert page.locator(".search-more").is_hidden()
        shown = [
            " ".join(t.split()) for t in page.locator(".search-result-link").all_text_contents()
        ]
        assert sorted(shown) == sorted(f"Routine {n}" for n in range(25))
    finally:
        server.shutdown()
