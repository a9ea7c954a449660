"""Client-side full-text search with Pagefind, run over the staged site when pages changed."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from .output import Staging

FOLDER = "pagefind"


def available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


def index(staging: Staging, changed: bool, log: Callable[[str], None]) -> list[str]:
    """Index the staged site; reuse the previous index when no page changed. Returns notes."""
    previous = staging.previous / FOLDER if staging.previous else None
    if not changed and previous is not None and previous.is_dir():
        for path in sorted(previous.rglob("*")):
            if path.is_file():
                staging.keep(path.relative_to(staging.previous).as_posix())  # type: ignore[arg-type]
        return []
    if not available():
        return [
            "search: Pagefind is not installed (pip install 'broadsheet[search]'); "
            "the search page will say search is unavailable"
        ]
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(staging.root),
        "--output-subdir",
        FOLDER,
        "--quiet",
    ]
    log("search: indexing with Pagefind")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (Path(staging.root) / FOLDER / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        return [f"search: Pagefind failed ({detail[0]}); the site was built without search"]
    return []
