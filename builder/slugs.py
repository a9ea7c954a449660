"""Readable, stable ASCII slugs: transliterated Cyrillic and accented Latin, hashes otherwise."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Sequence

_CYRILLIC = dict(
    zip(
        "абвгдезийклмнопрстуфыэіїєґўђјљњћџ",
        "a b v g d e z i y k l m n o p r s t u f y e i yi ye g u dj j lj nj c dz".split(),
        strict=True,
    )
)
_CYRILLIC |= {"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"}
_CYRILLIC |= {"ю": "yu", "я": "ya", "ъ": "", "ь": ""}
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        "a v g d e z i th i k l m n x o p r s s t y f ch ps o".split(),
        strict=True,
    )
)
_LATIN = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "þ": "th", "ð": "d"}
_LATIN |= {"ı": "i", "ŀ": "l", "ħ": "h", "ŋ": "ng", "ĸ": "k"}
_TABLE = {**_CYRILLIC, **_GREEK, **_LATIN}
_APOSTROPHES = re.compile(r"(?<=\w)['’ʼ`](?=\w)")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def transliterate(text: str) -> tuple[str, int, int]:
    """ASCII text, and how many letters were and were not transliterable."""
    out: list[str] = []
    done = missed = 0
    for char in unicodedata.normalize("NFKD", text.lower()):
        if char.isascii():
            out.append(char)
            done += char.isalpha()
        elif unicodedata.combining(char):
            continue
        elif char in _TABLE:
            out.append(_TABLE[char])
            done += 1
        elif char.isalpha() or unicodedata.category(char) in ("Lo", "Nd"):
            out.append(" ")
            missed += 1
        else:
            out.append(" ")
    return "".join(out), done, missed


@functools.lru_cache(maxsize=65536)
def slugify(title: str, max_length: int = 80) -> str:
    text = _APOSTROPHES.sub("", title)
    ascii_text, done, missed = transliterate(text)
    slug = _NON_ALNUM.sub("-", ascii_text).strip("-")
    if not slug or done < missed:
        return "a-" + hashlib.sha1(unicodedata.normalize("NFC", title).encode()).hexdigest()[:8]
    if len(slug) > max_length:
        cut = slug[: max_length + 1].rsplit("-", 1)[0] if "-" in slug[:max_length] else ""
        slug = (cut or slug[:max_length]).strip("-")
    return slug


def validate_slug(slug: str) -> str | None:
    """An error message for a user-given slug, or None when it is fine."""
    if SLUG.match(slug) and len(slug) <= 200:
        return None
    return f"{slug!r} is not a valid slug: use lowercase a-z, 0-9 and single hyphens"


def unique_slugs(items: Sequence[tuple[str, str]]) -> dict[str, str]:
    """key → a slug no other key has; collisions get -2, -3 … in sorted key order."""
    wanted: dict[str, list[str]] = {}
    for key, slug in sorted(items):
        wanted.setdefault(slug, []).append(key)
    taken = set(wanted)
    result: dict[str, str] = {}
    for slug in sorted(wanted):
        first, *others = wanted[slug]
        result[first] = slug
        number = 2
        for key in others:
            while f"{slug}-{number}" in taken:
                number += 1
            result[key] = f"{slug}-{number}"
            taken.add(result[key])
    return result
