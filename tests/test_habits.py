"""Habits of the code base that a reader relies on, checked so that they stay true.

Import directions are checked by import-linter and style by ruff (both in ``make test``); these are
the rules neither tool knows.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGES = ("analytics", "simulation", "dashboard", "sla")
SCRIPTS = {"sla/__main__.py", "sla/streamlit_app.py"}  # run, not imported


def modules() -> list[Path]:
    found = []
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith("dashboard/pages/") or rel in SCRIPTS:
                continue
            found.append(path)
    return found


def _public_definitions(tree: ast.Module) -> set[str]:
    return {
        n.name
        for n in tree.body
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not n.name.startswith("_")
    }


def _declared_all(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            try:
                return list(ast.literal_eval(node.value))
            except ValueError:
                return None  # computed (a facade gathering its parts): checked by importing it
    return None


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_module_declares_its_public_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    declared = _declared_all(tree)
    defined = _public_definitions(tree)
    if path.name == "__init__.py" and declared is None and not defined:
        return  # a package marker with a docstring
    has_all = any(
        isinstance(n, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in n.targets) for n in tree.body
    )
    assert has_all, f"{path.relative_to(ROOT)} has no __all__"
    if declared is not None:
        missing = defined - set(declared)
        assert not missing, f"{path.relative_to(ROOT)}: public but not in __all__: {sorted(missing)}"


@pytest.mark.parametrize("package", ["analytics.api", "simulation.api", "dashboard.charts", "dashboard.tables"])
def test_facades_export_what_they_name(package):
    import importlib

    mod = importlib.import_module(package)
    assert len(mod.__all__) == len(set(mod.__all__)), "a name is exported twice"
    assert [n for n in mod.__all__ if not hasattr(mod, n)] == []


def _source_files(*folders: str) -> list[Path]:
    return [p for f in folders for p in sorted((ROOT / f).rglob("*.py"))]


def test_simpy_internals_only_in_the_kernel():
    internals = re.compile(r"\._now\b|\._eid\b|\._queue\b|\bNORMAL\b|\bURGENT\b")
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in _source_files("simulation")
        if p.name != "kernel.py" and internals.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_settings_are_read_in_one_place():
    reads = re.compile(r"os\.environ(\.get)?\s*[\[(]\s*[\"']SLA_|getenv\(\s*[\"']SLA_")
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in _source_files(*PACKAGES)
        if p.name != "settings.py" and reads.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_sql_written_inside_simulation():
    sql = re.compile(r"\b(SELECT|INSERT INTO|DELETE FROM|CREATE TABLE|UPDATE \w+ SET)\b")
    offenders = [
        p.relative_to(ROOT).as_posix() for p in _source_files("simulation") if sql.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_pages_hold_no_sql():
    sql = re.compile(r"\b(SELECT|INSERT INTO|DELETE FROM|CREATE TABLE)\b|\.execute\(|duckdb")
    offenders = [
        p.relative_to(ROOT).as_posix() for p in _source_files("dashboard") if sql.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
