"""The moment a build publishes at: `SOURCE_DATE_EPOCH` when set (the reproducible-builds
convention: same input and epoch, same output), else the clock. Stories dated later wait."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping

from .config import ConfigError

VARIABLE = "SOURCE_DATE_EPOCH"


def now(environ: Mapping[str, str]) -> dt.datetime:
    """The publication moment, timezone-aware; a malformed epoch is a config error."""
    value = environ.get(VARIABLE, "").strip()
    if not value:
        return dt.datetime.fromtimestamp(time.time(), dt.UTC)
    if not value.isdigit():
        raise ConfigError(f"{VARIABLE} must be a whole number of seconds since 1970, not {value!r}")
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise ConfigError(f"{VARIABLE} is out of range: {value}") from None
