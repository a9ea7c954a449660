"""Front matter: split a Markdown page into metadata and body, and write one back.

YAML between `---` lines (Jekyll, Pelican, Hugo), or TOML between `+++` lines (Hugo, Zola).
Front matter is small and plain: at most `MAX_CHARS` characters and `MAX_DEPTH` levels, and
no YAML aliases (a few hundred bytes of nested aliases expand to gigabytes). A plain scalar
under a text key is read as written: `lang: no` is Norwegian, not false.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import Node, ScalarNode

try:  # the C loader is ten times faster; fall back when libyaml is missing
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

from .model import Problem

FENCE = "---"
TOML_FENCE = "+++"
MAX_CHARS = 64 * 1024
MAX_DEPTH = 16
TEXT_KEYS = frozenset(
    {"title", "source_url", "source_name", "slug", "note", "summary", "lang", "dir"}
)
TEXT_LIST_KEYS = frozenset({"tags"})
_AS_TEXT = TEXT_KEYS | {"image", "image_alt"}  # also read as written; `images` checks them
_TOML_LINE = re.compile(r"at line (\d+)")
_KEY_LINE = re.compile(r"""["']?([^\s:="'#]+)["']?[ \t]*[:=]""")
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"


class _Loader(_BaseLoader):
    """The safe loader, refusing aliases and deep nesting, reading text keys as text."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.trail: list[tuple[Node | None, object]] = []  # (parent, key node or index)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        if len(self.trail) >= MAX_DEPTH:
            mark = current_node.start_mark if current_node is not None else None
            message = f"nested deeper than {MAX_DEPTH} levels"
            raise yaml.composer.ComposerError(None, None, message, mark)
        self.trail.append((current_node, current_index))

    def ascend_resolver(self) -> None:
        self.trail.pop()

    def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
        tag: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        if kind is ScalarNode and implicit[0] and tag != _NULL and self._under_text_key():
            return _STR  # `lang: no`, `title: 2024`, `tags: [yes, 1.5]` as written
        return tag

    def _under_text_key(self) -> bool:
        trail = self.trail
        if len(trail) == 2:
            key = trail[1][1]
            return isinstance(key, ScalarNode) and key.value in _AS_TEXT
        if len(trail) == 3 and isinstance(trail[2][1], int):
            key = trail[1][1]
            return isinstance(key, ScalarNode) and key.value in TEXT_LIST_KEYS
        return False

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            message = "aliases (*name) are not allowed; this value is repeated by one"
            raise ConstructorError(None, None, message, node.start_mark)
        try:
            return super().construct_object(node, deep)
        except ValueError as error:  # YAML's timestamp constructor: `date: 2024-02-30`
            what = "date" if node.tag.endswith(":timestamp") else "value"
            raise ConstructorError(
                None, None, f"invalid {what} ({error})", node.start_mark
            ) from None


def split(text: str, path: str) -> tuple[dict[str, Any] | None, str, int, list[Problem]]:
    """Return (metadata, body, line where the body starts, problems)."""
    text = text.removeprefix("\ufeff")  # a byte order mark is not part of the first line
    lines = text.split("\n")
    opening = lines[0].strip() if lines else ""
    if opening not in (FENCE, TOML_FENCE):
        return {}, text, 1, []
    closing = (FENCE, "...") if opening == FENCE else (TOML_FENCE,)
    for index in range(1, len(lines)):
        # Only at the start of a line: an indented "---" is a line of a multi-line YAML value.
        if lines[index].rstrip() in closing:
            block = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            parse = _yaml if opening == FENCE else _toml
            data, problem, line = parse(block)
            if problem:
                return None, body, index + 2, [Problem(path, f"front matter: {problem}", line)]
            if not isinstance(data, dict):
                return None, body, index + 2, [Problem(path, "front matter is not a mapping", 2)]
            return data, body, index + 2, []
    message = f"front matter has no closing '{closing[0]}' line"
    return None, text, 1, [Problem(path, message, 1)]


def key_lines(text: str, end: int) -> dict[str, int]:
    """The line of each top-level key in the front matter before line `end`, for messages."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.removeprefix("\ufeff").split("\n")[1 : end - 2], 2):
        if (key := _KEY_LINE.match(line)) is not None:
            found.setdefault(key.group(1), number)
    return found


def _yaml(block: str) -> tuple[Any, str, int]:
    """(data, problem or "", line of the problem in the file)."""
    if len(block) > MAX_CHARS:
        return None, _too_long(block), 2
    try:
        data = yaml.load(block, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        return None, _cut(getattr(error, "problem", None) or str(error)), line
    return {} if data is None else data, "", 0


def _toml(block: str) -> tuple[Any, str, int]:
    if len(block) > MAX_CHARS:
        return None, _too_long(block), 2
    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        line = int(found.group(1)) + 1 if found else block.count("\n") + 2  # at its end
        return None, _cut(str(error)), line
    except RecursionError:
        return None, f"nested deeper than {MAX_DEPTH} levels", 2
    if _deeper(data, MAX_DEPTH):
        return None, f"nested deeper than {MAX_DEPTH} levels", 2
    return data, "", 0


def _deeper(value: object, levels: int) -> bool:
    """Whether lists and tables in `value` nest more than `levels` deep."""
    if not isinstance(value, dict | list):
        return False
    if levels == 0:
        return True
    items = value.values() if isinstance(value, dict) else value
    return any(_deeper(item, levels - 1) for item in items)


def _too_long(block: str) -> str:
    return f"{len(block):,} characters long; front matter may have at most {MAX_CHARS:,}"


def _cut(message: str, limit: int = 200) -> str:
    """A parser's message, which may quote the input, at a bounded length."""
    return message if len(message) <= limit else message[: limit - 1] + "…"


def dump(metadata: dict[str, Any], body: str) -> str:
    """A Markdown page: front matter in the given key order, then the body."""
    block = yaml.dump(
        metadata,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=10_000,
    )
    return f"{FENCE}\n{block}{FENCE}\n\n{body.rstrip()}\n"
