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


def test_the_dashboard_changes_data_only_through_its_actions():
    """Each change checks the editor role in ``dashboard/actions.py``; nothing else calls the writers."""
    writers = re.compile(
        r"\b(api\.(rename_dataset|delete_dataset|import_file)|uploads\.(save_upload|save_mapping)|simulate)\("
    )
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in _source_files("dashboard")
        if p.name != "actions.py" and writers.search(p.read_text(encoding="utf-8").replace("actions.", "actions_"))
    ]
    assert offenders == []


_MARKDOWN_DRAWERS = {
    "warning", "error", "info", "success", "markdown", "caption", "subheader", "header", "title", "toast",
    "expander", "button", "form_submit_button", "download_button", "text_input", "Message",
}  # fmt: skip
_OUTSIDE = re.compile(
    r"\b(name|names|dataset|compare|wanted|unknown|ticket|team|intake|exc|problem|source|column|value|a|b|w)\b"
    r"|\.label\(|describe\(|summary\(|\.path\b|\.name\b"
)


def _outside_text(expr: ast.expr) -> bool:
    if isinstance(expr, ast.IfExp):
        return _outside_text(expr.body) or _outside_text(expr.orelse)
    call = expr.func if isinstance(expr, ast.Call) else None
    if getattr(call, "attr", getattr(call, "id", "")) in ("plain", "code") or isinstance(expr, ast.Constant):
        return False
    return bool(_OUTSIDE.search(ast.unparse(expr)))


def test_outside_text_in_markdown_is_shown_plain():
    """An f-string drawn as Markdown interpolates values from the address or the data only through
    ``dashboard.markup.plain`` / ``code`` (names below are the ones such values go by)."""
    offenders = []
    for path in _source_files("dashboard"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if func not in _MARKDOWN_DRAWERS or not node.args:
                continue
            for part in ast.walk(node.args[1] if func == "Message" and len(node.args) > 1 else node.args[0]):
                if isinstance(part, ast.FormattedValue) and part.format_spec is None and _outside_text(part.value):
                    offenders.append(f"{path.relative_to(ROOT).as_posix()}:{part.lineno}: {ast.unparse(part.value)}")
    assert offenders == []


def test_figures_are_drawn_only_through_plot_show():
    """``dashboard.plot.show`` makes every figure inert (no link from a team name); nothing bypasses it."""
    offenders = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel != "dashboard/plot.py" and re.search(r"\bst\.plotly_chart\(", path.read_text()):
            offenders.append(rel)
    assert offenders == []
