"""English vocabulary for the benchmark corpus: real common words, then tens of thousands of
generated English-like forms, drawn with Zipf frequencies; people, places and organisations.

Nothing is read from disk or the network: the same seed gives the same words.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

# Real English, roughly in order of frequency in news text (function words first).
CORE = """the of and to a in that is was for on it with said as at by he his from be
have has are an they not but this were had which who their been will its would after
or more also year about than one we two new up when there all she other over people into
last out first government her some could can years time against only if just no them
three most told week may police before while so percent what being during our
where million country like him state officials because many said very made since between
those minister president such then including both city own under through any now still
four even later how back well day between month news report should each another second
public security could national group told early former again whether around among days
take make go see get come know say including off down part long high left least group
there these however until five market prices company shares bank rates inflation economy
growth billion budget tax health hospital patients school students election vote party
parliament law court judge case trial prison war troops military forces attack ceasefire
talks agreement deal leaders spokesman spokeswoman statement council mayor residents water
energy oil gas power climate storm flood fire border refugees aid workers union strike
plan plans policy crisis support service services local regional federal central
interest investors analysts demand supply costs households families children women men
officials ministry agency committee department board chief executive director manager
according percent per cent rise fell rose fall increase decrease higher lower record
expected announced reported confirmed warned called added noted agreed refused denied
tuesday monday wednesday thursday friday saturday sunday morning evening night today
town village district province region area capital north south east west
international foreign domestic economic political social financial military legal
official senior former current next previous recent major key small large big
killed injured died arrested charged accused found held led took gave left began
quarter half third next million thousand hundred dozen several few most more less
emergency investigation inquiry evidence witnesses victims suspects reporters journalists
""".split()

ONSETS = (
    "", "b", "bl", "br", "c", "ch", "cl", "cr", "d", "dr", "f", "fl", "fr", "g", "gl", "gr",
    "h", "j", "k", "l", "m", "n", "p", "pl", "pr", "qu", "r", "s", "sc", "sh", "sl", "sm",
    "sn", "sp", "st", "str", "t", "th", "tr", "v", "w", "wh", "y", "z",
)  # fmt: skip
NUCLEI = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "a", "e", "ea", "ee", "oo", "ou", "y")
CODAS = (
    "", "", "", "", "", "", "", "b", "ck",
    "d", "ft", "g", "l", "ld", "lt", "m", "mp", "n", "nd", "nt", "ng",
    "p", "r", "rd", "rk", "rn", "rt", "s", "sh", "sk", "st", "t", "th", "x", "ll", "ss",
)  # fmt: skip
SUFFIXES = ("", "s", "ed", "ing", "er", "ers", "ly", "tion", "ment", "ness", "al", "ity", "ism")
SUFFIX_WEIGHTS = (10, 5, 4, 4, 2, 1, 2, 1, 1, 1, 1, 1, 0.5)

FIRST_NAMES = """James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William
Susan Richard Jessica Joseph Sarah Thomas Karen Charles Nancy Daniel Lisa Matthew Betty Ahmed
Fatima Mohammed Aisha Wei Li Hiroshi Yuki Olga Dmitri Ana Carlos Lucía Pierre Amélie Jürgen
Søren Ingrid Kwame Amara Chidi Ngozi Priya Rahul Arjun Sunita Mei José María Zoë Björn
Siobhán Łukasz Oğuz Nguyễn Thandiwe Mateus Giulia Francesca Kofi Yara Omar Leila Nikos
Eleni""".split()
TITLES = "Dr. Mr. Mrs. Ms. Prof. Gen. Sen. Rep. Gov. Capt. Sgt. Rev. Sir Lord Insp. Cllr.".split()
TITLES += ["Lt. Col.", "Maj. Gen."]
PLACES = """London, Washington, Paris, Berlin, Madrid, Moscow, Beijing, Tokyo, Cairo, Nairobi,
Lagos, Johannesburg, Mumbai, New Delhi, Karachi, Istanbul, Tehran, Baghdad, Kyiv, Warsaw, Rome,
Athens, Brussels, Geneva, Ottawa, Toronto, Sydney, Jakarta, Manila, Seoul, Bangkok, Hanoi, Lima,
Bogotá, Caracas, Santiago, São Paulo, Mexico City, Los Angeles, New York, Chicago, Houston,
Gaza, Jerusalem, Beirut, Damascus, Riyadh, Doha, Dubai, Kraków, Zürich, Reykjavík, Montréal,
Kharkiv, Mosul, Aleppo, Khartoum, Addis Ababa, St. Petersburg, Ft. Lauderdale, Buenos Aires,
Hong Kong, Kuala Lumpur""".replace("\n", " ").split(", ")
ACRONYMS = (
    "NATO", "U.N.", "EU", "IMF", "WHO", "OPEC", "FBI", "CIA", "U.S.", "U.K.", "NASA", "UNICEF",
    "G7", "G20", "ECB", "BBC", "AFP", "AP", "Reuters", "FIFA", "IAEA", "ASEAN", "OECD", "WTO",
)  # fmt: skip
ORG_KINDS = ("Inc.", "Corp.", "Ltd.", "Co.", "Group", "Holdings", "plc", "AG", "S.A.", "LLC")
ORG_FORMS = ["Ministry of {}", "{} Party", "{} Institute", "University of {}", "{} Council"]
ORG_FORMS += ["Bank of {}", "{} Authority", "{} Foundation", "{} Commission"]


def _syllable(rng: random.Random) -> str:
    return rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS)


def _stems(rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set(CORE)
    stems: list[str] = []
    while len(stems) < count:
        stem = "".join(_syllable(rng) for _ in range(rng.choice((1, 1, 2, 2, 2, 3))))
        if len(stem) > 2 and stem not in seen:
            seen.add(stem)
            stems.append(stem)
    return stems


class Vocabulary:
    """Zipf-distributed word forms: rank r (from 0) is drawn with weight (r + 1.8) ** -1.03,
    which gives "the" about 6% of the words and the 100 commonest about 46%, as in news."""

    def __init__(self, rng: random.Random, stems: int = 14000) -> None:
        forms = list(dict.fromkeys(CORE))
        seen = set(forms)
        for stem in _stems(rng, stems):
            picked = rng.choices(SUFFIXES, SUFFIX_WEIGHTS, k=rng.choice((1, 2, 3, 4, 5)))
            for suffix in dict.fromkeys(picked):
                form = stem + suffix
                if form not in seen:
                    seen.add(form)
                    forms.append(form)
        self.forms: Sequence[str] = forms
        self.cumulative = list(
            itertools.accumulate((rank + 1.8) ** -1.03 for rank in range(len(forms)))
        )
        self.surnames = [s.capitalize() for s in _stems(rng, 3000) if len(s) > 3]
        self.towns = [s.capitalize() + rng.choice(("ton", "ville", "burg", "ford", "by", ""))
                      for s in _stems(rng, 400)]  # fmt: skip

    def words(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.forms, cum_weights=self.cumulative, k=count)

    def content_words(self, rng: random.Random, count: int) -> list[str]:
        """Words for headings and titles: the frequent function words left out."""
        found = [w for w in self.words(rng, count * 3) if len(w) > 3][:count]
        return found or ["update"]

    def person(self, rng: random.Random, titled: float = 0.4) -> str:
        first = rng.choice(FIRST_NAMES)
        if rng.random() < 0.15:
            first += f" {rng.choice('ABCDEFGHJKLMPRSTW')}."
        name = f"{first} {rng.choice(self.surnames)}"
        return f"{rng.choice(TITLES)} {name}" if rng.random() < titled else name

    def place(self, rng: random.Random) -> str:
        return rng.choice(PLACES) if rng.random() < 0.6 else rng.choice(self.towns)

    def organisation(self, rng: random.Random) -> str:
        kind = rng.random()
        if kind < 0.3:
            return rng.choice(ACRONYMS)
        if kind < 0.6:
            return f"{rng.choice(self.surnames)} {rng.choice(ORG_KINDS)}"
        where = rng.choice(self.surnames) if rng.random() < 0.5 else rng.choice(PLACES)
        return rng.choice(ORG_FORMS).format(where)
