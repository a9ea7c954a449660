from __future__ import annotations

import dataclasses

import pytest

from builder import guards
from builder.config import SAMPLE_BASE_URL, Config

MB = 1024**2
OWN = dataclasses.replace(Config(), base_url="https://me.github.io/news/", base_url_given=True)


@pytest.mark.parametrize(
    "config, files, expected",
    [
        (OWN, {"index.html": (10_000, 0)}, []),
        (Config(), {}, ["base_url is not set"]),
        (dataclasses.replace(OWN, base_url=SAMPLE_BASE_URL), {}, ["base_url is the sample's"]),
        (OWN, {"big.bin": (95 * MB, 0)}, ["big.bin is 95 MB"]),
        (OWN, {f"f{i}": (60 * MB, 0) for i in range(15)}, ["the site is 900 MB"]),
    ],
)
def test_publishing_warnings(
    config: Config, files: dict[str, tuple[int, int]], expected: list[str]
) -> None:
    found = guards.warnings(config, files)
    assert len(found) == len(expected)
    for warning, start in zip(found, expected, strict=True):
        assert warning.startswith(start), warning
