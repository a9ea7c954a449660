"""Article images: front matter `image` and `image_alt`, on the article and its cards, in the
social and JSON-LD metadata, in RSS (`media:content`) and JSON Feed (`image`)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from builder import config as config_mod
from builder.images import checked
from builder.pipeline import build
from tests.conftest import ROOT
from tests.unit.test_feeds import BASE, make_project, run

MEDIA = "{http://search.yahoo.com/mrss/}"
PICTURED = """---
title: Pictured harbour crane
date: 2024-11-09T10:00:00+01:00
source_url: https://example.com/crane
source_name: Example Tribune
tags: [economy]
image: pictures/crane.png
image_alt: A red crane over the harbour
---

The new crane arrived by barge.
"""
REMOTE = """---
title: Remote lighthouse photo
date: 2024-11-09T09:00:00+01:00
source_url: https://example.com/lighthouse
image: https://cdn.example.com/lighthouse.jpg
image_alt: The lighthouse at dusk
---

The lighthouse is one hundred years old.
"""
MISSING = """---
title: Missing picture story
date: 2024-11-09T08:00:00+01:00
source_url: https://example.com/missing
image: pictures/nowhere.jpg
image_alt: Nothing
---

This story's picture was never added.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from PIL import Image

    project = make_project(
        tmp_path_factory.mktemp("images"), 'websub_hub = "https://hub.example/"\n'
    )
    content = project / "content"
    (content / "pictures").mkdir()
    Image.new("RGB", (640, 360), "red").save(content / "pictures" / "crane.png")
    (content / "crane.md").write_text(PICTURED, encoding="utf-8")
    (content / "remote.md").write_text(REMOTE, encoding="utf-8")
    (content / "missing.md").write_text(MISSING, encoding="utf-8")
    return run(project)


def article_html(site: Path, slug: str) -> str:
    return (site / "articles" / slug / "index.html").read_text(encoding="utf-8")


def test_a_local_image_is_copied_with_its_article_and_sized(site: Path) -> None:
    copy = site / "articles" / "pictured-harbour-crane" / "crane.png"
    assert copy.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = article_html(site, "pictured-harbour-crane")
    assert re.search(
        r'<img src="/digest/articles/pictured-harbour-crane/crane.png" '
        r'alt="A red crane over the harbour" width="640" height="360">',
        html,
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert (
        f'<meta property="og:image" content="{BASE}articles/pictured-harbour-crane/crane.png">'
        in html
    )
    assert '<meta property="og:image:width" content="640">' in html
    ld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html).group(1))  # type: ignore[union-attr]
    assert ld["image"] == {
        "@type": "ImageObject",
        "url": f"{BASE}articles/pictured-harbour-crane/crane.png",
        "width": 640,
        "height": 360,
    }


def test_cards_show_the_image(site: Path) -> None:
    listing = (site / "tags" / "economy" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<img class="card-image" src="/digest/articles/pictured-harbour-crane/crane.png" '
        r'alt="A red crane over the harbour" loading="lazy" decoding="async" '
        r'width="640" height="360">',
        listing,
    )


def test_a_remote_image_is_linked_as_given(site: Path) -> None:
    html = article_html(site, "remote-lighthouse-photo")
    assert '<img src="https://cdn.example.com/lighthouse.jpg" alt="The lighthouse at dusk">' in html
    assert '<meta property="og:image" content="https://cdn.example.com/lighthouse.jpg">' in html
    assert "og:image:width" not in html
    ld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html).group(1))  # type: ignore[union-attr]
    assert ld["image"] == "https://cdn.example.com/lighthouse.jpg"


def test_a_story_without_an_image_stays_a_summary_card(site: Path) -> None:
    html = article_html(site, "missing-picture-story")  # its image was missing: left out
    assert '<meta name="twitter:card" content="summary">' in html
    assert "og:image" not in html and "<img" not in html


