"""ServiceNow incident exports (``--format servicenow``), in both shapes people get.

- **List export** (one row per incident): ``created`` at *opened_at*, ``resolved`` at
  *resolved_at*, ``closed`` at *closed_at*, the assignment group's team (preset
  ``servicenow-list``).
- **Audit-style export** (one row per update: the incident number repeats with *sys_updated_at*,
  *incident_state*, *assignment_group*, *sys_mod_count*, ...): events come from changes of state
  and group between consecutive updates, ordered by *sys_mod_count* (preset ``servicenow-audit``).

The shape is recognised by whether incident numbers repeat. Column names may be the field names
(``opened_at``) or the list labels (``Opened``). ``?`` and empty cells are missing values. Where the
export has *made_sla*, the latest value per incident is kept as the native verdict on resolution.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics.ingest.errors import ImportRefused
from analytics.ingest.mapped import stage_mapped
from analytics.ingest.mapping import load_mapping, resolve_column
from analytics.ingest.native import keep_native
from analytics.ingest.readers import columns_named, quote_ident, read_table
from analytics.ingest.staging import ImportOptions, Staged
from analytics.store.database import fetch_one
from analytics.store.sqlfiles import filled

__all__ = ["MADE_SLA", "NUMBER", "ORDER", "stage"]

NUMBER = ("number", "Number")
MADE_SLA = ("made_sla", "Made SLA")
ORDER = ("sys_mod_count", "Updates")


def _find(names: tuple[str, ...], found: list[str]) -> str | None:
    lower = {f.lower(): f for f in found}
    return next((lower[n.lower()] for n in names if n.lower() in lower), None)


def stage(con: duckdb.DuckDBPyConnection, path: Path, options: ImportOptions) -> Staged:
    """Stage a ServiceNow incident export; see the module docstring.

    Parameters
    ----------
    con, path, options
        As for every :class:`~analytics.ingest.staging.Adapter`. ``path`` is a CSV (any supported encoding
        and delimiter), Excel or Parquet export; ``options.mapping`` replaces the built-in preset.

    Returns
    -------
    Staged
    """
    given = load_mapping(options.mapping) if options.mapping else None
    mappings = [given] if given else [load_mapping("servicenow-audit"), load_mapping("servicenow-list")]
    keep = columns_named(NUMBER, MADE_SLA, ORDER, [m.source_names() for m in mappings])
    src = read_table(con, path, encoding=options.encoding, delimiter=options.delimiter, sheet=options.sheet, keep=keep)
    number = _find(NUMBER, src.columns)
    if given:
        mapping = given
        shape_note = f"mapping {mapping.name}"
    else:
        if number is None:
            raise ImportRefused(
                f"{path}: missing column 'number' (or 'Number'): this is not a ServiceNow incident "
                f"export; found columns: {', '.join(src.columns) or '(none)'}. Check --format."
            )
        total, distinct = fetch_one(con, filled("ingest/servicenow_numbers", number=quote_ident(number)))
        audit = distinct < total
        mapping = load_mapping("servicenow-audit" if audit else "servicenow-list")
        shape_note = "audit-style export (one row per update)" if audit else "list export (one row per incident)"
    staged = stage_mapped(con, src, mapping, options)
    staged.notes.insert(0, f"read as a ServiceNow {shape_note}")
    made_sla = _find(MADE_SLA, src.columns)
    case = resolve_column(mapping, "case", mapping.columns["case"], src.columns, str(path))
    if made_sla:
        order = _find(ORDER, src.columns)
        # Quoted identifiers of the file's own columns.
        con.execute(
            filled(
                "native/servicenow_source",
                order=quote_ident(order) if order else "NULL",
                case=quote_ident(case),
                made_sla=quote_ident(made_sla),
            )
        )
        keep_native(con, staged)
    return staged
