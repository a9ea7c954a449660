"""The sample site built in every shipped interface language: no English interface words,
dates and plurals in the language (CLDR through Babel), right-to-left where it writes so, and
feeds that say their language. The browser checks of an RTL site are in test_quality."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import feedparser
import pytest

from builder.i18n import load
from tests.conftest import ROOT, run_build

LOCALES = ROOT / "themes" / "default" / "locales"
LANGUAGES = sorted(p.stem for p in LOCALES.glob("*.po"))
RTL = {"ar", "he", "fa"}
# The interface's English: phrases found anywhere in a page, words as a whole element's text
# or attribute value. A language may share one only where its own catalog says so
# (French "Sources", Dutch "Week").
PHRASES = (
    *("Skip to content", "Read the original at", "min&nbsp;read", "stories from", "story from"),
    *("Related stories", "Curator’s note", "All editions", "Archive of every story"),
    *("curated by", "Stories belong to", "Page not found", "Subscribe:", "Newer edition"),
    *("Older edition", "Edition of", "More stories from", "Stories tagged", "RSS feed for"),
    *("No stories", "latest editions", "Search the stories", "Search needs JavaScript"),
    *("Subscribe to every source", "all feeds", "Week ", "Page 1 of", "Newer<", "Older<"),
)
WORDS = (
    *("Latest", "Editions", "Edition", "Archive", "Tags", "Sources", "Search", "Main"),
    *("Featured", "Draft", "Pages", "Tags:", "Source:"),
)
DAY = dt.date(2024, 11, 8)  # the sample's newest edition
DATES = {  # a few written out, so the test does not only agree with Babel
    "en": "8 November 2024",
    "fr": "8 novembre 2024",
    "de": "8. November 2024",
    "es": "8 de noviembre de 2024",
    "ru": "8 ноября 2024\u202fг.",
    "uk": "8 листопада 2024\u202fр.",
    "ar": "8 نوفمبر 2024",
    "ja": "2024年11月8日",
    "zh": "2024年11月8日",
}


def _build(folder: Path, language: str, content: Path = ROOT / "content") -> Path:
    text = (ROOT / "site.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^language\s*=.*$", f'language = "{language}"', text)
    text = re.sub(r"(?m)^search\s*=.*$", "search = false", text)
    (folder / "site.toml").write_text(text, encoding="utf-8")
    output = folder / "public"
    run_build(
        "build",
        *("--config", str(folder / "site.toml"), "--content", str(content)),
        *("--output", str(output), "--no-cache", "--jobs", "1", "--quiet"),
    )
    return output


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {lang: _build(tmp_path_factory.mktemp(lang), lang) for lang in LANGUAGES}


def _pages(site: Path) -> dict[str, str]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        html = re.sub(r"<script\b.*?</script>", "", path.read_text(encoding="utf-8"), flags=re.S)
        pages[path.relative_to(site).as_posix()] = html
    return pages


def test_every_shipped_language_has_a_catalog() -> None:
    wanted = "en fr de es it pt ru uk ar he fa zh ja ko tr pl nl".split()
    assert set(wanted) <= set(LANGUAGES)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_no_english_interface_word_on_any_page(sites: dict[str, Path], language: str) -> None:
    own = (LOCALES / f"{language}.po").read_text(encoding="utf-8").split("\n\n", 1)[1]
    own = "\n".join(line for line in own.splitlines() if line.startswith("msgstr"))
    found = []
    for name, html in _pages(sites[language]).items():
        for phrase in PHRASES:
            if phrase in html and phrase not in own:
                found.append(f"{name}: {phrase!r}")
        for word in WORDS:
            shown = re.search(rf'(>\s*{re.escape(word)}\s*<|="{re.escape(word)}")', html)
            if shown and f'"{word}"' not in own:
                found.append(f"{name}: {word!r}")
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_direction_and_language_follow_the_site(
    sites: dict[str, Path], language: str
) -> None:
    home = (sites[language] / "index.html").read_text(encoding="utf-8")
    direction = ' dir="rtl"' if language in RTL else ""
    assert f'<html lang="{language}"{direction}>' in home
    expected = DATES.get(language, load([], language).longdate(DAY))
    assert f'<time datetime="{DAY.isoformat()}">{expected}</time>' in home
    dates = " ".join(re.findall(r"<time\b[^>]*>([^<]*)</time>", home))
    if language not in ("en", "de", "nl"):
        assert not re.search(r"November|October|Nov\b", dates), dates


@pytest.mark.parametrize("language", ["fr", "ru", "ar", "ja"])
def test_feeds_say_the_sites_language(sites: dict[str, Path], language: str) -> None:
    site = sites[language]
    rss = feedparser.parse((site / "feed.xml").read_bytes())
    atom = feedparser.parse((site / "atom.xml").read_bytes())
    assert not rss.bozo and not atom.bozo
    assert rss.feed.language == language
    assert atom.feed.language == language
    assert json.loads((site / "feed.json").read_text(encoding="utf-8"))["language"] == language
    editions = feedparser.parse((site / "editions" / "feed.xml").read_bytes())
    words = load([LOCALES], language)
    assert editions.feed.title == words.editions_feed("The Morning Broadsheet")
    newest = editions.entries[0].title
    assert newest.startswith(words.longdate(DAY) + ": "), newest
    assert "stor" not in newest


def test_a_sites_own_catalog_overrides_one_string(tmp_path: Path) -> None:
    """`overrides/locales/fr.po` changes "Latest" only; everything else stays the theme's."""
    folder = tmp_path / "overrides" / "locales"
    folder.mkdir(parents=True)
    (folder / "fr.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Latest"\nmsgstr "À la une"\n',
        encoding="utf-8",
    )
    home = (_build(tmp_path, "fr") / "index.html").read_text(encoding="utf-8")
    assert ">À la une</a>" in home and ">Dernières nouvelles<" not in home
    assert ">Éditions</a>" in home and "Aller au contenu" in home


