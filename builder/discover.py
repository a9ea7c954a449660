"""The article files under `content/`, in a stable order, with what the cache compares.

Rules: hidden files and folders (`.x`) and `_folders` are left out; a name that is not UTF-8 is
reported (its bad bytes shown escaped) and skipped; a symbolic link is followed only when its
target is inside the content folder, exists, and (for a folder) is not a folder already read,
so a link can neither publish outside files nor loop. Everything skipped is reported.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .config import ConfigError
from .images import SUFFIXES as IMAGE_SUFFIXES
from .model import Problem

SUFFIXES = (".txt", ".md", ".markdown")
Inputs = dict[str, tuple[int, int]]  # path relative to the content folder → (size, mtime_ns)


def discover(content_dir: Path) -> tuple[list[tuple[str, str]], Inputs, list[Problem]]:
    """(file path, relative path) of every article file, sorted by relative path; their size
    and mtime; and the problems found (files that are not articles, names, links)."""
    if not content_dir.is_dir():
        raise ConfigError(f"content folder {content_dir} does not exist")
    walk = _Walk(os.path.realpath(content_dir))
    walk.folder(str(content_dir), "")
    while walk.linked:  # folders reached through links: after every real folder is seen
        path, rel, info = walk.linked.pop(0)
        if (info.st_dev, info.st_ino) in walk.seen:
            walk.warn(rel, "link to a folder that is already read: skipped")
        else:
            walk.folder(path, rel + "/", info)
    walk.found.sort(key=lambda item: item[1])
    walk.problems.sort(key=lambda problem: problem.path)
    return walk.found, walk.inputs, walk.problems


def shown(name: str) -> str:
    """A file name as text, bytes that are not UTF-8 escaped (`caf\\xe9.txt`)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes arrive as lone surrogates
        return False
    return True


@dataclass
class _Walk:
    root: str  # the content folder's real path
    found: list[tuple[str, str]] = field(default_factory=list)
    inputs: Inputs = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seen: set[tuple[int, int]] = field(default_factory=set)  # (device, inode) of folders read
    linked: list[tuple[str, str, os.stat_result]] = field(default_factory=list)

    def warn(self, rel: str, message: str) -> None:
        self.problems.append(Problem(shown(rel), message, None, "warning"))

    def error(self, rel: str, message: str) -> None:
        self.problems.append(Problem(shown(rel), message, None, "error"))

    def folder(self, path: str, prefix: str, info: os.stat_result | None = None) -> None:
        """Read one folder and, depth first in name order, the real folders inside it."""
        info = info or os.stat(path)
        self.seen.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(path) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as error:
            self.warn(prefix.rstrip("/") or ".", f"cannot read this folder: {error.strerror}")
            return
        for entry in entries:
            if not entry.name.startswith("."):
                self.entry(entry, prefix + entry.name)

    def entry(self, entry: os.DirEntry[str], rel: str) -> None:
        article = entry.name.lower().endswith(SUFFIXES)
        if not _is_utf8(entry.name):
            if entry.is_dir():
                self.error(rel, "the folder name is not valid UTF-8: its files are skipped")
            elif article:
                self.error(rel, "the file name is not valid UTF-8: skipped; rename it")
            else:
                self.warn(rel, "not an article (.txt, .md): ignored")
            return
        if entry.is_symlink():
            info = self.link_target(entry, rel)
            if info is None:
                return
        else:
            info = entry.stat(follow_symlinks=False)
        if stat.S_ISDIR(info.st_mode):
            if entry.name.startswith("_"):
                return
            if entry.is_symlink():
                self.linked.append((entry.path, rel, info))
            elif (info.st_dev, info.st_ino) not in self.seen:
                self.folder(entry.path, rel + "/", info)
        elif not stat.S_ISREG(info.st_mode):
            return  # a socket, fifo or device: nothing to read
        elif article:
            self.found.append((entry.path, rel))
            self.inputs[rel] = (info.st_size, info.st_mtime_ns)
        elif entry.name.lower().endswith(IMAGE_SUFFIXES):
            self.inputs[rel] = (info.st_size, info.st_mtime_ns)  # an article's image: a change
            # to it rebuilds the site
        else:
            self.warn(rel, "not an article (.txt, .md): ignored")

    def link_target(self, entry: os.DirEntry[str], rel: str) -> os.stat_result | None:
        """What a link points to, or None (and a warning) when it must not be followed."""
        target = os.path.realpath(entry.path)
        if os.path.commonpath((self.root, target)) != self.root:
            self.warn(rel, "symbolic link to a path outside the content folder: skipped")
            return None
        try:
            return os.stat(entry.path)
        except OSError as error:
            kind = "symbolic link loop" if error.errno == errno.ELOOP else "broken symbolic link"
            self.warn(rel, f"{kind}: skipped")
            return None
