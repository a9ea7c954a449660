"""`builder.themes` and `builder.templates`: chains, overrides, `!theme/` lookups, bad themes."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2 import TemplateSyntaxError

from builder.templates import SITE_WIDE, environment, template_digest
from builder.themes import BUILTIN, ThemeError, resolve, static_files


def theme(root: Path, name: str, toml: str | None = None, **files: str) -> Path:
    """A theme folder; `files` maps `templates__x.html` / `static__y.css` to their text."""
    folder = root / name
    folder.mkdir(parents=True)
    if toml is not None:
        (folder / "theme.toml").write_text(toml, encoding="utf-8")
    for key, text in files.items():
        path = folder.joinpath(*key.split("__"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def test_builtin_newsprint_extends_default() -> None:
    chain = resolve(BUILTIN, "newsprint")
    assert chain.names == ("newsprint", "default")
    assert chain.template_dirs == (BUILTIN / "newsprint/templates", BUILTIN / "default/templates")


def test_overrides_come_first_then_the_theme_then_its_parents(tmp_path: Path) -> None:
    themes = tmp_path / "themes"
    theme(themes, "base2", 'extends = "default"\n', templates__a="base2")
    theme(themes, "child", 'extends = "base2"\n', templates__a="child")
    overrides = tmp_path / "overrides"
    (overrides / "templates").mkdir(parents=True)
    chain = resolve(themes, "child", overrides)
    assert chain.names == ("child", "base2", "default")
    assert chain.template_dirs[0] == overrides / "templates"
    assert chain.theme_dirs == (themes / "child", themes / "base2", BUILTIN / "default")


def test_a_theme_without_theme_toml_extends_default(tmp_path: Path) -> None:
    theme(tmp_path, "plain", templates__x="x")
    assert resolve(tmp_path, "plain").names == ("plain", "default")


def test_a_site_theme_named_default_replaces_the_builtin(tmp_path: Path) -> None:
    theme(tmp_path, "default", templates__x="x")
    chain = resolve(tmp_path, "default")
    assert chain.names == ("default",)
    assert chain.theme_dirs == (tmp_path / "default",)


@pytest.mark.parametrize(
    ("themes", "name", "words"),
    [
        ({"a": 'extends = "b"\n', "b": 'extends = "a"\n'}, "a", ["loop", "a → b"]),
        ({"a": 'extends = "a"\n'}, "a", ["loop"]),
        ({}, "nope", ["'nope' not found"]),
        ({"a": 'extends = "missing"\n'}, "a", ["'missing' not found"]),
        ({"a": "extends = [\n"}, "a", ["theme.toml"]),
        ({"a": "extends = 3\n"}, "a", ["must be a theme name"]),
        ({"a": 'extends = "../etc"\n'}, "a", ["must be a theme name"]),
        ({"a": 'extends = ""\n'}, "a", ["must be a theme name"]),
        ({"a": 'colour = "red"\n'}, "a", ["unknown key 'colour'"]),
    ],
)
def test_bad_themes_are_named_with_the_reason(
    tmp_path: Path, themes: dict[str, str], name: str, words: list[str]
) -> None:
    for folder, toml in themes.items():
        theme(tmp_path, folder, toml)
    with pytest.raises(ThemeError) as caught:
        resolve(tmp_path, name)
    for word in words:
        assert word in str(caught.value)


def test_a_theme_toml_that_is_not_utf8_is_a_theme_error(tmp_path: Path) -> None:
    folder = theme(tmp_path, "a")
    (folder / "theme.toml").write_bytes(b'extends = "\xff"\n')
    with pytest.raises(ThemeError, match=r"theme\.toml"):
        resolve(tmp_path, "a")


def test_templates_resolve_through_the_chain_and_bang_reaches_one_theme(tmp_path: Path) -> None:
    themes = tmp_path / "themes"
    theme(
        themes,
        "child",
        templates__page="[{% block b %}child{% endblock %}]",
        templates__only="child only",
    )
    overrides = tmp_path / "overrides"
    (overrides / "templates").mkdir(parents=True)
    (overrides / "templates" / "page").write_text(
        '{% extends "!child/page" %}{% block b %}override+{{ super() }}{% endblock %}'
    )
    env = environment(resolve(themes, "child", overrides))
    assert env.get_template("page").render() == "[override+child]"
    assert env.get_template("only").render() == "child only"
    # a template the child does not have comes from default
    robots = env.get_template("robots.txt").filename
    assert robots == str(BUILTIN / "default" / "templates" / "robots.txt")
    bang = env.get_template("!default/base.html").filename
    assert bang == str(BUILTIN / "default" / "templates" / "base.html")


def test_static_files_from_higher_priority_folders_hide_the_same_name(tmp_path: Path) -> None:
    themes = tmp_path / "themes"
    theme(themes, "child", **{"static__style.css": "child css"})
    overrides = tmp_path / "overrides"
    (overrides / "static" / "img").mkdir(parents=True)
    (overrides / "static" / "img" / "logo.svg").write_text("<svg/>")
    (overrides / "static" / ".hidden").write_text("secret")
    files = static_files(resolve(themes, "child", overrides))
    assert files["style.css"] == themes / "child" / "static" / "style.css"
    assert files["img/logo.svg"] == overrides / "static" / "img" / "logo.svg"
    assert files["favicon.svg"] == BUILTIN / "default" / "static" / "favicon.svg"
    assert ".hidden" not in files
    assert list(files) == sorted(files)


def test_fingerprint_changes_when_any_theme_file_changes(tmp_path: Path) -> None:
    themes = tmp_path / "themes"
    folder = theme(themes, "child", templates__a="one", **{"static__x.css": "x"})
    before = resolve(themes, "child").fingerprint()
    assert resolve(themes, "child").fingerprint() == before
    (folder / "static" / "x.css").write_text("changed, longer")
    assert resolve(themes, "child").fingerprint() != before


def test_template_digest_follows_extends_includes_and_imports(tmp_path: Path) -> None:
    themes = tmp_path / "themes"
    folder = theme(
        themes,
        "t",
        templates__page='{% extends "layout" %}{% import "macros" as m %}',
        templates__layout='{% include "part" %}',
        templates__part="part one",
        templates__macros="{% macro x() %}{% endmacro %}",
        templates__other="unrelated",
    )
    env = environment(resolve(themes, "t"))
    before = template_digest(env, "page", {})
    (folder / "templates" / "other").write_text("changed")
    assert template_digest(environment(resolve(themes, "t")), "page", {}) == before
    (folder / "templates" / "part").write_text("part two")
    assert template_digest(environment(resolve(themes, "t")), "page", {}) != before


def test_memo_renders_a_fragment_once_per_key_and_place(tmp_path: Path) -> None:
    themes = tmp_path / "themes"
    theme(
        themes,
        "t",
        templates__page=(
            "{% for x in items %}{% memo x %}[{{ count(x) }}]{% endmemo %}{% endfor %}"
            "|{% memo items[0] %}<{{ count(items[0]) }}>{% endmemo %}"
        ),
    )
    env = environment(resolve(themes, "t"))
    calls: list[str] = []
    env.globals["count"] = lambda x: calls.append(x) or f"{x}{len(calls)}"
    page = env.get_template("page")
    assert page.render(items=["a", "b", "a"]) == "[a1][b2][a1]|<a3>"
    assert page.render(items=["b", "<"]) == "[b2][&lt;4]|<b5>"  # still escaped, memo kept
    assert calls == ["a", "b", "a", "<", "b"]


@pytest.mark.parametrize(
    ("body", "stray"),
    [
        ("{% memo x %}{{ page_path }}{% endmemo %}", "page_path"),
        ('{% memo "masthead" %}<a aria-current="{{ here }}">{% endmemo %}', "here"),
        ("{% memo x.id %}{{ x.title }}{{ edition.title }}{% endmemo %}", "edition"),
        ("{% memo x %}{{ fmt(page) }}{% endmemo %}", "page"),  # an argument read is a read
    ],
)
def test_a_memo_that_reads_the_page_is_refused_when_compiled(
    tmp_path: Path, body: str, stray: str
) -> None:
    """A fragment reused on every page must not read page values: refused, with the line."""
    themes = tmp_path / "themes"
    theme(themes, "t", templates__page="first line\n" + body)
    env = environment(resolve(themes, "t"))
    with pytest.raises(TemplateSyntaxError, match=f"reads '{stray}'") as caught:
        env.get_template("page")
    assert caught.value.lineno == 2


def test_a_memo_may_read_its_keys_site_wide_values_its_own_names_and_macros(
    tmp_path: Path,
) -> None:
    themes = tmp_path / "themes"
    source = (
        "{% macro fmt(v) %}<{{ v }}>{% endmacro %}"
        "{% memo x.id, level %}{% set n = x.id * 2 %}{{ site }} {{ x.title }} {{ n }} "
        "{% for y in x.parts %}{{ fmt(y) }}{{ loop.index }}{% endfor %} {{ level }}"
        "{{ _('Hello') }}{% endmemo %}"
    )
    theme(themes, "t", templates__page=source)
    env = environment(resolve(themes, "t"))
    env.globals["site"] = "S"
    item = {"id": 1, "title": "T", "parts": ["a"]}
    assert env.get_template("page").render(x=item, level=2) == "S T 2 <a>1 2Hello"


def test_the_builtin_themes_memos_read_only_what_they_may() -> None:
    """Every template of both themes compiles with the check on (globals as the build sets)."""
    from builder import config as config_mod
    from builder.render import Renderer
    from builder.urls import Urls

    config = config_mod.load(None)
    for name in ("default", "newsprint"):
        chain = resolve(BUILTIN, name)
        env = Renderer(config, Urls(config.base_url), chain, False).env
        names = {p.name for folder in chain.template_dirs for p in folder.glob("*.*")}
        assert "base.html" in names
        for template in sorted(names):
            env.get_template(template)


def test_the_renderers_globals_are_the_site_wide_names_memos_may_read() -> None:
    from builder import config as config_mod
    from builder.render import Renderer
    from builder.urls import Urls

    config = config_mod.load(None)
    renderer = Renderer(config, Urls(config.base_url), resolve(BUILTIN, "default"), False)
    builtins = set(jinja2.Environment().globals) | {"_", "gettext", "ngettext"}
    builtins |= {"pgettext", "npgettext"}
    assert set(renderer.env.globals) - builtins == SITE_WIDE
