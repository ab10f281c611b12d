"""Writing into the store: tickets with their events, and the record of an import with its refused rows.

Imports and simulated runs write through :func:`write_tickets` (or :func:`replace_tickets`) inside a
``Store.writer()`` transaction; the SQL is in ``analytics/sql/ingest/write``. Everything is columnar:
Arrow tables or query results go into the store in one statement each, without row loops.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
import pyarrow as pa

from analytics.store.database import fetch_one
from analytics.store.sqlfiles import filled, sql

if TYPE_CHECKING:
    from analytics.ingest.pipeline import ImportResult

__all__ = ["record_import", "replace_tickets", "write_tickets"]


def write_tickets(
    con: duckdb.DuckDBPyConnection, dsid: int, tickets: pa.Table, events: pa.Table, result: ImportResult | None = None
) -> None:
    """Replace the given tickets (and all their events) in dataset ``dsid``; columnar, no row loops.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The writer's connection.
    dsid : int
        The dataset's id.
    tickets : pyarrow.Table
        The columns of ``accepted_tickets`` (and optionally ``replication``), or anything DuckDB can scan.
    events : pyarrow.Table
        The columns of ``accepted_events``, or anything DuckDB can scan.
    result : ImportResult, optional
        Gets the counts of new and updated tickets and of events.
    """
    con.register("new_events", events)
    try:
        replace_tickets(con, dsid, tickets, "new_events", result)
    finally:
        con.unregister("new_events")


def replace_tickets(
    con: duckdb.DuckDBPyConnection, dsid: int, tickets: pa.Table, events_from: str, result: ImportResult | None = None
) -> None:
    """:func:`write_tickets` with the events read from ``events_from``.

    Parameters
    ----------
    con, dsid, tickets, result
        As for :func:`write_tickets`.
    events_from : str
        A registered name, or a fixed query of this package in parentheses (never text from input).
    """
    con.register("new_tickets", tickets)
    updated = fetch_one(con, sql("ingest/write/tickets_replaced"), [dsid])[0]
    if updated:
        con.execute(sql("ingest/write/events_delete"), [dsid])
        con.execute(sql("ingest/write/tickets_delete"), [dsid])
    replication = "replication" if "replication" in tickets.column_names else "NULL"  # fixed text, not input
    con.execute(filled("ingest/write/tickets_insert", replication=replication), [dsid])
    events = fetch_one(con, filled("ingest/write/events_insert", events=events_from), [dsid])[0]
    con.unregister("new_tickets")
    if result is not None:
        result.tickets_updated = int(updated)
        result.tickets_new = tickets.num_rows - int(updated)
        result.events = int(events)


def record_import(con: duckdb.DuckDBPyConnection, dsid: int, fmt: str, identity: str, result: ImportResult) -> None:
    """Record one import of a file into dataset ``dsid``, with the rows it refused.

    Parameters
    ----------
    con, dsid
        The writer's connection and the id of the dataset being written.
    fmt : str
        The import format.
    identity : str
        The import's identity (the file's sha256, with the options that change what it imports as).
    result : ImportResult
        What the import did: its file, rows read, counts (after :func:`replace_tickets`) and refused rows.
    """
    import_id = fetch_one(con, sql("ingest/write/import_next_id"), [dsid])[0]
    rejects: pd.DataFrame = result.rejects
    con.execute(
        sql("ingest/write/import_insert"),
        [
            dsid,
            import_id,
            result.file,
            identity,
            fmt,
            datetime.now(UTC),
            result.rows_read,
            result.tickets_new,
            result.tickets_updated,
            result.events,
            len(rejects),
        ],
    )
    if len(rejects):
        rj = rejects.assign(dataset_id=dsid, import_id=import_id, source_file=result.file)
        con.register("new_rejects", rj)
        con.execute(sql("ingest/write/rejects_insert"))
        con.unregister("new_rejects")
