"""Tag and source names: the spellings of one name merged, and one URL segment per name.

Two spellings are one name when they differ only in case, width, spaces, hyphens or
underscores (`Politics`, `politics`; `Climate change`, `climate-change`): every article then
uses the spelling that sorts first. Different names whose slugs collide (`AT&T`, `AT-T`) stay
apart: the first by name keeps the slug, each other one gets its slug plus a short hash of its
own name (so its URL does not depend on what else is tagged), with a warning naming both.
`C++` and `C#` do not collide with `C` at all (see `slugs.name_slug`).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from .model import Article, Problem
from .slugs import name_slug

_SEPARATORS = re.compile(r"[\s_\-]+")


@functools.lru_cache(maxsize=4096)  # a site has few names, each on many articles
def name_key(name: str) -> str:
    """What two spellings of one name have in common."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(_SEPARATORS.split(folded)).strip()


def canonical_names(articles: list[Article]) -> list[Article]:
    """Articles whose tags and source use one spelling per name."""
    names: dict[str, str] = {}
    for article in articles:
        for name in (*article.tags, article.source_name):
            key = name_key(name)
            names[key] = min(names.get(key, name), name)
    result = []
    for article in articles:
        tags = tuple(sorted({names[name_key(t)] for t in article.tags}))
        source = names[name_key(article.source_name)] if article.source_name else ""
        if tags != article.tags or source != article.source_name:
            article = replace(article, tags=tags, source_name=source)
        result.append(article)
    return result


def name_slugs(
    articles: Iterable[Article], names: Callable[[Article], Iterable[str]], section: str
) -> tuple[dict[str, str], list[Problem]]:
    """The names (of canonical spelling) whose slug another name has, each with a slug of its
    own; and a warning for each, on the first file that uses the name."""
    first_use: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.source):
        for name in names(article):
            first_use.setdefault(name, article.source)
    by_slug: dict[str, list[str]] = defaultdict(list)
    for name in sorted(first_use, key=lambda n: (name_key(n), n)):
        by_slug[name_slug(name)].append(name)
    taken = set(by_slug)
    slugs: dict[str, str] = {}
    problems = []
    for slug, (owner, *others) in sorted(by_slug.items()):
        for name in others:
            slugs[name] = own = _suffixed(slug, name, taken)
            problems.append(
                Problem(
                    first_use[name],
                    f"{section}: {name!r} and {owner!r} would share {section}/{slug}/; "
                    f"{name!r} is published at {section}/{own}/ (spell them alike to merge them)",
                    level="warning",
                )
            )
    return slugs, problems


def _suffixed(slug: str, name: str, taken: set[str]) -> str:
    """`slug-` and the first 6 hex digits of the name's hash (more if some name has those)."""
    digest = hashlib.blake2b(name_key(name).encode("utf-8", "surrogatepass")).hexdigest()
    length = 6
    while f"{slug}-{digest[:length]}" in taken and length < len(digest):
        length += 2
    taken.add(own := f"{slug}-{digest[:length]}")
    return own
