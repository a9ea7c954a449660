"""Interface translation: gettext through Jinja2's i18n extension, dates through Babel."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from builder.i18n import LanguageError, english, load
from builder.templates import environment
from builder.themes import resolve
from tests.conftest import ROOT


def test_every_template_can_mark_text_for_translation(tmp_path: Path) -> None:
    folder = tmp_path / "themes" / "t" / "templates"
    folder.mkdir(parents=True)
    (folder / "page").write_text(
        '{{ _("Latest") }}|{% trans %}Editions{% endtrans %}|'
        '{{ ngettext("%(num)d story", "%(num)d stories", n) }}'
    )
    env = environment(resolve(tmp_path / "themes", "t"))
    assert env.get_template("page").render(n=1) == "Latest|Editions|1 story"
    assert env.get_template("page").render(n=2) == "Latest|Editions|2 stories"


def _po(folder: Path, language: str, *pairs: tuple[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    body = "".join(f'msgid "{a}"\nmsgstr "{b}"\n\n' for a, b in pairs)
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (folder / f"{language}.po").write_text(header + body, encoding="utf-8")


def test_catalogs_layer_a_theme_over_default_and_a_missing_string_stays_english(
    tmp_path: Path,
) -> None:
    low, high = tmp_path / "default", tmp_path / "theme"
    _po(low, "fr", ("Latest", "À la une"), ("Editions", "Éditions"), ("Tags", ""))
    _po(high, "fr", ("Editions", "Numéros"))
    words = load([high, low], "fr")
    got = [words.gettext(s) for s in ("Latest", "Editions", "Tags", "Sources")]
    assert got == ["À la une", "Numéros", "Tags", "Sources"]


def test_dates_follow_the_language_and_english_writes_the_day_first() -> None:
    day = dt.date(2024, 11, 8)
    assert english().longdate(day) == "8 November 2024"
    assert load([], "fr").longdate(day) == "8 novembre 2024"
    assert load([], "de").longdate(day) == "8. November 2024"
    assert load([], "ru").longdate(day) == "8 ноября 2024\u202fг."  # CLDR: a narrow space
    assert load([], "ru").month(day) == "ноябрь 2024\u202fг."


def test_right_to_left_languages_say_so() -> None:
    assert [load([], lang).direction for lang in ("ar", "he", "fa", "ur", "fr")] == [
        *("rtl", "rtl", "rtl", "rtl"),
        "ltr",
    ]


def test_an_unknown_language_or_a_broken_catalog_is_named(tmp_path: Path) -> None:
    with pytest.raises(LanguageError, match="'xx-nowhere'"):
        load([], "xx-nowhere")
    (tmp_path / "fr.po").write_text('msgid "Latest"\nmsgstring "À la une"\n', encoding="utf-8")
    with pytest.raises(LanguageError, match=r"fr\.po, line 2: Unknown or misformatted keyword$"):
        load([tmp_path], "fr")
    _po(tmp_path, "de", ("%(num)s story", "%(count)s Artikel"))
    with pytest.raises(LanguageError, match=r"de\.po, line 4: .*placeholder"):
        load([tmp_path], "de")


def test_every_shipped_catalog_translates_every_interface_string() -> None:
    """New template text needs its translations: `python scripts/catalogs.py update` adds the
    string to every catalog, then fill in each `msgstr`."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "catalogs.py"), "check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_templates_escape_the_values_but_trust_the_translation(tmp_path: Path) -> None:
    _po(
        tmp_path, "fr", ("Read at %(source)s", "Lire sur <b>%(source)s</b>"), ("Latest", "À la une")
    )
    gettext, ngettext = load([tmp_path], "fr").template_functions()
    assert gettext("Read at %(source)s", source="<i>") == "Lire sur <b>&lt;i&gt;</b>"
    assert gettext("Latest") == "À la une" and gettext("Latest") is gettext("Latest")
    assert ngettext("%(num)s story", "%(num)s stories", 2) == "2 stories"  # English fallback
