"""Excel workbooks (``.xlsx``, ``.xlsm``) into ``raw_rows``: one sheet, every cell as text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb

from analytics.ingest.errors import ImportRefused
from analytics.ingest.readers.common import SourceTable, unique_names
from analytics.ingest.readers.paths import check_file
from analytics.store.sqlfiles import sql

__all__ = ["read_excel", "sheet_names"]


def read_excel(con: duckdb.DuckDBPyConnection, path: Path, sheet: str | None = None) -> SourceTable:
    """Load the first (or the named) sheet of an ``.xlsx`` workbook into ``raw_rows``.

    openpyxl streams the sheet in read-only mode; columns are assembled per column, not per row.
    Excel sheets hold at most about a million rows, so this path is for modest tables.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection.
    path : Path
        An ``.xlsx`` or ``.xlsm`` workbook.
    sheet : str, optional
        The sheet's name (default: the first sheet).

    Returns
    -------
    SourceTable
        The header's names (made unique) and the sheet's rows below it.

    Raises
    ------
    ImportRefused
        Not a workbook, no such sheet, or an empty sheet.
    """
    import pyarrow as pa

    wb = _open_workbook(path, data_only=True)
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise ImportRefused(f"{path}: no sheet named {sheet!r}; sheets: {', '.join(wb.sheetnames)}")
        ws = wb[sheet] if sheet else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise ImportRefused(f"{path}: the sheet {ws.title!r} is empty; expected a header row with column names")
        names = unique_names(["" if h is None else str(h) for h in header])
        columns = list(zip(*rows)) or [() for _ in names]
    except ImportRefused:
        raise
    except Exception as exc:
        raise ImportRefused(
            f"{path}: the workbook is damaged ({type(exc).__name__}: {exc}); open and save it again in Excel"
        ) from None
    finally:
        wb.close()
    n = len(columns[0]) if columns else 0
    arrays = {"line": pa.array(range(2, n + 2), pa.int64())}
    for name, values in zip(names, columns + [(None,) * n] * (len(names) - len(columns))):
        arrays[name] = pa.array([_excel_text(v) for v in values], pa.string())
    table = pa.table(arrays)
    con.register("excel_rows", table)
    con.execute(sql("ingest/readers/excel_rows"))
    con.unregister("excel_rows")
    return SourceTable(path, names, n)


def sheet_names(path: Path) -> list[str]:
    """The sheet names of an ``.xlsx`` workbook, in the workbook's order.

    Parameters
    ----------
    path : Path
        The workbook.

    Returns
    -------
    list of str

    Raises
    ------
    ImportRefused
        The file is not a workbook.
    """
    wb = _open_workbook(path)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _open_workbook(path: Path, data_only: bool = False):
    """The workbook opened read-only (openpyxl opens the file itself: no pattern is expanded);
    an empty, truncated or foreign file is refused in one line."""
    import openpyxl

    check_file(path)
    if path.stat().st_size == 0:
        raise ImportRefused(f"{path}: the file is empty; expected an Excel workbook (.xlsx)")
    if not zipfile.is_zipfile(path):
        raise ImportRefused(
            f"{path}: not a complete Excel workbook (an .xlsx file is a zip archive, and this one is truncated "
            "or of another kind); save it again from Excel"
        )
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:
        raise ImportRefused(f"{path}: cannot read the file as an Excel workbook: {type(exc).__name__}: {exc}") from None


def _excel_text(value) -> str | None:
    """Cell value as text; dates as ISO 8601 without offset (Excel cells carry none)."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
