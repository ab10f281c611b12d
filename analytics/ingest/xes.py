"""Read an XES event log (IEEE 1849, plain or gzip) into ``raw_rows``, streaming.

Each ``<event>`` becomes one row: its string/date/int/float/boolean attributes under their keys
(``concept:name``, ``time:timestamp``, ``org:resource``, ``org:group``, ``lifecycle:transition``, ...)
and the attributes of its ``<trace>`` under ``case:<key>`` (the pm4py convention, so that a mapping
says ``case = "case:concept:name"``). XES has no useful line numbers, so ``line`` is the event's
position in the file: 1 for the first event, counting over all traces. ``sla rejects`` shows the
event's attributes, which identify it.

The file is parsed with ``xml.etree.ElementTree.iterparse`` and every element is released once read,
so memory stays flat; rows go to DuckDB in Arrow batches.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError, iterparse

import duckdb
import pyarrow as pa

from analytics.ingest.errors import ImportRefused
from analytics.ingest.readers import SourceTable, check_file, quote_ident
from analytics.ingest.readers.textfile import open_binary, unreadable
from analytics.store.sqlfiles import sql

__all__ = ["is_xes", "read_xes"]

_BATCH = 100_000
_VALUE_TAGS = {"string", "date", "int", "float", "boolean", "id"}


def is_xes(path: Path) -> bool:
    """Whether ``path`` is named as an XES log (``.xes`` or ``.xes.gz``).

    Parameters
    ----------
    path : Path
        The file; only its suffix counts.

    Returns
    -------
    bool
    """
    return path.name.lower().endswith((".xes", ".xes.gz"))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _flush(con: duckdb.DuckDBPyConnection, rows: list[dict], columns: list[str], first: bool) -> None:
    table = pa.table(
        {c: pa.array([r.get(c) for r in rows], pa.int64() if c == "line" else pa.string()) for c in columns}
    )
    con.register("xes_batch", table)
    if first:
        con.execute(sql("ingest/readers/xes_first_batch"))
    else:
        existing = {r[0] for r in con.execute(sql("ingest/readers/raw_columns")).fetchall()}
        for c in columns:
            if c not in existing:
                # An attribute key of the log itself, quoted.
                con.execute(f"ALTER TABLE raw_rows ADD COLUMN {quote_ident(c)} VARCHAR")
        con.execute(sql("ingest/readers/xes_next_batch"))
    con.unregister("xes_batch")


def read_xes(con: duckdb.DuckDBPyConnection, path: Path) -> SourceTable:
    """Stream the events of an XES file into ``raw_rows``; see the module docstring.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection.
    path : Path
        A ``.xes`` or ``.xes.gz`` file.

    Returns
    -------
    SourceTable
        Columns are the attribute keys met, in the order first met.

    Raises
    ------
    ImportRefused
        Not an XES document, or broken XML (with the parser's line and column).
    """
    check_file(path)
    rows: list[dict] = []
    columns: list[str] = ["line"]
    seen = set(columns)
    trace_attrs: dict[str, str] = {}
    depth_event = False
    event: dict[str, str] = {}
    n = 0
    first = True
    root_checked = False
    try:
        with open_binary(path) as fh:
            for action, elem in iterparse(fh, events=("start", "end")):
                tag = _local(elem.tag)
                if not root_checked:
                    if tag != "log":
                        raise ImportRefused(
                            f"{path}: not an XES event log (the document starts with <{tag}>, "
                            "expected <log>); use --format eventlog with a .csv file for CSV logs"
                        )
                    root_checked = True
                if action == "start":
                    if tag == "trace":
                        trace_attrs = {}
                    elif tag == "event":
                        depth_event, event = True, {}
                    continue
                if tag in _VALUE_TAGS and "key" in elem.attrib:
                    target = event if depth_event else trace_attrs
                    key = elem.attrib["key"] if depth_event else "case:" + elem.attrib["key"]
                    target.setdefault(key, elem.attrib.get("value"))
                elif tag == "event":
                    n += 1
                    row = {**trace_attrs, **event, "line": n}
                    for k in row:
                        if k not in seen:
                            seen.add(k)
                            columns.append(k)
                    rows.append(row)
                    depth_event = False
                    elem.clear()
                    if len(rows) >= _BATCH:
                        _flush(con, rows, columns, first)
                        rows, first = [], False
                elif tag == "trace":
                    elem.clear()
    except ParseError as exc:
        line, col = exc.position
        if not root_checked and exc.code == 3:  # "no element found" before any element
            raise ImportRefused(f"{path}: the file is empty; expected an XES event log (<log> ... </log>)") from None
        raise ImportRefused(
            f"{path}: line {line}, column {col}: broken XML ({exc}); the XES file is incomplete or not XML"
        ) from None
    except (OSError, EOFError, zlib.error) as exc:
        raise unreadable(path, exc) from None
    if rows or first:
        _flush(con, rows, columns, first)
    return SourceTable(path, columns[1:], n, notes=["XES: line numbers are event positions in the file"])
