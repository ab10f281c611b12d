"""CSV and gzip CSV files (any of the usual delimiters and encodings) into ``raw_rows``.

The first block of the file says its encoding, delimiter and header (:func:`sniff_csv`); DuckDB's
parallel reader then reads the records, so a large file is never loaded into Python. Files that are
not UTF-8 (UTF-16, cp1252) are first transcoded to a temporary UTF-8 file in blocks. Malformed
records (too few or too many values) are set aside with their line and a reason.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from analytics.ingest.errors import ImportRefused
from analytics.ingest.readers.common import SourceTable, quote_ident, sql_literal, unique_names

ENCODINGS = ("utf-8", "utf-16", "cp1252")
DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\t": "\t"}
_SAMPLE = 1 << 16


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _sample(path: Path) -> bytes:
    try:
        with _open_binary(path) as fh:
            return fh.read(_SAMPLE)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ImportRefused(f"{path}: cannot read the file: {exc}") from None


def detect_encoding(path: Path, sample: bytes, requested: str | None) -> str:
    """The file's text encoding: the requested one, a BOM's, UTF-8 if the start decodes, else cp1252."""
    if requested:
        try:
            codecs.lookup(requested)
        except LookupError:
            raise ImportRefused(f"unknown encoding {requested!r} for --encoding; use one of {', '.join(ENCODINGS)}") from None
        return requested
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def detect_delimiter(path: Path, header: str, requested: str | None) -> str:
    """The delimiter: the requested one, else whichever of , ; tab occurs most in the header line."""
    if requested:
        if requested not in DELIMITERS:
            raise ImportRefused(f"unknown delimiter {requested!r}; use ',', ';' or 'tab'")
        return DELIMITERS[requested]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _transcode(path: Path, encoding: str, folder: str) -> Path:
    """Copy a non-UTF-8 text file to UTF-8 in blocks (never the whole file in memory)."""
    out = Path(folder) / "source-utf8.csv"
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with _open_binary(path) as src, open(out, "w", encoding="utf-8", newline="") as dst:
            for block in iter(lambda: src.read(1 << 22), b""):
                dst.write(decoder.decode(block))
            dst.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"{path}: the file is not valid {encoding} ({exc.reason} at byte {exc.start} of a block); "
                            f"pass --encoding with the file's encoding ({', '.join(ENCODINGS)})") from None
    return out


@dataclass
class CsvLayout:
    """What the first block of a CSV file says: its encoding, delimiter and (unique) column names."""

    path: Path
    encoding: str
    delimiter: str
    names: list[str]
    notes: list[str]


def sniff_csv(path: Path, *, encoding: str | None = None, delimiter: str | None = None) -> CsvLayout:
    """Encoding, delimiter and header of a CSV file (plain or gzip), from its first block only."""
    sample = _sample(path)
    enc = detect_encoding(path, sample, encoding)
    notes = [] if enc.startswith("utf-8") else [f"read as {enc}"]
    text = sample.decode(enc, errors="replace").lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise ImportRefused(f"{path}: the file is empty; expected a header line with column names")
    delim = detect_delimiter(path, first, delimiter)
    try:
        header = next(csv.reader(io.StringIO(first), delimiter=delim))
    except csv.Error as exc:
        raise ImportRefused(f"{path}: line 1: the header is not valid CSV: {exc}") from None
    return CsvLayout(path, enc, delim, unique_names(header), notes)


# DuckDB's parallel CSV reader: every value as text, malformed records set aside with their line.
# The dialect and the columns come from sniff_csv, so DuckDB's own sniffer is not run.
_SCAN = ("read_csv({source}, header = true, auto_detect = false, delim = {delim}, quote = '\"', escape = '\"', "
         "columns = {columns}, ignore_errors = true, store_rejects = true, rejects_table = 'csv_rejects', "
         "rejects_scan = 'csv_reject_scans', null_padding = false, max_line_size = 10000000)")


def csv_scan_view(con: duckdb.DuckDBPyConnection, layout: CsvLayout, view: str) -> bool:
    """Define the temporary view ``view`` that reads the file when it is used (so that reading and the
    first pass over the values are one pipeline). False, and nothing defined, when the file is not
    UTF-8 and must be transcoded first.

    The view's rows come in file order; a table created from it numbers them by its ``rowid``, and
    :func:`malformed_records` and :func:`number_lines` turn that into source lines once it has been read.
    """
    if layout.encoding not in ("utf-8", "utf-8-sig"):
        return False
    columns = "{" + ", ".join(f"{sql_literal(n)}: 'VARCHAR'" for n in layout.names) + "}"
    # A view takes no parameters: the path and names are literals with their quotes doubled; the view
    # name is a fixed identifier of the calling adapter.
    con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM "
                + _SCAN.format(source=sql_literal(str(layout.path)), delim=sql_literal(layout.delimiter),
                             columns=columns))
    return True


def malformed_records(con: duckdb.DuckDBPyConnection, layout: CsvLayout) -> list[tuple[int, str, str]]:
    """The records DuckDB's reader set aside (after a scan with ``store_rejects``): line, text, reason."""
    bad = con.execute("SELECT line, arg_min(csv_line, column_idx), arg_min(error_type::VARCHAR, column_idx), "
                      "arg_min(error_message, column_idx) FROM csv_rejects GROUP BY line ORDER BY line").fetchall()
    return [(int(line), text, _malformed_reason(kind, text, layout.delimiter, len(layout.names), msg))
            for line, text, kind, msg in bad]


