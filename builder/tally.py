"""A value read forward through a text and started afresh at each new beginning: the quote
counts of the paragraph so far, whether an address's token has ended. A scan that only moves
forward asks for it as often as it likes and still reads each character once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

# Extends a value over text[start:end] for a tally that began at `begin`:
# reader(text, begin, start, end, value) → value.
Reader = Callable[[str, int, int, int, T], T]


class ForwardTally(Generic[T]):
    """The value of text[begin:upto], for a `begin` that changes now and then and an `upto`
    that only grows while it stays the same."""

    __slots__ = ("_begin", "_fresh", "_read", "_reader", "_text", "_value")

    def __init__(self, text: str, fresh: T, reader: Reader[T]) -> None:
        self._text, self._fresh, self._reader = text, fresh, reader
        self._begin, self._read, self._value = -1, 0, fresh

    def value_at(self, begin: int, upto: int) -> T:
        """The value up to `upto`, reading on from where the last call stopped; a new `begin`
        starts afresh. An `upto` behind what was read gives the value read so far."""
        if begin != self._begin:
            self._begin, self._read, self._value = begin, begin, self._fresh
        if upto > self._read:
            self._value = self._reader(self._text, begin, self._read, upto, self._value)
            self._read = upto
        return self._value
