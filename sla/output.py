"""Render DataFrames for the terminal and for scripts: table, CSV or JSON.

Values and column names come from imported files, so a table (and CSV written to a terminal) shows
them through ``api.shown``: a terminal escape sequence or a bidi override in a file is printed as
``\x1b`` / ``\u202e``, never acted on. CSV written to a file or a pipe keeps the values as they are;
JSON escapes control characters itself.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

import pandas as pd

from analytics.api import shown

__all__ = ["FORMATS", "write_frame"]

FORMATS = ("table", "csv", "json")


def _iso(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].map(lambda v: v.isoformat() if pd.notna(v) else None).astype(object)
    return out


def _shown(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text value and column name escaped for a terminal (``api.shown``)."""
    out = df.copy()
    out.columns = [shown(c) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: shown(v) if isinstance(v, str) else v)
    return out


def _is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def write_frame(df: pd.DataFrame, fmt: str = "table", out: TextIO | None = None) -> None:
    """Write ``df`` as an aligned table, CSV (instants in ISO 8601) or a JSON array of objects.

    Text in a table, and in CSV written to a terminal, is escaped with ``api.shown``.
    """
    out = out or sys.stdout
    if fmt == "csv":
        frame = _iso(df)
        (_shown(frame) if _is_terminal(out) else frame).to_csv(out, index=False)
    elif fmt == "json":
        records = _iso(df).astype(object).where(_iso(df).notna(), None).to_dict(orient="records")
        json.dump(records, out, indent=1, default=str)
        out.write("\n")
    elif fmt == "table":
        if df.empty:
            out.write("(no rows)\n")
            return
        with pd.option_context(
            "display.max_rows", None, "display.max_columns", None, "display.width", 250, "display.max_colwidth", 60
        ):
            out.write(_shown(_iso(df)).astype(object).fillna("").to_string(index=False) + "\n")
    else:
        raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")
