"""Builds killed at random instants (kill -9 and Ctrl-C), full and patching: the output is
always the old site or the new one, byte for byte, with no broken internal link, and the next
build recovers to the new site with nothing left beside the output but the spare tree the
next build starts from, whose file list is exactly what it holds."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ROOT, read_tree

BASE = "https://example.org/news/"
KILLS = int(os.environ.get("FAULT_KILLS", "10"))
SITE = (
    'title = "Fault test"\nbase_url = "{base}"\nsearch = false\nper_page = 10\ntimezone = "UTC"\n'
)
STORY = (
    "---\ntitle: Story number {n}\ndate: 2024-{month:02d}-{day:02d}\n"
    "source_url: https://example.com/{n}\ntags: [{tag}]\nnote: Why story {n} matters.\n---\n\n"
    "{body}\n"
)
LINK = re.compile(r'(?:href|src)="([^"#?]*)')


def story(n: int, extra: str = "") -> str:
    body = f"The body of story {n}, told at some length. " * 20 + extra
    tag = ["economy", "climate", "health"][n % 3]
    return STORY.format(n=n, month=1 + n % 12, day=1 + n % 28, tag=tag, body=body)


def make_project(folder: Path, count: int = 140) -> Path:
    (folder / "content").mkdir(parents=True)
    (folder / "site.toml").write_text(SITE.format(base=BASE), encoding="utf-8")
    for n in range(count):
        (folder / "content" / f"story-{n:03d}.md").write_text(story(n), encoding="utf-8")
    return folder


def change(project: Path) -> None:
    """An edit, a new story and a deletion: pages change, appear and disappear."""
    content = project / "content"
    (content / "story-005.md").write_text(story(5, "An update."), encoding="utf-8")
    (content / "story-999.md").write_text(story(999), encoding="utf-8")
    (content / "story-010.md").unlink()


def build_command(project: Path, *extra: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "build", "--quiet", "--jobs", "2", *extra]


def build(project: Path, *extra: str) -> None:
    done = subprocess.run(
        build_command(project, *extra), cwd=project, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr


def broken_links(site: dict[str, bytes]) -> list[str]:
    base_path = urlsplit(BASE).path
    broken = []
    for rel, data in site.items():
        if not rel.endswith(".html"):
            continue
        for href in LINK.findall(data.decode("utf-8")):
            path = urlsplit(unescape(href)).path
            if href.startswith("https://example.org") or href.startswith(base_path):
                path = unquote(path)[len(base_path) :] if path.startswith(base_path) else "?"
                target = path + "index.html" if path.endswith("/") or not path else path
                if target not in site:
                    broken.append(f"{rel} → {href}")
    return broken


SETTLED = {"public", "content", "site.toml", ".cache", ".public.spare", ".public.spare.json"}


def settled(parent: Path, timeout: float = 20.0) -> set[str]:
    """What is beside the output once background removals have finished."""
    deadline = time.monotonic() + timeout
    while True:
        names = {p.name for p in parent.iterdir()}
        if names <= SETTLED or time.monotonic() > deadline:
            return names
        time.sleep(0.05)


@pytest.fixture(scope="module")
def sites(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A built project (output and cache), and the old and new sites it should hold."""
    pristine = make_project(tmp_path_factory.mktemp("faults") / "project")
    build(pristine)
    old = read_tree(pristine / "public")
    reference = tmp_path_factory.mktemp("reference") / "project"
    shutil.copytree(pristine, reference, symlinks=True)
    change(reference)
    build(reference, "--no-cache")
    new = read_tree(reference / "public")
    assert old != new and not broken_links(old) and not broken_links(new)
    return pristine, old, new


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["patching", "full"])
def test_a_build_killed_at_any_instant_leaves_the_old_or_the_new_site(
    sites: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path, mode: str
) -> None:
    pristine, old, new = sites
    extra = ("--no-cache",) if mode == "full" else ()
    timing = tmp_path / "timing"
    shutil.copytree(pristine, timing, symlinks=True)
    change(timing)
    started = time.monotonic()
    build(timing, *extra)
    duration = time.monotonic() - started
    chooser = random.Random(f"{mode}-{KILLS}")
    outcomes = {"old": 0, "new": 0}
    for attempt in range(KILLS):
        project = tmp_path / f"run-{attempt}"
        shutil.copytree(pristine, project, symlinks=True)
        change(project)
        how = signal.SIGINT if attempt % 3 == 2 else signal.SIGKILL
        delay = chooser.uniform(0.0, duration * 1.1)
        running = subprocess.Popen(
            build_command(project, *extra),
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        running.send_signal(how)
        running.wait(timeout=120)
        found = read_tree(project / "public")
        where = f"attempt {attempt}: {how.name} after {delay:.2f} s of {duration:.2f} s"
        assert found in (old, new), f"{where}: a mix of old and new pages"
        outcomes["old" if found == old else "new"] += 1
        build(project, *extra)  # the next build recovers
        assert read_tree(project / "public") == new, where
        assert settled(project) <= SETTLED, where
        if (project / ".public.spare").is_dir():
            listed = json.loads((project / ".public.spare.json").read_bytes())
            assert set(read_tree(project / ".public.spare")) == set(listed), where
    print(f"{mode}: {KILLS} kills, {outcomes} (build {duration:.2f} s)")
