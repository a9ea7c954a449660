"""Wall time and peak memory of a command, or of commands run one after the other (Hugo, then
Pagefind), summed over each one's whole process tree and polled every 20 ms."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_mib: float  # RSS summed over the process tree (counts shared pages once per process)
    ok: bool
    error: str = ""
    peak_pss_mib: float = 0.0  # PSS summed: shared pages split between the processes


def pss(pid: int) -> int:
    """Proportional set size in bytes: the fair share of a process in shared memory."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def measure(
    commands: Sequence[list[str]], env: dict[str, str] | None = None, cwd: Path | None = None
) -> Run:
    """Run the commands in turn, timed together; stop at the first that fails."""
    started = time.perf_counter()
    peak = peak_pss = 0
    error = ""
    for command in commands:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        done = threading.Event()

        def poll(pid: int = process.pid, done: threading.Event = done) -> None:
            nonlocal peak, peak_pss
            while not done.is_set():
                pids = tree(pid)
                peak = max(peak, sum(map(rss, pids)))
                peak_pss = max(peak_pss, sum(map(pss, pids)))
                time.sleep(0.02)

        watcher = threading.Thread(target=poll, daemon=True)
        watcher.start()
        _, err = process.communicate()
        done.set()
        watcher.join()
        if process.returncode != 0:
            error = f"{Path(command[0]).name} exited with {process.returncode}: {err[-2000:]}"
            break
    seconds = time.perf_counter() - started
    return Run(seconds, peak / 1024**2, not error, error, peak_pss / 1024**2)
