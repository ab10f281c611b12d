"""The contract between format adapters and the shared validation.

An adapter reads its file into the import's working DuckDB connection and leaves there:

- ``staged``: one row per canonical event: ``line`` (source line), ``sub`` (order of the events
  derived from one line), the canonical columns as text, ``at_ts`` (the event's instant when the
  adapter already read it, else NULL and the shared validation reads ``at``) and ``problem`` (the
  adapter's own finding about the row, or NULL);
- ``source_raw``: ``(line, raw)`` the source rows as JSON, looked at only for refused lines;
- optionally ``native_rows``: the source's own SLA verdicts per ticket (see ``analytics/ingest/native.py``).

It returns a :class:`Staged` describing what it read.

An adapter may instead leave ``staged`` as a view that reads the file when the validation first
uses it (one pass instead of two over a large file). Then ``line`` is NULL in the view, the rows come
in source order, one per record, and the :class:`Staged` carries two callbacks: ``finish`` (after the
first pass: set ``line`` in ``staged_checked``, the malformed records and ``rows_read``) and
``load_raw`` (create ``source_raw``, called only when some row is refused), and may carry
``unreadable``, which turns a failure of that first pass (a truncated gzip) into the file's own message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from analytics.store.sqlfiles import sql
from analytics.vocabulary import CANONICAL_COLUMNS, OPTIONAL_CANONICAL_COLUMNS

if TYPE_CHECKING:
    import duckdb

__all__ = ["STAGED_COLUMNS", "Adapter", "ImportOptions", "Staged", "define_check_macros"]

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
    earliest: str | None = None  # --earliest: first plausible instant (a year or a date), else the setting
    latest: str | None = None  # --latest: last plausible instant, else the setting
    teams: tuple[str, ...] = ()
    single_pass: bool = False  # an adapter may stage a view that reads the file in the validation's pass

    def key(self) -> dict:
        """The options that change what a file imports as (recorded with the file's hash)."""
        return {
            k: v
            for k, v in (
                ("mapping", self.mapping),
                ("timezone", self.timezone),
                ("date_format", self.date_format),
                ("encoding", self.encoding),
                ("delimiter", self.delimiter),
                ("sheet", self.sheet),
                ("earliest", self.earliest),
                ("latest", self.latest),
            )
            if v is not None
        }


@dataclass
class Staged:
    """What an adapter staged: rows read, malformed records, notes for the summary, and more."""

    rows_read: int
    malformed: list[tuple[int, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timezone: str | None = None  # the zone used for offset-less timestamps, if any
    mapping: str | None = None  # name of the mapping used
    mapping_text: str = ""  # its text (part of the import's identity)
    not_measurable: dict[str, str] = field(default_factory=dict)  # metric -> why the source can't tell
    native: bool = False  # ``native_rows`` was created
    finish: Callable | None = None  # (con, staged) after the first pass of a single-pass staging
    load_raw: Callable | None = None  # (con) creates ``source_raw`` when it was left out
    unreadable: Callable | None = None  # (duckdb.Error) -> ImportRefused naming the file, if the first pass fails


class Adapter(Protocol):
    """A format's adapter (``analytics.ingest.formats.FORMATS``): stages one file as described above.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The import's working connection; the adapter leaves ``staged``, ``source_raw`` and perhaps
        ``native_rows`` there as temporary relations.
    path : Path
        The file to import.
    options : ImportOptions
        What the person said about the file beyond its format.

    Returns
    -------
    Staged
        What the adapter read.

    Raises
    ------
    ImportRefused
        The file cannot be imported as a whole (wrong type, missing columns, unreadable dates, ...).
    """

    def __call__(self, con: duckdb.DuckDBPyConnection, path: Path, options: ImportOptions) -> Staged: ...


def define_check_macros(con: duckdb.DuckDBPyConnection) -> None:
    """Create the temporary macros the row checks share (``analytics/sql/ingest/macros``) on ``con``:
    ``instant_text_problem`` (timestamps' text) and ``hidden_character`` (ids and names)."""
    con.execute(sql("ingest/macros/instant_text_problem"))
    con.execute(sql("ingest/macros/hidden_character"))
