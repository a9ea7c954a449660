"""The preview's watcher, on real files: what it reports, what it leaves out, and when it says
the inputs may have moved."""

from __future__ import annotations

import os
import queue
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.watch import Watcher

QUIET_S = 0.6  # longer than a burst is gathered for, so nothing more is coming


class Seen:
    """The watcher's reports, collected from its threads."""

    def __init__(self) -> None:
        self.reports: queue.Queue[tuple[list[str], bool]] = queue.Queue()

    def __call__(self, paths: list[str], moved: bool) -> None:
        self.reports.put((paths, moved))

    def next(self, timeout: float = 10) -> tuple[list[str], bool]:
        return self.reports.get(timeout=timeout)

    def nothing(self) -> bool:
        time.sleep(QUIET_S)
        return self.reports.empty()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "themes").mkdir()
    (tmp_path / "site.toml").write_text('title = "A"\n')
    return tmp_path


@pytest.fixture
def watching(project: Path) -> Iterator[tuple[Watcher, Seen]]:
    seen = Seen()
    watcher = Watcher(seen)
    folders = [project / "content", project / "themes", project / "overrides"]
    watcher.start(folders, [project / "site.toml"])
    yield watcher, seen
    watcher.stop()


def test_a_saved_article_is_reported_at_once(project: Path, watching: tuple[Watcher, Seen]) -> None:
    _, seen = watching
    story = project / "content" / "story.md"
    story.write_text("news\n")
    paths, moved = seen.next()
    assert paths == [str(story)] and not moved
    assert seen.nothing()
    # a new folder is reported (a build reads it whole, even what the events missed in it)
    (project / "content" / "2024").mkdir()
    paths, moved = seen.next()
    assert paths == [str(project / "content" / "2024")] and not moved


def test_hidden_and_backup_files_and_other_folders_are_left_out(
    project: Path, watching: tuple[Watcher, Seen]
) -> None:
    _, seen = watching
    (project / "content" / ".story.md.swp").write_text("x")
    (project / "content" / "story.md~").write_text("x")
    (project / "content" / ".git").mkdir()
    (project / "content" / ".git" / "index").write_text("x")
    (project / "public").mkdir()
    (project / "public" / "index.html").write_text("x")
    (project / "README.md").write_text("x")
    assert seen.nothing()


def test_a_config_saved_by_renaming_is_reported_as_moving_the_inputs(
    project: Path, watching: tuple[Watcher, Seen]
) -> None:
    watcher, seen = watching
    for title in ("B", "C"):
        new = project / "site.toml.new"
        new.write_text(f'title = "{title}"\n')
        os.replace(new, project / "site.toml")
        paths, moved = seen.next()
        assert str(project / "site.toml") in paths and moved
        assert seen.nothing()  # one report for one save
        watcher.start([project / "content"], [project / "site.toml"])  # as the preview does


def test_an_input_folder_made_later_is_reported_then_watched(
    project: Path, watching: tuple[Watcher, Seen]
) -> None:
    watcher, seen = watching
    (project / "overrides").mkdir()
    paths, moved = seen.next()
    assert paths == [str(project / "overrides")] and moved
    watcher.start([project / "content", project / "overrides"], [project / "site.toml"])
    (project / "overrides" / "home.html").write_text("x")
    paths, moved = seen.next()
    assert str(project / "overrides" / "home.html") in paths and not moved


def test_nothing_is_reported_after_stop(project: Path, watching: tuple[Watcher, Seen]) -> None:
    watcher, seen = watching
    watcher.stop()
    (project / "content" / "story.md").write_text("news\n")
    assert seen.nothing()


def test_a_file_name_that_is_not_utf8_is_reported_and_watching_goes_on(
    project: Path, watching: tuple[Watcher, Seen]
) -> None:
    """A Latin-1 `café.txt` is a change (the build then names the file); the watch survives."""
    _, seen = watching
    content = bytes(project / "content")
    with open(os.path.join(content, b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"news\n")
    seen.next()
    story = project / "content" / "after.md"
    story.write_text("news\n")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        paths, _ = seen.next()
        if str(story) in paths:
            return
    pytest.fail("no change reported after the badly named file")
