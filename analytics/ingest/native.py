"""The source system's own SLA verdicts and the metrics it cannot measure, written at import time.

ServiceNow (``made_sla``) and Jira Service Management ("Time to first response", "Time to
resolution") carry their own verdict per ticket. Their adapters leave the export's values in
``native_source``; :func:`keep_native` turns them into ``native_rows``
(``analytics/sql/native/native_rows.sql``), and the import keeps those of its accepted tickets in
``native_sla``. A mapping may say which metrics its source cannot measure; the import records them in
``metric_scope``. Pages and reports read both through :mod:`analytics.reports.native`.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa

from analytics.ingest.staging import Staged
from analytics.store.sqlfiles import sql

__all__ = ["accepted_native", "keep_native", "write_import_extras"]


def keep_native(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    """Build ``native_rows`` from the ``native_source`` an adapter left in ``con``, and say so in ``staged``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection holding ``native_source``.
    staged : Staged
        What the adapter staged; its ``native`` becomes true.
    """
    con.execute(sql("native/native_rows"))
    staged.native = True


def accepted_native(con: duckdb.DuckDBPyConnection, present: bool) -> pa.Table | None:
    """Native verdicts of the accepted tickets of the import staged in ``con``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection, after the shared validation.
    present : bool
        Whether the adapter built ``native_rows`` (``Staged.native``).

    Returns
    -------
    pyarrow.Table or None
        The columns of ``native_rows``; None when the source has no native verdicts.
    """
    if not present:
        return None
    return con.sql(sql("native/accepted_native")).to_arrow_table()


def write_import_extras(
    con: duckdb.DuckDBPyConnection,
    dsid: int,
    created: bool,
    tickets: pa.Table,
    native: pa.Table | None,
    not_measurable: dict[str, str],
    source: str,
) -> None:
    """Replace the native verdicts of the imported tickets and record unmeasurable metrics.

    Runs inside the import's write transaction, after the tickets were written.

    Parameters
    ----------
    con, dsid
        The writer's connection and the id of the dataset being written.
    created : bool
        The import created the dataset (then nothing of an earlier dataset with its id may stay).
    tickets : pyarrow.Table
        The imported tickets (``ticket_id`` is used).
    native : pyarrow.Table or None
        From :func:`accepted_native`.
    not_measurable : dict of str to str
        Metric -> why the source cannot measure it (from the mapping).
    source : str
        The mapping or format that says so.
    """
    if created:  # a reused dataset id must not inherit rows of a deleted dataset
        con.execute(sql("native/verdicts_delete_dataset"), [dsid])
        con.execute(sql("native/scope_delete_dataset"), [dsid])
    con.register("imported_tickets", tickets.select(["ticket_id"]))
    con.execute(sql("native/verdicts_delete_tickets"), [dsid])
    con.unregister("imported_tickets")
    if native is not None and native.num_rows:
        con.register("new_native", native)
        con.execute(sql("native/verdicts_insert"), [dsid])
        con.unregister("new_native")
    if not_measurable:
        con.execute(sql("native/scope_delete_dataset"), [dsid])
        rows = pd.DataFrame({"metric": list(not_measurable), "reason": list(not_measurable.values())})
        con.register("scope_rows", rows)
        con.execute(sql("native/scope_insert"), [dsid, source])
        con.unregister("scope_rows")
