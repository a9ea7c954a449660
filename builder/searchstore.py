"""Each article's search entry between builds: an SQLite file in the cache, so a build reads
only the entries it needs (a patch reads a handful, not 50 MB), and the layout of the index
last written, so the next build can patch it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import sqlitefile

FILE = "words-v2.sqlite"
TABLES = (
    "entry (key TEXT PRIMARY KEY, record TEXT, title TEXT, rest TEXT)",
    "layout (keys TEXT, meta TEXT, digest TEXT)",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """What the index holds of one article: the record a result shows (link, title, date,
    source, summary, language), its title's words and its other words (one a line, in no order)."""

    record: tuple[str, ...]
    title: str
    rest: str


Slot = tuple[str, str]  # a story's link (stable while it is edited), the key of its entry


@dataclass(frozen=True, slots=True)
class Layout:
    """The index as the last build wrote it: each story number's (link, key), None for a
    number whose story was removed; its `index.json`."""

    slots: list[Slot | None]
    meta: dict[str, Any]
    digest: str  # of the `index.json` bytes, to tell it is the one in the output


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Store:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection

    @classmethod
    @contextlib.contextmanager
    def open(cls, folder: Path | None) -> Iterator[Store]:
        """The cache's store (one that cannot be read is started afresh), or one in memory."""
        where = sqlitefile.MEMORY
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            where = str(folder / FILE)
        db = sqlitefile.connect(where, TABLES)
        try:
            yield cls(db)
        finally:
            db.close()

    def keys(self) -> set[str]:
        return {key for (key,) in self.db.execute("SELECT key FROM entry")}

    def add(self, made: dict[str, Entry]) -> None:
        rows = ((k, json.dumps(e.record), e.title, e.rest) for k, e in made.items())
        self.db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?)", rows)

    def get(self, keys: Iterable[str]) -> dict[str, Entry]:
        wanted = list(dict.fromkeys(keys))
        found: dict[str, Entry] = {}
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            query = f"SELECT * FROM entry WHERE key IN ({','.join('?' * len(part))})"
            for key, record, title, rest in self.db.execute(query, part):
                found[key] = Entry(tuple(json.loads(record)), title, rest)
        return found

    def stream(self, keys: list[str]) -> Iterator[Entry]:
        """The entries of `keys`, in their order (all must be in the store)."""
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            found = self.get(part)
            yield from (found[key] for key in part)

    def layout(self) -> Layout | None:
        row = self.db.execute("SELECT keys, meta, digest FROM layout").fetchone()
        if row is None:
            return None
        slots = [tuple(slot) if slot else None for slot in json.loads(row[0])]
        return Layout(slots, json.loads(row[1]), row[2])

    def save(self, slots: list[Slot | None], meta: bytes) -> None:
        """The index just written, and only the entries it holds."""
        self.db.execute("DELETE FROM layout")
        row = (json.dumps(slots), meta.decode(), digest(meta))
        self.db.execute("INSERT INTO layout VALUES (?, ?, ?)", row)
        sqlitefile.keep_only(self.db, "entry", (slot[1] for slot in slots if slot))
        self.db.commit()
