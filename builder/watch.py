"""Which inputs changed, from the operating system's file events (inotify, FSEvents, ...).

Walking 20,000 files four times a second cost the preview most of a core while idle; events
cost nothing until something changes. Two watches, each in its own thread: the input folders,
recursively, and, flat, the folders that hold them and the config file, so that an editor that
saves by renaming, or an `overrides/` made after the start, is still seen. A change reported
there may move the inputs: the owner is told to re-read the config and call `start` again.
`start` watches the new set before it lets go of the old one, so no save falls in between.
watchfiles' `RustNotify` is used rather than its `watch()` generator because it watches from
the moment it is made; the generator gives no sign of when its watching has begun.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from watchfiles._rust_notify import RustNotify, WatchfilesRustInternalError

DEBOUNCE_MS = 1000  # longest a burst of changes is gathered before it is reported
STEP_MS = 50  # a burst ends after this long without a change
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp")

# Called from a watching thread with the changed paths and whether the inputs may have moved.
OnChange = Callable[[list[str], bool], None]


class Watcher:
    """Watches the input folders and files; `on_change` runs in a watching thread."""

    def __init__(self, on_change: OnChange) -> None:
        self.on_change = on_change
        self._threads: list[_Watch] = []

    def start(self, folders: Iterable[Path], files: Iterable[Path]) -> None:
        """Watch these folders (with everything in them) and files from now on."""
        folders = sorted({f.resolve() for f in folders})
        files = sorted({f.resolve() for f in files})
        roots = [f for f in folders if f.is_dir()]
        # the folders holding each input: they see it made, removed or replaced
        holders = sorted({p.parent for p in [*folders, *files] if p.parent.is_dir()})
        moved = {str(p) for p in [*folders, *files]}
        threads = [_Watch(holders, False, lambda path: path in moved, self.on_change)]
        if roots:
            threads.append(_Watch(roots, True, _wanted(roots), self.on_change))
        old, self._threads = self._threads, threads
        for thread in old:
            thread.stop()

    def stop(self) -> None:
        for thread in self._threads:
            thread.stop()
        self._threads = []


def _wanted(roots: list[Path]) -> Callable[[str], bool]:
    """Skips hidden files and folders and editors' backup and swap files."""

    def wanted(path: str) -> bool:
        if path.endswith(IGNORED_SUFFIXES):
            return False
        changed = Path(path)
        for root in roots:
            if changed.is_relative_to(root):
                return not any(part.startswith(".") for part in changed.relative_to(root).parts)
        return False

    return wanted


class _Watch:
    """One RustNotify (watching from the moment it is made) and the thread that waits on it."""

    def __init__(
        self,
        paths: list[Path],
        recursive: bool,
        wanted: Callable[[str], bool],
        on_change: OnChange,
    ) -> None:
        self.paths, self.recursive = [str(p) for p in paths], recursive
        self.notify = self._notify()
        self.moves_inputs = not recursive
        self.wanted = wanted
        self.on_change = on_change
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="broadsheet-watch", daemon=True)
        self.thread.start()

    def _notify(self) -> RustNotify:
        return RustNotify(self.paths, False, False, 300, self.recursive, True)

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                found = self.notify.watch(DEBOUNCE_MS, STEP_MS, 0, self.stopping)
            except WatchfilesRustInternalError as error:
                # a name that is not UTF-8 (a Latin-1 `café.txt`) stays in the pending burst
                # and fails every later call: watch afresh, and say something changed (the
                # build names the file)
                old, self.notify = self.notify, self._notify()
                old.close()
                self.on_change([f"(a file whose name cannot be read: {error})"], False)
                continue
            if isinstance(found, str):  # "stop", or a timeout we did not ask for
                continue
            paths = sorted({path for _, path in found if self.wanted(path)})
            if paths and not self.stopping.is_set():
                self.on_change(paths, self.moves_inputs)
        self.notify.close()

    def stop(self) -> None:
        self.stopping.set()
