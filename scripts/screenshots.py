"""Screenshots of both built-in themes for the README: `python scripts/screenshots.py`.

Builds the sample content once per theme into a temporary folder, serves it on 127.0.0.1 and
photographs the home page and one article at desktop (1280 px) and phone (390 px) widths with
Debian's Chromium, writing `docs/screenshots/<theme>-<page>-<device>.png`.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
THEMES = ("default", "newsprint")
DEVICES = {  # name: (width, height, device scale factor)
    "desktop": (1280, 860, 1),
    "phone": (390, 844, 2),
}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build(theme: str, work: Path, base_url: str) -> Path:
    """The sample content built with `theme`, from a copy of site.toml."""
    config = work / f"{theme}.toml"
    text = (ROOT / "site.toml").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^theme\s*=\s*"[^"]*"', f'theme = "{theme}"', text)
    config.write_text(text, encoding="utf-8")
    output = work / theme
    command = [
        sys.executable, str(ROOT / "build.py"), "build", "--quiet", "--no-cache",
        "--config", str(config), "--content", str(ROOT / "content"),
        "--themes-dir", str(ROOT / "themes"), "--output", str(output), "--base-url", base_url,
    ]  # fmt: skip
    subprocess.run(command, check=True, cwd=work)
    return output


def article_path(site: Path) -> str:
    """An article with a curator's note and tags if there is one: it shows the most."""
    pages = sorted(site.glob("articles/*/index.html"))
    if not pages:
        raise SystemExit("the sample has no articles")

    def richness(page: Path) -> tuple[bool, bool]:
        html = page.read_text(encoding="utf-8")
        return 'class="note note-block"' in html, 'class="tags"' in html

    best = max(pages, key=richness)
    return best.parent.relative_to(site).as_posix() + "/"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        work = Path(temp)
        (work / "site").mkdir()
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Quiet, directory=str(work / "site"))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            for theme in THEMES:
                site = build(theme, work, base + theme + "/")
                site.rename(work / "site" / theme)
                site = work / "site" / theme
                pages = {"home": "", "article": article_path(site)}
                for device, (width, height, scale) in DEVICES.items():
                    context = browser.new_context(
                        viewport={"width": width, "height": height},
                        device_scale_factor=scale,
                        color_scheme="light",
                    )
                    page = context.new_page()
                    for name, path in pages.items():
                        page.goto(f"{base}{theme}/{path}", wait_until="load")
                        target = args.out / f"{theme}-{name}-{device}.png"
                        page.screenshot(path=str(target), animations="disabled")
                        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
                    context.close()
        finally:
            browser.close()
            server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
