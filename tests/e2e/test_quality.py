"""Front-end quality of both built-in themes, checked with real tools.

The Nu Html Checker validates every page of both builds in one Java run; axe-core runs in
Debian's Chromium in light and dark mode; phone widths must not scroll sideways; the
right-to-left article is laid out right to left; and no page load leaves 127.0.0.1. Each
theme is also built as a right-to-left site (in Arabic) and passes the same checks.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT_BASE, ROOT, missing, run_build, serve_folder, vnu_messages

THEMES = ("default", "newsprint")
RTL_SITES = {"default-ar": ("default", "ar"), "newsprint-ar": ("newsprint", "ar")}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PREFIX = "/REPO/"
AXE_PAGES = ("home", "edition", "article", "article-rtl", "tag", "search")
NARROW_WIDTHS = (320, 360)
SEARCH_TERM = "harbour"
# Pagefind searches the pages in the search page's own language: a word of the Arabic story
SEARCH_TERMS = {"ar": "مكتبة"}


# --- the two builds -----------------------------------------------------------------------


def _build(folder: Path, theme: str, language: str = "en") -> Path:
    """The sample content built with another theme or language, for a project site under /REPO/."""
    config = folder / "site.toml"
    text = (ROOT / "site.toml").read_text(encoding="utf-8")
    for key, value in (("theme", theme), ("language", language)):
        text, found = re.subn(rf'(?m)^{key}\s*=\s*"[^"]*"', f'{key} = "{value}"', text)
        assert found == 1, f"site.toml has no {key} line to replace"
    config.write_text(text, encoding="utf-8")
    output = folder / "public"
    run_build(
        "build",
        "--config",
        str(config),
        "--content",
        str(ROOT / "content"),
        "--themes-dir",
        str(ROOT / "themes"),
        "--output",
        str(output),
        "--base-url",
        PROJECT_BASE,
        "--no-cache",
    )
    return output


@pytest.fixture(scope="session")
def newsprint_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("newsprint"), "newsprint")


@pytest.fixture(scope="session")
def served_newsprint(newsprint_site: Path) -> Iterator[str]:
    server, url = serve_folder(newsprint_site, PREFIX)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def rtl_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each theme built as a right-to-left site: name → its built folder."""
    return {
        name: _build(tmp_path_factory.mktemp(name), theme, language)
        for name, (theme, language) in RTL_SITES.items()
    }


@pytest.fixture(scope="session")
def served_rtl(rtl_sites: dict[str, Path]) -> Iterator[dict[str, str]]:
    servers = {name: serve_folder(folder, PREFIX) for name, folder in rtl_sites.items()}
    yield {name: url for name, (_, url) in servers.items()}
    for server, _ in servers.values():
        server.shutdown()


@pytest.fixture(scope="session")
def built(sample_site: Path, newsprint_site: Path, rtl_sites: dict[str, Path]) -> dict[str, Path]:
    """Site name → its build: each theme, left to right and right to left."""
    return {"default": sample_site, "newsprint": newsprint_site, **rtl_sites}


@pytest.fixture(scope="session", params=[*THEMES, *RTL_SITES])
def theme(request: pytest.FixtureRequest) -> tuple[str, Path, str]:
    """(name, built folder, served URL ending in /REPO/) for each theme and right-to-left site."""
    if request.param == "default":
        folder, url = (
            request.getfixturevalue("sample_site"),
            request.getfixturevalue("served_sample"),
        )
    elif request.param in RTL_SITES:
        folder = request.getfixturevalue("rtl_sites")[request.param]
        url = request.getfixturevalue("served_rtl")[request.param]
    else:
        folder = request.getfixturevalue("newsprint_site")
        url = request.getfixturevalue("served_newsprint")
    assert (folder / "static" / "style.css").is_file()
    return request.param, folder, url


# --- which file is which page type --------------------------------------------------------


def _first(site: Path, pattern: str) -> str:
    found = sorted(site.glob(pattern))
    assert found, f"no page matches {pattern} in the sample build"
    return found[0].relative_to(site).as_posix()


def _title_and_longest_url(html: str) -> tuple[int, int]:
    title = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    urls = re.findall(r'href="(https?://[^"]+)"', html.split("<main", 1)[-1])
    return (len(title.group(1)) if title else 0, max(map(len, urls), default=0))


def page_types(site: Path) -> dict[str, str]:
    """Page type → file relative to the site. Articles: the longest title, the longest source
    URL and the right-to-left one."""
    articles = {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(site.glob("articles/*/index.html"))
    }
    assert articles
    measures = {path: _title_and_longest_url(html) for path, html in articles.items()}
    rtl = [p for p, html in articles.items() if re.search(r'<article\b[^>]*\bdir="rtl"', html)]
    assert rtl, "the sample has no right-to-left article page"
    return {
        "home": "index.html",
        "edition": _first(site, "editions/*/index.html"),
        "article": max(measures, key=lambda p: measures[p][0]),
        "article-url": max(measures, key=lambda p: measures[p][1]),
        "article-rtl": rtl[0],
        "archive": "archive/index.html",
        "tag": _first(site, "tags/*/index.html"),
        "source": _first(site, "sources/*/index.html"),
        "editions": "editions/index.html",
        "tags": "tags/index.html",
        "sources": "sources/index.html",
        "search": "search/index.html",
        "404": "404.html",
    }