def test_rss_items_carry_media_content_and_feeds_stay_valid(site: Path) -> None:
    root = ET.parse(site / "feed.xml").getroot()
    media = {item.findtext("title"): item.find(f"{MEDIA}content") for item in root.iter("item")}
    crane = media["Pictured harbour crane"]
    assert crane is not None and crane.attrib == {
        "url": f"{BASE}articles/pictured-harbour-crane/crane.png",
        "medium": "image",
        "type": "image/png",
        "width": "640",
        "height": "360",
    }
    remote = media["Remote lighthouse photo"]
    assert remote is not None and remote.get("url") == "https://cdn.example.com/lighthouse.jpg"
    for name in ("feed.xml", "atom.xml", "tags/economy/feed.xml", "editions/feed.xml"):
        parsed = feedparser.parse((site / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    crane_entry = next(e for e in parsed.entries if e.title == "Pictured harbour crane")
    assert crane_entry.media_content[0]["url"].endswith("/crane.png")


def test_json_feed_items_have_the_image_and_validate_with_the_hub(site: Path) -> None:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "jsonfeed-1.1.schema.json").read_text())
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    jsonschema.validate(feed, schema)
    assert feed["hubs"] == [{"type": "WebSub", "url": "https://hub.example/"}]
    images = {item["title"]: item.get("image") for item in feed["items"]}
    assert images == {
        "Pictured harbour crane": f"{BASE}articles/pictured-harbour-crane/crane.png",
        "Remote lighthouse photo": "https://cdn.example.com/lighthouse.jpg",
    }  # feed_size 2


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("pictures/a.jpg", ""),
        ("https://cdn.example.com/a", ""),
        ("../secret.png", "path inside the content folder"),
        ("/etc/a.png", "path inside the content folder"),
        ("pictures\\a.png", "path inside the content folder"),
        ("ftp://x.org/a.png", "path inside the content folder"),
        ("notes.txt", "must be an image"),
    ],
)
def test_image_values(value: str, problem: str) -> None:
    assert (problem in checked(value)) if problem else checked(value) == ""


def test_problems_with_images_are_warnings_naming_the_file(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    content = project / "content"
    (content / "missing.md").write_text(MISSING, encoding="utf-8")
    (content / "bad.md").write_text(
        REMOTE.replace("https://cdn.example.com/lighthouse.jpg", "../up.png"), encoding="utf-8"
    )
    (content / "broken.md").write_text(
        PICTURED.replace("crane.png", "broken.png").replace("image_alt: A red crane", "x: y"),
        encoding="utf-8",
    )
    (content / "pictures").mkdir()
    (content / "pictures" / "broken.png").write_bytes(b"not a picture")
    config = config_mod.load(project / "site.toml")
    result = build(config, jobs=1)
    messages = sorted(str(p) for p in result.problems)
    assert "missing.md: warning: image 'pictures/nowhere.jpg' not found" in "\n".join(messages)
    assert any(m.startswith("bad.md:2: warning: front matter 'image' must be") for m in messages)
    assert any(
        "broken.md:2: warning: front matter 'image' has no 'image_alt'" in m for m in messages
    )
    assert any(
        "broken.md: warning: image 'pictures/broken.png': not an image" in m for m in messages
    )
    assert not any("not an article" in m for m in messages)  # images in content/ are expected
    assert not result.errors
    html = (config.output_dir / "articles" / "pictured-harbour-crane" / "index.html").read_text()
    assert 'src="/digest/articles/pictured-harbour-crane/broken.png" alt="">' in html


def test_a_changed_image_is_measured_again_by_a_cached_build(tmp_path: Path) -> None:
    from PIL import Image

    project = make_project(tmp_path / "p")
    picture = project / "content" / "pictures" / "crane.png"
    picture.parent.mkdir()
    Image.new("RGB", (640, 360)).save(picture)
    (project / "content" / "crane.md").write_text(PICTURED, encoding="utf-8")
    site = run(project)
    assert 'width="640" height="360"' in article_html(site, "pictured-harbour-crane")
    Image.new("RGB", (300, 200)).save(picture)  # the article's file is untouched
    site = run(project)
    assert 'width="300" height="200"' in article_html(site, "pictured-harbour-crane")
    copied = site / "articles" / "pictured-harbour-crane" / "crane.png"
    assert copied.read_bytes() == picture.read_bytes()
