"""Read canonical events files (CSV, gzip CSV or Parquet) into the staged shape.

The staged table has a ``line`` column (the record's line in the source, header = line 1; equal to
the physical line unless a quoted value spans lines) and one text column per canonical column.
Validation happens afterwards in SQL, for every format alike.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics.ingest.errors import ImportRefused
from analytics.ingest.readers import create_source_raw, file_kind, quote_ident, read_table
from analytics.ingest.staging import STAGED_COLUMNS, ImportOptions, Staged
from analytics.vocabulary import CANONICAL_COLUMNS, REQUIRED_CANONICAL_COLUMNS


def _check_columns(path: Path, found: list[str]) -> None:
    missing = [c for c in REQUIRED_CANONICAL_COLUMNS if c not in found]
    if missing:
        raise ImportRefused(
            f"{path}: missing column(s) {', '.join(missing)}; found columns: {', '.join(found) or '(none)'}. "
            f"A canonical events file has the columns {', '.join(CANONICAL_COLUMNS)} "
            f"(required: {', '.join(REQUIRED_CANONICAL_COLUMNS)})."
        )
    dupes = sorted({c.rsplit(" (", 1)[0] for c in found if c.endswith(")") and c.rsplit(" (", 1)[0] in found})
    if dupes:
        raise ImportRefused(f"{path}: column(s) {', '.join(dupes)} appear more than once in the header; keep one of each")


def stage_canonical(con: duckdb.DuckDBPyConnection, path: Path, options: ImportOptions) -> Staged:
    """Stage a canonical events file (``--format events``).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection.
    path : Path
        ``.csv``, ``.csv.gz`` or ``.parquet``.
    options : ImportOptions
        ``timezone`` is applied later by the shared validation; ``encoding``/``delimiter`` for CSV.

    Returns
    -------
    Staged
    """
    if file_kind(path) == "excel":
        raise ImportRefused(f"{path}: canonical events files are CSV or Parquet; import a workbook with --format csv "
                            "and a mapping")
    src = read_table(con, path, encoding=options.encoding, delimiter=options.delimiter)
    _check_columns(path, src.columns)
    cols = ", ".join(f"{quote_ident(c)}::VARCHAR AS {quote_ident(c)}" if c in src.columns else f"NULL::VARCHAR AS {quote_ident(c)}"
                     for c in STAGED_COLUMNS)
    # Identifiers are the fixed canonical column names.
    con.execute(f"CREATE OR REPLACE TEMP VIEW staged AS SELECT line, 0 AS sub, {cols}, NULL::TIMESTAMPTZ AS at_ts, "
                "NULL::VARCHAR AS problem FROM raw_rows")
    create_source_raw(con, src.columns)
    return Staged(rows_read=src.rows_read, malformed=src.malformed, notes=src.notes, timezone=options.timezone)
