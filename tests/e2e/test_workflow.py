"""The GitHub Pages workflow, checked offline: GitHub's schema, zizmor, its shape, its build step.

Every check is also run on a deliberately broken copy (written to tmp_path) to prove it can fail.
Self-contained on purpose: it needs only the repo, PyYAML and the two tools (from '.[test]').
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, missing

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
ZIZMOR_CONFIG = ROOT / "zizmor.yml"
OFFICIAL_ACTIONS = {
    "actions/checkout",
    "actions/setup-python",
    "actions/configure-pages",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
    "actions/cache",
}
# Pinned to a full commit, not a major tag: what it restores is unpickled by the build, so its
# code is fixed, not followed.
SHA_PINNED = {"actions/cache"}
CACHE_PATHS = [".cache/broadsheet", "public"]  # the build cache, and the output it describes
BASE_URL_EXPR = "${{ steps.pages.outputs.base_url }}"
# Any attempt to reach the network goes to a closed local port and fails, so "offline" is enforced.
NO_NETWORK = {
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "NO_PROXY": "",
}


def tool(name: str) -> str:
    """The executable installed next to this Python, else the one on PATH; skip if neither."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        missing(f"{name} is not installed (pip install '.[test]')")
    assert found is not None
    return found


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.lower().endswith("_proxy")}
    return subprocess.run(
        args, capture_output=True, text=True, env={**env, **NO_NETWORK}, cwd=ROOT, timeout=120
    )


def schema_check(path: Path) -> subprocess.CompletedProcess[str]:
    return run_tool(
        tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)
    )


def zizmor(path: Path) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """zizmor's run over `path` with the repo's config, and the audit ids it reported."""
    done = run_tool(
        tool("zizmor"),
        "--offline",
        "--no-progress",
        "--color=never",
        "--format=json",
        "--config",
        str(ZIZMOR_CONFIG),
        str(path),
    )
    try:
        findings = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"zizmor gave no JSON (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done, [finding["ident"] for finding in findings]


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    """pages.yml with one line changed, written to tmp_path."""
    text = WORKFLOW.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {WORKFLOW.name}"
    path = tmp_path / "pages.yml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def load(path: Path = WORKFLOW) -> dict[Any, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def steps(doc: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in doc.get("jobs", {}).values() for step in job.get("steps", [])]


def action(step: dict[str, Any]) -> str:
    """`actions/checkout` for `uses: actions/checkout@v7`; "" for a run step."""
    return str(step.get("uses", "")).partition("@")[0]


