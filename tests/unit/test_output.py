"""The output folder: refused locations, the staging swap, recovery and the manifest."""

from __future__ import annotations

import json
import os
import re
import threading
import time
from pathlib import Path

import pytest

from builder import config as config_mod
from builder import output as output_mod
from builder.output import MARKER, OutputError, Staging, check_output_dir, manifest
from builder.pipeline import BuildError, build
from tests.conftest import read_tree, stamps, write_tree

OLD = {
    MARKER: b"Made by Broadsheet: this folder is replaced on every build.\n",
    "index.html": b"<p>old home</p>",
    "articles/a/index.html": b"<p>article a</p>",
    "articles/b/index.html": b"<p>article b</p>",
    "static/style.css": b"body{}",
}


def listing(folder: Path) -> dict[str, bytes | None]:
    """Everything under `folder`, folders included (as None), dotfiles too."""
    return {
        p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
    }


def settled(parent: Path, expected: set[str], timeout: float = 10.0) -> set[str]:
    """The names in `parent` once the background removal of the old output has finished."""
    deadline = time.monotonic() + timeout
    while True:
        names = {p.name for p in parent.iterdir()}
        if names == expected or time.monotonic() > deadline:
            return names
        time.sleep(0.02)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A previous output in `tmp_path/site/public`, with a sentinel file next to it."""
    parent = tmp_path / "site"
    output = parent / "public"
    write_tree(output, OLD)
    (parent / "sentinel.txt").write_bytes(b"not ours")
    return output


# --- check_output_dir ---------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "home" / "project"
    (root / "src" / "content" / "2024").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return root


@pytest.mark.parametrize(
    "where, reason",
    [
        ("src/content", "it is the content folder"),
        ("src", "it contains the content folder"),
        ("src/content/2024", "it is inside the content folder"),
        ("src/content/2024/../../content", "it is the content folder"),
        (".", "it is the project folder"),
        ("..", "it is your home folder"),
        ("/", "it is the filesystem root"),
    ],
)
def test_unsafe_output_folders_are_refused_naming_the_folder(
    project: Path, where: str, reason: str
) -> None:
    output = Path(where) if where == "/" else project / where
    with pytest.raises(OutputError) as raised:
        check_output_dir(output, project / "src" / "content", project)
    message = str(raised.value)
    assert str(output.resolve()) in message
    assert reason in message


def test_a_symlink_to_the_content_folder_is_refused(project: Path) -> None:
    link = project.parent / "public-link"
    link.symlink_to(project / "src" / "content")
    with pytest.raises(OutputError, match="content folder"):
        check_output_dir(link, project / "src" / "content", project)


def test_a_file_or_a_foreign_folder_is_refused(project: Path) -> None:
    content = project / "src" / "content"
    (project / "public").write_text("a file")
    with pytest.raises(OutputError, match=re.escape(f"{project / 'public'}: it is a file")):
        check_output_dir(project / "public", content, project)
    (project / "docs").mkdir()
    (project / "docs" / "letter.txt").write_text("keep me")
    with pytest.raises(OutputError, match=re.escape(f"refusing to replace {project / 'docs'}")):
        check_output_dir(project / "docs", content, project)


def test_safe_output_folders_are_accepted(project: Path, site: Path) -> None:
    content = project / "src" / "content"
    check_output_dir(project / "public", content, project)  # does not exist yet
    (project / "empty").mkdir()
    check_output_dir(project / "empty", content, project)
    check_output_dir(site, content, project)  # made by Broadsheet: it has the marker
    check_output_dir(project / "src" / "public", content, project)  # a sibling of content


# --- Staging ------------------------------------------------------------------------------------


def test_abort_leaves_the_previous_output_and_no_temporary_folder(site: Path) -> None:
    before, parent = listing(site.parent), site.parent
    staging = Staging(site)
    assert staging.root.parent == parent and staging.root.is_dir()
    staging.write("index.html", b"<p>new home</p>")
    assert staging.keep("static/style.css")
    staging.write("articles/c/index.html", b"<p>new article</p>")
    staging.abort()
    assert listing(parent) == before
    assert not staging.root.exists()


def test_commit_swaps_in_exactly_what_the_build_produced(site: Path) -> None:
    old_stamps = stamps(site)
    staging = Staging(site)
    assert staging.old_bytes("index.html") == OLD["index.html"]
    assert staging.old_bytes("nope.html") is None
    staging.make_dirs(["articles/a/index.html", "articles/c/index.html"])
    assert staging.keep("articles/a/index.html")
    assert not staging.keep("articles/c/index.html")  # no previous file to keep
    staging.write("articles/c/index.html", b"<p>article c</p>")
    staging.write("index.html", b"<p>new home</p>")
    staging.commit()
    assert read_tree(site) == {
        MARKER: OLD[MARKER],
        "index.html": b"<p>new home</p>",
        "articles/a/index.html": OLD["articles/a/index.html"],
        "articles/c/index.html": b"<p>article c</p>",
    }, "files the build did not produce (articles/b, static/) must be gone"
    assert not (site / "articles" / "b").exists() and not (site / "static").exists()
    new_stamps = stamps(site)
    for kept in ("articles/a/index.html", MARKER):  # same file: same inode and mtime
        assert new_stamps[kept] == old_stamps[kept], kept
    assert new_stamps["index.html"] != old_stamps["index.html"]
    assert settled(site.parent, {"public", "sentinel.txt"}) == {"public", "sentinel.txt"}
    assert (site.parent / "sentinel.txt").read_bytes() == b"not ours"


def test_the_manifest_of_what_was_placed_is_the_manifest_of_the_new_output(
    site: Path, tmp_path: Path
) -> None:
    before = manifest(site)
    staging = Staging(site, before)
    assert staging.keep("articles/a/index.html") and staging.keep("static/style.css")
    staging.write("index.html", b"<p>new home</p>")
    (tmp_path / "made.json").write_bytes(b"{}")
    assert staging.adopt(tmp_path / "made.json", "search/made.json")
    staging.write("articles/b/index.html", b"<p>b, rendered by a worker</p>")
    staging.placed("articles/b/index.html", True)  # as the parent records a worker's page
    staging.commit()
    assert staging.manifest() == manifest(site)
    assert staging.manifest()["static/style.css"] == before["static/style.css"]


def stage(site: Path, files: dict[str, bytes], keep: tuple[str, ...] = ()) -> Staging:
    """A build of `files` (those in `keep` linked from the previous output), committed."""
    staging = Staging(site, manifest(site))
    for rel in keep:
        assert staging.keep(rel), rel
    for rel, data in files.items():
        staging.write(rel, data)
    staging.commit()
    return staging


def test_the_swapped_out_tree_is_the_next_builds_spare_and_comes_out_exact(site: Path) -> None:
    spare, listing = site.parent / ".public.spare", site.parent / ".public.spare.json"
    stage(site, {"index.html": b"<p>second</p>"}, keep=("articles/a/index.html", MARKER))
    assert set(json.loads(listing.read_bytes())) == set(OLD)  # the first site, as it was
    assert read_tree(spare) == OLD
    live = stamps(site)
    staging = Staging(site, manifest(site))  # made from the spare: the first site
    assert not spare.exists() and not listing.exists()
    assert staging.keep("articles/a/index.html") and staging.keep(MARKER)
    staging.write("index.html", b"<p>third</p>")
    staging.write("articles/a/extra.html", b"<p>new</p>")
    assert read_tree(site)["index.html"] == b"<p>second</p>"  # the live site is untouched
    assert stamps(site) == live
    staging.commit()
    assert read_tree(site) == {
        MARKER: OLD[MARKER],
        "index.html": b"<p>third</p>",
        "articles/a/index.html": OLD["articles/a/index.html"],
        "articles/a/extra.html": b"<p>new</p>",
    }  # what the spare held and this build did not place is gone, emptied folders too
    assert not (site / "articles" / "b").exists() and not (site / "static").exists()
    assert staging.manifest() == manifest(site)
    assert read_tree(spare) == {  # the second site, for the next build
        MARKER: OLD[MARKER],
        "index.html": b"<p>second</p>",
        "articles/a/index.html": OLD["articles/a/index.html"],
    }


def test_a_spare_without_its_file_list_is_not_used(site: Path) -> None:
    stage(site, {"index.html": b"<p>second</p>"}, keep=(MARKER,))
    (site.parent / ".public.spare.json").unlink()  # as if killed before it was written
    stage(site, {"index.html": b"<p>third</p>"}, keep=(MARKER,))
    assert read_tree(site) == {MARKER: OLD[MARKER], "index.html": b"<p>third</p>"}
    listed = json.loads((site.parent / ".public.spare.json").read_bytes())
    assert set(listed) == set(read_tree(site.parent / ".public.spare"))


def test_first_commit_creates_the_output_and_abort_creates_nothing(tmp_path: Path) -> None:
    output = tmp_path / "out" / "public"
    output.parent.mkdir()
    staging = Staging(output)
    assert staging.old_bytes("index.html") is None and not staging.keep("index.html")
    staging.write("index.html", b"home")
    staging.abort()
    assert list(output.parent.iterdir()) == []
    staging = Staging(output)
    staging.write("index.html", b"home")
    staging.commit()
    assert read_tree(output) == {MARKER: OLD[MARKER], "index.html": b"home"}
    assert {p.name for p in output.parent.iterdir()} == {"public"}


def test_a_staging_folder_left_by_a_killed_build_is_removed(site: Path) -> None:
    leftover = site.parent / ".public.staging"
    (leftover / "articles").mkdir(parents=True)
    (leftover / "junk.html").write_bytes(b"junk")
    staging = Staging(site)
    assert staging.root == leftover and not (leftover / "junk.html").exists()
    staging.write("index.html", b"new")
    staging.commit()
    assert read_tree(site) == {MARKER: OLD[MARKER], "index.html": b"new"}
    assert settled(site.parent, {"public", "sentinel.txt"}) == {"public", "sentinel.txt"}


def test_an_output_parked_by_the_two_rename_fallback_is_put_back(site: Path) -> None:
    """Killed between the fallback's renames: no `public/`, the old site parked aside."""
    site.rename(site.parent / ".public.old")
    (site.parent / ".public.staging").mkdir()
    staging = Staging(site)
    assert staging.previous == site and staging.old_bytes("index.html") == OLD["index.html"]
    staging.abort()
    assert read_tree(site) == OLD
    assert {p.name for p in site.parent.iterdir()} == {"public", "sentinel.txt"}


