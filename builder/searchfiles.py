"""The search index's files, as `searchindex` writes them and static/search.js reads them.

`search/index.json` names the others: word files (`search/index/<digest>.json`, the words in
order, cut into files of about `BUCKET_BYTES`; for each word the numbers of its articles, as
gaps, each number doubled and plus one where the word is in the title) and record files
(`DOCS_PER_FILE` articles' link, title, date, source, summary and language). `words` holds the
first word of each word file: the page finds a word's file by halving that list.
"""

from __future__ import annotations

import hashlib
import json
import operator
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized

from .searchstore import Entry

FOLDER = "search/index"
META = "search/index.json"
BUCKET_BYTES = 24_000  # a word's file: most queries read one or two of them
DOCS_PER_FILE = 32  # results shown together are mostly recent, so mostly in one file
FORMAT = 1  # the files' layout (search.js checks `v`)


Put = Callable[[str, bytes], None]  # takes a file's output path and bytes


def files(entries: Iterable[Entry], put: Put) -> bytes:
    """The whole index from every story's entry in order, each file handed to `put` as it is
    made: record files (each as its stories are read), word files, then the one naming them
    (also returned). Numbers are held 4 bytes each (100,000 stories of news make some 50
    million), and each word's are let go once its file is made."""
    postings: defaultdict[str, array[int]] = defaultdict(lambda: array("I"))
    lists = postings.__getitem__
    records: list[list[str]] = []
    chunks: list[str] = []
    count = 0
    for count, item in enumerate(entries, 1):  # each word's list comes out in story order
        value = (count - 1) * 2  # the low bit: the word is in the title
        for held in map(lists, item.rest.split("\n") if item.rest else ()):
            held.append(value)
        for held in map(lists, item.title.split("\n") if item.title else ()):
            held.append(value + 1)
        records.append(list(item.record))
        if len(records) == DOCS_PER_FILE:
            chunks.append(place(put, records))
            records = []
    if records:
        chunks.append(place(put, records))
    words = []
    for run in buckets(postings):
        words.append((run[0], place(put, word_file(run, postings))))
        for word in run:
            del postings[word]
    index = meta(words, chunks, count)
    put(META, index)
    return index


def meta(words: list[tuple[str, str]], chunks: list[str], count: int) -> bytes:
    firsts, names = [first for first, _ in words], [name for _, name in words]
    value = {"v": FORMAT, "n": count, "per": DOCS_PER_FILE, "words": firsts, "files": names}
    return encode(value | {"docs": chunks})


def buckets(postings: Mapping[str, Sized]) -> Iterable[list[str]]:
    """The words in order, in runs of about BUCKET_BYTES of JSON."""
    run: list[str] = []
    size = 0
    for word in sorted(postings, key=utf16):  # as the search page compares words
        if run and size >= BUCKET_BYTES:
            yield run
            run, size = [], 0
        run.append(word)
        size += weight(word, postings[word])
    if run:
        yield run


def weight(word: str, numbers: Sized) -> int:
    """About the bytes a word and its numbers take in a word file's JSON."""
    return len(word.encode()) + 6 + 3 * len(numbers)


def utf16(word: str) -> bytes:
    return word.encode("utf-16-be")


def word_file(words: list[str], postings: Mapping[str, Sequence[int]]) -> list[object]:
    """[words, [gaps between the numbers of each word's articles]]."""
    gaps = []
    for word in words:
        values = postings[word]
        gaps.append([values[0], *map(operator.sub, values[1:], values[:-1])])
    return [words, gaps]


def place(put: Put, value: object) -> str:
    """A file named by its digest, handed to `put`; its name."""
    data = encode(value)
    name = hashlib.blake2b(data, digest_size=8).hexdigest()
    put(f"{FOLDER}/{name}.json", data)
    return name


def encode(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
