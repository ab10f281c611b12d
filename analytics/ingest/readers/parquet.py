"""Parquet files into ``raw_rows``: every column as text, timestamps as ISO 8601."""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics.ingest.errors import ImportRefused
from analytics.ingest.readers.common import SourceTable, quote_ident
from analytics.store.database import row_count
from analytics.store.sqlfiles import filled, sql

__all__ = ["read_parquet"]


def read_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> SourceTable:
    """Load a Parquet file into ``raw_rows``: every column as text, ``line`` = row number + 1.

    Timestamps with a zone keep their offset as text; naive ones stay without, so that
    ``--timezone`` is needed for them exactly as for CSV.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection.
    path : Path
        A ``.parquet`` or ``.pq`` file.

    Returns
    -------
    SourceTable
        The file's column names and row count (Parquet has no malformed records).

    Raises
    ------
    ImportRefused
        The file is not Parquet.
    """
    try:
        desc = con.execute(sql("ingest/readers/parquet_schema"), [str(path)]).fetchall()
    except duckdb.Error as exc:
        raise ImportRefused(f"{path}: cannot read the file as Parquet: {str(exc).splitlines()[0]}") from None
    names = [d[0] for d in desc]
    # Identifiers are quoted names read from the file's own schema, not free text from a person.
    con.execute(filled("ingest/readers/parquet_rows", columns=_as_text(desc)), [str(path)])
    return SourceTable(path, names, row_count(con, "raw_rows"))


def _as_text(schema: list[tuple]) -> str:
    """Each column of a Parquet schema cast to text under its own quoted name."""
    exprs = []
    for name, typ, *_ in schema:
        ident = quote_ident(name)
        if typ.startswith("TIMESTAMP WITH TIME ZONE"):
            exprs.append(f"strftime({ident}, '%Y-%m-%dT%H:%M:%S.%f%z') AS {ident}")
        elif typ.startswith("TIMESTAMP"):
            exprs.append(f"strftime({ident}, '%Y-%m-%dT%H:%M:%S.%f') AS {ident}")
        else:
            exprs.append(f"CAST({ident} AS VARCHAR) AS {ident}")
    return ", ".join(exprs)
