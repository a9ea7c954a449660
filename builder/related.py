"""Related stories for each article: shared tags first, then the same edition. Deterministic."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence

from .model import Article, Edition

LIMIT = 5
NEIGHBOURS = 30  # per tag, look only at the stories nearest in time: linear, not quadratic


def related_articles(
    articles: Sequence[Article], edition_of: dict[str, Edition], limit: int = LIMIT
) -> dict[str, tuple[Article, ...]]:
    by_tag: dict[str, list[Article]] = defaultdict(list)
    for article in articles:  # newest first, so each tag's list is in time order
        for tag in article.tags:
            by_tag[tag].append(article)
    position = {
        (tag, a.source): index for tag, members in by_tag.items() for index, a in enumerate(members)
    }
    stamp = {a.source: a.date.timestamp() for a in articles}
    result: dict[str, tuple[Article, ...]] = {}
    for article in articles:
        scores: dict[str, int] = defaultdict(int)
        found: dict[str, Article] = {}
        for tag in article.tags:
            members = by_tag[tag]
            here = position[(tag, article.source)]
            for other in members[max(0, here - NEIGHBOURS) : here + NEIGHBOURS + 1]:
                scores[other.source] += 2
                found[other.source] = other
        edition = edition_of.get(article.source)
        for other in edition.articles if edition else ():
            scores[other.source] += 1
            found[other.source] = other
        scores.pop(article.source, None)
        ranked = heapq.nsmallest(
            limit, scores, key=lambda s: (-scores[s], -stamp[s], found[s].slug)
        )
        result[article.source] = tuple(found[s] for s in ranked)
    return result
