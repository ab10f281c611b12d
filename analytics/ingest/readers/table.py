"""Any supported table file into ``raw_rows``, by its file name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from analytics.ingest.readers.common import SourceTable, file_kind
from analytics.ingest.readers.delimited import read_csv
from analytics.ingest.readers.excel import read_excel
from analytics.ingest.readers.parquet import read_parquet

__all__ = ["read_table"]


def read_table(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    keep: Callable[[list[str]], list[str]] | None = None,
) -> SourceTable:
    """Load any supported table file into ``raw_rows`` (dispatch on the file name).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection (in memory).
    path : Path
        A ``.csv``/``.csv.gz``/``.tsv``/``.txt``, ``.xlsx`` or ``.parquet`` file.
    encoding, delimiter : str, optional
        Override detection for CSV (``utf-8``, ``utf-16``, ``cp1252``; ``,``, ``;``, ``tab``).
    sheet : str, optional
        Excel sheet name (default: the first sheet).
    keep : callable, optional
        Picks the columns to load from the header's names (CSV only; other files load every column).
        Then ``SourceTable.read_again`` reads the whole file when the refused rows need it.

    Returns
    -------
    SourceTable
        Column names, row count and malformed records.
    """
    kind = file_kind(path)
    if kind == "parquet":
        return read_parquet(con, path)
    if kind == "excel":
        return read_excel(con, path, sheet)
    return read_csv(con, path, encoding=encoding, delimiter=delimiter, keep=keep)
