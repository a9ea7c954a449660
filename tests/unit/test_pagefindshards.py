"""Search shards: a pure plan from the articles' dates (every page in exactly one shard, none
too big, the same whatever the order), and digests that change only with a shard's pages."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.pagefindshards import Indexed, plan_shards

UTC = dt.UTC


def page(date: str, n: int = 0, key: str = "k") -> Indexed:
    return Indexed(
        dt.datetime.fromisoformat(date).replace(tzinfo=UTC), f"articles/{date}-{n}/", key
    )


def keys(pages: list[Indexed], limit: int) -> list[str]:
    return [shard.key for shard in plan_shards(pages, limit)]


def test_a_small_site_is_one_shard_per_year_newest_first() -> None:
    pages = [page("2023-05-01"), page("2024-01-02"), page("2024-12-30")]
    assert keys(pages, limit=10) == ["2024", "2023"]


def test_a_big_year_splits_into_quarters_then_months_then_runs() -> None:
    year = [page(f"2024-{m:02d}-01", n) for m in (1, 2, 4) for n in range(2)]
    assert keys(year, limit=4) == ["2024-q2", "2024-q1"]  # 6 > 4: quarters of 4 and 2
    assert keys(year, limit=3) == ["2024-q2", "2024-02", "2024-01"]  # q1 has 4 > 3: months
    month = [page("2024-03-05", n) for n in range(5)]
    assert keys(month, limit=2) == ["2024-03.3", "2024-03.2", "2024-03.1"]


def test_no_pages_no_shards() -> None:
    assert plan_shards([], limit=5) == []


def test_a_digest_changes_with_a_page_key_the_role_or_the_version() -> None:
    (shard,) = plan_shards([page("2024-01-01", 0, "a"), page("2024-01-02", 1, "b")], 10)
    (edited,) = plan_shards([page("2024-01-01", 0, "a"), page("2024-01-02", 1, "c")], 10)
    base = shard.digest(True, "1.5")
    assert base == shard.digest(True, "1.5")
    assert (
        len(
            {
                base,
                edited.digest(True, "1.5"),
                shard.digest(False, "1.5"),
                shard.digest(True, "1.6"),
            }
        )
        == 4
    )


dates = st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31))


@settings(max_examples=200, deadline=None)
@given(st.lists(dates, max_size=60), st.integers(1, 12), st.randoms())
def test_every_page_is_in_one_shard_none_too_big_in_any_order(days, limit, rng) -> None:  # type: ignore[no-untyped-def]
    pages = [page(day.isoformat(), n) for n, day in enumerate(days)]
    shards = plan_shards(pages, limit)
    placed = [p.path for shard in shards for p in shard.pages]
    assert sorted(placed) == sorted(p.path for p in pages)
    assert all(0 < len(shard.pages) <= limit for shard in shards)
    assert len({shard.key for shard in shards}) == len(shards)
    shuffled = list(pages)
    rng.shuffle(shuffled)
    assert plan_shards(shuffled, limit) == shards


@settings(max_examples=200, deadline=None)
@given(st.lists(dates, min_size=1, max_size=60), dates, st.integers(2, 12))
def test_adding_a_page_changes_only_shards_of_its_year(days, new, limit) -> None:  # type: ignore[no-untyped-def]
    pages = [page(day.isoformat(), n) for n, day in enumerate(days)]
    before = {s.key: s for s in plan_shards(pages, limit)}
    after = {s.key: s for s in plan_shards([*pages, page(new.isoformat(), 999)], limit)}
    for key in set(before) | set(after):
        if not key.startswith(str(new.year)):
            assert before.get(key) == after.get(key), key
