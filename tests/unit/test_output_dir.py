"""`--output` may not be, hold, or sit inside one of the site's inputs: content, themes,
overrides. A build into one would publish the site into itself, or replace the inputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.output import OutputError, check_output_dir
from tests.conftest import ROOT, run_build

RAW = " date 2024-11-08 https://example.com/a\n\nA story\n\nA story\n\n08.11.2024\n\nThe body.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("content", "themes/default", "overrides/templates"):
        (tmp_path / name).mkdir(parents=True)
    return tmp_path


def check(project: Path, output: str) -> None:
    check_output_dir(
        project / output,
        project / "content",
        project,
        themes=project / "themes",
        overrides=project / "overrides",
    )


@pytest.mark.parametrize(
    "output, reason",
    [
        ("themes", "it is the themes folder"),
        ("themes/site", "it is inside the themes folder"),
        ("themes/default/static/public", "it is inside the themes folder"),
        ("overrides", "it is the overrides folder"),
        ("overrides/public", "it is inside the overrides folder"),
        ("overrides/templates/../static", "it is inside the overrides folder"),
        ("content/public", "it is inside the content folder"),
    ],
)
def test_an_output_in_an_input_folder_is_refused(project: Path, output: str, reason: str) -> None:
    with pytest.raises(OutputError) as raised:
        check(project, output)
    assert str((project / output).resolve()) in str(raised.value)
    assert reason in str(raised.value)


def test_an_output_that_holds_an_input_folder_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    with pytest.raises(OutputError, match="it contains the overrides folder"):
        check_output_dir(
            tmp_path / "all",
            site / "content",
            site,
            overrides=tmp_path / "all" / "overrides",
        )


def test_an_overrides_folder_that_does_not_exist_yet_is_protected_too(project: Path) -> None:
    shutil.rmtree(project / "overrides")
    with pytest.raises(OutputError, match="inside the overrides folder"):
        check(project, "overrides/public")


def test_outputs_beside_the_inputs_are_accepted(project: Path) -> None:
    check(project, "public")
    check(project, "themes-public")  # a name that only starts like an input folder
    check(project, "build/overrides")


@pytest.mark.parametrize("output", ["overrides/site", "themes/default/public"])
def test_build_refuses_to_publish_into_its_own_inputs(tmp_path: Path, output: str) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.txt").write_text(RAW, encoding="utf-8")
    shutil.copytree(ROOT / "themes", tmp_path / "themes")
    (tmp_path / "site.toml").write_text(
        'title = "T"\nbase_url = "https://x.example/"\nsearch = false\n', encoding="utf-8"
    )
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    done = run_build(
        "build", "--config", str(tmp_path / "site.toml"), "--output", str(tmp_path / output),
        check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"error: refusing to build into {tmp_path / output}: it is inside the" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
