"""The site's interface language: gettext catalogs from the theme chain, dates through Babel.

Catalogs are `.po` files named after the language (`locales/fr.po`) in each theme folder and in
the site's overrides folder. They are read at build time, lowest priority first (`default`,
then the themes that extend it, then the overrides), so a theme or a site can add or change a
single string. A string no catalog translates stays English, never a key. Dates, month names
and plural rules come from CLDR through Babel. `en` writes dates day first ("8 November 2024").
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations
from markupsafe import Markup

DOMAIN = "broadsheet"
_DATE_LOCALE = {"en": "en_GB"}  # CLDR's plain "en" is American: "November 8, 2024"


class LanguageError(Exception):
    """The site's language is unknown, or a catalog cannot be read (the message names it)."""


class Interface:
    """The words and dates of one language; every method is cheap after its first call."""

    def __init__(self, language: str, translations: Translations, digest: str) -> None:
        self.language = language
        self.translations = translations
        self.digest = digest  # changes whenever a catalog that feeds this language does
        self.locale = _locale(_DATE_LOCALE.get(language, language))
        self.direction: str = self.locale.text_direction  # "ltr" or "rtl"
        self.longdate = functools.lru_cache(maxsize=4096)(self._longdate)
        self.month = functools.lru_cache(maxsize=1024)(self._month)

    def gettext(self, message: str) -> str:
        return str(self.translations.ugettext(message))

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return str(self.translations.ungettext(singular, plural, count))

    def template_functions(self) -> tuple[Callable[..., Markup], Callable[..., Markup]]:
        """`gettext` and `ngettext` for templates (Jinja2's i18n extension, old style): a
        translation is trusted HTML, its `%(name)s` values are escaped, and a string without
        values is translated once a build (a page calls about twenty)."""
        done: dict[str, Markup] = {}

        def gettext(message: str, /, **values: Any) -> Markup:
            if values:
                return Markup(self.gettext(message)) % values
            found = done.get(message)
            if found is None:
                found = done[message] = Markup(self.gettext(message)) % {}
            return found

        def ngettext(singular: str, plural: str, count: int, /, **values: Any) -> Markup:
            values.setdefault("num", count)
            return Markup(self.ngettext(singular, plural, count)) % values

        return gettext, ngettext

    def _longdate(self, value: dt.date) -> str:
        """`8 November 2024`, `8 novembre 2024`, `8. November 2024`, `2024年11月8日`."""
        return str(format_date(value, "long", locale=self.locale))

    def _month(self, value: dt.date) -> str:
        """A month heading: `November 2024`, `ноябрь 2024 г.`."""
        return str(format_skeleton("yMMMM", value, locale=self.locale))

    def editions_feed(self, site: str) -> str:
        """The title of the feed of editions."""
        return self.gettext("%(site)s: editions") % {"site": site}

    def edition_title(self, key: str, start: dt.date, end: dt.date) -> str:
        if start == end:
            return self.longdate(start)
        year, week = key.split("-W")
        return self.gettext("Week %(week)s, %(year)s") % {"week": int(week), "year": year}


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise LanguageError(f"language {language!r} is not a language Babel knows") from None


def catalog_files(folders: Sequence[Path], language: str) -> list[Path]:
    """The catalogs for `language`, lowest priority first; `folders` (`locales/` folders) come
    highest first.
    `pt_BR` also reads `pt`, before its own."""
    names = [language]
    base = language.replace("-", "_").split("_")[0]
    if base != language:
        names.insert(0, base)
    return [
        path
        for folder in reversed(folders)
        for name in names
        if (path := folder / f"{name}.po").is_file()
    ]


def load(folders: Sequence[Path], language: str) -> Interface:
    """The interface for `language` from the catalogs in `folders` (highest priority first)."""
    locale = _locale(language)
    merged = Catalog(locale=locale, domain=DOMAIN)
    digest = hashlib.blake2b(language.encode(), digest_size=16)
    for path in catalog_files(folders, language):
        data = path.read_bytes()
        digest.update(data)
        try:
            catalog = read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
        except PoFileError as error:
            what = str(error).rpartition(" on ")[0] or str(error)  # Babel counts lines from 0
            raise LanguageError(f"{path}, line {error.lineno + 1}: {what}") from None
        except UnicodeDecodeError:
            raise LanguageError(f"{path}: not UTF-8 text") from None
        for message in catalog:
            if message.id and _translated(message.string):
                if errors := message.check(catalog):
                    raise LanguageError(f"{path}, line {message.lineno}: {errors[0]}")
                if message.id in merged:
                    del merged[message.id]  # a Catalog would keep the old translation
                merged[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return Interface(language, Translations(buffer, domain=DOMAIN), digest.hexdigest())


def _translated(string: str | Sequence[str] | None) -> bool:
    return all(string) if isinstance(string, tuple | list) else bool(string)


@functools.cache
def english() -> Interface:
    """The interface with no catalogs: Broadsheet's own English."""
    return load((), "en")
