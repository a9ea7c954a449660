"""`build.py` as a user runs it: the sample site, its links, its feeds, bad input."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from tests.conftest import PROJECT_BASE, ROOT, copy_sample, run_build

SEED = ROOT / "content" / "2024" / "11" / "000_e9e95706f7053264.txt"  # the seed, as shipped


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.found


def resolve(site: Path, base_path: str, link: str) -> Path | None:
    """The file a root-relative link under the base path points at, as GitHub Pages serves it."""
    path = urlsplit(link).path
    if not path.startswith(base_path):
        return None
    rel = path[len(base_path) :]
    target = site / rel
    return target / "index.html" if rel == "" or rel.endswith("/") else target


def content_files() -> list[Path]:
    return [p for p in (ROOT / "content").rglob("*") if p.suffix in (".txt", ".md")]


def test_sample_site_has_every_kind_of_page(sample_site: Path) -> None:
    for name in (
        "index.html",
        "404.html",
        "feed.xml",
        "atom.xml",
        "feed.json",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "archive/index.html",
        "editions/index.html",
        "editions/feed.xml",
        "tags/index.html",
        "sources/index.html",
        "search/index.html",
        "static/style.css",
    ):
        assert (sample_site / name).is_file(), name
    articles = list((sample_site / "articles").glob("*/index.html"))
    assert len(articles) == len(content_files()) >= 12
    assert len(list((sample_site / "editions").glob("*/index.html"))) >= 2
    assert list((sample_site / "tags").glob("*/index.html"))
    assert list((sample_site / "sources").glob("*/feed.xml"))


@pytest.mark.parametrize("fixture, base_path", [("sample_site", "/REPO/"), ("root_site", "/")])
def test_every_internal_link_resolves(
    fixture: str, base_path: str, request: pytest.FixtureRequest
) -> None:
    site: Path = request.getfixturevalue(fixture)
    checked = 0
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        for link in links_of(page.read_text(encoding="utf-8")):
            if link.startswith(("http://", "https://", "mailto:", "#")):
                continue
            assert link.startswith(base_path), f"{page}: link {link!r} lacks the base path"
            target = resolve(site, base_path, link)
            assert target is not None and target.is_file(), f"{page}: broken link {link}"
            checked += 1
    assert checked > 100


def test_canonical_and_feed_links_are_absolute_under_the_base_url(sample_site: Path) -> None:
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PROJECT_BASE}">' in html
    assert re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]+/REPO/feed.xml', html)
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs and all(loc.startswith(PROJECT_BASE) for loc in locs)
    robots = (sample_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {PROJECT_BASE}sitemap.xml" in robots


def test_rss_feed_parses_with_every_item_complete(sample_site: Path) -> None:
    feed = feedparser.parse((sample_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.link == PROJECT_BASE
    selfs = [link.href for link in feed.feed.links if link.rel == "self"]
    assert selfs == [PROJECT_BASE + "feed.xml"]
    assert len(feed.entries) == len(content_files())
    guids = set()
    for entry in feed.entries:
        assert entry.title and entry.published_parsed and entry.id
        assert entry.link.startswith(PROJECT_BASE + "articles/")
        assert entry.content[0].value.strip()
        guids.add(entry.id)
    assert len(guids) == len(feed.entries)


def test_atom_and_tag_feeds_parse(sample_site: Path) -> None:
    feeds = [sample_site / "atom.xml", sample_site / "editions" / "feed.xml"]
    feeds += sorted((sample_site / "tags").glob("*/feed.xml"))
    feeds += sorted((sample_site / "sources").glob("*/feed.xml"))
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.entries, path
        for entry in feed.entries:
            assert entry.link.startswith(PROJECT_BASE), path


def test_json_feed_matches_its_schema(sample_site: Path) -> None:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "jsonfeed-1.1.schema.json").read_text())
    feed = json.loads((sample_site / "feed.json").read_text(encoding="utf-8"))
    jsonschema.validate(feed, schema)
    assert feed["feed_url"] == PROJECT_BASE + "feed.json"
    assert all(item["url"].startswith(PROJECT_BASE) for item in feed["items"])


def test_seed_article_paragraphs_are_restored(sample_site: Path) -> None:
    page = sample_site / "articles"
    html = next(
        p.read_text(encoding="utf-8")
        for p in page.glob("*/index.html")
        if "Valdai" in p.read_text(encoding="utf-8")
    )
    assert "<p>As far as politics goes" in html
    assert "<p>&quot;I don't know what will happen now" in html


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


RAW = " date 2024-11-08 https://example.com/{slug}\n\n{title}\n\n{title}\n\n08.11.2024\n\n{body}\n"


def test_raw_html_in_an_article_is_shown_as_text(tmp_path: Path) -> None:
    content = tmp_path / "content"
    body = 'Hackers used <script>alert("x")</script> and <img src=x onerror=alert(1)>.Then *this*.'
    write(content, "a.txt", RAW.format(slug="xss", title="A <b>bold</b> flaw", body=body))
    run_build("build", "--content", str(content), "--output", str(tmp_path / "out"))
    html = (tmp_path / "out" / "articles" / "a-bold-flaw" / "index.html").read_text()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "A &lt;b&gt;bold&lt;/b&gt; flaw" in html
    assert "*this*" in html
    rss = (tmp_path / "out" / "feed.xml").read_text()
    assert "<script" not in rss and "&lt;script&gt;" in rss
    feed = feedparser.parse(rss)
    assert "<script" not in feed.entries[0].content[0].value


def test_bad_files_are_reported_and_the_rest_still_builds(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "good.txt", RAW.format(slug="good", title="Good story", body="Fine text."))
    write(content, "binary.txt", b"\x00\x01\x02\xff\xfe binary")
    write(content, "nodate.txt", "\n\nTitle\n\nTitle\n\nBody text.\n")
    write(content, "empty.txt", "")
    out = tmp_path / "out"
    done = run_build("build", "--content", str(content), "--output", str(out))
    for name in ("binary.txt", "nodate.txt", "empty.txt"):
        line = next((ln for ln in done.stderr.splitlines() if name in ln), "")
        assert "error" in line, f"{name} not reported:\n{done.stderr}"
    assert "1 article published, 3 skipped" in done.stdout
    assert (out / "articles" / "good-story" / "index.html").is_file()
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (content / "good2.txt").write_text(
        (content / "good.txt").read_text(encoding="utf-8").replace("/good", "/good2"),
        encoding="utf-8",
    )
    strict = run_build(
        "build", "--content", str(content), "--output", str(out), "--strict", check=False
    )
    assert strict.returncode == 1 and "nothing was written" in strict.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_missing_theme_or_content_folder_is_a_bad_config(tmp_path: Path) -> None:
    config = tmp_path / "site.toml"
    config.write_text('title = "T"\nbase_url = "https://x.example/"\ntheme = "nope"\n')
    (tmp_path / "content").mkdir()
    done = run_build("build", "--config", str(config), check=False)
    assert done.returncode == 2 and "theme 'nope' not found" in done.stderr
    config.write_text('title = "T"\nbase_url = "https://x.example/"\n')
    missing = tmp_path / "nowhere"
    done = run_build("build", "--config", str(config), "--content", str(missing), check=False)
    assert done.returncode == 2 and "does not exist" in done.stderr


def test_import_converts_the_seed_to_the_golden_page(tmp_path: Path) -> None:
    done = run_build("import", str(SEED), "--to", str(tmp_path))
    assert "Imported 1 article" in done.stdout
    produced = (tmp_path / "000_e9e95706f7053264.md").read_text(encoding="utf-8")
    golden = ROOT / "tests" / "golden" / "seed.md"
    assert produced == golden.read_text(encoding="utf-8")


def test_import_of_a_folder_keeps_its_layout_and_skips_hidden_files(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    seed = SEED.read_bytes()
    for name in ("2024/a.txt", "2024/B.TXT", ".hidden/c.txt", "notes.md"):
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_bytes(seed)
    done = run_build("import", str(raw), "--to", str(tmp_path / "out"))
    assert "Imported 2 articles; 0 not imported." in done.stdout
    made = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*"))
    assert made == ["2024", "2024/B.md", "2024/a.md"]
    again = run_build("import", str(raw), "--to", str(tmp_path / "out"), check=False)
    assert again.returncode == 1 and "exists (use --force)" in again.stderr


def test_check_validates_without_writing(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    done = run_build("check", "--config", str(project / "site.toml"))
    assert done.returncode == 0, done.stderr
    assert not (project / "public").exists()
    write(
        project / "content",
        "broken.txt",
        " date 2024-02-30 https://example.com/x\n\nT\n\nT\n\nBody.\n",
    )
    failed = run_build("check", "--config", str(project / "site.toml"), check=False)
    assert failed.returncode == 1
    assert "broken.txt" in failed.stderr and "2024-02-30" in failed.stderr


def test_check_reports_a_broken_template_with_its_file_and_line(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    templates = project / "overrides" / "templates"
    templates.mkdir(parents=True)
    (templates / "list.html").write_text(
        '{% extends "base.html" %}\n\n{% block main %}{% endfor %}\n'
    )
    failed = run_build("check", "--config", str(project / "site.toml"), check=False)
    assert failed.returncode == 1
    assert "list.html:3" in failed.stderr, failed.stderr
    assert not (project / "public").exists() and not (project / ".cache").exists()
