"""Parallel builds: the parent and its forked workers share one queue of chunks, and the site
they build is byte for byte the one a single process builds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import threading
import time
from pathlib import Path

import pytest

from builder import config as config_mod
from builder.parallel import MIN_ITEMS, Background, parallel_map
from builder.pipeline import build
from tests.conftest import read_tree

SITE_TOML = """\
title = "Parallel Digest"
base_url = "https://example.org/p/"
timezone = "Europe/Berlin"
search = false
"""


def raw_article(number: int) -> str:
    day = dt.date(2024, 1, 1) + dt.timedelta(days=number % 40)
    title = f"Story {number}: council {'Путин' if number % 7 == 0 else 'budget'} vote"
    body = " ".join(
        f"Paragraph {part} of story {number} said the officials.Then they left."
        for part in range(1 + number % 4)
    )
    return (
        f" date {day.isoformat()} https://www.site-{number % 9}.example/news/{number}\n\n"
        f"{title}\n\n{title}\n\n{day:%d.%m.%Y}\n\n{body}\n"
    )


@pytest.mark.parametrize("search", ["false", "true"])
def test_a_parallel_build_equals_a_serial_one(tmp_path: Path, search: str) -> None:
    """With search on, the parallel builds index while their workers render (`alongside`)."""
    site_toml = SITE_TOML.replace("search = false", f"search = {search}")
    (tmp_path / "site.toml").write_text(site_toml, encoding="utf-8")
    count = 2 * MIN_ITEMS + 11  # enough files and pages that ingest and render both fork
    for number in range(count):
        path = tmp_path / "content" / f"{number % 5}" / f"{number:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(raw_article(number), encoding="utf-8")
    config = config_mod.load(tmp_path / "site.toml")
    outputs = []
    for jobs in (1, 2, 3):
        folder = tmp_path / f"public-{jobs}"
        result = build(dataclasses.replace(config, output_dir=folder), use_cache=False, jobs=jobs)
        assert not result.errors and result.published == count
        assert result.written == result.pages > MIN_ITEMS
        outputs.append(read_tree(folder))
    assert outputs[0] == outputs[1] == outputs[2]


def square_in(item: int) -> tuple[int, int]:
    time.sleep(0.001)  # long enough that no one process can take every chunk
    return item * item, os.getpid()


def test_map_keeps_the_order_and_the_parent_works_too() -> None:
    results = parallel_map(square_in, list(range(500)), jobs=3)
    assert [square for square, _ in results] == [n * n for n in range(500)]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) > 1  # the parent took chunks, and a worker too


def fail_on_seven(item: int) -> int:
    if item == 7:
        raise ValueError(f"bad item {item}")
    return item


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_map_raises_what_a_worker_raised(jobs: int) -> None:
    with pytest.raises(ValueError, match="bad item 7"):
        parallel_map(fail_on_seven, list(range(300)), jobs=jobs)


def test_a_worker_inherits_its_function_unpickled() -> None:
    """Work reaches a forked worker through fork, not pickling: a closure over a lock (which
    cannot be pickled) runs there as well as here."""
    lock = threading.Lock()

    def locked_pid(item: int) -> tuple[int, int]:
        with lock:
            time.sleep(0.001)
            return item, os.getpid()

    results = parallel_map(locked_pid, list(range(300)), jobs=2)
    assert [item for item, _ in results] == list(range(300))
    assert len({pid for _, pid in results}) == 2


def test_first_runs_once_here_while_a_worker_starts_on_the_items() -> None:
    ran: list[tuple[int, int]] = []

    def first() -> None:
        time.sleep(0.3)  # longer than the items take: a worker must have begun them
        ran.append((os.getpid(), len(ran)))

    results = parallel_map(square_in, list(range(200)), jobs=2, first=first)
    assert ran == [(os.getpid(), 0)]
    assert [square for square, _ in results] == [n * n for n in range(200)]
    assert {pid for _, pid in results} - {os.getpid()}  # a worker took chunks meanwhile


def test_first_runs_before_the_items_in_one_process() -> None:
    order: list[str] = []
    parallel_map(order.append, ["a", "b"], jobs=1, first=lambda: order.append("first"))
    assert order == ["first", "a", "b"]


# --- Background ----------------------------------------------------------------------------------
def test_background_computes_in_a_child_while_this_process_goes_on() -> None:
    def slow() -> tuple[int, list[int]]:
        time.sleep(0.5)
        return os.getpid(), list(range(100_000))  # more than a pipe holds

    started = time.monotonic()
    background = Background(slow, jobs=2)
    assert time.monotonic() - started < 0.4  # not waited for here
    pid, numbers = background()
    assert pid != os.getpid() and numbers == list(range(100_000))
    assert background()[0] == pid  # asked again: the same value


def test_background_with_one_job_computes_here_when_asked() -> None:
    calls: list[int] = []

    def counted() -> int:
        calls.append(os.getpid())
        return len(calls)

    background = Background(counted, jobs=1)
    assert calls == []
    assert background() == 1 and background() == 1
    assert calls == [os.getpid()]


def test_background_raises_here_what_the_function_raised() -> None:
    def failing() -> int:
        raise FileNotFoundError("no such folder")

    with pytest.raises(FileNotFoundError, match="no such folder"):
        Background(failing, jobs=2)()


def test_a_background_value_never_asked_for_stops_its_child() -> None:
    import multiprocessing

    before = set(multiprocessing.active_children())
    background = Background(lambda: list(range(1_000_000)), jobs=2)  # blocks on a full pipe
    (child,) = set(multiprocessing.active_children()) - before
    del background
    child.join(timeout=5)
    assert not child.is_alive()


def _pids_with_background() -> tuple[int, int]:
    return os.getpid(), Background(os.getpid, jobs=2)()


def test_background_in_a_daemon_process_which_cannot_fork_computes_there() -> None:
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:  # its workers are daemons
        here, computed = pool.apply(_pids_with_background)
    assert computed == here
