"""The Jinja2 environment over a theme chain, and what a template depends on.

`{% extends "!default/base.html" %}` reaches a named theme's template explicitly, so an
override can extend the very template it replaces. `{% memo key, ... %}…{% endmemo %}` renders a
fragment once per build and key (an article's card appears on many pages).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import jinja2
import jinja2.ext
import jinja2.meta
from jinja2 import nodes
from jinja2.parser import Parser

from .i18n import Interface, english
from .themes import ThemeChain


def environment(chain: ThemeChain, bytecode_dir: Path | None = None) -> jinja2.Environment:
    """Templates through the chain; compiled templates are kept in `bytecode_dir` if given
    (Jinja2 checks each against its source, so a stale one is never used)."""
    by_name = {
        name: jinja2.FileSystemLoader(str(folder / "templates"))
        for name, folder in zip(chain.names, chain.theme_dirs, strict=True)
    }
    loader = _ThemePrefixLoader(
        jinja2.FileSystemLoader([str(d) for d in chain.template_dirs]),
        jinja2.PrefixLoader(by_name, delimiter="/"),
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_bytecode_cache(bytecode_dir),
        extensions=[_Memo, "jinja2.ext.i18n"],
    )
    translate(env, english())
    return env


def translate(env: jinja2.Environment, words: Interface) -> None:
    """Templates speak `words`' language: `_()`, `gettext`, `ngettext` and `{% trans %}`."""
    env.install_gettext_callables(  # type: ignore[attr-defined]
        *words.template_functions(), newstyle=False
    )


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


# What every page of a build shares: the globals `render.Renderer` installs. A memo may read them.
SITE_WIDE = frozenset({"site", "urls", "preview_drafts", "static_files", "feed_links", "rtl"})


class _Memo(jinja2.ext.Extension):
    """`{% memo article.source, heading %}`: the fragment may read only its keys' names,
    site-wide values (the environment's globals: `site`, `urls`, …), names it binds itself
    and macros it calls; anything else (`page_path`, `edition`) is refused when the template
    is compiled, since the fragment would be the same on every page (and each worker process
    keeps its own memo, so the output would depend on scheduling)."""

    tags = {"memo"}  # noqa: RUF012 (Jinja2 declares it a set)
    LIMIT = 50_000  # fragments kept; the memo starts afresh beyond that, bounding memory

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        self.fragments: dict[tuple[object, ...], str] = {}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        place = getattr(parser, "memo_places", 0)  # the n-th memo of this template
        setattr(parser, "memo_places", place + 1)  # noqa: B010
        keys = [nodes.Const(f"{parser.filename or parser.name}#{place}"), parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            keys.append(parser.parse_expression())
        body = parser.parse_statements(("name:endmemo",), drop_needle=True)
        if stray := self._stray_reads(keys, body):
            allowed = ", ".join(sorted(SITE_WIDE))
            parser.fail(
                f"{{% memo %}} reads {stray.name!r}, which is neither one of its keys nor "
                f"site-wide ({allowed}): the fragment would be the same on every page",
                stray.lineno,
            )
        call = self.call_method("_fragment", [nodes.Tuple(keys, "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _stray_reads(self, keys: list[nodes.Expr], body: list[nodes.Node]) -> nodes.Name | None:
        """The first name the body reads that is not a key, site-wide, bound or called."""
        allowed = (
            SITE_WIDE | set(self.environment.globals) | {"loop", "caller", "varargs", "kwargs"}
        )
        for key in keys:  # find_all yields a node's descendants, not the node itself
            allowed |= {
                name.name
                for name in [key, *key.find_all(nodes.Name)]
                if isinstance(name, nodes.Name)
            }
        called = set()
        for node in body:
            allowed |= {n.name for n in node.find_all(nodes.Name) if n.ctx in ("store", "param")}
            called |= {
                id(c.node) for c in node.find_all(nodes.Call) if isinstance(c.node, nodes.Name)
            }
        for node in body:
            for name in node.find_all(nodes.Name):
                if name.ctx == "load" and name.name not in allowed and id(name) not in called:
                    return name
        return None

    def _fragment(self, key: tuple[object, ...], caller: Callable[[], str]) -> str:
        found = self.fragments.get(key)
        if found is None:
            if len(self.fragments) >= self.LIMIT:
                self.fragments.clear()
            found = self.fragments[key] = caller()
        return found


class _ThemePrefixLoader(jinja2.BaseLoader):
    """Routes `!theme/name.html` to that theme only, everything else through the chain."""

    def __init__(self, chain: jinja2.BaseLoader, prefixed: jinja2.BaseLoader) -> None:
        self.chain = chain
        self.prefixed = prefixed

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        if template.startswith("!"):
            return self.prefixed.get_source(environment, template[1:])
        return self.chain.get_source(environment, template)


def template_digest(env: jinja2.Environment, name: str, memo: dict[str, str]) -> str:
    """A hash of a template and every template it extends, includes or imports."""
    if name in memo:
        return memo[name]
    memo[name] = ""  # guards against cycles
    assert env.loader is not None
    source, filename, _ = env.loader.get_source(env, name)
    digest = hashlib.blake2b(source.encode(), digest_size=16)
    tree = env.parse(source, name, filename)
    for child in sorted(n for n in jinja2.meta.find_referenced_templates(tree) if n):
        digest.update(template_digest(env, child, memo).encode())
    memo[name] = digest.hexdigest()
    return memo[name]
