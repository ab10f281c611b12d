"""Detect how a source writes its timestamps; refuse ambiguous ones instead of guessing.

Exports show dates in the exporting instance's display format: ``29/2/2016 01:16`` (day first),
``2/29/2016 1:16 AM`` (month first), ``12/Mar/24 9:15 AM`` (Jira), ``2012/10/09 14:50:17.000``, or
ISO 8601. Detection tries every known format on every value of the timestamp columns (one DuckDB
scan) and keeps the formats that read all of them. Exactly one: it is used. Several that disagree
(``3/4/2016`` read day-first and month-first): the file is refused, naming the formats to choose from
with ``--date-format``. None reads all: the format that reads the most is used when it reads at least
half of the values; the other rows are refused one by one, with their line.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from analytics.ingest.errors import ImportRefused
from analytics.ingest.readers import quote_ident
from analytics.store.database import fetch_one
from analytics.store.sqlfiles import filled, sql

__all__ = ["CANDIDATES", "ISO", "DateFormat", "detect"]

ISO = "iso"
# Display formats seen in helpdesk exports. Order matters only for the message text.
CANDIDATES = (
    "%Y/%m/%d %H:%M:%S.%g",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%d/%m/%Y %I:%M %p",
    "%d/%m/%y %H:%M",
    "%m/%d/%y %H:%M",
    "%m/%d/%y %I:%M %p",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%b/%y %I:%M %p",
    "%d/%b/%Y %I:%M %p",
    "%d/%b/%y %H:%M",
    "%d-%b-%Y %H:%M:%S",
    "%d-%b-%Y %H:%M",
)
_ISO_TEST = r"^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?\s*(Z|z|[+-]\d\d(:?\d\d)?)?$"
_OFFSET_TEST = r"(Z|z|[+-]\d\d(:?\d\d)?)$"


@dataclass(frozen=True)
class DateFormat:
    """How to read a source's timestamps: ISO 8601 (``fmt = 'iso'``) or a strptime format."""

    fmt: str
    has_offset: bool  # every value carries a UTC offset (ISO only)

    @property
    def strptime(self) -> str | None:
        return None if self.fmt == ISO else self.fmt


def detect(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[str],
    where: str,
    requested: str | None = None,
    timezone: str | None = None,
) -> DateFormat:
    """Choose the date format of ``columns`` of ``table``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Connection holding ``table``.
    table, columns : str, list of str
        Table and the source columns holding timestamps (all read with one format).
    where : str
        The file, for messages.
    requested : str, optional
        ``--date-format`` or the mapping's ``date_format``: a strptime format or ``iso``.
    timezone : str, optional
        Zone for values without offset; without it such values refuse the file.

    Returns
    -------
    DateFormat

    Raises
    ------
    ImportRefused
        Ambiguous or unreadable timestamps, or timestamps without offset and no timezone.
    """
    values = _values(table, columns)
    names = ", ".join(repr(c) for c in columns)
    if (
        requested
        and requested.lower() != ISO
        and "%z" not in requested
        and "%Z" not in requested
        and timezone is not None
    ):
        # A stated format with a zone for it is used as soon as one value reads with it: the full
        # look at every distinct value below only serves the messages of a refusal.
        hit = con.execute(filled("ingest/dates/stated_format_hit", values=values), [requested]).fetchall()
        if hit:
            return DateFormat(requested, False)
    con.execute(filled("ingest/dates/date_values", values=values))
    total, iso, offset = fetch_one(con, sql("ingest/dates/iso_counts"), [_ISO_TEST, _OFFSET_TEST])
    if total == 0:
        raise ImportRefused(f"{where}: column(s) {names} hold no timestamps; every event needs one")
    if requested and requested.lower() != ISO:
        if "%z" in requested or "%Z" in requested:
            raise ImportRefused(
                f"--date-format {requested!r}: leave out %z; ISO 8601 timestamps with an offset are "
                "recognised without --date-format, and others need --timezone"
            )
        fmt = DateFormat(requested, False)
        ok = fetch_one(con, sql("ingest/dates/format_reads"), [requested])[0]
        if ok == 0:
            example = _example(con, None)
            raise ImportRefused(
                f"{where}: no value of column(s) {names} matches the date format {requested!r} "
                f"(e.g. {example!r}); correct --date-format (strftime codes, e.g. '%d/%m/%Y %H:%M')"
            )
    elif requested or iso * 2 >= total:
        fmt = DateFormat(ISO, offset == total)
    else:
        fmt = _choose(con, total, names, where)
    if not fmt.has_offset and timezone is None:
        example = con.execute(sql("ingest/dates/without_offset"), [_OFFSET_TEST]).fetchall()
        raise ImportRefused(
            f"{where}: timestamps in column(s) {names} have no UTC offset (e.g. {example[0][0]!r}); pass --timezone "
            "ZONE (an IANA name such as Europe/Rome) or set timezone in the mapping. The tool never guesses."
        )
    return fmt


def _values(table: str, columns: list[str]) -> str:
    """The query of every value of the timestamp columns, one per row (``v``), for the dates SQL files.
    The table and column names are quoted identifiers of the file's own header."""
    return f"SELECT unnest([{', '.join(quote_ident(c) for c in columns)}]) AS v FROM {table}"


def _candidate_counts() -> str:
    """One scan of ``date_values`` counting the values each candidate format reads (the formats are
    constants of this module, never input). A year below 1900 is a two-digit year read with %Y, not a
    reading of the value."""
    counts = ", ".join(f"count(*) FILTER (WHERE year(try_strptime(v, '{f}')) >= 1900)" for f in CANDIDATES)
    return f"SELECT {counts} FROM date_values"


def _example(con: duckdb.DuckDBPyConnection, fmt: str | None) -> str:
    if fmt is None:
        rows = con.execute(sql("ingest/dates/first_value")).fetchall()
    else:
        rows = con.execute(sql("ingest/dates/unread_value"), [fmt]).fetchall()
    return rows[0][0] if rows else ""


def _choose(con: duckdb.DuckDBPyConnection, total: int, names: str, where: str) -> DateFormat:
    counts = fetch_one(con, _candidate_counts())
    full = [f for f, n in zip(CANDIDATES, counts) if n == total]
    if len(full) > 1:
        # Formats that read every value the same way are not a real ambiguity.
        distinct = [full[0]]
        for f in full[1:]:
            same = fetch_one(con, sql("ingest/dates/same_readings"), [distinct[0], f])[0]
            if same < total:
                distinct.append(f)
        if len(distinct) > 1:
            example = fetch_one(con, sql("ingest/dates/different_reading"), distinct[:2])[0]
            raise ImportRefused(
                f"{where}: the dates in column(s) {names} are ambiguous: {example!r} reads differently as "
                + " or as ".join(repr(f) for f in distinct)
                + "; say which with --date-format (e.g. --date-format '"
                + distinct[0]
                + "')"
            )
        return DateFormat(distinct[0], False)
    if full:
        return DateFormat(full[0], False)
    best = max(range(len(CANDIDATES)), key=lambda i: counts[i])
    if counts[best] * 2 < total:
        example = _example(con, None)
        raise ImportRefused(
            f"{where}: cannot tell how the timestamps in column(s) {names} are written (e.g. {example!r}); "
            "pass --date-format with strftime codes, e.g. --date-format '%d/%m/%Y %H:%M'"
        )
    return DateFormat(CANDIDATES[best], False)
