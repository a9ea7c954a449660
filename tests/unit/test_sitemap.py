"""`sitemap.xml`: every listed page, each with the date of the newest article it shows."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.unit.test_feeds import BASE, make_project, run

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def lastmods(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | None]:
    site = run(make_project(tmp_path_factory.mktemp("sitemap")))
    root = ET.parse(site / "sitemap.xml").getroot()
    return {
        url.findtext(f"{NS}loc", "").removeprefix(BASE): url.findtext(f"{NS}lastmod")
        for url in root.iter(f"{NS}url")
    }


def test_article_pages_carry_their_own_date(lastmods: dict[str, str | None]) -> None:
    council = next(k for k in lastmods if k.startswith("articles/council"))
    assert lastmods[council] == "2024-11-07T09:00:00+01:00"


def test_listings_carry_their_newest_articles_date(lastmods: dict[str, str | None]) -> None:
    newest = "2024-11-08T14:30:00+01:00"  # the harbour story; hidden and draft ones do not count
    for path in ("", "archive/", "editions/", "tags/", "sources/", "tags/world/"):
        assert lastmods[path] == newest, path
    assert lastmods["tags/politics/"] == "2024-11-07T09:00:00+01:00"
    assert lastmods["sources/example-net/"] == "2024-11-05T00:00:00+01:00"
    assert lastmods["editions/2024-11-06/"] == "2024-11-06T00:00:00+01:00"


def test_every_listed_page_has_a_w3c_datetime(lastmods: dict[str, str | None]) -> None:
    assert len(lastmods) > 10
    for path, lastmod in lastmods.items():
        assert lastmod is not None and len(lastmod) == 25 and lastmod[10] == "T", path