# --- plural forms ----------------------------------------------------------------------------

COUNTS = {dt.date(2024, 3, 1): 1, dt.date(2024, 3, 2): 2, dt.date(2024, 3, 3): 5}
COUNTS[dt.date(2024, 3, 4)] = 21
PLURALS = {
    "en": ("1 story", "2 stories", "5 stories", "21 stories"),
    "ru": ("1 статья", "2 статьи", "5 статей", "21 статья"),
    "pl": ("1 artykuł", "2 artykuły", "5 artykułów", "21 artykułów"),
    "ar": ("خبر واحد", "خبران", "5 أخبار", "21 خبرًا"),
}


@pytest.fixture(scope="module")
def counted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Four daily editions of 1, 2, 5 and 21 stories, built in each language of PLURALS."""
    content = tmp_path_factory.mktemp("counted-content")
    for day, count in COUNTS.items():
        for n in range(count):
            (content / f"{day.isoformat()}-{n}.md").write_text(
                f'---\ntitle: "Story {n} of {day}"\ndate: {day.isoformat()}\n'
                f"source_name: Paper {n % 3}\nsource_url: https://paper{n % 3}.example/{day}/{n}\n"
                f"---\n\nBody {n}.\n",
                encoding="utf-8",
            )
    return {
        lang: _build(tmp_path_factory.mktemp(f"counted-{lang}"), lang, content) for lang in PLURALS
    }


@pytest.mark.parametrize("language", PLURALS)
def test_story_counts_take_the_languages_plural_forms(
    counted: dict[str, Path], language: str
) -> None:
    site = counted[language]
    listing = (site / "editions" / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<span class="meta-inline">(.*?)</span>', listing)
    assert shown == list(reversed(PLURALS[language])), shown
    one = (site / "editions" / "2024-03-01" / "index.html").read_text(encoding="utf-8")
    head = re.search(r'<meta name="description" content="([^"]*)"', one)
    assert head and head.group(1).startswith(PLURALS[language][0]), head  # never "1 stories"


def test_a_changed_catalog_rebuilds_the_pages_with_the_cache_on(tmp_path: Path) -> None:
    folder = tmp_path / "overrides" / "locales"
    folder.mkdir(parents=True)
    catalog = folder / "fr.po"
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (tmp_path / "site.toml").write_text(
        (ROOT / "site.toml").read_text(encoding="utf-8").replace('"en"', '"fr"'),
        encoding="utf-8",
    )
    args = ("build", "--config", str(tmp_path / "site.toml"), "--content", str(ROOT / "content"))
    args += ("--output", str(tmp_path / "public"), "--jobs", "1", "--quiet")
    home = tmp_path / "public" / "index.html"
    for word in ("À la une", "En bref"):
        catalog.write_text(header + f'msgid "Latest"\nmsgstr "{word}"\n', encoding="utf-8")
        run_build(*args)
        assert f">{word}</a>" in home.read_text(encoding="utf-8")
