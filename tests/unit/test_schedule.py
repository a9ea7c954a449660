"""Scheduled stories: an article dated after "now" waits for its time; `--future` shows it.
"Now" is `SOURCE_DATE_EPOCH` when set, so the same input and epoch give the same site."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import feedparser
import pytest

from builder import config as config_mod
from builder import schedule
from builder.cli import main
from builder.config import ConfigError
from builder.pipeline import build
from tests.unit.test_feeds import make_project

LATER = """---
title: Embargoed zeppelin landing
date: 2024-11-20T06:00:00+01:00
source_url: https://example.com/zeppelin
source_name: Zeppelin Weekly
tags: [skies]
---

Embargoword text that must wait for its morning.
"""
BEFORE = "1731800000"  # 2024-11-16T23:33:20Z: the zeppelin story is still to come
AFTER = "1732100000"  # 2024-11-20T10:53:20Z: its time has come


def project(folder: Path) -> Path:
    make_project(folder)
    (folder / "content" / "later.md").write_text(LATER, encoding="utf-8")
    return folder


def built(folder: Path, use_cache: bool = True, **changes: object) -> Path:
    config = dataclasses.replace(config_mod.load(folder / "site.toml"), **changes)  # type: ignore[arg-type]
    result = build(config, use_cache=use_cache, jobs=1)
    assert not result.errors, result.errors
    return config.output_dir


def mentions(site: Path, word: str) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and word.encode() in p.read_bytes()
    )


def test_now_is_source_date_epoch_when_set() -> None:
    assert schedule.now({"SOURCE_DATE_EPOCH": BEFORE}) == dt.datetime(
        2024, 11, 16, 23, 33, 20, tzinfo=dt.UTC
    )
    clock = schedule.now({})
    assert clock.tzinfo is not None
    assert abs(clock.timestamp() - dt.datetime.now(dt.UTC).timestamp()) < 60


@pytest.mark.parametrize("value", ["soon", "-5", "1.5", "9" * 30])
def test_a_malformed_epoch_is_a_clear_error(value: str) -> None:
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        schedule.now({"SOURCE_DATE_EPOCH": value})


def test_a_story_dated_later_is_nowhere_until_its_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE)
    site = built(project(tmp_path / "p"))
    assert mentions(site, "Embargo") == mentions(site, "zeppelin-landing") == []
    assert mentions(site, "Zeppelin Weekly") == mentions(site, "skies") == []
    assert not (site / "articles" / "embargoed-zeppelin-landing").exists()
    assert "Embargoed" not in feedparser.parse((site / "feed.xml").read_bytes()).feed.title
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AFTER)
    site = built(tmp_path / "p")  # nothing changed on disk: the cache must know it is due
    assert (site / "articles" / "embargoed-zeppelin-landing" / "index.html").is_file()
    titles = [e.title for e in feedparser.parse((site / "feed.xml").read_bytes()).entries]
    assert titles[0] == "Embargoed zeppelin landing"
    assert "articles/embargoed-zeppelin-landing/" in (site / "sitemap.xml").read_text()
    assert (site / "tags" / "skies" / "feed.xml").is_file()


def test_future_shows_it_and_the_epoch_makes_builds_reproducible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE)
    site = built(project(tmp_path / "p"), future=True)
    assert (site / "articles" / "embargoed-zeppelin-landing" / "index.html").is_file()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AFTER)
    first = {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    again = built(tmp_path / "p", use_cache=False, output_dir=tmp_path / "again")
    second = {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}
    assert {p.relative_to(site): data for p, data in first.items()} == second


def test_the_future_option_of_build_and_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = project(tmp_path / "p")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BEFORE)
    assert main(["build", "--quiet", "--no-cache"]) == 0
    assert not (folder / "public" / "articles" / "embargoed-zeppelin-landing").exists()
    assert main(["build", "--quiet", "--no-cache", "--future"]) == 0
    assert (folder / "public" / "articles" / "embargoed-zeppelin-landing").is_dir()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "tomorrow")
    assert main(["check"]) == 2
    assert "SOURCE_DATE_EPOCH must be a whole number" in capsys.readouterr().err
