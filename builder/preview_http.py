"""The preview's HTTP side: the site's files as GitHub Pages serves them, livereload's websocket
and script, and a Host check in front of all three.

A page on another site can point its own name at 127.0.0.1 (DNS rebinding) and so read the
drafts; its requests still carry that name in `Host`, so only the names this server is reached
by are answered: the loopback names, the address it is bound to and, when bound to every
address, any IP address (a rebinding attack needs a name, not an address).
"""

from __future__ import annotations

import html
import ipaddress
import re
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from tornado import web
from tornado.websocket import WebSocketClosedError

from .urls import INDEX, Urls

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD = frozenset({"0.0.0.0", "::", ""})
HOST_SHAPE = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]+)?|\[[0-9A-Fa-f:.]+\](:[0-9]+)?")
# livereload's own snippet: load its script from the host and port the page came from
LIVE_SCRIPT = (
    b'<script>(function(){var s=document.createElement("script");'
    b"var port=window.location.port||(window.location.protocol=='https:'?443:80);"
    b's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
    b"document.head.appendChild(s);})();</script>"
)


class Preview(Protocol):
    """What the handlers read of the preview: where the site is, and the last build's error."""

    root: Path
    base_path: str  # "/REPO/" for a project site
    error: str  # shown instead of pages until the next good build


def host_allowed(header: str, bind: str, port: int) -> bool:
    """Whether a request with this `Host` header is for this server, bound to `bind`:`port`."""
    if not HOST_SHAPE.fullmatch(header):
        return False
    parts = urlsplit("//" + header)
    name = parts.hostname or ""
    try:
        if (parts.port or 80) != port:
            return False
    except ValueError:  # a port out of range
        return False
    if name in LOOPBACK or name == bind.strip("[]").lower():
        return True
    return bind in WILDCARD and _is_address(name)


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def application(preview: Preview, bind: str, port: int) -> web.Application:
    return web.Application(
        [
            (r"/livereload", _ReloadSocket),
            (r"/livereload.js", _ReloadScript),
            (
                r"/(.*)",
                _PreviewHandler,
                {"path": str(preview.root), "default_filename": INDEX, "preview": preview},
            ),
        ],
        transforms=[_Injector],
        bind=bind,
        port=port,
    )


def reload_browsers() -> None:
    """Tell every open page to reload (livereload's message, sent from the server's loop)."""
    message = {"command": "reload", "path": "*", "liveCSS": True, "liveImg": True}
    for waiter in list(LiveReloadHandler.waiters):
        try:
            waiter.write_message(message)
        except WebSocketClosedError:
            LiveReloadHandler.waiters.discard(waiter)


class _SameHost(web.RequestHandler):
    """Answers 421 to a request whose Host is not a name of this server."""

    def prepare(self) -> None:
        bind, port = self.settings["bind"], self.settings["port"]
        if not host_allowed(self.request.headers.get("Host", ""), bind, port):
            self.set_status(421)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(f"Refused: this preview answers only at localhost:{port}.\n")


class _ReloadSocket(_SameHost, LiveReloadHandler):  # type: ignore[misc]
    """livereload's websocket, for pages of this preview only (livereload takes any origin)."""

    def check_origin(self, origin: str) -> bool:
        bind, port = self.settings["bind"], self.settings["port"]
        return host_allowed(urlsplit(origin).netloc, bind, port)


class _ReloadScript(_SameHost, LiveReloadJSHandler):  # type: ignore[misc]
    pass


class _Injector(LiveScriptInjector):  # type: ignore[misc]
    script = LIVE_SCRIPT


class _PreviewHandler(_SameHost, web.StaticFileHandler):
    """Static files as GitHub Pages serves them, or the build error while there is one."""

    def initialize(  # type: ignore[override]
        self, path: str, default_filename: str | None = None, *, preview: Preview
    ) -> None:
        self.preview = preview
        super().initialize(path, default_filename)

    async def get(self, path: str, include_body: bool = True) -> None:
        base = self.preview.base_path
        if not path and base != "/":
            self.redirect(base)  # a project site lives under /REPO/, as on GitHub Pages
            return
        error = self.preview.error
        if error and (path.endswith((".html", "/")) or "." not in path.rsplit("/")[-1]):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(error_page(error))
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
    """The site's 404 page, at the sub-path the site is served under."""
    parts = [p for p in request_path.split("/") if p]
    for depth in range(len(parts), -1, -1):
        candidate = root.joinpath(*parts[:depth], Urls.not_found_path())
        if candidate.is_file() and candidate.resolve().is_relative_to(root.resolve()):
            return candidate
    return None


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
