"""`broadsheet new`: the files of a new site, the folders it refuses, and the site it makes."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import feedparser
import pytest

from builder import config as config_mod
from builder.scaffold import NewSite, ScaffoldError, check_base_url, create
from tests.conftest import ROOT

FILES = [
    ".github/workflows/pages.yml",
    ".github/zizmor.yml",
    ".gitignore",
    "README.md",
    "content/example-curated.md",
    "content/example-raw.txt",
    "overrides/README.md",
    "requirements.txt",
    "site.toml",
]


def broadsheet(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m builder ...` run in `cwd`, with no terminal to ask questions on."""
    return subprocess.run(
        [sys.executable, "-m", "builder", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_new_site_has_config_examples_overrides_workflow_and_readme(tmp_path: Path) -> None:
    site = tmp_path / "news"
    written = create(NewSite(site, 'The "Harbour" Times \\ Ω', "https://user.github.io/news"))
    assert [str(path) for path in written] == FILES
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()) == FILES
    settings = tomllib.loads((site / "site.toml").read_text(encoding="utf-8"))
    assert settings["title"] == 'The "Harbour" Times \\ Ω'
    assert settings["base_url"] == "https://user.github.io/news/"
    config = config_mod.load(site / "site.toml")  # every key the template writes is known
    assert config.theme == "default"
    assert (site / "README.md").read_text(encoding="utf-8").startswith('# The "Harbour" Times')
    assert "\nbroadsheet==" in (site / "requirements.txt").read_text(encoding="utf-8")
    assert "$" not in (site / "site.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://example.org/", "absolute http(s) URL"),
        ("example.org", "absolute http(s) URL"),
        ("https://example.org/?x=1", "query or a fragment"),
        ("https://example.org/#top", "query or a fragment"),
    ],
)
def test_a_bad_base_url_is_refused_with_the_reason(url: str, words: str) -> None:
    with pytest.raises(ScaffoldError, match=re.escape(words)):
        check_base_url(url)


def test_a_bad_title_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    for title in ("", "   ", "two\nlines", "bell\x07"):
        with pytest.raises(ScaffoldError, match="title"):
            create(NewSite(tmp_path / "site", title))
    assert not (tmp_path / "site").exists()


def test_a_folder_that_is_not_empty_is_refused_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="not empty"):
        create(NewSite(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    create(NewSite(tmp_path), force=True)
    assert (tmp_path / "site.toml").is_file()
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_force_never_overwrites_a_file(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("my readme", encoding="utf-8")
    with pytest.raises(ScaffoldError, match=r"would overwrite README\.md"):
        create(NewSite(tmp_path), force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "my readme"


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="not a folder"):
        create(NewSite(tmp_path / "site"))


def test_new_then_build_gives_a_site_with_its_feed_and_the_builtin_theme(tmp_path: Path) -> None:
    """Outside the checkout, with no themes/ folder: the built-in themes are found."""
    made = broadsheet("new", "news", "--title", "Harbour News", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "Created a new site in news" in made.stdout
    site = tmp_path / "news"
    assert not (site / "themes").exists()
    built = broadsheet("build", "--base-url", "https://user.github.io/REPO/", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "2 articles published, 0 skipped, 0 warnings" in built.stdout
    public = site / "public"
    home = (public / "index.html").read_text(encoding="utf-8")
    assert "Harbour News" in home
    assert 'href="/REPO/static/style.css"' in home or "/REPO/" in home
    feed = feedparser.parse((public / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Harbour News"
    assert sorted(entry.title for entry in feed.entries) == [
        "Council publishes the harbour repair plan",
        "Harbour reopens after the storm",
    ]
    assert any(path.name == "style.css" for path in public.rglob("*.css"))


def test_a_site_theme_folder_still_wins_over_the_builtin_one(tmp_path: Path) -> None:
    create(NewSite(tmp_path / "site"))
    site = tmp_path / "site"
    own = site / "themes" / "newsprint" / "templates"
    own.mkdir(parents=True)
    (site / "themes" / "newsprint" / "theme.toml").write_text('extends = "default"\n', "utf-8")
    (own / "404.html").write_text("my own 404 page\n", encoding="utf-8")
    toml = (site / "site.toml").read_text(encoding="utf-8")
    (site / "site.toml").write_text(toml.replace('theme = "default"', 'theme = "newsprint"'))
    built = broadsheet("build", "--quiet", cwd=site)
    assert built.returncode == 0, built.stderr
    assert (site / "public" / "404.html").read_text(encoding="utf-8") == "my own 404 page\n"


def test_new_refuses_a_folder_that_is_not_empty_with_exit_code_2(tmp_path: Path) -> None:
    (tmp_path / "keep.md").write_text("x", encoding="utf-8")
    done = broadsheet("init", ".", cwd=tmp_path)
    assert done.returncode == 2
    assert "error: .: folder is not empty (use --force" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.md"]


def test_new_refuses_a_bad_base_url_with_exit_code_2(tmp_path: Path) -> None:
    done = broadsheet("new", "site", "--base-url", "news.example.org", cwd=tmp_path)
    assert done.returncode == 2
    assert "must be an absolute http(s) URL" in done.stderr
    assert not (tmp_path / "site").exists()


def test_the_template_and_the_repository_workflow_agree_on_the_zizmor_policy() -> None:
    template = ROOT / "builder" / "site_template" / "dot-github" / "zizmor.yml"
    rules = template.read_text(encoding="utf-8").partition("rules:")[2]
    assert rules == (ROOT / "zizmor.yml").read_text(encoding="utf-8").partition("rules:")[2]


def test_new_asks_for_the_title_and_url_at_a_terminal(tmp_path: Path) -> None:
    """With a terminal on stdin, the missing options are asked for; Enter takes the default."""
    import pty

    controller, terminal = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "builder", "new", "site", "--title", "Given"],
        cwd=tmp_path,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,  # Python writes input()'s prompt to stderr at a terminal
    ) as process:
        os.write(controller, b"https://news.example.org\n")
        assert process.wait(timeout=60) == 0
    os.close(terminal)
    chunks = []
    with contextlib.suppress(OSError):  # EIO once everything written has been read
        while chunk := os.read(controller, 4096):
            chunks.append(chunk)
    os.close(controller)
    asked = b"".join(chunks).decode()
    assert "Public URL (base_url) [http://localhost:8000/]: " in asked
    assert "Title" not in asked  # given as an option
    settings = tomllib.loads((tmp_path / "site" / "site.toml").read_text(encoding="utf-8"))
    assert (settings["title"], settings["base_url"]) == ("Given", "https://news.example.org/")
