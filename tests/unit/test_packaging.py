"""pyproject.toml and constraints.txt: every import declared, bounded, and pinned for deploys."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = [Requirement(line) for line in PROJECT["dependencies"]]
SEARCH = [Requirement(line) for line in PROJECT["optional-dependencies"]["search"]]
UNBOUNDED = {"tzdata"}  # time zone data: a newer release is a fix, never a different format


def imported_modules() -> set[str]:
    """Top-level names of every module that `builder/` imports, standard library left out."""
    found: set[str] = set()
    for path in (ROOT / "builder").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.partition(".")[0])
    return found - set(sys.stdlib_module_names) - {"builder"}


def pins() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pinned = [line.split("==") for line in lines if line.strip() and not line.startswith("#")]
    return {canonicalize_name(name): version for name, version in pinned}


def closure(requirements: list[Requirement]) -> dict[str, Requirement]:
    """Each distribution the requirements pull in (as installed here), with what asked for it."""
    found: dict[str, Requirement] = {}
    todo = [(req, "") for req in requirements]
    while todo:
        req, extra = todo.pop()
        name = canonicalize_name(req.name)
        if (req.marker and not req.marker.evaluate({"extra": extra})) or name in found:
            continue
        found[name] = req
        for line in metadata.requires(req.name) or []:
            todo.extend((Requirement(line), wanted) for wanted in ["", *req.extras])
    return found


def test_every_imported_package_is_a_declared_dependency() -> None:
    provides = metadata.packages_distributions()
    declared = {canonicalize_name(req.name) for req in RUNTIME}
    imported = imported_modules()
    assert {"jinja2", "markupsafe", "tornado", "yaml"} <= imported  # the scan sees them
    undeclared = sorted(
        module
        for module in imported
        if not {canonicalize_name(d) for d in provides.get(module, [module])} & declared
    )
    assert undeclared == []


def test_dependencies_have_an_upper_bound_below_the_next_major_version() -> None:
    for req in [*RUNTIME, *SEARCH]:
        if req.name in UNBOUNDED:
            continue
        uppers = [spec for spec in req.specifier if spec.operator == "<"]
        assert uppers, f"{req} has no upper bound"
        assert any(spec.operator == ">=" for spec in req.specifier), f"{req} has no lower bound"


def test_constraints_pin_every_runtime_distribution_within_the_declared_bounds() -> None:
    pinned = pins()
    needed = closure([*RUNTIME, *SEARCH])
    assert sorted(needed.keys() - pinned.keys()) == [], "not pinned in constraints.txt"
    assert sorted(pinned.keys() - needed.keys()) == [], "pinned but no longer needed"
    for name, req in needed.items():
        assert req.specifier.contains(pinned[name], prereleases=True), (name, pinned[name])


def test_the_test_extra_holds_the_dev_tools_the_suite_runs() -> None:
    extras = PROJECT["optional-dependencies"]
    dev = {Requirement(line).name for line in extras["dev"]}
    assert {"ruff", "mypy", "import-linter", "zizmor", "playwright"} <= dev
    assert any(
        line.startswith("broadsheet[") and "dev" in Requirement(line).extras
        for line in extras["test"]
    )
    assert not dev & {Requirement(line).name for line in PROJECT["dependencies"]}
