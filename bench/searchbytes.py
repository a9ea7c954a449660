"""Bytes a browser fetches to search a built site: the search page's load, then a one-word
query typed into it, in headless Chromium (Debian's) over a local HTTP server.

Whatever the search page does (Broadsheet's own index, or Pagefind's shards merged in the
browser), every response body is counted. The word comes from a random English article of the
corpus (a rare one among a sample of words of six letters or more), and that article must be
among the results, through the page's own "load more" button.
"""

from __future__ import annotations

import functools
import http.server
import random
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [  # as tests/conftest.py launches it
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SAMPLE = 2000  # files read to find a rare word
LINK = ".search-result-link, .pagefind-ui__result-link"  # Broadsheet's own search, Pagefind's


@dataclass
class SearchBytes:
    word: str
    page_bytes: int  # the search page and what it loads before anything is typed
    query_bytes: int  # everything fetched after the word is typed, until the network is still
    query_requests: int
    found: bool  # the article the word came from is among the results
    error: str = ""


def pick_word(corpus: Path, seed: int = 1) -> tuple[str, str]:
    """(word, title of the English article it comes from)."""
    rng = random.Random(seed)
    files = sorted(corpus.rglob("*.txt"))
    sample = [f.read_text(encoding="utf-8") for f in rng.sample(files, min(SAMPLE, len(files)))]
    for text in sample:
        lines = text.split("\n")
        body = lines[-2] if len(lines) > 2 else ""
        if len(lines) < 9 or body.count(" the ") < 5:  # not English
            continue
        candidates = sorted(set(re.findall(r"(?<![\w.@/#-])[a-z]{6,}(?![\w@/])", body)))
        if not candidates:
            continue
        rng.shuffle(candidates)
        word = min(candidates[:40], key=lambda w: sum(w in other for other in sample))
        return word, lines[2].strip()
    raise ValueError(f"{corpus}: no English article with a word of six letters or more")


def measure_search(public: Path, corpus: Path, seed: int = 1) -> SearchBytes:
    word, title = pick_word(corpus, seed)
    if not CHROMIUM.exists():
        return SearchBytes(word, 0, 0, 0, False, "Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(public))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS
            )  # a fresh, empty user data dir for each launch: nothing cached
            try:
                url = f"http://127.0.0.1:{server.server_address[1]}/search/"
                return _search(browser.new_context(), url, word, title)
            finally:
                browser.close()
    finally:
        server.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Network:
    """Every request of a browser context: settled when none is pending for a while."""

    def __init__(self, context: Any) -> None:
        self.finished: list[Any] = []
        self.pending = 0
        self.last = time.monotonic()
        context.on("request", self._started)
        context.on("requestfinished", self._ended)
        context.on("requestfailed", self._failed)

    def _started(self, request: Any) -> None:
        self.pending += 1
        self.last = time.monotonic()

    def _ended(self, request: Any) -> None:
        self.pending -= 1
        self.last = time.monotonic()
        self.finished.append(request)

    def _failed(self, request: Any) -> None:
        self.pending -= 1
        self.last = time.monotonic()

    def settle(self, page: Any, quiet: float = 1.0, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)  # lets Playwright deliver the events
            if self.pending <= 0 and time.monotonic() - self.last >= quiet:
                return

    def body_bytes(self, start: int = 0) -> int:
        return sum(map(_size, self.finished[start:]))


def _size(request: Any) -> int:
    """The response body's size as sent; Chromium reports 0 for some (a worker's script)."""
    size = int(request.sizes()["responseBodySize"])
    response = request.response()
    if size > 0 or response is None:
        return max(size, 0)
    try:
        return len(response.body())
    except Exception:  # a body the browser no longer holds
        return 0


def _search(context: Any, url: str, word: str, title: str) -> SearchBytes:
    network = _Network(context)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_selector("#search input", timeout=30_000)
    network.settle(page)
    page_bytes = network.body_bytes()
    mark = len(network.finished)
    page.fill("#search input", word)
    page.wait_for_selector(
        f"{LINK}, .search-status:not(:empty), .pagefind-ui__message", timeout=120_000
    )
    network.settle(page)
    query_bytes = network.body_bytes(mark)
    requests = len(network.finished) - mark
    found = _find(page, title)
    return SearchBytes(word, page_bytes, query_bytes, requests, found)


def _find(page: Any, title: str, clicks: int = 200) -> bool:
    """Is a result titled `title`? Press "load more" until it shows or the results end."""
    wanted = " ".join(title.split())
    for _ in range(clicks):
        page.wait_for_timeout(300)
        titles = page.locator(LINK).all_text_contents()
        if any(" ".join(t.split()) == wanted for t in titles):
            return True
        more = page.locator(".search-more, .pagefind-ui__button")
        if more.count() == 0 or not more.first.is_visible():
            return False
        more.first.click()
    return False
