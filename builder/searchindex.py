"""Broadsheet's own search index, split by word so that a query reads only what it needs.

Every published article's words (`searchwords`: title, curator's note, body, source, tags)
go into one inverted index, cut by word into small files (`searchfiles`): the search page
(static/search.js) reads `search/index.json`, then for a query only the files its words sort
into, then those of the results it shows. File names are digests of their bytes, so a browser
never mixes an old file with a new index, and a build links every file it already has.

Articles are numbered oldest first when the index is made afresh; a build that changed a few
stories (edited, added, removed: `searchpatch`) rewrites just the files of the words that
changed and of the records that did.
Each article's words are kept in the cache (`searchstore`) under a digest of what they come
from, so only changed stories are read again.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from . import searchpatch
from .cache import code_version
from .model import Article
from .output import Staging
from .parallel import parallel_map
from .searchfiles import META, files
from .searchstore import Entry, Store
from .searchwords import VERSION, terms
from .urls import Urls

_TAG = re.compile(r"<[^>]*>")
BATCH = 2000  # stories read at once: their entries go to the store, then are let go


@dataclass(frozen=True, slots=True)
class Doc:
    """An article to index, its link, and a digest of everything its entry is made from."""

    article: Article
    link: str
    key: str


def docs(articles: Iterable[Article], urls: Urls) -> list[Doc]:
    """The articles readers search (published, not hidden), oldest first."""
    found, version = [], code_version()
    for article in articles:
        if not (article.hidden or article.draft):
            link = urls.link(urls.article_path(article))
            found.append(Doc(article, link, _digest(article, link, version)))
    return sorted(found, key=lambda doc: (doc.article.date, doc.link))


def _digest(article: Article, link: str, version: str) -> str:
    """What the entry is made from: the source file's bytes (its `digest`) as read by this
    version of the code, and the fields the site's config shapes."""
    parts = (
        VERSION, version, article.digest, link, article.title, article.date.isoformat(),
        article.source_name, article.summary, article.lang, "\n".join(article.tags),
    )  # fmt: skip
    made = hashlib.blake2b("\0".join(parts).encode(), digest_size=16)
    if not article.digest:  # made in memory, not read from a file
        made.update(article.packed_body)
    return made.hexdigest()


def entry(doc: Doc) -> Entry:
    article = doc.article
    title = terms(article.title)
    text = " ".join(
        (_text(article.note_html), _text(article.body_html), article.source_name, *article.tags)
    )
    rest = terms(text).difference(title)
    date = article.date.date().isoformat()
    record = (doc.link, article.title, date, article.source_name, article.summary, article.lang)
    return Entry(record, "\n".join(title), "\n".join(rest))  # any order: lists are per word


def _text(fragment: str) -> str:
    return html.unescape(_TAG.sub(" ", fragment)) if fragment else ""


@dataclass(frozen=True, slots=True)
class IndexJob:
    """The write stage's search step with Broadsheet's own index (Pagefind's:
    `pagefindshards.SearchJob`)."""

    docs: tuple[Doc, ...]
    store: Path | None  # the cache folder for the articles' words, if any
    jobs: int = 1

    def alongside(self, pages: int) -> IndexJob | None:
        """With as many pages to render as stories (a cold build, a theme edit), this job
        runs, alone, while the workers render: it reads no page, and its serial part (the
        words' lists, the files) then costs no core. Else after them, with workers."""
        return replace(self, jobs=1) if pages >= len(self.docs) else None

    def run(self, staging: Staging, log: Callable[[str], None]) -> list[str]:
        """Write the index into the staging tree: patched where it can be, else afresh."""
        keys = [doc.key for doc in self.docs]
        with Store.open(self.store) as store:
            known = store.keys()
            missing = [doc for doc in self.docs if doc.key not in known]
            for start in range(0, len(missing), BATCH):  # into the store, not kept in memory
                part = missing[start : start + BATCH]
                made = parallel_map(entry, part, self.jobs)
                store.add(dict(zip((doc.key for doc in part), made, strict=True)))
            before = store.layout()
            docs = [(doc.link, doc.key) for doc in self.docs]
            patch = searchpatch.plan(before, docs, staging, limit=len(docs) // 10)
            written: set[str] = set()
            if patch is not None:
                out = searchpatch.apply(patch, store.get(patch.needed()), staging)
                for rel, data in out.items():
                    staging.write(rel, data)
                written, index, slots = set(out), out[META], patch.slots
                log(f"search: {len(patch.changed)} stories re-indexed, {len(out)} files written")
            else:

                def put(rel: str, data: bytes) -> None:
                    staging.write(rel, data)
                    written.add(rel)

                index, slots = files(store.stream(keys), put), list(docs)
                log(f"search: {len(keys)} stories indexed")
            for rel in searchpatch.kept(json.loads(index), written):
                if not staging.keep(rel):
                    raise OSError(f"search: {rel} is missing from the previous output")
            store.save(slots, index)
        return []
