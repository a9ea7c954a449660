"""The benchmark's tooling at a small scale (never timed): the corpus is as hard as real
news, Broadsheet reads all of it, and bench/run.py prints its tables and targets."""

from __future__ import annotations

import collections
import importlib
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from builder.config import Config
from builder.ingest import ingest_file
from tests.conftest import CHROMIUM, ROOT, missing

BENCH = ROOT / "bench"
RAW = re.compile(
    r" date (\d{4})-(\d\d)-\d\d (https?://\S+)\n\n(.+)\n\n\4\n\n\d\d\.\d\d\.\d{4}\n\n(.+)\n"
)


def bench(name: str) -> ModuleType:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(name)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    bench("corpus").write_corpus(200, folder)
    return folder


def bodies(folder: Path) -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.txt"))}


def test_the_corpus_keeps_the_scraper_format_in_year_and_month_folders(corpus: Path) -> None:
    texts = bodies(corpus)
    assert len(texts) == 200
    for path, text in texts.items():
        found = RAW.fullmatch(text)
        assert found, f"{path.name}: not in the scraper's format: {text[:200]!r}"
        assert path.relative_to(corpus).parts[:2] == (found[1], found[2])
    urls = {RAW.fullmatch(text)[3] for text in texts.values()}  # type: ignore[index]
    assert len(urls) == 200
    assert len({url.split("/")[2] for url in urls}) >= 30
    assert len(bench("corpus").SOURCES) >= 40


def test_the_corpus_reads_like_news_in_several_scripts(corpus: Path) -> None:
    texts = list(bodies(corpus).values())
    english = [t for t in texts if t.count(" the ") >= 5]
    assert 0.7 <= len(english) / len(texts) <= 0.9  # about one article in five in another
    words = collections.Counter(w.lower() for t in english for w in re.findall(r"[A-Za-z]+", t))
    assert len(words) >= 15_000  # tens of thousands of forms at full size
    assert 0.03 <= words["the"] / sum(words.values()) <= 0.09  # a Zipf head, as in English
    mean = sum(len(t.split()) for t in english) / len(english)
    assert 750 <= mean <= 1100
    everything = "\n".join(texts)
    for script, pattern in {
        "Cyrillic": "[а-я]", "Greek": "[α-ω]", "Arabic": "[\u0600-\u06ff]",
        "Hebrew": "[\u05d0-\u05ea]", "Chinese": "[\u4e00-\u9fff]",
        "Japanese kana": "[\u30a0-\u30ff]", "accented Latin": "[éèàçñüöä]",
    }.items():  # fmt: skip
        assert re.search(pattern, everything), f"no {script} text"
    for feature, pattern in {
        "glued sentence ends": r"[a-z][.!?][”\"]?[A-Z][a-z]",
        "typographic quotes": "“[^”]+,” ", "nested quotes": "‘[^’]+’|'[^']+'",
        "straight quotes": r'"[^"]+," said', "titles": r"\b(Dr|Gen|Mr|Prof)\. [A-Z]",
        "abbreviations": r"\bU\.S\.|\b[ap]\.m\.|\be\.g\.|No\. 10",
        "thousands": r"\b\d{1,3},\d{3}\b", "per cent": r"\d\.\d%", "money": r"\$\d+\.\dbn|€\d",
        "year ranges": r"\b20\d\d-\d\d\b", "datelines": r"\n[A-Z .]+ \((Reuters|AP|AFP)\) [-—] ",
        "glued headings": r"[a-z]{3}[A-Z][a-z]+ [a-z]+",
        "URLs ending sentences": r"https://\S+\.(?: |[A-Z]|\n)",
        "e-mail addresses": r"\w@[\w.-]+\.\w+\.", "ellipses": r"…|\.\.\.", "dashes": " [—–] ",
    }.items():  # fmt: skip
        assert len(re.findall(pattern, everything)) >= 3, f"too few {feature}"


def test_the_corpus_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    write = bench("corpus").write_corpus
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        write(20, tmp_path / name, seed)
    a, b, c = (bodies(tmp_path / name) for name in "abc")
    assert [(p.relative_to(tmp_path / "a"), t) for p, t in a.items()] == [
        (p.relative_to(tmp_path / "b"), t) for p, t in b.items()
    ]
    assert list(a.values()) != list(c.values())


def test_broadsheet_reads_every_article_and_restores_paragraphs(corpus: Path) -> None:
    config = Config()
    paragraphs = 0
    for path in sorted(corpus.rglob("*.txt")):
        article, problems, _ = ingest_file(path, path.relative_to(corpus).as_posix(), config)
        errors = [p for p in problems if p.severity == "error"]
        assert article is not None and not errors, f"{path}: {errors}"
        paragraphs += article.body_html.count("<p")
    assert paragraphs >= 200 * 4


