"""Ingest CPU time per article on one core: Broadsheet's own `ingest_file` over a folder.

python bench/ingest_bench.py bench/work/corpus-10000 [--limit 1000] [--runs 3]

Prints the best of the runs in milliseconds an article, and the paragraphs restored per
article, which shows how much the text makes the paragraph splitter work.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.config import Config  # noqa: E402
from builder.ingest import ingest_file  # noqa: E402


def ingest_ms(folder: Path, limit: int, runs: int) -> tuple[float, int, float, float, int]:
    """(best ms an article, articles, words and paragraphs an article, files with errors)."""
    files = sorted(folder.rglob("*.txt"))[:limit]
    config = Config()
    best = float("inf")
    paragraphs = errors = words = 0
    for _ in range(runs):
        paragraphs = errors = words = 0
        started = time.process_time()  # CPU time: steadier on a shared machine
        for path in files:
            article, problems, _ = ingest_file(path, path.relative_to(folder).as_posix(), config)
            if article is None or any(p.severity == "error" for p in problems):
                errors += 1
            else:
                paragraphs += article.body_html.count("<p")
                words += article.words
        best = min(best, time.process_time() - started)
    count = max(1, len(files))
    return best * 1000 / count, len(files), words / count, paragraphs / count, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ms, count, words, paragraphs, errors = ingest_ms(args.folder, args.limit, args.runs)
    print(
        f"{count} articles: {ms:.2f} ms an article, {ms * 1000 / max(words, 1):.2f} ms per "
        f"1,000 words; {words:.0f} words, {paragraphs:.1f} paragraphs an article; {errors} errors"
    )


if __name__ == "__main__":
    main()
