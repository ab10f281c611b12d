"""The contract between format adapters and the shared validation.

An adapter reads its file into the import's working DuckDB connection and leaves there:

- ``staged``: one row per canonical event: ``line`` (source line), ``sub`` (order of the events
  derived from one line), the canonical columns as text, ``at_ts`` (the event's instant when the
  adapter already read it, else NULL and the shared validation reads ``at``) and ``problem`` (the
  adapter's own finding about the row, or NULL);
- ``source_raw``: ``(line, raw)`` the source rows as JSON, looked at only for refused lines;
- optionally ``native_rows``: the source's own SLA verdicts per ticket (see ``analytics/native.py``).

It returns a :class:`Staged` describing what it read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analytics.vocabulary import CANONICAL_COLUMNS, OPTIONAL_CANONICAL_COLUMNS

STAGED_COLUMNS = (*CANONICAL_COLUMNS, *OPTIONAL_CANONICAL_COLUMNS)


@dataclass(frozen=True)
class ImportOptions:
    """What a person may say about a file beyond its format (CLI options / dashboard wizard)."""

    mapping: str | None = None
    timezone: str | None = None
    date_format: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    teams: tuple[str, ...] = ()

    def key(self) -> dict:
        """The options that change what a file imports as (recorded with the file's hash)."""
        return {k: v for k, v in (("mapping", self.mapping), ("timezone", self.timezone),
                                  ("date_format", self.date_format), ("encoding", self.encoding),
                                  ("delimiter", self.delimiter), ("sheet", self.sheet)) if v is not None}


@dataclass
class Staged:
    """What an adapter staged: rows read, malformed records, notes for the summary, and more."""

    rows_read: int
    malformed: list[tuple[int, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timezone: str | None = None          # the zone used for offset-less timestamps, if any
    mapping: str | None = None           # name of the mapping used
    mapping_text: str = ""               # its text (part of the import's identity)
    not_measurable: dict[str, str] = field(default_factory=dict)  # metric -> why the source can't tell
    native: bool = False                 # ``native_rows`` was created
