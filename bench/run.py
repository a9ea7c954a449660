"""Broadsheet's build benchmark, with the default config (search on) and with search off,
optionally against Hugo, Hugo + Pagefind and Pelican on the same corpus.

python bench/run.py [--sizes 1000,10000] [--peers] [--write-results]

For each size: a cold build (no output, no cache), a build with nothing changed, after editing
one article's body, after editing one template, after adding one article; wall time and the
peak memory of the whole process tree (Pagefind's process included). Then the bytes a browser
fetches to search the default build for one word. With --write-results, RESULTS.md gets the
tables and which of issue 14's targets are met.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import peers  # noqa: E402
import report  # noqa: E402
from corpus import write_corpus  # noqa: E402
from measure import Run, measure  # noqa: E402
from searchbytes import measure_search  # noqa: E402

NEW_ARTICLE = (
    " date 2024-06-01 https://www.example-new.com/news/extra\n\nA new article\n\n"
    "A new article\n\n01.06.2024\n\nIt was added last.It has two paragraphs.\n"
)


def site_config(search: bool) -> str:
    """The repository's site.toml (every key as a user gets it), for a bench site."""
    text = (ROOT / "site.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title\s*=.*$", 'title = "Bench"', text)
    text = re.sub(r"(?m)^base_url\s*=.*$", 'base_url = "https://bench.example/"', text)
    wanted = f"search = {'true' if search else 'false'}"
    text, found = re.subn(r"(?m)^search\s*=.*$", wanted, text)
    return text if found else f"{text.rstrip()}\n{wanted}\n"


