"""Each edition as a newsletter (`editions/<ID>/email.html` and `email.txt`) and the
`newsletter` command that prints or saves one."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder.cli import main
from builder.plan import EMAIL_STORIES
from tests.unit.test_feeds import BASE, make_project, run

GMAIL_CLIPS = 102 * 1024


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run(make_project(tmp_path_factory.mktemp("mail")))


def test_every_edition_has_an_html_and_a_text_email(site: Path) -> None:
    editions = sorted(p.parent.name for p in (site / "editions").glob("*/index.html"))
    assert editions == ["2024-11-05", "2024-11-06", "2024-11-07", "2024-11-08"]
    for key in editions:
        assert (site / "editions" / key / "email.html").is_file()
        assert (site / "editions" / key / "email.txt").is_file()
    assert "email" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_the_html_email_is_self_contained(site: Path) -> None:
    for path in sorted(site.glob("editions/*/email.html")):
        html = path.read_text(encoding="utf-8")
        assert len(html.encode()) < GMAIL_CLIPS, path
        tags = tags_of(html)
        names = {tag for tag, _ in tags}
        assert not names & {"script", "style", "link", "img", "iframe", "form"}, path
        assert "table" in names
        assert all("class" not in attrs for _, attrs in tags), path
        hrefs = [attrs["href"] or "" for tag, attrs in tags if tag == "a"]
        assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs), path
        assert not any(name.startswith("on") for _, attrs in tags for name in attrs), path


def test_each_story_has_its_note_source_and_links(site: Path) -> None:
    html = (site / "editions" / "2024-11-08" / "email.html").read_text(encoding="utf-8")
    hrefs = [attrs["href"] for tag, attrs in tags_of(html) if tag == "a"]
    assert BASE + "editions/2024-11-08/" in hrefs  # the web version
    assert any(h and h.startswith(BASE + "articles/harbour-") for h in hrefs)  # link back
    assert "https://www.example.com/harbour/?utm_source=feed" in hrefs  # the original
    assert "Curator’s note" in html and "<em>matters</em>" in html
    assert "Example Tribune" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#34;t&#34;)" in html


def test_the_text_email_says_the_same_in_plain_text(site: Path) -> None:
    text = (site / "editions" / "2024-11-08" / "email.txt").read_text(encoding="utf-8")
    assert "<em>" not in text and "&amp;" not in text and "&lt;" not in text
    assert "Curator’s note: Curator says it matters because" in text
    assert 'Harbour <script>alert("t")</script> & <img' in text  # shown as written
    assert "Original at Example Tribune: https://www.example.com/harbour/?utm_source=feed" in text
    assert f"Read this edition on the web: {BASE}editions/2024-11-08/" in text
    assert max(len(line) for line in text.splitlines() if "://" not in line) <= 72


def test_a_big_edition_stays_under_the_clipping_size(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    note = "Why it matters: " + "a long note from the curators with *emphasis* and detail. " * 12
    for number in range(EMAIL_STORIES + 25):
        (project / "content" / f"big{number:03d}.md").write_text(
            f"---\ntitle: Story number {number} about a very busy news day in the harbour\n"
            f"date: 2024-11-12T{number % 24:02d}:00:00+01:00\n"
            f"source_url: https://example.com/big/{number}\nnote: '{note}'\n---\n\n"
            + "A paragraph of the story body that the summary is cut from. "
            * 10,
            encoding="utf-8",
        )
    site = run(project)
    html = (site / "editions" / "2024-11-12" / "email.html").read_bytes()
    assert len(html) < GMAIL_CLIPS
    assert html.count(b"<h2") == EMAIL_STORIES
    assert b"25 more stories on the web" in html
    assert b"25 more stories on the web" in (site / "editions/2024-11-12/email.txt").read_bytes()


def test_the_newsletter_command_prints_or_saves_an_edition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    project = make_project(tmp_path / "p")
    monkeypatch.chdir(project)
    site = run(project)
    assert main(["newsletter", "--format", "txt"]) == 0  # the latest edition
    assert capsysbinary.readouterr().out == (site / "editions/2024-11-08/email.txt").read_bytes()
    assert main(["newsletter", "2024-11-06", "--save", "mail.html"]) == 0
    saved = (project / "mail.html").read_bytes()
    assert saved == (site / "editions/2024-11-06/email.html").read_bytes()
    assert main(["newsletter", "1999-01-01"]) == 1
    err = capsysbinary.readouterr().err.decode()
    assert "no edition '1999-01-01'; the latest are: 2024-11-08" in err
