"""Readable, stable ASCII slugs: transliterated Cyrillic, Greek and accented Latin; a short hash
of the title when most of it cannot be transliterated (CJK, Arabic, Hebrew, Thai …)."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_USER_SLUG = 200  # a front-matter slug may be longer than a generated one, not unlimited

_CYRILLIC = {
    # Russian
    **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziyklmnoprstufye", strict=True)),
    **{"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
    **{"ю": "yu", "я": "ya", "ъ": "", "ь": ""},
    # Ukrainian, Belarusian
    **{"є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "u"},
    # Serbian, Macedonian
    **{"ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz"},
    **{"ѓ": "gj", "ќ": "kj", "ѕ": "dz"},
}
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        "a v g d e z i th i k l m n x o p r s s t y f ch ps o".split(),
        strict=True,
    )
)
# Latin letters that NFKD does not split into a base letter and a mark.
_LATIN = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "þ": "th", "ð": "d"}
_LATIN |= {"ı": "i", "ŀ": "l", "ħ": "h", "ŋ": "ng", "ĸ": "k", "ŧ": "t", "ƒ": "f"}
_TABLE = {**_CYRILLIC, **_GREEK, **_LATIN}
# Ukrainian and Belarusian spell г as h and Ukrainian и as y (Kyiv, Kharkiv, Homel); a title
# with one of their own letters (і ї є ґ ў) is read that way.
_UKRAINIAN_BELARUSIAN = frozenset("іїєґўІЇЄҐЎ")
_UKRAINIAN_TABLE = {**_TABLE, "г": "h", "и": "y"}
_IOTATED = frozenset(("ye", "yi", "yu", "ya"))  # after a "y", their own "y" is dropped
_APOSTROPHE = "['’‘ʼ`´]"
# English contractions and possessives lose the apostrophe (Trump's → trumps, don't → dont),
# as do digit groups (1'000); an elision after a Latin letter separates words (l’Italie →
# l-italie, dell'Europa); in other scripts it is part of the word (Ukrainian м'ясо → myaso).
_CONTRACTION = re.compile(
    rf"(?<=\w){_APOSTROPHE}(?=(?:s|t|re|ve|ll|d|m)\b)|(?<=\d){_APOSTROPHE}(?=\d)", re.IGNORECASE
)
_ELISION = re.compile(rf"(?<=[0-9A-Za-z\u00c0-\u024f]){_APOSTROPHE}(?=\w)")
_APOSTROPHES = re.compile(rf"(?<=\w){_APOSTROPHE}(?=\w)")
# HTML tags that scrapers leave in titles (<em>, <br/>); `<the>` is not one, and stays words
_TAG = re.compile(
    r"</?(?:a|abbr|b|br|cite|code|del|div|em|font|h[1-6]|i|img|ins|mark|p|q|s|script|small"
    r"|span|strong|style|sub|sup|time|u|wbr)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def transliterate(text: str) -> tuple[str, int, int]:
    """Lowercase ASCII text, and how many letters were and were not transliterable.

    Untransliterable letters become spaces. Table letters are looked up before NFKD so that
    й, ї and ѓ keep their own spelling instead of losing their mark. Ukrainian/Belarusian
    titles (detected by і ї є ґ ў) spell г as h and и as y."""
    if text.isascii():  # no ASCII letter is in the tables, and NFKD leaves ASCII alone
        return text.lower(), sum(map(str.isalpha, text)), 0
    out: list[str] = []
    done = missed = 0
    text = unicodedata.normalize("NFC", text)
    table = _UKRAINIAN_TABLE if _UKRAINIAN_BELARUSIAN.intersection(text) else _TABLE
    for char in text.lower():
        if char in table:
            latin = table[char]
            if latin in _IOTATED and out and out[-1].endswith("y"):
                latin = latin[1:]  # Київ → kyiv, not kyyiv
            out.append(latin)
            done += 1
            continue
        parts: list[str] = []
        ok = True
        for part in unicodedata.normalize("NFKD", char):
            if part.isascii():
                parts.append(part)
            elif unicodedata.combining(part):
                continue
            elif part in _TABLE:
                parts.append(_TABLE[part])
            elif unicodedata.category(part) == "Nd":
                parts.append(str(unicodedata.decimal(part, 0)))
            else:
                parts.append(" ")
                ok = ok and not part.isalpha()
        if char.isalpha():
            done += ok
            missed += not ok
        out.append("".join(parts))
    return "".join(out).lower(), done, missed


@functools.lru_cache(maxsize=65536)
def slugify(title: str, max_length: int = 80) -> str:
    """A slug matching `SLUG`, at most `max_length` characters, cut at a hyphen when it can be.

    "a-" and 8 hex digits of the title's SHA-1 when less than half of its letters transliterate
    or nothing is left (all punctuation)."""
    if max_length < 1:
        raise ValueError(f"max_length must be at least 1, not {max_length}")
    title_words = _TAG.sub(" ", title) if "<" in title else title
    title_words = _APOSTROPHES.sub("", _ELISION.sub(" ", _CONTRACTION.sub("", title_words)))
    ascii_text, done, missed = transliterate(title_words)
    slug = _NON_ALNUM.sub("-", ascii_text).strip("-")
    if not slug or done < missed:
        nfc = unicodedata.normalize("NFC", title).encode("utf-8", "surrogatepass")
        digest = hashlib.sha1(nfc).hexdigest()
        return _short_hash(digest, min(max_length, 10))
    if len(slug) <= max_length:
        return slug
    head = slug[: max_length + 1].rsplit("-", 1)[0]
    if len(head) <= max_length and head:
        return head  # whole words only
    return slug[:max_length].rstrip("-")  # a single word longer than max_length


# In a tag or source name, "+" and "#" ending a word say something (C++, C#, F#, Google+):
# spelled out, such names keep URLs of their own; "#MeToo" and "a+b" are left to `slugify`.
_PLUS_SHARP = re.compile(r"(?<=[\w+])\+(?!\w)|(?<=\w)#(?!\w)")


def name_slug(name: str) -> str:
    """The URL segment of a tag or source name: `slugify`, with C++ → c-plus-plus, C# → c-sharp."""
    if "+" in name or "#" in name:
        name = _PLUS_SHARP.sub(lambda m: " plus " if m.group() == "+" else " sharp ", name)
    return slugify(name)


