"""Parquet files into ``raw_rows``: every column as text, timestamps as ISO 8601."""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics.ingest.errors import ImportRefused
from analytics.ingest.readers.common import SourceTable, quote_ident


def read_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> SourceTable:
    """Load a Parquet file into ``raw_rows``: every column as text, ``line`` = row number + 1.

    Timestamps with a zone keep their offset as text; naive ones stay without, so that
    ``--timezone`` is needed for them exactly as for CSV.
    """
    try:
        desc = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error as exc:
        raise ImportRefused(f"{path}: cannot read the file as Parquet: {str(exc).splitlines()[0]}") from None
    names = [d[0] for d in desc]
    exprs = []
    for name, typ, *_ in desc:
        ident = quote_ident(name)
        if typ.startswith("TIMESTAMP WITH TIME ZONE"):
            exprs.append(f"strftime({ident}, '%Y-%m-%dT%H:%M:%S.%f%z') AS {ident}")
        elif typ.startswith("TIMESTAMP"):
            exprs.append(f"strftime({ident}, '%Y-%m-%dT%H:%M:%S.%f') AS {ident}")
        else:
            exprs.append(f"CAST({ident} AS VARCHAR) AS {ident}")
    # Identifiers are quoted names read from the file's own schema, not free text from a person.
    con.execute(f"CREATE OR REPLACE TEMP TABLE raw_rows AS SELECT file_row_number + 2 AS line, {', '.join(exprs)} "
                "FROM read_parquet(?, file_row_number = true) ORDER BY line", [str(path)])
    rows = con.execute("SELECT count(*) FROM raw_rows").fetchall()[0][0]
    return SourceTable(path, names, rows)