def problems(doc: dict[Any, Any]) -> list[str]:
    """What is wrong with the workflow's shape; empty when it is as designed."""
    found: list[str] = []
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1).
    triggers = doc.get("on", doc.get(True)) or {}
    if "main" not in (triggers.get("push") or {}).get("branches", []):
        found.append("not triggered by a push to main")
    if "workflow_dispatch" not in triggers:
        found.append("cannot be run by hand (workflow_dispatch)")
    if doc.get("permissions") != {}:
        found.append(f"top-level permissions are {doc.get('permissions')!r}, not {{}}")
    concurrency = doc.get("concurrency") or {}
    if not concurrency.get("group") or concurrency.get("cancel-in-progress") is not False:
        found.append("no concurrency group that lets a running deploy finish")

    jobs = doc.get("jobs", {})
    build, deploy = jobs.get("build", {}), jobs.get("deploy", {})
    if build.get("permissions") != {"contents": "read", "pages": "read"}:
        found.append(f"build permissions are {build.get('permissions')!r}")
    if deploy.get("permissions") != {"pages": "write", "id-token": "write"}:
        found.append(f"deploy permissions are {deploy.get('permissions')!r}")
    needs = deploy.get("needs", [])
    if "build" not in ([needs] if isinstance(needs, str) else needs):
        found.append("deploy does not need build")
    environment = deploy.get("environment") or {}
    if environment.get("name") != "github-pages" or "steps.deployment.outputs.page_url" not in str(
        environment.get("url")
    ):
        found.append("deploy is not in the github-pages environment with the page url")

    all_steps = steps(doc)
    used = {action(step) for step in all_steps if "uses" in step}
    if used != OFFICIAL_ACTIONS:
        found.append(f"actions used are {sorted(used)}, not the official ones")
    for step in all_steps:
        ref = str(step.get("uses", "")).partition("@")[2]
        if action(step) in SHA_PINNED:
            if not re.fullmatch("[0-9a-f]{40}", ref):
                found.append(f"{step['uses']} is not pinned to a full commit SHA")
        elif "uses" in step and not (ref.startswith("v") and ref[1:].isdigit()):
            found.append(f"{step['uses']} is not pinned to a major tag")
        if "${{" in str(step.get("run", "")):
            found.append(f"expression inside a run script: {step['run']!r}")
        if (
            action(step) == "actions/checkout"
            and (step.get("with") or {}).get("persist-credentials") is not False
        ):
            found.append("checkout keeps the token in .git/config (persist-credentials)")

    runs = "\n".join(str(step.get("run", "")) for step in build.get("steps", []))
    if 'python -m pip install -c constraints.txt ".[search]"' not in runs:
        found.append("the build job does not install the project with constraints.txt")
    pages_ids = [
        step.get("id") for step in build.get("steps", []) if "configure-pages" in action(step)
    ]
    building = [step for step in build.get("steps", []) if "--base-url" in str(step.get("run"))]
    if pages_ids != ["pages"] or len(building) != 1:
        found.append("no configure-pages step with id 'pages' and one build step with --base-url")
    elif BASE_URL_EXPR not in (building[0].get("env") or {}).values():
        found.append("the build step does not get the Pages base_url through env")
    uploads = [step for step in build.get("steps", []) if "upload-pages-artifact" in action(step)]
    if [(step.get("with") or {}).get("path", "").rstrip("/") for step in uploads] != ["public"]:
        found.append("the build job does not upload public/")
    if [action(step) for step in deploy.get("steps", [])] != ["actions/deploy-pages"]:
        found.append("the deploy job does more than deploy-pages")
    return found + build_problems(build.get("steps", []))


def build_problems(build_steps: list[dict[str, Any]]) -> list[str]:
    """The build step fails on a skipped file, after the build cache was restored."""
    found = []
    building = [i for i, step in enumerate(build_steps) if "--base-url" in str(step.get("run"))]
    if building and "--strict" not in str(build_steps[building[0]]["run"]):
        found.append("the build step does not fail on a skipped file (--strict)")
    caches = [i for i, step in enumerate(build_steps) if action(step) == "actions/cache"]
    settings = (build_steps[caches[0]].get("with") or {}) if len(caches) == 1 else {}
    if (
        str(settings.get("path", "")).split() != CACHE_PATHS
        or "github.sha" not in str(settings.get("key"))
        or not str(settings.get("restore-keys", "")).strip()
    ):
        found.append(
            f"no one cache of {' and '.join(CACHE_PATHS)} keyed by commit, with restore-keys"
        )
    elif building and caches[0] > building[0]:
        found.append("the build cache is restored after the build")
    return found


# --- GitHub's workflow schema -----------------------------------------------------------------


def test_workflow_matches_githubs_schema() -> None:
    done = schema_check(WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


def test_schema_check_rejects_a_broken_copy(tmp_path: Path) -> None:
    bad = broken_copy(tmp_path, "cancel-in-progress: false", "cancel-in-progress: nope")
    done = schema_check(bad)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "cancel-in-progress" in done.stdout


# --- zizmor -----------------------------------------------------------------------------------


def test_zizmor_finds_nothing() -> None:
    done, findings = zizmor(WORKFLOW)
    assert findings == []
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "old, new, audit",
    [
        pytest.param(
            'run: python -m pip install -c constraints.txt ".[search]"',
            'run: echo "${{ github.event.head_commit.message }}" && python -m pip install .',
            "template-injection",
            id="commit-message-in-run",
        ),
        pytest.param(
            "uses: actions/setup-python@v7",
            "uses: someone/setup-python@v7",
            "unpinned-uses",
            id="third-party-action-by-tag",
        ),
        pytest.param(
            "  workflow_dispatch:",
            "  workflow_dispatch:\n  pull_request_target:",
            "dangerous-triggers",
            id="pull-request-target",
        ),
    ],
)
def test_zizmor_flags_a_broken_copy(tmp_path: Path, old: str, new: str, audit: str) -> None:
    done, findings = zizmor(broken_copy(tmp_path, old, new))
    assert audit in findings
    # 10-14: findings by severity (1 and 2 would be zizmor failing, not finding).
    assert done.returncode >= 10, done.stderr


