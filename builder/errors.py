"""The error a build stops with, and how an exception is told in one line."""

from __future__ import annotations


class BuildError(Exception):
    """The build cannot go on (template error, unsafe output); nothing was changed."""


def describe(error: BaseException) -> str:
    """A template error with its file and line, or the exception in one line."""
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    where = f"{name}:{line}: " if name and line else (f"{name}: " if name else "")
    return f"{where}{type(error).__name__}: {error}"
