"""Zendesk Support API exports (``--format zendesk``; preset ``zendesk``).

One JSON document (``.json`` or ``.json.gz``) holding ``tickets`` plus ``audits`` (from
``/api/v2/tickets/{id}/audits`` or the incremental export) and/or ``ticket_metric_events``, and
optionally ``users`` (to tell agents from end users) and ``groups`` (to map groups by name).
Exports fetched separately can be merged with ``jq -s 'add' tickets.json audits.json users.json``.

Events: the ticket's first audit is ``created`` (at the ticket's *created_at*); public comments by
agents are ``agent_reply``, by end users ``customer_reply``; private comments ``internal_note``;
status pending / hold ``paused``, open ``resumed`` (``reopened`` after solved), solved ``resolved``,
closed ``closed``; a group change is a hand-off (``escalated`` to the new group's team). The JSON is
unpacked in DuckDB (``analytics/sql/ingest/zendesk_rows.sql``), not row by row in Python.
"""

from __future__ import annotations

import gzip
import tempfile
import zlib
from contextlib import ExitStack
from pathlib import Path

import duckdb

from analytics.ingest.errors import ImportRefused
from analytics.ingest.mapped import stage_mapped
from analytics.ingest.mapping import load_mapping
from analytics.ingest.readers import SourceTable, check_file, duckdb_path
from analytics.ingest.readers.textfile import unreadable
from analytics.ingest.staging import ImportOptions, Staged
from analytics.store.database import fetch_one, row_count
from analytics.store.sqlfiles import sql

__all__ = ["stage"]


def _read_document(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """``zd_doc``: the export as one JSON value (a ``.json.gz`` unpacked first), read by exactly its name."""
    check_file(path)
    with tempfile.TemporaryDirectory(prefix="sla-zendesk-") as tmp, ExitStack() as stack:
        if path.name.lower().endswith(".gz"):
            source = str(Path(tmp) / "export.json")
            try:
                with gzip.open(path, "rb") as src, open(source, "wb") as dst:
                    for block in iter(lambda: src.read(1 << 22), b""):
                        dst.write(block)
            except (OSError, EOFError, zlib.error) as exc:
                raise unreadable(path, exc) from None
        else:
            source = stack.enter_context(duckdb_path(path))
        with open(source, "rb") as fh:
            empty = not fh.read(1 << 16).strip()
        if empty:
            raise ImportRefused(f"{path}: the file is empty; expected a Zendesk JSON export with 'tickets'")
        try:
            con.execute(sql("ingest/zendesk_doc"), [source])
        except duckdb.Error as exc:
            first = (str(exc).splitlines() or [type(exc).__name__])[0].replace(source, path.name)
            raise ImportRefused(f"{path}: not valid JSON ({first}); export it again as a JSON document") from None


def stage(con: duckdb.DuckDBPyConnection, path: Path, options: ImportOptions) -> Staged:
    """Stage a Zendesk JSON export; see the module docstring.

    Parameters
    ----------
    con, path, options
        As for every :class:`~analytics.ingest.staging.Adapter`. ``path`` is a ``.json`` or ``.json.gz``
        file; ``options.mapping`` replaces the ``zendesk`` preset (e.g. to map your groups to teams).

    Returns
    -------
    Staged
    """
    if not path.name.lower().endswith((".json", ".json.gz")):
        raise ImportRefused(
            f"{path}: a Zendesk export is a .json file with 'tickets' and 'audits' "
            "(or 'ticket_metric_events'); check --format"
        )
    _read_document(con, path)
    keys = fetch_one(con, sql("ingest/zendesk_keys"))[0] or []
    if "tickets" not in keys or not ({"audits", "ticket_metric_events"} & set(keys)):
        raise ImportRefused(
            f"{path}: a Zendesk export needs the keys 'tickets' and 'audits' (or "
            f"'ticket_metric_events'); found keys: {', '.join(keys) or '(none)'}"
        )
    con.execute(sql("ingest/zendesk_rows"))
    columns = [r[0] for r in con.execute(sql("ingest/readers/raw_columns")).fetchall()][1:]
    rows = row_count(con, "raw_rows")
    src = SourceTable(
        path,
        columns,
        rows,
        notes=["JSON: line numbers are record numbers (tickets, then audit events, then metric events)"],
    )
    return stage_mapped(con, src, load_mapping(options.mapping or "zendesk"), options)