# --- the workflow's shape ---------------------------------------------------------------------


def test_workflow_is_shaped_as_designed() -> None:
    assert problems(load()) == []


DELETE = object()


def edit(path: str, value: Any) -> Callable[[dict[Any, Any]], None]:
    """A change to the parsed workflow: set (or DELETE) the value at `jobs/build/steps/0/uses`."""

    def change(doc: dict[Any, Any]) -> None:
        *parents, last = path.split("/")
        target = doc
        for key in parents:
            target = target[int(key) if key.isdigit() else key]
        index: int | str = int(last) if last.isdigit() else last
        if value is DELETE:
            del target[index]
        else:
            target[index] = value

    return change


@pytest.mark.parametrize(
    "change, expected",
    [
        pytest.param(
            edit("permissions", {"contents": "write"}), "top-level permissions", id="permissions"
        ),
        pytest.param(edit("jobs/deploy/needs", DELETE), "deploy does not need build", id="needs"),
        pytest.param(
            edit("jobs/build/steps/0/with", DELETE), "persist-credentials", id="credentials"
        ),
        pytest.param(
            edit("jobs/build/steps/0/uses", "someone/checkout@v7"), "official ones", id="3rd-party"
        ),
        pytest.param(
            edit("jobs/build/steps/1/uses", "actions/setup-python@main"), "major tag", id="branch"
        ),
        pytest.param(
            edit("jobs/build/steps/3/run", "pip install ${{ inputs.extra }}"),
            "expression inside",
            id="run-expression",
        ),
        pytest.param(
            edit("concurrency/cancel-in-progress", True), "concurrency", id="cancel-deploys"
        ),
        pytest.param(
            edit("jobs/build/steps/4/uses", "actions/cache@v5"), "full commit SHA", id="cache-tag"
        ),
        pytest.param(
            edit("jobs/build/steps/4/with/key", "broadsheet"), "keyed by commit", id="cache-key"
        ),
        pytest.param(edit("jobs/build/steps/4", {"run": "true"}), "no one cache", id="no-cache"),
        pytest.param(
            edit("jobs/build/steps/5/run", 'python build.py build --base-url "$BASE_URL"'),
            "--strict",
            id="not-strict",
        ),
        pytest.param(
            lambda doc: doc["jobs"]["build"]["steps"].reverse(), "after the build", id="order"
        ),
    ],
)
def test_shape_check_catches_a_broken_copy(
    change: Callable[[dict[Any, Any]], None], expected: str
) -> None:
    doc = copy.deepcopy(load())
    change(doc)
    found = problems(doc)
    assert any(expected in problem for problem in found), found


# --- the build step, run as the runner would --------------------------------------------------


