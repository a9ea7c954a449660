"""`builder.writing_systems`: one definition of Han, kana and Hangul for the three places that
ask, pinned through each: word counts, language detection and paragraph restoration."""

from __future__ import annotations

import pytest

from builder.language import detect_language
from builder.markdown import count_words
from builder.paragraphs import split_paragraphs
from builder.writing_systems import in_unspaced_text

KOREAN = "정부는 새로운 부동산 대책을 발표했다."
JAPANESE = "東京都は新しい防災計画を発表した。"
CHINESE = "港口在风暴后重新开放。"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (KOREAN, 5),  # spaced words, as English: not its 17 syllables halved
        (JAPANESE, 8),  # 16 letters, two a word
        (CHINESE, 5),  # 10 letters, two a word
        ("人々が集まった", 3),  # `々` repeats `人`: a letter, not a word of its own
        ("ﾆｭｰｽ", 2),  # halfwidth katakana is kana
        ("㐀㐁𠀋𠀌𠀍𠀎", 3),  # extension A and the supplementary planes are Han
        ("２０２４年に", 2),  # fullwidth digits are a word, `年に` one more
    ],
)
def test_words_of_each_east_asian_language(text: str, words: int) -> None:
    assert count_words(text) == words


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (KOREAN, "ko"),
        ("ㅋㅋㅋ 대박", "ko"),
        (JAPANESE, "ja"),
        ("ﾆｭｰｽ速報", "ja"),
        (CHINESE, "zh"),
        ("𠀋𠀌𠀍𠀎", "zh"),
    ],
)
def test_language_of_each_east_asian_script(text: str, language: str) -> None:
    assert detect_language(text, "en") == language
    assert detect_language(text, language) == ""


@pytest.mark.parametrize("char", ["字", "々", "㐀", "豈", "𠀋", "か", "カ", "ｶ", "Ａ", "ｚ", "１"])
def test_han_kana_and_fullwidth_letters_are_unspaced_text(char: str) -> None:
    assert in_unspaced_text(char)


@pytest.mark.parametrize("char", ["한", "ㅋ", "a", "Z", "1", "。", "「", " ", "é", "Я"])
def test_hangul_latin_and_punctuation_are_not(char: str) -> None:
    assert not in_unspaced_text(char)


@pytest.mark.parametrize(
    ("glued", "expected"),
    [
        (CHINESE + JAPANESE, [CHINESE, JAPANESE]),
        ("人々!東京", ["人々!", "東京"]),  # `!` after Japanese text, `々` included
        ("发布了.据了解", ["发布了.据了解"]),  # a `.` among Han is no sentence end
        ("대책을 발표했다.이번", ["대책을 발표했다.", "이번"]),  # Korean ends sentences with `.`
    ],
)
def test_paragraphs_of_each_east_asian_language(glued: str, expected: list[str]) -> None:
    assert split_paragraphs(glued) == expected