def url_of(base: str, file: str) -> str:
    if file == "404.html":
        return base + "no-such-page/"  # served the way GitHub Pages does: 404.html, status 404
    return base + file.removesuffix("index.html")


# --- static checks: the Nu Html Checker and the document outline ---------------------------


def test_every_page_of_both_themes_is_valid_html(built: dict[str, Path]) -> None:
    files: list[Path] = []
    for name, site in built.items():
        pages = sorted(site.rglob("*.html"))
        pages = [p for p in pages if "pagefind" not in p.relative_to(site).parts]
        covered = {p.relative_to(site).as_posix() for p in pages}
        assert set(page_types(site).values()) <= covered, name
        files += pages
    messages = vnu_messages(files)
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    for error in errors:
        where = error.get("url", "").split("/public/", 1)[-1]
        print(f"vnu: {where}:{error.get('lastLine')}: {error.get('message')}")
    print(f"vnu: {len(files)} pages validated ({len(built)} themes), {len(errors)} errors")
    assert not errors


def _outline(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])\b", html)]


def test_headings_landmarks_and_dates(built: dict[str, Path]) -> None:
    checked = 0
    for name, site in built.items():
        for kind, file in page_types(site).items():
            html = (site / file).read_text(encoding="utf-8")
            where = f"{name} {kind} ({file})"
            levels = _outline(html)
            assert levels.count(1) == 1, f"{where}: one h1, not {levels.count(1)}"
            assert levels[0] == 1, f"{where}: the first heading is h{levels[0]}"
            for before, after in itertools.pairwise(levels):
                assert after <= before + 1, f"{where}: h{before} is followed by h{after}"
            assert 'class="skip-link" href="#main"' in html and 'id="main"' in html, where
            for landmark in ("<header", "<nav", "<main", "<footer"):
                assert landmark in html, f"{where}: no {landmark}>"
            for time in re.findall(r"<time\b[^>]*>", html):
                assert re.search(r'datetime="\d{4}-', time), f"{where}: {time}"
            checked += 1
    print(f"outline: {checked} pages have one h1, no skipped heading level and all landmarks")


# --- in the browser ------------------------------------------------------------------------