def test_the_two_rename_fallback_commits_too(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output_mod, "_exchange", lambda a, b: False)
    staging = Staging(site)
    assert staging.keep("index.html")
    staging.write("new.html", b"new")
    staging.commit()
    assert read_tree(site) == {
        MARKER: OLD[MARKER],
        "index.html": OLD["index.html"],
        "new.html": b"new",
    }
    assert settled(site.parent, {"public", "sentinel.txt"}) == {"public", "sentinel.txt"}


def test_the_swap_never_leaves_a_moment_without_the_site(site: Path) -> None:
    """A reader polling the home page while builds swap in new trees always finds one."""
    if not output_mod._exchange(site.parent / "sentinel.txt", site.parent / "sentinel.txt"):
        pytest.fail("this system cannot exchange two paths atomically (renameat2)")
    stop, misses, reads = threading.Event(), [], [0]

    def reader() -> None:
        while not stop.is_set():
            try:
                data = (site / "index.html").read_bytes()
            except OSError as error:
                misses.append(repr(error))
            else:
                reads[0] += 1
                if not data.startswith(b"<p>"):
                    misses.append(repr(data))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for n in range(60):
            staging = Staging(site)
            staging.write("index.html", f"<p>home {n}</p>".encode())
            staging.commit()
    finally:
        stop.set()
        thread.join()
    assert misses == [] and reads[0] > 0
    assert (site / "index.html").read_bytes() == b"<p>home 59</p>"


