"""CSV and gzip CSV files (any of the usual delimiters and encodings) into ``raw_rows``.

The first block of the file says its encoding, delimiter and header (:func:`sniff_csv`); DuckDB's
parallel reader then reads the records, so a large file is never loaded into Python. Files that are
not UTF-8 (UTF-16, cp1252) are first transcoded to a temporary UTF-8 file in blocks. Malformed
records (too few or too many values) are set aside with their line and a reason.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analytics.ingest.errors import ImportRefused
from analytics.ingest.readers.common import SourceTable, quote_ident, sql_literal, unique_names
from analytics.ingest.readers.encoding import ENCODINGS, detect_encoding
from analytics.ingest.readers.paths import duckdb_path, is_plain
from analytics.ingest.readers.textfile import first_block, transcode
from analytics.store.database import row_count
from analytics.store.sqlfiles import filled, sql

__all__ = [
    "DELIMITERS",
    "MAX_RECORD_BYTES",
    "CsvLayout",
    "csv_scan_view",
    "detect_delimiter",
    "malformed_records",
    "number_lines",
    "read_csv",
    "scan_failed",
    "sniff_csv",
]

DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\t": "\t"}
#: The longest record DuckDB's reader accepts (bytes); a longer one is refused with its line.
MAX_RECORD_BYTES = 10_000_000


def detect_delimiter(path: Path, header: str, requested: str | None) -> str:
    """The delimiter: the requested one, else whichever of , ; tab occurs most in the header line.

    Parameters
    ----------
    path : Path
        The file, for messages.
    header : str
        Its first line.
    requested : str, optional
        ``--delimiter`` (``,``, ``;`` or ``tab``), which wins when given.

    Returns
    -------
    str
        One character; ``,`` when the header has none of them.

    Raises
    ------
    ImportRefused
        The requested delimiter is not one of the three.
    """
    if requested:
        if requested not in DELIMITERS:
            raise ImportRefused(f"unknown delimiter {requested!r}; use ',', ';' or 'tab'")
        return DELIMITERS[requested]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


@dataclass
class CsvLayout:
    """What the first block of a CSV file says: its encoding, delimiter and (unique) column names."""

    path: Path
    encoding: str
    delimiter: str
    names: list[str]
    notes: list[str]
    detected: bool = False  # the encoding was guessed from the first block, not asked for


def sniff_csv(path: Path, *, encoding: str | None = None, delimiter: str | None = None) -> CsvLayout:
    """Encoding, delimiter and header of a CSV file (plain or gzip), from its first block only.

    Parameters
    ----------
    path : Path
        The file.
    encoding, delimiter : str, optional
        ``--encoding`` and ``--delimiter``; detected when not given.

    Returns
    -------
    CsvLayout

    Raises
    ------
    ImportRefused
        The file cannot be read, is empty, or its header is not valid CSV.
    """
    sample = first_block(path)
    if not sample.strip():
        raise ImportRefused(f"{path}: the file is empty; expected a header line with column names")
    enc = detect_encoding(path, sample, encoding)
    notes = [] if enc.startswith("utf-8") else [f"read as {enc}"]
    text = sample.decode(enc, errors="replace").lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise ImportRefused(f"{path}: line 1 is empty; expected a header line with column names")
    delim = detect_delimiter(path, first, delimiter)
    try:
        header = next(csv.reader(io.StringIO(first), delimiter=delim))
    except csv.Error as exc:
        raise ImportRefused(f"{path}: line 1: the header is not valid CSV: {exc}") from None
    return CsvLayout(path, enc, delim, unique_names(header), notes, detected=not encoding)


def _scan(into: str, source: str, delim: str, columns: str) -> str:
    """The statement that makes ``into`` (``TEMP VIEW name AS SELECT *`` or ``TEMP TABLE name AS SELECT
    cols``) from DuckDB's parallel CSV reader: every value as text, malformed records set aside with
    their line. The dialect and the columns come from :func:`sniff_csv`, so DuckDB's own sniffer is not
    run. ``source``, ``delim`` and ``columns`` are literals with their quotes doubled, or ``?``."""
    return (
        f"CREATE OR REPLACE {into} FROM read_csv({source}, header = true, auto_detect = false, "
        f"delim = {delim}, quote = '\"', escape = '\"', columns = {columns}, ignore_errors = true, "
        "store_rejects = true, rejects_table = 'csv_rejects', rejects_scan = 'csv_reject_scans', "
        f"null_padding = false, max_line_size = {MAX_RECORD_BYTES})"
    )


def csv_scan_view(con: duckdb.DuckDBPyConnection, layout: CsvLayout, view: str) -> bool:
    """Define the temporary view ``view`` that reads the file when it is used (so that reading and the
    first pass over the values are one pipeline).

    The view's rows come in file order; a table created from it numbers them by its ``rowid``, and
    :func:`malformed_records` and :func:`number_lines` turn that into source lines once it has been read.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection.
    layout : CsvLayout
        From :func:`sniff_csv`.
    view : str
        The view's name, a fixed identifier of the calling adapter.

    Returns
    -------
    bool
        False, and nothing defined, when the file is not UTF-8 and must be transcoded first, or when
        its path is not plain (a view outlives the private link :func:`~.paths.duckdb_path` makes).
    """
    if layout.encoding not in ("utf-8", "utf-8-sig") or not is_plain(os.path.abspath(layout.path)):
        return False
    columns = "{" + ", ".join(f"{sql_literal(n)}: 'VARCHAR'" for n in layout.names) + "}"
    # A view takes no parameters: the path and names are literals with their quotes doubled.
    con.execute(
        _scan(f"TEMP VIEW {view} AS SELECT *", sql_literal(str(layout.path)), sql_literal(layout.delimiter), columns)
    )
    return True


def malformed_records(con: duckdb.DuckDBPyConnection, layout: CsvLayout) -> list[tuple[int, str, str]]:
    """The records DuckDB's reader set aside in the last scan (made with ``store_rejects``).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The connection that ran the scan.
    layout : CsvLayout
        The file's layout (for the reasons: delimiter, number of columns).

    Returns
    -------
    list of (int, str, str)
        Line, the record's text and the reason it is refused, in line order.
    """
    bad = con.execute(sql("ingest/readers/csv_malformed")).fetchall()
    return [
        (int(line), text, _malformed_reason(kind, text, layout.delimiter, len(layout.names), msg))
        for line, text, kind, msg in bad
    ]


def number_lines(con: duckdb.DuckDBPyConnection, table: str, malformed: list) -> None:
    """Set ``line`` of ``table`` (created in file order from :func:`csv_scan_view`) to each record's line.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The connection that ran the scan.
    table : str
        A fixed table name of the caller (``staged_checked``).
    malformed : list
        From :func:`malformed_records`; the good records' lines skip theirs.
    """
    if not malformed:
        con.execute(filled("ingest/readers/lines_in_order", table=table))
        return
    con.execute(sql("ingest/readers/bad_lines"))
    con.execute(filled("ingest/readers/record_lines", target="good_lines", cols="rowid AS r", table=table, rest=", r"))
    con.execute(filled("ingest/readers/lines_from_good", table=table))


def read_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    keep: Callable[[list[str]], list[str]] | None = None,
    prefix: str = "raw",
) -> SourceTable:
    """Load a CSV file (plain or gzip) into ``raw_rows``; see the module docstring.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection.
    path : Path
        The file.
    encoding, delimiter : str, optional
        ``--encoding`` and ``--delimiter``; detected when not given.
    keep : callable, optional
        Picks, from the header's names, the columns to load (all by default): DuckDB's reader then
        builds only those, which matters for wide exports.
    prefix : str
        Names the tables (``raw_csv``, ``raw_rows``); a fixed word of this package.

    Returns
    -------
    SourceTable
        With ``read_again`` when only some columns were loaded.

    Raises
    ------
    ImportRefused
        The file cannot be read as CSV.
    """
    layout = sniff_csv(path, encoding=encoding, delimiter=delimiter)
    enc, delim, names = layout.encoding, layout.delimiter, layout.names
    # (at least one column: a file without the wanted ones is refused later, naming them)
    kept = names if keep is None else [n for n in keep(names) if n in names] or names[:1]
    narrow = len(kept) < len(names)
    picked = ", ".join(quote_ident(n) for n in kept) if narrow else "*"
    with tempfile.TemporaryDirectory(prefix="sla-import-") as tmp, duckdb_path(path) as readable:
        if enc in ("utf-8", "utf-8-sig"):
            source = readable
        else:
            source = transcode(path, enc, Path(tmp) / "source-utf8.csv", detected=layout.detected and enc == "cp1252")
        try:
            con.execute("DROP TABLE IF EXISTS csv_rejects")
            con.execute("DROP TABLE IF EXISTS csv_reject_scans")
            # The picked names are quoted header names; the table names are fixed words.
            con.execute(
                _scan(f"TEMP TABLE {prefix}_csv AS SELECT {picked}", "?", "?", "?"),
                [str(source), delim, dict.fromkeys(names, "VARCHAR")],
            )
        except duckdb.Error as exc:
            raise scan_failed(path, exc, delim, enc) from None
    malformed = malformed_records(con, layout)
    # Good records keep file order; their line is the n-th line number not taken by a malformed one.
    if malformed:
        con.execute(sql("ingest/readers/bad_lines"))
        con.execute(
            filled(
                "ingest/readers/record_lines",
                target=f"{prefix}_rows",
                cols="*",
                table=f"{prefix}_csv",
                rest=", g.* EXCLUDE (base)",
            )
        )
        con.execute(f"DROP TABLE {prefix}_csv")
    else:
        # Without malformed records the line is the row's position: a view, not a second copy.
        con.execute(filled("ingest/readers/rows_in_order", rows=f"{prefix}_rows", scanned=f"{prefix}_csv"))
    rows = row_count(con, f"{prefix}_rows")
    again = (lambda c: read_csv(c, path, encoding=encoding, delimiter=delimiter, prefix="full")) if narrow else None
    return SourceTable(path, names, rows, malformed, layout.notes, again)


def scan_failed(path: Path, exc: duckdb.Error, delim: str, enc: str) -> ImportRefused:
    """The one-line refusal for a CSV file DuckDB's reader could not read to its end.

    Parameters
    ----------
    path : Path
        The file.
    exc : duckdb.Error
        What the reader raised.
    delim, enc : str
        The dialect it was read with.

    Returns
    -------
    ImportRefused
    """
    first = (str(exc).splitlines() or [type(exc).__name__])[0].replace(os.path.abspath(path), path.name)
    if path.name.lower().endswith(".gz") and re.search(r"gzip|zlib|compress|inflate|deflate", first, re.I):
        return ImportRefused(f"{path}: the gzip file is truncated or damaged ({first}); copy or export it again")
    return ImportRefused(f"{path}: cannot read the file as CSV (delimiter {delim!r}, encoding {enc}): {first}")


def _malformed_reason(kind: str | None, text: str, delim: str, expected: int, message: str | None) -> str:
    if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
        try:
            actual = len(next(csv.reader(io.StringIO(text), delimiter=delim)))
        except (csv.Error, StopIteration):
            actual = "a different number of"
        return f"malformed CSV record: {actual} values where the header has {expected}"
    if kind in ("INVALID ENCODING", "INVALID UNICODE"):
        return (
            "the record is not valid UTF-8 text (a byte that no UTF-8 character has); correct it, or pass "
            f"--encoding with the file's encoding ({', '.join(ENCODINGS)})"
        )
    if kind == "LINE SIZE OVER MAXIMUM":
        size = re.search(r"Actual Size:\s*(\d+)", message or "")
        return (
            f"the record is {size.group(1) + ' bytes' if size else 'too'} long; at most {MAX_RECORD_BYTES} bytes "
            "per record are read: shorten its longest value in the source (or export that text separately)"
        )
    return f"malformed CSV record: {(message or '').splitlines()[0] if message else (kind or 'unreadable').lower()}"
