"""Live preview: build with drafts, serve at the production sub-path, rebuild and reload on save.

The server keeps answering, with the last site built, while it rebuilds: builds run one at a
time in a worker thread, changes saved meanwhile are gathered into one follow-up build, and the
reload is pushed from the server's loop when a build is done. `watch` reports the changes (file
events, not polling), and is started before the first build so a save during it is not lost.
livereload serves only the browser side (its websocket and script), behind a Host check.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import dataclasses
import logging
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from tornado import httpserver, ioloop, netutil

from . import preview_http
from .config import Config, ConfigError
from .output import OutputError
from .pipeline import BuildError, build
from .watch import Watcher

SEARCH_QUIET_S = 2.0  # re-index for search once the files have been still this long


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What a build in the worker thread hands back to the server's loop."""

    error: str = ""  # shown instead of pages until the next good build
    written: int = 0
    search: bool = False  # the site has search, so patched pages leave the index owed


class Preview:
    """The preview's builds: one at a time off the loop, coalesced, then a reload."""

    def __init__(
        self, args: argparse.Namespace, load_config: Callable[..., Config], io: ioloop.IOLoop
    ) -> None:
        self.args, self.load_config, self.io = args, load_config, io
        self.inputs = load_config(args)
        self.base_path = urlsplit(self.inputs.base_url).path or "/"
        output = Path(args.output).resolve() if args.output else None
        self.root = output or self.inputs.cache_dir.parent / "preview"
        self.local_base = ""  # known once the port is
        self.error = ""
        self.building = self.change_owed = self.search_owed = self.search_due = False
        self.search_timer: object | None = None
        self.watcher = Watcher(lambda paths, moved: io.add_callback(self.changed, moved))
        self.watch_inputs()

    def start(self, port: int) -> None:
        """The first build, before the server answers: it indexes for search too."""
        host = "localhost" if ":" in self.args.host else self.args.host
        self.local_base = f"http://{host}:{port}{self.base_path}"
        self.root.mkdir(parents=True, exist_ok=True)
        self.finished("start", self.rebuild("start"))

    def close(self) -> None:
        self.watcher.stop()

    def watch_inputs(self) -> None:
        """Watch the folders the config names now (a broken config: the ones it named)."""
        with contextlib.suppress(ConfigError):  # the next build reports it
            self.inputs = self.load_config(self.args)
        inputs = self.inputs
        folders = [inputs.content_dir, inputs.themes_dir, inputs.overrides_dir]
        self.watcher.start(folders, [self.args.config])

    def changed(self, moved: bool) -> None:
        """On the loop: files changed (and the config or an input folder, if `moved`)."""
        if moved:
            self.watch_inputs()
        self.change_owed = True
        self.search_due = False  # the files are not still: wait again after the build
        if self.search_timer is not None:
            self.io.remove_timeout(self.search_timer)
            self.search_timer = None
        self._kick()

    def _search_now(self) -> None:
        self.search_timer = None
        self.search_due = True
        self._kick()

    def _kick(self) -> None:
        if not self.building:
            self.building = True
            self.io.spawn_callback(self._drain)

    async def _drain(self) -> None:
        """Build until nothing is owed: changes saved during a build make one more."""
        try:
            while reason := self._next_reason():
                outcome = await _in_thread(self.rebuild, reason)
                self.finished(reason, outcome)
        finally:
            self.building = False

    def _next_reason(self) -> str:
        if self.change_owed:
            self.change_owed = False
            return "change"
        if self.search_due:
            self.search_due = False
            return "search"
        return ""

    def config(self) -> Config:
        config = self.load_config(self.args, base_url=self.local_base)
        output = self.root / self.base_path.strip("/") if self.base_path != "/" else self.root
        return dataclasses.replace(
            config,
            output_dir=output,
            cache_dir=config.cache_dir / "preview",
            drafts=True,
            future=True,
            base_url=self.local_base,
        )

    def rebuild(self, reason: str) -> Outcome:
        """In the worker thread: patch the changed pages and leave search as it was (fast);
        the first build, and a "search" build once the files are still, index for search."""
        started = time.perf_counter()
        if reason != "search":
            say(f"{reason}: building…")
        try:
            config = self.config()
            result = build(config, reindex_search=reason in ("start", "search"), log=say)
        except (BuildError, ConfigError, OutputError) as error:
            say(f"{reason}: build failed: {error}")
            return Outcome(error=str(error))
        took = time.perf_counter() - started
        if reason == "search":
            say(f"search: index updated in {took:.2f} s")
        else:
            for problem in result.problems:
                say(str(problem))
            say(f"{reason}: rebuilt in {took:.2f} s ({result.written} files written)")
        return Outcome(written=result.written, search=config.pagefind)  # own index never waits

    def finished(self, reason: str, outcome: Outcome) -> None:
        """On the loop: show the outcome, reload the pages, and owe search what was patched."""
        error_changed = outcome.error != self.error
        self.error = outcome.error
        if reason == "search" and not outcome.error:
            self.search_owed = False
            return  # the pages did not change: no reload
        if reason == "change" and outcome.search and outcome.written:
            self.search_owed = True
        if self.search_owed and not self.change_owed and self.search_timer is None:
            self.search_timer = self.io.call_later(SEARCH_QUIET_S, self._search_now)
        if outcome.written or error_changed or outcome.error:
            preview_http.reload_browsers()


def _in_thread(function: Callable[[str], Outcome], reason: str) -> asyncio.Future[Outcome]:
    """`function(reason)` in a daemon thread: Ctrl-C stops the preview without waiting for a
    build to end (its output is swapped in whole or not at all)."""
    done: concurrent.futures.Future[Outcome] = concurrent.futures.Future()

    def run() -> None:
        try:
            done.set_result(function(reason))
        except BaseException as error:
            done.set_exception(error)

    threading.Thread(target=run, name="broadsheet-build", daemon=True).start()
    return asyncio.wrap_future(done)


def serve(args: argparse.Namespace, load_config: Callable[..., Config]) -> int:
    if args.host not in preview_http.LOOPBACK:
        print(f"warning: serving on {args.host}: other machines can reach the preview")
    _show_browsers()
    io = ioloop.IOLoop.current()
    preview = Preview(args, load_config, io)  # watching from here on
    try:
        try:
            sockets = netutil.bind_sockets(args.port, args.host)
        except OSError as error:
            print(f"error: cannot serve on {args.host}:{args.port}: {error}", file=sys.stderr)
            return 1
        port = int(sockets[0].getsockname()[1])
        preview.start(port)
        server = httpserver.HTTPServer(preview_http.application(preview, args.host, port))
        server.add_sockets(sockets)
        print(f"Serving the preview at {preview.local_base} (drafts shown). Press Ctrl-C to stop.")
        sys.stdout.flush()
        if args.open:
            io.call_later(0.5, lambda: webbrowser.open(preview.local_base))
        with contextlib.suppress(KeyboardInterrupt):
            io.start()
        server.stop()
    finally:
        preview.close()
    print("Stopped.")
    return 0


def _show_browsers() -> None:
    """livereload logs each page that connects ("Browser Connected"): print that."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("livereload")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
