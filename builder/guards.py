"""Warnings about publishing: GitHub Pages' size limits and a base URL left unset."""

from __future__ import annotations

from .config import SAMPLE_BASE_URL, Config

SITE_LIMIT = 1024**3  # GitHub Pages: a published site may be at most 1 GB
FILE_LIMIT = 100 * 1024**2  # and no file over 100 MB
NEAR = 0.8  # warn from 80% of a limit


def warnings(config: Config, files: dict[str, tuple[int, int]]) -> list[str]:
    """`files` maps each output path to (size, mtime), as the build's manifest has them."""
    found = []
    if not config.base_url_given or config.base_url == SAMPLE_BASE_URL:
        which = "the sample's" if config.base_url_given else "not set"
        found.append(
            f"base_url is {which} ({config.base_url}); feeds, sitemap and canonical links "
            "point there: set base_url in site.toml or pass --base-url"
        )
    for path, (size, _) in sorted(files.items()):
        if size > FILE_LIMIT * NEAR:
            found.append(
                f"{path} is {size / 1024**2:.0f} MB; GitHub Pages refuses files over 100 MB"
            )
    total = sum(size for size, _ in files.values())
    if total > SITE_LIMIT * NEAR:
        found.append(f"the site is {total / 1024**2:.0f} MB; GitHub Pages publishes at most 1 GB")
    return found
