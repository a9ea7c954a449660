"""Writing the site: into a staging folder next to the output, swapped in only on success.

Unchanged files are hard-linked from the previous output (same bytes, same mtime), so an
incremental build costs only what changed. The swap is one atomic exchange of the two folders
(Linux `renameat2`), so `public/` is at every instant the old site or the new one, whole; a
build killed at any point leaves at most its staging folder, which the next build removes.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

MARKER = ".broadsheet-output"
Manifest = dict[str, tuple[int, int]]  # each file under a folder: (size, mtime in ns)
MARKER_TEXT = b"Made by Broadsheet: this folder is replaced on every build.\n"


class OutputError(Exception):
    """The output folder is unsafe to replace."""


def check_output_dir(
    output: Path,
    content: Path,
    root: Path,
    *,
    themes: Path | None = None,
    overrides: Path | None = None,
) -> None:
    """Refuse folders whose replacement would destroy something that is not build output:
    the site's inputs (content, themes, overrides) and what holds them."""
    out = output.resolve()
    reasons = {
        Path("/").resolve(): "the filesystem root",
        Path.home().resolve(): "your home folder",
        root.resolve(): "the project folder",
    }
    if out in reasons:
        raise OutputError(f"refusing to build into {out}: it is {reasons[out]}")
    inputs = {"content": content, "themes": themes, "overrides": overrides}
    for name, folder in inputs.items():
        if folder is None:
            continue
        where = folder.resolve()
        if out == where:
            raise OutputError(f"refusing to build into {out}: it is the {name} folder")
        if where.is_relative_to(out):
            raise OutputError(f"refusing to build into {out}: it contains the {name} folder")
        if out.is_relative_to(where):
            raise OutputError(f"refusing to build into {out}: it is inside the {name} folder")
    if out.exists() and not out.is_dir():
        raise OutputError(f"refusing to build into {out}: it is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(
            f"refusing to replace {out}: it is not empty and was not made by Broadsheet "
            f"(no {MARKER} file); empty it or choose another --output"
        )


