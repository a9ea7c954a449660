"""Interface translation: gettext through Jinja2's i18n extension, dates through Babel."""

from __future__ import annotations

from pathlib import Path

from builder.templates import environment
from builder.themes import resolve


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