def test_a_second_build_into_the_same_output_waits_for_the_first(site: Path) -> None:
    first = Staging(site)
    first.write("index.html", b"<p>first</p>")
    opened: list[Staging] = []
    thread = threading.Thread(target=lambda: opened.append(Staging(site)))
    thread.start()
    thread.join(0.3)
    assert opened == [], "the second staging must wait for the first to finish"
    first.commit()
    thread.join(10)
    (second,) = opened
    assert second.old_bytes("index.html") == b"<p>first</p>", "it starts from the first's site"
    second.abort()
    assert read_tree(site)["index.html"] == b"<p>first</p>"


# --- through a real build -------------------------------------------------------------------------

SITE = 'title = "Output test"\nbase_url = "https://example.org/"\nsearch = false\n'
ARTICLE = "---\ntitle: Story {n}\ndate: 2024-11-0{n}\n---\n\nBody of story {n}.\n"


def test_a_failed_patch_build_leaves_the_previous_output(tmp_path: Path) -> None:
    """The cache trusts the output, so the build patches it in place; a template error midway
    must still leave every file as it was and no staging folder behind."""
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "site.toml").write_text(SITE)
    for n in (1, 2, 3):
        (project / "content" / f"s{n}.md").write_text(ARTICLE.format(n=n))
    (project / "sentinel.txt").write_text("not ours")
    config = config_mod.load(project / "site.toml")
    build(config, jobs=1)
    output = project / "public"
    before, old_stamps = listing(project), stamps(output)
    (project / "content" / "s2.md").write_text(ARTICLE.format(n=2) + "\nMore text.\n")
    templates = project / "overrides" / "templates"
    templates.mkdir(parents=True)
    (templates / "article.html").write_text(
        '{% extends "!default/article.html" %}{% block main %}{{ nope.attr }}{% endblock %}'
    )
    with pytest.raises(BuildError, match=r"article\.html"):
        build(config, jobs=1)
    after = listing(project)
    for rel in list(after):  # what the test itself added
        if rel.startswith("overrides") or rel.startswith(".cache") or rel == "content/s2.md":
            after.pop(rel)
            before.pop(rel, None)
    assert after == before
    assert stamps(output) == old_stamps
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == [".cache"]


# --- manifest -----------------------------------------------------------------------------------


def test_manifest_lists_every_file_with_size_and_mtime(site: Path) -> None:
    os.utime(site / "index.html", ns=(1_000_000_000, 1_234_567_890_123))
    found = manifest(site)
    assert set(found) == set(OLD)
    for rel, data in OLD.items():
        assert found[rel] == (len(data), (site / rel).stat().st_mtime_ns)
    assert found["index.html"] == (len(OLD["index.html"]), 1_234_567_890_123)


def test_manifest_sees_a_change_and_does_not_follow_folder_links(
    site: Path, tmp_path: Path
) -> None:
    before = manifest(site)
    (site / "index.html").write_bytes(b"<p>changed!</p>")
    assert manifest(site)["index.html"] != before["index.html"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "big.bin").write_bytes(b"x" * 100)
    (site / "link").symlink_to(elsewhere, target_is_directory=True)
    found = manifest(site)
    assert "link" in found and not any(rel.startswith("link/") for rel in found)
    assert manifest(tmp_path / "elsewhere") == {"big.bin": found_size(elsewhere / "big.bin")}


def found_size(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def test_manifest_of_an_empty_folder_is_empty(tmp_path: Path) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    assert manifest(tmp_path / "empty") == {}
