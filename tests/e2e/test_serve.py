"""The live preview over a real socket, watched in headless Chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_sample

pytestmark = pytest.mark.browser
SAVE_TO_REFRESH_BOUND = 8.0  # seconds; the preview polls inputs every 0.25 s


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Preview:
    """`build.py serve` in a subprocess; its output is collected by a thread as it comes."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "build.py"),
                "serve",
                "--config",
                str(project / "site.toml"),
                "--port",
                str(self.port),
            ],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.log: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()
        self.url = self.wait_for(r"Serving the preview at (\S+)", 60).group(1)
        self._wait_for_socket()

    def _collect(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line)

    def wait_for(self, pattern: str, timeout: float, start: int = 0) -> re.Match[str]:
        """The first output line from `start` on matching `pattern`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.log[start:]:
                if found := re.search(pattern, line):
                    return found
            if self.process.poll() is not None and not self.process.stdout:
                break
            time.sleep(0.02)
        raise AssertionError(f"no {pattern!r} in the output:\n" + "".join(self.log))

    def _wait_for_socket(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError("preview socket never opened")

    def open(self, page, url: str) -> None:  # type: ignore[no-untyped-def]
        """Load a page and wait until its live-reload connection is up."""
        mark = len(self.log)
        page.goto(url)
        self.wait_for("Browser Connected", 15, start=mark)

    def stop_after_signal(self, timeout: float = 10) -> str:
        """Wait for the server to exit by itself (after a signal); its whole output."""
        self.process.wait(timeout=timeout)
        time.sleep(0.1)
        return "".join(self.log)

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return "".join(self.log)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    server = Preview(copy_sample(tmp_path))
    yield server
    server.stop()


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


def test_a_new_story_becomes_searchable_once_the_files_are_still(preview: Preview, page) -> None:  # type: ignore[no-untyped-def]
    mark = len(preview.log)
    story = preview.project / "content" / "skerryvore.md"
    story.write_text(
        "---\ntitle: Keepers return to Skerryvore\ndate: 2024-11-09\n---\n\n"
        "The Skerryvore keepers came back after forty years.\n",
        encoding="utf-8",
    )
    preview.wait_for(r"change: rebuilt", 15, start=mark)
    preview.wait_for(r"search: index updated", 30, start=mark)
    page.goto(preview.url + "search/")
    page.fill(".pagefind-ui__search-input", "Skerryvore")
    link = page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    assert link is not None and "Skerryvore" in link.inner_text()