# The n-th good record's line: the n-th line number (from 2) not taken by a malformed record.
_LINES = """
    WITH r AS (SELECT line - row_number() OVER (ORDER BY line) + 1 AS slot,
                      row_number() OVER (ORDER BY line) AS k FROM bad_lines),
         b AS (SELECT slot, max(k) AS k FROM r GROUP BY slot),
         g AS (SELECT rowid + 2 AS base, {cols} FROM {table})
    SELECT g.base + coalesce(b.k, 0) AS line{rest}
    FROM g ASOF LEFT JOIN b ON g.base >= b.slot ORDER BY 1"""


def _bad_lines(con: duckdb.DuckDBPyConnection) -> None:
    """``bad_lines``: the lines of the records the last scan set aside, as ``_LINES`` reads them."""
    con.execute("CREATE OR REPLACE TEMP TABLE bad_lines AS SELECT DISTINCT line::BIGINT AS line FROM csv_rejects")


def number_lines(con: duckdb.DuckDBPyConnection, table: str, malformed: list) -> None:
    """Set ``line`` of ``table`` (created in file order from :func:`csv_scan_view`) to each record's line."""
    if not malformed:
        con.execute(f"UPDATE {table} SET line = rowid + 2")  # fixed table name of the caller
        return
    _bad_lines(con)
    con.execute(f"CREATE OR REPLACE TEMP TABLE good_lines AS {_LINES.format(cols='rowid AS r', table=table, rest=', r')}")
    con.execute(f"UPDATE {table} SET line = g.line FROM good_lines g WHERE {table}.rowid = g.r")


def read_csv(con: duckdb.DuckDBPyConnection, path: Path, *, encoding: str | None = None,
             delimiter: str | None = None, keep: Callable[[list[str]], list[str]] | None = None,
             prefix: str = "raw") -> SourceTable:
    """Load a CSV file (plain or gzip) into ``raw_rows``; see the module docstring.

    ``keep`` picks, from the header's names, the columns to load (all by default): DuckDB's reader
    then builds only those, which matters for wide exports. ``prefix`` names the tables
    (``raw_csv``, ``raw_rows``); it is a fixed word of this package.
    """
    layout = sniff_csv(path, encoding=encoding, delimiter=delimiter)
    enc, delim, names = layout.encoding, layout.delimiter, layout.names
    # (at least one column: a file without the wanted ones is refused later, naming them)
    kept = names if keep is None else [n for n in keep(names) if n in names] or names[:1]
    narrow = len(kept) < len(names)
    picked = ", ".join(quote_ident(n) for n in kept) if narrow else "*"
    with tempfile.TemporaryDirectory(prefix="sla-import-") as tmp:
        source = path if enc in ("utf-8", "utf-8-sig") else _transcode(path, enc, tmp)
        try:
            con.execute("DROP TABLE IF EXISTS csv_rejects")
            con.execute("DROP TABLE IF EXISTS csv_reject_scans")
            # The picked names are quoted header names; the table names are fixed words.
            con.execute(f"CREATE OR REPLACE TEMP TABLE {prefix}_csv AS SELECT {picked} FROM "
                        + _SCAN.format(source="?", delim="?", columns="?"),
                        [str(source), delim, dict.fromkeys(names, "VARCHAR")])
        except duckdb.Error as exc:
            raise ImportRefused(f"{path}: cannot read the file as CSV (delimiter {delim!r}, encoding {enc}): "
                                f"{str(exc).splitlines()[0]}") from None
    malformed = malformed_records(con, layout)
    # Good records keep file order; their line is the n-th line number not taken by a malformed one.
    if malformed:
        _bad_lines(con)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {prefix}_rows AS "
                    + _LINES.format(cols="*", table=f"{prefix}_csv", rest=", g.* EXCLUDE (base)"))
        con.execute(f"DROP TABLE {prefix}_csv")
    else:
        # Without malformed records the line is the row's position: a view, not a second copy.
        con.execute(f"CREATE OR REPLACE TEMP VIEW {prefix}_rows AS SELECT rowid + 2 AS line, * FROM {prefix}_csv")
    rows = con.execute(f"SELECT count(*) FROM {prefix}_rows").fetchall()[0][0]
    again = (lambda c: read_csv(c, path, encoding=encoding, delimiter=delimiter, prefix="full")) if narrow else None
    return SourceTable(path, names, rows, malformed, layout.notes, again)


def _malformed_reason(kind: str, text: str, delim: str, expected: int, message: str) -> str:
    if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
        try:
            actual = len(next(csv.reader(io.StringIO(text), delimiter=delim)))
        except (csv.Error, StopIteration):
            actual = "a different number of"
        return f"malformed CSV record: {actual} values where the header has {expected}"
    if kind == "INVALID UNICODE":
        return "the record is not valid text in the file's encoding; pass --encoding (utf-8, utf-16, cp1252)"
    return f"malformed CSV record: {message.splitlines()[0] if message else kind.lower()}"
