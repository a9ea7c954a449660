"""Tag and source names: spellings of one name merge; different names never share a URL
(`C`, `C++`, `C#` used to merge into one "C" page), whatever order the articles come in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.config import load
from builder.model import Article
from builder.pipeline import build
from builder.site import assemble
from builder.slugs import SLUG, name_slug
from builder.urls import Urls

DAY = dt.datetime(2024, 11, 8, 12, tzinfo=dt.UTC)


def article(source: str, tags: tuple[str, ...] = (), source_name: str = "") -> Article:
    stem = source.removesuffix(".md")
    return Article(
        source=source,
        title=stem,
        date=DAY,
        slug=stem,
        source_url=f"https://example.com/{stem}",
        source_name=source_name,
        tags=tags,
    )


def sections(tags: dict[str, tuple[str, ...]]) -> tuple[dict[str, str], list[str]]:
    """tag → its section, and the site's warnings, for articles tagged as given."""
    site = assemble([article(source, names) for source, names in tags.items()])
    urls = Urls("https://example.org/", site.tag_slugs, site.source_slugs)
    return {tag: urls.tag_section(tag) for tag in site.tags}, [p.message for p in site.problems]


def test_c_cpp_and_csharp_get_pages_of_their_own() -> None:
    got, warnings = sections({"a.md": ("C",), "b.md": ("C++",), "c.md": ("C#",)})
    assert got == {"C": "tags/c", "C#": "tags/c-sharp", "C++": "tags/c-plus-plus"}
    assert warnings == []


def test_spellings_of_one_name_share_one_page() -> None:
    got, warnings = sections(
        {"a.md": ("Climate change",), "b.md": ("climate-change",), "c.md": ("CLIMATE  CHANGE",)}
    )
    assert got == {"CLIMATE  CHANGE": "tags/climate-change"}
    assert warnings == []


def test_names_whose_slugs_collide_stay_apart_with_a_warning() -> None:
    got, warnings = sections({"a.md": ("AT&T",), "b.md": ("AT-T",), "c.md": ("AT T!",)})
    assert got["AT-T"] == "tags/at-t"  # the first by name ("at t") keeps the slug
    others = {got["AT&T"], got["AT T!"]}
    assert len(others) == 2 and all(s.startswith("tags/at-t-") for s in others)
    assert len(warnings) == 2
    for name in ("AT&T", "AT T!"):
        (message,) = [w for w in warnings if w.startswith(f"tags: {name!r}")]
        assert "'AT-T' would share tags/at-t/" in message
        assert f"published at {got[name]}/" in message


def test_a_suffix_does_not_depend_on_order_or_other_names() -> None:
    one, _ = sections({"a.md": ("AT&T",), "b.md": ("AT-T",)})
    two, _ = sections({"z.md": ("AT-T", "Economy"), "b.md": ("AT&T", "C++"), "c.md": ("AT T!",)})
    assert one["AT&T"] == two["AT&T"]


def test_sources_collide_and_warn_the_same_way() -> None:
    site = assemble(
        [article("a.md", source_name="Le Monde"), article("b.md", source_name="Le-Monde!")]
    )
    urls = Urls("https://example.org/", site.tag_slugs, site.source_slugs)
    assert urls.source_section("Le Monde") == "sources/le-monde"
    assert urls.source_section("Le-Monde!").startswith("sources/le-monde-")
    assert any("sources: 'Le-Monde!'" in p.message and p.path == "b.md" for p in site.problems)


NAMES = st.text(alphabet="Cc+#- &.", min_size=1, max_size=5).filter(lambda n: n.strip())


@settings(deadline=None)  # two small assemblies an example; a loaded machine is slow
@given(st.lists(NAMES, min_size=1, max_size=8, unique=True), st.randoms())
def test_different_names_never_share_a_section(names: list[str], random) -> None:  # type: ignore[no-untyped-def]
    tags = {f"{i:02d}.md": (name,) for i, name in enumerate(names)}
    got, _ = sections(tags)
    assert len(set(got.values())) == len(got)
    assert all(SLUG.fullmatch(section.removeprefix("tags/")) for section in got.values())
    shuffled = list(tags.items())
    random.shuffle(shuffled)
    renamed = {f"{i:02d}x.md": names for i, (_, names) in enumerate(shuffled)}
    assert sections(renamed)[0] == got


def test_name_slug_spells_out_plus_and_sharp_that_end_a_word() -> None:
    assert name_slug("Notepad++") == "notepad-plus-plus"
    assert name_slug("F# 8") == "f-sharp-8"
    assert name_slug("#MeToo") == "metoo"
    assert name_slug("a+b") == "a-b"


def test_the_build_publishes_one_tag_page_and_feed_each(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for name, tag in (
        ("c", "C"),
        ("cpp", "C++"),
        ("csharp", "C#"),
        ("att", "AT&T"),
        ("at", "AT-T"),
    ):
        (content / f"{name}.md").write_text(
            f"---\ntitle: Story {name}\ndate: 2024-11-08\nsource_url: https://e.com/{name}\n"
            f'tags: ["{tag}"]\n---\n\nBody.\n',
            encoding="utf-8",
        )
    (tmp_path / "site.toml").write_text(
        'title = "T"\nbase_url = "https://x.example/"\nsearch = false\n', encoding="utf-8"
    )
    result = build(load(tmp_path / "site.toml"), jobs=1)
    assert [p.path for p in result.warnings] == ["att.md"]
    out = tmp_path / "public"
    tags = sorted(p.name for p in (out / "tags").iterdir() if p.is_dir())
    assert tags[:4] == ["at-t", tags[1], "c", "c-plus-plus"] and tags[4] == "c-sharp"
    assert tags[1].startswith("at-t-")
    for tag, name in (("c", "c"), ("c-plus-plus", "cpp"), ("c-sharp", "csharp")):
        feed = feedparser.parse((out / "tags" / tag / "feed.xml").read_bytes())
        assert not feed.bozo
        assert [e.link for e in feed.entries] == [f"https://x.example/articles/story-{name}/"]
    article = (out / "articles" / "story-cpp" / "index.html").read_text(encoding="utf-8")
    assert 'href="/tags/c-plus-plus/"' in article
