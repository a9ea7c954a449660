"""The preview's build scheduling (`serve.Preview`), in-process: a fake IO loop the test turns
by hand, builds that only record what they were asked for, and no watcher threads or sockets."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Coroutine, Generator, Iterable
from pathlib import Path
from typing import Any

import pytest

from builder import preview_http, serve
from builder.config import Config, ConfigError
from builder.errors import BuildError
from builder.pipeline import BuildResult

BASE_URL = "https://user.github.io/small/"


class BuildInFlight:
    """What the preview awaits instead of a worker thread: the build runs when the test ends it."""

    def __init__(self, function: Callable[[str], serve.Outcome], reason: str) -> None:
        self.function, self.reason = function, reason

    def __await__(self) -> Generator[None, None, serve.Outcome]:
        yield None  # running "in its thread": the loop goes on until `FakeLoop.end_build`
        return self.function(self.reason)


class FakeLoop:
    """Stands in for tornado's IOLoop: holds what the preview asks of it until the test runs it."""

    def __init__(self) -> None:
        self.ready: list[Callable[[], object]] = []
        self.timers: dict[object, tuple[float, Callable[[], object]]] = {}
        self.scheduled = 0  # call_later calls, ever
        self.running: Coroutine[Any, Any, None] | None = None  # the preview's build loop
        self.started: list[str] = []  # the reason of each build handed to a "thread"

    def add_callback(self, callback: Callable[..., object], *args: object) -> None:
        self.ready.append(lambda: callback(*args))

    def spawn_callback(self, callback: Callable[[], Coroutine[Any, Any, None]]) -> None:
        self.ready.append(lambda: self._start(callback()))

    def call_later(self, delay: float, callback: Callable[[], object]) -> object:
        handle = object()
        self.timers[handle] = (delay, callback)
        self.scheduled += 1
        return handle

    def remove_timeout(self, handle: object) -> None:
        self.timers.pop(handle, None)  # as in tornado: a timeout already run is no error

    def in_thread(self, function: Callable[[str], serve.Outcome], reason: str) -> BuildInFlight:
        """Replaces `serve._in_thread`."""
        self.started.append(reason)
        return BuildInFlight(function, reason)

    def run_ready(self) -> None:
        """Run the callbacks queued so far (and any they queue), in order."""
        while self.ready:
            self.ready.pop(0)()

    def end_build(self) -> None:
        """The build in its thread ends: the preview takes the outcome and goes on."""
        assert self.running is not None, "no build is running"
        self._resume()
        self.run_ready()

    def settle(self) -> None:
        """Run until only timers are left: every build that starts, ends."""
        self.run_ready()
        while self.running is not None:
            self.end_build()

    def fire_timers(self) -> None:
        """The files stay still long enough: every pending timer runs."""
        due, self.timers = list(self.timers.values()), {}
        for _, callback in due:
            callback()

    def _start(self, coroutine: Coroutine[Any, Any, None]) -> None:
        assert self.running is None, "a second build loop while one runs"
        self.running = coroutine
        self._resume()

    def _resume(self) -> None:
        assert self.running is not None
        try:
            self.running.send(None)
        except StopIteration:
            self.running = None


class FakeBuild:
    """Stands in for `pipeline.build`: records each call, fails while `failure` is set."""

    def __init__(self) -> None:
        self.configs: list[Config] = []
        self.reindexed: list[bool] = []
        self.written = 3
        self.failure = ""

    def __call__(self, config: Config, *, reindex_search: bool, log: object) -> BuildResult:
        self.configs.append(config)
        self.reindexed.append(reindex_search)
        if self.failure:
            raise BuildError(self.failure)
        return BuildResult(site=None, written=self.written)


class FakeWatcher:
    """Stands in for `watch.Watcher`: no threads; the test calls `on_change` itself."""

    def __init__(self, on_change: Callable[[list[str], bool], None]) -> None:
        self.on_change = on_change
        self.watched: list[list[Path]] = []

    def start(self, folders: Iterable[Path], files: Iterable[Path]) -> None:
        self.watched.append([*folders, *files])

    def stop(self) -> None:
        pass


