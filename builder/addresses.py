"""URLs and e-mail addresses in running text: a dot inside one ends no sentence.

A dot is inside an address when a marker (the `://` of a URL, the `@` of an e-mail address)
stands before it in the same token, or when an `@` follows it in a local part with a dot
(`Press.Office@Example.org`). The end of one still breaks: `example.com.The`. The markers
are found once and passed in order, so the whole scan looks at each of them a bounded
number of times.
"""

from __future__ import annotations

import re

from builder import lexicon
from builder.tally import ForwardTally
from builder.textscan import alnum_at, lower_at, word_before

_SPACE = re.compile(r"\s")


class Addresses:
    """The addresses of one text, asked about its dots from left to right."""

    __slots__ = ("_next", "_spaced", "markers", "text")

    def __init__(self, text: str, markers: list[int]) -> None:
        self.text = text
        self.markers = markers
        self._next = 0  # the first marker at or after the last dot looked at
        self._spaced = ForwardTally(text, False, _space_follows)  # begins at a marker

    @classmethod
    def of(cls, text: str) -> Addresses | None:
        """The addresses of `text`, or None when it has none."""
        markers = _markers(text)
        return cls(text, markers) if markers else None

    def hold(self, start: int, position: int, paragraph: int) -> bool:
        """Whether the dot at `start`, glued to the word at `position`, is inside a URL or an
        e-mail address of the paragraph that starts at `paragraph`."""
        text, markers = self.text, self.markers
        index = self._next
        while index < len(markers) and markers[index] < start:
            index += 1
        self._next = index
        if index > 0:
            marker = markers[index - 1]
            if marker >= paragraph and not self._spaced.value_at(marker, start):
                word = word_before(text, start, marker)
                return not (word.lower() in lexicon.ADDRESS_ENDS and lower_at(text, position + 1))
        if index < len(markers) and text[markers[index]] == "@":
            return _local_part_follows(text, position)
        return False


def _space_follows(text: str, marker: int, start: int, end: int, spaced: bool) -> bool:
    """Whether whitespace ends the marker's token before `end`."""
    return spaced or _SPACE.search(text, start, end) is not None


def _markers(text: str) -> list[int]:
    """The positions of the `://` of URLs and of the `@` of e-mail addresses, in order."""
    found = []
    index = text.find(":")
    while index >= 0:
        if text.startswith("//", index + 1):
            found.append(index)
        index = text.find(":", index + 1)
    index = text.find("@")
    while index >= 0:
        if index > 0 and text[index - 1].isalnum():
            found.append(index)
        index = text.find("@", index + 1)
    return sorted(found)


def _local_part_follows(text: str, position: int) -> bool:
    """The rest of an e-mail address whose local part has a dot: "Press.Office@Example.org"."""
    begin, end = position, min(len(text), position + 64)
    while position < end and (text[position].isalnum() or text[position] in "._%+-"):
        position += 1
    return (
        begin < position < end
        and text[position] == "@"
        and text[position - 1].isalnum()
        and alnum_at(text, position + 1)
    )