def test_peers_get_the_corpus_as_markdown(corpus: Path, tmp_path: Path) -> None:
    bench("peers").convert_corpus(corpus, tmp_path)
    assert len(list((tmp_path / "hugo" / "content" / "posts").glob("*.md"))) == 200
    assert len(list((tmp_path / "pelican" / "content").glob("*.md"))) == 200
    page = (tmp_path / "hugo" / "layouts" / "page.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in page  # Pagefind indexes what Broadsheet's pages index


def report() -> ModuleType:
    return bench("report")


def test_the_bench_site_has_the_repository_config_with_search_on_or_off() -> None:
    run = bench("run")
    shipped = tomllib.loads((ROOT / "site.toml").read_text(encoding="utf-8"))
    on, off = (tomllib.loads(run.site_config(search)) for search in (True, False))
    assert on.keys() == shipped.keys() == off.keys()
    assert on["search"] is True and off["search"] is False
    assert on["base_url"] == "https://bench.example/" and on["title"] == "Bench"
    changed = {k for k in shipped if shipped[k] != on[k]}
    assert changed <= {"title", "base_url"} | (
        {"search"} if not shipped.get("search", True) else set()
    )


@pytest.mark.browser
def test_run_prints_its_tables_search_bytes_and_targets(tmp_path: Path) -> None:
    """bench/run.py end to end at 12 articles, the default config (--quick: not search off),
    the browser's search bytes, the targets."""
    if not CHROMIUM.exists():
        missing("Debian's chromium is not installed (apt-get install chromium)")
    command = [sys.executable, str(BENCH / "run.py"), "--sizes", "12", "--quick"]
    command += ["--work", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "| step | Broadsheet (default: search on) |" in out
    for step in report().STEPS:
        assert re.search(rf"\| {step} \| \d+\.\d\d s \|", out), f"{step}: {done.stderr}"
    assert re.search(r"peak memory, RSS summed over the process tree \| [1-9]\d* MiB", out)
    found = re.search(r"the search page loads (\d+) KB; a one-word query \(`(\w+)`\) "
                      r"then fetches (\d+) KB in (\d+) requests; the article it came from "
                      r"is among the results", out)  # fmt: skip
    assert found, out
    assert int(found[1]) > 0 and int(found[3]) > 0 and int(found[4]) > 0
    assert "### Targets" in out and "| 10k cold: at most half" in out
    assert "failed" not in out and not (BENCH / "work" / "corpus-12").exists()


def test_targets_are_computed_from_the_figures() -> None:
    """Issue 14's targets, met or not, from made-up figures at 10k and 100k."""
    rep, measure = report(), bench("measure")

    def runs(cold: float, edited: float, unchanged: float, mib: float) -> dict[str, object]:
        steps = {"cold": cold, "one article edited": edited, "nothing changed": unchanged}
        return {step: measure.Run(seconds, mib, True) for step, seconds in steps.items()}

    ten = rep.Size(10_000)
    ten.builds[rep.OURS] = runs(4.0, 1.5, 0.6, 500)
    ten.builds["Hugo + Pagefind"] = runs(9.0, 9.0, 9.0, 900)
    ten.builds["Hugo"] = runs(3.0, 3.0, 3.0, 900)
    ten.search = bench("searchbytes").SearchBytes("word", 150_000, 250_000, 9, True)
    hundred = rep.Size(100_000)
    hundred.builds[rep.OURS] = runs(48.0, 9.0, 3.0, 2100)
    rows = {
        line.split(" | ")[0].lstrip("| "): line.rsplit(" | ", 1)[1].rstrip(" |")
        for line in rep.targets({10_000: ten, 100_000: hundred}).splitlines()
        if line.startswith("| ") and "---" not in line and "target |" not in line
    }
    assert rows == {
        "10k cold: at most half of Hugo + Pagefind's time": "yes",
        "10k cold, stretch: at most Hugo alone's time": "**no**",
        "10k one article edited: under 2 s": "yes",
        "10k nothing changed: under 0.5 s": "**no**",
        "peak memory at 10k: under 600 MiB (RSS summed)": "yes",
        "peak memory at 100k: under 2048 MiB (RSS summed)": "**no**",
        "100k cold: at most 11x the 10k cold": "**no**",
        "10k search, one-word query: at most 300 KB": "yes",
    }
    text = rep.targets({10_000: ten, 100_000: hundred})
    assert "| 2100 MiB (PSS summed: 0 MiB) | **no** |" in text  # the runs above hold no PSS
    only_ten = rep.targets({10_000: ten})
    assert "| 100k cold: at most 11x the 10k cold | not measured | – |" in only_ten


def test_a_cold_step_keeps_the_fastest_run_and_the_largest_memory(tmp_path: Path) -> None:
    run, measure = bench("run"), bench("measure")
    made = [tmp_path / "public", tmp_path / "spare.pickle"]
    found: list[list[str]] = []
    results = iter([measure.Run(3.0, 100, True, "", 90), measure.Run(2.0, 80, True, "", 95)])

    def build() -> object:
        found.append(sorted(p.name for p in tmp_path.iterdir()))
        made[0].mkdir()
        made[1].write_bytes(b"x")
        return next(results)

    best = run.coldest(build, lambda: made, 2)
    assert (best.seconds, best.peak_mib, best.peak_pss_mib) == (2.0, 100, 95)
    assert found == [[], []]  # each run started with nothing the last one made

    failed = measure.Run(1.0, 10, False, "exited with 1")
    assert run.coldest(lambda: failed, lambda: [], 3) is failed
