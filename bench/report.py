"""The benchmark's tables, and which of issue 14's targets a run meets."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import peers
from measure import Run
from searchbytes import SearchBytes

STEPS = (
    "cold",
    "nothing changed",
    "one article edited",
    "another article edited",
    "one template edited",
    "one article added",
)
OURS = "Broadsheet (default: search on)"
OURS_OFF = "Broadsheet (search off)"
# Whose time a peer's is divided by: the Broadsheet build that does the same work.
BASELINE = {"Hugo + Pagefind": OURS, "Hugo": OURS_OFF, "Pelican": OURS_OFF}


@dataclass
class Size:
    articles: int
    builds: dict[str, dict[str, Run]] = field(default_factory=dict)
    search: SearchBytes | None = None


def _cell(runs: dict[str, Run], step: str, base: dict[str, Run] | None) -> str:
    run = runs.get(step)
    if run is None:
        return "–"
    if not run.ok:
        return "failed"
    ratio = ""
    if base is not None and step in base and base[step].ok and base[step].seconds:
        ratio = f" ({run.seconds / base[step].seconds:.1f}x)"
    return f"{run.seconds:.2f} s{ratio}"


def peak(runs: dict[str, Run], pss: bool = False) -> float:
    return max((r.peak_pss_mib if pss else r.peak_mib) for r in runs.values())


def table(size: Size) -> str:
    builds = size.builds
    lines = [
        f"### {size.articles:,} articles",
        "",
        "| step | " + " | ".join(builds) + " |",
        "|---|" + "---|" * len(builds),
    ]
    for step in STEPS:
        cells = [
            _cell(runs, step, builds.get(BASELINE.get(name, ""))) for name, runs in builds.items()
        ]
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    rss = [f"{peak(runs):.0f} MiB" for runs in builds.values()]
    lines.append("| peak memory, RSS summed over the process tree | " + " | ".join(rss) + " |")
    shares = [f"{peak(runs, pss=True):.0f} MiB" for runs in builds.values()]
    lines.append(
        "| peak memory, PSS summed (shared pages counted once) | " + " | ".join(shares) + " |"
    )
    lines.append("")
    if len(builds) > 2:
        lines.append(
            "Ratios in brackets: the peer's time divided by Broadsheet's doing the same work "
            "(Hugo + Pagefind against Broadsheet with search, Hugo and Pelican against "
            "Broadsheet without); above 1: slower."
        )
    if size.search is not None:
        lines.append("")
        lines.append(search_line(size.search))
    return "\n".join(lines)


def search_line(found: SearchBytes) -> str:
    if found.error:
        return f"Search bytes: not measured ({found.error})."
    result = (
        "the article it came from is among the results"
        if found.found
        else ("**the article it came from was not found among the results**")
    )
    return (
        f"Search in Chromium: the search page loads {found.page_bytes / 1024:.0f} KB; a "
        f"one-word query (`{found.word}`) then fetches {found.query_bytes / 1024:.0f} KB in "
        f"{found.query_requests} requests; {result}."
    )


def _seconds(size: Size | None, who: str, step: str) -> float | None:
    run = size.builds.get(who, {}).get(step) if size else None
    return run.seconds if run is not None and run.ok else None


def _row(target: str, value: float | None, limit: float | None, shown: str) -> list[str]:
    if value is None or limit is None:
        return [target, "not measured", "–"]
    return [target, shown, "yes" if value <= limit else "**no**"]


def targets(sizes: dict[int, Size]) -> str:
    """Issue 14's targets, each with the figure measured and whether it is met."""
    ten, hundred = sizes.get(10_000), sizes.get(100_000)
    cold = _seconds(ten, OURS, "cold")
    pair = _seconds(ten, "Hugo + Pagefind", "cold")
    hugo = _seconds(ten, "Hugo", "cold")
    rows = [
        _row("10k cold: at most half of Hugo + Pagefind's time", cold,
             pair and pair / 2, f"{cold or 0:.2f} s against {pair or 0:.2f} s"),
        _row("10k cold, stretch: at most Hugo alone's time", cold, hugo,
             f"{cold or 0:.2f} s against {hugo or 0:.2f} s"),
    ]  # fmt: skip
    for step, limit in (("one article edited", 2.0), ("nothing changed", 0.5)):
        value = _seconds(ten, OURS, step)
        rows.append(_row(f"10k {step}: under {limit:g} s", value, limit, f"{value or 0:.2f} s"))
    for label, size, limit in (("10k", ten, 600), ("100k", hundred, 2048)):
        value = peak(size.builds[OURS]) if size and OURS in size.builds else None
        shared = peak(size.builds[OURS], pss=True) if size and OURS in size.builds else 0
        shown = f"{value or 0:.0f} MiB (PSS summed: {shared:.0f} MiB)"
        target = f"peak memory at {label}: under {limit} MiB (RSS summed)"
        rows.append(_row(target, value, limit, shown))
    big = _seconds(hundred, OURS, "cold")
    rows.append(_row("100k cold: at most 11x the 10k cold", big, cold and cold * 11,
                     f"{(big or 0) / (cold or 1):.1f}x ({big or 0:.1f} s)"))  # fmt: skip
    found = ten.search if ten else None
    query = found.query_bytes / 1024 if found and not found.error else None
    row = _row("10k search, one-word query: at most 300 KB", query, 300, f"{query or 0:.0f} KB")
    if found and not found.error and not found.found:
        row[2] = "**no** (the article was not among the results)"
    rows.append(row)
    lines = ["### Targets (issue 14; default config, search on)", ""]
    lines += ["| target | measured | met |", "|---|---|---|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
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
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; "
        + "; ".join(f"{name} {version}" for name, version in _versions())
    )


def _versions() -> list[tuple[str, str]]:
    found = []
    hugo = peers.hugo_binary()
    said = (
        subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout
        if hugo
        else ""
    )
    match = re.search(r"\bv(\d+\.\d+\.\d+)", said)  # a wrapper may print a line first
    found.append(("Hugo", match.group(1) if match else "not installed"))
    for module in ("pagefind", "pelican"):
        try:
            from importlib.metadata import version

            found.append((module.capitalize(), version(module)))
        except Exception:
            found.append((module.capitalize(), "not installed"))
    return found
