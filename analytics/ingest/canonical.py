"""Read canonical events files (CSV, gzip CSV or Parquet) into the staged shape.

The staged table has a ``line`` column (the record's line in the source, header = line 1; equal to
the physical line unless a quoted value spans lines) and one text column per canonical column.
Validation happens afterwards in SQL, for every format alike.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics.ingest.errors import ImportRefused
from analytics.ingest.readers import (
    create_source_raw,
    csv_scan_view,
    file_kind,
    malformed_records,
    number_lines,
    quote_ident,
    read_table,
    scan_failed,
    sniff_csv,
)
from analytics.ingest.staging import STAGED_COLUMNS, ImportOptions, Staged
from analytics.store.database import row_count
from analytics.store.sqlfiles import filled
from analytics.vocabulary import CANONICAL_COLUMNS, REQUIRED_CANONICAL_COLUMNS

__all__ = ["stage_canonical"]


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
        raise ImportRefused(
            f"{path}: column(s) {', '.join(dupes)} appear more than once in the header; keep one of each"
        )


def stage_canonical(con: duckdb.DuckDBPyConnection, path: Path, options: ImportOptions) -> Staged:
    """Stage a canonical events file (``--format events``).

    Parameters
    ----------
    con, path, options
        As for every :class:`~analytics.ingest.staging.Adapter`. ``path`` is a ``.csv``, ``.csv.gz`` or
        ``.parquet`` file; ``options.timezone`` is applied later by the shared validation,
        ``options.encoding`` and ``options.delimiter`` apply to CSV.

    Returns
    -------
    Staged
    """
    if file_kind(path) == "excel":
        raise ImportRefused(
            f"{path}: canonical events files are CSV or Parquet; import a workbook with --format csv and a mapping"
        )
    if options.single_pass and file_kind(path) == "csv":
        staged = _single_pass(con, path, options)
        if staged is not None:
            return staged
    src = read_table(con, path, encoding=options.encoding, delimiter=options.delimiter)
    _check_columns(path, src.columns)
    _staged_view(con, src.columns, "raw_rows", "line")
    create_source_raw(con, src.columns)
    return Staged(rows_read=src.rows_read, malformed=src.malformed, notes=src.notes, timezone=options.timezone)


def _staged_view(con: duckdb.DuckDBPyConnection, found: list[str], source: str, line: str) -> None:
    """The view ``staged`` over ``source``: every staged column, NULL where the file lacks it."""
    cols = ", ".join(
        f"{quote_ident(c)}::VARCHAR AS {quote_ident(c)}" if c in found else f"NULL::VARCHAR AS {quote_ident(c)}"
        for c in STAGED_COLUMNS
    )
    # Identifiers are the fixed canonical column names; source and line are fixed text of this module.
    con.execute(filled("ingest/canonical_staged", line=line, columns=cols, source=source))


def _single_pass(con: duckdb.DuckDBPyConnection, path: Path, options: ImportOptions) -> Staged | None:
    """``staged`` as a view over the CSV file itself, read by the validation's first pass (see
    ``analytics/ingest/staging.py``); None when the file must be transcoded first."""
    layout = sniff_csv(path, encoding=options.encoding, delimiter=options.delimiter)
    _check_columns(path, layout.names)
    if not csv_scan_view(con, layout, "csv_scan"):
        return None
    _staged_view(con, layout.names, "csv_scan", "NULL::BIGINT")

    def finish(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
        staged.malformed = malformed_records(con, layout)
        number_lines(con, "staged_checked", staged.malformed)
        staged.rows_read = row_count(con, "staged_checked") + len(staged.malformed)

    def load_raw(con: duckdb.DuckDBPyConnection) -> None:
        src = read_table(con, path, encoding=options.encoding, delimiter=options.delimiter)
        create_source_raw(con, src.columns)

    def unreadable(exc: duckdb.Error) -> ImportRefused:
        return scan_failed(path, exc, layout.delimiter, layout.encoding)

    return Staged(
        rows_read=0,
        notes=list(layout.notes),
        timezone=options.timezone,
        finish=finish,
        load_raw=load_raw,
        unreadable=unreadable,
    )
