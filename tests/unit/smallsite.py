"""Small sites in a test's folder: a `site.toml` and a few curated `.md` stories."""

from __future__ import annotations

from pathlib import Path

from builder import config as config_mod
from tests.conftest import write_tree

SITE_TOML = """\
title = "Small Digest"
base_url = "https://user.github.io/small/"
editions = "daily"
per_page = 2
search = false
"""


def story(title: str, day: str, **extra: object) -> str:
    """A curated page; `extra` adds front matter (`hidden=True`, `tags="[a, b]"`…)."""
    lines = [f"title: {title}", f"date: {day}", f"source_url: https://example.com/{day}/{title}"]
    lines += [f"{key}: {str(value).lower() if isinstance(value, bool) else value}"
              for key, value in extra.items()]  # fmt: skip
    body = f"The story of {title}, told in one short paragraph for the test."
    return "---\n" + "\n".join(lines) + f"\n---\n\n{body}\n"


def make_site(folder: Path, stories: dict[str, str], toml: str = "") -> Path:
    """Write `site.toml` (with `toml` appended) and `content/NAME` for each story; the config
    file's path."""
    write_tree(folder / "content", stories)
    path = folder / "site.toml"
    path.write_text(SITE_TOML + toml, encoding="utf-8")
    return path


def load(folder: Path, stories: dict[str, str], toml: str = "") -> config_mod.Config:
    """The config of a new small site in `folder`."""
    return config_mod.load(make_site(folder, stories, toml))


THREE = {
    "a.md": story("Alpha", "2024-11-05", tags="[economy]"),
    "b.md": story("Bravo", "2024-11-06", tags="[economy, climate]"),
    "c.md": story("Charlie", "2024-11-07"),
}
