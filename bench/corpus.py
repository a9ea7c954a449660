"""Deterministic benchmark corpus: N raw scraped articles, as hard to read as real news.

python bench/corpus.py 10000 bench/work/corpus-10000 [--seed 1]

About 900 words an article (from 150 to 3,000) in glued paragraphs (`said.The`), drawn from
a Zipf-distributed vocabulary of tens of thousands of word forms (`words`), with people and
their titles (Dr., Gen.), places, organisations and acronyms (NATO, U.N.), straight,
typographic and nested quotes, abbreviations (U.S., a.m., Jan. 15, No. 10, e.g.), numbers
(1,200; 3.5%; $4.2bn; €20; 2024-25), datelines, headings and captions glued to the next
sentence, URLs and e-mail addresses ending sentences, ellipses and dashes. One article in
five is wholly in another language and script (`languages`); a few English ones quote
another script. Dates span three years, 54 sources, files in year/month folders.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import re
from pathlib import Path

from languages import Language, prepared
from words import ACRONYMS, Vocabulary

AGENCIES = ("Reuters", "AP", "AFP", "Bloomberg", "dpa")
MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.")
ABBREVIATIONS = ("U.S.", "U.K.", "e.g.", "i.e.", "etc.", "vs.", "approx.", "No. 10", "St.")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SECTIONS = ("world", "politics", "business", "markets", "health", "science", "local", "sport")
ENGLISH_SOURCES = [
    f"https://www.{a}-{b}.{tld}"
    for a, b, tld in zip(
        "daily evening morning northern southern western eastern city county metro".split() * 4,
        "ledger courier herald tribune post times gazette chronicle observer record".split() * 4,
        ("com", "co.uk", "org", "news") * 10,
        strict=True,
    )
][:36]
FOREIGN_SOURCES = {
    code: [f"https://www.{code}-{name}.example" for name in ("journal", "nouvelles")]
    for code in ("fr", "de", "es", "ru", "el", "ar", "he", "zh", "ja")
}
SOURCES = ENGLISH_SOURCES + [s for group in FOREIGN_SOURCES.values() for s in group]


def number(rng: random.Random) -> str:
    """A figure as news writes it."""
    kind = rng.randrange(11)
    whole, tenth = rng.randint(2, 999), rng.randint(1, 9)
    if kind == 0:
        return f"{whole},{rng.randint(0, 999):03d}"
    if kind == 1:
        return f"{whole % 100}.{tenth}%"
    if kind == 2:
        return f"${whole % 50}.{tenth}bn"
    if kind == 3:
        return f"€{whole}"
    if kind == 4:
        return f"£{whole % 90}.{tenth}m"
    if kind == 5:
        year = rng.randint(2015, 2025)
        return f"{year}-{(year + 1) % 100:02d}"
    if kind == 6:
        return f"{whole % 100}.{rng.randint(0, 99):02d} percent"
    if kind == 7:
        return f"the {rng.choice(('19', '20'))}{tenth}0s"
    if kind == 8:
        day = whole % 31 + 1
        ending = "th" if 10 < day < 14 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        return f"{day}{ending}"
    if kind == 9:
        return f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(('a.m.', 'p.m.'))}"
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"


class Writer:
    """Articles from one seeded generator: the same seed gives the same corpus."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocab = Vocabulary(random.Random(seed * 7919 + 1))
        self.languages = prepared(random.Random(seed * 7919 + 2))

    def phrase(self, count: int, cast: list[str]) -> str:
        rng = self.rng
        words = self.vocab.words(rng, count)
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            kind = rng.random()
            if kind < 0.35:
                extra = rng.choice(cast)
            elif kind < 0.6:
                extra = number(rng)
            elif kind < 0.75:
                extra = rng.choice(ABBREVIATIONS)
            elif kind < 0.85:
                extra = self.vocab.place(rng)
            elif kind < 0.95:
                extra = self.vocab.organisation(rng)
            else:
                extra = rng.choice(
                    ("#" + words[-1], "@" + words[0] + "_news", "(" + words[0] + ")")
                )
            words.insert(rng.randint(0, len(words)), extra)
        if rng.random() < 0.35:
            at = rng.randint(1, len(words) - 1)
            words[at] += rng.choice((",", ",", ",", ";", ":", " —", " –", " --"))
        text = " ".join(words)
        return text[0].upper() + text[1:]

    def sentence(self, cast: list[str]) -> str:
        rng = self.rng
        body = self.phrase(rng.randint(6, 26), cast)
        who = rng.choice(cast)
        kind = rng.random()
        if kind < 0.07:
            return f"“{body},” {who} said."
        if kind < 0.12:
            role = rng.choice(("chief", "spokesperson", "director"))
            return f'"{body}," said {who}, {self.vocab.organisation(rng)} {role}.'
        if kind < 0.14:
            inner = " ".join(self.vocab.words(rng, rng.randint(2, 5)))
            if rng.random() < 0.5:
                return f"“{body} ‘{inner}’ now,” {who} said."
            return f"\"{body} '{inner}',\" {who} told reporters."
        if kind < 0.16:
            return f"“{body}?” {who} asked. “{self.phrase(rng.randint(3, 9), cast)}.”"
        if kind < 0.22:
            return f"{who} said on {rng.choice(WEEKDAYS)} that {body[0].lower()}{body[1:]}."
        if kind < 0.235:
            path = "-".join(self.vocab.words(rng, 3))
            return f"{body} at https://www.{rng.choice(SOURCES)[12:]}/reports/{path}."
        if kind < 0.245:
            return f"{body}, contact {self.vocab.words(rng, 1)[0]}@{rng.choice(SOURCES)[12:]}."
        if kind < 0.27:
            return f"{body}{rng.choice(('…', '...'))} {self.phrase(rng.randint(3, 9), cast)}."
        return f"{body}!" if kind < 0.28 else f"{body}."

    def title(self, cast: list[str]) -> str:
        rng = self.rng
        head = self.phrase(rng.randint(5, 11), [cast[0], self.vocab.place(rng)])
        head = re.sub(r"[,;:]$", "", head)
        if rng.random() < 0.15:
            head = f"‘{self.phrase(rng.randint(2, 5), cast)}’: {head[0].lower()}{head[1:]}"
        return head

    def dateline(self) -> str:
        rng = self.rng
        place, agency = self.vocab.place(rng).upper(), rng.choice(AGENCIES)
        if rng.random() < 0.5:
            return f"{place} ({agency}) - "
        return f"{place}, {rng.choice(MONTHS)} {rng.randint(1, 28)} ({agency}) — "

    def paragraph(self, cast: list[str], first: bool) -> str:
        """Sentences, perhaps after a heading or a photo caption glued to the first one."""
        rng = self.rng
        text = " ".join(self.sentence(cast) for _ in range(rng.randint(1, 5)))
        if not first and rng.random() < 0.1:
            heading = " ".join(self.vocab.content_words(rng, rng.randint(1, 4)))
            text = heading.capitalize() + text
        if rng.random() < 0.04:
            where = f"{self.vocab.place(rng)} on {number(rng)}"
            credit = f"{rng.choice(AGENCIES).upper()}/{self.vocab.person(rng, 0)}"
            text = f"{self.phrase(8, cast)} in {where}. {credit}" + text
        if rng.random() < 0.03:
            text = rng.choice(("Advertisement", "Read more:", "Share this article")) + text
        return text

    def english(self, words: int) -> tuple[str, str]:
        rng = self.rng
        cast = [self.vocab.person(rng) for _ in range(rng.randint(1, 4))]
        cast += [*(name.split()[-1] for name in cast), rng.choice(ACRONYMS)]
        head = self.title(cast)
        paragraphs = [self.dateline()] if rng.random() < 0.4 else []
        count = 0
        while count < words:
            paragraphs.append(self.paragraph(cast, not paragraphs))
            count += paragraphs[-1].count(" ") + 1
        if rng.random() < 0.08:  # a sentence quoting another script
            foreign = rng.choice(self.languages)
            opening, closing = foreign.quotes
            quoted = foreign.sentence(rng, 4).rstrip(foreign.stop)
            paragraphs.insert(-1, f"The sign read {opening}{quoted}{closing} in {foreign.code}.")
        if rng.random() < 0.2:
            editors = f"{self.vocab.person(rng, 0)}; Editing by {self.vocab.person(rng, 0)}"
            paragraphs.append(f"(Reporting by {editors})")
        return head, "".join(paragraphs)

    def foreign(self, language: Language, words: int) -> tuple[str, str]:
        rng = self.rng
        head = language.sentence(rng, rng.randint(5, 10)).rstrip(language.stop)
        paragraphs: list[str] = []
        count = 0
        scale = 0.5 if not language.spaced else 1.0  # about two characters a word
        while count < words:
            sentences = [
                language.sentence(rng, rng.randint(5, 22)) for _ in range(rng.randint(1, 5))
            ]
            paragraph = (" " if language.spaced else "").join(sentences)
            paragraphs.append(paragraph)
            count += int((paragraph.count(" ") + 1) if language.spaced else len(paragraph) * scale)
        return head, "".join(paragraphs)

    def article(self, number_: int, start: dt.date) -> tuple[str, str]:
        rng = self.rng
        day = start + dt.timedelta(days=rng.randrange(3 * 365))
        words = max(150, min(3000, int(rng.lognormvariate(math.log(830), 0.4))))
        if rng.random() < 0.2:
            language = rng.choices(self.languages, [lang.weight for lang in self.languages])[0]
            head, body = self.foreign(language, words)
            source = rng.choice(FOREIGN_SOURCES[language.code])
            url = f"{source}/{rng.choice(SECTIONS)}/{day:%Y%m%d}/article-{number_}.html"
        else:
            head, body = self.english(words)
            source = rng.choice(ENGLISH_SOURCES)
            slug = "-".join(re.findall(r"[a-z0-9]+", head.lower())[:8])
            url = f"{source}/{rng.choice(SECTIONS)}/{day:%Y/%m/%d}/{slug}-{number_}"
            url += rng.choice(("", "", ".html", "/", "?utm_source=rss&utm_medium=feed"))
        text = f" date {day.isoformat()} {url}\n\n{head}\n\n{head}\n\n{day:%d.%m.%Y}\n\n{body}\n"
        return f"{day:%Y/%m}/{number_:06d}.txt", text


def write_corpus(count: int, folder: Path, seed: int = 1) -> None:
    writer = Writer(seed)
    start = dt.date(2022, 1, 1)
    for index in range(count):
        name, text = writer.article(index, start)
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
