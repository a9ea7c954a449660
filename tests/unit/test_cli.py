"""`cli.main` in-process: exit codes, `--version`, options before the command, `check --strict`."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder import __version__
from builder.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from tests.unit.smallsite import THREE, make_site, story

DUPLICATE = story("Charlie", "2024-11-07")  # the same source URL as c.md: a warning


@pytest.fixture(autouse=True)
def _gc_thresholds_restored() -> Iterator[None]:
    """`main` tunes the collector for its process; give the test process its own back."""
    thresholds = gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)


def run(*argv: str) -> int:
    return main(list(argv), prog="broadsheet")


def test_a_good_build_exits_0_and_writes_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = make_site(tmp_path, THREE)
    assert run("build", "--config", str(config), "--no-cache", "--jobs", "1") == EXIT_OK
    assert (tmp_path / "public" / "articles" / "alpha" / "index.html").is_file()
    assert "3 articles published, 0 skipped, 0 warnings" in capsys.readouterr().out


def test_a_failed_build_exits_1_naming_the_page_and_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = make_site(tmp_path, THREE)
    (tmp_path / "overrides" / "templates").mkdir(parents=True)
    (tmp_path / "overrides" / "templates" / "robots.txt").write_text("{{ no_such_value }}\n")
    assert run("build", "--config", str(config), "--no-cache", "--jobs", "1") == EXIT_FAILED
    err = capsys.readouterr().err
    assert err.startswith("error: robots.txt (robots.txt): ") and "no_such_value" in err
    assert "Traceback" not in err and not (tmp_path / "public").exists()


def test_strict_build_with_a_skipped_file_exits_1(tmp_path: Path) -> None:
    config = make_site(tmp_path, {**THREE, "bad.md": story("Bad", "2024-02-30")})
    argv = ("build", "--config", str(config), "--no-cache", "--jobs", "1", "--quiet")
    assert run(*argv) == EXIT_OK  # the file is skipped, the rest published
    assert run(*argv, "--strict") == EXIT_FAILED


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("build", "--no-such-option"), "unrecognized arguments: --no-such-option"),
        (("build", "--jobs", "many"), "invalid int value: 'many'"),
        (("serve", "--port", "70000"), "70000 is not a port"),
    ],
)
def test_a_bad_option_exits_2(
    argv: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(*argv)
    assert stopped.value.code == EXIT_USAGE
    assert message in capsys.readouterr().err


def test_a_bad_config_exits_2_naming_the_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = make_site(tmp_path, THREE, 'colour = "blue"\n')
    assert run("build", "--config", str(config), "--no-cache") == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"error: {config}: unknown key 'colour'")
    assert not (tmp_path / "public").exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        run("--version")
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"broadsheet {__version__}\n"


def test_options_before_the_command_and_no_command_at_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = make_site(tmp_path, THREE)
    # no command: build; --quiet prints no summary
    assert run("--quiet", "--config", str(config), "--no-cache", "--jobs", "1") == EXIT_OK
    assert (tmp_path / "public" / "index.html").is_file()
    assert capsys.readouterr().out == ""
    assert run("--config", str(config), "check") == EXIT_OK
    assert capsys.readouterr().out.startswith("Checked ")


def test_check_strict_fails_on_a_warning_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = make_site(tmp_path, {**THREE, "dup.md": DUPLICATE})
    assert run("check", "--config", str(config)) == EXIT_OK
    assert "dup.md: warning: same story as c.md" in capsys.readouterr().err
    assert run("check", "--strict", "--config", str(config)) == EXIT_FAILED
    assert run("--strict", "check", "--config", str(config)) == EXIT_FAILED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site.toml"]
