"""What `content/` may hold besides articles: names that are not UTF-8, symbolic links (out of
the folder, within it, broken, looping). Each is reported by name and the rest of the site builds;
nothing outside the content folder is read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.discover import discover
from tests.conftest import run_build

RAW = " date 2024-11-08 https://example.com/{slug}\n\n{title}\n\n{title}\n\n08.11.2024\n\n{body}\n"


def raw(slug: str, title: str, body: str = "The body of the story.") -> str:
    return RAW.format(slug=slug, title=title, body=body)


def project(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    (content / "good.txt").write_text(raw("good", "Good story"), encoding="utf-8")
    return content


def build(tmp_path: Path, *extra: str, check: bool = True) -> tuple[str, str, Path]:
    out = tmp_path / "out"
    done = run_build(
        "build", "--content", str(tmp_path / "content"), "--output", str(out), *extra, check=check
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout, done.stderr, out


def published(out: Path) -> list[str]:
    return sorted(p.name for p in (out / "articles").iterdir())


def test_a_file_name_that_is_not_utf8_is_reported_escaped_and_skipped(tmp_path: Path) -> None:
    content = project(tmp_path)
    with open(os.path.join(os.fsencode(content), b"caf\xe9.txt"), "wb") as handle:
        handle.write(raw("cafe", "Cafe story").encode())
    stdout, stderr, out = build(tmp_path)
    assert "caf\\xe9.txt: error: the file name is not valid UTF-8" in stderr
    assert "1 article published, 1 skipped" in stdout
    assert published(out) == ["good-story"]
    # the cached build that follows neither crashes nor forgets the problem
    stdout, stderr, out = build(tmp_path)
    assert "caf\\xe9.txt: error" in stderr and "1 skipped" in stdout
    strict = run_build(
        "build", "--content", str(content), "--output", str(tmp_path / "o2"), "--strict",
        check=False,
    )  # fmt: skip
    assert strict.returncode == 1


def test_a_folder_name_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    content = project(tmp_path)
    folder = os.path.join(os.fsencode(content), b"r\xfcckblick")
    os.mkdir(folder)
    with open(os.path.join(folder, b"story.txt"), "wb") as handle:
        handle.write(raw("inner", "Inner story").encode())
    _, stderr, out = build(tmp_path)
    assert "r\\xfcckblick: error: the folder name is not valid UTF-8" in stderr
    assert published(out) == ["good-story"]


def test_a_link_out_of_the_content_folder_is_refused(tmp_path: Path) -> None:
    content = project(tmp_path)
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "private.txt").write_text(raw("private", "PRIVATE first line"), encoding="utf-8")
    (content / "leak.txt").symlink_to(secret / "private.txt")
    (content / "folder").symlink_to(secret)
    (content / "passwd.txt").symlink_to("/etc/passwd")
    stdout, stderr, out = build(tmp_path)
    for name in ("leak.txt", "folder", "passwd.txt"):
        assert f"{name}: warning: symbolic link to a path outside the content folder" in stderr
    assert "PRIVATE" not in stdout + stderr and "root:" not in stdout + stderr
    assert published(out) == ["good-story"]
    assert not any(b"PRIVATE" in p.read_bytes() for p in out.rglob("*") if p.is_file())


def test_a_link_within_the_content_folder_is_followed(tmp_path: Path) -> None:
    content = project(tmp_path)
    shared = content / "_shared"  # an `_folder` is not read on its own
    shared.mkdir()
    (shared / "kept.txt").write_text(raw("kept", "Kept story"), encoding="utf-8")
    (content / "2024").symlink_to(shared)
    (content / "also.txt").symlink_to(shared / "kept.txt")
    stdout, stderr, out = build(tmp_path)
    assert published(out) == ["good-story", "kept-story"]
    assert "same story as 2024/kept.txt" in stderr  # the file link is the same story again
    assert "2 articles published" in stdout


def test_a_broken_link_is_reported(tmp_path: Path) -> None:
    content = project(tmp_path)
    (content / "gone.txt").symlink_to(content / "deleted.txt")
    _, stderr, out = build(tmp_path)
    assert "gone.txt: warning: broken symbolic link: skipped" in stderr
    assert published(out) == ["good-story"]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda c: (c / "self").symlink_to("."), id="to-itself"),
        pytest.param(lambda c: (c / "up").symlink_to(c), id="to-the-content-folder"),
        pytest.param(
            lambda c: ((c / "a").mkdir(), (c / "a" / "back").symlink_to(c / "a")), id="to-parent"
        ),
        pytest.param(
            lambda c: ((c / "x.txt").symlink_to("y.txt"), (c / "y.txt").symlink_to("x.txt")),
            id="file-loop",
        ),
    ],
)
def test_a_link_loop_is_reported_and_does_not_loop(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    content = project(tmp_path)
    make(content)
    stdout, stderr, out = build(tmp_path)
    assert ": warning: " in stderr and ("loop" in stderr or "already read" in stderr), stderr
    assert published(out) == ["good-story"]
    assert "1 article published" in stdout


def test_discover_lists_real_files_first_and_each_folder_once(tmp_path: Path) -> None:
    content = project(tmp_path)
    (content / "z").mkdir()
    (content / "z" / "story.md").write_text("x", encoding="utf-8")
    (content / "a").symlink_to(content / "z")  # sorts first, but the real folder is read
    files, inputs, problems = discover(content)
    assert [rel for _, rel in files] == ["good.txt", "z/story.md"]
    assert set(inputs) == {"good.txt", "z/story.md"}
    assert [(p.path, p.message) for p in problems] == [
        ("a", "link to a folder that is already read: skipped")
    ]
