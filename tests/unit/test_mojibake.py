"""`builder.mojibake`: UTF-8 read as Windows-1252 upstream is repaired; real text is not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.mojibake import _BYTE, repair
from builder.rawtext import decode


def mangled(text: str) -> str:
    """What a scraper makes of UTF-8 it reads as Windows-1252 (C1 where cp1252 has a hole)."""
    return "".join(
        bytes([b]).decode("cp1252")
        if b < 0x80 or b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
        else chr(b)
        for b in text.encode("utf-8")
    )


@pytest.mark.parametrize(
    "text",
    [
        "Café au lait",
        "“Quote” and it’s — fine…",
        "Привет мир",
        "Ελλάδα",
        "שלום",
        "العربية",
        "日本語の文章",
        "한국어 기사",
        "Łódź, Kraków, Gdańsk",
        "İstanbul’da ş ğ",
        "emoji 😀 here",
        "हिन्दी समाचार",
    ],
)
def test_mangled_text_is_repaired(text: str) -> None:
    bad = mangled(text)
    assert bad != text
    fixed, count, first, where = repair(bad)
    assert fixed == text
    assert count >= 1 and "→" in first
    assert bad[:where] == text[:where]  # nothing before the first repair changed


@pytest.mark.parametrize(
    "text",
    [
        "CAFÉ’S MENU",  # É then ’ is valid UTF-8 (ɒ), but É is no tell
        "Öß and ÅÄÖ",
        "Việt Nam đã",
        "naïve café — « élan »",
        "perché».",
        "Ã alone, Â alone",
        "plain ASCII text",
        "São Paulo, NÃO",
    ],
)
def test_real_text_is_left_alone(text: str) -> None:
    assert repair(text) == (text, 0, "", 0)


@given(st.text())
def test_repairs_only_shrink_and_need_windows_1252_characters(text: str) -> None:
    fixed, count, _, _ = repair(text)
    assert len(fixed) <= len(text)
    assert (fixed != text) == (count > 0)
    if not any(char in _BYTE for char in text):
        assert count == 0


@given(st.lists(st.sampled_from(["Café", "Łódź", "Привет", "日本", "“", "…", " ", "x"])))
def test_any_mix_of_mangled_scripts_comes_back_whole(words: list[str]) -> None:
    text = "".join(words)
    assert repair(mangled(text))[0] == text


def test_the_build_warns_with_the_line_and_the_first_repair() -> None:
    data = " date 2024-01-02 https://x.org/a\n\nCafÃ©\n\nCafÃ©\n\nitâ€™s here.\n".encode()
    text, problems = decode(data, "a.txt")
    assert text is not None and "Café" in text and "it’s" in text
    [warning] = problems
    assert (warning.line, warning.level) == (3, "warning")
    assert "repaired 3 run(s)" in warning.message and "Ã© → é" in warning.message
