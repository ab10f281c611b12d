"""What every reader shares: the :class:`SourceTable` it returns, file types, quoting, the raw rows' JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analytics.ingest.errors import ImportRefused
from analytics.store.sqlfiles import filled

__all__ = [
    "CSV_SUFFIXES",
    "EXCEL_SUFFIXES",
    "PARQUET_SUFFIXES",
    "SourceTable",
    "columns_named",
    "create_source_raw",
    "file_kind",
    "quote_ident",
    "sql_literal",
    "unique_names",
]

CSV_SUFFIXES = (".csv", ".csv.gz", ".txt", ".txt.gz", ".tsv", ".tsv.gz")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass
class SourceTable:
    """What a reader put into ``raw_rows``: its columns, row count and malformed records."""

    path: Path
    columns: list[str]
    rows: int
    malformed: list[tuple[int, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # When ``raw_rows`` holds only some of the columns: reads the whole file again into ``full_rows``
    # (same lines), for the JSON of refused rows.
    read_again: Callable[[duckdb.DuckDBPyConnection], SourceTable] | None = None

    @property
    def rows_read(self) -> int:
        """Every record of the file: the rows loaded and the malformed ones."""
        return self.rows + len(self.malformed)


def file_kind(path: Path) -> str:
    """``csv``, ``excel`` or ``parquet`` from the file name; refuses anything else.

    Parameters
    ----------
    path : Path
        The file (only its name is looked at).

    Returns
    -------
    str
        ``"csv"``, ``"excel"`` or ``"parquet"``.

    Raises
    ------
    ImportRefused
        The name has none of the known suffixes.
    """
    name = path.name.lower()
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(EXCEL_SUFFIXES):
        return "excel"
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    raise ImportRefused(f"{path}: unknown file type; expected .csv, .csv.gz, .tsv, .txt, .xlsx or .parquet")


def unique_names(header: list[str]) -> list[str]:
    """Header names made unique: a repeated name gets `` (2)``, `` (3)`` ... (Jira repeats columns).

    Parameters
    ----------
    header : list of str
        The names as the file has them; an empty one becomes ``column<position>``.

    Returns
    -------
    list of str
        As many names, each one once.
    """
    seen: dict[str, int] = {}
    names = []
    for i, h in enumerate(header):
        h = h.strip() or f"column{i + 1}"
        seen[h] = seen.get(h, 0) + 1
        names.append(h if seen[h] == 1 else f"{h} ({seen[h]})")
    return names


def sql_literal(text: str) -> str:
    """A DuckDB string literal for ``text`` (single quotes doubled).

    Parameters
    ----------
    text : str
        Any text (a path, a column name).

    Returns
    -------
    str
    """
    return "'" + text.replace("'", "''") + "'"


def quote_ident(name: str) -> str:
    """A DuckDB identifier for any column name (double quotes doubled).

    Parameters
    ----------
    name : str
        A column name as a file's header has it.

    Returns
    -------
    str
    """
    return '"' + name.replace('"', '""') + '"'


def create_source_raw(con: duckdb.DuckDBPyConnection, columns: list[str], table: str = "raw_rows") -> None:
    """The view ``source_raw (line, raw)``: each row of ``table`` as a JSON object of its columns.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection.
    columns : list of str
        The columns of ``table`` to show (the file's own header names).
    table : str
        ``raw_rows`` or ``full_rows``: a fixed name of this package.
    """
    fields = ", ".join(f"{quote_ident(c)} := {quote_ident(c)}" for c in columns)
    # Identifiers are the quoted column names of the file's own header; the table is a fixed word.
    con.execute(filled("ingest/readers/source_raw", fields=fields, table=table))


def columns_named(*names) -> Callable[[list[str]], list[str]]:
    """A ``keep`` for :func:`~analytics.ingest.readers.read_table`: the header's columns that match one of
    ``names`` (which may be nested tuples and sets of names), ignoring case, as
    :func:`~analytics.ingest.mapping.resolve_column` matches them.

    Parameters
    ----------
    *names : str or iterable
        Column names, or nested collections of them.

    Returns
    -------
    callable
        Takes the header's names, returns those to load.
    """
    wanted: set[str] = set()

    def add(item) -> None:
        if isinstance(item, str):
            wanted.add(item.lower())
        elif item is not None:
            for sub in item:
                add(sub)

    add(names)
    return lambda found: [f for f in found if f.lower() in wanted]
