"""Articles → `Site`: drop drafts, stories scheduled for later and duplicates; unique slugs,
editions and taxonomies."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

from .i18n import english
from .model import Article, Edition, Problem, Site
from .names import canonical_names, name_slugs
from .slugs import unique_slugs
from .sourceurl import normalize

EditionTitle = Callable[[str, dt.date, dt.date], str]  # key, first day, last day → title


def assemble(
    articles: Iterable[Article],
    *,
    drafts: bool = False,
    editions: str = "daily",
    title: EditionTitle | None = None,
    now: dt.datetime | None = None,
) -> Site:
    """`now`: stories dated later are held back (None publishes every date)."""
    problems: list[Problem] = []
    kept = [a for a in articles if drafts or not a.draft]
    kept, next_due = _due(kept, now)
    kept, more = _drop_duplicates(kept)
    problems += more
    kept, more = _unique_slugs(kept)
    problems += more
    kept = canonical_names(kept)
    tag_slugs, more = name_slugs(kept, lambda a: a.tags, "tags")
    problems += more
    source_slugs, more = name_slugs(kept, _source, "sources")
    problems += more
    kept.sort(key=lambda a: a.slug)
    # By instant: datetimes sharing a tzinfo compare by wall clock, which goes back an hour
    # when daylight saving time ends. Stable: same moment → by slug.
    kept.sort(key=lambda a: a.date.timestamp(), reverse=True)
    listed = tuple(a for a in kept if not a.hidden)
    return Site(
        articles=listed,
        all_articles=tuple(kept),
        editions=group_editions(listed, editions, title or edition_title),
        tags=_index(listed, lambda a: a.tags),
        sources=_index(listed, _source),
        problems=tuple(problems),
        tag_slugs=tag_slugs,
        source_slugs=source_slugs,
        next_due=next_due,
    )


def _due(articles: list[Article], now: dt.datetime | None) -> tuple[list[Article], float | None]:
    """The articles whose moment has come, and the timestamp of the next one that has not."""
    if now is None:
        return articles, None
    moment = now.timestamp()
    due = [a for a in articles if a.date.timestamp() <= moment]
    later = [a.date.timestamp() for a in articles if a.date.timestamp() > moment]
    return due, min(later, default=None)


def _preference(article: Article) -> tuple[bool, str]:
    """A curated `.md` page wins over a raw `.txt`; then the first path, for determinism."""
    return (article.source.endswith(".txt"), article.source)


def _source(article: Article) -> tuple[str, ...]:
    return (article.source_name,) if article.source_name else ()


def _drop_duplicates(articles: list[Article]) -> tuple[list[Article], list[Problem]]:
    by_url: dict[str, list[Article]] = defaultdict(list)
    kept: list[Article] = []
    for article in articles:
        if article.source_url:
            by_url[article.identity or normalize(article.source_url)].append(article)
        else:
            kept.append(article)
    problems = []
    for group in by_url.values():
        group.sort(key=_preference)
        kept.append(group[0])
        problems += [
            Problem(
                other.source,
                f"same story as {group[0].source} ({group[0].source_url}); published once, "
                f"from {group[0].source}",
                level="warning",
            )
            for other in group[1:]
        ]
    return kept, problems


def _unique_slugs(articles: list[Article]) -> tuple[list[Article], list[Problem]]:
    wanted = {a.source: a.slug for a in articles}
    given = unique_slugs(sorted(wanted.items()))
    owner = {slug: source for source, slug in given.items() if slug == wanted[source]}
    problems = []
    result = []
    for article in articles:
        slug = given[article.source]
        if slug != article.slug:
            problems.append(
                Problem(
                    article.source,
                    f"slug {article.slug!r} is already used by {owner.get(article.slug, '?')}; "
                    f"this article is published as {slug!r}",
                    level="warning",
                )
            )
            article = replace(article, slug=slug)
        result.append(article)
    return result, problems


def edition_of(when: dt.datetime, kind: str) -> tuple[str, dt.date, dt.date]:
    """The edition key and date range of a moment (already in the site's timezone)."""
    day = when.date()
    if kind == "weekly":
        year, week, weekday = day.isocalendar()
        start = day - dt.timedelta(days=weekday - 1)
        return f"{year}-W{week:02d}", start, start + dt.timedelta(days=6)
    return day.isoformat(), day, day


def edition_title(key: str, start: dt.date, end: dt.date) -> str:
    """In English; a site in another language passes its own `title` to `assemble`."""
    return english().edition_title(key, start, end)


def group_editions(
    articles: Iterable[Article], kind: str, title: EditionTitle = edition_title
) -> tuple[Edition, ...]:
    groups: dict[tuple[str, dt.date, dt.date], list[Article]] = defaultdict(list)
    for article in articles:
        groups[edition_of(article.date, kind)].append(article)
    editions = [
        Edition(
            key=key,
            title=title(key, start, end),
            start=start,
            end=end,
            articles=tuple(
                sorted(members, key=lambda a: (not a.featured, -a.date.timestamp(), a.slug))
            ),
        )
        for (key, start, end), members in groups.items()
    ]
    editions.sort(key=lambda e: e.start, reverse=True)
    return tuple(editions)


def _index(
    articles: Iterable[Article], keys: Callable[[Article], Iterable[str]]
) -> dict[str, tuple[Article, ...]]:
    index: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        for key in keys(article):
            index[key].append(article)
    return {key: tuple(index[key]) for key in sorted(index, key=lambda k: (k.casefold(), k))}
