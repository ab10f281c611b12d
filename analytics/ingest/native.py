"""The source system's own SLA verdicts and the metrics it cannot measure, written at import time.

ServiceNow (``made_sla``) and Jira Service Management ("Time to first response", "Time to
resolution") carry their own verdict per ticket; an adapter leaves them in ``native_rows``
(``analytics/sql/native/native_rows.sql``), and the import keeps those of its accepted tickets in
``native_sla``. A mapping may say which metrics its source cannot measure; the import records them in
``metric_scope``. Pages and reports read both through :mod:`analytics.reports.native`.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pyarrow as pa

__all__ = ["accepted_native", "write_import_extras"]


def accepted_native(con: duckdb.DuckDBPyConnection, present: bool) -> pa.Table | None:
    """Native verdicts of the accepted tickets of the import staged in ``con`` (None without any)."""
    if not present:
        return None
    return con.sql("SELECT n.* FROM native_rows n WHERE n.ticket_id IN "
                   "(SELECT tid FROM staged_verdict WHERE reject_reason IS NULL AND k = 'created')").to_arrow_table()


def write_import_extras(con: duckdb.DuckDBPyConnection, dsid: int, created: bool, tickets: pa.Table,
                        native: pa.Table | None, not_measurable: dict[str, str], source: str) -> None:
    """Replace the native verdicts of the imported tickets and record unmeasurable metrics.

    Runs inside the import's write transaction, after the tickets were written.
    """
    if created:  # a reused dataset id must not inherit rows of a deleted dataset
        con.execute("DELETE FROM native_sla WHERE dataset_id = ?", [dsid])
        con.execute("DELETE FROM metric_scope WHERE dataset_id = ?", [dsid])
    con.register("imported_tickets", tickets.select(["ticket_id"]))
    con.execute("DELETE FROM native_sla WHERE dataset_id = ? AND ticket_id IN (SELECT ticket_id FROM imported_tickets)",
                [dsid])
    con.unregister("imported_tickets")
    if native is not None and native.num_rows:
        con.register("new_native", native)
        con.execute("INSERT INTO native_sla SELECT ?, ticket_id, source, name, metric, met, value FROM new_native",
                    [dsid])
        con.unregister("new_native")
    if not_measurable:
        con.execute("DELETE FROM metric_scope WHERE dataset_id = ?", [dsid])
        rows = pd.DataFrame({"metric": list(not_measurable), "reason": list(not_measurable.values())})
        con.register("scope_rows", rows)
        con.execute("INSERT INTO metric_scope SELECT ?, metric, false, reason, ? FROM scope_rows", [dsid, source])
        con.unregister("scope_rows")
