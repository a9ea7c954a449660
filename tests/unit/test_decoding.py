"""`builder.decoding`: raw files in legacy encodings are read, with a warning naming the
encoding; what no decoder reads sensibly is refused."""

from __future__ import annotations

import pytest

from builder import frontmatter
from builder.config import Config
from builder.convert import convert
from builder.decoding import LEGACY_MIN_BYTES, decode
from builder.ingest import ingest_bytes

PATH = "content/story.txt"
HEADER = " date 2024-11-07 https://example.com/world/story.html"

# (codec, how the warning names it, title, body): news prose as scrapers save it.
LEGACY = [
    (
        "cp1251",
        "Windows-1251 (Cyrillic)",
        "Порт открылся после шторма",
        "Городской совет во вторник утвердил новый бюджет порта. Работы начнутся весной и "
        "продлятся два года, сообщил мэр.",
    ),
    (
        "koi8-r",
        "KOI8-R (Cyrillic)",
        "Жители встретили первый паром",
        "Первый паром за неделю прибыл в порт в среду утром. На причале его встречали сотни "
        "жителей и оркестр.",
    ),
    (
        "gbk",
        "GB18030/GBK (simplified Chinese)",
        "港口在风暴后重新开放",
        "市议会周二批准了港口的新预算。工程将于明年春天开始，预计耗时两年。市长表示，"
        "新码头将带来更多就业机会。",
    ),
    (
        "big5",
        "Big5 (traditional Chinese)",
        "港口在風暴後重新開放",
        "市議會週二批准了港口的新預算。工程將於明年春天開始，預計耗時兩年。市長表示，"
        "新碼頭將帶來更多就業機會。",
    ),
    (
        "shift_jis",
        "Shift-JIS (Japanese)",
        "嵐の後に港が再開",
        "市議会は火曜日、港の新しい予算を承認した。工事は来年の春に始まり、二年かかる見込みだ。"
        "市長は新しい埠頭が雇用を生むと述べた。",
    ),
]


def raw_file(title: str, body: str) -> str:
    return f"{HEADER}\r\n\r\n{title}\r\n\r\n{title}\r\n\r\n07.11.2024\r\n\r\n{body}\r\n"


@pytest.mark.parametrize(("codec", "name", "title", "body"), LEGACY, ids=[c[0] for c in LEGACY])
def test_a_legacy_encoding_is_read_with_a_warning_naming_it(
    codec: str, name: str, title: str, body: str
) -> None:
    text = raw_file(title, body)
    decoded, problems = decode(text.encode(codec), PATH)
    assert decoded == text
    assert len(problems) == 1 and problems[0].level == "warning"
    assert problems[0].message.startswith(f"not UTF-8: read as {name} because of byte 0x")
    assert problems[0].line == 3  # the title, the first line that is not ASCII


@pytest.mark.parametrize(("codec", "name", "title", "body"), LEGACY, ids=[c[0] for c in LEGACY])
def test_a_legacy_raw_file_imports_and_builds_with_its_title_and_text(
    codec: str, name: str, title: str, body: str
) -> None:
    data = raw_file(title, body).encode(codec)
    page, problems = convert(data, PATH)
    assert page is not None, problems
    parsed, markdown, _, _ = frontmatter.split(page, PATH)
    assert parsed is not None and parsed["title"] == title
    assert body[:12] in markdown
    article, problems = ingest_bytes(data, PATH, Config())
    assert article is not None, problems
    assert article.title == title
    assert body[:12] in article.body_html
    assert [p.level for p in problems] == ["warning"]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("Привет, мир".encode("cp1251"), id="too few bytes to tell"),
        pytest.param(b"They said " + "Путин".encode("cp1251") + b" today", id="one foreign word"),
        pytest.param(
            ("Городской совет утвердил новый бюджет порта. " * 3).encode() + b"\xff\xfe ok",
            id="damaged utf-8, mostly valid",
        ),
        pytest.param(
            "Городской совет утвердил бюджет".encode()[:-1], id="utf-8 cut inside a character"
        ),
        pytest.param(
            b"\xef\xbb\xbf" + "Городской совет утвердил бюджет".encode("cp1251"),
            id="a utf-8 bom before other bytes",
        ),
    ],
)
def test_what_no_decoder_reads_sensibly_is_refused(data: bytes) -> None:
    text, problems = decode(data, PATH)
    assert text is None
    assert len(problems) == 1 and problems[0].level == "error"
    assert problems[0].message.startswith("not UTF-8 text: invalid byte 0x")
    assert problems[0].message.endswith("please save the file as UTF-8")


def test_enough_evidence_is_counted_in_bytes() -> None:
    """Just enough non-ASCII bytes of a Cyrillic sentence are read; one fewer are not."""
    words = "поздравил жителей"  # 16 letters: 16 bytes in cp1251
    enough = (words + " " + words[: LEGACY_MIN_BYTES - 16]).encode("cp1251")
    assert sum(b >= 0x80 for b in enough) == LEGACY_MIN_BYTES
    assert decode(enough, PATH)[0] == enough.decode("cp1251")
    assert decode(enough[:-1], PATH)[0] is None
