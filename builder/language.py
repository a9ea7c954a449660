"""An article's language and direction, from its title and summary, when it is not the site's.

Scripts written in few languages tell the language at once (Cyrillic, Greek, Hebrew, Arabic,
CJK, Devanagari, Thai…). Latin-script text is looked up with py3langid, but only when the
text is not plainly in the site's language: most of a digest is, and py3langid costs 0.2–0.7 s
to load and about 0.2 ms a text. Plainly means that the site language's commonest short words
("the", "of", "said") are at least a tenth of the words, more than any other listed
language's. A guess below 90% confidence keeps the site's language.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from builder.writing_systems import (
    EAST_ASIAN_LETTER,
    HAN,
    HANGUL,
    HANGUL_LETTER,
    KANA,
    KANA_LETTER,
)

MIN_CONFIDENCE = 0.9
_PLAIN_SHARE = 1 / 10  # 1/6 sent 3 of the bench's 1,000 mixed English texts to the model
# The commonest short words of the languages a digest is most often written in, leaving out
# those another of them shares ("in", "de", "a"): enough to see that text is in one of them.
_FUNCTION_WORDS = {
    "en": "the of and to that for with by at it from his her said be are has have were will "
    "this which not its but after their they who been would had he she we you or more than "
    "about into over also when there",
    "fr": "le la les des du et est une un qui dans pour sur pas au aux avec ce cette il elle "
    "ont sont été ses son sa mais plus ne leur selon",
    "de": "der die das und ist nicht ein eine den dem des mit sich auf für von zu im auch es "
    "sie wird wurde hat sind bei nach aus wie noch",
    "es": "el los las del y en una es por para con su sus al lo como más pero fue ha han "
    "sobre según",
    "it": "il gli di della che è un una per con non si sono ha alla dei nel più anche ma dopo",
    "pt": "o os do da dos das em um uma para com não por mais foi ao à no na é mas também",
    "nl": "het een en van dat op te met voor zijn niet ook aan er maar bij door wordt om als",
}
_LANGUAGES_OF: dict[str, list[str]] = {}
for _language, _words in _FUNCTION_WORDS.items():
    for _word in _words.split():
        _LANGUAGES_OF.setdefault(_word, []).append(_language)
_WORD = re.compile(r"\w+")

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_HEBREW, _ARABIC, _PERSIAN = (
    re.compile(p) for p in ("[\u0590-\u05ff]", "[\u0600-\u06ff]", "[پچژگ]")
)
_CYRILLIC, _GREEK = re.compile("[\u0400-\u04ff]"), re.compile("[\u0370-\u03ff]")
_NON_LATIN = re.compile(f"[\u0370-\u06ff\u0900-\u0e7f\u10a0-\u10ff{HAN}{KANA}{HANGUL}]")
_UKRAINIAN, _BELARUSIAN, _SERBIAN = (re.compile(p) for p in ("[іїєґ]", "[ў]", "[ђћџљњ]"))
# Scripts written mostly in one language: Devanagari (Hindi; also Marathi and Nepali),
# Bengali, Tamil, Thai, Georgian, Armenian.
_ONE_LANGUAGE_SCRIPTS = tuple(
    (re.compile(pattern), language)
    for pattern, language in (
        ("[\u0900-\u097f]", "hi"),
        ("[\u0980-\u09ff]", "bn"),
        ("[\u0b80-\u0bff]", "ta"),
        ("[\u0e00-\u0e7f]", "th"),
        ("[\u10a0-\u10ff]", "ka"),
        ("[\u0530-\u058f]", "hy"),
    )
)


def detect_language(text: str, site_language: str) -> str:
    """The language of `text` (an ISO 639-1 code) when it is not `site_language`, else ""."""
    site = _base(site_language)
    found = (_by_script(text) if _NON_LATIN.search(text) else "") or _latin(text, site)
    return "" if found == site else found


def detect_direction(text: str) -> str:
    """`rtl` when most letters are Arabic, Hebrew or another right-to-left script."""
    if not _RTL.search(text):
        return ""
    rtl = ltr = 0
    for char in text[:400]:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    return "rtl" if rtl > ltr else ""


def _base(language: str) -> str:
    """The language of a tag such as "pt-BR" or "pt_BR": py3langid tells languages, not regions."""
    return re.split("[-_]", language, maxsplit=1)[0].lower()


def _latin(text: str, site: str) -> str:
    """py3langid's reading of text, unless it is plainly in the site's language; "" when
    unsure."""
    if not any(map(str.isalpha, text)) or _plainly(text, site):
        return ""
    language, confidence = _identifier().classify(text)
    return str(language) if confidence >= MIN_CONFIDENCE else ""


def _plainly(text: str, language: str) -> bool:
    """The commonest words of `language` are a tenth of the words, more than another's."""
    words = _WORD.findall(text.lower())
    hits = dict.fromkeys(_FUNCTION_WORDS, 0)
    for word in words:
        for other in _LANGUAGES_OF.get(word, ()):
            hits[other] += 1
    mine = hits.get(language, 0)
    return mine >= _PLAIN_SHARE * len(words) and mine > 0 and mine == max(hits.values())


@functools.cache
def _identifier() -> Any:
    """py3langid's model, loaded once a process (0.2–0.7 s), and only for text that needs it."""
    from py3langid.langid import (  # type: ignore[import-untyped]
        MODEL_FILE,
        LanguageIdentifier,
    )

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _by_script(text: str) -> str:
    """The language of text whose script tells it; "" when no script has most letters."""
    letters = sum(map(str.isalpha, text))

    def most(script: re.Pattern[str]) -> bool:
        return len(script.findall(text)) * 2 > letters

    lowered = text.lower()
    if most(EAST_ASIAN_LETTER):
        return "ja" if KANA_LETTER.search(text) else "ko" if HANGUL_LETTER.search(text) else "zh"
    if most(_HEBREW):
        return "he"
    if most(_ARABIC):
        return "fa" if _PERSIAN.search(text) else "ar"
    if most(_CYRILLIC):
        for language, letters_of in (("uk", _UKRAINIAN), ("be", _BELARUSIAN), ("sr", _SERBIAN)):
            if letters_of.search(lowered):
                return language
        return "ru"
    if most(_GREEK):
        return "el"
    return next((language for script, language in _ONE_LANGUAGE_SCRIPTS if most(script)), "")


@functools.cache
def language_name(code: str, in_language: str) -> str:
    """How readers of `in_language` call language `code` ("French" for "fr" on an English site,
    "Französisch" on a German one), from CLDR through Babel; the code when CLDR has no name."""
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(_base(in_language)).languages
    except (UnknownLocaleError, ValueError):
        return code
    name = names.get(_base(code))
    return name[:1].upper() + name[1:] if name else code
