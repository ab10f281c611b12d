"""Jira Service Management CSV exports (``--format jira``; preset ``jira``).

One row per issue: ``created`` at *Created*, ``resolved`` at *Resolved*; priority, request type and
assignee as attributes. Jira writes dates in the instance's display format (``12/Mar/24 9:15 AM`` by
default) without offset, so ``--timezone`` is required. Repeated columns (several *Comment* or
*Labels* columns) are numbered ``Comment (2)``, ... . The SLA fields *Time to first response* and
*Time to resolution* (also as ``Custom field (...)``) are kept as native verdicts: Jira exports the
remaining time of the SLA's last cycle, negative when it was breached.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics.ingest.errors import ImportRefused
from analytics.ingest.mapped import stage_mapped
from analytics.ingest.mapping import load_mapping, resolve_column
from analytics.ingest.readers import quote_ident, read_table
from analytics.ingest.staging import ImportOptions, Staged
from analytics.store.sqlfiles import sql

SLA_FIELDS = {"Time to first response": "first_response", "Time to resolution": "resolution"}


def _sla_column(name: str, found: list[str]) -> str | None:
    for candidate in (name, f"Custom field ({name})"):
        for f in found:
            if f.lower() == candidate.lower():
                return f
    return None


def stage(con: duckdb.DuckDBPyConnection, path: Path, options: ImportOptions) -> Staged:
    """Stage a Jira Service Management CSV export; see the module docstring.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection.
    path : Path
        The exported CSV (or Excel) file.
    options : ImportOptions
        ``mapping`` replaces the ``jira`` preset.

    Returns
    -------
    Staged
    """
    src = read_table(con, path, encoding=options.encoding, delimiter=options.delimiter, sheet=options.sheet)
    mapping = load_mapping(options.mapping or "jira")
    if not any(c.lower() == "issue key" for c in src.columns) and not options.mapping:
        raise ImportRefused(f"{path}: missing column 'Issue key': this is not a Jira CSV export; found columns: "
                            f"{', '.join(src.columns) or '(none)'}. Check --format.")
    staged = stage_mapped(con, src, mapping, options)
    case = resolve_column(mapping, "case", mapping.columns["case"], src.columns, str(path))
    resolved = resolve_column(mapping, "resolved time", mapping.ticket_events.get("resolved", ("Resolved",)),
                              src.columns, str(path), required=False)
    parts, params = [], []
    for field, metric in SLA_FIELDS.items():
        col = _sla_column(field, src.columns)
        if col:
            done = f"nullif(trim({quote_ident(resolved)}), '') IS NOT NULL" if resolved else "false"
            # Quoted identifiers of the file's own columns; constants are bound.
            parts.append(f"SELECT line, NULL::DOUBLE AS order_num, trim({quote_ident(case)}) AS case_id, "
                         f"?::VARCHAR AS source, ?::VARCHAR AS name, ?::VARCHAR AS metric, {quote_ident(col)} AS value, "
                         f"{done} AS resolved FROM raw_rows")
            params += ["jira", field, metric]
    if parts:
        con.execute("CREATE OR REPLACE TEMP TABLE native_source AS " + " UNION ALL ".join(parts), params)
        con.execute(sql("native/native_rows"))
        staged.native = True
    return staged
