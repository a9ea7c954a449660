"""`builder.plaintext`: HTML fragments read as plain text in the plain-text newsletter."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.plaintext import plaintext


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("<p>Why it <em>matters</em>.</p>", "Why it matters."),
        ("<p>Line<br>break</p>", "Line\nbreak"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n\n- b"),
        ('<p>See <a href="https://x.org/a">this</a>.</p>', "See this <https://x.org/a>."),
        ('<p><a href="/local">here</a></p>', "here"),
        ("<p>AT&amp;T &lt;b&gt; &#8217;</p>", "AT&T <b> ’"),
        ("<p>  spaced \n  out  </p>", "spaced\nout"),
        ("<script>alert(1)</script><p>kept</p>", "kept"),
        ("", ""),
    ],
)
def test_html_reads_as_plain_text(html: str, text: str) -> None:
    assert plaintext(html) == text


@given(st.text())
def test_any_text_gives_text_without_tags_or_blank_runs(value: str) -> None:
    result = plaintext(value)
    assert "\n\n\n" not in result
    assert result == result.strip()
