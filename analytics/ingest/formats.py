"""The import formats (``sla import PATH --format NAME``): each stages a file in the working connection.

- ``events``: the canonical events file (``canonical.py``);
- ``eventlog``: process-mining event logs, CSV or XES, with a mapping (``--mapping``);
- ``csv``: any CSV / Excel / Parquet table, one row per ticket or per event, with a mapping;
- ``servicenow``, ``jira``, ``zendesk``: exports of those systems, with built-in mappings that
  ``--mapping`` may replace.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics.ingest import jira, servicenow, xes, zendesk
from analytics.ingest.canonical import stage_canonical
from analytics.ingest.errors import ImportRefused
from analytics.ingest.mapped import stage_mapped
from analytics.ingest.mapping import Mapping, load_mapping, preset_names
from analytics.ingest.readers import columns_named, read_table
from analytics.ingest.staging import Adapter, ImportOptions, Staged

__all__ = ["FORMATS", "mapping_text", "require_mapping", "stage_eventlog", "stage_table"]


def require_mapping(fmt: str, options: ImportOptions, shape: str | None = None) -> Mapping:
    """The mapping named by ``--mapping``; refuses when absent or of the wrong shape.

    Parameters
    ----------
    fmt : str
        The format, for messages.
    options : ImportOptions
        Its ``mapping`` is a preset name or a TOML path.
    shape : str, optional
        The shape the format needs (``events``), or any.

    Returns
    -------
    Mapping
        Loaded and validated.

    Raises
    ------
    ImportRefused
        No mapping given, an unknown or invalid one, or one of the wrong shape.
    """
    if not options.mapping:
        raise ImportRefused(
            f"--format {fmt} needs --mapping NAME|FILE saying which columns are which; "
            f"presets: {', '.join(preset_names())} (see docs/importers.md)"
        )
    mapping = load_mapping(options.mapping)
    if shape and mapping.shape != shape:
        raise ImportRefused(
            f"mapping {mapping.origin} has shape {mapping.shape!r}, but --format {fmt} reads "
            f'one row per event (shape = "{shape}"); use --format csv for a ticket table'
        )
    return mapping


def stage_eventlog(con: duckdb.DuckDBPyConnection, path: Path, options: ImportOptions) -> Staged:
    """``--format eventlog``: a CSV (plain or gzip) or XES event log, mapped by ``--mapping``.

    Parameters
    ----------
    con, path, options
        As for every :class:`~analytics.ingest.staging.Adapter`; ``options.mapping`` (of shape ``events``)
        is required; its encoding and delimiter apply unless the options say otherwise.

    Returns
    -------
    Staged
    """
    mapping = require_mapping("eventlog", options, "events")
    if xes.is_xes(path):
        src = xes.read_xes(con, path)
    else:
        src = read_table(
            con,
            path,
            encoding=options.encoding or mapping.encoding,
            delimiter=options.delimiter or mapping.delimiter,
            keep=columns_named(mapping.source_names()),
        )
    return stage_mapped(con, src, mapping, options)


def stage_table(con: duckdb.DuckDBPyConnection, path: Path, options: ImportOptions) -> Staged:
    """``--format csv``: any CSV / Excel / Parquet table, one row per ticket or per event.

    Parameters
    ----------
    con, path, options
        As for every :class:`~analytics.ingest.staging.Adapter`; ``options.mapping`` is required; its encoding,
        delimiter and sheet apply unless the options say otherwise.

    Returns
    -------
    Staged
    """
    mapping = require_mapping("csv", options)
    src = read_table(
        con,
        path,
        encoding=options.encoding or mapping.encoding,
        delimiter=options.delimiter or mapping.delimiter,
        sheet=options.sheet or mapping.sheet,
        keep=columns_named(mapping.source_names()),
    )
    return stage_mapped(con, src, mapping, options)


FORMATS: dict[str, Adapter] = {
    "events": stage_canonical,
    "eventlog": stage_eventlog,
    "csv": stage_table,
    "servicenow": servicenow.stage,
    "zendesk": zendesk.stage,
    "jira": jira.stage,
}


def mapping_text(fmt: str, mapping: str | None) -> str:
    """Text of the mapping an import will use (part of the import's identity), or ``''``.

    Parameters
    ----------
    fmt : str
        The format.
    mapping : str, optional
        ``--mapping``: a preset name or a TOML path.

    Returns
    -------
    str
    """
    if mapping:
        return load_mapping(mapping).text
    return ""
