"""Parquet files into ``raw_rows``: every column as text, timestamps as ISO 8601."""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics.ingest.errors import ImportRefused
from analytics.ingest.readers.common import SourceTable, quote_ident
from analytics.ingest.readers.paths import check_file, duckdb_path
from analytics.store.database import row_count
from analytics.store.sqlfiles import filled, sql

__all__ = ["read_parquet"]

_MAGIC = b"PAR1"


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
        The file is not Parquet, is truncated, or cannot be read to its end.
    """
    _check_parquet(path)
    with duckdb_path(path) as readable:
        try:
            desc = con.execute(sql("ingest/readers/parquet_schema"), [readable]).fetchall()
            # Identifiers are quoted names read from the file's own schema, not free text from a person.
            con.execute(filled("ingest/readers/parquet_rows", columns=_as_text(desc)), [readable])
        except duckdb.Error as exc:
            first = (str(exc).splitlines() or [type(exc).__name__])[0].replace(readable, path.name)
            raise ImportRefused(
                f"{path}: cannot read the file as Parquet ({first}); it may be damaged: export it again"
            ) from None
    return SourceTable(path, [d[0] for d in desc], row_count(con, "raw_rows"))


def _check_parquet(path: Path) -> None:
    """Refuse a file that is empty or lacks Parquet's ``PAR1`` marks at its start and end (truncated)."""
    check_file(path)
    size = path.stat().st_size
    if size == 0:
        raise ImportRefused(f"{path}: the file is empty; expected a Parquet file")
    with open(path, "rb") as fh:
        head = fh.read(4)
        fh.seek(max(size - 4, 0))
        tail = fh.read(4)
    if head != _MAGIC:
        raise ImportRefused(f"{path}: not a Parquet file (it does not start with PAR1); check the file or its name")
    if size < 12 or tail != _MAGIC:
        raise ImportRefused(
            f"{path}: the Parquet file is truncated (it does not end with PAR1); copy or export it again"
        )


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
