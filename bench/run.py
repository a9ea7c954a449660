"""Broadsheet's build benchmark, optionally against Hugo and Pelican on the same corpus.

python bench/run.py [--sizes 1000,10000] [--peers] [--write-results]

For each size: a cold build (no output, no cache), a build with nothing changed, after editing
one article's body, after editing one template, after adding one article; wall time and the
peak memory of the whole process tree (RSS summed over the children, polled every 20 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
sys.path.insert(0, str(HERE))

import peers  # noqa: E402
from corpus import write_corpus  # noqa: E402

CONFIG = """title = "Bench"
base_url = "https://bench.example/"
timezone = "UTC"
per_page = 20
feed_size = 50
search = false
"""


@dataclass
class Run:
    seconds: float
    peak_mib: float  # RSS summed over the process tree (counts shared pages once per process)
    ok: bool
    error: str = ""
    peak_pss_mib: float = 0.0  # PSS summed: shared pages split between the processes


def pss(pid: int) -> int:
    """Proportional set size in bytes: the fair share of a process in shared memory."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        children.setdefault(parent, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def measure(command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = peak_pss = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak, peak_pss
        while not done.is_set():
            pids = tree(process.pid)
            peak = max(peak, sum(map(rss, pids)))
            peak_pss = max(peak_pss, sum(map(pss, pids)))
            time.sleep(0.02)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    watcher.join()
    ok = process.returncode == 0
    error = "" if ok else err[-2000:]
    return Run(seconds, peak / 1024**2, ok, error, peak_pss / 1024**2)


def broadsheet(size: int, corpus: Path) -> dict[str, Run]:
    site = WORK / f"broadsheet-{size}"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    (site / "site.toml").write_text(CONFIG)
    themes = site / "themes"
    shutil.copytree(ROOT / "themes", themes)
    command = [
        sys.executable,
        str(ROOT / "build.py"),
        "build",
        "--config",
        str(site / "site.toml"),
        "--content",
        str(corpus),
        "--output",
        str(site / "public"),
    ]
    env = {"BROADSHEET_THEMES_DIR": str(themes)}
    runs = {"cold": measure(command, env)}
    runs["nothing changed"] = measure(command, env)
    victim = sorted(corpus.rglob("*.txt"))[size // 2]
    original = victim.read_text(encoding="utf-8")
    victim.write_text(original.rstrip("\n") + " One more sentence.\n", encoding="utf-8")
    runs["one article edited"] = measure(command, env)
    victim.write_text(original, encoding="utf-8")
    measure(command, env)  # back to the corpus as generated
    base = themes / "default" / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "{# bench #}\n", encoding="utf-8")
    runs["one template edited"] = measure(command, env)
    extra = corpus / "extra" / "new-article.txt"
    extra.parent.mkdir(exist_ok=True)
    extra.write_text(
        " date 2024-06-01 https://www.example-new.com/news/extra\n\nA new article\n\n"
        "A new article\n\n01.06.2024\n\nIt was added last.It has two paragraphs.\n",
        encoding="utf-8",
    )
    runs["one article added"] = measure(command, env)
    shutil.rmtree(extra.parent)
    return runs


def checked(run: Run, output: Path, pattern: str, expected: int) -> Run:
    """A peer that exits 0 but built nothing (a missing reader, say) counts as failed."""
    built = sum(1 for _ in output.rglob(pattern)) if output.is_dir() else 0
    if run.ok and built < expected:
        message = f"built {built} pages, expected {expected}"
        return Run(run.seconds, run.peak_mib, False, message, run.peak_pss_mib)
    return run


