"""Shared fixtures: the repo's paths, site builds in tmp_path, a local server, headless Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROJECT_BASE = "https://user.github.io/REPO/"


@pytest.fixture(autouse=True, scope="session")
def _lazy_libraries_imported() -> None:
    """ftfy and charset-normalizer are imported the first time a text needs them (0.1–0.3 s):
    import them up front, so that this never counts against one Hypothesis example's deadline."""
    import charset_normalizer  # noqa: F401
    import ftfy  # noqa: F401


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        nargs="?",
        const="review",
        choices=("review", "accept"),
        help="rewrite golden files from the current output, then fail with what changed "
        "(=accept, or GOLDEN_ACCEPT=1: pass, the change reviewed)",
    )


def missing(reason: str) -> None:
    """A missing tool fails the test: a skip would pass while checking nothing. Set
    BROADSHEET_SKIP_MISSING_TOOLS=1 to skip instead, knowingly, on a machine without it."""
    if os.environ.get("BROADSHEET_SKIP_MISSING_TOOLS") == "1":
        pytest.skip(reason)
    pytest.fail(f"missing: {reason} (or set BROADSHEET_SKIP_MISSING_TOOLS=1 to skip)")


def run_build(
    *args: str, cwd: Path = ROOT, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python build.py ...` as a user runs it, in a subprocess."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "random", **(env or {})},
        timeout=600,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def build_sample(output: Path, base_url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_build(
        "build",
        "--config",
        str(ROOT / "site.toml"),
        "--output",
        str(output),
        "--base-url",
        base_url,
        "--no-cache",
        *extra,
    )


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content built for a project site under /REPO/."""
    output = tmp_path_factory.mktemp("sample") / "public"
    build_sample(output, PROJECT_BASE)
    return output


@pytest.fixture(scope="session")
def root_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content built for a user site at a domain root."""
    output = tmp_path_factory.mktemp("root") / "public"
    build_sample(output, "https://user.github.io/")
    return output


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder under a prefix the way GitHub Pages does: `/REPO/x/` → x/index.html,
    anything missing → the site's 404.html with status 404."""

    prefix = "/"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        if not self.path.startswith(self.prefix):
            return self._not_found()
        self.path = "/" + self.path[len(self.prefix) :]
        target = Path(self.translate_path(self.path))
        if target.is_dir() and not self.path.split("?")[0].endswith("/"):
            pass  # SimpleHTTPRequestHandler redirects to add the slash
        elif not target.exists() or (target.is_dir() and not (target / "index.html").exists()):
            return self._not_found()
        return super().send_head()

    def _not_found(self):  # type: ignore[no-untyped-def]
        page = Path(self.directory) / "404.html"
        data = page.read_bytes() if page.exists() else b"not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        import io

        return io.BytesIO(data)


def serve_folder(folder: Path, prefix: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("Handler", (PagesHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture(scope="session")
def served_sample(sample_site: Path) -> Iterator[str]:
    """The sample site over HTTP on 127.0.0.1 under /REPO/; yields its URL."""
    server, url = serve_folder(sample_site, "/REPO/")
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        missing("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh, empty user data dir of its own.
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def copy_sample(destination: Path) -> Path:
    """A private copy of the sample project (content, config) to change in a test."""
    shutil.copytree(ROOT / "content", destination / "content")
    shutil.copy(ROOT / "site.toml", destination / "site.toml")
    return destination


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`: its path from there (with `/`) → its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write_tree(folder: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write each of `files` (path from `folder` → text or bytes) under `folder`, making the
    folders it needs; text is written as UTF-8. `folder`."""
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return folder


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime_ns) of every file: what stays the same when a file is kept untouched."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_messages(files: list[Path]) -> list[dict[str, Any]]:
    """The Nu Html Checker's errors for `files` (Java and `npm ci`'s vnu.jar, else a failure)."""
    java = shutil.which("java")
    if java is None:
        missing("java is not installed (apt-get install default-jre-headless)")
    if not VNU.is_file():
        missing("vnu.jar is missing (npm ci)")
    assert java is not None
    done = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        messages: list[dict[str, Any]] = json.loads(done.stderr or done.stdout)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"vnu failed ({done.returncode}): {done.stderr[-2000:]}") from None
    return messages
