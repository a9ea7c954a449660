"""Front matter: split a Markdown page into metadata and body, and write one back.

YAML between `---` lines (Jekyll, Pelican, Hugo), or TOML between `+++` lines (Hugo, Zola).
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml

try:  # the C loader is ten times faster; fall back when libyaml is missing
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .model import Problem

FENCE = "---"
TOML_FENCE = "+++"
_TOML_LINE = re.compile(r"at line (\d+)")


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


def _yaml(block: str) -> tuple[Any, str, int]:
    """(data, problem or "", line of the problem in the file)."""
    try:
        data = yaml.load(block, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        return None, getattr(error, "problem", None) or str(error), line
    return {} if data is None else data, "", 0


def _toml(block: str) -> tuple[Any, str, int]:
    try:
        return tomllib.loads(block), "", 0
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        line = int(found.group(1)) + 1 if found else block.count("\n") + 2  # at its end
        return None, str(error), line


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
