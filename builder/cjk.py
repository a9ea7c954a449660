"""Paragraph breaks in CJK text, which has no spaces between sentences at all, so a lost
break looks exactly like an ordinary sentence end.

The trade-off taken here: every `。` `！` `？` (and `!` `?` after a CJK character), with its
closing quotes or brackets, followed directly by a CJK character, an opening bracket, a Latin
capital or a digit, is a paragraph break. CJK news is laid out in short paragraphs, so one
sentence per paragraph reads far better than one wall of text; it does split sentences that
belonged together. A quote is not split from a particle (`「……。」と述べた`) or from a short
attribution ending in a verb of saying (`“……。”他说。`).
"""

from __future__ import annotations

from builder import lexicon
from builder.writing_systems import HIRAGANA_LETTER, in_unspaced_text

CJK_MARKS = frozenset("。！？｡")
_QUOTE_ENDS = frozenset("”」』")
_MAX_ATTRIBUTION = 16  # the longest CJK attribution after a quote ("他说", "市长在仪式上表示")


def cjk_end(mark: str, before: str) -> bool:
    """Whether the run of marks `mark`, after the character `before`, is a CJK sentence end:
    it holds a CJK mark, or it is `!` or `?` after a CJK character."""
    return not CJK_MARKS.isdisjoint(mark) or (mark[0] in "!?" and in_unspaced_text(before))


def cjk_starts(text: str, end: int, cut: int, position: int) -> bool:
    """Whether a new paragraph starts at `position` after the CJK sentence end that stops at
    `end` and the closing quotes up to `cut`: a CJK character, an opening bracket, a capital
    or a digit does, except a particle after a quote (」と) or the short attribution of a
    quote (“……。”他说。)."""
    if position > cut:
        return True
    first = text[position]
    if in_unspaced_text(first):
        if cut == end or _QUOTE_ENDS.isdisjoint(text[end:cut]):
            return True  # no quote closed here
        return not (HIRAGANA_LETTER.match(first) or _attribution_at(text, position))
    return first.isupper() or first.isdigit()


def _attribution_at(text: str, position: int) -> bool:
    """A short CJK clause ending in a verb of saying at the next sentence end (or the end of
    the text): the attribution of the quote before it, "他说。", "现场观众欢呼道。"."""
    end, limit = position, min(len(text), position + _MAX_ATTRIBUTION)
    while end < limit and text[end] not in CJK_MARKS and text[end] not in "，,":
        end += 1
    if end < len(text) and text[end] not in CJK_MARKS:
        return False
    return text[position:end].endswith(lexicon.SPEECH_VERBS)
