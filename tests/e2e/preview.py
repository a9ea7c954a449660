"""`build.py serve` in a subprocess, for the preview's tests over a real socket."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Preview:
    """`build.py serve` in a subprocess; its output is collected by a thread as it comes."""

    def __init__(self, project: Path, *, ready: bool = True) -> None:
        self.project = project
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "build.py"),
                "serve",
                "--config",
                str(project / "site.toml"),
                "--port",
                str(self.port),
            ],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.log: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()
        self.url = ""
        if ready:
            self.wait_until_ready()

    def wait_until_ready(self, timeout: float = 60) -> None:
        """Until the first build is done and the server answers."""
        self.url = self.wait_for(r"Serving the preview at (\S+)", timeout).group(1)
        self._wait_for_socket()

    def _collect(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line)

    def wait_for(self, pattern: str, timeout: float, start: int = 0) -> re.Match[str]:
        """The first output line from `start` on matching `pattern`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.log[start:]:
                if found := re.search(pattern, line):
                    return found
            if self.process.poll() is not None and not self.process.stdout:
                break
            time.sleep(0.02)
        raise AssertionError(f"no {pattern!r} in the output:\n" + "".join(self.log))

    def _wait_for_socket(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError("preview socket never opened")

    def open(self, page, url: str) -> None:  # type: ignore[no-untyped-def]
        """Load a page and wait until its live-reload connection is up."""
        mark = len(self.log)
        page.goto(url)
        self.wait_for("Browser Connected", 15, start=mark)

    def stop_after_signal(self, timeout: float = 10) -> str:
        """Wait for the server to exit by itself (after a signal); its whole output."""
        self.process.wait(timeout=timeout)
        time.sleep(0.1)
        return "".join(self.log)

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return "".join(self.log)
