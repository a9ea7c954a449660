"""Links in the feeds that feedgen does not write itself: the WebSub hub, `via` to the original."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from builder import config as config_mod
from builder.config import ConfigError
from tests.conftest import ROOT
from tests.unit.test_feeds import make_project, run, xml_feeds

HUB = "https://pubsubhubbub.example.net/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def hub_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hub"), f'websub_hub = "{HUB}"\n')
    return run(project)


def test_every_xml_feed_names_the_hub_and_keeps_home_as_its_link(hub_site: Path) -> None:
    feeds = xml_feeds(hub_site)
    assert len(feeds) == 8
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        hubs = [link.href for link in parsed.feed.links if link.rel == "hub"]
        assert hubs == [HUB], path
        folder = path.parent.relative_to(hub_site).as_posix()
        home = "https://example.org/digest/" + ("" if folder == "." else folder + "/")
        assert parsed.feed.link == home, path
        root = ET.parse(path).getroot()
        links = (
            root.findall(f"{ATOM}link")
            if root.tag == f"{ATOM}feed"
            else root.findall(f"channel/{ATOM}link")
        )
        assert [(link.get("rel"), link.get("href")) for link in links][-1] == ("hub", HUB)


def test_without_a_hub_no_feed_names_one(tmp_path: Path) -> None:
    site = run(make_project(tmp_path / "p"))
    for path in xml_feeds(site):
        assert b'rel="hub"' not in path.read_bytes(), path


def test_the_json_feed_lists_the_hub_and_validates(hub_site: Path) -> None:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "data" / "jsonfeed-1.1.schema.json").read_text())
    feed = json.loads((hub_site / "feed.json").read_text(encoding="utf-8"))
    jsonschema.validate(feed, schema)
    assert feed["hubs"] == [{"type": "WebSub", "url": HUB}]


@pytest.mark.parametrize("hub", ["pubsub.example.net", "ftp://hub.example.net/", "https://"])
def test_a_hub_that_is_not_an_http_url_is_a_config_error(tmp_path: Path, hub: str) -> None:
    path = tmp_path / "site.toml"
    path.write_text(f'websub_hub = "{hub}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"site\.toml: key 'websub_hub' must be an absolute"):
        config_mod.load(path)


def test_atom_entries_link_via_to_the_original_story(hub_site: Path) -> None:
    root = ET.parse(hub_site / "atom.xml").getroot()
    vias = {}
    for entry in root.iter(f"{ATOM}entry"):
        links = [(link.get("rel"), link.get("href")) for link in entry.iter(f"{ATOM}link")]
        vias[entry.findtext(f"{ATOM}title")] = [href for rel, href in links if rel == "via"]
        assert links[0][0] is None  # the alternate link, to the article page, stays first
    assert vias["Council approves the budget"] == ["https://example.org/council"]
    assert len(vias) == 2  # feed_size 2
    parsed = feedparser.parse((hub_site / "atom.xml").read_bytes())
    assert not parsed.bozo
    council = next(e for e in parsed.entries if e.title == "Council approves the budget")
    assert council.link.startswith("https://example.org/digest/articles/")
    assert [link.href for link in council.links if link.rel == "via"] == [
        "https://example.org/council"
    ]
