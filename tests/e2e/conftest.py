"""Fixtures of the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_sample
from tests.e2e.preview import Preview


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    """`build.py serve` on a private copy of the sample project, stopped after the test."""
    server = Preview(copy_sample(tmp_path))
    yield server
    server.stop()
