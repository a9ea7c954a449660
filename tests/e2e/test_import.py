"""`import` writes a page whole or not at all: whatever is in the way (a folder with the page's
name, a file where a folder should be) is a clear error naming the path, and no temporary file
is ever left behind in the content folder."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import run_build

RAW = " date 2024-11-08 https://example.com/{slug}\n\n{title}\n\n{title}\n\n08.11.2024\n\nBody.\n"


def raw_folder(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "raw"
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        slug = path.stem.lower()
        path.write_text(RAW.format(slug=slug, title=f"Story {slug}"), encoding="utf-8")
    return folder


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if ".tmp" in p.name)


def test_force_onto_a_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, "story.txt", "other.txt")
    content = tmp_path / "content"
    (content / "story.md").mkdir(parents=True)
    (content / "story.md" / "inside.md").write_text("keep", encoding="utf-8")
    for force in ((), ("--force",)):
        done = run_build("import", str(raw), "--to", str(content), *force, check=False)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        assert f"error: cannot write {content / 'story.md'}: it is a folder" in done.stderr
        assert "Imported 1 article; 1 not imported." in done.stdout
        assert leftovers(tmp_path) == []
        assert (content / "story.md" / "inside.md").read_text(encoding="utf-8") == "keep"


def test_a_file_where_a_folder_should_be_is_an_error(tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, "2024/a.txt", "b.txt")
    content = tmp_path / "content"
    content.mkdir()
    (content / "2024").write_text("a file, not a folder", encoding="utf-8")
    done = run_build("import", str(raw), "--to", str(content), "--force", check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"error: cannot write {content / '2024'}" in done.stderr, done.stderr
    assert (content / "b.md").is_file()
    assert leftovers(tmp_path) == []


def test_a_source_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    with open(os.path.join(os.fsencode(raw), b"caf\xe9.txt"), "wb") as handle:
        handle.write(RAW.format(slug="cafe", title="Cafe story").encode())
    done = run_build("import", str(raw), "--to", str(tmp_path / "content"), check=False)
    assert done.returncode == 0, done.stderr
    assert "caf\\xe9.txt → " in done.stdout and "caf\\xe9.md" in done.stdout
    assert os.listdir(os.fsencode(tmp_path / "content")) == [b"caf\xe9.md"]
