"""`broadsheet new`: a new site folder from the template shipped in `builder/site_template/`.

The template's file names map to the site's: a `dot-` prefix becomes `.` (package data keeps
no hidden files), and `.in` files are filled in with `string.Template` (`$title`, `$base_url`,
`$version`), as TOML strings in `.toml.in` files and as plain text elsewhere.
"""

from __future__ import annotations

import json
import string
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import __version__

TEMPLATE = Path(__file__).resolve().parent / "site_template"
DEFAULT_TITLE = "My Broadsheet"
DEFAULT_BASE_URL = "http://localhost:8000/"


class ScaffoldError(Exception):
    """The folder or an option is unusable; the message says which and why."""


@dataclass(frozen=True, slots=True)
class NewSite:
    folder: Path
    title: str = DEFAULT_TITLE
    base_url: str = DEFAULT_BASE_URL


def check_base_url(url: str) -> str:
    """The URL with one trailing slash, or a `ScaffoldError` saying what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ScaffoldError(f"base URL {url!r} must be an absolute http(s) URL")
    if parts.query or parts.fragment or "?" in url or "#" in url:
        raise ScaffoldError(f"base URL {url!r} must not have a query or a fragment")
    return url.rstrip("/") + "/"


def create(site: NewSite, *, force: bool = False) -> list[Path]:
    """Write the new site; returns the files written, relative to its folder.

    Refuses a folder that holds anything unless `force`, and even then never overwrites a file.
    """
    folder = site.folder
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder}: exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ScaffoldError(f"{folder}: folder is not empty (use --force to add the site anyway)")
    if not site.title.strip() or any(unicodedata.category(c) == "Cc" for c in site.title):
        raise ScaffoldError("the title must be one line of text, not empty")
    values = {"title": site.title, "base_url": check_base_url(site.base_url)}
    values["version"] = __version__
    files = {_target(path): path for path in sorted(TEMPLATE.rglob("*")) if path.is_file()}
    existing = sorted(str(rel) for rel in files if (folder / rel).exists())
    if existing:
        raise ScaffoldError(f"{folder}: would overwrite {', '.join(existing)}")
    for rel, source in files.items():
        destination = folder / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        if source.suffix == ".in":
            quoted = {k: _toml_string(v) for k, v in values.items()}
            text = string.Template(text).substitute(quoted if rel.suffix == ".toml" else values)
        destination.write_text(text, encoding="utf-8")
    return sorted(files)


def _target(path: Path) -> Path:
    """The site's path for a template file: `dot-github/x.yml.in` → `.github/x.yml`."""
    parts = [
        "." + part[len("dot-") :] if part.startswith("dot-") else part
        for part in path.relative_to(TEMPLATE).parts
    ]
    rel = Path(*parts)
    return rel.with_suffix("") if rel.suffix == ".in" else rel


def _toml_string(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, for every character JSON escapes."""
    return json.dumps(value, ensure_ascii=False)
