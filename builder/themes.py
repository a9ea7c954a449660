"""Theme chains: the site's overrides, then the theme, then the themes it extends, then default.

A theme is a folder with `templates/`, `static/`, `locales/` (interface catalogs, see `i18n`)
and an optional `theme.toml` naming its parent (`extends = "default"`). The Jinja2 side of the
chain is in `templates`.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT = "default"
_HERE = Path(__file__).resolve().parent
# Broadsheet's own themes: inside the installed package, else at the top of a checkout.
BUILTIN = next(
    (d for d in (_HERE / "themes_builtin", _HERE.parent / "themes") if d.is_dir()),
    _HERE / "themes_builtin",
)


class ThemeError(Exception):
    """A theme is missing, loops, or has a bad `theme.toml`."""


@dataclass(frozen=True, slots=True)
class ThemeChain:
    names: tuple[str, ...]  # the theme first, `default` last
    theme_dirs: tuple[Path, ...]  # the folder of each named theme
    template_dirs: tuple[Path, ...]  # highest priority first, overrides included
    static_dirs: tuple[Path, ...]
    locale_dirs: tuple[Path, ...] = ()  # interface catalogs (`locales/fr.po`), same order

    def fingerprint(self) -> str:
        """Changes whenever any template or static file in the chain does."""
        digest = hashlib.blake2b(digest_size=16)
        for folder in (*self.template_dirs, *self.static_dirs, *self.locale_dirs):
            for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
                if path.is_file():
                    stat = path.stat()
                    digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        return digest.hexdigest()


def resolve(themes_dir: Path, name: str, overrides_dir: Path | None = None) -> ThemeChain:
    names: list[str] = []
    folders: list[Path] = []
    current: str | None = name
    while current is not None:
        if current in names:
            raise ThemeError(f"themes extend each other in a loop: {' → '.join(names)}")
        folder = next((d / current for d in (themes_dir, BUILTIN) if (d / current).is_dir()), None)
        if folder is None:
            builtin = ", ".join(sorted(d.name for d in BUILTIN.glob("*/")))
            raise ThemeError(
                f"theme {current!r} not found in {themes_dir} or the built-in themes ({builtin})"
            )
        names.append(current)
        folders.append(folder)
        current = _parent(folder) or (DEFAULT if current != DEFAULT else None)
    own = [overrides_dir] if overrides_dir is not None and overrides_dir.is_dir() else []
    folders = [*own, *folders]
    return ThemeChain(
        names=tuple(names),
        theme_dirs=tuple(folders[len(own) :]),
        template_dirs=tuple(f / "templates" for f in folders if (f / "templates").is_dir()),
        static_dirs=tuple(f / "static" for f in folders if (f / "static").is_dir()),
        locale_dirs=tuple(f / "locales" for f in folders if (f / "locales").is_dir()),
    )


def _parent(folder: Path) -> str | None:
    meta = folder / "theme.toml"
    if not meta.is_file():
        return None
    try:
        data = tomllib.loads(meta.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ThemeError(f"{meta}: {error}") from None
    unknown = set(data) - {"name", "extends", "description"}
    if unknown:
        raise ThemeError(f"{meta}: unknown key {sorted(unknown)[0]!r}")
    parent = data.get("extends")
    if parent is not None and (
        not isinstance(parent, str) or not parent or set(parent) & set("/\\") or parent[0] == "."
    ):
        raise ThemeError(f"{meta}: 'extends' must be a theme name (a folder under themes/)")
    return parent


def static_files(chain: ThemeChain) -> dict[str, Path]:
    """Output name → source file; a file in a higher-priority folder hides the same name below."""
    files: dict[str, Path] = {}
    for folder in reversed(chain.static_dirs):
        for path in folder.rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                files[path.relative_to(folder).as_posix()] = path
    return dict(sorted(files.items()))
