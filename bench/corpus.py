"""Deterministic benchmark corpus: N raw scraped articles, as the scraper writes them.

python bench/corpus.py 10000 bench/work/corpus-10000 [--seed 1]

About 900 words each in 4-12 glued paragraphs (`said.The`), quotes, numbers, abbreviations;
one title in five non-ASCII (Cyrillic, accented Latin, a few CJK); dates over three years;
40 source domains; files spread over year/month folders like a real scraper dump.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

WORDS = (
    "government officials said on tuesday that the ministry would review the plan after "
    "months of talks between regional leaders and business groups who warned about rising "
    "costs for households while analysts expected inflation to ease later this year as the "
    "central bank kept interest rates unchanged and investors watched energy prices closely "
    "in a report published by the agency the committee found that water supply projects "
    "were delayed by weather and shortages of materials across several districts where "
    "residents have waited for new schools hospitals and roads since the last election"
).split()
NAMES = ["Dr. Ana Ruiz", "Mr. Tom Hale", "Prof. Lee Chen", "Gen. Omar Said", "Ms. Eva Berg"]
CYRILLIC = "Власти обсудили новый бюджет города и планы строительства школ".split()
ACCENTED = "Le conseil municipal approuve le budget après un débat très animé".split()
CJK = ["市政府宣布新的交通计划", "地铁新线路正式开通运营", "经济数据显示增长放缓"]
SOURCES = [f"https://www.example-{name}.com" for name in range(40)]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 24))]
    if rng.random() < 0.15:
        words.insert(rng.randint(0, len(words)), f"{rng.randint(1, 99)}.{rng.randint(1, 9)}")
    if rng.random() < 0.1:
        words.insert(rng.randint(0, len(words)), "U.S.")
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    if rng.random() < 0.2:
        return f'"{text}," {rng.choice(NAMES)} said.'
    return text + "."


def title(rng: random.Random, number: int) -> str:
    kind = rng.random()
    if kind < 0.08:
        return " ".join(rng.sample(CYRILLIC, 6)).capitalize() + f" {number}"
    if kind < 0.17:
        return " ".join(rng.sample(ACCENTED, 7)).capitalize() + f" {number}"
    if kind < 0.20:
        return rng.choice(CJK) + f" {number}"
    return (
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 11))).capitalize() + f" {number}"
    )


def article(rng: random.Random, number: int, start: dt.date) -> tuple[str, str]:
    day = start + dt.timedelta(days=rng.randrange(3 * 365))
    source = rng.choice(SOURCES)
    url = f"{source}/news/{day:%Y/%m/%d}/story-{number}"
    head = title(rng, number)
    paragraphs = []
    words = 0
    while words < 900 or len(paragraphs) < 4:
        body = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
        paragraphs.append(body)
        words += body.count(" ") + 1
        if len(paragraphs) >= 12:
            break
    text = (
        f" date {day.isoformat()} {url}\n\n{head}\n\n{head}\n\n{day:%d.%m.%Y}\n\n"
        + "".join(paragraphs)  # the scraper lost every paragraph break
        + "\n"
    )
    return f"{day:%Y/%m}/{number:06d}.txt", text


def write_corpus(count: int, folder: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    start = dt.date(2022, 1, 1)
    for number in range(count):
        name, text = article(rng, number, start)
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_corpus(args.count, args.folder, args.seed)


if __name__ == "__main__":
    main()