def run_build_step(
    project: Path, reported: str = "https://user.github.io/REPO", extra: str = ""
) -> subprocess.CompletedProcess[str]:
    """The workflow's build step (plus `extra` options) in `project`, as the runner runs it:
    bash -eo pipefail, BASE_URL as configure-pages reports it, `python` on the PATH."""
    bash = shutil.which("bash")
    if bash is None:
        missing("bash is not installed")
    assert bash is not None
    (step,) = [s for s in load()["jobs"]["build"]["steps"] if "--base-url" in str(s.get("run"))]
    env = {
        key: reported if value == BASE_URL_EXPR else str(value)
        for key, value in step["env"].items()
    }
    for name in ("build.py", "themes"):
        if not (project / name).exists():
            (project / name).symlink_to(ROOT / name)
    shims = project.parent / "bin"
    shims.mkdir(exist_ok=True)
    # A script, not a symlink: a symlinked interpreter loses its virtual environment.
    shim = shims / "python"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return subprocess.run(
        [bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"].strip() + extra],
        cwd=project,
        env={**os.environ, **env, "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize(
    "reported, base",
    [
        ("https://user.github.io/REPO", "https://user.github.io/REPO/"),
        ("https://user.github.io/", "https://user.github.io/"),
        ("https://news.example.org", "https://news.example.org/"),
    ],
    ids=["project-site", "user-site", "custom-domain"],
)
def test_build_step_builds_under_the_reported_base_url(
    tmp_path: Path, reported: str, base: str
) -> None:
    """configure-pages reports base_url without a trailing slash; the step adds it."""
    # A checkout of the repo as the runner has it: the sample project, building into public/.
    project = tmp_path / "checkout"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "site.toml", project / "site.toml")
    done = run_build_step(project, reported)
    assert done.returncode == 0, done.stdout + done.stderr

    home = (project / "public" / "index.html").read_text(encoding="utf-8")
    feed = (project / "public" / "feed.xml").read_text(encoding="utf-8")
    assert f'"{base}"' in home
    assert base in feed
    assert base + "/" not in home + feed
    assert "warning: base_url" not in done.stderr


RAW = " date 2024-11-0{day} https://example.com/{slug}\n\n{title}\n\n{title}\n\n0{day}.11.2024\n\nBody.\n"


def small_project(folder: Path, stories: int) -> Path:
    """A checkout with `stories` raw articles (written afresh: new mtimes, same bytes)."""
    content = folder / "content"
    content.mkdir(parents=True, exist_ok=True)
    (folder / "site.toml").write_text(
        'title = "T"\nbase_url = "https://user.github.io/REPO/"\nsearch = false\n',
        encoding="utf-8",
    )
    for number in range(1, stories + 1):
        text = RAW.format(day=number, slug=f"s{number}", title=f"Story number {number}")
        (content / f"s{number}.txt").write_text(text, encoding="utf-8")
    return folder


def test_build_step_fails_on_a_skipped_file_and_publishes_nothing(tmp_path: Path) -> None:
    project = small_project(tmp_path / "checkout", 2)
    (project / "content" / "broken.txt").write_text(
        RAW.format(day=9, slug="x", title="T").replace("2024-11-09", "2024-02-30"), encoding="utf-8"
    )
    done = run_build_step(project)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "broken.txt" in done.stderr and "2024-02-30" in done.stderr
    assert not (project / "public" / "index.html").exists()


def test_a_restored_cache_reads_only_the_new_story(tmp_path: Path) -> None:
    """The next run checks out every file afresh (new mtimes) and restores the cache folder
    and the output (as tar does: same bytes, same mtimes)."""
    project = small_project(tmp_path / "checkout", 3)
    first = run_build_step(project, extra=" --timings")
    assert first.returncode == 0, first.stderr
    assert "content files read: 3" in first.stdout
    for spare in project.glob(".public.*"):  # not in the cache: a new runner has none
        shutil.rmtree(spare) if spare.is_dir() else spare.unlink()
    shutil.rmtree(project / "content")
    small_project(project, 4)  # the same three stories, and one more
    for path in (project / "content").iterdir():
        os.utime(path, (path.stat().st_atime + 60, path.stat().st_mtime + 60))
    second = run_build_step(project, extra=" --timings")
    assert second.returncode == 0, second.stderr
    assert "content files read: 1" in second.stdout, second.stdout
    assert (project / "public" / "articles" / "story-number-4" / "index.html").is_file()
    built = re.search(r"(\d+) written, (\d+) unchanged", second.stdout)
    assert built is not None and int(built[2]) > 0, second.stdout  # not every page rendered
