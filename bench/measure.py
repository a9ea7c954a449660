"""Wall time and peak memory of a command, or of commands run one after the other (Hugo, then
Pagefind), summed over each one's whole process tree: RSS polled every 20 ms, PSS every 0.5 s."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

POLL_EVERY = 0.02  # seconds between two readings of RSS: cheap, one line a process
# The kernel walks a process's whole memory map to tell its PSS: some 15 ms a poll for the
# builder's processes at 100,000 articles. Read every poll, it kept a core 40% busy beside
# the build it measured.
PSS_EVERY = 0.5


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
    """`root` and its descendants, from each thread's list of children: only the tree's own
    entries in /proc are read (a walk of every process costs milliseconds a poll)."""
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        try:
            threads = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for thread in threads:
            try:
                with open(f"/proc/{pid}/task/{thread}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
            except (OSError, ValueError):
                continue
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
            pss_due = 0.0
            while not done.is_set():
                pids = tree(pid)
                now_rss = sum(map(rss, pids))
                peak = max(peak, now_rss)
                # PSS is never above RSS, so only an RSS above the PSS peak can raise it
                if now_rss > peak_pss and time.monotonic() >= pss_due:
                    peak_pss = max(peak_pss, sum(map(pss, pids)))
                    pss_due = time.monotonic() + PSS_EVERY
                time.sleep(POLL_EVERY)

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
