"""Publishing: atomic output, refused folders, reproducible bytes, GitHub Pages behaviour."""

from __future__ import annotations

import random
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_sample, read_tree, run_build
from tests.e2e.test_build import links_of


def test_failed_build_leaves_the_previous_output_byte_for_byte(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    config = str(project / "site.toml")
    run_build("build", "--config", config)
    before = read_tree(project / "public")
    templates = project / "overrides" / "templates"
    templates.mkdir(parents=True)
    # Fails midway: the other pages are already staged when the article pages come up.
    (templates / "article.html").write_text(
        '{% extends "!default/article.html" %}\n'
        "{% block main %}{{ article.title }}{{ no_such_variable }}{% endblock %}\n"
    )
    failed = run_build("build", "--config", config, "--no-cache", check=False)
    assert failed.returncode == 1
    assert "article.html" in failed.stderr and "no_such_variable" in failed.stderr
    assert read_tree(project / "public") == before
    assert sorted(p.name for p in project.iterdir()) == sorted(
        [".cache", "content", "overrides", "public", "site.toml"]
    ), "a staging folder was left behind"


@pytest.mark.parametrize(
    "where, why",
    [
        ("content", "content folder"),
        (".", "project folder"),
        ("content/2024", "inside the content folder"),
        ("/", "filesystem root"),
        ("~", "home folder"),
    ],
)
def test_unsafe_output_folders_are_refused(tmp_path: Path, where: str, why: str) -> None:
    project = copy_sample(tmp_path)
    before = read_tree(project)
    output = Path(where).expanduser() if where in ("/", "~") else project / where
    done = run_build(
        "build", "--config", str(project / "site.toml"), "--output", str(output), check=False
    )
    assert done.returncode == 2, done.stderr
    assert why in done.stderr
    assert read_tree(project) == before


def test_a_foreign_non_empty_folder_is_not_replaced(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "site")
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "letter.txt").write_text("keep me")
    done = run_build(
        "build", "--config", str(project / "site.toml"), "--output", str(precious), check=False
    )
    assert done.returncode == 2 and "not made by Broadsheet" in done.stderr
    assert (precious / "letter.txt").read_text() == "keep me"


def test_stale_files_in_the_output_are_removed(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    run_build("build", "--config", str(project / "site.toml"))
    (project / "public" / "stale.html").write_text("old")
    run_build("build", "--config", str(project / "site.toml"))
    assert not (project / "public" / "stale.html").exists()


def shuffled_copy(source: Path, destination: Path, seed: int) -> None:
    files = [p for p in source.rglob("*") if p.is_file()]
    random.Random(seed).shuffle(files)
    for path in files:  # creation order differs, so directory listing order may too
        target = destination / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def test_same_content_gives_a_byte_identical_site(tmp_path: Path) -> None:
    outputs = []
    for seed, zone, locale in ((1, "UTC", "C.UTF-8"), (2, "Pacific/Kiritimati", "C")):
        project = tmp_path / f"p{seed}"
        shuffled_copy(ROOT / "content", project / "content", seed)
        shutil.copy(ROOT / "site.toml", project / "site.toml")
        env = {"TZ": zone, "LC_ALL": locale, "LANG": locale}
        run_build("build", "--config", str(project / "site.toml"), "--jobs", str(seed), env=env)
        outputs.append(read_tree(project / "public"))
    assert outputs[0].keys() == outputs[1].keys()
    different = [name for name in outputs[0] if outputs[0][name] != outputs[1][name]]
    assert different == []


def test_cname_is_written_when_configured(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    config = project / "site.toml"
    config.write_text(config.read_text() + '\ncname = "news.example.org"\n')
    run_build("build", "--config", str(config))
    assert (project / "public" / "CNAME").read_text() == "news.example.org\n"


def test_sample_base_url_is_warned_about(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    done = run_build("build", "--config", str(project / "site.toml"))
    assert "base_url is the sample" in done.stderr


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_every_link_and_asset_resolves_under_the_project_sub_path(
    sample_site: Path, served_sample: str
) -> None:
    origin = served_sample[: -len("/REPO/")]
    seen: set[str] = set()
    queue = [served_sample]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body = fetch(url)
        assert status == 200, f"{url}: {status}"
        if url.endswith("/") or url.endswith(".html"):
            for link in links_of(body.decode()):
                if link.startswith("/"):
                    assert link.startswith("/REPO/"), f"{url} links outside the site: {link}"
                    queue.append(origin + link.split("#")[0])
    assert len(seen) > 50


def test_github_pages_404_works_from_any_depth(served_sample: str) -> None:
    origin = served_sample[: -len("/REPO/")]
    for missing in ("nope", "articles/nope/", "a/b/c/d/e.html"):
        status, body = fetch(served_sample + missing)
        assert status == 404
        html = body.decode()
        assert "Page not found" in html
        for link in links_of(html):
            if link.startswith("/"):
                assert fetch(origin + link)[0] == 200, link
