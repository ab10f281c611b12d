"""Read canonical events files (CSV, gzip CSV or Parquet) into a staged table of text columns.

The staged table has a ``line`` column (the record's line in the source, header = line 1; equal to
the physical line unless a quoted value spans lines) and one text column per canonical column.
Validation happens afterwards in SQL, for every format alike.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from analytics.ingest.errors import ImportRefused
from analytics.vocabulary import CANONICAL_COLUMNS, OPTIONAL_CANONICAL_COLUMNS, REQUIRED_CANONICAL_COLUMNS

STAGED_COLUMNS = (*CANONICAL_COLUMNS, *OPTIONAL_CANONICAL_COLUMNS)


def _open_text(path: Path) -> io.TextIOBase:
    raw = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def _check_columns(path: Path, found: list[str]) -> None:
    missing = [c for c in REQUIRED_CANONICAL_COLUMNS if c not in found]
    if missing:
        raise ImportRefused(
            f"{path}: missing column(s) {', '.join(missing)}; found columns: {', '.join(found) or '(none)'}. "
            f"A canonical events file has the columns {', '.join(CANONICAL_COLUMNS)} "
            f"(required: {', '.join(REQUIRED_CANONICAL_COLUMNS)})."
        )
    dupes = sorted({c for c in found if found.count(c) > 1})
    if dupes:
        raise ImportRefused(f"{path}: column(s) {', '.join(dupes)} appear more than once in the header; keep one of each")


def _staged(table: pa.Table, lines: np.ndarray) -> pa.Table:
    n = table.num_rows
    cols = {"line": pa.array(lines, pa.int64())}
    for name in STAGED_COLUMNS:
        cols[name] = table.column(name) if name in table.column_names else pa.nulls(n, pa.string())
    return pa.table(cols)


def read_csv(path: Path) -> tuple[pa.Table, list[tuple[int, str, str]]]:
    """Staged table and malformed records ``(line, text, reason)`` of a canonical CSV file."""
    try:
        with _open_text(path) as fh:
            header = next(csv.reader(fh), None)
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile) as exc:
        raise ImportRefused(f"{path}: cannot read the file as UTF-8 CSV: {exc}") from None
    except csv.Error as exc:
        raise ImportRefused(f"{path}: line 1: the header is not valid CSV: {exc}") from None
    if not header:
        raise ImportRefused(f"{path}: the file is empty; expected a header line with {', '.join(CANONICAL_COLUMNS)}")
    header = [h.strip() for h in header]
    _check_columns(path, header)
    bad: list[tuple[int, str, str]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        bad.append((row.number, row.text,
                    f"malformed CSV record: {row.actual_columns} values where the header has {row.expected_columns}"))
        return "skip"

    try:
        table = pacsv.read_csv(
            path,
            # Row numbers of malformed records are only known when reading on one thread.
            read_options=pacsv.ReadOptions(use_threads=False, column_names=header, skip_rows=1,
                                           block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={h: pa.string() for h in header},
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True),
        )
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as exc:
        raise ImportRefused(f"{path}: cannot read the file as CSV: {exc}") from None
    # pyarrow numbers records from 1 (the header) including malformed ones; map good rows back.
    total = table.num_rows + len(bad)
    numbers = np.arange(2, total + 2, dtype=np.int64)
    if bad:
        bad = [(n if n is not None else -1, text, reason) for n, text, reason in bad]
        numbers = np.setdiff1d(numbers, np.array([b[0] for b in bad]), assume_unique=True)
    return _staged(table, numbers), bad


def read_parquet(path: Path) -> tuple[pa.Table, list[tuple[int, str, str]]]:
    """Staged table of a canonical Parquet file (``line`` is the 1-based row number + 1)."""
    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise ImportRefused(f"{path}: cannot read the file as Parquet: {exc}") from None
    _check_columns(path, table.column_names)
    cols = {}
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_timestamp(col.type):
            # Naive timestamps stay offset-less text so that --timezone is required, as for CSV.
            fmt = "%Y-%m-%dT%H:%M:%S%z" if col.type.tz else "%Y-%m-%dT%H:%M:%S"
            import pyarrow.compute as pc
            col = pc.strftime(col, format=fmt)
        elif not pa.types.is_string(col.type):
            col = col.cast(pa.string())
        cols[name] = col
    table = pa.table(cols)
    return _staged(table, np.arange(2, table.num_rows + 2, dtype=np.int64)), []


def read_canonical(path: Path) -> tuple[pa.Table, list[tuple[int, str, str]]]:
    """Dispatch on the file extension: ``.parquet`` or CSV (optionally ``.gz``)."""
    name = path.name.lower()
    if name.endswith((".parquet", ".pq")):
        return read_parquet(path)
    if name.endswith((".csv", ".csv.gz", ".txt")):
        return read_csv(path)
    raise ImportRefused(f"{path}: unknown file type; canonical events files end in .csv, .csv.gz or .parquet")
