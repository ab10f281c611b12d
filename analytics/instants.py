"""The plausible window of instants: what an import accepts and what the clock engine measures.

A helpdesk export's instants lie within a few decades of today. A value far outside (year 9999,
year 1, ``infinity``, DuckDB's ``epoch``) is a typing error or a placeholder, and such an instant
breaks what follows: Python's dates end at year 9999 and pandas' at 2262, and business calendars are
expanded over the whole span of a dataset (one year 4000 row meant two thousand years of opening
hours). So every import refuses instants outside the window, row by row, and the clock engine
leaves out the tickets of an older database that still hold one.

The window is ``[earliest, latest]``: by default 1990-01-01 to ten years after now, set for all
commands with ``SLA_EARLIEST`` / ``SLA_LATEST`` and for one import with ``--earliest`` /
``--latest``. A bound is a year (``1990``: its first instant for ``earliest``, its last for
``latest``) or a date (``2024-06-30``: that day, in UTC).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from analytics.settings import settings

__all__ = [
    "DEFAULT_EARLIEST_YEAR",
    "DEFAULT_LATEST_YEARS_AHEAD",
    "MAX_OFFSET_MINUTES",
    "MAX_YEAR",
    "MIN_YEAR",
    "InstantWindow",
    "instant_window",
    "parse_bound",
]

DEFAULT_EARLIEST_YEAR = 1990
DEFAULT_LATEST_YEARS_AHEAD = 10
#: Real UTC offsets lie within ±14:00 (Kiribati +14:00, Baker Island -12:00).
MAX_OFFSET_MINUTES = 14 * 60
#: A configured bound must stay within these years: pandas' instants end in 2262, and the clock engine
#: expands business calendars over the window.
MIN_YEAR, MAX_YEAR = 1900, 2200
_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class InstantWindow:
    """The instants an import accepts and the clock engine measures: ``earliest <= t <= latest`` (UTC)."""

    earliest: datetime
    latest: datetime

    def __post_init__(self) -> None:
        if self.latest <= self.earliest:
            raise ValueError(
                f"the window of plausible instants is empty ({self.describe()}); "
                "--latest / SLA_LATEST must be after --earliest / SLA_EARLIEST"
            )

    def describe(self) -> str:
        """``1990-01-01 to 2036-05-03`` (the days, UTC)."""
        return f"{self.earliest:%Y-%m-%d} to {self.latest:%Y-%m-%d}"

    def contains(self, instant: datetime) -> bool:
        """Whether an aware datetime lies in the window."""
        return self.earliest <= instant <= self.latest


def parse_bound(text: object, which: str, source: str) -> datetime:
    """One bound of the window from a year (``1990``) or a date (``2024-06-30``).

    Parameters
    ----------
    text : object
        The value as given.
    which : str
        ``earliest`` (a year means its first instant) or ``latest`` (its last instant; a date, the
        end of that day).
    source : str
        Where it was given (``--earliest``, ``SLA_LATEST``), for the message.

    Returns
    -------
    datetime
        Aware, UTC.

    Raises
    ------
    ValueError
        Not a year or a date, or outside the years 1900 to 2200.
    """
    raw = str(text).strip()
    try:
        if _YEAR.match(raw):
            day = datetime(int(raw), 1 if which == "earliest" else 12, 1 if which == "earliest" else 31, tzinfo=UTC)
        elif _DATE.match(raw):
            day = datetime.strptime(raw, "%Y-%m-%d").replace(tzinfo=UTC)
        else:
            raise ValueError
    except ValueError:
        raise ValueError(f"{source}={raw!r} is neither a year nor a date; write e.g. 1990 or 2024-06-30") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"{source}={raw!r} must lie between the years {MIN_YEAR} and {MAX_YEAR}")
    return day if which == "earliest" else day + timedelta(days=1) - timedelta(microseconds=1)


def instant_window(earliest: object = None, latest: object = None, now: datetime | None = None) -> InstantWindow:
    """The window in force: the given bounds, else ``SLA_EARLIEST`` / ``SLA_LATEST``, else the defaults.

    Parameters
    ----------
    earliest, latest : str or int, optional
        ``--earliest`` / ``--latest`` of one import (a year or a date).
    now : datetime, optional
        The instant "ten years after now" counts from (default: the current time).

    Returns
    -------
    InstantWindow

    Raises
    ------
    ValueError
        A bound that is not a year or a date, or a window that is empty.
    """
    env = settings()
    if earliest is not None and str(earliest).strip():
        start = parse_bound(earliest, "earliest", "--earliest")
    elif env.earliest:
        start = parse_bound(env.earliest, "earliest", "SLA_EARLIEST")
    else:
        start = datetime(DEFAULT_EARLIEST_YEAR, 1, 1, tzinfo=UTC)
    if latest is not None and str(latest).strip():
        end = parse_bound(latest, "latest", "--latest")
    elif env.latest:
        end = parse_bound(env.latest, "latest", "SLA_LATEST")
    else:
        now = now or datetime.now(UTC)
        try:
            end = now.replace(year=now.year + DEFAULT_LATEST_YEARS_AHEAD)
        except ValueError:  # 29 February
            end = now.replace(year=now.year + DEFAULT_LATEST_YEARS_AHEAD, day=28)
    return InstantWindow(start, end)
