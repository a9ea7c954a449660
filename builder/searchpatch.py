"""Patching the search index (`searchindex`) when few stories changed: the word files of the
words that changed and the record files of the stories that did are rewritten; every other
file is the previous build's, linked. A story keeps its number while its link stays (edited,
even moved in time); a new story takes the next number, whatever its date (so ranking newer
first treats it as the newest); a removed story's number stays empty. A build that changed
many stories, or whose index has many empty numbers, makes the index afresh instead."""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from collections.abc import Container, Iterator
from dataclasses import dataclass

from . import searchfiles as index
from .output import Staging
from .searchstore import Entry, Layout, Slot, digest


@dataclass(frozen=True, slots=True)
class Patch:
    before: Layout
    slots: list[Slot | None]  # after the patch
    changed: list[int]  # numbers whose story changed, came or went

    def needed(self) -> list[str]:
        """The entries the patch reads: before and after, for each changed number."""
        old = self.before.slots
        pairs = [old[n] if n < len(old) else None for n in self.changed]
        pairs += [self.slots[n] for n in self.changed]
        return [slot[1] for slot in pairs if slot]


def plan(before: Layout | None, docs: list[Slot], staging: Staging, limit: int) -> Patch | None:
    """A patch from the index in the previous output to one for `docs` (link, key; oldest
    first), or None to make it afresh."""
    if before is None:
        return None
    shown = staging.old_bytes(index.META)
    if shown is None or digest(shown) != before.digest:
        return None  # the output is not the index the cache describes
    now = dict(docs)
    slots: list[Slot | None] = []
    changed = []
    for number, slot in enumerate(before.slots):
        key = now.pop(slot[0], None) if slot else None
        slots.append((slot[0], key) if slot and key else None)
        if slots[-1] != slot:
            changed.append(number)
    for link, key in docs:  # the new ones, oldest first
        if link in now:
            changed.append(len(slots))
            slots.append((link, key))
    empty = slots.count(None)
    if len(changed) > max(limit, 16) or empty > max(limit, 16):
        return None
    names = [*before.meta["files"], *before.meta["docs"]]
    if staging.previous is None or not all(
        (staging.previous / index.FOLDER / f"{name}.json").is_file() for name in names
    ):
        return None
    return Patch(before, slots, changed)


def apply(patch: Patch, entries: dict[str, Entry], staging: Staging) -> dict[str, bytes]:
    """The files that change, by output path (index.json among them)."""
    out: dict[str, bytes] = {}
    meta = patch.before.meta
    edits = _edits(patch, entries)
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
            (run[0], index.place(out.__setitem__, index.word_file(run, postings)))
            for run in _runs(postings)
        ]
    chunks = _records(patch, entries, staging, out)
    out[index.META] = index.meta(words, chunks, len(patch.slots))
    return out


def kept(meta: dict[str, object], out: Container[str]) -> Iterator[str]:
    """The files `index.json` names that were not written: the previous build's, kept."""
    for names in (meta["files"], meta["docs"]):
        assert isinstance(names, list)
        for name in names:
            rel = f"{index.FOLDER}/{name}.json"
            if rel not in out:
                yield rel


def _edits(patch: Patch, entries: dict[str, Entry]) -> dict[str, tuple[set[int], set[int]]]:
    """For each word whose stories changed: the values to take out, the values to put in."""
    edits: defaultdict[str, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for number in patch.changed:
        old = _values(_entry(patch.before.slots, number, entries), number)
        new = _values(_entry(patch.slots, number, entries), number)
        for word, value in old.items():
            if new.get(word) != value:
                edits[word][0].add(value)
        for word, value in new.items():
            if old.get(word) != value:
                edits[word][1].add(value)
    return edits


def _entry(slots: list[Slot | None], number: int, entries: dict[str, Entry]) -> Entry | None:
    slot = slots[number] if number < len(slots) else None
    return entries[slot[1]] if slot else None


def _values(item: Entry | None, number: int) -> dict[str, int]:
    if item is None:
        return {}
    found = dict.fromkeys(item.rest.split("\n") if item.rest else (), number * 2)
    found.update(dict.fromkeys(item.title.split("\n") if item.title else (), number * 2 + 1))
    return found


def _previous(staging: Staging, rel: str) -> bytes:
    """A file of the previous index (`plan` saw them all; one gone since is an error)."""
    data = staging.old_bytes(rel)
    if data is None:
        raise OSError(f"search: {rel} vanished from the previous output")
    return data


def _postings(staging: Staging, name: str) -> dict[str, list[int]]:
    words, gaps = json.loads(_previous(staging, f"{index.FOLDER}/{name}.json"))
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
    size = sum(index.weight(word, values) for word, values in postings.items())
    if size <= 2 * index.BUCKET_BYTES:
        return [sorted(postings, key=index.utf16)] if postings else []
    return list(index.buckets(postings))


def _rows(name: str, staging: Staging, out: dict[str, bytes]) -> list[object]:
    """A record file's rows: as this patch rewrote it, else as the previous output has it."""
    if not name:
        return []
    rel = f"{index.FOLDER}/{name}.json"
    rows: list[object] = json.loads(out.pop(rel) if rel in out else _previous(staging, rel))
    return rows


def _records(
    patch: Patch, entries: dict[str, Entry], staging: Staging, out: dict[str, bytes]
) -> list[str]:
    """The record files, rewritten where a number's record changed (None: no story)."""
    chunks = list(patch.before.meta["docs"])
    per = index.DOCS_PER_FILE
    for number in patch.changed:
        new = _entry(patch.slots, number, entries)
        old = _entry(patch.before.slots, number, entries)
        record = list(new.record) if new else None
        if number < len(patch.before.slots) and (list(old.record) if old else None) == record:
            continue
        chunk = number // per
        if chunk == len(chunks):
            chunks.append("")
        rows = _rows(chunks[chunk], staging, out)
        rows[number % per : number % per + 1] = [record]
        chunks[chunk] = index.place(out.__setitem__, rows)
    return chunks
