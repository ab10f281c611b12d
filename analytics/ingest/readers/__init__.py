"""Read a source table (CSV / gzip CSV / Excel / Parquet) into DuckDB as text columns with line numbers.

Every format except JSON and XES starts here. The result is the temporary table ``raw_rows`` in the
given connection: one row per source record, every column as text (``VARCHAR``) under the header's
own names, plus ``line`` (the record's line in the file, header = line 1). Malformed records (too few
or too many values) are returned separately, with their line and a reason.

One module per file type (``delimited`` for CSV, ``excel``, ``parquet``), what they share in
``common``, and :func:`read_table`, which picks one by the file name (``table``). ``paths`` hands
DuckDB a path it never expands as a pattern, ``encoding`` tells a text file's encoding and
``textfile`` opens text files (plain or gzip) and transcodes them.
"""

from analytics.ingest.readers.common import (
    CSV_SUFFIXES,
    EXCEL_SUFFIXES,
    PARQUET_SUFFIXES,
    SourceTable,
    columns_named,
    create_source_raw,
    file_kind,
    quote_ident,
    sql_literal,
    unique_names,
)
from analytics.ingest.readers.delimited import (
    DELIMITERS,
    CsvLayout,
    csv_scan_view,
    detect_delimiter,
    malformed_records,
    number_lines,
    read_csv,
    scan_failed,
    sniff_csv,
)
from analytics.ingest.readers.encoding import ENCODINGS, check_encoding, detect_encoding
from analytics.ingest.readers.excel import read_excel, sheet_names
from analytics.ingest.readers.parquet import read_parquet
from analytics.ingest.readers.paths import check_file, duckdb_path
from analytics.ingest.readers.table import read_table

__all__ = [
    "CSV_SUFFIXES",
    "DELIMITERS",
    "ENCODINGS",
    "EXCEL_SUFFIXES",
    "PARQUET_SUFFIXES",
    "CsvLayout",
    "SourceTable",
    "check_encoding",
    "check_file",
    "columns_named",
    "create_source_raw",
    "csv_scan_view",
    "detect_delimiter",
    "detect_encoding",
    "duckdb_path",
    "file_kind",
    "malformed_records",
    "number_lines",
    "quote_ident",
    "read_csv",
    "read_excel",
    "read_parquet",
    "read_table",
    "scan_failed",
    "sheet_names",
    "sniff_csv",
    "sql_literal",
    "unique_names",
]
