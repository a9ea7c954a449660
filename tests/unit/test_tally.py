"""ForwardTally: a value read forward only, started afresh at each new beginning."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from builder.tally import ForwardTally

TEXT = 'He said "yes" and "no". She said "maybe".'


def quotes_and_spans(text: str) -> tuple[ForwardTally[int], list[tuple[int, int, int]]]:
    """A tally of `"` that records every span it reads: (begin, start, end)."""
    spans: list[tuple[int, int, int]] = []

    def reader(text: str, begin: int, start: int, end: int, count: int) -> int:
        spans.append((begin, start, end))
        return count + text.count('"', start, end)

    return ForwardTally(text, 0, reader), spans


def test_reads_on_from_where_it_stopped() -> None:
    tally, spans = quotes_and_spans(TEXT)
    assert tally.value_at(0, 9) == 1
    assert tally.value_at(0, 9) == 1  # nothing new to read
    assert tally.value_at(0, 23) == 4
    assert spans == [(0, 0, 9), (0, 9, 23)]


def test_a_new_beginning_starts_afresh() -> None:
    tally, spans = quotes_and_spans(TEXT)
    assert tally.value_at(0, 23) == 4
    assert tally.value_at(24, len(TEXT)) == 2
    assert tally.value_at(0, 9) == 1  # back to the first beginning: read again from there
    assert spans == [(0, 0, 23), (24, 24, len(TEXT)), (0, 0, 9)]


def test_looking_back_gives_the_value_read_so_far() -> None:
    tally, spans = quotes_and_spans(TEXT)
    assert tally.value_at(0, 23) == 4
    assert tally.value_at(0, 5) == 4  # a scan never looks back; the tally does not re-read
    assert spans == [(0, 0, 23)]


@given(st.text(alphabet='ab" ', max_size=60), st.lists(st.integers(0, 60), max_size=12))
def test_forward_reads_equal_a_fresh_count_and_read_each_character_once(
    text: str, ends: list[int]
) -> None:
    tally, spans = quotes_and_spans(text)
    for end in sorted(min(end, len(text)) for end in ends):
        assert tally.value_at(0, end) == text.count('"', 0, end)
    read = [i for _, start, end in spans for i in range(start, end)]
    assert len(read) == len(set(read))
