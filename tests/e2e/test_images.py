"""Article images in real tools: pages with a wide local image are valid HTML (Nu Html
Checker) and do not scroll sideways on a 320 px phone (Debian's Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import copy_sample, run_build, serve_folder, vnu_messages
from tests.unit.test_images import PICTURED

PAGES = ("articles/pictured-harbour-crane/index.html", "tags/economy/index.html", "index.html")


@pytest.fixture(scope="module")
def pictured(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from PIL import Image

    project = copy_sample(tmp_path_factory.mktemp("pictured"))
    picture = project / "content" / "pictures" / "crane.png"
    picture.parent.mkdir()
    Image.new("RGB", (1600, 900), "navy").save(picture)
    story = PICTURED.replace("2024-11-09T10:00:00+01:00", "2024-11-08T23:00:00+00:00")
    (project / "content" / "crane.md").write_text(story, encoding="utf-8")
    output = project / "public"
    run_build("build", "--config", str(project / "site.toml"), "--output", str(output))
    return output


def test_pages_with_an_image_are_valid_html(pictured: Path) -> None:
    files = [pictured / page for page in PAGES]
    assert all("crane.png" in f.read_text(encoding="utf-8") for f in files)
    messages = vnu_messages(files)
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in messages]
    assert not errors, "\n".join(errors)


# Every image loaded at its full size before measuring: a lazy one still loading is laid out
# by its attributes alone, so the check would pass or fail by timing.
LOAD_IMAGES = """Promise.all([...document.images].map(image => {
    image.loading = "eager";
    return image.decode().catch(() => {});
}))"""


@pytest.mark.browser
def test_a_wide_image_fits_a_320_px_phone(page: Any, pictured: Path) -> None:
    """Served as GitHub Pages serves a project site, so the theme's stylesheet applies."""
    server, url = serve_folder(pictured, "/broadsheet/")
    try:
        page.set_viewport_size({"width": 320, "height": 640})
        for name in PAGES:
            page.goto(url + name.removesuffix("index.html"))
            page.evaluate(LOAD_IMAGES)
            natural = page.evaluate("document.querySelector('img').naturalWidth")
            assert natural == 1600, f"{name}: the image did not load ({natural})"
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert scroll <= inner, f"{name}: {scroll}px wide at {inner}px"
            width = page.evaluate("document.querySelector('img').getBoundingClientRect().width")
            assert 0 < width <= inner, name
    finally:
        server.shutdown()
