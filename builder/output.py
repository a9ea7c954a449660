"""Writing the site: into a staging folder next to the output, swapped in only on success.

Unchanged files are hard-linked from the previous output (same bytes, same mtime), so an
incremental build costs only what changed, and a failed build leaves the old site as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

MARKER = ".broadsheet-output"
MARKER_TEXT = b"Made by Broadsheet: this folder is replaced on every build.\n"


class OutputError(Exception):
    """The output folder is unsafe to replace."""


def check_output_dir(output: Path, content: Path, root: Path) -> None:
    """Refuse folders whose replacement would destroy something that is not build output."""
    out = output.resolve()
    reasons = {
        Path("/").resolve(): "the filesystem root",
        Path.home().resolve(): "your home folder",
        root.resolve(): "the project folder",
        content.resolve(): "the content folder",
    }
    if out in reasons:
        raise OutputError(f"refusing to build into {out}: it is {reasons[out]}")
    if content.resolve().is_relative_to(out):
        raise OutputError(f"refusing to build into {out}: it contains the content folder")
    if out.is_relative_to(content.resolve()):
        raise OutputError(f"refusing to build into {out}: it is inside the content folder")
    if out.exists() and not out.is_dir():
        raise OutputError(f"refusing to build into {out}: it is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(
            f"refusing to replace {out}: it is not empty and was not made by Broadsheet "
            f"(no {MARKER} file); empty it or choose another --output"
        )


class Staging:
    """A new output tree under construction; `commit` swaps it in, `abort` throws it away.

    Unchanged files are hard-linked from the previous output (same bytes, same mtime)."""

    def __init__(self, output: Path) -> None:
        self.output = output.resolve()
        self.previous = self.output if self.output.is_dir() else None
        self.root = self.output.parent / f".{self.output.name}.staging-{os.getpid()}"
        _remove(self.root)
        self.root.mkdir(parents=True)
        self._dirs: set[str] = set()
        if Staging.old_bytes(self, MARKER) != MARKER_TEXT or not Staging.keep(self, MARKER):
            Staging.write(self, MARKER, MARKER_TEXT)

    def make_dirs(self, paths: Iterable[str]) -> None:
        """Create the folders that hold folders (`articles/`) first, once: the writers then
        make only their pages' own folders (`articles/slug/`), in parallel."""
        leaves = {p.rpartition("/")[0] for p in paths} - {""}
        for folder in sorted({f.rpartition("/")[0] for f in leaves} - {""}):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self._dirs.add(folder)

    def _target(self, rel: str) -> Path:
        folder = rel.rpartition("/")[0]
        if folder and folder not in self._dirs:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self._dirs.add(folder)
        return self.root / rel

    def old_bytes(self, rel: str) -> bytes | None:
        if self.previous is None:
            return None
        try:
            return (self.previous / rel).read_bytes()
        except OSError:
            return None

    def keep(self, rel: str) -> bool:
        """Reuse the previous build's file unchanged; False if there is none."""
        if self.previous is None:
            return False
        try:
            os.link(self.previous / rel, self._target(rel))
        except FileNotFoundError:
            return False
        except OSError:  # e.g. a filesystem without hard links
            try:
                shutil.copy2(self.previous / rel, self._target(rel))
            except OSError:
                return False
        return True

    def write(self, rel: str, data: bytes) -> None:
        self._target(rel).write_bytes(data)

    def commit(self, stale: Iterable[str] = ()) -> None:
        old = self.output.parent / f".{self.output.name}.old-{os.getpid()}"
        if self.output.exists():
            self.output.rename(old)
        self.root.rename(self.output)
        if old.exists():
            _remove(old, wait=False)

    def abort(self) -> None:
        _remove(self.root)


class Patch(Staging):
    """Changes to an output the cache vouches for: changed files are staged aside, and moved
    into place (each with an atomic rename) only once every page rendered."""

    def __init__(self, output: Path, present: Iterable[str] = ()) -> None:
        self.staged: list[str] = []
        self.present = frozenset(present)  # the output's files, from the build's manifest
        super().__init__(output)

    def keep(self, rel: str) -> bool:
        return rel in self.present

    def write(self, rel: str, data: bytes) -> None:
        super().write(rel, data)
        self.staged.append(rel)

    def commit(self, stale: Iterable[str] = ()) -> None:
        for rel in self.staged:
            target = self.output / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            (self.root / rel).replace(target)
        for rel in stale:
            (self.output / rel).unlink(missing_ok=True)
            folder = (self.output / rel).parent
            while folder != self.output and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        _remove(self.root)


def _remove(folder: Path, wait: bool = True) -> None:
    """Delete one of our own temporary trees; big ones go in the background."""
    if not folder.exists():
        return
    if not wait and shutil.which("rm"):
        subprocess.Popen(
            ["rm", "-rf", "--", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        return
    shutil.rmtree(folder, ignore_errors=True)


def manifest(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under `folder` with its size and mtime: a cheap check that nobody touched it."""
    found: dict[str, tuple[int, int]] = {}
    prefix = len(str(folder)) + 1
    stack = [str(folder)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    stat = entry.stat(follow_symlinks=False)
                    found[entry.path[prefix:]] = (stat.st_size, stat.st_mtime_ns)
    return found
