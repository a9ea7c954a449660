"""Languages end to end: raw files in legacy encodings import and build with their title and
text; an article in another language than the site's gets its own <html lang> and a label."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run_build
from tests.unit.test_decoding import LEGACY, raw_file
from tests.unit.test_language import LATIN


def test_legacy_encoded_raw_files_import_with_their_title_and_text(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for codec, _, title, body in LEGACY:
        (raw / f"{codec}.txt").write_bytes(raw_file(title, body).encode(codec))
    done = run_build("import", str(raw), "--to", str(tmp_path / "out"))
    assert f"Imported {len(LEGACY)} articles" in done.stdout
    for codec, name, title, body in LEGACY:
        page = (tmp_path / "out" / f"{codec}.md").read_text(encoding="utf-8")
        assert f"title: {title}\n" in page, page
        assert body[:12] in page
        assert f"{codec}.txt:3: warning: not UTF-8: read as {name}" in done.stderr + done.stdout


def test_a_foreign_article_has_its_own_html_lang_and_a_label(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "fr.md").write_text(
        f"---\ntitle: Le port rouvre\ndate: 2024-11-07\n---\n\n{LATIN[0][1]}\n", encoding="utf-8"
    )
    (content / "en.md").write_text(
        "---\ntitle: The harbour reopens\ndate: 2024-11-07\n---\n\nThe council said that the "
        "harbour will reopen on Monday after the storm, and that the ferries are back.\n",
        encoding="utf-8",
    )
    config = tmp_path / "site.toml"
    config.write_text('title = "T"\nbase_url = "https://x.example/"\nsearch = false\n')
    output = tmp_path / "public"
    run_build("build", "--config", str(config), "--content", str(content), "--output", str(output))
    french = (output / "articles" / "le-port-rouvre" / "index.html").read_text(encoding="utf-8")
    assert french.startswith('<!doctype html>\n<html lang="fr"')
    assert re.search(r'<body lang="en">', french)
    assert '<p class="story-language" lang="en">French</p>' in french
    english = (output / "articles" / "the-harbour-reopens" / "index.html").read_text("utf-8")
    assert english.startswith('<!doctype html>\n<html lang="en"')
    assert "<body>" in english and "story-language" not in english
    home = (output / "index.html").read_text(encoding="utf-8")
    assert home.startswith('<!doctype html>\n<html lang="en"') and "<body>" in home
