"""The live preview over a real socket on 127.0.0.1, without a browser: it answers while it
rebuilds, refuses other Host names, watches with file events, and checks its options."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_sample
from tests.e2e.preview import Preview

BIG_STORY_BYTES = 12_000_000  # seconds to rebuild: long enough to ask for pages meanwhile
PROMPT_S = 1.0
SENTENCE = (
    "The harbour reopened after the storm and the ferries ran again on Tuesday.As far as "
    "the mayor could tell, nobody had been hurt, said Dr. Smith of the U.S. office. "
)


def big_story(project: Path, name: str = "big.txt") -> Path:
    """A raw article whose paragraphs take seconds to restore, saved whole (renamed into
    place) so that no build sees half of it."""
    path = project / "content" / name
    partial = path.with_name(f".{name}.partial")
    body = SENTENCE * (BIG_STORY_BYTES // len(SENTENCE))
    partial.write_text(
        " date 2024-11-08 https://example.com/world/big-story.html\n\n"
        f"A very long story\n\nA very long story\n\n08.11.2024\n\n{body}\n",
        encoding="utf-8",
    )
    os.replace(partial, path)
    return path


def story(project: Path, name: str, title: str) -> Path:
    path = project / "content" / name
    path.write_text(f"---\ntitle: {title}\ndate: 2024-11-09\n---\n\nSome news.\n", encoding="utf-8")
    return path


def get(port: int, path: str, host: str | None = None) -> tuple[int, dict[str, str], str]:
    """Status, headers and body of one GET, with the Host header given (not followed)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, dict(response.getheaders()), body
    finally:
        connection.close()


def wait_for_page(preview: Preview, path: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    while True:
        status, _, body = get(preview.port, path)
        if status == 200:
            return body
        assert time.monotonic() < deadline, f"{path} never appeared:\n" + "".join(preview.log)
        time.sleep(0.1)


def count(preview: Preview, text: str, start: int = 0) -> int:
    return sum(text in line for line in preview.log[start:])


def test_pages_are_served_while_a_slow_build_runs(preview: Preview) -> None:
    home = "/broadsheet/"
    status, _, before = get(preview.port, home)
    assert status == 200 and "A very long story" not in before
    mark = len(preview.log)
    big_story(preview.project)
    preview.wait_for("change: building", 15, start=mark)
    for _ in range(3):
        started = time.monotonic()
        status, _, during = get(preview.port, home)
        took = time.monotonic() - started
        assert status == 200 and "A very long story" not in during, "not the last good site"
        assert took < PROMPT_S, f"the page took {took:.2f} s while the site was rebuilding"
    assert count(preview, "change: rebuilt", mark) == 0, "".join(preview.log[mark:])
    preview.wait_for("change: rebuilt", 60, start=mark)
    assert "A very long story" in get(preview.port, home)[2]


def test_saves_during_a_build_make_one_more_build(preview: Preview) -> None:
    mark = len(preview.log)
    big_story(preview.project)
    preview.wait_for("change: building", 15, start=mark)
    for number in range(5):
        story(preview.project, f"late-{number}.md", f"Late story number {number}")
        time.sleep(0.1)
    assert count(preview, "change: rebuilt", mark) == 0, "".join(preview.log[mark:])
    wait_for_page(preview, "/broadsheet/articles/late-story-number-4/", timeout=60)
    time.sleep(1.5)  # anything still owed would start a build by now
    assert count(preview, "change: building", mark) == 2, "".join(preview.log[mark:])
    for number in range(5):
        assert get(preview.port, f"/broadsheet/articles/late-story-number-{number}/")[0] == 200


def test_a_file_saved_during_the_first_build_is_built(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    big_story(project)
    server = Preview(project, ready=False)
    try:
        server.wait_for("start: building", 30)
        time.sleep(0.5)
        story(project, "early.md", "Saved while the preview started")
        assert count(server, "start: rebuilt") == 0, "the save came after the first build"
        server.wait_until_ready(timeout=300)  # the big story is indexed for search too
        wait_for_page(server, "/broadsheet/articles/saved-while-the-preview-started/", 60)
    finally:
        server.stop()


def test_the_config_is_watched_even_when_saved_by_renaming(preview: Preview) -> None:
    config = preview.project / "site.toml"
    for title in ("Renamed Gazette", "Renamed Again Gazette"):
        mark = len(preview.log)
        replacement = config.with_name("site.toml.new")
        text = config.read_text(encoding="utf-8")
        start = text.index("\ntitle = ") + 1
        end = text.index("\n", start)
        replacement.write_text(text[:start] + f'title = "{title}"' + text[end:], "utf-8")
        os.replace(replacement, config)  # as editors that save atomically do
        preview.wait_for("change: rebuilt", 15, start=mark)
        assert title in get(preview.port, "/broadsheet/")[2]


def test_the_site_root_redirects_to_the_project_sub_path(preview: Preview) -> None:
    status, headers, _ = get(preview.port, "/")
    assert status in (301, 302) and headers["Location"] == "/broadsheet/"
    assert get(preview.port, "/broadsheet/")[0] == 200


@pytest.mark.parametrize("path", ["/broadsheet/", "/livereload.js", "/nothing-here"])
def test_a_forged_host_is_refused(preview: Preview, path: str) -> None:
    assert get(preview.port, path, host=f"localhost:{preview.port}")[0] in (200, 404)
    for forged in (f"attacker.example:{preview.port}", "localhost:1", "localhost"):
        status, _, body = get(preview.port, path, host=forged)
        assert status == 421 and "localhost" in body, (forged, status)
        assert "broadsheet" not in body.lower()


def websocket_handshake(port: int, host: str, origin: str = "") -> str:
    """The status line livereload's websocket answers an upgrade request with."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(
            (
                "GET /livereload HTTP/1.1\r\n"
                f"Host: {host}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                f"Origin: {origin or 'http://' + host}\r\n\r\n"
            ).encode()
        )
        return connection.recv(4096).decode("latin-1").split("\r\n")[0]


def test_the_reload_websocket_checks_the_host_too(preview: Preview) -> None:
    assert " 101 " in websocket_handshake(preview.port, f"127.0.0.1:{preview.port}")
    assert " 421 " in websocket_handshake(preview.port, f"rebound.example:{preview.port}")
    # a page of another site may connect to the real address: its Origin gives it away
    other = websocket_handshake(preview.port, f"localhost:{preview.port}", "http://other.example")
    assert " 403 " in other


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_a_port_outside_the_range_is_refused(tmp_path: Path, port: str) -> None:
    done = subprocess.run(  # a preview that started serving would never end: time out
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", port],
        cwd=copy_sample(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "--port" in done.stderr and port in done.stderr and "Traceback" not in done.stderr
    assert "Serving" not in done.stdout


def test_ctrl_c_during_a_slow_build_stops_at_once(preview: Preview) -> None:
    mark = len(preview.log)
    big_story(preview.project)
    preview.wait_for("change: building", 15, start=mark)
    started = time.monotonic()
    preview.process.send_signal(signal.SIGINT)
    output = preview.stop_after_signal(timeout=60)
    took = time.monotonic() - started
    assert preview.process.returncode == 0 and "Stopped." in output, output
    # the build is abandoned (its output is swapped in whole or not at all), not waited for;
    # the interpreter still waits for the C call the build is in (a regex over 12 MB: ~2 s)
    assert count(preview, "change: rebuilt", mark) == 0, "it waited for the build to end"
    assert took < 10, f"stopping took {took:.2f} s"
    assert "Traceback" not in output
