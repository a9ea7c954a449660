"""Live preview: build with drafts, serve at the production sub-path, rebuild and reload on save.

python-livereload only watches while a browser is connected, polls the whole working folder
when told nothing, and throttles reloads to one per 3 s. So Broadsheet does its own watching:
a periodic snapshot of the inputs (content, themes, overrides, config) on the server's loop,
a rebuild through the same pipeline as `build`, then a reload pushed to every open page.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import os
import sys
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from livereload import Server
from livereload.handlers import LiveReloadHandler
from tornado import ioloop, web

from .config import Config, ConfigError
from .output import OutputError
from .pipeline import BuildError, build

POLL_MS = 250
SEARCH_QUIET_S = 2.0  # re-index for search once the files have been still this long


@dataclasses.dataclass
class State:
    error: str = ""  # the last build's error, shown instead of pages until the next good build
    snapshot: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict)
    search_due: float = 0.0  # when to re-index the pages patched since the last indexing


def snapshot(folders: list[Path], files: list[Path]) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every input file; a change in any of them means rebuild."""
    seen: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                if not name.startswith(".") and not name.endswith(("~", ".swp", ".tmp")):
                    _stat_into(seen, os.path.join(root, name))
    for path in files:
        _stat_into(seen, str(path))
    return seen


def _stat_into(seen: dict[str, tuple[int, int]], path: str) -> None:
    try:
        stat = os.stat(path)
    except OSError:
        return
    seen[path] = (stat.st_mtime_ns, stat.st_size)


def error_page(message: str) -> bytes:
    body = html.escape(message)
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        "<title>Build error · Broadsheet preview</title>"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}"
        "pre{white-space:pre-wrap;background:#fff0f0;color:#600;padding:1rem;"
        "border-left:4px solid #c00}</style></head><body>"
        "<h1>The preview could not be rebuilt</h1>"
        f"<pre id=broadsheet-error>{body}</pre>"
        "<p>Fix the file and save: this page reloads by itself.</p></body></html>"
    ).encode()


def serve(args: argparse.Namespace, load_config: Callable[..., Config]) -> int:
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {args.host}: other machines can reach the preview")
    config_path: Path = args.config
    probe = load_config(args)
    base_path = urlsplit(probe.base_url).path or "/"
    preview_root = (
        Path(args.output).resolve() if args.output else probe.cache_dir.parent / "preview"
    )
    local_base = f"http://{'localhost' if ':' in args.host else args.host}:{args.port}{base_path}"
    state = State()

    def current_config() -> Config:
        config = load_config(args, base_url=local_base)
        output = preview_root / base_path.strip("/") if base_path != "/" else preview_root
        return dataclasses.replace(
            config,
            output_dir=output,
            cache_dir=config.cache_dir / "preview",
            drafts=True,
            future=True,
            base_url=local_base,
        )

    inputs_config = probe

    def inputs() -> dict[str, tuple[int, int]]:
        folders = [inputs_config.content_dir, inputs_config.themes_dir, inputs_config.overrides_dir]
        return snapshot([f for f in folders if f.is_dir()], [config_path.resolve()])

    def rebuild(reason: str) -> None:
        """Rebuild after a change, patching pages and leaving search as it was (fast); the
        first build, and a "search" build once the files are still, index for search too."""
        started = time.perf_counter()
        try:
            config = current_config()
            reindex = reason in ("start", "search")
            result = build(config, reindex_search=reindex, log=_say)
        except (BuildError, ConfigError, OutputError) as error:
            state.error = str(error)
            _say(f"{reason}: build failed: {error}")
        else:
            state.error = ""
            took = time.perf_counter() - started
            if reason == "search":
                _say(f"search: index updated in {took:.2f} s")
                return  # the pages did not change: no reload
            for problem in result.problems:
                _say(str(problem))
            _say(f"{reason}: rebuilt in {took:.2f} s ({result.written} files written)")
            if config.search and not reindex and result.written:
                state.search_due = time.monotonic() + SEARCH_QUIET_S
        if LiveReloadHandler.waiters:
            LiveReloadHandler.reload_waiters(path="*")

    def poll() -> None:
        now = inputs()
        if now != state.snapshot:
            state.snapshot = now
            rebuild("change")
        elif state.search_due and time.monotonic() >= state.search_due:
            state.search_due = 0.0
            rebuild("search")

    preview_root.mkdir(parents=True, exist_ok=True)
    state.snapshot = {}
    rebuild("start")
    state.snapshot = inputs()

    server = _PreviewServer(state, preview_root)
    # We watch ourselves: keep livereload's own watcher (which would poll the whole working
    # folder, output included, once a browser connects) from ever starting.
    LiveReloadHandler._last_reload_time = time.time()
    ioloop.PeriodicCallback(poll, POLL_MS).start()
    print(f"Serving the preview at {local_base} (drafts shown). Press Ctrl-C to stop.", flush=True)
    if args.open:
        ioloop.IOLoop.current().call_later(0.5, lambda: webbrowser.open(local_base))
    try:
        server.serve(port=args.port, host=args.host, root=str(preview_root), restart_delay=0)
    except KeyboardInterrupt:
        pass
    except OSError as error:
        print(f"error: cannot serve on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    print("Stopped.")
    return 0


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class _PreviewServer(Server):  # type: ignore[misc]
    def __init__(self, state: State, root: Path) -> None:
        super().__init__()
        self.state = state
        self.preview_root = root

    def get_web_handlers(self, script: bytes) -> list[tuple[str, type, dict[str, Any]]]:
        return [
            (
                r"/(.*)",
                _PreviewHandler,
                {
                    "path": str(self.preview_root),
                    "default_filename": "index.html",
                    "state": self.state,
                },
            )
        ]


class _PreviewHandler(web.StaticFileHandler):
    """Static files as GitHub Pages serves them, or the build error while there is one."""

    def initialize(  # type: ignore[override]
        self, path: str, default_filename: str | None = None, *, state: State
    ) -> None:
        self.state = state
        super().initialize(path, default_filename)

    async def get(self, path: str, include_body: bool = True) -> None:
        if self.state.error and (path.endswith((".html", "/")) or "." not in path.rsplit("/")[-1]):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(error_page(self.state.error))
            return
        await super().get(path, include_body)

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        if status_code == 404:
            page = _find_404(Path(self.root), self.request.path)
            if page is not None:
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(page.read_bytes())
                return
        super().write_error(status_code, **kwargs)


def _find_404(root: Path, request_path: str) -> Path | None:
    """The site's 404.html, at the sub-path the site is served under."""
    parts = [p for p in request_path.split("/") if p]
    for depth in range(len(parts), -1, -1):
        candidate = root.joinpath(*parts[:depth], "404.html")
        if candidate.is_file() and candidate.resolve().is_relative_to(root.resolve()):
            return candidate
    return None
