"""`builder.safetext`: exactly the characters XML 1.0 forbids and the noncharacters go."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.safetext import clean, is_unsafe, quoted, removed, search


def by_the_spec(char: str) -> bool:
    """XML 1.0 `Char` production, plus Unicode's 66 noncharacters."""
    point = ord(char)
    allowed = (
        point in (0x9, 0xA, 0xD)
        or 0x20 <= point <= 0xD7FF
        or 0xE000 <= point <= 0xFFFD
        or 0x10000 <= point <= 0x10FFFF
    )
    noncharacter = 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE
    return not allowed or noncharacter


@pytest.mark.parametrize(
    "char",
    ["\x00", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\ud800", "\udfff", "\ufdd0", "\ufdef",
     "\ufffe", "\uffff", "\U0001fffe", "\U0001ffff", "\U0002fffe", "\U0010fffe", "\U0010ffff"],
)  # fmt: skip
def test_unsafe(char: str) -> None:
    assert is_unsafe(char) and by_the_spec(char)
    assert clean(f"a{char}b") == "ab"


@pytest.mark.parametrize(
    "char",
    ["\t", "\n", "\r", " ", "\x7f", "\x85", "\ud7ff", "\ue000", "\ufdcf", "\ufdf0", "\ufeff",
     "\ufffd", "\U00010000", "\U0001f600", "\U0001fffd", "\U00020000", "\U0010fffd"],
)  # fmt: skip
def test_safe(char: str) -> None:
    assert not is_unsafe(char) and not by_the_spec(char)
    assert clean(f"a{char}b") == f"a{char}b"


def test_every_code_point_agrees_with_the_spec() -> None:
    text = "".join(map(chr, range(0x110000)))
    expected = "".join(c for c in text if not by_the_spec(c))
    assert clean(text) == expected
    assert len(text) - len(expected) == 29 + 2048 + 66  # C0, surrogates, noncharacters


@given(st.text(st.characters(codec=None, categories=None)))
def test_clean_removes_exactly_the_unsafe(text: str) -> None:
    kept, note = removed(text)
    assert kept == "".join(c for c in text if not by_the_spec(c))
    assert search(kept) == -1
    assert (note == "") == (kept == text)
    first = next((i for i, c in enumerate(text) if by_the_spec(c)), -1)
    assert search(text) == first


def test_removed_says_how_many_and_the_first() -> None:
    assert removed("a\x01b\uffffc") == ("abc", "2 characters that feeds cannot carry (U+0001, …)")
    assert removed("\U0010ffff") == ("", "1 character that feeds cannot carry (U+10FFFF)")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("short", "'short'"),
        ("x" * 100, repr("x" * 59 + "…")),
        ("a\x01\ud800b", "'aU+0001U+D800b'"),
        (3, "3"),
        (True, "True"),
        ([1, 2], "a list"),
        ({"a": 1}, "a mapping"),
        (None, "empty"),
    ],
)
def test_quoted_is_short_and_printable(value: object, shown: str) -> None:
    assert quoted(value) == shown
