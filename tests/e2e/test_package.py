"""The wheel as a new user gets it: built, installed into a fresh virtual environment outside the
checkout, then `broadsheet --version`, `broadsheet new` and a build of that site.

Needs the package registry (pip installs the wheel's dependencies, at the versions in
constraints.txt); nothing else leaves the machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import feedparser
import pytest

from builder import __version__
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "builder", "themes")
BASE = "https://user.github.io/REPO/"


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the sources (so no build/ folder lands in the checkout)."""
    top = tmp_path_factory.mktemp("wheel")
    (top / "src").mkdir()
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(source, top / "src" / name, ignore=ignore)
        else:
            shutil.copy(source, top / "src" / name)
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "-w",
        top / "dist",
        top / "src",
        cwd=top,
    )
    (built,) = (top / "dist").glob("broadsheet-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh venv with the wheel and its dependencies; returns the environment to run it in."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=venv.parent)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    constraints = ROOT / "constraints.txt"
    pip = [scripts / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    run(*pip, "-c", constraints, wheel, cwd=venv.parent)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return {**env, "PATH": f"{scripts}{os.pathsep}{env.get('PATH', '')}"}


def test_the_wheel_holds_the_themes_the_site_template_and_the_license(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for theme_file in (ROOT / "themes").rglob("*"):
        if theme_file.is_file():
            rel = theme_file.relative_to(ROOT / "themes").as_posix()
            assert f"builder/themes_builtin/{rel}" in names
    assert "builder/site_template/site.toml.in" in names
    assert "builder/site_template/dot-github/workflows/pages.yml" in names
    assert f"broadsheet-{__version__}.dist-info/licenses/LICENSE" in names
    metadata = zipfile.ZipFile(wheel).read(f"broadsheet-{__version__}.dist-info/METADATA")
    for requirement in (b"tornado", b"markupsafe", b"tzdata", b"jinja2<4,>=3.1"):
        assert b"\nrequires-dist: " + requirement in metadata.lower()
    entry_points = zipfile.ZipFile(wheel).read(
        f"broadsheet-{__version__}.dist-info/entry_points.txt"
    )
    assert b"broadsheet = builder.cli:main" in entry_points


def test_installed_broadsheet_makes_and_builds_a_new_site_anywhere(
    installed: dict[str, str], tmp_path: Path
) -> None:
    assert run("broadsheet", "--version", cwd=tmp_path, env=installed).strip() == (
        f"broadsheet {__version__}"
    )
    where = run(
        "python", "-c", "import builder; print(builder.__file__)", cwd=tmp_path, env=installed
    )
    assert str(ROOT) not in where and "site-packages" in where  # not the checkout's code

    made = run("broadsheet", "new", "news", "--title", "Harbour News", cwd=tmp_path, env=installed)
    assert "Created a new site in news" in made
    site = tmp_path / "news"
    assert (site / "site.toml").is_file() and not (site / "themes").exists()

    built = run("broadsheet", "--base-url", BASE, cwd=site, env=installed)
    assert "2 articles published, 0 skipped" in built
    public = site / "public"
    home = (public / "index.html").read_text(encoding="utf-8")
    assert "Harbour News" in home
    assert '<link rel="stylesheet" href="/REPO/static/style.css">' in home
    assert "color-scheme" in (public / "static" / "style.css").read_text(encoding="utf-8")
    feed = feedparser.parse((public / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Harbour News"
    assert len(feed.entries) == 2
    assert all(entry.link.startswith(BASE) for entry in feed.entries)
    assert run("python", "-m", "builder", "check", cwd=site, env=installed).count("error") == 0
