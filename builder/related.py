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
    newest_first: dict[str, list[Article]] = {}  # each edition's stories, in the ranking's order
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
        scores.pop(article.source, None)
        edition = edition_of.get(article.source)
        if edition is not None:
            for source in scores:
                if edition_of.get(source) is edition:
                    scores[source] += 1
            # of the stories that share only the edition, the newest `limit` can rank: not
            # the whole edition, which grows with the site (quadratic at 100,000 stories)
            if edition.key not in newest_first:
                newest_first[edition.key] = sorted(
                    edition.articles, key=lambda a: (-stamp[a.source], a.slug)
                )
            alone = 0
            for other in newest_first[edition.key]:
                if alone == limit:
                    break
                if other.source not in scores and other.source != article.source:
                    scores[other.source], found[other.source] = 1, other
                    alone += 1
        ranked = heapq.nsmallest(
            limit, scores, key=lambda s: (-scores[s], -stamp[s], found[s].slug)
        )
        result[article.source] = tuple(found[s] for s in ranked)
    return result
