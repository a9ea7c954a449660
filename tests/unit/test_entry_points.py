"""The ways to run Broadsheet: `broadsheet`, `python -m builder`, `python build.py`; options
before or after the command; `--version`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from builder import __version__
from builder.cli import _command_first, _parser
from tests.conftest import ROOT, copy_sample, missing


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ["build"]),
        (["--quiet"], ["build", "--quiet"]),
        (["--output", "out", "--quiet"], ["build", "--output", "out", "--quiet"]),
        (["--output=out"], ["build", "--output=out"]),
        (["build", "--quiet"], ["build", "--quiet"]),
        (["--quiet", "build"], ["build", "--quiet"]),
        (["--strict", "check"], ["check", "--strict"]),
        (["--config", "check", "check"], ["check", "--config", "check"]),  # a file named check
        (
            ["--config", "x.toml", "serve", "--port", "0"],
            ["serve", "--config", "x.toml", "--port", "0"],
        ),
        (["--force", "new", "site"], ["new", "--force", "site"]),
        (["init", "site"], ["init", "site"]),
        (["--version"], ["--version"]),
        (["-h"], ["-h"]),
        (["nonsense"], ["nonsense"]),  # left for argparse to reject
    ],
)
def test_the_command_comes_first_and_build_is_the_default(
    argv: list[str], expected: list[str]
) -> None:
    assert _command_first(_parser(), argv) == expected


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*args], cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300
    )


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "builder"],
        [sys.executable, str(ROOT / "build.py")],
        [str(Path(sys.executable).parent / "broadsheet")],
    ],
    ids=["python-m-builder", "build.py", "broadsheet"],
)
def test_version_and_help_in_every_entry_point(command: list[str], tmp_path: Path) -> None:
    if not Path(command[0]).exists():
        missing(f"{command[0]} is not installed (pip install -e '.[test]')")
    version = run(*command, "--version", cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip().endswith(f" {__version__}")
    helped = run(*command, "--help", cwd=tmp_path)
    assert helped.returncode == 0
    for name in ("build", "check", "import", "serve", "new"):
        assert name in helped.stdout


def test_an_option_before_no_command_builds(tmp_path: Path) -> None:
    """`broadsheet --quiet` was an error: --quiet belongs to build, and build is the default."""
    site = copy_sample(tmp_path)
    done = run(
        sys.executable, "-m", "builder", "--quiet", "--output", "out", "--jobs", "1", cwd=site
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert (site / "out" / "index.html").is_file()
    assert (site / "out" / "feed.xml").is_file()


def test_an_unknown_command_is_a_usage_error(tmp_path: Path) -> None:
    done = run(sys.executable, "-m", "builder", "biuld", cwd=tmp_path)
    assert done.returncode == 2
    assert "invalid choice: 'biuld'" in done.stderr
    assert "Traceback" not in done.stderr
