"""Check a file before importing it: stage it with the chosen format and run the importers' own
validation, without touching the database. The dashboard's import wizard shows the result (the first
rows as events, counts, refused rows with their line numbers) before anything is written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analytics.ingest import FORMATS, ImportRefused, pipeline
from analytics.sla.policy import Policy
from analytics.store.sqlfiles import filled, sql
from analytics.vocabulary import CANONICAL_COLUMNS

__all__ = ["PREVIEW_COLUMNS", "Preview", "formats", "mapping_presets", "preview"]

PREVIEW_COLUMNS = ["line", *CANONICAL_COLUMNS]  # the row's line in the file, then the canonical columns


_KNOWN = {
    "events": "the canonical events file (CSV, gzip CSV or Parquet; see the README)",
    "servicenow": "a ServiceNow incident export (built-in mapping)",
    "zendesk": "a Zendesk ticket export (built-in mapping)",
    "jira": "a Jira issue export (built-in mapping)",
}


@dataclass(frozen=True)
class Preview:
    """What an import of a file would do."""

    head: pd.DataFrame  # the first rows as staged events (line = the source line)
    rows_read: int
    tickets: int  # tickets that would be imported
    events: int
    rejects: pd.DataFrame  # source_line, ticket_id, reason, raw
    notes: tuple[str, ...] = ()


def formats() -> dict[str, str]:
    """The import formats available now, with the first line of each adapter's description.

    Returns
    -------
    dict of str to str
        Format name -> what it reads.
    """
    out = {}
    for name, fn in FORMATS.items():
        line = ((fn.__doc__ or "").strip().splitlines() or [""])[0]
        line = re.sub(r"^``--format \w+``:\s*", "", line).replace("``", "")
        out[name] = _KNOWN.get(name) or line
    return out


def mapping_presets() -> list[str]:
    """Names of the shipped mapping presets (empty when the importers ship none).

    Returns
    -------
    list of str
    """
    try:
        from analytics.ingest.mapping import preset_names
    except ImportError:
        return []
    return preset_names()


def _head_columns(cols: list[str]) -> str:
    """The preview's select list: names from :data:`PREVIEW_COLUMNS` only, quoted (AT is a reserved
    word); an instant an adapter already read is shown as ISO 8601 text in UTC."""
    at_text = "coalesce(strftime(timezone('UTC', at_ts), '%Y-%m-%dT%H:%M:%SZ'), \"at\") AS \"at\""
    return ", ".join(f'"{c}"' if c != "at" else at_text for c in cols)


def preview(
    path: str | Path, fmt: str, policy: Policy, timezone: str | None = None, mapping: str | None = None, rows: int = 20
) -> Preview:
    """Stage and validate ``path`` as format ``fmt`` without writing anything.

    Parameters
    ----------
    path : str or Path
        The file.
    fmt : str
        One of the import formats.
    policy : Policy
        Teams and vocabularies the rows are checked against.
    timezone : str, optional
        IANA zone for timestamps without a UTC offset.
    mapping : str, optional
        ``--mapping``: a preset name or a TOML path.
    rows : int
        How many first rows to show.

    Returns
    -------
    Preview

    Raises
    ------
    ImportRefused
        The file cannot be read as a whole (unknown format, missing columns, no mapping...).
    """
    if fmt not in FORMATS:
        raise ImportRefused(f"unknown format {fmt!r}; available formats: {', '.join(FORMATS)}")
    options = pipeline.ImportOptions(mapping=mapping, timezone=timezone, teams=tuple(policy.teams))
    con, staged = pipeline.stage(path, fmt, options)
    try:
        if staged.rows_read == 0:
            raise ImportRefused(f"{Path(path).name}: the file has a header but no rows; nothing to import")
        staged_columns = {r[0] for r in con.execute(sql("ingest/staged_columns")).fetchall()}
        columns = _head_columns([c for c in PREVIEW_COLUMNS if c in staged_columns])
        head = con.execute(filled("ingest/preview_head", columns=columns), [int(rows)]).fetchdf()
        tickets, events, rejects = pipeline.validate(con, staged, policy, staged.timezone or timezone)
    finally:
        con.close()
    return Preview(head, staged.rows_read, tickets.num_rows, events.num_rows, rejects, tuple(staged.notes))
