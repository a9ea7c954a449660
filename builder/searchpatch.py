"""Patching the search index (`searchindex`) when stories were only edited or added: the word
files of the words that changed and the record files of the stories that did are rewritten;
every other file is the previous build's, linked. A build whose stories were removed or
moved in time, or that changed many, makes the index afresh instead."""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from . import searchfiles as index
from .output import Staging
from .searchstore import Entry, Layout, digest


@dataclass(frozen=True, slots=True)
class Patch:
    before: Layout
    changed: list[int]  # numbers of stories whose entry changed
    count: int  # stories now (those past the previous count are new)

    def needed(self, keys: list[str]) -> list[str]:
        """The entries the patch reads: before and after, for each changed story."""
        old = [self.before.keys[n] for n in self.changed if n < len(self.before.keys)]
        return old + [keys[n] for n in self.changed]


def plan(before: Layout | None, keys: list[str], staging: Staging, limit: int) -> Patch | None:
    """A patch from the index in the previous output to one for `keys`, or None."""
    if before is None or len(keys) < len(before.keys):
        return None
    shown = staging.old_bytes(index.META)
    if shown is None or digest(shown) != before.digest:
        return None  # the output is not the index the cache describes
    changed = [n for n, (old, new) in enumerate(zip(before.keys, keys, strict=False)) if old != new]
    changed += range(len(before.keys), len(keys))
    if len(changed) > max(limit, 16):
        return None
    names = [*before.meta["files"], *before.meta["docs"]]
    if staging.previous is None or not all(
        (staging.previous / index.FOLDER / f"{name}.json").is_file() for name in names
    ):
        return None
    return Patch(before, changed, len(keys))


def apply(
    patch: Patch, entries: dict[str, Entry], keys: list[str], staging: Staging
) -> dict[str, bytes]:
    """The files that change, by output path (index.json among them)."""
    out: dict[str, bytes] = {}
    meta = patch.before.meta
    edits = _edits(patch, entries, keys)
    words = list(zip(meta["words"], meta["files"], strict=True))
    firsts = [index.utf16(word) for word in meta["words"]]
    touched: defaultdict[int, list[str]] = defaultdict(list)
    for word in edits:
        touched[max(0, bisect.bisect_right(firsts, index.utf16(word)) - 1)].append(word)
    for number in sorted(touched, reverse=True):  # later buckets first: numbers stay true
        postings = _postings(staging, words[number][1])
        for word in touched[number]:
            gone, new = edits[word]
            values = sorted(set(postings.pop(word, ())).difference(gone).union(new))
            if values:
                postings[word] = values
        words[number : number + 1] = [
            (run[0], index.place(out, index.word_file(run, postings))) for run in _runs(postings)
        ]
    chunks = _records(patch, entries, keys, staging, out)
    out[index.META] = index.meta(words, chunks, patch.count)
    return out


def kept(meta: dict[str, object], out: dict[str, bytes]) -> Iterator[str]:
    """The files `index.json` names that were not written: the previous build's, kept."""
    for names in (meta["files"], meta["docs"]):
        assert isinstance(names, list)
        for name in names:
            rel = f"{index.FOLDER}/{name}.json"
            if rel not in out:
                yield rel


def _edits(
    patch: Patch, entries: dict[str, Entry], keys: list[str]
) -> dict[str, tuple[set[int], set[int]]]:
    """For each word whose articles changed: the values to take out, the values to put in."""
    edits: defaultdict[str, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    before = patch.before.keys
    for number in patch.changed:
        old = _values(entries[before[number]], number) if number < len(before) else {}
        new = _values(entries[keys[number]], number)
        for word, value in old.items():
            if new.get(word) != value:
                edits[word][0].add(value)
        for word, value in new.items():
            if old.get(word) != value:
                edits[word][1].add(value)
    return edits


def _values(item: Entry, number: int) -> dict[str, int]:
    found = dict.fromkeys(item.rest.split("\n") if item.rest else (), number * 2)
    found.update(dict.fromkeys(item.title.split("\n") if item.title else (), number * 2 + 1))
    return found


def _postings(staging: Staging, name: str) -> dict[str, list[int]]:
    data = staging.old_bytes(f"{index.FOLDER}/{name}.json")
    if data is None:
        raise OSError(f"search: {index.FOLDER}/{name}.json vanished from the previous output")
    words, gaps = json.loads(data)
    postings = {}
    for word, steps in zip(words, gaps, strict=True):
        total, values = 0, []
        for step in steps:
            total += step
            values.append(total)
        postings[word] = values
    return postings


def _runs(postings: dict[str, list[int]]) -> list[list[str]]:
    """A patched word file's words: one file while under twice the usual size, else split."""
    size = sum(len(word.encode()) + 6 + 3 * len(values) for word, values in postings.items())
    if size <= 2 * index.BUCKET_BYTES:
        return [sorted(postings, key=index.utf16)] if postings else []
    return list(index.buckets(postings))


def _rows(name: str, staging: Staging, out: dict[str, bytes]) -> list[object]:
    """A record file's rows: as this patch rewrote it, else as the previous output has it."""
    if not name:
        return []
    rel = f"{index.FOLDER}/{name}.json"
    data = out.pop(rel) if rel in out else staging.old_bytes(rel)
    if data is None:
        raise OSError(f"search: {rel} vanished from the previous output")
    rows: list[object] = json.loads(data)
    return rows


def _records(
    patch: Patch,
    entries: dict[str, Entry],
    keys: list[str],
    staging: Staging,
    out: dict[str, bytes],
) -> list[str]:
    """The record files, rewritten where a story's record changed or was added."""
    chunks = list(patch.before.meta["docs"])
    per = index.DOCS_PER_FILE
    before = patch.before.keys
    for number in patch.changed:
        record = list(entries[keys[number]].record)
        chunk = number // per
        if number < len(before) and list(entries[before[number]].record) == record:
            continue
        if chunk == len(chunks):
            chunks.append("")
        rows = _rows(chunks[chunk], staging, out)
        rows[number % per : number % per + 1] = [record]
        chunks[chunk] = index.place(out, rows)
    return chunks
