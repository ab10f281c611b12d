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
from analytics.ingest.native import keep_native
from analytics.ingest.readers import quote_ident, read_table
from analytics.ingest.staging import ImportOptions, Staged
from analytics.store.sqlfiles import filled

__all__ = ["SLA_FIELDS", "stage"]

SLA_FIELDS = {"Time to first response": "first_response", "Time to resolution": "resolution"}


def _sla_column(name: str, found: list[str]) -> str | None:
    for candidate in (name, f"Custom field ({name})"):
        for f in found:
            if f.lower() == candidate.lower():
                return f
    return None


def _native_source(con: duckdb.DuckDBPyConnection, case: str, resolved: str | None, found: list[str]) -> bool:
    """``native_source`` from the SLA fields the export has (one part of ``jira_source.sql`` each, joined
    with UNION ALL); False, and nothing built, when it has none."""
    parts, params = [], []
    for field, metric in SLA_FIELDS.items():
        col = _sla_column(field, found)
        if col:
            # Quoted identifiers of the file's own columns; constants are bound.
            parts.append(
                filled(
                    "native/jira_source",
                    case=quote_ident(case),
                    value=quote_ident(col),
                    resolved=quote_ident(resolved) if resolved else "NULL",
                )
            )
            params += ["jira", field, metric]
    if parts:
        con.execute("CREATE OR REPLACE TEMP TABLE native_source AS " + " UNION ALL ".join(parts), params)
    return bool(parts)


def stage(con: duckdb.DuckDBPyConnection, path: Path, options: ImportOptions) -> Staged:
    """Stage a Jira Service Management CSV export; see the module docstring.

    Parameters
    ----------
    con, path, options
        As for every :class:`~analytics.ingest.staging.Adapter`. ``path`` is the exported CSV (or Excel)
        file; ``options.mapping`` replaces the ``jira`` preset.

    Returns
    -------
    Staged
    """
    src = read_table(con, path, encoding=options.encoding, delimiter=options.delimiter, sheet=options.sheet)
    mapping = load_mapping(options.mapping or "jira")
    if not any(c.lower() == "issue key" for c in src.columns) and not options.mapping:
        raise ImportRefused(
            f"{path}: missing column 'Issue key': this is not a Jira CSV export; found columns: "
            f"{', '.join(src.columns) or '(none)'}. Check --format."
        )
    staged = stage_mapped(con, src, mapping, options)
    case = resolve_column(mapping, "case", mapping.columns["case"], src.columns, str(path))
    resolved = resolve_column(
        mapping,
        "resolved time",
        mapping.ticket_events.get("resolved", ("Resolved",)),
        src.columns,
        str(path),
        required=False,
    )
    if _native_source(con, case, resolved, src.columns):
        keep_native(con, staged)
    return staged