def broadsheet(site: Path, corpus: Path, search: bool, cold_runs: int) -> dict[str, Run]:
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    (site / "site.toml").write_text(site_config(search), encoding="utf-8")
    themes = site / "themes"
    shutil.copytree(ROOT / "themes", themes)
    command = [sys.executable, str(ROOT / "build.py"), "build", "--config", str(site / "site.toml")]
    command += ["--content", str(corpus), "--output", str(site / "public")]
    env = {"BROADSHEET_THEMES_DIR": str(themes)}

    def made() -> list[Path]:  # output, cache, a spare output tree: all but the config
        return [path for path in site.iterdir() if path.name not in ("site.toml", "themes")]

    runs = {"cold": coldest(lambda: measure([command], env), made, cold_runs)}
    runs["nothing changed"] = measure([command], env)
    files = sorted(corpus.rglob("*.txt"))
    edited = files[len(files) // 2]
    runs["one article edited"] = with_sentence(edited, " One more sentence.", [command], env)
    # Again: the first incremental build after a cold one makes its output tree afresh, the
    # later ones (a preview's, a second local build) from the tree the last one swapped out.
    other = files[len(files) // 3]
    runs["another article edited"] = with_sentence(other, " Another sentence.", [command], env)
    base = themes / "default" / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "{# bench #}\n", encoding="utf-8")
    runs["one template edited"] = measure([command], env)
    extra = corpus / "extra" / "new-article.txt"
    extra.parent.mkdir(exist_ok=True)
    extra.write_text(NEW_ARTICLE, encoding="utf-8")
    try:
        runs["one article added"] = measure([command], env)
    finally:
        shutil.rmtree(extra.parent)
    return runs


def with_sentence(
    article: Path, sentence: str, commands: list[list[str]], env: dict[str, str]
) -> Run:
    """The build after `sentence` is appended to an article's body; the article is then put
    back and built again (untimed), so the corpus is as generated for the next step."""
    original = article.read_text(encoding="utf-8")
    article.write_text(original.rstrip("\n") + sentence + "\n", encoding="utf-8")
    try:
        return measure(commands, env)
    finally:
        article.write_text(original, encoding="utf-8")
        measure(commands, env)


def coldest(run: Callable[[], Run], made: Callable[[], list[Path]], times: int) -> Run:
    """The fastest of `times` cold runs, each after what the tool `made` (output, caches) is
    deleted, with the largest peak memory among them: a cold build's time varies from run
    to run (see README), for every tool alike."""
    done: list[Run] = []
    for _ in range(max(1, times)):
        for path in made():
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        done.append(run())
        if not done[-1].ok:
            return done[-1]
    best = min(done, key=lambda r: r.seconds)
    return replace(
        best,
        peak_mib=max(r.peak_mib for r in done),
        peak_pss_mib=max(r.peak_pss_mib for r in done),
    )


def checked(run: Run, output: Path, pattern: str, expected: int) -> Run:
    """A peer that exits 0 but built nothing (a missing reader, say) counts as failed."""
    built = sum(1 for _ in output.rglob(pattern)) if output.is_dir() else 0
    if run.ok and built < expected:
        message = f"built {built} pages, expected {expected}"
        return Run(run.seconds, run.peak_mib, False, message, run.peak_pss_mib)
    return run


def hugo_runs(work: Path, size: int, after: list[list[str]], cold_runs: int) -> dict[str, Run]:
    """Hugo cold, unchanged and after one edit, each followed by the `after` commands."""
    hugo = peers.hugo_command(work)
    assert hugo is not None
    public = work / "hugo" / "public"
    cold = coldest(lambda: measure([[*hugo, "--gc"], *after]), lambda: [public], cold_runs)
    runs = {"cold": checked(cold, public / "posts", "*.html", size)}
    runs["nothing changed"] = measure([hugo, *after])
    post = sorted((work / "hugo" / "content" / "posts").glob("*.md"))[0]
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    runs["one article edited"] = measure([hugo, *after])
    return runs


def peer_runs(corpus: Path, work: Path, size: int, cold_runs: int) -> dict[str, dict[str, Run]]:
    peers.convert_corpus(corpus, work)
    results: dict[str, dict[str, Run]] = {}
    pagefind = peers.pagefind_command(work)
    if peers.hugo_command(work):
        if pagefind:
            results["Hugo + Pagefind"] = hugo_runs(work, size, [pagefind], cold_runs)
        results["Hugo"] = hugo_runs(work, size, [], cold_runs)
    pelican = peers.pelican_command(work)
    if pelican:
        made = [work / "pelican" / "output", work / "pelican" / "cache"]
        cold = coldest(lambda: measure([pelican], cwd=work / "pelican"), lambda: made, cold_runs)
        runs = {"cold": checked(cold, work / "pelican" / "output", "*-0*.html", size)}
        runs["nothing changed"] = measure([pelican], cwd=work / "pelican")
        results["Pelican"] = runs
    return results


def one_size(size: int, args: argparse.Namespace) -> report.Size:
    corpus = args.work / f"corpus-{size}"
    if not corpus.is_dir():
        print(f"generating {size:,} articles…", file=sys.stderr)
        write_corpus(size, corpus)
    result = report.Size(size)
    site = args.work / f"broadsheet-{size}"
    result.builds[report.OURS] = broadsheet(site, corpus, True, args.cold_runs)
    if not args.no_search_bytes:
        result.search = measure_search(site / "public", corpus)
    if not args.quick:
        off = args.work / f"broadsheet-{size}-search-off"
        result.builds[report.OURS_OFF] = broadsheet(off, corpus, False, args.cold_runs)
    if args.peers and size <= args.peers_up_to:
        result.builds.update(peer_runs(corpus, args.work / f"peers-{size}", size, args.cold_runs))
    for name, runs in result.builds.items():
        for step, run in runs.items():
            if not run.ok:
                print(f"{name}, {step}: {run.error}", file=sys.stderr)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--peers", action="store_true", help="also Hugo, + Pagefind, Pelican")
    parser.add_argument("--peers-up-to", type=int, default=10_000, help="largest size for peers")
    parser.add_argument("--no-search-bytes", action="store_true", help="skip the browser")
    parser.add_argument("--quick", action="store_true", help="no search-off column (smoke test)")
    parser.add_argument("--cold-runs", type=int, default=2, help="cold builds, the fastest kept")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="work folder")
    parser.add_argument("--write-results", action="store_true", help="write bench/RESULTS.md")
    args = parser.parse_args()
    sizes: dict[int, report.Size] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        sizes[size] = one_size(size, args)
        print(report.table(sizes[size]) + "\n", flush=True)
    verdict = report.targets(sizes)
    print(verdict, flush=True)
    if args.write_results:
        command = " ".join(["python bench/run.py", *_shown(sys.argv[1:])])
        text = (
            "# Benchmark results\n\n"
            f"Measured {dt.date.today().isoformat()} on {report.machine()}, with `{command}`. "
            f"Each tool's cold build is the fastest of {args.cold_runs} (its peak memory the "
            "largest).\n\n"
            + "\n\n".join(report.table(size) for size in sizes.values())
            + "\n\n"
            + verdict
            + "\n"
        )
        (HERE / "RESULTS.md").write_text(text, encoding="utf-8")


def _shown(argv: list[str]) -> list[str]:
    """The options as RESULTS.md quotes them: without `--work`, a folder of this machine
    that changes no figure."""
    shown, skip = [], False
    for arg in argv:
        if skip or arg.startswith("--work="):
            skip = False
        elif arg == "--work":
            skip = True
        else:
            shown.append(arg)
    return shown


if __name__ == "__main__":
    main()
