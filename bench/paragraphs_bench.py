"""Paragraph restoration: precision and recall over the labelled set, and time per article.

python bench/paragraphs_bench.py [--runs 1000] [--corpus DIR]

Three kinds of 900-word glued bodies are timed (900 words ≈ 1,800 characters of CJK):
"news" joins the bodies of the sample articles in content/ (a lost break every 40 words or
so, as in real scraped news), "dense" joins the labelled cases (one every 7 words, a worst
case), "CJK" joins the Chinese and Japanese cases. `--corpus` also times the bodies of a
corpus made by bench/corpus.py, as ingest splits them. Nothing is asserted; tests never time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder import rawtext  # noqa: E402
from builder.paragraphs import split_paragraphs  # noqa: E402

CASES = ROOT / "tests" / "data" / "paragraph_cases.tsv"
MARK = " ¶ "
WORDS = 900
CJK = {"zh", "ja"}


def cases() -> list[tuple[str, str]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, expected = line.split("\t", 1)
            rows.append((language, expected))
    return rows


def offsets(parts: list[str]) -> set[int]:
    found, position = set(), 0
    for part in parts[:-1]:
        position += len(part)
        found.add(position)
    return found


def scores(rows: list[tuple[str, str]]) -> tuple[float, float, int]:
    found = wanted = hits = 0
    for _, expected in rows:
        gold = offsets(expected.split(MARK))
        got = offsets(split_paragraphs(expected.replace(MARK, "")))
        found, wanted, hits = found + len(got), wanted + len(gold), hits + len(got & gold)
    return (hits / found if found else 1.0), (hits / wanted if wanted else 1.0), wanted


def glue(texts: list[str], cjk: bool) -> str:
    """Texts glued end to end (as the scraper glues paragraphs) until 900 words."""
    body, words, index = [], 0, 0
    while words < WORDS:
        text = texts[index % len(texts)]
        body.append(text)
        words += len(text) // 2 if cjk else len(text.split())
        index += 1
    return "".join(body)


def news_bodies() -> list[str]:
    """The bodies of the sample raw articles in alphabetic scripts (after the 8-line head)."""
    bodies = []
    for path in sorted((ROOT / "content").rglob("*.txt")):
        body = " ".join(path.read_text(encoding="utf-8").splitlines()[8:]).strip()
        if body and not any("\u3040" <= char <= "\u9fff" for char in body):
            bodies.append(body)
    return bodies


def time_per_call(text: str, runs: int) -> float:
    """The best of five rounds of the mean CPU seconds per call (CPU time, so that other
    processes on a busy machine do not count)."""
    rounds = []
    for _ in range(5):
        start = time.process_time()
        for _ in range(runs):
            split_paragraphs(text)
        rounds.append((time.process_time() - start) / runs)
    return min(rounds)


def corpus_blocks(folder: Path) -> list[str]:
    """The body blocks of every raw article in `folder`, as ingest hands them to the split."""
    blocks = []
    for path in sorted(folder.rglob("*.txt")):
        raw, _ = rawtext.parse(path.read_text(encoding="utf-8"), str(path))
        if raw is not None:
            blocks += raw.body.split("\n\n")
    return blocks


def time_corpus(folder: Path) -> None:
    """CPU time per article over a generated corpus: the median of five rounds."""
    blocks, articles = corpus_blocks(folder), len(list(folder.rglob("*.txt")))
    rounds = []
    for _ in range(5):
        start = time.process_time()
        for block in blocks:
            split_paragraphs(block)
        rounds.append((time.process_time() - start) / max(articles, 1))
    print(f"corpus of {articles} articles: {sorted(rounds)[2] * 1e6:.1f} µs per article")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="calls per timing round")
    parser.add_argument("--corpus", type=Path, help="a folder made by bench/corpus.py")
    arguments = parser.parse_args()
    runs = arguments.runs
    rows = cases()
    precision, recall, breaks = scores(rows)
    print(
        f"paragraph breaks: precision={precision:.3f} recall={recall:.3f} "
        f"over {breaks} breaks in {len(rows)} cases"
    )
    for name, subset in (
        ("alphabetic scripts", [row for row in rows if row[0] not in CJK]),
        ("CJK", [row for row in rows if row[0] in CJK]),
    ):
        p, r, n = scores(subset)
        print(f"  {name}: precision={p:.3f} recall={r:.3f} over {n} breaks")
    cases_text = {
        cjk: [e.replace(MARK, "") for g, e in rows if (g in CJK) == cjk] for cjk in (0, 1)
    }
    articles = [("news", glue(news_bodies() or cases_text[0], cjk=False))]
    articles += [("dense", glue(cases_text[0], cjk=False)), ("CJK", glue(cases_text[1], cjk=True))]
    for name, text in articles:
        seconds = time_per_call(text, runs)
        print(
            f"{name} 900-word article ({len(text)} characters, "
            f"{len(split_paragraphs(text))} paragraphs): {seconds * 1e6:.1f} µs per article"
        )
    if arguments.corpus:
        time_corpus(arguments.corpus)


if __name__ == "__main__":
    main()
