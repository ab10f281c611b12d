"""Render DataFrames for the terminal and for scripts: table, CSV or JSON."""

from __future__ import annotations

import json
import sys
from typing import TextIO

import pandas as pd

__all__ = ["FORMATS", "write_frame"]

FORMATS = ("table", "csv", "json")


def _iso(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].map(lambda v: v.isoformat() if pd.notna(v) else None).astype(object)
    return out


def write_frame(df: pd.DataFrame, fmt: str = "table", out: TextIO | None = None) -> None:
    """Write ``df`` as an aligned table, CSV (instants in ISO 8601) or a JSON array of objects."""
    out = out or sys.stdout
    if fmt == "csv":
        _iso(df).to_csv(out, index=False)
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
            out.write(_iso(df).astype(object).fillna("").to_string(index=False) + "\n")
    else:
        raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")