class Staging:
    """A new output tree under construction; `commit` swaps it in, `abort` throws it away.

    Unchanged files are hard-linked from the previous output (same bytes, same mtime). Only
    one staging per output at a time: the constructor waits for a lock on the output's parent
    folder, then clears what a killed build left (see `recover`).

    The tree swapped out is kept as a spare (`.NAME.spare`, its file list beside it) and the
    next build makes its tree from it: its folders exist and most of its files are already
    the ones to keep, so an incremental build makes, links and deletes only what changed
    (making 12,000 folders afresh cost more than the rest of a one-story build). A file is
    never written through: new bytes and new links replace the spare's file, never change it
    (it may be linked to the live site)."""

    def __init__(self, output: Path, known: Mapping[str, tuple[int, int]] | None = None) -> None:
        """`known`: the previous output's `manifest`, if taken: it saves walking the new
        output, and lets the output swapped out become the next build's spare."""
        self.output = output.resolve()
        self._known = known or {}
        self._placed: dict[str, bool] = {}  # path → whether new bytes (else the previous file)
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _lock(self.output.parent)
        recover(self.output)
        self.previous = self.output if self.output.is_dir() else None
        self.root = _sibling(self.output, "staging")
        self._spare = _take_spare(self.output, self.root) if self.previous else frozenset()
        if not self._spare:
            self.root.mkdir()
        # plain strings on the hot path: pathlib costs more than the link it names
        self._root = f"{self.root}{os.sep}"
        self._previous = f"{self.previous}{os.sep}" if self.previous else None
        self._dirs: set[str] = {rel.rpartition("/")[0] for rel in self._spare}
        self.committed = False
        if self.old_bytes(MARKER) != MARKER_TEXT or not self.keep(MARKER):
            self.write(MARKER, MARKER_TEXT)

    def make_dirs(self, paths: Iterable[str]) -> None:
        """Create the folders that hold folders (`articles/`) first, once: the writers then
        make only their pages' own folders (`articles/slug/`), in parallel."""
        leaves = {p.rpartition("/")[0] for p in paths} - {""}
        for folder in sorted({f.rpartition("/")[0] for f in leaves} - {""}):
            os.makedirs(self._root + folder, exist_ok=True)
            self._dirs.add(folder)

    def _target(self, rel: str) -> str:
        folder = rel.rpartition("/")[0]
        if folder and folder not in self._dirs:
            os.makedirs(self._root + folder, exist_ok=True)
            self._dirs.add(folder)
        return self._root + rel

    def old_bytes(self, rel: str) -> bytes | None:
        if self._previous is None:
            return None
        try:
            with open(self._previous + rel, "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def keep(self, rel: str) -> bool:
        """Reuse the previous build's file unchanged; False if there is none."""
        if self._previous is None:
            return False
        target, source = self._target(rel), self._previous + rel
        if rel in self._spare:
            try:
                if os.stat(target).st_ino == os.stat(source).st_ino:
                    self._placed[rel] = False  # the spare holds it already
                    return True
            except FileNotFoundError:
                pass
        if not link_or_copy(source, target):
            return False
        self._placed[rel] = False
        return True

    def adopt(self, source: str | Path, rel: str) -> bool:
        """Put an existing file (same bytes, same mtime) at `rel`; False if it cannot be."""
        done = link_or_copy(source, self._target(rel))
        if done:
            self._placed[rel] = True
        return done

    def write(self, rel: str, data: bytes) -> None:
        target = self._target(rel)
        try:
            handle = open(target, "xb")  # noqa: SIM115
        except FileExistsError:  # the spare's: maybe linked to the live site, so replaced
            os.unlink(target)
            handle = open(target, "xb")  # noqa: SIM115
        with handle:
            handle.write(data)
        self._placed[rel] = True

    def placed(self, rel: str, new: bool) -> None:
        """Record what a forked worker put at `rel` (its own record is lost with it)."""
        self._placed[rel] = new

    def manifest(self) -> dict[str, tuple[int, int]]:
        """`manifest(output)` after `commit`, from what was placed: the previous output's
        entries for the files kept, a stat for the others."""
        found = {}
        for rel, new in self._placed.items():
            known = None if new else self._known.get(rel)
            if known is None:
                stat = os.stat(self.output / rel)
                known = (stat.st_size, stat.st_mtime_ns)
            found[rel] = known
        return found

    def commit(self) -> None:
        """Swap the staged tree in; the old one becomes the next build's spare (or, without
        its file list, is deleted in the background)."""
        try:
            self._drop_unplaced()
            if self.output.exists():
                _swap(self.root, self.output)
                if self._known:
                    _keep_spare(self.output, self.root, self._known)
                else:
                    _discard(self.root)  # it now holds the previous site
            else:
                self.root.rename(self.output)
            self.committed = True
        finally:
            self._unlock()

    def _drop_unplaced(self) -> None:
        """Delete what the spare held that this build did not place, and emptied folders."""
        folders = set()
        for rel in self._spare.difference(self._placed):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._root + rel)
            folders.add(rel.rpartition("/")[0])
        for folder in sorted(folders, key=len, reverse=True):
            while folder:
                try:
                    os.rmdir(self._root + folder)
                except OSError:  # not empty (or gone): its parents are not empty either
                    break
                folder = folder.rpartition("/")[0]

    def abort(self) -> None:
        try:
            _remove(self.root)
        finally:
            self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def link_or_copy(source: str | Path, target: str | Path) -> bool:
    """A hard link to `source` at `target`, or a copy where links fail (a filesystem without
    them); False when `source` is missing or neither works. A file already at `target` is
    replaced, never written through."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        return False
    except FileExistsError:
        os.unlink(target)
        return link_or_copy(source, target)
    except OSError:
        try:
            shutil.copy2(source, target)
        except OSError:
            return False
    return True


def _take_spare(output: Path, root: Path) -> frozenset[str]:
    """The spare tree moved to `root`, and the files it holds; empty when there is none (or
    no list of its files: it is then deleted)."""
    spare, listing = _sibling(output, "spare"), _sibling(output, "spare.json")
    try:
        files = json.loads(listing.read_bytes())
        listing.unlink()  # from here the tree changes: the list would be wrong
        spare.rename(root)
    except (OSError, ValueError):
        listing.unlink(missing_ok=True)
        if spare.exists():
            _discard(spare, rename=True)
        return frozenset()
    return frozenset(files)


def _keep_spare(output: Path, old: Path, files: Mapping[str, object]) -> None:
    """The tree just swapped out (at `old`), as the next build's spare, with its file list."""
    spare, listing = _sibling(output, "spare"), _sibling(output, "spare.json")
    old.rename(spare)
    part = listing.with_name(listing.name + ".part")
    part.write_text(json.dumps(sorted(files)), encoding="utf-8")
    part.replace(listing)


def recover(output: Path) -> None:
    """Undo what a killed build left next to `output`: a half-made staging folder is deleted;
    an output moved aside by the two-rename fallback, and not replaced, is put back."""
    aside = _sibling(output, "old")
    if aside.is_dir() and not output.exists():
        aside.rename(output)
    _remove(aside)
    _remove(_sibling(output, "staging"))
    if not output.exists():  # a spare with no output to be the next of
        _sibling(output, "spare.json").unlink(missing_ok=True)
        if _sibling(output, "spare").exists():
            _discard(_sibling(output, "spare"))
    for trash in output.parent.glob(f".{output.name}.trash-*"):
        _discard(trash, rename=False)
    for work in output.parent.glob(f".{output.name}.search-*"):  # a search stage's own
        _remove(work)


def _sibling(output: Path, role: str) -> Path:
    return output.parent / f".{output.name}.{role}"


def _lock(folder: Path) -> int | None:
    """An exclusive lock on `folder` (waits for a build already writing there)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    with contextlib.suppress(OSError):  # a filesystem without locks: go on unguarded
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _swap(new: Path, current: Path) -> None:
    """Exchange two folders atomically; where the system cannot, two renames with the old
    output parked at a name `recover` knows, so no instant is left without one."""
    if _exchange(new, current):
        return
    aside = _sibling(current, "old")
    current.rename(aside)
    new.rename(current)
    aside.rename(new)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, f"cannot swap {b.name} into place: {os.strerror(code)}")


def _discard(folder: Path, rename: bool = True) -> None:
    """Delete an old tree without waiting: renamed to a unique name first, so nothing a later
    build creates is ever inside what is being deleted."""
    if rename:
        name = folder.name.removesuffix(".staging").removesuffix(".spare")
        trash = folder.parent / f"{name}.trash-{os.getpid()}-{time.monotonic_ns()}"
        folder.rename(trash)
        folder = trash
    _remove(folder, wait=False)


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


def manifest(folder: Path) -> Manifest:
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
