"""The SQLite files the cache keeps (`searchstore`'s words, `bodies`' article bodies): opened
the same way, and trimmed to the rows the last build still names."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

MEMORY = ":memory:"


def connect(where: str, tables: Iterable[str]) -> sqlite3.Connection:
    """The file at `where` (or MEMORY) with `tables` ("name (columns)") created; WAL, so
    readers in other processes see what was committed. A file that cannot be read is a
    cache in doubt: it is started afresh."""
    try:
        return _connect(where, tables)
    except sqlite3.DatabaseError:
        Path(where).unlink(missing_ok=True)
        return _connect(where, tables)


def keep_only(db: sqlite3.Connection, table: str, keys: Iterable[str]) -> None:
    """Delete the rows of `table` whose `key` is not among `keys` (not committed)."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
    db.execute("DELETE FROM kept")
    db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((key,) for key in keys))
    db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM kept)")


def _connect(where: str, tables: Iterable[str]) -> sqlite3.Connection:
    db = sqlite3.connect(where)
    db.execute("PRAGMA journal_mode = WAL" if where != MEMORY else "PRAGMA journal_mode = OFF")
    for table in tables:
        db.execute(f"CREATE TABLE IF NOT EXISTS {table}")
    db.commit()
    return db
