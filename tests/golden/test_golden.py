"""Golden site: a small fixture built and compared with its expected output, file by file.

Regenerate deliberately with `pytest tests/golden --update-golden`, then review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import run_build

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected"


def tree(folder: Path) -> dict[str, bytes]:
    """Every generated file; the theme's static files are copies, checked by the theme tests."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "static"
    }


def test_fixture_site_matches_the_golden_output(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    output = tmp_path / "public"
    done = run_build(
        "build",
        "--config",
        str(HERE / "site" / "site.toml"),
        "--output",
        str(output),
        "--no-cache",
    )
    assert "same story as glued.txt" in done.stderr  # the duplicate is named
    if request.config.getoption("--update-golden"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(output, EXPECTED, ignore=shutil.ignore_patterns("static"))
        pytest.skip("golden output rewritten; review the diff before committing")
    actual, expected = tree(output), tree(EXPECTED)
    assert sorted(actual) == sorted(expected), "the set of output files changed"
    for name, data in expected.items():
        assert actual[name] == data, f"{name} differs from the golden output"
