"""A map over forked worker processes that share the parent's memory.

The parent and `jobs - 1` forked workers take chunks from one shared counter, so nobody idles
and no worker is sent its work: a forked worker inherits the function (with everything it
closes over: pages, renderer, staging) through the pool's initializer, which fork passes
without pickling. Results come back in order.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import pickle
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
MIN_ITEMS = 64  # below this many items a process pool costs more than it saves
CHUNKS_PER_JOB = 8  # small enough to balance uneven items, big enough to keep locking rare


@dataclass(frozen=True)
class _Work(Generic[T, R]):
    function: Callable[[T], R]
    chunks: list[Sequence[T]]
    counter: Any  # a multiprocessing.Value shared by the parent and its workers

    def drain(self) -> list[tuple[int, list[R]]]:
        """Take the next chunk until none is left; (chunk number, results) of each taken."""
        done: list[tuple[int, list[R]]] = []
        while True:
            with self.counter.get_lock():
                number = self.counter.value
                self.counter.value += 1
            if number >= len(self.chunks):
                return done
            done.append((number, [self.function(item) for item in self.chunks[number]]))


def parallel_map(
    function: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    first: Callable[[], object] | None = None,
) -> list[R]:
    """`function` over `items` in `jobs` processes (in this one when jobs is 1 or the items
    are too few to be worth a pool); the results in the order of the items. `first`, if
    given, runs in this process while the workers start on the items, before it joins them."""
    if jobs <= 1 or len(items) < MIN_ITEMS:
        if first is not None:
            first()
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    size = max(1, len(items) // (jobs * CHUNKS_PER_JOB))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    work = _Work(function, chunks, context.Value("i", 0))
    gc.freeze()  # the workers share the parent's objects; keep the collector from copying them
    try:
        with context.Pool(jobs - 1, initializer=_adopt, initargs=(work,)) as pool:
            theirs = pool.map_async(_drain_adopted, range(jobs - 1), chunksize=1)
            if first is not None:
                first()
            done = work.drain()
            for part in theirs.get():
                done += part
    finally:
        gc.unfreeze()
    done.sort(key=lambda item: item[0])
    return [result for _, results in done for result in results]


# Set in each forked worker by its pool's initializer, never in the parent.
_adopted: _Work[Any, Any] | None = None


def _adopt(work: _Work[Any, Any]) -> None:
    global _adopted
    _adopted = work


def _drain_adopted(_: int) -> list[tuple[int, list[Any]]]:
    assert _adopted is not None, "only a worker of parallel_map drains"
    return _adopted.drain()


class Background(Generic[R]):
    """`function()` run in a forked child while this process goes on; calling this waits
    for its value, sent back pickled. With one job, or when the child fails, the value is
    computed here, when first asked for (an error is then raised here, as without a child).
    A child whose value is never asked for is stopped when this object goes."""

    def __init__(self, function: Callable[[], R], jobs: int) -> None:
        self._function = function
        self._value: list[R] = []
        self._receive: Any = None
        if jobs > 1:
            context = multiprocessing.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_send_value, args=(function, send), daemon=True)
            try:
                child.start()
            except (OSError, AssertionError):  # no fork left, or a daemon's: no children
                receive.close()
            else:
                self._receive = receive
                self._stop = weakref.finalize(self, _stop, child, receive)
            send.close()

    def __call__(self) -> R:
        if not self._value and self._receive is not None:
            with contextlib.suppress(EOFError, OSError, pickle.UnpicklingError):
                ok, sent = pickle.loads(self._receive.recv_bytes())
                if ok:
                    self._value.append(sent)
            self._stop()
            self._receive = None
        if not self._value:
            self._value.append(self._function())
        return self._value[0]


def _send_value(function: Callable[[], Any], send: Any) -> None:
    try:
        sent = pickle.dumps((True, function()), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # the parent computes it again and raises the error itself
        sent = pickle.dumps((False, None))
    send.send_bytes(sent)
    send.close()


def _stop(child: Any, receive: Any) -> None:
    if child.is_alive():
        child.terminate()  # done sending, or never read: it must not block on the pipe
    child.join()
    receive.close()


def release_free_memory() -> None:
    """Give the memory the allocator holds free back to the system (glibc's `malloc_trim`):
    a worker forked later would count it again. Elsewhere, nothing."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)
