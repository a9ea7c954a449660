"""Article bodies kept out of the build's memory: an SQLite file in the cache, each packed body
under a digest of its bytes, read back when a page, a feed or the search index needs it.

At 100,000 articles the bodies are some 370 MB. Held by the builder, they would also be
counted again in every worker it forks (a fork maps all of its parent's memory). A build
with the cache puts each body it reads into the store, keeps only the key in its `Article`,
and opens the store (`use`) for its stages. The cached articles then hold keys, not bodies.
Keys are digests of the bytes, so a key always names the body it was made from. A cached
article whose body is missing is read again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import sqlitefile

FILE = "bodies.sqlite"
_store: tuple[str, int, sqlite3.Connection | None] | None = None  # file, pid, connection
_inherited: list[sqlite3.Connection] = []  # a parent's, kept unclosed in its forked workers


def key_of(packed: bytes) -> str:
    return hashlib.blake2b(packed, digest_size=16).hexdigest()


@contextlib.contextmanager
def use(folder: Path) -> Iterator[Store | None]:
    """The store in `folder`, open for writing until the block ends, and for reading by
    `read` (here and in forked workers) until another is used: a build's articles can be
    read after it. None when it cannot be opened (a cache folder that cannot be written)."""
    global _store
    path = folder / FILE
    try:
        store = Store.open(path)
    except (OSError, sqlite3.Error):
        yield None
        return
    _store = (str(path), os.getpid(), store.db)
    try:
        yield store
    finally:
        _store = (str(path), os.getpid(), None)
        store.db.close()


def read(key: str) -> bytes:
    """The packed body under `key`, from the store last used (a forked worker opens its own
    connection: one is never shared between processes)."""
    global _store
    if _store is None:
        raise LookupError(f"article body {key}: no body store is open")
    where, pid, db = _store
    if db is None or pid != os.getpid():
        if db is not None:  # the parent's: closing it here could disturb its files
            _inherited.append(db)
        db = sqlite3.connect(f"file:{where}?mode=ro", uri=True)
        _store = (where, os.getpid(), db)
    row = db.execute("SELECT data FROM body WHERE key = ?", (key,)).fetchone()
    if row is None:
        raise LookupError(f"article body {key} is missing from the cache ({where})")
    data: bytes = row[0]
    return data


class Store:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    @classmethod
    def open(cls, path: Path) -> Store:
        """The store at `path`; one that cannot be read is started afresh."""
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls(sqlitefile.connect(str(path), ["body (key TEXT PRIMARY KEY, data BLOB)"]))

    def keys(self) -> set[str]:
        return {key for (key,) in self.db.execute("SELECT key FROM body")}

    def put(self, bodies: Iterable[tuple[str, bytes]]) -> None:
        """Add bodies (key, packed bytes) and commit: workers read only what is committed."""
        self.db.executemany("INSERT OR IGNORE INTO body VALUES (?, ?)", bodies)
        self.db.commit()

    def prune(self, kept: set[str]) -> None:
        """Drop the bodies no cached article names, once they are a tenth of the store."""
        (count,) = self.db.execute("SELECT count(*) FROM body").fetchone()
        if count <= len(kept) * 1.1 + 16:
            return
        sqlitefile.keep_only(self.db, "body", kept)
        self.db.commit()
