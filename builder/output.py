"""Writing the site: into a staging folder next to the output, swapped in only on success.

Unchanged files are hard-linked from the previous output (same bytes, same mtime), so an
incremental build costs only what changed, and a failed build leaves the old site as it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

MARKER = ".broadsheet-output"


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
    """A new output tree under construction; `commit` swaps it in, `abort` throws it away."""

    def __init__(self, output: Path) -> None:
        self.output = output.resolve()
        self.previous = self.output if self.output.is_dir() else None
        self.root = self.output.parent / f".{self.output.name}.staging-{os.getpid()}"
        if self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir(parents=True)
        self._dirs: set[str] = set()
        self.write(MARKER, b"Made by Broadsheet: this folder is replaced on every build.\n")

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

    def commit(self) -> None:
        old = self.output.parent / f".{self.output.name}.old-{os.getpid()}"
        if self.output.exists():
            self.output.rename(old)
        self.root.rename(self.output)
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


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
