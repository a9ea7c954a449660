"""The sample's newsletters checked with real tools: the Nu Html Checker, and Debian's
Chromium at a 320 px phone width (a mail app shows the message as a page that narrow)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import vnu_messages


def emails(site: Path) -> list[Path]:
    found = sorted(site.glob("editions/*/email.html"))
    assert len(found) >= 3
    return found


def test_every_newsletter_is_valid_html(sample_site: Path) -> None:
    files = emails(sample_site)
    messages = vnu_messages(files)
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in messages]
    assert not errors, "\n".join(errors)


@pytest.mark.browser
def test_newsletters_read_at_320_px_without_sideways_scrolling(
    page: Any, sample_site: Path
) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    for path in emails(sample_site):
        page.goto(path.as_uri())
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= inner, f"{path}: {scroll}px wide at {inner}px"
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('h2')).fontSize)")
        assert size >= 16, path
