"""The live preview over a real socket, watched in headless Chromium."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path

import pytest

from tests.conftest import copy_sample
from tests.e2e.preview import Preview

pytestmark = pytest.mark.browser
SAVE_TO_REFRESH_BOUND = 8.0  # seconds


def curated_page(project: Path) -> Path:
    return sorted((project / "content").rglob("*.md"))[0]


def slug_of(page: Path) -> str:
    found = re.search(r"^slug:\s*(\S+)", page.read_text(encoding="utf-8"), re.MULTILINE)
    assert found, page
    return found.group(1)


def test_preview_serves_the_production_sub_path(preview: Preview) -> None:
    assert preview.url.endswith("/broadsheet/"), preview.url
    import urllib.request

    with urllib.request.urlopen(preview.url) as response:
        html = response.read().decode()
    assert "livereload" in html and 'href="/broadsheet/static/style.css"' in html


def test_saved_edit_shows_up_without_reloading(preview: Preview, page) -> None:  # type: ignore[no-untyped-def]
    article = curated_page(preview.project)
    preview.open(page, preview.url + f"articles/{slug_of(article)}/")
    marker = f"Edited while previewing {time.time_ns()}"
    started = time.monotonic()
    article.write_text(article.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
    page.wait_for_function(
        "text => document.body.innerText.includes(text)",
        arg=marker,
        timeout=SAVE_TO_REFRESH_BOUND * 1000,
    )
    took = time.monotonic() - started
    print(f"save-to-refresh: {took:.2f} s")
    assert took < SAVE_TO_REFRESH_BOUND


def test_broken_template_shows_an_error_page_then_recovers(preview: Preview, page) -> None:  # type: ignore[no-untyped-def]
    templates = preview.project / "overrides" / "templates"
    templates.mkdir(parents=True)
    preview.open(page, preview.url)
    broken = templates / "home.html"
    mark = len(preview.log)
    broken.write_text('{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n')
    page.wait_for_selector("#broadsheet-error", timeout=SAVE_TO_REFRESH_BOUND * 1000)
    message = page.inner_text("#broadsheet-error")
    assert "home.html" in message and ":3" in message, message
    preview.wait_for("Browser Connected", 15, start=mark)  # the error page listens too
    broken.write_text('{% extends "!default/home.html" %}\n')
    page.wait_for_selector(".masthead", timeout=SAVE_TO_REFRESH_BOUND * 1000)
    assert page.query_selector("#broadsheet-error") is None


def test_rebuilds_without_a_browser_and_drafts_are_marked(preview: Preview) -> None:
    import urllib.request

    draft = preview.project / "content" / "draft-story.md"
    draft.write_text(
        "---\ntitle: A story still in draft\ndate: 2024-11-09\ndraft: true\n---\n\nNot yet.\n",
        encoding="utf-8",
    )
    deadline = time.monotonic() + SAVE_TO_REFRESH_BOUND
    url = preview.url + "articles/a-story-still-in-draft/"
    while True:
        try:
            with urllib.request.urlopen(url) as response:
                html = response.read().decode()
            break
        except OSError:
            assert time.monotonic() < deadline, "no rebuild without a browser"
            time.sleep(0.1)
    assert "Draft" in html


def test_ctrl_c_stops_the_preview_cleanly(tmp_path: Path) -> None:
    import signal

    server = Preview(copy_sample(tmp_path))
    server.process.send_signal(signal.SIGINT)
    output = server.stop_after_signal()
    assert server.process.returncode == 0, output
    assert "Stopped." in output
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", server.port)) != 0, "port still open"


def test_a_new_story_is_searchable_after_the_rebuild_it_triggers(preview: Preview, page) -> None:  # type: ignore[no-untyped-def]
    mark = len(preview.log)
    story = preview.project / "content" / "skerryvore.md"
    story.write_text(
        "---\ntitle: Keepers return to Skerryvore\ndate: 2024-11-09\n---\n\n"
        "The Skerryvore keepers came back after forty years.\n",
        encoding="utf-8",
    )
    preview.wait_for(r"change: rebuilt", 15, start=mark)
    page.goto(preview.url + "search/")
    page.fill("#search input", "Skerryvore")
    link = page.wait_for_selector(".search-result-link", timeout=15000)
    assert link is not None and "Skerryvore" in link.inner_text()
