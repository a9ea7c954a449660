"""`builder.site` (drafts, hidden, duplicates, unique slugs, editions) and the dates of
`builder.ingest`: a front-matter date becomes an aware datetime in the site's timezone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.config import Config, load
from builder.ingest import _date, ingest_bytes
from builder.model import Article, Site
from builder.site import assemble, edition_of, edition_title, group_editions

UTC = dt.UTC
BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
URL = "https://example.com/story-"


# --- building articles ---------------------------------------------------------------------------


def page(
    title: str, date: str, *, url: str = "", body: str = "Some text.", **extra: object
) -> bytes:
    """A curated Markdown page with YAML front matter, as a curator writes it."""
    lines = ["---", f"title: {title}", f"date: {date}"]
    if url:
        lines.append(f"source_url: {url}")
    for key, value in extra.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, list | tuple):
            value = "[" + ", ".join(map(str, value)) + "]"
        lines.append(f"{key}: {value}")
    lines += ["---", "", body, ""]
    return "\n".join(lines).encode()


def raw(title: str, day: str, url: str) -> bytes:
    """A raw scraped `.txt` file, as the scraper writes it (day is YYYY-MM-DD)."""
    year, month, date = day.split("-")
    return (
        f" date {day} {url}\n\n{title}\n\n{title}\n\n{date}.{month}.{year}\n\n"
        "The harbour reopened today.It was closed for a week."
    ).encode()


def ingest(data: bytes, rel: str, config: Config) -> Article:
    article, problems = ingest_bytes(data, rel, config)
    assert article is not None, problems
    assert not problems, problems
    return article


def md(rel: str, title: str, date: str, config: Config | None = None, **extra: object) -> Article:
    return ingest(page(title, date, **extra), rel, config or Config())


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def local(text: str, zone: str) -> dt.datetime:
    """A UTC moment as the site in `zone` sees it (what ingest gives an article)."""
    return utc(text).astimezone(zoneinfo.ZoneInfo(zone))


def article(source: str, when: dt.datetime, slug: str = "", **fields: object) -> Article:
    values: dict[str, object] = {
        "title": source,
        "date": when,
        "slug": slug or source.rsplit("/", 1)[-1].split(".")[0],
        "source_url": "",
        "source_name": "example.com",
    }
    values.update(fields)
    return Article(source=source, **values)  # type: ignore[arg-type]


def sources(articles: tuple[Article, ...] | list[Article]) -> list[str]:
    return [a.source for a in articles]


def site_config(tmp_path: Path, text: str) -> Config:
    """A Config read from a real `site.toml`, the way the build reads it."""
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return load(path)


# --- _date: front matter value → aware datetime in the site's zone -------------------------------

DATE_CASES: list[tuple[object, str, str]] = [
    # (front matter value, site timezone, expected ISO datetime with the site's offset)
    ("2024-11-07T23:30:00Z", "UTC", "2024-11-07T23:30:00+00:00"),
    ("2024-11-07T23:30:00Z", BERLIN, "2024-11-08T00:30:00+01:00"),
    ("2024-11-07T23:30:00+00:00", BERLIN, "2024-11-08T00:30:00+01:00"),
    ("2024-11-08T04:30:00Z", NEW_YORK, "2024-11-07T23:30:00-05:00"),
    ("2024-11-08T05:30:00Z", NEW_YORK, "2024-11-08T00:30:00-05:00"),
    ("2024-11-08T14:30:00+01:00", "UTC", "2024-11-08T13:30:00+00:00"),
    ("  2024-11-08T14:30:00+01:00 ", BERLIN, "2024-11-08T14:30:00+01:00"),
    # naive: the wall time in the site's zone, summer or winter offset as that day has
    ("2024-11-08T14:30", BERLIN, "2024-11-08T14:30:00+01:00"),
    ("2024-07-08T14:30", BERLIN, "2024-07-08T14:30:00+02:00"),
    ("2024-11-08", NEW_YORK, "2024-11-08T00:00:00-05:00"),
    (dt.date(2024, 11, 8), BERLIN, "2024-11-08T00:00:00+01:00"),
    (dt.datetime(2024, 11, 8, 14, 30), BERLIN, "2024-11-08T14:30:00+01:00"),
    (dt.datetime(2024, 12, 31, 23, 30, tzinfo=UTC), BERLIN, "2025-01-01T00:30:00+01:00"),
    (dt.datetime(2025, 1, 1, 3, 0, tzinfo=UTC), NEW_YORK, "2024-12-31T22:00:00-05:00"),
    # daylight saving: Berlin springs forward on 2024-03-31 and falls back on 2024-10-27
    ("2024-03-30T23:30:00Z", BERLIN, "2024-03-31T00:30:00+01:00"),
    ("2024-03-31T22:30:00Z", BERLIN, "2024-04-01T00:30:00+02:00"),
    ("2024-10-26T22:30:00Z", BERLIN, "2024-10-27T00:30:00+02:00"),
    ("2024-10-27T22:30:00Z", BERLIN, "2024-10-27T23:30:00+01:00"),
    # New York falls back on 2024-11-03
    ("2024-11-03T04:30:00Z", NEW_YORK, "2024-11-03T00:30:00-04:00"),
    ("2024-11-04T04:30:00Z", NEW_YORK, "2024-11-03T23:30:00-05:00"),
]


@pytest.mark.parametrize(("value", "zone", "expected"), DATE_CASES)
def test_date_is_aware_and_in_the_sites_timezone(value: object, zone: str, expected: str) -> None:
    when, message = _date(value, zone)
    assert message == ""
    assert when is not None
    assert when.tzinfo == zoneinfo.ZoneInfo(zone)
    assert when.isoformat() == expected
    assert when == dt.datetime.fromisoformat(expected)  # the same instant


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "missing date"),
        ("", "missing date"),
        ("2024-02-30", "invalid date '2024-02-30'"),
        ("yesterday", "invalid date 'yesterday'"),
        ("07.11.2024", "invalid date"),
        (20241107, "invalid date 20241107"),
        (True, "invalid date True"),
        (["2024-11-07"], "invalid date"),
    ],
)
def test_bad_dates_are_reported_not_raised(value: object, message: str) -> None:
    when, text = _date(value, BERLIN)
    assert when is None
    assert message in text


@pytest.mark.parametrize(
    ("day", "zone"),
    [
        # clocks jump from 00:00 to 01:00: midnight does not exist, the day still does
        (dt.date(2024, 9, 8), "America/Santiago"),
        (dt.date(2024, 3, 31), BERLIN),
        (dt.date(2024, 10, 27), BERLIN),
        (dt.date(2024, 12, 31), "Pacific/Kiritimati"),
        (dt.date(2025, 1, 1), "Pacific/Pago_Pago"),
    ],
)
def test_a_date_without_time_stays_on_its_day_in_any_zone(day: dt.date, zone: str) -> None:
    when, _ = _date(day, zone)
    assert when is not None and when.utcoffset() is not None
    assert when.date() == day
    assert edition_of(when, "daily")[0] == day.isoformat()


@pytest.mark.parametrize(
    ("value", "day"),
    [("2024-03-31T02:30", "2024-03-31"), ("2024-10-27T02:30", "2024-10-27")],
)
def test_naive_times_in_a_dst_gap_or_overlap_keep_their_day(value: str, day: str) -> None:
    when, _ = _date(value, BERLIN)
    assert when is not None
    assert when.utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2))
    assert edition_of(when, "daily")[0] == day


ZONES = st.sampled_from(
    ["UTC", BERLIN, NEW_YORK, "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"]
)
MOMENTS = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2060, 1, 1), timezones=st.just(UTC)
)


@given(MOMENTS, ZONES, st.sampled_from(["iso", "Z", "datetime"]))
@settings(max_examples=200)
def test_an_aware_date_keeps_its_instant_and_gets_the_sites_offset(
    moment: dt.datetime, zone: str, form: str
) -> None:
    value: object = {
        "iso": moment.isoformat(),
        "Z": moment.isoformat().replace("+00:00", "Z"),
        "datetime": moment,
    }[form]
    when, _ = _date(value, zone)
    assert when is not None
    assert when.timestamp() == moment.timestamp()
    offset = when.utcoffset()
    assert offset is not None
    assert when.replace(tzinfo=None) == moment.replace(tzinfo=None) + offset
    assert when.tzinfo == zoneinfo.ZoneInfo(zone)


# --- through ingest, with the zone read from site.toml -------------------------------------------


@pytest.mark.parametrize(
    ("front", "berlin", "utc_day"),
    [
        # YAML reads these as timestamps (aware or naive), quoted ones as strings
        ("2024-11-07T23:30:00Z", "2024-11-08T00:30:00+01:00", "2024-11-07"),
        ("2024-11-07 23:30:00+00:00", "2024-11-08T00:30:00+01:00", "2024-11-07"),
        ('"2024-11-07T23:30:00Z"', "2024-11-08T00:30:00+01:00", "2024-11-07"),
        ("2024-11-07T23:30:00", "2024-11-07T23:30:00+01:00", "2024-11-07"),
        ("2024-11-07", "2024-11-07T00:00:00+01:00", "2024-11-07"),
        ("'2024-11-07'", "2024-11-07T00:00:00+01:00", "2024-11-07"),
    ],
)
def test_front_matter_date_in_the_timezone_of_site_toml(
    tmp_path: Path, front: str, berlin: str, utc_day: str
) -> None:
    config = site_config(tmp_path, 'timezone = "Europe/Berlin"\n')
    assert config.timezone == BERLIN
    got = ingest(page("Harbour reopens", front), "a.md", config)
    assert got.date.isoformat() == berlin
    assert got.date.tzinfo == zoneinfo.ZoneInfo(BERLIN)
    in_utc = ingest(page("Harbour reopens", front), "a.md", site_config(tmp_path, ""))
    assert in_utc.date.tzinfo == zoneinfo.ZoneInfo("UTC")
    assert in_utc.date.date().isoformat() == utc_day


def test_a_raw_file_is_dated_at_midnight_in_the_sites_zone(tmp_path: Path) -> None:
    config = site_config(tmp_path, 'timezone = "America/New_York"\n')
    got = ingest(raw("Harbour reopens", "2024-11-07", "https://example.com/a"), "a.txt", config)
    assert got.date.isoformat() == "2024-11-07T00:00:00-05:00"
    assert edition_of(got.date, "daily")[0] == "2024-11-07"


@pytest.mark.parametrize(
    ("front", "message"),
    [
        # quoted: a string that `_date` rejects
        ('"2024-02-30"', "invalid date '2024-02-30'"),
        ('"2024-11-07T25:00"', "invalid date '2024-11-07T25:00'"),
        # unquoted: YAML's own timestamp constructor raises ValueError while loading
        ("2024-02-30", "front matter: invalid date (day is out of range for month)"),
        ("2024-13-01", "front matter: invalid date (month must be in 1..12)"),
        ("2024-11-07T25:00:00Z", "front matter: invalid date (hour must be in 0..23)"),
    ],
)
def test_a_bad_front_matter_date_is_an_error_on_the_file(front: str, message: str) -> None:
    article_, problems = ingest_bytes(page("Harbour", front), "bad.md", Config())
    assert article_ is None
    # the line of the `date` key (`page` writes it after the title)
    assert [(p.path, p.level, p.line) for p in problems] == [("bad.md", "error", 3)]
    assert message in problems[0].message
    assert "internal error" not in problems[0].message


# --- edition_of and edition_title ----------------------------------------------------------------

EDITION_CASES: list[tuple[str, str, str, str, str, str]] = [
    # (UTC moment, site zone, kind, key, start, end)
    ("2024-11-07T23:30:00", "UTC", "daily", "2024-11-07", "2024-11-07", "2024-11-07"),
    ("2024-11-07T23:30:00", BERLIN, "daily", "2024-11-08", "2024-11-08", "2024-11-08"),
    ("2024-11-08T04:30:00", NEW_YORK, "daily", "2024-11-07", "2024-11-07", "2024-11-07"),
    ("2024-11-08T05:30:00", NEW_YORK, "daily", "2024-11-08", "2024-11-08", "2024-11-08"),
    ("2024-11-08T04:30:00", "UTC", "daily", "2024-11-08", "2024-11-08", "2024-11-08"),
    # ISO weeks: Monday to Sunday, numbered by the year that owns their Thursday
    ("2024-11-07T12:00:00", "UTC", "weekly", "2024-W45", "2024-11-04", "2024-11-10"),
    ("2024-12-30T12:00:00", "UTC", "weekly", "2025-W01", "2024-12-30", "2025-01-05"),
    ("2025-01-05T12:00:00", "UTC", "weekly", "2025-W01", "2024-12-30", "2025-01-05"),
    ("2021-01-03T12:00:00", "UTC", "weekly", "2020-W53", "2020-12-28", "2021-01-03"),
    ("2021-01-04T12:00:00", "UTC", "weekly", "2021-W01", "2021-01-04", "2021-01-10"),
    # Sunday 23:30 UTC is already Monday, a new ISO week (and year), in Berlin
    ("2024-12-29T23:30:00", "UTC", "weekly", "2024-W52", "2024-12-23", "2024-12-29"),
    ("2024-12-29T23:30:00", BERLIN, "weekly", "2025-W01", "2024-12-30", "2025-01-05"),
    # and Monday 03:00 UTC is still Sunday, the old week, in New York
    ("2021-01-04T03:00:00", NEW_YORK, "weekly", "2020-W53", "2020-12-28", "2021-01-03"),
    ("2021-01-04T03:00:00", "UTC", "weekly", "2021-W01", "2021-01-04", "2021-01-10"),
    # Dec 31 / Jan 1 around midnight outside UTC
    ("2024-12-31T23:30:00", BERLIN, "daily", "2025-01-01", "2025-01-01", "2025-01-01"),
    ("2024-12-31T22:30:00", BERLIN, "daily", "2024-12-31", "2024-12-31", "2024-12-31"),
    ("2025-01-01T03:00:00", NEW_YORK, "daily", "2024-12-31", "2024-12-31", "2024-12-31"),
    ("2025-01-01T05:00:00", NEW_YORK, "daily", "2025-01-01", "2025-01-01", "2025-01-01"),
    ("2020-12-31T23:30:00", BERLIN, "daily", "2021-01-01", "2021-01-01", "2021-01-01"),
    ("2020-12-31T23:30:00", BERLIN, "weekly", "2020-W53", "2020-12-28", "2021-01-03"),
    ("2026-01-01T04:00:00", NEW_YORK, "weekly", "2026-W01", "2025-12-29", "2026-01-04"),
    (
        "2026-01-01T04:00:00",
        "America/Los_Angeles",
        "daily",
        "2025-12-31",
        "2025-12-31",
        "2025-12-31",
    ),
    # daylight saving days: the offset of that moment decides the day
    ("2024-03-30T23:30:00", BERLIN, "daily", "2024-03-31", "2024-03-31", "2024-03-31"),
    ("2024-03-31T21:59:00", BERLIN, "daily", "2024-03-31", "2024-03-31", "2024-03-31"),
    ("2024-03-31T22:00:00", BERLIN, "daily", "2024-04-01", "2024-04-01", "2024-04-01"),
    ("2024-10-26T22:30:00", BERLIN, "daily", "2024-10-27", "2024-10-27", "2024-10-27"),
    ("2024-10-27T22:30:00", BERLIN, "daily", "2024-10-27", "2024-10-27", "2024-10-27"),
    ("2024-10-27T23:00:00", BERLIN, "daily", "2024-10-28", "2024-10-28", "2024-10-28"),
    ("2024-03-10T04:59:00", NEW_YORK, "daily", "2024-03-09", "2024-03-09", "2024-03-09"),
    ("2024-03-11T03:59:00", NEW_YORK, "daily", "2024-03-10", "2024-03-10", "2024-03-10"),
    ("2024-03-11T04:00:00", NEW_YORK, "daily", "2024-03-11", "2024-03-11", "2024-03-11"),
    ("2024-11-04T04:30:00", NEW_YORK, "daily", "2024-11-03", "2024-11-03", "2024-11-03"),
    ("2024-11-04T05:30:00", NEW_YORK, "daily", "2024-11-04", "2024-11-04", "2024-11-04"),
    ("2024-10-27T22:30:00", BERLIN, "weekly", "2024-W43", "2024-10-21", "2024-10-27"),
    ("2024-10-27T23:30:00", BERLIN, "weekly", "2024-W44", "2024-10-28", "2024-11-03"),
]


@pytest.mark.parametrize(("moment", "zone", "kind", "key", "start", "end"), EDITION_CASES)
def test_edition_of_a_moment_in_the_sites_zone(
    moment: str, zone: str, kind: str, key: str, start: str, end: str
) -> None:
    assert edition_of(local(moment, zone), kind) == (
        key,
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(end),
    )


@pytest.mark.parametrize(("moment", "zone", "kind", "key", "start", "end"), EDITION_CASES)
def test_the_same_editions_through_ingest_and_assemble(
    moment: str, zone: str, kind: str, key: str, start: str, end: str
) -> None:
    config = Config(timezone=zone, editions=kind)
    got = md("a.md", "Harbour reopens", moment + "Z", config)
    site = assemble([got], editions=config.editions)
    [edition] = site.editions
    assert (edition.key, edition.start.isoformat(), edition.end.isoformat()) == (key, start, end)
    assert edition.articles == (got,)


@given(st.datetimes(min_value=dt.datetime(1900, 1, 8), max_value=dt.datetime(2200, 1, 1)))
@settings(max_examples=200)
def test_editions_contain_their_day_and_weeks_run_monday_to_sunday(moment: dt.datetime) -> None:
    when = moment.replace(tzinfo=zoneinfo.ZoneInfo(BERLIN))
    key, start, end = edition_of(when, "daily")
    assert key == when.date().isoformat() and start == end == when.date()
    key, start, end = edition_of(when, "weekly")
    year, week, _ = when.date().isocalendar()
    assert key == f"{year}-W{week:02d}"
    assert start.isoweekday() == 1 and end.isoweekday() == 7
    assert start <= when.date() <= end == start + dt.timedelta(days=6)
    assert start.isocalendar()[:2] == end.isocalendar()[:2] == (year, week)


@pytest.mark.parametrize(
    ("kind", "moment", "title"),
    [
        ("daily", "2024-11-07T12:00:00", "7 November 2024"),
        ("daily", "2024-01-01T00:00:00", "1 January 2024"),
        ("daily", "2024-12-31T23:59:00", "31 December 2024"),
        ("weekly", "2024-11-07T12:00:00", "Week 45, 2024"),
        ("weekly", "2024-12-30T12:00:00", "Week 1, 2025"),
        ("weekly", "2021-01-03T12:00:00", "Week 53, 2020"),
        ("weekly", "2021-01-04T12:00:00", "Week 1, 2021"),
    ],
)
def test_edition_titles(kind: str, moment: str, title: str) -> None:
    key, start, end = edition_of(local(moment, "UTC"), kind)
    assert edition_title(key, start, end) == title


# --- editions in assemble: order, featured first, ties -------------------------------------------


def test_berlin_and_utc_sites_put_the_same_late_story_in_different_editions() -> None:
    data = [
        ("late.md", "Late story", "2024-11-07T23:30:00Z"),
        ("day.md", "Day story", "2024-11-07T12:00:00Z"),
        ("next.md", "Next story", "2024-11-08T09:00:00Z"),
    ]
    for zone, expected in [
        ("UTC", {"2024-11-08": ["next.md"], "2024-11-07": ["late.md", "day.md"]}),
        (BERLIN, {"2024-11-08": ["next.md", "late.md"], "2024-11-07": ["day.md"]}),
    ]:
        config = Config(timezone=zone)
        site = assemble(md(rel, title, when, config) for rel, title, when in data)
        assert {e.key: sources(e.articles) for e in site.editions} == expected, zone
        assert [e.key for e in site.editions] == ["2024-11-08", "2024-11-07"]
        assert [e.title for e in site.editions] == ["8 November 2024", "7 November 2024"]


def test_weekly_editions_newest_first_across_the_year_end() -> None:
    config = Config(timezone=BERLIN, editions="weekly")
    got = [
        md("a.md", "A", "2024-12-29T22:30:00Z", config),  # Sunday 23:30 in Berlin: 2024-W52
        md("b.md", "B", "2024-12-29T23:30:00Z", config),  # Monday 00:30 in Berlin: 2025-W01
        md("c.md", "C", "2025-01-05T22:30:00Z", config),  # Sunday 23:30: still 2025-W01
        md("d.md", "D", "2020-12-31T23:30:00Z", config),  # 2021-01-01 in Berlin: 2020-W53
    ]
    site = assemble(got, editions="weekly")
    assert [(e.key, e.title, e.start.isoformat(), e.end.isoformat()) for e in site.editions] == [
        ("2025-W01", "Week 1, 2025", "2024-12-30", "2025-01-05"),
        ("2024-W52", "Week 52, 2024", "2024-12-23", "2024-12-29"),
        ("2020-W53", "Week 53, 2020", "2020-12-28", "2021-01-03"),
    ]
    assert [sources(e.articles) for e in site.editions] == [["c.md", "b.md"], ["a.md"], ["d.md"]]


def test_featured_first_then_newest_then_by_slug() -> None:
    noon = local("2024-11-07T12:00:00", "UTC")
    got = [
        article("old.md", noon.replace(hour=6), slug="old", featured=True),
        article("b.md", noon, slug="bravo"),
        article("a.md", noon, slug="alpha"),
        article("new.md", noon.replace(hour=20), slug="zulu"),
        article("feat.md", noon.replace(hour=8), slug="feat", featured=True),
    ]
    site = assemble(got)
    [edition] = site.editions
    assert sources(edition.articles) == ["feat.md", "old.md", "new.md", "a.md", "b.md"]
    # the listing is by time only: featured matters inside an edition
    assert sources(site.articles) == ["new.md", "a.md", "b.md", "feat.md", "old.md"]


def test_group_editions_directly_sorts_editions_newest_first() -> None:
    got = [
        article(f"{day}.md", local(f"2024-11-{day:02d}T12:00:00", "UTC"), slug=f"s{day}")
        for day in (3, 9, 1, 30, 12)
    ]
    editions = group_editions(got, "daily")
    assert [e.key for e in editions] == [f"2024-11-{d:02d}" for d in (30, 12, 9, 3, 1)]
    assert all(len(e.articles) == 1 for e in editions)
    weekly = group_editions(got, "weekly")
    assert [e.key for e in weekly] == ["2024-W48", "2024-W46", "2024-W45", "2024-W44"]
    assert [sources(e.articles) for e in weekly] == [
        ["30.md"],
        ["12.md"],
        ["9.md"],
        ["3.md", "1.md"],
    ]


def test_the_listing_is_newest_first_by_instant_on_a_dst_fall_back_day() -> None:
    # 00:30 UTC is 02:30 CEST; 01:15 UTC, later, is 02:15 CET: the wall clock goes backwards.
    config = Config(timezone=BERLIN)
    first = md("first.md", "First", "2024-10-27T00:30:00Z", config)
    second = md("second.md", "Second", "2024-10-27T01:15:00Z", config)
    assert (
        first.date.hour == 2 and second.date.hour == 2 and first.date.tzinfo is second.date.tzinfo
    )
    for order in ([first, second], [second, first]):
        site = assemble(order)
        assert sources(site.articles) == ["second.md", "first.md"]
        assert sources(site.all_articles) == ["second.md", "first.md"]
        assert sources(site.editions[0].articles) == ["second.md", "first.md"]


def _timeline() -> list[Article]:
    """Stories across DST, year ends and equal moments, some featured, in Berlin."""
    config = Config(timezone=BERLIN)
    moments = [
        "2024-10-26T22:30:00Z",
        "2024-10-27T00:30:00Z",
        "2024-10-27T01:15:00Z",
        "2024-10-27T22:30:00Z",
        "2024-12-29T23:30:00Z",
        "2024-12-31T23:30:00Z",
        "2024-12-31T23:30:00Z",
        "2025-01-01T12:00:00Z",
        "2025-01-01T12:00:00Z",
        "2025-01-01T12:00:00Z",
    ]
    return [
        md(f"{i:02d}.md", f"Story {chr(ord('k') - i)}", when, config, featured=i % 4 == 1)
        for i, when in enumerate(moments)
    ]


TIMELINE = _timeline()


def _shape(site: Site) -> tuple[object, ...]:
    return (
        sources(site.articles),
        [(e.key, e.title, e.start, e.end, sources(e.articles)) for e in site.editions],
        {tag: sources(items) for tag, items in site.tags.items()},
    )


@pytest.mark.parametrize("kind", ["daily", "weekly"])
@given(data=st.data())
@settings(max_examples=60)
def test_editions_do_not_depend_on_input_order(kind: str, data: st.DataObject) -> None:
    expected = _shape(assemble(TIMELINE, editions=kind))
    shuffled = data.draw(st.permutations(TIMELINE))
    assert _shape(assemble(shuffled, editions=kind)) == expected


@pytest.mark.parametrize("kind", ["daily", "weekly"])
def test_edition_invariants_on_the_timeline(kind: str) -> None:
    site = assemble(TIMELINE, editions=kind)
    starts = [e.start for e in site.editions]
    assert starts == sorted(starts, reverse=True) and len(set(starts)) == len(starts)
    assert sorted(a.source for e in site.editions for a in e.articles) == sorted(
        a.source for a in TIMELINE
    )
    stamps = [a.date.timestamp() for a in site.articles]
    assert stamps == sorted(stamps, reverse=True)
    for edition in site.editions:
        flags = [a.featured for a in edition.articles]
        assert flags == sorted(flags, reverse=True), edition.key
        for member in edition.articles:
            assert edition.start <= member.date.date() <= edition.end
            assert edition_of(member.date, kind) == (edition.key, edition.start, edition.end)
    keys = [e.key for e in site.editions]
    if kind == "weekly":
        assert keys == ["2025-W01", "2024-W43"]
    else:
        assert keys == ["2025-01-01", "2024-12-30", "2024-10-27"]


# --- drafts and hidden articles ------------------------------------------------------------------


def _visibility() -> list[Article]:
    return [
        md("pub.md", "Published", "2024-11-07T10:00:00Z", tags=["economy"], url=URL + "1"),
        md(
            "draft.md", "Draft", "2024-11-07T11:00:00Z", draft=True, tags=["economy"], url=URL + "2"
        ),
        md(
            "hidden.md",
            "Hidden",
            "2024-11-07T12:00:00Z",
            hidden=True,
            tags=["economy"],
            url=URL + "3",
        ),
        md(
            "both.md",
            "Both",
            "2024-11-06T12:00:00Z",
            hidden=True,
            draft=True,
            tags=["x"],
            url=URL + "4",
        ),
    ]


def _everywhere(site: Site) -> dict[str, set[str]]:
    return {
        "articles": set(sources(site.articles)),
        "all_articles": set(sources(site.all_articles)),
        "editions": {a.source for e in site.editions for a in e.articles},
        "tags": {a.source for items in site.tags.values() for a in items},
        "sources": {a.source for items in site.sources.values() for a in items},
    }


def test_drafts_are_nowhere_and_hidden_articles_only_get_a_page() -> None:
    site = assemble(_visibility())
    assert _everywhere(site) == {
        "articles": {"pub.md"},
        "all_articles": {"pub.md", "hidden.md"},
        "editions": {"pub.md"},
        "tags": {"pub.md"},
        "sources": {"pub.md"},
    }
    assert list(site.tags) == ["economy"]  # a tag only drafts or hidden articles use is not listed
    assert [e.key for e in site.editions] == ["2024-11-07"]
    assert site.problems == ()


def test_drafts_appear_only_when_asked() -> None:
    site = assemble(_visibility(), drafts=True)
    assert _everywhere(site) == {
        "articles": {"pub.md", "draft.md"},
        "all_articles": {"pub.md", "draft.md", "hidden.md", "both.md"},
        "editions": {"pub.md", "draft.md"},
        "tags": {"pub.md", "draft.md"},
        "sources": {"pub.md", "draft.md"},
    }


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=12), st.booleans())
@settings(max_examples=100)
def test_visibility_for_any_mix_of_flags(flags: list[tuple[bool, bool]], drafts: bool) -> None:
    when = local("2024-11-07T12:00:00", "UTC")
    got = [
        article(f"{i}.md", when, tags=("t",), draft=draft, hidden=hidden)
        for i, (draft, hidden) in enumerate(flags)
    ]
    site = assemble(got, drafts=drafts)
    everywhere = _everywhere(site)
    for item in got:
        published = drafts or not item.draft
        assert (item.source in everywhere["all_articles"]) == published
        listed = published and not item.hidden
        for place in ("articles", "editions", "tags", "sources"):
            assert (item.source in everywhere[place]) == listed, (place, item)


# --- duplicates ----------------------------------------------------------------------------------

SAME_STORY = [
    "https://example.com/world/story",
    "http://example.com/world/story",
    "https://EXAMPLE.com/world/story",
    "https://Www.Example.Com/world/story",
    "https://www.example.com/world/story",
    "https://example.com/world/story/",
    "https://example.com/world/story//",
    "https://example.com/world/story?utm_source=twitter&utm_medium=social",
    "https://example.com/world/story?UTM_CAMPAIGN=x",
    "https://example.com/world/story#comments",
    "https://example.com:443/world/story",
    "HTTP://WWW.EXAMPLE.COM/world/story/?utm_campaign=z#top",
]
OTHER_STORIES = [
    "https://example.com/world/story-2",
    "https://example.com/World/Story",  # paths are case-sensitive
    "https://example.com/world/story?id=2",  # a real query parameter
    "https://example.org/world/story",
    "https://news.example.com/world/story",
    "https://example.com:8080/world/story",
]


@pytest.mark.parametrize("variant", SAME_STORY[1:])
def test_the_same_story_under_another_url_is_kept_once(variant: str) -> None:
    first = md("2024/a.md", "Harbour reopens", "2024-11-07", url=SAME_STORY[0])
    second = md("2024/b.md", "Harbour reopens again", "2024-11-07", url=variant)
    for order in ([first, second], [second, first]):
        site = assemble(order)
        assert sources(site.all_articles) == ["2024/a.md"]
        [problem] = site.problems
        assert problem.level == "warning"
        assert problem.path == "2024/b.md"
        assert "2024/a.md" in problem.message and "same story" in problem.message


@pytest.mark.parametrize("other", OTHER_STORIES)
def test_different_stories_are_both_kept(other: str) -> None:
    first = md("a.md", "Harbour reopens", "2024-11-07", url=SAME_STORY[0])
    second = md("b.md", "Harbour closes", "2024-11-07", url=other)
    site = assemble([first, second])
    assert sorted(sources(site.all_articles)) == ["a.md", "b.md"]
    assert site.problems == ()


def test_articles_without_a_source_url_are_never_duplicates() -> None:
    got = [md(f"{n}.md", "Note", "2024-11-07") for n in "abc"]
    site = assemble(got)
    assert len(site.articles) == 3
    assert all("same story" not in p.message for p in site.problems)


def test_a_curated_page_wins_over_a_raw_file_then_the_first_path() -> None:
    got = [
        ingest(raw("Harbour reopens", "2024-11-07", SAME_STORY[1]), "0/first.txt", Config()),
        md("2/zed.md", "Harbour reopens", "2024-11-07", url=SAME_STORY[3]),
        md("1/page.md", "Harbour reopens", "2024-11-07", url=SAME_STORY[7]),
    ]
    site = assemble(got)
    assert sources(site.all_articles) == ["1/page.md"]
    assert sorted((p.path, p.level) for p in site.problems) == [
        ("0/first.txt", "warning"),
        ("2/zed.md", "warning"),
    ]
    for problem in site.problems:
        assert "1/page.md" in problem.message, problem
    # with only raw files, the first path wins
    raws = [
        ingest(raw("Harbour reopens", "2024-11-07", url), rel, Config())
        for rel, url in [("b.txt", SAME_STORY[5]), ("a.txt", SAME_STORY[9])]
    ]
    assert sources(assemble(raws).all_articles) == ["a.txt"]


def test_a_draft_copy_of_a_story_does_not_hide_the_published_one() -> None:
    published = md("z.md", "Harbour reopens", "2024-11-07", url=SAME_STORY[0])
    draft = md("a.md", "Harbour reopens", "2024-11-07", url=SAME_STORY[1], draft=True)
    site = assemble([draft, published])
    assert sources(site.articles) == ["z.md"]
    assert site.problems == ()


DUPLICATES = [
    md(f"{rel}.md", f"Story {rel}", "2024-11-07T10:00:00Z", url=url)
    for rel, url in zip("qbxma", SAME_STORY[::2], strict=False)
] + [
    ingest(raw("Harbour reopens", "2024-11-07", SAME_STORY[1]), "0.txt", Config()),
    md("other.md", "Other", "2024-11-07", url=OTHER_STORIES[0]),
    md("other2.md", "Other again", "2024-11-08", url=OTHER_STORIES[0] + "/?utm_source=x"),
]


@given(st.permutations(DUPLICATES))
@settings(max_examples=100)
def test_which_copy_is_kept_does_not_depend_on_input_order(shuffled: list[Article]) -> None:
    site = assemble(shuffled)
    assert sorted(sources(site.all_articles)) == ["a.md", "other.md"]
    assert sources(site.articles) == ["a.md", "other.md"]
    warnings = sorted((p.path, p.message) for p in site.problems)
    assert [path for path, _ in warnings] == ["0.txt", "b.md", "m.md", "other2.md", "q.md", "x.md"]
    for path, message in warnings:
        kept = "other.md" if path == "other2.md" else "a.md"
        assert f"same story as {kept}" in message, (path, message)
    assert all(p.level == "warning" for p in site.problems)


# --- unique slugs --------------------------------------------------------------------------------


def test_colliding_slugs_are_numbered_by_path_with_warnings() -> None:
    got = [
        md("c.md", "Harbour reopens", "2024-11-07"),
        md("a.md", "Harbour Reopens!", "2024-11-07"),
        ingest(raw("Harbour reopens", "2024-11-07", "https://example.com/x"), "b.txt", Config()),
        md("d.md", "Harbour reopens 2", "2024-11-07"),  # wants harbour-reopens-2 itself
        md("e.md", "Something else", "2024-11-07", slug="harbour-reopens-3"),
    ]
    site = assemble(got)
    assert {a.source: a.slug for a in site.all_articles} == {
        "a.md": "harbour-reopens",
        "b.txt": "harbour-reopens-4",
        "c.md": "harbour-reopens-5",
        "d.md": "harbour-reopens-2",
        "e.md": "harbour-reopens-3",
    }
    assert sorted((p.path, p.level) for p in site.problems) == [
        ("b.txt", "warning"),
        ("c.md", "warning"),
    ]
    by_path = {p.path: p.message for p in site.problems}
    assert by_path["c.md"] == (
        "slug 'harbour-reopens' is already used by a.md; "
        "this article is published as 'harbour-reopens-5'"
    )
    assert "'harbour-reopens-4'" in by_path["b.txt"] and "a.md" in by_path["b.txt"]


def test_the_first_path_keeps_a_contested_slug_written_or_derived() -> None:
    # Imported pages carry their slug in the front matter, so "written" cannot rank above
    # "derived": the first path wins, whatever the order the files come in.
    derived = md("a.md", "Harbour reopens", "2024-11-07")
    explicit = md("b.md", "Another title", "2024-11-07", slug="harbour-reopens")
    site = assemble([explicit, derived])
    assert {a.source: a.slug for a in site.all_articles} == {
        "a.md": "harbour-reopens",
        "b.md": "harbour-reopens-2",
    }
    assert [p.path for p in site.problems] == ["b.md"]


def test_a_dropped_duplicate_or_draft_does_not_take_a_slug() -> None:
    got = [
        md("a.md", "Harbour reopens", "2024-11-07", draft=True),
        md("b.md", "Harbour reopens", "2024-11-07", url=SAME_STORY[0]),
        md("c.md", "Harbour reopens", "2024-11-07", url=SAME_STORY[1]),
    ]
    site = assemble(got)
    assert [(a.source, a.slug) for a in site.all_articles] == [("b.md", "harbour-reopens")]
    assert [p.path for p in site.problems] == ["c.md"]  # the duplicate, not a slug clash


SLUGS = st.sampled_from(["x", "x-2", "x-3", "y", "x-2-2"])


@given(
    st.lists(SLUGS, min_size=1, max_size=10).flatmap(
        lambda slugs: st.tuples(st.just(slugs), st.permutations(range(len(slugs))))
    ),
    st.booleans(),
)
@settings(max_examples=200)
def test_unique_slugs_for_any_permutation(
    drawn: tuple[list[str], list[int]], hidden_first: bool
) -> None:
    slugs, order = drawn
    when = local("2024-11-07T12:00:00", "UTC")
    got = [
        article(f"p{i:02d}.md", when, slug=slug, hidden=hidden_first and i == 0)
        for i, slug in enumerate(slugs)
    ]
    site = assemble(got)
    shuffled = assemble([got[i] for i in order])
    given_slugs = {a.source: a.slug for a in site.all_articles}
    assert {a.source: a.slug for a in shuffled.all_articles} == given_slugs
    assert sorted(map(str, site.problems)) == sorted(map(str, shuffled.problems))
    assert len(set(given_slugs.values())) == len(got)
    renamed = {a.source for a in got if given_slugs[a.source] != a.slug}
    assert {p.path for p in site.problems} == renamed
    assert all(p.level == "warning" for p in site.problems)
    for item in got:
        new = given_slugs[item.source]
        # a kept slug, or the wanted one numbered; and the first path wanting a slug keeps it
        assert new == item.slug or new.startswith(item.slug + "-")
        if item.slug not in {o.slug for o in got if o.source < item.source}:
            assert new == item.slug
    # the listing breaks ties of equal moments by slug
    assert [a.slug for a in site.articles] == sorted(a.slug for a in site.articles)


def test_tags_and_sources_share_one_spelling() -> None:
    got = [
        md("a.md", "A", "2024-11-07", tags=["politics", "Economy"], source_name="The Paper"),
        md("b.md", "B", "2024-11-08", tags=["Politics"], source_name="the paper"),
    ]
    site = assemble(got)
    assert list(site.tags) == ["Economy", "Politics"]
    assert sources(site.tags["Politics"]) == ["b.md", "a.md"]
    assert list(site.sources) == ["The Paper"]
    assert {a.source: a.tags for a in site.articles} == {
        "a.md": ("Economy", "Politics"),
        "b.md": ("Politics",),
    }
