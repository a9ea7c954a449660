"""The Pages workflow that `broadsheet new` writes: GitHub's schema, zizmor with the site's own
config, and its build step run as the runner would, with `broadsheet` on the PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builder.scaffold import NewSite, create
from tests.conftest import missing
from tests.e2e.test_workflow import BASE_URL_EXPR, run_tool, schema_check, tool


@pytest.fixture
def site(tmp_path: Path) -> Path:
    create(NewSite(tmp_path / "site", "Harbour News"))
    return tmp_path / "site"


def test_the_new_sites_workflow_matches_githubs_schema(site: Path) -> None:
    done = schema_check(site / ".github" / "workflows" / "pages.yml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_finds_nothing_in_the_new_sites_workflow(site: Path) -> None:
    workflow = site / ".github" / "workflows" / "pages.yml"
    config = site / ".github" / "zizmor.yml"
    done = run_tool(
        tool("zizmor"), "--offline", "--no-progress", "--config", str(config), str(workflow)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout + done.stderr


def test_the_new_sites_workflow_installs_the_pinned_release(site: Path) -> None:
    doc = yaml.safe_load((site / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    runs = [str(step.get("run", "")) for step in doc["jobs"]["build"]["steps"]]
    assert "python -m pip install -r requirements.txt" in runs
    assert "${{" not in "".join(runs)


def test_the_new_sites_build_step_builds_under_the_reported_base_url(
    site: Path, tmp_path: Path
) -> None:
    bash = shutil.which("bash")
    if bash is None:
        missing("bash is not installed")
    doc = yaml.safe_load((site / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    (step,) = [s for s in doc["jobs"]["build"]["steps"] if "--base-url" in str(s.get("run"))]
    env = {
        k: "https://user.github.io/REPO" if v == BASE_URL_EXPR else v
        for k, v in step["env"].items()
    }
    shims = tmp_path / "bin"
    shims.mkdir()
    shim = shims / "broadsheet"  # what `pip install -r requirements.txt` puts on the PATH
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m builder "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    done = subprocess.run(
        [bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=site,
        env={**os.environ, **env, "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    home = (site / "public" / "index.html").read_text(encoding="utf-8")
    assert 'href="/REPO/static/style.css"' in home
    assert "https://user.github.io/REPO/" in (site / "public" / "feed.xml").read_text("utf-8")