def _short_hash(digest: str, max_length: int) -> str:
    """ "a-" and hex digits, or only hex digits when there is no room for the prefix."""
    return "a-" + digest[: max_length - 2] if max_length >= 3 else digest[:max_length]


def validate_slug(slug: str) -> str | None:
    """An error message for a user-given slug (front matter), or None when it is fine."""
    if SLUG.fullmatch(slug) and len(slug) <= MAX_USER_SLUG:
        return None
    if not slug:
        return "empty slug"
    shown = json.dumps(slug if len(slug) <= 60 else slug[:59] + "…", ensure_ascii=False)
    if "/" in slug or "\\" in slug:
        reason = "it must not contain slashes"
    elif "." in slug:
        reason = "it must not contain dots"
    elif any(char.isspace() for char in slug):
        reason = "it must not contain spaces"
    elif slug != slug.lower():
        reason = "it must be lowercase"
    elif len(slug) > MAX_USER_SLUG:
        reason = f"it is longer than {MAX_USER_SLUG} characters"
    elif re.fullmatch(r"[a-z0-9-]+", slug):
        reason = "it must not start or end with a hyphen or have two in a row"
    else:
        reason = "only a-z, 0-9 and hyphens are allowed"
    return (
        f'invalid slug {shown}: {reason}; use a-z, 0-9 and single hyphens, like "harbour-reopens"'
    )


def unique_slugs(items: Sequence[tuple[str, str]]) -> dict[str, str]:
    """key → a slug no other key has. Keys wanting the same slug are sorted: the first keeps
    it, the others get -2, -3 … skipping any slug some key wants or was given. The result
    does not depend on the order of `items`. Raises ValueError on a repeated key."""
    wanted: dict[str, list[str]] = {}
    seen: set[str] = set()
    for key, slug in sorted(items):
        if key in seen:
            raise ValueError(f"unique_slugs: the key {key!r} is given twice")
        seen.add(key)
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
