"""Filters shared by every report: date range, teams, channels, categories and complexities.

A :class:`Filters` value never reaches SQL as text. :func:`where` turns it into a predicate built
only from fixed fragments (column names from a per-relation whitelist) plus a dict of bound
parameters, so a team called ``x' OR 1=1 --`` is just a value that matches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from analytics.vocabulary import CHANNELS, COMPLEXITIES

__all__ = ["Filters", "where"]

# For each relation the reports read: the SQL expression each filter applies to. Identifiers only,
# fixed here; the values always travel as parameters.
_SCOPES: dict[str, dict[str, str]] = {
    # one row per clock: its start day in the reporting timezone, the clock's team
    "clocks": {
        "day": "day",
        "team": "team = ANY($f_teams)",
        "channel": "channel",
        "category": "category",
        "complexity": "complexity",
    },
    # one row per ticket: its creation day; "team" matches any team that touched the ticket
    "tickets": {
        "day": "created_day",
        "team": "list_has_any(teams, $f_teams)",
        "channel": "channel",
        "category": "category",
        "complexity": "complexity",
    },
    # one row per hand-off: its day; "team" matches the sending or the receiving team
    "handoffs": {
        "day": "day",
        "team": "(from_team = ANY($f_teams) OR to_team = ANY($f_teams))",
        "channel": "channel",
        "category": "category",
        "complexity": "complexity",
    },
}


@dataclass(frozen=True)
class Filters:
    """What the reader narrowed the data to; empty tuples and ``None`` mean "everything".

    Attributes
    ----------
    start, end : first and last day (inclusive) in the policy's reporting timezone
    teams, channels, categories, complexities : values to keep (any of them)
    """

    start: date | None = None
    end: date | None = None
    teams: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    complexities: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("teams", "channels", "categories", "complexities"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise ValueError(f"filter {name} must be a list of values, not the text {value!r}")
            object.__setattr__(self, name, tuple(str(v) for v in value))
        bad = [c for c in self.channels if c not in CHANNELS]
        if bad:
            raise ValueError(f"unknown channel(s) {bad}; expected any of {list(CHANNELS)}")
        bad = [c for c in self.complexities if c not in COMPLEXITIES]
        if bad:
            raise ValueError(f"unknown complexity {bad}; expected any of {list(COMPLEXITIES)}")
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"date range starts ({self.start}) after it ends ({self.end})")

    @property
    def active(self) -> bool:
        """True when anything is narrowed down."""
        return self != Filters()

    def without_dates(self) -> Filters:
        """The same filters over the whole time span (e.g. for the backlog open right now)."""
        return replace(self, start=None, end=None)

    def previous_period(self) -> Filters | None:
        """The same filters over the equally long period just before; None without a full range."""
        if self.start is None or self.end is None:
            return None
        days = (self.end - self.start).days + 1
        return replace(self, start=self.start - timedelta(days=days), end=self.start - timedelta(days=1))

    def describe(self) -> str:
        """One line for captions: ``"2026-03-01 to 2026-03-31 · team L1 · channel chat"``."""
        parts = []
        if self.start or self.end:
            parts.append(f"{self.start or 'start'} to {self.end or 'end'}")
        for label, values in (
            ("team", self.teams),
            ("channel", self.channels),
            ("category", self.categories),
            ("complexity", self.complexities),
        ):
            if values:
                parts.append(f"{label} {', '.join(values)}")
        return " · ".join(parts) if parts else "all data"


def where(filters: Filters | None, scope: str = "clocks") -> tuple[str, dict]:
    """SQL predicate and bound parameters for ``filters`` on the relation kind ``scope``.

    Parameters
    ----------
    filters : the reader's filters (None: no filter)
    scope : ``"clocks"``, ``"tickets"`` or ``"handoffs"`` (which columns the filters apply to)

    Returns
    -------
    (str, dict)
        A predicate such as ``"day >= $f_start AND channel = ANY($f_channels)"`` (``"TRUE"`` when
        nothing is filtered) and the parameters it names.
    """
    cols = _SCOPES[scope]
    f = filters or Filters()
    parts: list[str] = []
    params: dict = {}
    if f.start is not None:
        parts.append(f"{cols['day']} >= $f_start")
        params["f_start"] = f.start
    if f.end is not None:
        parts.append(f"{cols['day']} <= $f_end")
        params["f_end"] = f.end
    if f.teams:
        parts.append(cols["team"])
        params["f_teams"] = list(f.teams)
    for name, key in (("channels", "channel"), ("categories", "category"), ("complexities", "complexity")):
        values = getattr(f, name)
        if values:
            parts.append(f"{cols[key]} = ANY($f_{name})")
            params[f"f_{name}"] = list(values)
    return (" AND ".join(parts) if parts else "TRUE"), params
