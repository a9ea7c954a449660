"""The write stage: render what changed into a staging tree, link the rest from the previous
output, index for search, and swap the new tree in whole (or leave the old one as it was)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .errors import BuildError, describe
from .model import Page
from .output import Staging
from .parallel import parallel_map

if TYPE_CHECKING:
    from .render import Renderer


class SearchStep(Protocol):
    """Indexes the staged site for search (`searchindex.IndexJob`, `pagefindshards.SearchJob`)."""

    def run(self, staging: Staging, log: Callable[[str], None]) -> list[str]: ...

    def alongside(self, pages: int) -> SearchStep | None:
        """The step to run in the build's process while workers render `pages` pages (it then
        makes no workers of its own), or None when it must run after them."""


@dataclass
class Written:
    written: int = 0  # files rendered whose bytes changed
    kept: int = 0  # files linked unchanged from the previous output
    notes: list[str] = field(default_factory=list)
    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # the new output's manifest


def write_site(
    pages: list[Page],
    keys: dict[str, str],
    old_keys: dict[str, str],
    renderer: Renderer,
    output: Path,
    jobs: int,
    search_job: SearchStep | None,
    log: Callable[[str], None],
    known: dict[str, tuple[int, int]] | None = None,
) -> Written:
    """Pages whose key is unchanged are linked without rendering; the others are rendered
    (in `jobs` processes) and written when their bytes changed."""
    outcome = Written()
    staging = Staging(output, known)
    try:
        todo = []
        for page in pages:
            if old_keys.get(page.path) == keys[page.path] and staging.keep(page.path):
                outcome.kept += 1
            else:
                todo.append(page)
        staging.make_dirs(page.path for page in todo)
        render = functools.partial(_render_one, renderer, staging)
        meanwhile = search_job.alongside(len(todo)) if search_job is not None else None

        def search() -> None:
            assert meanwhile is not None
            outcome.notes += meanwhile.run(staging, log)

        done = parallel_map(render, todo, jobs, first=search if meanwhile else None)
        for page, new in zip(todo, done, strict=True):
            staging.placed(page.path, new)
        changed = sum(done)
        outcome.written, outcome.kept = changed, outcome.kept + len(todo) - changed
        if search_job is not None and meanwhile is None:
            outcome.notes += search_job.run(staging, log)
        staging.commit()
        outcome.files = staging.manifest()
    except BaseException as error:
        if not staging.committed:
            staging.abort()
        if isinstance(error, BuildError | KeyboardInterrupt):
            raise
        raise BuildError(f"{type(error).__name__}: {error}") from error
    return outcome


def _render_one(renderer: Renderer, staging: Staging, page: Page) -> bool:
    """Render a page (in a forked worker or in-process) and write it if its bytes changed,
    else link the previous file: whether it was written."""
    try:
        data = renderer.render(page)
    except Exception as error:
        raise BuildError(f"{page.path} ({page.recipe}): {describe(error)}") from None
    if staging.old_bytes(page.path) == data and staging.keep(page.path):
        return False
    staging.write(page.path, data)
    return True
