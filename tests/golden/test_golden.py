"""Golden site: a small fixture built in each variant and compared with its expected output,
file by file.

`pytest tests/golden --update-golden` rewrites `expected/` from the current output and then
fails with a summary of what changed, so a change is never blessed unseen; review it
(`git diff tests/golden`), then `--update-golden=accept` (or GOLDEN_ACCEPT=1) passes.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from builder import pagefindshards
from tests.conftest import missing, run_build, write_tree

HERE = Path(__file__).resolve().parent
SITE = HERE / "site"
EXPECTED = HERE / "expected"
# variant → the lines it changes in the fixture's site.toml
VARIANTS = {
    "default": {},
    "newsprint": {"theme": '"newsprint"'},
    "search": {"search": "true"},  # Broadsheet's own index, the default
    "pagefind": {"search": "true", "search_engine": '"pagefind"'},
}
# Pagefind's own files depend on its version: only their names (and each shard's folder) count
PAGEFIND_NOTE = b"Pagefind's own output: its bytes are not compared\n"
DIFF_FILES, DIFF_LINES = 3, 12


def tree(folder: Path) -> dict[str, bytes]:
    """Every generated file but the theme's static copies (checked by the theme tests); each
    Pagefind shard's bundle as one `pagefind/SHARD/.bundle` entry, its UI files by name."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if not path.is_file() or parts[0] == "static":
            continue
        if parts[0] != "pagefind" or parts[1:] == ("shards.json",):
            files["/".join(parts)] = path.read_bytes()
        elif len(parts) > 2:
            files[f"pagefind/{parts[1]}/.bundle"] = PAGEFIND_NOTE
        else:
            files["/".join(parts)] = PAGEFIND_NOTE
    return files


def differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """Files added, removed and changed, with a few lines of diff of the first changed ones;
    "" when the trees are the same."""
    added = sorted(actual.keys() - expected.keys())
    removed = sorted(expected.keys() - actual.keys())
    changed = sorted(n for n in expected.keys() & actual.keys() if expected[n] != actual[n])
    lines = [f"{label}: {_some(names)}" for label, names in
             (("added", added), ("removed", removed), ("changed", changed)) if names]  # fmt: skip
    for name in changed[:DIFF_FILES]:
        old = expected[name].decode(errors="replace").splitlines()
        new = actual[name].decode(errors="replace").splitlines()
        diff = difflib.unified_diff(old, new, f"expected/{name}", f"actual/{name}", n=1)
        lines += [line.rstrip("\n") for line in diff][:DIFF_LINES]
    return "\n".join(lines)


def _some(names: list[str], shown: int = 8) -> str:
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def build_variant(variant: str, output: Path) -> str:
    """The fixture built into `output` with the variant's config; the build's stderr."""
    config = SITE / "site.toml"
    if changes := VARIANTS[variant]:
        text = config.read_text(encoding="utf-8")
        kept = [line for line in text.splitlines() if line.split(" =")[0] not in changes]
        config = output.parent / "site.toml"
        config.write_text("\n".join(kept + [f"{k} = {v}" for k, v in changes.items()]) + "\n")
    done = run_build(
        "build", "--config", str(config), "--content", str(SITE / "content"),
        "--output", str(output), "--no-cache",
    )  # fmt: skip
    return done.stderr


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_fixture_site_matches_the_golden_output(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if variant == "pagefind" and not pagefindshards.available():
        missing("pagefind is not installed (pip install -e '.[search]')")
    output = tmp_path / "public"
    stderr = build_variant(variant, output)
    assert "same story as glued.txt" in stderr  # the duplicate is named
    actual, expected = tree(output), tree(EXPECTED / variant)
    summary = differences(expected, actual)
    update = request.config.getoption("--update-golden")
    if update:
        shutil.rmtree(EXPECTED / variant, ignore_errors=True)
        write_tree(EXPECTED / variant, actual)
        accepted = update == "accept" or os.environ.get("GOLDEN_ACCEPT") == "1"
        if summary and not accepted:
            pytest.fail(
                f"golden output of {variant!r} rewritten; review `git diff tests/golden`, then "
                f"run with --update-golden=accept:\n{summary}",
                pytrace=False,
            )
        return
    assert not summary, f"the {variant!r} site differs from its golden output:\n{summary}"


def test_differences_name_added_removed_and_changed_files() -> None:
    before = {"a.html": b"one\ntwo\n", "gone.xml": b"x", "same.txt": b"s"}
    after = {"a.html": b"one\nthree\n", "new.json": b"{}", "same.txt": b"s"}
    summary = differences(before, after)
    assert summary.splitlines()[:3] == ["added: new.json", "removed: gone.xml", "changed: a.html"]
    assert "-two" in summary and "+three" in summary
    assert differences(after, after) == ""


def test_a_pagefind_bundle_counts_by_its_folder_and_shards_json_by_its_bytes(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "index.html": b"<p>",
            "pagefind/shards.json": b'{"bundles": ["2025/"]}',
            "pagefind/pagefind-ui.js": b"ui v1",
            "pagefind/2025/index/en_1.pf_index": b"\x00\x01",
            "pagefind/2025/pagefind.js": b"v1",
            "static/style.css": b"body{}",
        },
    )
    assert tree(tmp_path) == {
        "index.html": b"<p>",
        "pagefind/2025/.bundle": PAGEFIND_NOTE,
        "pagefind/pagefind-ui.js": PAGEFIND_NOTE,
        "pagefind/shards.json": b'{"bundles": ["2025/"]}',
    }
