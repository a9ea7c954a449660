"""`pipeline.build` in-process on small sites: what it writes, skips and reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from builder.config import Config
from builder.pipeline import build
from tests.unit.smallsite import THREE, load, story

ARTICLE_OVERRIDE = '{% extends "!default/article.html" %}{% block title %}VERSION{% endblock %}'


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_second_build_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    config = load(tmp_path, THREE)
    first = build(config, jobs=1)
    before = {p: p.stat().st_mtime_ns for p in config.output_dir.rglob("*")}
    second = build(config, jobs=1)
    assert first.written == first.pages > 0 and first.published == 3
    assert second.site is None  # nothing assembled: the last build's result
    assert (second.written, second.kept, second.published) == (0, first.pages, 3)
    assert {p: p.stat().st_mtime_ns for p in config.output_dir.rglob("*")} == before


def test_write_false_writes_nothing_but_still_plans(tmp_path: Path) -> None:
    config = load(tmp_path, THREE)
    result = build(config, jobs=1, write=False, use_cache=False)  # as `check` calls it
    assert result.site is not None and result.published == 3 and result.pages > 10
    assert result.written == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site.toml"]


def test_strict_with_a_skipped_file_writes_nothing_and_says_so(tmp_path: Path) -> None:
    bad = story("Broken", "2024-02-30")  # no such day
    config = load(tmp_path, {**THREE, "bad.md": bad})
    result = build(config, jobs=1, strict=True)
    assert [p.path for p in result.errors] == ["bad.md"]
    assert any("--strict" in note and "nothing was written" in note for note in result.notes)
    assert result.written == 0 and not config.output_dir.exists()
    # without --strict the rest of the site is built
    assert build(config, jobs=1).published == 3 and (config.output_dir / "index.html").is_file()


def test_the_timings_name_the_stages_in_the_order_they_ran(tmp_path: Path) -> None:
    result = build(load(tmp_path, THREE), jobs=1)
    stages = ["cache load", "ingest", "assemble+plan", "page keys", "render+write", "cache save"]
    assert list(result.timings) == stages
    assert all(seconds >= 0 for seconds in result.timings.values())


def override(config: Config, version: str) -> None:
    folder = config.overrides_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.html").write_text(ARTICLE_OVERRIDE.replace("VERSION", version))


def test_a_changed_template_rebuilds_every_page_using_it_and_nothing_else(tmp_path: Path) -> None:
    config = load(tmp_path, THREE)
    override(config, "first")
    first = build(config, jobs=1)
    override(config, "second version")
    second = build(config, jobs=1)
    assert second.written == 3  # the three article pages
    assert second.kept == first.pages - 3
    changed = [
        name
        for name, data in files(config.output_dir).items()
        if b"<title>second version</title>" in data
    ]
    assert sorted(changed) == [
        "articles/alpha/index.html",
        "articles/bravo/index.html",
        "articles/charlie/index.html",
    ]


def test_templates_are_parsed_again_only_when_a_theme_file_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str | None] = []
    parse = jinja2.Environment.parse

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *a: Any) -> Any:
        parsed.append(name)
        return parse(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "parse", counted)
    config = load(tmp_path, THREE)
    override(config, "first")
    build(config, jobs=1)
    assert "article.html" in parsed
    parsed.clear()
    (config.content_dir / "c.md").write_text(story("Charlie", "2024-11-07", tags="[new]"))
    assert build(config, jobs=1).written > 0
    assert parsed == []  # their digests are the last build's, their code Jinja2's cache
    override(config, "second")
    assert build(config, jobs=1).written == 3
    assert "article.html" in parsed
