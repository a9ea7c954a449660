"""YAML front matter: split a Markdown page into metadata and body, and write one back."""

from __future__ import annotations

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


def split(text: str, path: str) -> tuple[dict[str, Any] | None, str, int, list[Problem]]:
    """Return (metadata, body, line where the body starts, problems)."""
    text = text.removeprefix("\ufeff")  # a byte order mark is not part of the first line
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        return {}, text, 1, []
    for index in range(1, len(lines)):
        # Only at the start of a line: an indented "---" is a line of a multi-line YAML value.
        if lines[index].rstrip() in (FENCE, "..."):
            block = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            try:
                data = yaml.load(block, Loader=_Loader)
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                line = mark.line + 2 if mark is not None else 1
                problem = getattr(error, "problem", None) or str(error)
                return None, body, index + 2, [Problem(path, f"front matter: {problem}", line)]
            if data is None:
                data = {}
            if not isinstance(data, dict):
                return None, body, index + 2, [Problem(path, "front matter is not a mapping", 2)]
            return data, body, index + 2, []
    return None, text, 1, [Problem(path, "front matter has no closing '---' line", 1)]


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