def _goto(page: Any, url: str, kind: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None
    assert response.status == (404 if kind == "404" else 200), url
    if kind == "search":
        _search(page)


def _search(page: Any) -> None:
    """Type a query into the search box and wait for the results (or the no-search notice)."""
    page.wait_for_selector("#search input, #search:not(:empty)", timeout=10_000)
    box = page.locator("#search input")
    if box.count():
        language = page.evaluate("document.documentElement.lang")
        box.first.fill(SEARCH_TERMS.get(language, SEARCH_TERM))
        page.wait_for_selector(".search-result", timeout=10_000)


def _axe(page: Any) -> dict[str, Any]:
    if not AXE.is_file():
        missing("axe-core is missing (npm ci)")
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return result


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations(
    page: Any, theme: tuple[str, Path, str], scheme: str
) -> None:
    name, site, base = theme
    page.emulate_media(color_scheme=scheme)
    types = page_types(site)
    serious: list[str] = []
    passed = other = 0
    for kind in AXE_PAGES:
        _goto(page, url_of(base, types[kind]), kind)
        results = _axe(page)
        passed += len(results["passes"])
        for violation in results["violations"]:
            line = f"{name}/{scheme} {kind}: [{violation['impact']}] {violation['id']}: "
            line += violation["help"]
            targets = [", ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
            line += " at " + "; ".join(targets)
            if violation["impact"] in ("serious", "critical"):
                serious.append(line)
            else:
                other += 1
            print("axe:", line)
    print(
        f"axe: {name}/{scheme}: {len(AXE_PAGES)} pages, {passed} rule checks passed, "
        f"{len(serious)} serious or critical violations, {other} minor or moderate"
    )
    assert not serious, "\n".join(serious)


@pytest.mark.browser
def test_no_page_scrolls_sideways_at_phone_widths(page: Any, theme: tuple[str, Path, str]) -> None:
    name, site, base = theme
    types = page_types(site)
    wide: list[str] = []
    for width in NARROW_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for kind, file in types.items():
            _goto(page, url_of(base, file), kind)
            scroll, inner = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll > inner:
                wide.append(f"{name} {kind} at {width}px: {scroll}px wide ({file})")
    print(f"layout: {name}: {len(types)} page types at {NARROW_WIDTHS} px, {len(wide)} too wide")
    assert not wide, "\n".join(wide)


@pytest.mark.browser
def test_rtl_article_is_laid_out_right_to_left(page: Any, theme: tuple[str, Path, str]) -> None:
    name, site, base = theme
    _goto(page, url_of(base, page_types(site)["article-rtl"]), "article")
    attribute, direction, gaps = page.eval_on_selector(
        "main article",
        """story => {
            const line = document.createRange();
            line.selectNodeContents(story.querySelector("p.meta"));
            const text = line.getBoundingClientRect(), box = story.getBoundingClientRect();
            return [story.getAttribute("dir"), getComputedStyle(story).direction,
                    [box.right - text.right, text.left - box.left]];
        }""",
    )
    assert attribute == "rtl" and direction == "rtl", (name, attribute, direction)
    right, left = gaps
    assert right < 2 < left, f"{name}: the dateline is not set flush right ({gaps})"


@pytest.mark.browser
@pytest.mark.parametrize("name", RTL_SITES)
def test_an_rtl_site_is_laid_out_right_to_left(
    page: Any, name: str, rtl_sites: dict[str, Path], served_rtl: dict[str, str]
) -> None:
    """The page, its menu and the site's own lines run from the right; an English story keeps
    its own left-to-right direction inside."""
    _goto(page, served_rtl[name], "home")
    found = page.evaluate(
        """() => {
            const edge = el => { const b = el.getBoundingClientRect(); return [b.left, b.right]; };
            const meta = document.querySelector("main .edition-meta");
            const line = document.createRange();
            line.selectNodeContents(meta);
            const box = edge(meta), text = line.getBoundingClientRect();
            const menu = [...document.querySelectorAll(".masthead nav li")].map(edge);
            const card = document.querySelector("article.card[dir=ltr]");
            return {
                page: getComputedStyle(document.documentElement).direction,
                meta: [box[1] - text.right, text.left - box[0]],
                menu: menu[0][0] > menu[1][1],
                card: card && getComputedStyle(card).direction,
            };
        }"""
    )
    assert found["page"] == "rtl", (name, found)
    right, left = found["meta"]
    assert right < 2 < left, f"{name}: the edition's dateline is not flush right ({found})"
    assert found["menu"], f"{name}: the menu does not run right to left ({found})"
    assert found["card"] == "ltr", f"{name}: an English story is not left to right ({found})"


@pytest.mark.browser
def test_no_request_leaves_the_local_server(page: Any, theme: tuple[str, Path, str]) -> None:
    name, site, base = theme
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for kind, file in page_types(site).items():
        _goto(page, url_of(base, file), kind)
    page.wait_for_load_state("networkidle")
    foreign = [
        url for url in requests if not re.match(r"(http://127\.0\.0\.1:\d+/|data:|blob:)", url)
    ]
    print(f"requests: {name}: {len(requests)} made, {len(foreign)} left 127.0.0.1")
    assert not foreign, foreign


@pytest.mark.browser
def test_keyboard_focus_is_visible_from_the_skip_link(
    page: Any, theme: tuple[str, Path, str]
) -> None:
    name, site, base = theme
    _goto(page, url_of(base, page_types(site)["article"]), "article")
    page.keyboard.press("Tab")
    skip = page.evaluate(
        """() => { const el = document.activeElement, box = el.getBoundingClientRect();
            const shown = box.top >= 0 && box.height > 0;
            return [el.className, shown, getComputedStyle(el).outlineStyle]; }"""
    )
    assert skip == ["skip-link", True, "solid"], f"{name}: {skip}"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.evaluate(
        """() => { const el = document.activeElement, style = getComputedStyle(el);
            return [!!el.closest("main"), style.outlineStyle, parseFloat(style.outlineWidth)]; }"""
    )
    assert first[0] and first[1] != "none" and first[2] >= 2, f"{name}: {first}"


@pytest.mark.browser
def test_pages_read_without_javascript_and_print_without_chrome(
    browser: Any, theme: tuple[str, Path, str]
) -> None:
    name, site, base = theme
    types = page_types(site)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for kind in ("home", "edition", "article", "archive"):
            _goto(page, url_of(base, types[kind]), kind)
            words = len(page.inner_text("main").split())
            assert words > 100, f"{name} {kind}: {words} words without JavaScript"
        page.emulate_media(media="print", color_scheme="dark")
        printed = page.evaluate(
            """() => [getComputedStyle(document.querySelector(".masthead nav")).display,
                      getComputedStyle(document.body).backgroundColor,
                      getComputedStyle(document.querySelector("main h1")).color]"""
        )
        assert printed == ["none", "rgb(255, 255, 255)", "rgb(0, 0, 0)"], (name, printed)
    finally:
        context.close()