class Setup:
    """A started preview on a fake loop, with a fake build and a count of browser reloads."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
        self.tmp, self.engine, self.search = tmp_path, engine, True
        self.content, self.config_error, self.reloads = tmp_path / "content", "", 0
        self.loop, self.build = FakeLoop(), FakeBuild()
        monkeypatch.setattr(serve, "Watcher", FakeWatcher)
        monkeypatch.setattr(serve, "build", self.build)
        monkeypatch.setattr(serve, "_in_thread", self.loop.in_thread)
        monkeypatch.setattr(preview_http, "reload_browsers", self._reload)
        args = argparse.Namespace(host="127.0.0.1", output=None, config=tmp_path / "site.toml")
        self.preview = serve.Preview(args, self.load_config, self.loop)  # type: ignore[arg-type]
        self.preview.start(8000)
        self.reloads = 0

    @property
    def watcher(self) -> FakeWatcher:
        return self.preview.watcher  # type: ignore[return-value]

    def load_config(self, args: argparse.Namespace, **extra: Any) -> Config:
        if self.config_error:
            raise ConfigError(self.config_error)
        return Config(
            base_url=extra.get("base_url", BASE_URL),
            search=self.search,
            search_engine=self.engine,
            root=self.tmp,
            content_dir=self.content,
            cache_dir=self.tmp / ".cache" / "broadsheet",
        )

    def save(self, moved: bool = False) -> None:
        """A file event, reported from the watching thread."""
        self.watcher.on_change([str(self.content / "story.md")], moved)

    def _reload(self) -> None:
        self.reloads += 1


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Setup:
    return Setup(tmp_path, monkeypatch, "broadsheet")


@pytest.fixture
def pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Setup:
    return Setup(tmp_path, monkeypatch, "pagefind")


def test_the_first_build_indexes_for_search_with_drafts_at_the_local_address(
    pagefind: Setup,
) -> None:
    assert pagefind.build.reindexed == [True]
    config = pagefind.build.configs[0]
    assert config.drafts and config.future
    assert config.base_url == "http://127.0.0.1:8000/small/"
    assert config.output_dir == pagefind.tmp / ".cache" / "preview" / "small"
    assert pagefind.loop.timers == {}  # just indexed: no search owed


def test_a_save_is_built_on_the_loop_and_reloads_the_browsers(setup: Setup) -> None:
    setup.save()
    assert not setup.preview.change_owed  # reported from the watching thread: nothing runs there
    assert setup.loop.started == []
    setup.loop.settle()
    assert setup.loop.started == ["change"]
    assert setup.build.reindexed == [True, False]  # a patch: search left as it was
    assert setup.reloads == 1
    setup.save()
    setup.loop.settle()
    assert setup.loop.started == ["change", "change"]


def test_saves_during_a_build_make_exactly_one_more_build(setup: Setup) -> None:
    setup.save()
    setup.loop.run_ready()
    assert setup.loop.started == ["change"]
    setup.save()
    setup.save()
    setup.loop.run_ready()
    assert setup.loop.started == ["change"]  # not while the first runs
    setup.loop.end_build()
    assert setup.loop.started == ["change", "change"]
    setup.loop.end_build()
    assert setup.loop.running is None
    assert setup.loop.started == ["change", "change"]
    assert setup.reloads == 2


def test_a_failed_build_is_shown_until_a_good_one(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    site = setup.preview.root / "small" / "index.html"
    site.parent.mkdir(parents=True)
    site.write_text("the last good site", encoding="utf-8")
    setup.build.failure = "content/story.md: broken front matter"
    setup.save()
    setup.loop.settle()
    assert setup.preview.error == "content/story.md: broken front matter"
    assert "change: build failed: content/story.md: broken front matter" in capsys.readouterr().err
    assert setup.reloads == 1  # the browsers show the error
    assert site.read_text(encoding="utf-8") == "the last good site"
    setup.build.failure, setup.build.written = "", 0
    setup.save()
    setup.loop.settle()
    assert setup.preview.error == ""
    assert setup.reloads == 2  # nothing written, but the error page must go


def test_a_moved_input_folder_is_watched_from_then_on(setup: Setup) -> None:
    setup.content = setup.tmp / "stories"
    setup.save(moved=True)
    setup.loop.settle()
    assert setup.tmp / "stories" in setup.watcher.watched[-1]
    assert setup.tmp / "content" not in setup.watcher.watched[-1]
    assert setup.loop.started == ["change"]


def test_a_broken_config_is_reported_and_the_old_folders_stay_watched(setup: Setup) -> None:
    setup.config_error = "site.toml: key 'per_page' must be an integer"
    setup.save(moved=True)
    setup.loop.settle()
    assert setup.watcher.watched[-1] == setup.watcher.watched[0]
    assert setup.preview.error == "site.toml: key 'per_page' must be an integer"


def test_pagefind_indexes_once_the_files_have_been_still(pagefind: Setup) -> None:
    pagefind.save()
    pagefind.loop.settle()
    assert [delay for delay, _ in pagefind.loop.timers.values()] == [serve.SEARCH_QUIET_S]
    assert pagefind.build.reindexed == [True, False]
    pagefind.loop.fire_timers()
    pagefind.loop.settle()
    assert pagefind.loop.started == ["change", "search"]
    assert pagefind.build.reindexed == [True, False, True]
    assert pagefind.reloads == 1  # the search build changes no page
    assert pagefind.loop.timers == {}
    pagefind.build.written = 0
    pagefind.save()
    pagefind.loop.settle()
    assert pagefind.loop.timers == {}  # indexed since the last patch: nothing owed


def test_a_new_save_postpones_the_search_build(pagefind: Setup) -> None:
    pagefind.save()
    pagefind.loop.settle()
    [first] = pagefind.loop.timers
    pagefind.save()
    pagefind.loop.run_ready()
    assert pagefind.loop.timers == {}  # not while the files change and build
    pagefind.loop.end_build()
    [second] = pagefind.loop.timers
    assert second is not first
    assert pagefind.loop.started == ["change", "change"]
    pagefind.save()  # queued as the timer runs: the loop takes it before the search build
    pagefind.loop.fire_timers()
    pagefind.loop.settle()
    assert pagefind.loop.started == ["change", "change", "change"]  # the files are not still
    assert len(pagefind.loop.timers) == 1


def test_a_save_during_the_search_build_owes_search_again(pagefind: Setup) -> None:
    pagefind.save()
    pagefind.loop.settle()
    pagefind.loop.fire_timers()
    pagefind.loop.run_ready()
    assert pagefind.loop.started == ["change", "search"]
    pagefind.save()
    pagefind.loop.settle()
    assert pagefind.loop.started == ["change", "search", "change"]
    assert len(pagefind.loop.timers) == 1


def test_a_failed_search_build_is_tried_again_once_still(pagefind: Setup) -> None:
    pagefind.save()
    pagefind.loop.settle()
    pagefind.build.failure = "pagefind: not installed"
    pagefind.loop.fire_timers()
    pagefind.loop.settle()
    assert pagefind.preview.error == "pagefind: not installed"
    assert len(pagefind.loop.timers) == 1
    pagefind.build.failure = ""
    pagefind.loop.fire_timers()
    pagefind.loop.settle()
    assert pagefind.loop.started == ["change", "search", "search"]
    assert pagefind.preview.error == ""
    assert pagefind.loop.timers == {}


def test_pagefind_owes_no_search_when_a_save_wrote_nothing(pagefind: Setup) -> None:
    pagefind.build.written = 0
    pagefind.save()
    pagefind.loop.settle()
    assert pagefind.loop.scheduled == 0


@pytest.mark.parametrize(("engine", "search"), [("broadsheet", True), ("pagefind", False)])
def test_no_search_build_without_pagefind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str, search: bool
) -> None:
    setup = Setup(tmp_path, monkeypatch, engine)
    setup.search = search
    setup.save()
    setup.loop.run_ready()
    setup.save()
    setup.loop.settle()
    setup.save()
    setup.loop.settle()
    assert setup.loop.scheduled == 0
    assert setup.loop.started == ["change", "change", "change"]
    assert setup.build.reindexed[1:] == [False, False, False]
