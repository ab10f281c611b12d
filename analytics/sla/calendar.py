"""Business calendars and a vectorised business-time engine.

A :class:`Calendar` says when a support team is open: weekly hours in the local
wall-clock time of an IANA timezone, minus a country's public holidays (the
``holidays`` package) and extra closed dates -- or always open (24/7).

Definition (checked by a brute-force oracle in the tests): an instant ``t`` is
open iff the calendar is 24/7, or, with ``(d, w)`` the local date and wall time
of ``t``, ``d`` is neither a holiday nor a closed date and ``w`` lies in one of
the half-open ranges ``[a, b)`` of ``d``'s weekday.  So a fall-back hour whose
wall time is in range is open twice, and skipped spring-forward wall times add
nothing.  An overnight item ``"Mon-Fri 22:00-06:00"`` is stored as 22:00-24:00
on Mon..Fri plus 00:00-06:00 on Tue..Sat: the morning part belongs to the
*following* local date, whose holiday status is the one that counts.

The business-time engine: :meth:`Calendar.intervals` materialises the open set as an
:class:`~analytics.sla.intervals.IntervalTable` (UTC epoch microseconds plus a running total),
which answers "open time between a and b" and "a plus N open seconds" for millions of rows via
``np.searchsorted``.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import itertools
import re
import zoneinfo
from dataclasses import dataclass

import holidays
import numpy as np

from analytics.sla.intervals import NOT_REACHED, IntervalTable, to_us

__all__ = ["NOT_REACHED", "WEEKDAYS", "Calendar", "IntervalTable", "open_seconds", "parse_weekdays"]

#: Weekday names as policy and scenario files write them, Monday first (index = ``date.weekday()``).
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


_US = 1_000_000
_DAY_S = 86_400
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
_PAD_S = 2 * _DAY_S
# Offsets are probed this often when searching for DST transitions; no real zone
# has two transitions within 6 hours, so none can slip between two probes.
_PROBE_S = 6 * 3600
_DAYS = tuple(d.lower() for d in WEEKDAYS)
_SPEC_KEYS = ("timezone", "hours", "holidays", "holiday_subdiv", "closed_dates")
_FORM = "'Mon-Fri 09:00-18:00'"
_ITEM_RE = re.compile(r"^\s*(?P<days>\D+?)\s+(?P<start>\d{1,2}):(?P<sm>\d{2})\s*-\s*(?P<end>\d{1,2}):(?P<em>\d{2})\s*$")


@functools.lru_cache(maxsize=512)
def _holiday_dates(country: str, subdiv: str | None, year: int) -> frozenset[_dt.date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=year).keys())


def _offset_s(tz: zoneinfo.ZoneInfo, u: int) -> int:
    return int(_dt.datetime.fromtimestamp(u, tz).utcoffset().total_seconds())


def _offset_segments(tz: zoneinfo.ZoneInfo, u0: int, u1: int) -> list[tuple[int, int, int]]:
    """Split ``[u0, u1)`` (UTC seconds) into ``(start, end, offset)`` pieces of constant offset."""
    segments, seg_start, cur, lo = [], u0, _offset_s(tz, u0), u0
    while lo < u1:
        probe = min(lo + _PROBE_S, u1)
        while _offset_s(tz, probe) != cur:
            hi = probe  # bisect to the first second whose offset differs from `cur`
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if _offset_s(tz, mid) == cur else (lo, mid)
            segments.append((seg_start, hi, cur))
            seg_start, lo, cur = hi, hi, _offset_s(tz, hi)
        lo = probe
    segments.append((seg_start, u1, cur))
    return segments


@dataclass(frozen=True)
class Calendar:
    """When a support team is open; the module docstring defines the semantics.

    Attributes
    ----------
    name, timezone : str
        Calendar name (for messages) and IANA timezone of the weekly hours.
    always_open : bool
        24/7; weekly hours and holidays are then ignored.
    weekly : tuple
        Mon..Sun, each a sorted tuple of non-overlapping local wall-time ranges
        ``(start_minute, end_minute)`` meaning ``[start, end)``.
    holiday_country, holiday_subdiv, closed_dates
        Public holidays from the ``holidays`` package, plus extra closed dates.
    """

    name: str
    timezone: str = "UTC"
    always_open: bool = False
    weekly: tuple[tuple[tuple[int, int], ...], ...] = ()
    holiday_country: str | None = None
    holiday_subdiv: str | None = None
    closed_dates: frozenset[_dt.date] = frozenset()

    def __post_init__(self) -> None:
        who = f"calendar {self.name!r}"
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
            close = difflib.get_close_matches(str(self.timezone), zoneinfo.available_timezones(), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(
                f"{who}: unknown timezone {self.timezone!r}{hint}; expected an IANA name such as 'Europe/Amsterdam'"
            ) from None
        if self.holiday_country is not None:
            country, supported = str(self.holiday_country).upper(), holidays.list_supported_countries()
            if country not in supported:
                raise ValueError(
                    f"{who}: unknown holiday country {self.holiday_country!r}; expected a code "
                    "known to the 'holidays' package, e.g. 'NL', 'DE', 'US', 'CA'"
                )
            object.__setattr__(self, "holiday_country", country)
            try:
                _holiday_dates(country, self.holiday_subdiv, 2000)
            except NotImplementedError:
                raise ValueError(
                    f"{who}: unknown holiday subdivision {self.holiday_subdiv!r} of {country}; "
                    f"expected one of {', '.join(supported[country]) or '(none)'}"
                ) from None
        elif self.holiday_subdiv is not None:
            raise ValueError(f"{who}: holiday_subdiv {self.holiday_subdiv!r} needs a holiday country")
        dates = frozenset(self.closed_dates)
        if any(type(d) is not _dt.date for d in dates):
            raise ValueError(f"{who}: closed_dates must be datetime.date values, got {sorted(map(repr, dates))}")
        object.__setattr__(self, "closed_dates", dates)
        try:
            weekly = tuple(tuple((int(a), int(b)) for a, b in day) for day in self.weekly)
        except (TypeError, ValueError):
            raise ValueError(f"{who}: weekly must be 7 tuples of (start_minute, end_minute) pairs") from None
        if weekly and len(weekly) != 7:
            raise ValueError(f"{who}: weekly must have 7 entries (Mon..Sun), got {len(weekly)}")
        for day, ranges in zip(_DAYS, weekly):
            if any(not 0 <= a < b <= 1440 for a, b in ranges) or any(
                b0 > a1 for (_, b0), (a1, _) in itertools.pairwise(ranges)
            ):
                raise ValueError(
                    f"{who}: bad {day.title()} ranges {ranges!r}; expected sorted, non-overlapping "
                    "(start_minute, end_minute) pairs with 0 <= start < end <= 1440"
                )
        object.__setattr__(self, "weekly", weekly)
        if not self.always_open and not any(weekly):
            raise ValueError(f"{who}: no open hours; give hours like {_FORM} or '24/7'")

    @classmethod
    def from_spec(cls, name: str, spec: dict) -> Calendar:
        """Build a calendar from a dict parsed from TOML.

        Parameters
        ----------
        name : str
            Calendar (team) name, used in error messages.
        spec : dict
            ``hours``: ``"24/7"`` or a list of items ``"<days> HH:MM-HH:MM"``
            where days is ``Mon``, ``Mon-Fri`` (may wrap, ``Fri-Mon``) or
            ``Mon,Wed,Fri``; an end of ``24:00`` is allowed and an end before
            the start means overnight; a string counts as a one-item list and
            items for the same day are united.  Optional: ``timezone`` (default
            UTC), ``holidays`` (country code), ``holiday_subdiv`` and
            ``closed_dates`` (``"YYYY-MM-DD"`` strings or TOML dates).

        Returns
        -------
        Calendar

        Raises
        ------
        ValueError
            Naming the calendar, the bad value and the expected form.
        """
        who = f"calendar {name!r}"
        if not isinstance(spec, dict):
            raise ValueError(f"{who}: expected a table of settings, got {spec!r}")
        unknown = sorted(set(spec) - set(_SPEC_KEYS))
        if unknown:
            raise ValueError(f"{who}: unknown key(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(_SPEC_KEYS)}")
        hours = spec.get("hours")
        items = [hours] if isinstance(hours, str) else hours
        if not isinstance(items, (list, tuple)) or not all(isinstance(h, str) for h in items):
            raise ValueError(f"{who}: 'hours' must be '24/7' or a list of strings like {_FORM}, got {hours!r}")
        always = [h.strip() for h in items] == ["24/7"]
        per_day: list[list[tuple[int, int]]] = [[] for _ in range(7)]
        for item in [] if always else items:
            for day, rng in _parse_hours_item(who, item):
                per_day[day].append(rng)
        closed = set()
        for d in spec.get("closed_dates", ()):
            try:  # TOML turns bare 2026-12-24 into a date; quoted ones stay strings
                closed.add(d if type(d) is _dt.date else _dt.date.fromisoformat(d))
            except (TypeError, ValueError):
                raise ValueError(f"{who}: closed date {d!r} is not of the form 'YYYY-MM-DD'") from None
        country = spec.get("holidays")
        if country is not None and not isinstance(country, str):
            raise ValueError(f"{who}: 'holidays' must be a country code such as 'NL', got {country!r}")
        return cls(
            name=name,
            timezone=spec.get("timezone", "UTC"),
            always_open=always,
            weekly=() if always else tuple(_union(r) for r in per_day),
            holiday_country=country or None,
            holiday_subdiv=spec.get("holiday_subdiv"),
            closed_dates=frozenset(closed),
        )

    def closed_dates_in(self, first_year: int, last_year: int) -> set[_dt.date]:
        """Local dates on which the calendar is closed all day: public holidays and closed dates.

        Parameters
        ----------
        first_year, last_year : int
            The years whose public holidays count (both included); ``closed_dates`` all count.

        Returns
        -------
        set of datetime.date
            Ignores ``always_open`` (a 24/7 calendar's callers skip holidays themselves).
        """
        closed = set(self.closed_dates)
        if self.holiday_country:
            for year in range(first_year, last_year + 1):
                closed |= _holiday_dates(self.holiday_country, self.holiday_subdiv, year)
        return closed

    def _closed_days(self, first_day: int, last_day: int) -> set[int]:
        """Closed local dates, as day numbers since 1970-01-01."""
        y0, y1 = (_dt.date.fromordinal(_EPOCH_ORDINAL + d).year for d in (first_day, last_day))
        return {d.toordinal() - _EPOCH_ORDINAL for d in self.closed_dates_in(y0, y1)}

    def intervals(self, start: _dt.datetime, end: _dt.datetime) -> IntervalTable:
        """Open intervals covering ``[start, end]``, padded by two days each side.

        Parameters
        ----------
        start, end : datetime.datetime
            Timezone-aware bounds, ``start <= end``.

        Returns
        -------
        IntervalTable
            Sorted, merged UTC intervals; one padded interval when 24/7.
        """
        if start.utcoffset() is None or end.utcoffset() is None:
            raise ValueError("Calendar.intervals: start and end must be timezone-aware")
        if start > end:
            raise ValueError(f"Calendar.intervals: start {start} is after end {end}")
        u0 = (start - _EPOCH) // _dt.timedelta(seconds=1) - _PAD_S
        u1 = -((_EPOCH - end) // _dt.timedelta(seconds=1)) + _PAD_S  # ceil
        if self.always_open:
            return IntervalTable.from_bounds([u0 * _US], [u1 * _US])
        segments = _offset_segments(zoneinfo.ZoneInfo(self.timezone), u0, u1)
        closed = self._closed_days((u0 + segments[0][2]) // _DAY_S, (u1 + segments[-1][2]) // _DAY_S)
        starts, ends = [], []
        # Within a constant-offset segment wall time is UTC + offset, so a local
        # date's ranges map to UTC by subtracting the offset.  Clipping to the
        # segment is what makes a repeated fall-back hour count twice and a
        # spring-forward gap count zero.  One loop step per local day.
        for s0, s1, off in segments:
            w0, w1 = s0 + off, s1 + off
            for day in range(w0 // _DAY_S, (w1 - 1) // _DAY_S + 1):
                if day in closed:
                    continue
                base = day * _DAY_S
                for a, b in self.weekly[(day + 3) % 7]:  # 1970-01-01 was a Thursday
                    lo, hi = max(base + a * 60, w0), min(base + b * 60, w1)
                    if lo < hi:
                        starts.append(lo - off)
                        ends.append(hi - off)
        return IntervalTable.from_bounds(np.array(starts, np.int64) * _US, np.array(ends, np.int64) * _US)


def _parse_hours_item(who: str, item: str) -> list[tuple[int, tuple[int, int]]]:
    """``"Mon-Fri 22:00-06:00"`` -> ``[(weekday, (start_min, end_min)), ...]``."""
    m = _ITEM_RE.match(item)
    if not m:
        raise ValueError(f"{who}: hours item {item!r} is not of the form {_FORM}")
    days = _parse_days(who, item, m["days"])
    start, end = (int(m[h]) * 60 + int(m[mm]) for h, mm in (("start", "sm"), ("end", "em")))
    for label, minute, mm, top in (("start", start, m["sm"], 1439), ("end", end, m["em"], 1440)):
        if minute > top or int(mm) > 59:
            raise ValueError(
                f"{who}: hours item {item!r} has invalid {label} time "
                f"'{m[label]}:{mm}'; expected HH:MM from 00:00 to 24:00"
            )
    if start == end:
        raise ValueError(f"{who}: hours item {item!r} is an empty range; use 00:00-24:00 for a whole day")
    if start < end:
        return [(d, (start, end)) for d in days]
    # Overnight: the morning part is attached to the next weekday (see module docstring).
    return [(d, (start, 1440)) for d in days] + [((d + 1) % 7, (0, end)) for d in days if end > 0]


def parse_weekdays(text: str) -> list[int]:
    """Weekday numbers (Mon = 0) of a day list as policy hours and scenario shifts write it.

    Parameters
    ----------
    text : str
        ``"Mon"``, a range ``"Mon-Fri"`` (may wrap: ``"Fri-Mon"``) or a list ``"Mon,Wed,Fri"`` of
        either, in 3-letter English names of any case; whitespace is ignored.

    Returns
    -------
    list of int
        Sorted, without repeats.

    Raises
    ------
    ValueError
        For anything else; the caller's message says where and what form is expected.
    """
    days: set[int] = set()
    for part in re.sub(r"\s+", "", text).lower().split(","):
        bounds = part.split("-")
        if len(bounds) > 2 or not all(b in _DAYS for b in bounds):
            raise ValueError(f"unknown day(s) {text.strip()!r}")
        a, b = _DAYS.index(bounds[0]), _DAYS.index(bounds[-1])
        days.update((a + k) % 7 for k in range((b - a) % 7 + 1))
    return sorted(days)


def _parse_days(who: str, item: str, text: str) -> list[int]:
    try:
        return parse_weekdays(text)
    except ValueError:
        raise ValueError(
            f"{who}: hours item {item!r} has unknown day(s) {text.strip()!r}; expected "
            "3-letter English names like 'Mon', a range 'Mon-Fri' or a list 'Mon,Wed,Fri'"
        ) from None


def _union(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[list[int]] = []
    for a, b in sorted(ranges):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)


def open_seconds(calendar: Calendar, starts, ends) -> np.ndarray:
    """Open (business) seconds in ``[start, end)`` for paired instants.

    Parameters
    ----------
    calendar : Calendar
    starts, ends : array_like
        numpy ``datetime64`` (UTC), pandas Series/Index of tz-aware timestamps
        (naive ones are taken as UTC) or int64 epoch microseconds.

    Returns
    -------
    np.ndarray
        float64 seconds; 0 where ``end < start``, NaN where either side is NaT.
        One table is built for the overall range; rows are then vectorised.
    """
    s, e = np.broadcast_arrays(to_us(starts), to_us(ends))
    valid = (s != NOT_REACHED) & (e != NOT_REACHED)
    all_valid = bool(valid.all())
    if not all_valid:
        s, e = s[valid], e[valid]
    out = np.full(valid.shape, np.nan)
    if s.size == 0:
        return out
    lo, hi = (_EPOCH + _dt.timedelta(microseconds=int(v)) for v in (min(s.min(), e.min()), max(s.max(), e.max())))
    secs = calendar.intervals(lo, hi).open_between(s, e) / _US
    if all_valid:
        return secs
    out[valid] = secs
    return out
