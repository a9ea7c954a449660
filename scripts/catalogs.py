"""Interface catalogs: find the strings the default theme and `builder` translate, and keep
`themes/default/locales/<language>.po` in step with them.

    python scripts/catalogs.py update         # add new strings to every catalog, drop old ones
    python scripts/catalogs.py update xx      # the same, starting a catalog for `xx` if needed
    python scripts/catalogs.py check          # exit 1 naming each catalog that misses a string
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "themes" / "default" / "locales"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
JINJA = {"extensions": "jinja2.ext.i18n,builder.templates._Memo"}
TEMPLATES = [(f"**.{ext}", "jinja2") for ext in ("html", "xml", "txt")]


def messages() -> Iterator[tuple[str | tuple[str, str], str, int]]:
    """(message, file, line) for every translatable string, in file order."""
    sources = ((ROOT / "themes" / "default" / "templates", TEMPLATES), (ROOT / "builder", []))
    for folder, methods in sources:
        mapping = methods or [("**.py", "python")]
        options = {pattern: JINJA for pattern, _ in methods}
        for name, line, message, _comments, _context in extract_from_dir(
            str(folder), mapping, options, keywords=KEYWORDS
        ):
            yield message, str((folder / name).relative_to(ROOT)), line


def template() -> Catalog:
    catalog = Catalog(domain="broadsheet", project="Broadsheet", charset="utf-8")
    for message, path, line in messages():
        catalog.add(message, locations=[(path, line)])
    return catalog


def update(languages: list[str]) -> None:
    source = template()
    for language in sorted({*languages, *(p.stem for p in LOCALES.glob("*.po"))}):
        path = LOCALES / f"{language}.po"
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=language)
        else:
            catalog = Catalog(locale=language, domain="broadsheet", project="Broadsheet")
        created = catalog.creation_date
        catalog.update(source, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.creation_date = catalog.revision_date = created  # no churn from the clock
        catalog.fuzzy = False
        catalog.version = "0.1"
        catalog.copyright_holder = catalog.last_translator = "Broadsheet contributors"
        catalog.language_team = f"{language} (edit this file and send the change)"
        LOCALES.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, omit_header=False, sort_output=True)
        print(f"{path.relative_to(ROOT)}: {len(catalog) - 1} strings")


def missing() -> dict[str, list[str]]:
    """Catalog name → the strings it leaves untranslated (as English)."""
    wanted = {m if isinstance(m, str) else m[0] for m, _, _ in messages()}
    gaps = {}
    for path in sorted(LOCALES.glob("*.po")):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=path.stem)
        done = {
            m.id if isinstance(m.id, str) else m.id[0]
            for m in catalog
            if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
        }
        if gaps_here := sorted(wanted - done):
            gaps[path.name] = gaps_here
    return gaps


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        update(argv[1:])
        return 0
    if argv[:1] == ["check"]:
        gaps = missing()
        for name, strings in gaps.items():
            print(f"{LOCALES.relative_to(ROOT)}/{name}: untranslated: {strings[0]!r}", end="")
            print(f" and {len(strings) - 1} more" if len(strings) > 1 else "")
        return 1 if gaps else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
