"""`builder.mojibake`: UTF-8 decoded in the wrong encoding upstream is repaired; real text is
not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.mojibake import _TELLS, repair
from builder.rawtext import decode

# Our own real-world-style cases (label, garbled, meant): garbled == meant is clean text.
CASES = json.loads((Path(__file__).parents[1] / "data" / "mojibake_cases.json").read_text())
GARBLED = [case for case in CASES if case["garbled"] != case["meant"]]
CLEAN = [case["meant"] for case in CASES if case["garbled"] == case["meant"]]


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
        "plain ASCII text",
        "São Paulo, NÃO",
        "Café“Łódź",  # ftfy alone reads "é“Ł" as Windows-1250 for 铣
        "Café”Łódź",
    ],
)
def test_real_text_is_left_alone(text: str) -> None:
    assert repair(text) == (text, 0, "", 0)


@given(st.text())
def test_text_without_a_tell_tale_pair_is_never_touched(text: str) -> None:
    fixed, count, _, _ = repair(text)
    assert (fixed != text) == (count > 0)
    if not _TELLS.search(text):
        assert count == 0


@pytest.mark.parametrize("case", GARBLED, ids=[case["label"] for case in GARBLED])
def test_real_world_mojibake_is_repaired(case: dict[str, str]) -> None:
    fixed, count, first, _ = repair(case["garbled"])
    assert fixed == case["meant"]
    assert count == 1 and " → " in first and "(UTF-8 read as " in first


@pytest.mark.parametrize("text", CLEAN)
def test_real_world_clean_text_is_left_alone(text: str) -> None:
    assert repair(text) == (text, 0, "", 0)


def test_the_table_has_enough_cases_of_each_kind() -> None:
    assert len(GARBLED) >= 30 and len(CLEAN) >= 30


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
    assert "repaired mojibake" in warning.message and "on 3 line(s)" in warning.message
    assert "CafÃ© → Café (UTF-8 read as Latin-1)" in warning.message


def test_the_warning_says_how_cyrillic_text_was_garbled() -> None:
    data = " date 2024-01-02 https://x.org/a\n\nНовости\n\nРґРѕСЂРѕРіРµ #С„СѓС‚Р±РѕР»\n".encode()
    text, problems = decode(data, "a.txt")
    assert text is not None and text.endswith("дороге #футбол\n")
    [warning] = problems
    assert warning.line == 5
    assert (
        "РґРѕСЂРѕРіРµ #С„СѓС‚Р±РѕР» → дороге #футбол (UTF-8 read as Windows-1251)"
        in warning.message
    )


def test_text_garbled_twice_is_repaired_in_one_go() -> None:
    fixed, count, first, _ = repair("The council doesnÃ¢â‚¬â„¢t agree")
    assert (fixed, count) == ("The council doesn’t agree", 1)
    assert first.endswith("(UTF-8 read as Windows-1252, then as Windows-1252)")
