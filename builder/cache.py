"""The incremental-build cache in `.cache/broadsheet/`: ingested articles and page keys.

Everything is keyed by what it was made from (file size and mtime, config, templates, the
builder's own code), and the file carries a checksum: a stale or corrupt cache is rebuilt, never
trusted. A file whose mtime changed but whose size did not is hashed: same bytes, same article
(a fresh checkout gives every file a new mtime). A cache that cannot be written is a warning.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Article, Edition, Problem, source_digest

FORMAT = b"broadsheet-cache-3\n"
_CODE = Path(__file__).parent


def code_version() -> str:
    """Changes whenever the builder's code does, so an upgrade never reuses old results."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(_CODE.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class IngestEntry:
    size: int
    mtime_ns: int
    article: Article | None
    problems: list[Problem]
    digest: str = ""  # of the file's bytes: trusted when only the mtime changed


def file_digest(path: Path | str) -> str:
    """A content hash of a file, or "" when it cannot be read (the ingest reports why)."""
    try:
        with open(path, "rb") as handle:
            return source_digest(handle.read())
    except OSError:
        return ""


def reuse(old: IngestEntry | None, path: str, stamp: tuple[int, int]) -> IngestEntry | None:
    """The cached entry if the file is the one it was made from: same size and mtime, or same
    size and bytes (then with the new mtime); None means ingest it again."""
    if old is None or old.size != stamp[0]:
        return None
    if old.mtime_ns == stamp[1]:
        return old
    if not old.digest or file_digest(path) != old.digest:
        return None
    return IngestEntry(*stamp, old.article, old.problems, old.digest)


@dataclass
class CacheData:
    """What the last build saw and made. The ingested articles live in a second file, read
    only when some input changed, so a no-change build never unpickles them."""

    key: str = ""  # code + config: anything else means start afresh
    inputs: dict[str, tuple[int, int]] = field(default_factory=dict)  # content → (size, mtime)
    theme: str = ""  # fingerprint of the theme chain's files
    templates: dict[str, str] = field(default_factory=dict)  # template → digest, for `theme`
    pages: dict[str, str] = field(default_factory=dict)  # output path → page key
    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # output → (size, mtime)
    published: int = 0
    search_stale: bool = False  # pages changed since the search index was last made
    next_due: float | None = None  # when a story held back for its time is due: rebuild then
    images: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)  # see `images`
    problems: list[Problem] = field(default_factory=list)
    shard_digests: dict[int, str] = field(default_factory=dict)  # checksums of article files
    ingest: dict[str, IngestEntry] = field(default_factory=dict, repr=False)


def _checksum(payload: bytes) -> str:
    """Detects corruption, not tampering: SHA-1 runs in hardware, three times blake2b's speed."""
    return hashlib.sha1(payload, usedforsecurity=False).hexdigest()


def _read(path: Path) -> tuple[Any, str, str]:
    """(object, checksum, reason it is unusable or "")."""
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None, "", ""
    except OSError as error:
        return None, "", f"cache unreadable ({error}); rebuilding"
    header, _, payload = blob.partition(b"\n\n")
    digest = _checksum(payload)
    if header != FORMAT + digest.encode():
        return None, "", "cache is corrupt or from another version; rebuilding"
    try:
        return pickle.loads(payload), digest, ""
    except Exception:  # any unpickling failure means the same: do not trust it
        return None, "", "cache is corrupt; rebuilding"


def _write(path: Path, value: Any) -> str:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    digest = _checksum(payload)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(FORMAT + digest.encode() + b"\n\n" + payload)
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return digest


def load(folder: Path, key: str) -> tuple[CacheData, str]:
    """The build state, or a fresh one and the reason the old one was not used ("" if none)."""
    data, _, reason = _read(folder / "state.pickle")
    if not isinstance(data, CacheData) or data.key != key:
        return CacheData(key=key), reason
    return data, ""


SHARDS = 32  # article files: an edit rewrites one small file, not all of them


def shard_of(rel: str) -> int:
    key = rel.encode("utf-8", "surrogateescape")  # any file name, UTF-8 or not
    return int.from_bytes(hashlib.blake2b(key, digest_size=2).digest(), "big") % SHARDS


def load_ingest(folder: Path, data: CacheData) -> str:
    """Fill `data.ingest` from the article files; a shard in doubt is dropped (its articles
    are read again). Returns a note when something was dropped."""
    data.ingest = {}
    dropped = 0
    for shard, expected in sorted(data.shard_digests.items()):
        entries, digest, _ = _read(folder / f"articles-{shard:02d}.pickle")
        if entries is None or digest != expected or not isinstance(entries, dict):
            dropped += 1
            continue
        data.ingest.update(entries)
    return f"{dropped} cache file(s) stale or corrupt; re-reading their articles" if dropped else ""


def save(folder: Path, data: CacheData, changed: set[str] | None = None) -> str:
    """Write the state and the article shards that hold a changed path (all if None); a
    warning ("" if none) when the folder cannot be written: the site is built all the same."""
    try:
        _save(folder, data, changed)
    except OSError as error:
        where = error.filename or folder
        return f"cannot write the build cache ({where}: {error.strerror}); next build starts afresh"
    return ""


def writable(folder: Path) -> Path | None:
    """`folder`, made if needed, when files can be written in it; else None."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError:
        return None
    return folder


def _save(folder: Path, data: CacheData, changed: set[str] | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    dirty = set(range(SHARDS)) if changed is None else {shard_of(rel) for rel in changed}
    dirty |= {s for s in range(SHARDS) if s not in data.shard_digests}
    shards: dict[int, dict[str, IngestEntry]] = {s: {} for s in dirty}
    for rel, entry in data.ingest.items():
        shard = shard_of(rel)
        if shard in shards:
            shards[shard][rel] = entry
    for shard, entries in shards.items():
        data.shard_digests[shard] = _write(folder / f"articles-{shard:02d}.pickle", entries)
    entries, data.ingest = data.ingest, {}
    try:
        _write(folder / "state.pickle", data)
    finally:
        data.ingest = entries


def shape(value: Any, memo: dict[int, str] | None = None) -> str:
    """A compact, stable description of a page context: articles by fingerprint, not content.
    `memo` (keyed by id, valid while the objects live) saves recomputing shared parts."""
    if memo is None:
        memo = {}
    kind = type(value)  # exact types first: every page of a build comes through here
    if kind is str:
        return repr(value)
    if kind is Article or kind is Edition or isinstance(value, Article | Edition):
        known = memo.get(id(value))
        if known is None:
            known = memo[id(value)] = _described(value, memo)
        return known
    if kind is dict or isinstance(value, dict):
        return "{" + ",".join(f"{k!r}={shape(v, memo)}" for k, v in sorted(value.items())) + "}"
    if kind is tuple or kind is list or isinstance(value, list | tuple):
        return "[" + ",".join([shape(v, memo) for v in value]) + "]"
    return repr(value)


def _described(value: Article | Edition, memo: dict[int, str]) -> str:
    if isinstance(value, Article):
        return f"A({value.digest}:{value.slug}:{value.source_name}:{','.join(value.tags)})"
    inner = "|".join([shape(a, memo) for a in value.articles])
    return f"E({value.key}:{value.title}:{inner})"


def page_key(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()
