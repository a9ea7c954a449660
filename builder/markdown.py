"""Markdown in and out: render pages safely, and escape untrusted text so it stays text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from builder.writing_systems import UNSPACED_LETTER

_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _validate_link(url: str) -> bool:
    """Only http(s), mailto and relative links; never javascript:, data:, file: ..."""
    cleaned = re.sub(r"[\x00-\x20]", "", url).lower()
    return not _SCHEME.match(cleaned) or cleaned.startswith(_SAFE_SCHEMES)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


_MD = _parser()
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    first_paragraph: str  # plain text
    words: int


def render(text: str) -> Rendered:
    tokens = _MD.parse(text)
    first = ""
    words = 0
    for index, token in enumerate(tokens):
        if token.type != "inline":
            continue
        plain = _plain(token)
        words += count_words(plain)
        if not first and index > 0 and tokens[index - 1].type == "paragraph_open":
            first = plain
    html = _MD.renderer.render(tokens, _MD.options, {})
    return Rendered(html, first, words)


def render_paragraphs(paragraphs: list[str]) -> Rendered:
    """What `render` gives for `escape`d plain paragraphs, without parsing them: imported text
    is known to be plain, and this is the build's hot path (tests hold the two equal)."""
    html = "".join(f"<p>{escapeHtml(p)}</p>\n" for p in paragraphs)
    return Rendered(html, paragraphs[0] if paragraphs else "", sum(map(count_words, paragraphs)))


def render_html(text: str) -> str:
    return _MD.render(text) if text.strip() else ""


def count_words(text: str) -> int:
    """Words for reading time; Chinese and Japanese, written with no spaces between words,
    count two characters as a word (Korean has spaces, and counts its words)."""
    if text.isascii():
        return len(text.split())
    unspaced = len(UNSPACED_LETTER.findall(text))
    spaced = UNSPACED_LETTER.sub(" ", text) if unspaced else text
    return len(_WORD.findall(spaced)) + unspaced // 2


def _plain(token: Token) -> str:
    parts = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


# --- escaping ------------------------------------------------------------------------------------
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])|(&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z0-9]+);)")
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d{1,9}(?=[.)]))")


def escape(text: str) -> str:
    """Backslash-escape one paragraph of plain text so Markdown shows it exactly as written."""
    escaped = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), text.strip())
    match = _BLOCK_START.match(escaped)
    if match:
        head = match.group(2)
        if head[0].isdigit():  # "2024. A year" would start an ordered list
            cut = match.end()
            return escaped[:cut] + "\\" + escaped[cut:]
        return "\\" + escaped
    return escaped
