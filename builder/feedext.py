"""feedgen extensions for what feedgen leaves out: a WebSub hub in RSS and Atom, a `via` link
to the original story in Atom (feedgen drops `rel` on entry links), `media:content` in RSS.

A link goes after the links already there, not at the end of its parent. feedgen writes
Atom with a default namespace and unqualified children: so are ours."""

from __future__ import annotations

from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

ATOM = "http://www.w3.org/2005/Atom"
MEDIA = "http://search.yahoo.com/mrss/"
NAME = "broadsheet"  # the names feedgen registers the extensions under
MEDIA_NAME = "broadsheet_media"


class FeedLinks(BaseExtension):  # type: ignore[misc]
    """The feed's hub link (`atom:link rel="hub"` in RSS, `link rel="hub"` in Atom)."""

    def __init__(self) -> None:
        self.hub = ""

    def extend_atom(self, feed: Any) -> Any:
        if self.hub:
            _after_last(feed, "link", _link("link", "hub", self.hub))
        return feed

    def extend_rss(self, feed: Any) -> Any:
        if self.hub:
            channel = feed.find("channel")
            _after_last(channel, f"{{{ATOM}}}link", _link(f"{{{ATOM}}}link", "hub", self.hub))
        return feed


class EntryLinks(BaseEntryExtension):  # type: ignore[misc]
    """An Atom entry's `via` link to the original story."""

    def __init__(self) -> None:
        self.via = ""

    def extend_atom(self, entry: Any) -> Any:
        if self.via:
            _after_last(entry, "link", _link("link", "via", self.via))
        return entry


class MediaNamespace(BaseExtension):  # type: ignore[misc]
    """Declares `media:` on an RSS feed; registered only when some item has an image."""

    def extend_ns(self) -> dict[str, str]:
        return {"media": MEDIA}


class MediaContent(BaseEntryExtension):  # type: ignore[misc]
    """An RSS item's image as `media:content` (url, and medium, type, width, height if known)."""

    def __init__(self) -> None:
        self.image: dict[str, str] = {}

    def extend_rss(self, item: Any) -> Any:
        if self.image:
            element = xml_elem(f"{{{MEDIA}}}content", item)
            for key, value in self.image.items():
                element.attrib[key] = value
        return item


def _link(tag: str, rel: str, href: str) -> Any:
    element = xml_elem(tag)
    element.attrib["rel"] = rel
    element.attrib["href"] = href
    return element


def _after_last(parent: Any, tag: str, element: Any) -> None:
    """Insert `element` after the last child named `tag` (or last, if there is none)."""
    children = list(parent)
    positions = [i for i, child in enumerate(children) if child.tag == tag]
    parent.insert(positions[-1] + 1 if positions else len(children), element)
