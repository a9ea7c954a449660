"""`site.toml`, read into a typed, frozen `Config`; unknown keys and wrong types are errors."""

from __future__ import annotations

import dataclasses
import tomllib
import zoneinfo
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

SAMPLE_BASE_URL = "https://example.github.io/broadsheet/"


class ConfigError(Exception):
    """A config value is wrong; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Config:
    title: str = "Broadsheet"
    description: str = "A curated news digest"
    base_url: str = "http://localhost:8000/"
    language: str = "en"
    author: str = ""
    timezone: str = "UTC"
    per_page: int = 20
    feed_size: int = 50
    theme: str = "default"
    editions: str = "daily"
    home_editions: int = 2
    summary_length: int = 280
    cname: str = ""
    search: bool = True
    search_engine: str = "broadsheet"  # or "pagefind" (pip install 'broadsheet[search]')
    websub_hub: str = ""  # a WebSub hub announced in the RSS and Atom feeds
    # Not from site.toml: where things are, and how this build runs.
    root: Path = Path()
    content_dir: Path = Path("content")
    output_dir: Path = Path("public")
    themes_dir: Path = Path("themes")
    overrides_dir: Path = Path("overrides")
    cache_dir: Path = Path(".cache/broadsheet")
    drafts: bool = False
    future: bool = False  # publish stories dated after now too (`--future`, `serve`)
    base_url_given: bool = False

    @property
    def pagefind(self) -> bool:
        """Search is on and Pagefind makes it (else Broadsheet's own index, always current)."""
        return self.search and self.search_engine == "pagefind"


_PATH_KEYS = ("root", "content_dir", "output_dir", "themes_dir", "overrides_dir", "cache_dir")
_FILE_KEYS = {
    f.name: f.type
    for f in fields(Config)
    if f.name not in {*_PATH_KEYS, "drafts", "future", "base_url_given"}
}
_TYPES: dict[str, type] = {"str": str, "int": int, "bool": bool}
_NAMES = {str: "a string", int: "an integer", bool: "true or false", float: "a number"}


def load(path: Path | None, **overrides: Any) -> Config:
    """Read `path` (if it exists) and apply command-line overrides (None means unset)."""
    values: dict[str, Any] = {}
    where = "defaults"
    if path is not None:
        where = str(path)
        try:
            with path.open("rb") as handle:
                values = tomllib.load(handle)
        except FileNotFoundError:
            raise ConfigError(f"{where}: config file not found") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{where}: not valid TOML: {error}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{where}: not UTF-8 text") from None
    for key, value in values.items():
        if key not in _FILE_KEYS:
            known = ", ".join(sorted(_FILE_KEYS))
            raise ConfigError(f"{where}: unknown key {key!r} (known keys: {known})")
        wanted = _TYPES[str(_FILE_KEYS[key])]
        if type(value) is not wanted:
            given = _NAMES.get(type(value), type(value).__name__)
            raise ConfigError(f"{where}: key {key!r} must be {_NAMES[wanted]}, not {given}")
    root = path.parent.resolve() if path is not None else Path.cwd()
    values["base_url_given"] = "base_url" in values or overrides.get("base_url") is not None
    values.update({key: value for key, value in overrides.items() if value is not None})
    defaults = Config()
    values["root"] = root
    for key in _PATH_KEYS[1:]:
        values[key] = (root / Path(values.get(key) or getattr(defaults, key))).resolve()
    config = Config(**values)
    return _validated(config, where)


def _validated(config: Config, where: str) -> Config:
    url = urlsplit(config.base_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise ConfigError(f"{where}: key 'base_url' must be an absolute http(s) URL")
    if "?" in config.base_url or "#" in config.base_url:
        # "https://x.org/news?a#b" + "/" would give links like "/newsarticles/..."
        raise ConfigError(f"{where}: key 'base_url' must not have a query or a fragment")
    if not config.base_url.endswith("/"):
        config = dataclasses.replace(config, base_url=config.base_url + "/")
    try:
        zoneinfo.ZoneInfo(config.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{where}: key 'timezone': unknown timezone {config.timezone!r}"
        ) from None
    if config.search_engine not in ("broadsheet", "pagefind"):
        raise ConfigError(f'{where}: key \'search_engine\' must be "broadsheet" or "pagefind"')
    if config.editions not in ("daily", "weekly"):
        raise ConfigError(f'{where}: key \'editions\' must be "daily" or "weekly"')
    for key in ("per_page", "feed_size", "home_editions", "summary_length"):
        if getattr(config, key) < 1:
            raise ConfigError(f"{where}: key {key!r} must be at least 1")
    if not config.theme or set(config.theme) & set("/\\") or config.theme.startswith("."):
        raise ConfigError(f"{where}: key 'theme' must be a plain folder name under themes/")
    hub = urlsplit(config.websub_hub)
    if config.websub_hub and (hub.scheme not in ("http", "https") or not hub.netloc):
        raise ConfigError(f"{where}: key 'websub_hub' must be an absolute http(s) URL")
    if "/" in config.cname or " " in config.cname:
        raise ConfigError(f"{where}: key 'cname' must be a bare domain name like news.example.org")
    return config