def peer_runs(corpus: Path, work: Path, size: int) -> dict[str, dict[str, Run]]:
    peers.convert_corpus(corpus, work)
    results: dict[str, dict[str, Run]] = {}
    hugo = peers.hugo_command(work)
    if hugo:
        shutil.rmtree(work / "hugo" / "public", ignore_errors=True)
        runs = {"cold": measure([*hugo, "--gc"])}
        runs["cold"] = checked(runs["cold"], work / "hugo" / "public" / "posts", "index.html", size)
        runs["nothing changed"] = measure(hugo)
        post = sorted((work / "hugo" / "content" / "posts").glob("*.md"))[0]
        post.write_text(post.read_text() + "\nOne more sentence.\n")
        runs["one article edited"] = measure(hugo)
        results["Hugo"] = runs
    pelican = peers.pelican_command(work)
    if pelican:
        shutil.rmtree(work / "pelican" / "output", ignore_errors=True)
        shutil.rmtree(work / "pelican" / "cache", ignore_errors=True)
        runs = {"cold": measure(pelican, cwd=work / "pelican")}
        runs["cold"] = checked(runs["cold"], work / "pelican" / "output", "*-0*.html", size)
        runs["nothing changed"] = measure(pelican, cwd=work / "pelican")
        results["Pelican"] = runs
    return results


def table(size: int, results: dict[str, dict[str, Run]]) -> str:
    steps = [
        "cold",
        "nothing changed",
        "one article edited",
        "one template edited",
        "one article added",
    ]
    ours = results["Broadsheet"]
    lines = [
        f"### {size:,} articles",
        "",
        "| step | " + " | ".join(results) + " |",
        "|---|" + "---|" * len(results),
    ]
    for step in steps:
        cells = []
        for runs in results.values():
            run = runs.get(step)
            if run is None:
                cells.append("–")
            elif not run.ok:
                cells.append("failed")
            else:
                ratio = ""
                if runs is not ours and step in ours and ours[step].ok and ours[step].seconds:
                    ratio = f" ({run.seconds / ours[step].seconds:.1f}x)"
                cells.append(f"{run.seconds:.2f} s{ratio}")
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    peaks = [f"{max(r.peak_mib for r in runs.values()):.0f} MiB" for runs in results.values()]
    lines.append("| peak memory, RSS summed over the process tree | " + " | ".join(peaks) + " |")
    shares = [f"{max(r.peak_pss_mib for r in runs.values()):.0f} MiB" for runs in results.values()]
    lines.append(
        "| peak memory, PSS summed (shared pages counted once) | " + " | ".join(shares) + " |"
    )
    lines.append("")
    lines.append("Ratios in brackets: the peer's time divided by Broadsheet's (above 1: slower).")
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    hugo = peers.hugo_binary()
    hugo_version = "not installed"
    if hugo:
        said = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout
        found = re.search(r"\bv(\d+\.\d+\.\d+)", said)  # a wrapper may print a line first
        hugo_version = found.group(1) if found else "unknown"
    try:
        import pelican

        pelican_version = pelican.__version__
    except (ImportError, AttributeError):
        pelican_version = "not installed"
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; Hugo {hugo_version}; "
        f"Pelican {pelican_version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--peers", action="store_true", help="also build with Hugo and Pelican")
    parser.add_argument("--write-results", action="store_true", help="write bench/RESULTS.md")
    args = parser.parse_args()
    sections = []
    for size in (int(s) for s in args.sizes.split(",")):
        corpus = WORK / f"corpus-{size}"
        if not corpus.is_dir():
            print(f"generating {size:,} articles…", file=sys.stderr)
            write_corpus(size, corpus)
        results = {"Broadsheet": broadsheet(size, corpus)}
        for run in results["Broadsheet"].values():
            if not run.ok:
                print(run.error, file=sys.stderr)
        if args.peers:
            results.update(peer_runs(corpus, WORK / f"peers-{size}", size))
            for name, runs in results.items():
                for step, run in runs.items():
                    if not run.ok:
                        print(f"{name} {step}: {run.error}", file=sys.stderr)
        sections.append(table(size, results))
        print(sections[-1], flush=True)
    if args.write_results:
        text = (
            "# Benchmark results\n\n"
            f"Measured {dt.date.today().isoformat()} on {machine()}, with "
            f"`python bench/run.py --sizes {args.sizes}{' --peers' if args.peers else ''}`.\n\n"
            + "\n\n".join(sections)
            + "\n"
        )
        (HERE / "RESULTS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
